import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Service } from 'electrodb';
import { accountEntity, contactEntity, exportEntity, uniqueValueEntity, userEntity } from '../crm/entities';

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

export function createDatabase(config: DatabaseConfig, documentClient = createDocumentClient(config)) {
  const options = { table: config.tableName, client: documentClient };
  const service = new Service(
    {
      account: accountEntity(options),
      contact: contactEntity(options),
      uniqueValue: uniqueValueEntity(options),
      user: userEntity(options),
      export: exportEntity(options),
    },
    options,
  );
  return { service, entities: service.entities, documentClient, tableName: config.tableName };
}
export type Database = ReturnType<typeof createDatabase>;

/** Reads the table location from the environment the CDK stack and local runtime both set. */
export function databaseFromEnv(env: NodeJS.ProcessEnv = process.env): Database {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createDatabase({ tableName, endpoint: env.DYNAMODB_ENDPOINT, region: env.AWS_REGION });
}
