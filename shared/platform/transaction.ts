import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from './errors';

/** One write of a transaction (an ElectroDB `.params()` wrapped as Put/Delete/Update) and the error if its condition fails. */
export interface TransactionWrite {
  item: Record<string, unknown>;
  conflict: () => Error;
}

/** Writes all or nothing; a failed condition becomes that write's own error (409 stale version, email taken…). */
export async function transact(client: { send(command: TransactWriteCommand): Promise<unknown> }, writes: TransactionWrite[]) {
  try {
    await client.send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.item) }));
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if (!reasons) throw error;
    const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
    if (failed >= 0) throw writes[failed]!.conflict();
    throw new ConflictError('The change could not be saved because of a concurrent change; try again');
  }
}
