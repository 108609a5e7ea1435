import type { Route } from '../../router';
import { auditView } from './audit';
import { customFieldsView } from './custom-fields';
import { pipelinesView } from './pipelines';
import { scoringView } from './scoring';
import { groupsView } from './groups';
import { profileEditor, profilesList } from './profiles';
import { rolesView } from './roles';
import { orgDefaultsView, sharingView } from './sharing';
import { userDetail, userNew, usersList } from './users';
import { formEditor, formsList } from './forms';
import { formSubmissions } from './form-submissions';
import { emailTemplatesView, taskTemplatesView } from './templates';
import { webhooksView } from './webhooks';
import { workflowEditor, workflowRuns, workflowsList } from './workflows';

/** Administration (administer, or manageWorkflows for automation; main.ts checks it before coming here). */
export function adminView(root: HTMLElement, route: Extract<Route, { name: 'admin' }>): Promise<void> | void {
  switch (route.page) {
    case 'users':
      if (route.id === 'new') return userNew(root);
      return route.id ? userDetail(root, route.id) : usersList(root, route.query);
    case 'profiles':
      return route.id ? profileEditor(root, route.id) : profilesList(root);
    case 'roles':
      return rolesView(root);
    case 'groups':
      return groupsView(root);
    case 'org-defaults':
      return orgDefaultsView(root);
    case 'sharing':
      return sharingView(root);
    case 'custom-fields':
      return customFieldsView(root, route.query);
    case 'pipelines':
      return pipelinesView(root);
    case 'scoring':
      return scoringView(root);
    case 'audit':
      return auditView(root, route.query);
    case 'workflows':
      if (route.id && route.sub === 'runs') return workflowRuns(root, route.id);
      return route.id ? workflowEditor(root, route.id) : workflowsList(root);
    case 'email-templates':
      return emailTemplatesView(root);
    case 'task-templates':
      return taskTemplatesView(root);
    case 'webhooks':
      return webhooksView(root, route.query);
    case 'forms':
      if (route.id && route.sub === 'submissions') return formSubmissions(root, route.id, route.query);
      return route.id ? formEditor(root, route.id) : formsList(root);
  }
}
