/** RFC 9457 problem details as the API sends them, plus helpers the forms use. */
export interface FieldProblem {
  name: string;
  pointer: string;
  detail: string;
}
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
}

export function toProblem(status: number, body: unknown, statusText = ''): Problem {
  if (body && typeof body === 'object' && typeof (body as Problem).title === 'string') {
    const p = body as Problem;
    const errors = Array.isArray(p.errors)
      ? p.errors.filter((e): e is FieldProblem => !!e && typeof e === 'object' && typeof e.detail === 'string')
      : undefined;
    return { type: String(p.type ?? 'about:blank'), title: p.title, status: Number(p.status) || status, detail: typeof p.detail === 'string' ? p.detail : undefined, errors };
  }
  return { type: 'about:blank', title: statusText || defaultTitle(status), status };
}

function defaultTitle(status: number): string {
  if (status === 0) return 'Could not reach the server';
  if (status >= 500) return 'The server had a problem';
  return `Request failed (${status})`;
}

/** The field an error belongs to: its `name`, else the first segment of its JSON pointer. */
export function fieldOf(error: FieldProblem): string {
  if (error.name) return error.name;
  // Accepts both JSON Pointer ("/email") and its URI fragment form ("#/email").
  const first = (error.pointer ?? '').replace(/^#/, '').split('/').filter(Boolean)[0] ?? '';
  return first.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Splits a problem's errors into those a form can show next to one of its fields and the
 * rest, which belong in the banner.
 */
export function splitFieldErrors(problem: Problem, fields: readonly string[]): { byField: Map<string, string[]>; other: string[] } {
  const byField = new Map<string, string[]>();
  const other: string[] = [];
  for (const error of problem.errors ?? []) {
    const field = fieldOf(error);
    // A nested error (custom.budget.amount, opportunity.closeDate) belongs to the closest field that holds it.
    const holder = fields.includes(field) ? field : fields.filter((f) => field.startsWith(`${f}.`)).sort((a, b) => b.length - a.length)[0];
    if (holder !== undefined) byField.set(holder, [...(byField.get(holder) ?? []), error.detail]);
    else other.push(field ? `${field}: ${error.detail}` : error.detail);
  }
  return { byField, other };
}

/** The sentence a banner shows for a problem. */
export function describe(problem: Problem): string {
  return problem.detail && problem.detail !== problem.title ? `${problem.title}: ${problem.detail}` : problem.title;
}

/**
 * The API words field errors to follow the field's name ("is required", "must be an email
 * address"); those get the label in front. Whole sentences are shown as they are.
 */
export function fieldMessage(label: string, detail: string): string {
  return /^[a-z]/.test(detail) ? `${label} ${detail}` : detail;
}
