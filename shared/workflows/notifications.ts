/** A user's notifications from workflows ("notify a user"): newest first, one Query a page. */
import type { Database } from '../platform/database';
import { isConditionFailure } from '../platform/errors';
import { nowIso } from '../platform/ids';
import { keyPage } from '../platform/key-page';

export async function listNotifications(db: Database, recipientId: string, page: { limit: number; cursor?: string }) {
  const entity = db.entities.notification;
  const query = { ...entity.query.byRecipient({ recipientId }).params(), ScanIndexForward: false };
  const result = await keyPage({ client: db.documentClient, query, limit: page.limit, cursor: page.cursor });
  const items = entity.parse({ Items: result.items }).data.map(({ notificationId, message, recordType, recordId, workflowId, createdAt, readAt }) => ({
    notificationId,
    message,
    recordType,
    recordId,
    workflowId,
    createdAt,
    readAt,
  }));
  return { items, cursor: result.cursor };
}

/** False when the user has no such notification (someone else's is not theirs to mark). */
export async function markNotificationRead(db: Database, recipientId: string, notificationId: string): Promise<boolean> {
  try {
    await db.entities.notification.patch({ recipientId, notificationId }).set({ readAt: nowIso() }).go({ response: 'none' });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
