/**
 * The public intake of web forms (no sign-in): the form as a page shows it, its hosted
 * page, the thank-you page, and submissions. Answers carry CORS headers only for the
 * form's allowed origins (and its own hosted page), errors included, so a page may read
 * them; a submission from any other origin is refused.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { acceptSubmission, activeForm, languageOf, publicForm, StaleForm } from '../../shared/forms/intake';
import type { Form } from '../../shared/forms/schemas';
import { DomainError, UnavailableError, ValidationError } from '../../shared/platform/errors';
import { withCaptchaCsp } from '../../web-forms/src/captcha';
import { renderHostedPage, renderNoticePage, renderThankYouPage } from '../../web-forms/src/pages';
import { createHttpHandler, RawResponse, type Operations } from '../http/http-handler';
import { HttpProblem, toProblem } from '../http/problem';
import { answersPage, routeKey } from '../http/route';
import { formRoutes } from '../http/routes/forms';
import { PREFIX_HEADER, servingRestApi } from '../http/rest-event';
import { db } from '../http/deps';
import { readSubmission } from './body';

const header = (event: APIGatewayProxyEventV2, name: string) => event.headers?.[name] ?? undefined;

/** The hosted page's own origin (what a browser on it sends as Origin). */
function hostOrigin(event: APIGatewayProxyEventV2): string {
  const protocol = header(event, 'x-forwarded-proto') ?? 'https';
  return `${protocol}://${event.requestContext.domainName}`;
}

/** Where this API answers, the base of the URLs it hands out: the origin, plus on a REST API the stage's path (`/prod`, see ../http/rest-event.ts). */
function ownOrigin(event: APIGatewayProxyEventV2): string {
  const prefix = header(event, PREFIX_HEADER) ?? '';
  return `${hostOrigin(event)}${/^(\/[\w.~-]+)+$/.test(prefix) ? prefix : ''}`;
}

function corsHeaders(event: APIGatewayProxyEventV2, form: Form | undefined): Record<string, string> {
  const origin = header(event, 'origin');
  if (!origin || !form) return {};
  if (origin !== hostOrigin(event) && !form.allowedOrigins.includes(origin)) return {};
  return { 'access-control-allow-origin': origin, vary: 'origin' };
}

const json = (status: number, body: unknown, headers: Record<string, string>) =>
  new RawResponse({ statusCode: status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) });
const html = (status: number, body: string, form?: Form) =>
  new RawResponse({
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // the pages need no script and no other origin, but the thank-you redirect's (browsers check form-action on it),
      // and a form with a CAPTCHA its provider's script and frames (web-forms/src/captcha.ts)
      'content-security-policy': withCaptchaCsp(
        { 'default-src': "'none'", 'style-src': "'unsafe-inline'", 'img-src': "'self' data:", 'form-action': `'self'${form && 'redirectUrl' in form.thankYou ? ` ${new URL(form.thankYou.redirectUrl).origin}` : ''}`, 'base-uri': "'none'", 'frame-ancestors': '*' },
        form?.captcha?.provider,
      ),
      'x-content-type-options': 'nosniff',
    },
    body,
  });

/** Errors as problem+json with the form's CORS headers, so the embedding page can show them. */
async function answering(event: APIGatewayProxyEventV2, form: () => Form | undefined, run: () => Promise<RawResponse>): Promise<RawResponse> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DomainError) && !(error instanceof HttpProblem)) throw error;
    const { response } = toProblem(error, event.requestContext?.requestId);
    return new RawResponse({ ...response, headers: { ...response.headers, ...corsHeaders(event, form()) } } as APIGatewayProxyStructuredResultV2);
  }
}

/** The tracking values a re-rendered page carries on. */
const trackingFields = (body: Record<string, unknown>) =>
  Object.fromEntries(['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', '_referrer', '_landing'].flatMap((k) => (typeof body[k] === 'string' ? [[k, body[k] as string]] : [])));

const submitUrl = (event: APIGatewayProxyEventV2, formId: string) => `${ownOrigin(event)}/public/forms/${formId}/submissions`;
const TRACKING_QUERY = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

