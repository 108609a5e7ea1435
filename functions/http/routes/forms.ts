/**
 * Web forms: the builder's routes (crm function, manageWorkflows) and the public intake
 * (intake function, no sign-in: a form, its hosted page, and submissions). Part of the
 * route table (../routes.ts).
 */
import * as z from 'zod';
import {
  Form,
  FormCreate,
  FormIdParams,
  FormList,
  FormStats,
  FormUpdate,
  PublicForm,
  PublicFormQuery,
  Submission,
  SubmissionAccepted,
  SubmissionListQuery,
  SubmissionPage,
  SubmissionParams,
} from '../../../shared/forms/schemas';
import { defineRoute } from '../route';

const manage = { kind: 'system', privilege: 'manageWorkflows' } as const;
const tag = 'forms';

export const FormEmbed = z
  .object({
    hostedUrl: z.string().meta({ description: 'The hosted page: link to it, or open it in an iframe' }),
    scriptTag: z.string().meta({ description: 'One <script> that renders the form where it is placed' }),
    htmlForm: z.string().meta({ description: 'A plain HTML form that works with JavaScript off' }),
    snippetUrl: z.string(),
  })
  .meta({ id: 'FormEmbed' });

export const formRoutes = [
  defineRoute({ operationId: 'listForms', method: 'GET', path: '/forms', fn: 'setup', permission: manage, summary: 'Every web form, by name', tag, response: { status: 200, schema: FormList, description: 'The forms' } }),
  defineRoute({
    operationId: 'createForm',
    method: 'POST',
    path: '/forms',
    fn: 'setup',
    permission: manage,
    summary: 'Build a web form, or start from a ready template (contact-us, demo-request, newsletter, support)',
    tag,
    request: { body: FormCreate },
    response: { status: 201, schema: Form, description: 'The new form' },
  }),
  defineRoute({ operationId: 'getForm', method: 'GET', path: '/forms/{formId}', fn: 'setup', permission: manage, summary: 'One web form', tag, request: { params: FormIdParams }, response: { status: 200, schema: Form, description: 'The form' } }),
  defineRoute({
    operationId: 'updateForm',
    method: 'PUT',
    path: '/forms/{formId}',
    fn: 'setup',
    permission: manage,
    summary: 'Change a web form (its version must match: 409 otherwise)',
    tag,
    request: { params: FormIdParams, body: FormUpdate },
    response: { status: 200, schema: Form, description: 'The form as saved' },
  }),
  defineRoute({ operationId: 'deleteForm', method: 'DELETE', path: '/forms/{formId}', fn: 'setup', permission: manage, summary: 'Delete a web form (its submissions stay)', tag, request: { params: FormIdParams }, response: { status: 204, description: 'Deleted' } }),
  defineRoute({
    operationId: 'formEmbed',
    method: 'GET',
    path: '/forms/{formId}/embed',
    fn: 'setup',
    permission: manage,
    summary: 'How to put the form on a site: the hosted page, the script snippet, the plain HTML form',
    tag,
    request: { params: FormIdParams },
    response: { status: 200, schema: FormEmbed, description: 'The embed codes' },
  }),
  defineRoute({
    operationId: 'formStats',
    method: 'GET',
    path: '/forms/{formId}/stats',
    fn: 'setup',
    permission: manage,
    summary: 'Views, submissions, spam dropped, leads, duplicates, failures, converted leads and won deals',
    tag,
    request: { params: FormIdParams },
    response: { status: 200, schema: FormStats, description: 'The form’s running totals' },
  }),
  defineRoute({
    operationId: 'listFormSubmissions',
    method: 'GET',
    path: '/forms/{formId}/submissions',
    fn: 'setup',
    permission: manage,
    summary: 'A form’s submissions, newest first, each with its outcome (lead, duplicate, spam, failed)',
    tag,
    request: { params: FormIdParams, query: SubmissionListQuery },
    response: { status: 200, schema: SubmissionPage, description: 'A page of submissions' },
  }),
  defineRoute({
    operationId: 'redriveFormSubmission',
    method: 'POST',
    path: '/forms/{formId}/submissions/{submissionId}/redrive',
    fn: 'setup',
    permission: manage,
    summary: 'Process a failed submission again',
    tag,
    request: { params: SubmissionParams },
    response: { status: 202, schema: Submission, description: 'The submission, back in processing' },
  }),
  defineRoute({
    operationId: 'publicForm',
    method: 'GET',
    path: '/public/forms/{formId}',
    fn: 'intake',
    permission: { kind: 'public', reason: 'web forms are filled in by visitors of a website' },
    summary: 'A form as a page embedding it shows it, with a signed render token (CORS: the form’s allowed origins)',
    tag,
    request: { params: FormIdParams, query: PublicFormQuery },
    throttle: { perIp: { limit: 120, windowSeconds: 60 } },
    response: { status: 200, schema: PublicForm, description: 'The form' },
  }),
  defineRoute({
    operationId: 'submitForm',
    method: 'POST',
    path: '/public/forms/{formId}/submissions',
    fn: 'intake',
    permission: { kind: 'public', reason: 'web forms are filled in by visitors of a website' },
    summary:
      'Submit a form: application/json or text/plain (a JSON object, from the snippet), or application/x-www-form-urlencoded (the plain HTML form: answered with a 303 to the thank-you page). At most 64 KB. Stored before the answer; processed after.',
    tag,
    request: { params: FormIdParams },
    // a person sends a form or two a minute; a form gets at most 10 a second from everyone together
    throttle: { route: { ratePerSecond: 100, burst: 200 }, perIp: { limit: 20, windowSeconds: 60 }, perPath: { limit: 600, windowSeconds: 60 } },
    response: { status: 202, schema: SubmissionAccepted, description: 'Received' },
  }),
  defineRoute({
    operationId: 'hostedForm',
    method: 'GET',
    path: '/f/{formId}',
    fn: 'intake',
    permission: { kind: 'public', reason: 'the hosted page of a web form' },
    summary: 'The hosted page of a form (works with JavaScript off)',
    tag,
    request: { params: FormIdParams, query: PublicFormQuery },
    throttle: { perIp: { limit: 120, windowSeconds: 60 } },
    response: { status: 200, contentType: 'text/html', description: 'An HTML page' },
  }),
  defineRoute({
    operationId: 'formThankYou',
    method: 'GET',
    path: '/f/{formId}/thanks',
    fn: 'intake',
    permission: { kind: 'public', reason: 'the thank-you page of a web form' },
    summary: 'The thank-you page a plain HTML form lands on',
    tag,
    request: { params: FormIdParams, query: PublicFormQuery },
    response: { status: 200, contentType: 'text/html', description: 'An HTML page' },
  }),
  defineRoute({
    operationId: 'formSnippet',
    method: 'GET',
    path: '/forms.js',
    fn: 'intake',
    permission: { kind: 'public', reason: 'the script sites embed to show a web form' },
    summary: 'The embeddable form script: <script src=".../forms.js" data-crm-form="<formId>" async></script>',
    tag,
    response: { status: 200, contentType: 'text/javascript', description: 'The script' },
  }),
] as const;
