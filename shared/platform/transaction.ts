import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError, isConditionFailure } from './errors';

/** One write of a transaction (an ElectroDB `.params()` wrapped as Put/Delete/Update) and the error if its condition fails. */
export interface TransactionWrite {
  item: Record<string, unknown>;
  conflict: () => Error;
}

/** Attempts when DynamoDB cancels for a concurrent transaction on the same item (nothing was written). */
const CONFLICT_ATTEMPTS = 4;

type Writer = { send(command: TransactWriteCommand | PutCommand | UpdateCommand | DeleteCommand): Promise<unknown> };

/**
 * A lone write needs no transaction: it is sent as itself, at half the write capacity
 * and without the transaction's locks (a form's view count, say).
 */
async function single(client: Writer, write: TransactionWrite): Promise<boolean> {
  const { Put, Update, Delete } = write.item as { Put?: PutCommand['input']; Update?: UpdateCommand['input']; Delete?: DeleteCommand['input'] };
  const command = Put ? new PutCommand(Put) : Update ? new UpdateCommand(Update) : Delete ? new DeleteCommand(Delete) : undefined;
  if (!command) return false;
  await client.send(command).catch((error: unknown) => {
    throw isConditionFailure(error) ? write.conflict() : error;
  });
  return true;
}

/** Writes all or nothing; a failed condition becomes that write's own error (409 stale version, email taken…). */
export async function transact(client: Writer, writes: TransactionWrite[]) {
  if (writes.length === 0) return;
  if (writes.length === 1 && (await single(client, writes[0]!))) return;
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
