/**
 * Endpoints that exist only under `npm start`: the built-in issuer's JWKS, the UI's
 * config, and windows into the stand-ins (outbox, bus, workflow runs, schedules).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { listOutbox } from '../shared/adapters/outbox-mailer';
import type { LocalEventBus } from './event-bus';
import type { createLocalScheduler } from './scheduler';
import type { LocalEndpoint } from './server';
import type { LocalStepFunctions } from './step-functions';

export function localOnlyEndpoints(parts: {
  jwks: { keys: JWK[] };
  outboxDir: string;
  bus: LocalEventBus;
  stepFunctions: LocalStepFunctions;
  scheduler: ReturnType<typeof createLocalScheduler>;
}): LocalEndpoint {
  return async (request, url) => {
    if (request.method !== 'GET') return undefined;
    switch (url.pathname) {
      case '/.well-known/jwks.json':
        return json(parts.jwks);
      case '/config.json':
        return json({ apiUrl: '', authMode: 'local', localOutbox: true });
      case '/_local/outbox':
        return json(await listOutbox(parts.outboxDir));
      case '/_local/executions':
        return json(parts.stepFunctions.executions);
      case '/_local/schedules':
        return json(parts.scheduler.pending());
      case '/_local/events':
        return json({ recent: parts.bus.history.slice(-100).reverse(), deadLetters: parts.bus.deadLetters });
    }
    const eml = /^\/_local\/outbox\/([0-9A-Z]{26})\.eml$/.exec(url.pathname);
    if (!eml) return undefined;
    const body = await readFile(join(parts.outboxDir, `${eml[1]}.eml`)).catch(() => undefined);
    return body ? { statusCode: 200, headers: { 'content-type': 'message/rfc822' }, body: body.toString('base64'), isBase64Encoded: true } : undefined;
  };
}

const json = (body: unknown) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});
