/**
 * The framework floor: what every CRM function carries before any domain code — middy,
 * Powertools logger and metrics, zod and ElectroDB — around one GetItem. Beside the
 * minimal handler it shows how much of a function's cold start the libraries themselves
 * cost, so the domain's share can be told apart.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import * as z from 'zod';
import { Entity } from 'electrodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(
  new DynamoDBClient(
    process.env.DYNAMODB_ENDPOINT
      ? { endpoint: process.env.DYNAMODB_ENDPOINT, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {},
  ),
);
const Params = z.object({ contactId: z.string().length(26) });
const Contact = z.object({ contactId: z.string(), lastName: z.string(), email: z.string().optional() });
const contact = new Entity(
  {
    model: { entity: 'floorContact', version: '1', service: 'floor' },
    attributes: { contactId: { type: 'string', required: true }, lastName: { type: 'string' }, email: { type: 'string' } },
    indexes: { byId: { pk: { field: 'pk', composite: ['contactId'] }, sk: { field: 'sk', composite: [] } } },
  },
  { client, table: process.env.TABLE_NAME },
);
const logger = new Logger();
const metrics = new Metrics({ namespace: 'Floor' });

export const handler = middy(async (event: { pathParameters?: Record<string, string> }) => {
  const { contactId } = Params.parse(event.pathParameters);
  const { data } = await contact.get({ contactId }).go();
  // 200 either way: the point is the round trip, not the item
  return { statusCode: 200, body: JSON.stringify(data ? Contact.parse(data) : null) };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