export const operations: Operations<'intake'> = {
  publicForm: async ({ params, query, event }) => {
    let form: Form | undefined;
    return answering(event, () => form, async () => {
      form = await activeForm(db(), params.formId);
      return json(200, await publicForm(db(), form, { language: query.lang, submitUrl: submitUrl(event, form.formId) }), corsHeaders(event, form));
    });
  },

  submitForm: async ({ params, event }) => {
    let form: Form | undefined;
    const origin = header(event, 'origin');
    return answering(event, () => form, async () => {
      const { body, format } = readSubmission(event);
      const request = { body, idempotencyKey: header(event, 'idempotency-key'), sourceIp: event.requestContext.http?.sourceIp };
      const accept = async (cached: boolean) => {
        form = await activeForm(db(), params.formId, { cached });
        if (origin && origin !== 'null' && !Object.keys(corsHeaders(event, form)).length) {
          if (cached) throw new StaleForm(); // the origin may have been allowed since this container read the form
          throw new HttpProblem(403, 'origin-not-allowed', `The form does not accept submissions from ${origin}`);
        }
        return { form, accepted: await acceptSubmission(db(), form, request) };
      };
      let result;
      try {
        // the form as this container knows it (the write checks it still is so), else once more, freshly read
        result = await accept(true).catch((error: unknown) => (error instanceof StaleForm ? accept(false) : Promise.reject(error)));
      } catch (error) {
        // a page without JavaScript gets the form again, filled in, the problems beside their fields
        const refused = error instanceof ValidationError ? 422 : error instanceof UnavailableError ? 503 : undefined;
        if (!form || format !== 'html-form' || !refused) throw error;
        const language = languageOf(form, body._lang);
        const shown = await publicForm(db(), form, { language, submitUrl: submitUrl(event, form.formId), view: false });
        const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string' || Array.isArray(v))) as Record<string, string | string[]>;
        return html(refused, renderHostedPage(shown, { values, errors: (error as DomainError).fields, tracking: trackingFields(body) }), form);
      }
      const { accepted, form: sent } = result;
      const language = languageOf(sent, body._lang);
      const thanks = 'redirectUrl' in sent.thankYou ? sent.thankYou.redirectUrl : `${ownOrigin(event)}/f/${sent.formId}/thanks?lang=${language}`;
      if (format === 'html-form') return new RawResponse({ statusCode: 303, headers: { location: thanks, 'cache-control': 'no-store' } });
      const thankYou = 'redirectUrl' in sent.thankYou ? { redirectUrl: sent.thankYou.redirectUrl } : { message: sent.thankYou.message[language] ?? Object.values(sent.thankYou.message)[0] };
      return json(202, { submissionId: accepted.submissionId, ...thankYou }, corsHeaders(event, sent));
    });
  },

  hostedForm: async ({ params, query, event }) => {
    const form = await activeForm(db(), params.formId).catch(() => undefined);
    if (!form) return html(404, renderMissing());
    const shown = await publicForm(db(), form, { language: query.lang, submitUrl: submitUrl(event, form.formId) });
    const tracking: Record<string, string> = {};
    for (const key of TRACKING_QUERY) {
      const value = event.queryStringParameters?.[key];
      if (value) tracking[key] = value.slice(0, 500);
    }
    const referrer = header(event, 'referer');
    if (referrer) tracking._referrer = referrer.slice(0, 500);
    tracking._landing = `${ownOrigin(event)}${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`.slice(0, 500);
    return html(200, renderHostedPage(shown, { tracking }), form);
  },

  formSnippet: async () => {
    snippet ??= readFile(snippetFile(), 'utf8');
    return new RawResponse({
      statusCode: 200,
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
      body: await snippet,
    });
  },

  formThankYou: async ({ params, query, event }) => {
    const form = await activeForm(db(), params.formId).catch(() => undefined);
    if (!form) return html(404, renderMissing());
    return html(200, renderThankYouPage(await publicForm(db(), form, { language: query.lang, submitUrl: submitUrl(event, form.formId), view: false })));
  },
};

/**
 * The snippet, built beside the handler: the Lambda asset holds forms.js (CDK bundling
 * builds it there); `npm start` builds web-forms/dist/forms.js as it starts.
 */
let snippet: Promise<string> | undefined;
const snippetFile = () => (process.env.LAMBDA_TASK_ROOT ? join(process.env.LAMBDA_TASK_ROOT, 'forms.js') : resolve('web-forms/dist/forms.js'));

const renderMissing = () => renderNoticePage('Form not found', 'This form does not exist or is closed.');

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const intakeRoutes = formRoutes.filter((r) => r.fn === 'intake');
const PAGE_ROUTES = new Set(intakeRoutes.filter(answersPage).map(routeKey));

/**
 * A visitor's browser opens the hosted pages, so what the route layer refuses before the
 * operation runs (an id no form can have, a bad query) is answered as a page too, with the
 * same status: JSON is no answer to show a visitor.
 */
function refusalsAsPages(handler: Handler): Handler {
  return async (event, context) => {
    const result = await handler(event, context);
    const type = String(result.headers?.['content-type'] ?? '');
    if (!PAGE_ROUTES.has(event.routeKey) || !type.startsWith('application/problem+json')) return result;
    const status = result.statusCode ?? 500;
    const page = status < 500 ? renderMissing() : renderNoticePage('Something went wrong', 'The form could not be shown just now. Please reload the page in a moment.');
    const { headers } = html(status, page).result;
    return { statusCode: status, headers: { ...result.headers, ...headers }, body: page };
  };
}

export const handler = servingRestApi(refusalsAsPages(createHttpHandler('intake', operations, { routes: intakeRoutes })));
