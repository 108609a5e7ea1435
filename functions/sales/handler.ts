import { createHttpHandler } from '../http/http-handler';
import { salesRoutes } from '../http/routes/sales';
import { userDirectory } from '../http/adapters';
import { db } from '../http/deps';
import { salesOperations } from './operations';

export const operations = salesOperations;
export const handler = createHttpHandler('sales', operations, { routes: salesRoutes, access: { database: db, directory: userDirectory }, readAhead: ['listOpportunities', 'opportunityHistory', 'getBoard', 'stageDeals'] });
