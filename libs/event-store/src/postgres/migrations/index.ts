import { CreateEventStore1764300000000 } from './1764300000000-create-event-store';

/** Event store migrations, oldest first. Listed explicitly so bundlers and tests need no file globbing. */
export const EVENT_STORE_MIGRATIONS = [CreateEventStore1764300000000];
