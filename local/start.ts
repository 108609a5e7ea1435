/** `npm start`: the whole CRM on http://localhost:3000 with no AWS account and no Docker. */
import { JavaMissingError } from './dynamodb';
import { DEFAULT_ADMIN_PASSWORD, startCrm } from './runtime';
import { DEMO_PASSWORD } from './seed-demo';

const started = Date.now();
try {
  const crm = await startCrm({
    port: Number(process.env.PORT ?? 3000),
    dataDir: process.env.CRM_DATA_DIR ?? '.data',
    seedDemo: process.env.CRM_SEED_DEMO !== 'false',
    // e.g. CRM_WORKFLOW_WAIT_MS=5000: every workflow "wait" lasts 5 s, for demos
    workflowWaitMs: process.env.CRM_WORKFLOW_WAIT_MS ? Number(process.env.CRM_WORKFLOW_WAIT_MS) : undefined,
  });
  const passwordNote =
    crm.admin.password === DEFAULT_ADMIN_PASSWORD
      ? `password ${DEFAULT_ADMIN_PASSWORD} (the default; set CRM_ADMIN_PASSWORD before the first start to choose another)`
      : 'password from CRM_ADMIN_PASSWORD';
  console.log(
    [
      '',
      `  CRM running at ${crm.url}   (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  sign in as ${crm.admin.email}, ${crm.admin.created ? passwordNote : 'with the password set on first start'}`,
      crm.demoSeeded ? `  demo data: ${crm.demoSeeded} contacts in 3 accounts, 3 scored leads, 4 deals on the new-business board (CRM_SEED_DEMO=false skips it)` : '',
      ...crm.demoUsers.map((u) => `  demo user ${u.email.padEnd(28)} ${u.profile.padEnd(14)} password ${DEMO_PASSWORD}`),
      `  workflows: 2 ready-made examples (birthday email, purchase-anniversary thank-you) under Admin → Workflows; emails land in ${crm.outboxDir}`,
      `  data kept in ${crm.dataDir}; Ctrl-C stops everything`,
      '',
    ]
      .filter((line, i, all) => line || i === 0 || i === all.length - 1)
      .join('\n'),
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await crm.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
