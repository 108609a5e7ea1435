/** A form's submissions for the admin: newest first, one Query a page; by status on gsi2. */
import type { Database } from '../platform/database';
import { keyPage } from '../platform/key-page';
import type { Submission } from './schemas';

export async function listSubmissions(db: Database, formId: string, page: { limit: number; cursor?: string; status?: Submission['status'] }) {
  const entity = db.entities.formSubmission;
  const chain = page.status ? entity.query.byStatus({ formId, status: page.status }) : entity.query.byForm({ formId });
  const result = await keyPage({ client: db.documentClient, query: { ...chain.params(), ScanIndexForward: false }, limit: page.limit, cursor: page.cursor });
  const items = entity.parse({ Items: result.items }).data.map(({ snapshot: _snapshot, expiresAt: _expires, ...submission }) => submission as unknown as Submission);
  return { items, cursor: result.cursor };
}
