import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError } from './errors';

/** One write of a transaction (an ElectroDB `.params()` wrapped as Put/Delete/Update) and the error if its condition fails. */
export interface TransactionWrite {
  item: Record<string, unknown>;
  conflict: () => Error;
}

/** Attempts when DynamoDB cancels for a concurrent transaction on the same item (nothing was written). */
const CONFLICT_ATTEMPTS = 4;

/** Writes all or nothing; a failed condition becomes that write's own error (409 stale version, email taken…). */
export async function transact(client: { send(command: TransactWriteCommand): Promise<unknown> }, writes: TransactionWrite[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.item) }));
      return;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (!reasons) throw error;
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) throw writes[failed]!.conflict();
      // Another transaction held one of the items (a shared total): retrying is safe.
      if (reasons.some((r) => r.Code === 'TransactionConflict') && attempt < CONFLICT_ATTEMPTS) {
        await sleep(10 * 2 ** attempt * (0.5 + Math.random()));
        continue;
      }
      throw new ConflictError('The change could not be saved because of a concurrent change; try again');
    }
  }
}
