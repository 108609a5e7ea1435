/**
 * Domain errors. They carry no HTTP types; the HTTP adapter maps each kind to a status
 * (functions/http/problem.ts).
 */
import type { z } from 'zod';
export interface FieldError {
  name: string;
  detail: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: 'not-found' | 'conflict' | 'validation' | 'unauthenticated' | 'forbidden' | 'unavailable';
  readonly fields: FieldError[];
  constructor(message: string, fields: FieldError[] = []) {
    super(message);
    this.name = new.target.name;
    this.fields = fields;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}
/** The record changed since the caller read it, or a unique value is taken. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}
export class ValidationError extends DomainError {
  readonly kind = 'validation';
}
export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}
/** A service the request depends on is out of reach for now; the same request may succeed shortly. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
}

/** DynamoDB refused a conditional write (raw SDK error, or wrapped by ElectroDB). */
export function isConditionFailure(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string }; message?: string };
  return (
    e?.name === 'ConditionalCheckFailedException' ||
    e?.cause?.name === 'ConditionalCheckFailedException' ||
    /conditional request failed/i.test(e?.message ?? '')
  );
}

/** One field error per zod issue, named by the path inside the part of the request. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = [...(issue.code === 'unrecognized_keys' ? [] : issue.path)].map(String).join('.');
    const name = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : path || prefix || 'body';
    const detail =
      issue.code === 'unrecognized_keys'
        ? `is not a known field`
        : issue.code === 'invalid_type' && issue.input === undefined
          ? 'is required'
          : issue.message;
    return { name: prefix && path ? `${prefix}.${name}` : name, detail };
  });
}
