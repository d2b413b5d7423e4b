import { CreateEventStore1764300000000 } from './1764300000000-create-event-store';
import { ApplicationRole1764400000000 } from './1764400000000-application-role';
import { DropEventsTypeIndex1764500000000 } from './1764500000000-drop-events-type-index';
import { EventPayloadAsJson1764500200000 } from './1764500200000-event-payload-as-json';

export { APPLICATION_ROLE } from './1764400000000-application-role';

/**
 * The event store's own migrations; the application role's grants come after every table exists (TypeORM runs
 * migrations in the order of their timestamps).
 */
export const EVENT_STORE_MIGRATIONS = [
  CreateEventStore1764300000000,
  DropEventsTypeIndex1764500000000,
  EventPayloadAsJson1764500200000,
];
export const APPLICATION_ROLE_MIGRATIONS = [ApplicationRole1764400000000];
