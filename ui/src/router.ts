/** Hash routes, so the only UI paths the server must know are `/`, `/app.js`, `/app.css` and `/config.json`. */
export type Route =
  | { name: 'login' }
  | { name: 'accounts'; query: URLSearchParams }
  | { name: 'accountNew' }
  | { name: 'account'; id: string }
  | { name: 'contacts'; query: URLSearchParams }
  | { name: 'contactNew'; accountId?: string }
  | { name: 'contact'; id: string }
  | { name: 'outbox' }
  | { name: 'notFound'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const parts = pathPart.split('/').filter(Boolean).map(safeDecode);
  const [section, id, extra] = parts;
  if (parts.length === 0) return { name: 'accounts', query };
  if (extra !== undefined) return { name: 'notFound', path: pathPart };
  switch (section) {
    case 'login':
      return id === undefined ? { name: 'login' } : { name: 'notFound', path: pathPart };
    case 'outbox':
      return id === undefined ? { name: 'outbox' } : { name: 'notFound', path: pathPart };
    case 'accounts':
      if (id === undefined) return { name: 'accounts', query };
      return id === 'new' ? { name: 'accountNew' } : { name: 'account', id };
    case 'contacts': {
      if (id === undefined) return { name: 'contacts', query };
      if (id !== 'new') return { name: 'contact', id };
      const accountId = query.get('accountId') || undefined;
      return accountId ? { name: 'contactNew', accountId } : { name: 'contactNew' };
    }
    default:
      return { name: 'notFound', path: pathPart };
  }
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
