import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Service } from 'electrodb';
import { createItemLoader } from './item-loader';
import { tableDefinition } from './table';
import {
  accessEntryEntity,
  accessJobEntity,
  accountEntity,
  auditEntryEntity,
  contactEntity,
  exportEntity,
  idempotencyEntity,
  leadEntity,
  opportunityEntity,
  activityEntity,
  securitySettingsEntity,
  settingsDocumentEntity,
  matchKeyEntity,
  tagLinkEntity,
  boardEntryEntity,
  stageChangeEntity,
  uniqueValueEntity,
  userEntity,
} from '../crm/entities';
import { calendarFeedEntity, reminderDeliveryEntity, reminderEntity } from '../activities/entities';
import { timelineEntryEntity } from '../timeline/entity';
import {
  dateIndexEntryEntity,
  emailTemplateEntity,
  notificationEntity,
  rotationEntity,
  taskTemplateEntity,
  workflowEntity,
  workflowRunEntity,
} from '../workflows/entities';
import { webhookDeliveryEntity, webhookSubscriptionEntity } from '../webhooks/entities';
import { formEntity, formSubmissionEntity } from '../forms/entities';
import { importJobEntity, importRowEntity } from '../imports/entities';

export interface DatabaseConfig {
  tableName: string;
  /** DynamoDB Local in `npm start` and tests; unset in AWS. */
  endpoint?: string;
  region?: string;
}

export function createDocumentClient(config: Pick<DatabaseConfig, 'endpoint' | 'region'>) {
  const client = new DynamoDBClient(
    config.endpoint
      ? { endpoint: config.endpoint, region: config.region ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : { region: config.region },
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

const entityFactories = {
  account: accountEntity,
  contact: contactEntity,
  lead: leadEntity,
  opportunity: opportunityEntity,
  activity: activityEntity,
  accessEntry: accessEntryEntity,
  auditEntry: auditEntryEntity,
  securitySettings: securitySettingsEntity,
  settingsDocument: settingsDocumentEntity,
  matchKey: matchKeyEntity,
  tagLink: tagLinkEntity,
  boardEntry: boardEntryEntity,
  stageChange: stageChangeEntity,
  accessJob: accessJobEntity,
  uniqueValue: uniqueValueEntity,
  user: userEntity,
  export: exportEntity,
  idempotency: idempotencyEntity,
  reminder: reminderEntity,
  reminderDelivery: reminderDeliveryEntity,
  calendarFeed: calendarFeedEntity,
  timelineEntry: timelineEntryEntity,
  workflow: workflowEntity,
  workflowRun: workflowRunEntity,
  emailTemplate: emailTemplateEntity,
  taskTemplate: taskTemplateEntity,
  notification: notificationEntity,
  dateIndexEntry: dateIndexEntryEntity,
  rotation: rotationEntity,
  // webhooks (shared/webhooks/entities.ts)
  webhookSubscription: webhookSubscriptionEntity,
  webhookDelivery: webhookDeliveryEntity,
  form: formEntity,
  formSubmission: formSubmissionEntity,
  importJob: importJobEntity,
  importRow: importRowEntity,
};

type EntityOptions = { table: string; client: ReturnType<typeof createDocumentClient> };

const buildService = (options: EntityOptions) =>
  new Service(
    Object.fromEntries(Object.entries(entityFactories).map(([name, make]) => [name, make(options)])) as {
      [K in keyof typeof entityFactories]: ReturnType<(typeof entityFactories)[K]>;
    },
    options,
  );
type CrmService = ReturnType<typeof buildService>;

/**
 * The ElectroDB model over one table. Entities are built on first use: building one
 * validates its model (tens of ms), and most requests touch one entity, so a cold start
 * pays only for what it uses; the service (collections, transactions) the same way.
 */
export function createDatabase(config: DatabaseConfig, documentClient = createDocumentClient(config)) {
  const options: EntityOptions = { table: config.tableName, client: documentClient };
  let service: CrmService | undefined;
  const standalone: Partial<Record<keyof CrmService['entities'], unknown>> = {};
  const entities = new Proxy({} as CrmService['entities'], {
    get(_target, name: keyof CrmService['entities']) {
      if (service) return service.entities[name];
      return (standalone[name] ??= entityFactories[name]?.(options));
    },
  });
  const getItem = createItemLoader(documentClient, config.tableName, [tableDefinition.partitionKey, tableDefinition.sortKey]);
  return {
    get service(): CrmService {
      return (service ??= buildService(options));
    },
    entities,
    documentClient,
    /** one item by its table key; reads in the same tick share a BatchGetItem */
    getItem,
    tableName: config.tableName,
  };
}
export type Database = ReturnType<typeof createDatabase>;

/** Reads the table location from the environment the CDK stack and local runtime both set. */
export function databaseFromEnv(env: NodeJS.ProcessEnv = process.env): Database {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createDatabase({ tableName, endpoint: env.DYNAMODB_ENDPOINT, region: env.AWS_REGION });
}
