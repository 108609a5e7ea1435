import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, fieldErrors, type FieldError } from '../../shared/platform/errors';
import type { Problem } from '../../shared/platform/schemas';

export { fieldErrors };

const TYPE_BASE = 'https://serverless-crm.dev/problems/';

const STATUS_OF: Record<DomainError['kind'], number> = {
  'not-found': 404,
  conflict: 409,
  validation: 422,
  unauthenticated: 401,
  forbidden: 403,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Invalid input',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** How long a client is asked to wait before repeating a request that met an outage. */
const RETRY_AFTER_SECONDS = '30';

/** An error the HTTP layer itself raises (malformed JSON, wrong method…). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly fields: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export function problemResponse(
  status: number,
  slug: string,
  detail: string | undefined,
  fields: FieldError[] = [],
  extra: { instance?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyStructuredResultV2 {
  const body: Problem = {
    type: TYPE_BASE + slug,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(fields.length ? { errors: fields.map((f) => ({ name: f.name, pointer: `#/${f.name.replaceAll('.', '/')}`, detail: f.detail })) } : {}),
  };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', ...extra.headers },
    body: JSON.stringify(body),
  };
}

/** Maps anything thrown by a handler to problem+json; only the unexpected become 500s. */
export function toProblem(error: unknown, instance?: string): { response: APIGatewayProxyStructuredResultV2; unexpected: boolean } {
  if (error instanceof HttpProblem) {
    return { response: problemResponse(error.status, error.slug, error.message, error.fields, { instance, headers: error.headers }), unexpected: false };
  }
  if (error instanceof DomainError) {
    const status = STATUS_OF[error.kind];
    const headers = status === 503 ? { 'retry-after': RETRY_AFTER_SECONDS } : undefined;
    return { response: problemResponse(status, error.kind, error.message, error.fields, { instance, headers }), unexpected: false };
  }
  return {
    response: problemResponse(500, 'internal', 'Something went wrong on our side; the request id identifies it in the logs', [], { instance }),
    unexpected: true,
  };
}
