import { EVENT_STORE_MIGRATIONS } from '@app/event-store';

/** Every migration of the product, event store first: apps and tests apply exactly this list. */
export const ALL_MIGRATIONS = [...EVENT_STORE_MIGRATIONS];
