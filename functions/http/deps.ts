/**
 * What handlers need from the environment, built once per Lambda container (lazily, so
 * a function that never touches the table pays nothing for it at init).
 */
import { databaseFromEnv, type Database } from '../../shared/platform/database';

let database: Database | undefined;

export const db = (): Database => (database ??= databaseFromEnv());

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
