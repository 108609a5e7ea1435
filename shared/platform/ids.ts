import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

export const newId = (): string => nextUlid();
export const nowIso = (): string => new Date().toISOString();
