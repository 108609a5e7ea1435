/** Hash routes, so the only UI paths the server must know are `/`, `/app.js`, `/app.css` and `/config.json`. */
export const ADMIN_PAGES = ['users', 'profiles', 'roles', 'groups', 'org-defaults', 'sharing', 'custom-fields', 'pipelines', 'scoring', 'audit', 'workflows', 'email-templates', 'task-templates', 'webhooks', 'forms'] as const;
export type AdminPage = (typeof ADMIN_PAGES)[number];
/** Admin pages of workflow automation: the manageWorkflows privilege opens them, not administer. */
export const AUTOMATION_PAGES: readonly AdminPage[] = ['workflows', 'email-templates', 'task-templates', 'webhooks', 'forms'];

export type Route =
  | { name: 'login' }
  | { name: 'accounts'; query: URLSearchParams }
  | { name: 'accountNew' }
  | { name: 'account'; id: string }
  | { name: 'contacts'; query: URLSearchParams }
  | { name: 'contactNew'; accountId?: string }
  | { name: 'contact'; id: string }
  | { name: 'leads'; query: URLSearchParams }
  | { name: 'leadNew' }
  | { name: 'lead'; id: string }
  | { name: 'leadConvert'; id: string }
  /** the merge screen: `id` is kept, `duplicateId` merged into it */
  | { name: 'merge'; type: 'lead' | 'contact'; id: string; duplicateId: string }
  | { name: 'opportunities'; query: URLSearchParams }
  | { name: 'opportunityNew'; accountId?: string }
  | { name: 'opportunity'; id: string }
  | { name: 'pipeline'; pipelineId?: string; query: URLSearchParams }
  | { name: 'activities'; query: URLSearchParams }
  | { name: 'calendar'; query: URLSearchParams }
  | { name: 'outbox' }
  /** the CSV import page; `?entity=leads|contacts` picks what the rows become */
  | { name: 'imports'; query: URLSearchParams }
  /** one import's progress and rows; `?outcome=` filters the rows */
  | { name: 'import'; id: string; query: URLSearchParams }
  | { name: 'noAccess' }
  /** `id`: a user, profile, workflow or form id, or 'new'; only those pages have sub-pages. `sub`: 'runs' (a workflow's run history), 'submissions' (a form's). */
  | { name: 'admin'; page: AdminPage; id?: string; sub?: 'runs' | 'submissions'; query: URLSearchParams }
  | { name: 'notFound'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const parts = pathPart.split('/').filter(Boolean).map(safeDecode);
  const [section, id, extra] = parts;
  const notFound: Route = { name: 'notFound', path: pathPart };
  if (parts.length === 0) return { name: 'accounts', query };
  if (section === 'admin') return parseAdmin(parts.slice(1), query) ?? notFound;
  const sub = parseSubpage(parts);
  if (sub) return sub;
  if (extra !== undefined) return notFound;
  switch (section) {
    case 'login':
      return id === undefined ? { name: 'login' } : notFound;
    case 'outbox':
      return id === undefined ? { name: 'outbox' } : notFound;
    case 'no-access':
      return id === undefined ? { name: 'noAccess' } : notFound;
    case 'accounts':
      if (id === undefined) return { name: 'accounts', query };
      return id === 'new' ? { name: 'accountNew' } : { name: 'account', id };
    case 'contacts': {
      if (id === undefined) return { name: 'contacts', query };
      if (id !== 'new') return { name: 'contact', id };
      const accountId = query.get('accountId') || undefined;
      return accountId ? { name: 'contactNew', accountId } : { name: 'contactNew' };
    }
    case 'leads':
      if (id === undefined) return { name: 'leads', query };
      return id === 'new' ? { name: 'leadNew' } : { name: 'lead', id };
    case 'opportunities': {
      if (id === undefined) return { name: 'opportunities', query };
      if (id !== 'new') return { name: 'opportunity', id };
      const accountId = query.get('accountId') || undefined;
      return accountId ? { name: 'opportunityNew', accountId } : { name: 'opportunityNew' };
    }
    case 'pipeline':
      return id === undefined ? { name: 'pipeline', query } : { name: 'pipeline', pipelineId: id, query };
    case 'activities':
      return id === undefined ? { name: 'activities', query } : notFound;
    case 'imports':
      return id === undefined ? { name: 'imports', query } : { name: 'import', id, query };
    case 'calendar':
      return id === undefined ? { name: 'calendar', query } : notFound;
    default:
      return notFound;
  }
}

/** Pages below a record: /leads/{id}/convert, /leads/{id}/merge/{other}, /contacts/{id}/merge/{other}. */
function parseSubpage(parts: string[]): Route | null {
  const [section, id, action, other, ...rest] = parts;
  if (!id || rest.length) return null;
  if (section === 'leads' && action === 'convert' && other === undefined) return { name: 'leadConvert', id };
  if ((section === 'leads' || section === 'contacts') && action === 'merge' && other) return { name: 'merge', type: section === 'leads' ? 'lead' : 'contact', id, duplicateId: other };
  return null;
}

function parseAdmin(parts: string[], query: URLSearchParams): Route | null {
  const [page = 'users', id, extra, more] = parts;
  if (more !== undefined || !(ADMIN_PAGES as readonly string[]).includes(page)) return null;
  if (id !== undefined && page !== 'users' && page !== 'profiles' && page !== 'workflows' && page !== 'forms') return null;
  if (extra !== undefined) {
    if (id === 'new') return null;
    if (page === 'workflows' && extra === 'runs') return { name: 'admin', page, id: id!, sub: 'runs', query };
    if (page === 'forms' && extra === 'submissions') return { name: 'admin', page, id: id!, sub: 'submissions', query };
    return null;
  }
  return id === undefined ? { name: 'admin', page: page as AdminPage, query } : { name: 'admin', page: page as AdminPage, id, query };
}

export function href(path: string, query?: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value) params.set(key, value);
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
