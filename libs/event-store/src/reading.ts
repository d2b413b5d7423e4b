/**
 * The event store's reading surface: the types of recorded events and checkpoints, the reader's view of the store,
 * and the prepared-query helper. Read models import this and nothing else of the package, so that no read model can
 * append (see the dependency rules in .dependency-cruiser.js).
 */
export type {
  EventLogReader,
  EventMetadata,
  GlobalCheckpoint,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from './event-store.port';
export { checkpointAfter, compareCheckpoints, START_OF_LOG } from './event-store.port';
export { preparedQuery } from './postgres/prepared-query';
