import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { routes } from '../../functions/http/routes';
import { routeKey } from '../../functions/http/route';
import { defaultSettings } from '../../shared/access/default-settings';
import { RECORD_TYPES } from '../../shared/access/record-types';
import { SYSTEM_PRIVILEGES } from '../../shared/access/settings';
import { buildOpenApiDocument } from '../../functions/platform/openapi';
import { httpFunctions } from '../../functions/groups';
import { createHttpHandler } from '../../functions/http/http-handler';
import { crmRoutes } from '../../functions/http/routes/crm';

// Every HTTP function's operations, loaded from the entry CDK deploys, so a new group is checked too.
const implemented: Record<string, Record<string, unknown>> = Object.fromEntries(
  await Promise.all(
    Object.entries(httpFunctions).map(async ([group, { entry }]) => [group, ((await import(/* @vite-ignore */ resolve(entry))) as { operations: Record<string, unknown> }).operations] as const),
  ),
);

describe('the route table', () => {
  const administrator = defaultSettings().profiles.administrator!;
  it.each(routes.map((r) => [routeKey(r), r] as const))('%s declares a policy the policy layer knows', (_key, route) => {
    const permission = route.permission as { kind: string; reason?: string; recordType?: string; action?: string; privilege?: string };
    expect(permission, 'a route without a policy').toBeDefined();
    switch (permission.kind) {
      case 'public':
        expect(permission.reason!.length, 'a public route says why').toBeGreaterThan(10);
        break;
      case 'record':
        expect(RECORD_TYPES).toContain(permission.recordType);
        expect(administrator.records[permission.recordType as 'lead'], `administrator lacks ${permission.recordType}`).toContain(permission.action);
        break;
      case 'system':
        expect(SYSTEM_PRIVILEGES).toContain(permission.privilege);
        break;
      default:
        expect(permission.kind).toBe('authenticated');
    }
  });

  it('keeps only the documented public routes public', () => {
    const publicRoutes = routes.filter((r) => r.permission.kind === 'public').map(routeKey).sort();
    expect(publicRoutes).toEqual(
      [
        'GET /calendar/{userId}/feed.ics',
        'GET /health',
        'GET /openapi.json',
        'POST /auth/login',
        // the web-form intake: what visitors of a website fill in
        'GET /f/{formId}',
        'GET /f/{formId}/thanks',
        'GET /forms.js',
        'GET /public/forms/{formId}',
        'POST /public/forms/{formId}/submissions',
      ].sort(),
    );
  });

  it('lets only GET operations run ahead of the caller check (they run on a guess of the caller)', () => {
    expect(() => createHttpHandler('crm', {} as never, { routes: crmRoutes, readAhead: ['createContact'] })).toThrow(/only GET routes may run ahead/);
    expect(() => createHttpHandler('crm', {} as never, { routes: crmRoutes, readAhead: ['listContacts'] })).not.toThrow();
  });

  it('has unique route keys and operation ids', () => {
    expect(new Set(routes.map(routeKey)).size).toBe(routes.length);
    expect(new Set(routes.map((r) => r.operationId)).size).toBe(routes.length);
  });

  it('has a handler for every route in its function group, and none extra', () => {
    for (const [group, operations] of Object.entries(implemented)) {
      const declared = routes.filter((r) => r.fn === group).map((r) => r.operationId).sort();
      expect(Object.keys(operations).sort()).toEqual(declared);
    }
  });

  it('documents every route in the OpenAPI 3.1 document', () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe('3.1.0');
    for (const route of routes) {
      const operation = (doc.paths?.[route.path] as Record<string, { operationId: string }> | undefined)?.[route.method.toLowerCase()];
      expect(operation?.operationId, routeKey(route)).toBe(route.operationId);
    }
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(expect.arrayContaining(['Contact', 'Account', 'Problem']));
  });
});
