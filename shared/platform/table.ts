/**
 * The single DynamoDB table, declared once. The CDK stack (infra/) and the local
 * bootstrap (local/) both build the table from this object, so keys, indexes,
 * stream and TTL can never drift between AWS and `npm start`.
 *
 * Index keys are generic (gsi1pk/gsi1sk…): each entity decides in its ElectroDB model
 * what it stores there, so adding an entity never needs a table migration.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    // parent → children collections (an account with its contacts in one Query)
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // range-sharded "all records of a type, by name" lists and name-prefix search
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    // per-owner lists ("my contacts"), high-cardinality so unsharded
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    // range-sharded secondary lookups such as email-prefix search
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
  /** Epoch seconds; items carrying it are removed by DynamoDB TTL. */
  timeToLiveAttribute: 'expiresAt',
  streamView: 'NEW_AND_OLD_IMAGES',
} as const;

export type TableDefinition = typeof tableDefinition;

/** CreateTable input for DynamoDB Local, derived from the one definition. */
export function createTableInput(tableName: string) {
  const t = tableDefinition;
  const keyAttributes = new Set<string>([t.partitionKey, t.sortKey]);
  for (const index of t.globalIndexes) {
    keyAttributes.add(index.partitionKey);
    keyAttributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: t.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: t.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: t.globalIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: t.streamView },
  };
}
