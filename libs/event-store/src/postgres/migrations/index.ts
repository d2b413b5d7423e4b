import { CreateEventStore1764300000000 } from './1764300000000-create-event-store';
import { ApplicationRole1764400000000 } from './1764400000000-application-role';

export { APPLICATION_ROLE } from './1764400000000-application-role';

/** The event store's own migration; the application role's grants come last, once every table exists. */
export const EVENT_STORE_MIGRATIONS = [CreateEventStore1764300000000];
export const APPLICATION_ROLE_MIGRATIONS = [ApplicationRole1764400000000];
