import { createHttpHandler } from '../http/http-handler';
import { activityRoutes } from '../http/routes/activities';
import { timelineRoutes } from '../http/routes/timeline';
import { userDirectory } from '../http/adapters';
import { db } from '../http/deps';
import { activityOperations } from './operations';

export const operations = activityOperations;
export const handler = createHttpHandler('activities', operations, { routes: [...activityRoutes, ...timelineRoutes], access: { database: db, directory: userDirectory }, readAhead: ['listActivities'] });
