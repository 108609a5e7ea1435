import { eventBridgePublisher } from '../../shared/adapters/eventbridge-publisher';
import type { EventPublisher } from '../../shared/ports/event-publisher';
import { auditArchive } from '../http/adapters';
import { requireEnv } from '../http/deps';
import { createStreamHandler } from './stream-handler';

let publisher: EventPublisher | undefined;

export const handler = createStreamHandler(() => (publisher ??= eventBridgePublisher(requireEnv('EVENT_BUS_NAME'))), auditArchive);
