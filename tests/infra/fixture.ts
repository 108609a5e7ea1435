import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type CrmStacks } from '../../infra/crm-app';

/** Context as a deployer would pass it with -c; every optional feature switched on. */
export const deployContext = {
  region: 'eu-central-1',
  adminEmail: 'admin@example.com',
  sesIdentity: 'example.com',
  allowedOrigins: 'http://localhost:3000, https://crm.example.com/',
  alarmEmail: 'ops@example.com',
};

export type Templates = Record<keyof CrmStacks, Template>;
export type SynthesizedCrm = ReturnType<typeof synthCrm>;

/**
 * Builds and synthesizes the whole app once (bundling every function with esbuild).
 * A stand-in ui/dist keeps the test independent of whether the UI was built. CDK's
 * built-in template validation is off here for speed; `npx cdk synth` runs it.
 */
export function synthCrm() {
  const uiDist = mkdtempSync(join(tmpdir(), 'crm-ui-'));
  writeFileSync(join(uiDist, 'index.html'), '<!doctype html><title>CRM</title>');
  const built = buildApp({ context: deployContext, uiDist, cfnValidation: false });
  built.app.synth();
  const templates = Object.fromEntries(
    Object.entries(built.stacks).map(([key, stack]) => [key, Template.fromStack(stack)]),
  ) as Templates;
  return { ...built, templates };
}

/** Resources of one type as [logicalId, resource] pairs. */
export function resourcesOf(template: Template, type: string): [string, { Properties: Record<string, unknown> } & Record<string, unknown>][] {
  return Object.entries(template.findResources(type)) as [string, { Properties: Record<string, unknown> } & Record<string, unknown>][];
}
