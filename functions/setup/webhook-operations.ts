/** The setup function's webhook operations (routes: ../http/routes/webhooks.ts). */
import { listDeliveries, redriveDelivery, sendTestDelivery } from '../../shared/webhooks/deliveries';
import { createSubscription, deleteSubscription, getSubscription, listSubscriptions, rotateSecret, updateSubscription } from '../../shared/webhooks/subscriptions';
import type { webhookRoutes } from '../http/routes/webhooks';
import type { Operations } from '../http/http-handler';
import { deliveryStarter } from '../http/adapters';
import { db } from '../http/deps';
import { page } from '../http/record-operations';

type OperationId = (typeof webhookRoutes)[number]['operationId'];

export const webhookOperations: Pick<Operations<'setup'>, OperationId> = {
  listWebhooks: async ({ query }) => page(await listSubscriptions(db(), query)),
  createWebhook: ({ actor, body }) => createSubscription(db(), actor, body),
  getWebhook: ({ params }) => getSubscription(db(), params.subscriptionId),
  updateWebhook: ({ actor, params, body }) => updateSubscription(db(), actor, params.subscriptionId, body),
  deleteWebhook: ({ actor, params }) => deleteSubscription(db(), actor, params.subscriptionId),
  rotateWebhookSecret: ({ actor, params }) => rotateSecret(db(), actor, params.subscriptionId),
  testWebhook: async ({ actor, params }) => sendTestDelivery(db(), actor, params.subscriptionId, await deliveryStarter()),
  listWebhookDeliveries: async ({ params, query }) => {
    await getSubscription(db(), params.subscriptionId); // an unknown subscription is 404, not an empty list
    return page(await listDeliveries(db(), params.subscriptionId, query));
  },
  redriveWebhookDelivery: async ({ params }) => redriveDelivery(db(), params.deliveryId, await deliveryStarter()),
};
