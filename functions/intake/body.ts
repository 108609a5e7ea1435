/**
 * The body of a public form submission, as a flat object: JSON (application/json, or
 * text/plain from the snippet, which sends no preflight) or an HTML form's urlencoded
 * fields (repeated names become lists). At most 64 KB, UTF-8 only.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem } from '../http/problem';

export const MAX_SUBMISSION_BYTES = 64 * 1024;

export type SubmissionFormat = 'json' | 'html-form';

export function readSubmission(event: APIGatewayProxyEventV2): { body: Record<string, unknown>; format: SubmissionFormat } {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_SUBMISSION_BYTES) throw new HttpProblem(413, 'too-large', `The submission is ${bytes.length} bytes; the limit is ${MAX_SUBMISSION_BYTES}`);
  const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpProblem(400, 'not-utf8', 'The submission is not UTF-8 text');
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const body: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const existing = body[key];
      body[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return { body, format: 'html-form' };
  }
  if (!/^(application\/([\w.+-]+\+)?json|text\/plain)\b/.test(contentType)) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Send the submission as application/json, text/plain (JSON) or application/x-www-form-urlencoded');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(400, 'malformed-json', `The submission is not valid JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpProblem(400, 'malformed-json', 'The submission must be a JSON object of field names and values');
  return { body: parsed as Record<string, unknown>, format: 'json' };
}
