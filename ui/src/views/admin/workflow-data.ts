/**
 * What the workflow builder offers in its pickers, loaded once per visit: the record
 * fields (from the API's OpenAPI document, plus custom fields), email and task
 * templates, the other workflows, pipelines and groups. Any of them may fail to load;
 * the builder then offers less (a text input instead of a list) but still works.
 */
import { hasPrivilege } from '../../access';
import { api } from '../../api';
import { recordFields, type EmailTemplate, type RecordField, type TaskTemplate, type Workflow, type WorkflowRecordType } from '../../automation';
import type { CustomFieldEntity } from '../../custom-fields';
import { loadCustomFields, loadPipelines } from '../../sales-data';
import { state } from '../../state';
import type { PipelineSettings } from '../records';

let openapi: Promise<unknown> | null = null;
/** The API's own description; it changes only with a deploy, so it is read once per page load. */
export function loadOpenApi(): Promise<unknown> {
  if (!openapi) {
    openapi = api<unknown>('GET', '/openapi.json');
    openapi.catch(() => (openapi = null));
  }
  return openapi;
}

export interface BuilderData {
  fields: Record<WorkflowRecordType, RecordField[]>;
  emailTemplates: EmailTemplate[];
  taskTemplates: TaskTemplate[];
  workflows: Workflow[];
  pipelines: PipelineSettings | null;
  groups: { id: string; name: string }[];
}

const settle = async <T>(p: Promise<T>, fallback: T): Promise<T> => {
  try {
    return await p;
  } catch {
    return fallback;
  }
};

export async function loadBuilderData(): Promise<BuilderData> {
  const [doc, custom, emailTemplates, taskTemplates, workflows, pipelines, groups] = await Promise.all([
    settle(loadOpenApi(), null),
    settle(loadCustomFields().then((d) => d.settings), null),
    settle(api<{ items: EmailTemplate[] }>('GET', '/email-templates').then((r) => r.items), []),
    settle(api<{ items: TaskTemplate[] }>('GET', '/task-templates').then((r) => r.items), []),
    settle(api<{ items: Workflow[] }>('GET', '/workflows').then((r) => r.items), []),
    settle(loadPipelines().then((d) => d.settings), null),
    loadGroups(),
  ]);
  const fieldsOf = (type: WorkflowRecordType) => recordFields(doc, type, type === 'activity' ? [] : (custom?.[type as CustomFieldEntity] ?? []));
  return {
    fields: { lead: fieldsOf('lead'), contact: fieldsOf('contact'), account: fieldsOf('account'), opportunity: fieldsOf('opportunity'), activity: fieldsOf('activity') },
    emailTemplates,
    taskTemplates,
    workflows,
    pipelines,
    groups,
  };
}

/** Every group for an administrator; otherwise the user's own (the security document needs administer). */
export async function loadGroups(): Promise<{ id: string; name: string }[]> {
  const me = state.me;
  if (hasPrivilege(me, 'administer')) {
    try {
      const security = await api<{ groups: Record<string, { name: string }> }>('GET', '/admin/security');
      return Object.entries(security.groups).map(([id, g]) => ({ id, name: g.name }));
    } catch {
      /* fall back to the user's own groups */
    }
  }
  return (me?.groups ?? []).map((id) => ({ id, name: id }));
}
