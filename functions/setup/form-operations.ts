/** The setup function's web-form builder operations (routes: ../http/routes/forms.ts). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createForm, forms, formStats, updateForm } from '../../shared/forms/forms';
import { publicForm } from '../../shared/forms/intake';
import { redriveSubmission } from '../../shared/forms/processing';
import { listSubmissions } from '../../shared/forms/submissions';
import { htmlFormSnippet } from '../../web-forms/src/pages';
import type { formRoutes } from '../http/routes/forms';
import type { Operations } from '../http/http-handler';
import { executionStarter } from '../http/adapters';
import { db } from '../http/deps';

type OperationId = Extract<(typeof formRoutes)[number], { fn: 'setup' }>['operationId'];

/** The public origin of the intake: INTAKE_URL in AWS (its own API), else where this request came in. */
function intakeOrigin(event: APIGatewayProxyEventV2): string {
  if (process.env.INTAKE_URL) return process.env.INTAKE_URL.replace(/\/$/, '');
  return `${event.headers?.['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}`;
}

export const formOperations: Pick<Operations<'setup'>, OperationId> = {
  listForms: async () => ({ items: await forms.list(db()) }),
  createForm: ({ actor, body }) => createForm(db(), actor, body),
  getForm: ({ params }) => forms.get(db(), params.formId),
  updateForm: ({ actor, params, body }) => updateForm(db(), actor, params.formId, body),
  deleteForm: ({ actor, params }) => forms.remove(db(), actor, params.formId),
  formEmbed: async ({ params, event }) => {
    const form = await forms.get(db(), params.formId);
    const origin = intakeOrigin(event);
    const snippetUrl = `${origin}/forms.js`;
    // a long-lived "embed" token: a static page cannot fetch a fresh one
    const embedded = await publicForm(db(), form, { submitUrl: `${origin}/public/forms/${form.formId}/submissions`, kind: 'embed', view: false });
    return {
      hostedUrl: `${origin}/f/${form.formId}`,
      snippetUrl,
      scriptTag: `<script src="${snippetUrl}" data-crm-form="${form.formId}" data-lang="${form.languages[0]}" async></script>`,
      htmlForm: htmlFormSnippet(embedded, { token: embedded.token }),
    };
  },
  formStats: ({ params }) => formStats(db(), params.formId),
  listFormSubmissions: async ({ params, query }) => {
    await forms.get(db(), params.formId);
    return listSubmissions(db(), params.formId, query);
  },
  redriveFormSubmission: async ({ params }) => {
    const { runName, ...submission } = await redriveSubmission(db(), params.formId, params.submissionId);
    await (await executionStarter()).start('formSubmission', runName, { detail: { recordId: params.submissionId, record: { formId: params.formId } } });
    return submission as never;
  },
};
