import { Decider, DomainEvent } from '@app/domain';
import {
  DuplicateEventIdError,
  EventMetadata,
  EventStore,
  handleCommand,
  HandleCommandOptions,
  RecordedEvent,
  VersionConflictError,
} from '@app/event-store';
import { idempotencyKeyReused, WriteScope } from './write-scope';

/** The events a write request stands for, whether this attempt appended them or an earlier one did. */
export interface Written {
  streamId: string;
  /** Stream version after the request. */
  version: number;
  /** Global position of the last event written; undefined when the command wrote nothing. */
  position: number | undefined;
  events: { type: string; data: unknown; streamVersion: number; globalPosition: number }[];
}

export interface HandleIdempotentlyOptions {
  scope: WriteScope;
  /** If-Match. */
  expectedVersion?: number;
  metadata: EventMetadata;
  /** handleCommand's: the stream is most likely new. */
  newStream?: HandleCommandOptions['newStream'];
}

class EarlierWrite extends Error {
  constructor(readonly events: RecordedEvent[]) {
    super('The events of this request are already in the stream');
  }
}

function fromRecorded(streamId: string, events: RecordedEvent[]): Written {
  const last = events[events.length - 1];
  return {
    streamId,
    version: last.streamVersion,
    position: last.globalPosition,
    events: events.map(({ type, data, streamVersion, globalPosition }) => ({
      type,
      data,
      streamVersion,
      globalPosition,
    })),
  };
}

/**
 * handleCommand for a write request that may be retried. Every attempt first looks for the events an earlier
 * attempt wrote (handleCommand re-reads the stream after a lost race, so a concurrent duplicate finds them there) and
 * answers from them instead of deciding again — a second grant would otherwise be POWER_EXISTS. A duplicate that
 * loses at the event-id index retries once to read the winner's events; losing there again means the key's ids
 * belong to another stream, i.e. another request.
 */
export async function handleIdempotently<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  { scope, expectedVersion, metadata, newStream }: HandleIdempotentlyOptions,
): Promise<Written> {
  const attempt = async (): Promise<Written> => {
    try {
      const outcome = await handleCommand(
        store,
        decider,
        streamId,
        (_state, history) => {
          const earlier = scope.earlierWrite(history);
          if (earlier) throw new EarlierWrite(earlier);
          return command;
        },
        { expectedVersion, metadata: { ...metadata, ...scope.metadata }, eventIds: scope.eventIds, newStream },
      );
      if (outcome.append?.duplicate) {
        // The store held these event ids in the stream already: an earlier attempt's events are the answer.
        const ids = new Set(outcome.append.events.map((event) => event.eventId));
        return fromRecorded(
          streamId,
          (await store.readStream(streamId)).filter((event) => ids.has(event.eventId)),
        );
      }
      return {
        streamId,
        version: outcome.version,
        position: outcome.position,
        events: outcome.events.map((event, i) => ({
          type: event.type,
          data: event.data,
          streamVersion: outcome.append!.events[i].streamVersion,
          globalPosition: outcome.append!.events[i].globalPosition,
        })),
      };
    } catch (error) {
      if (error instanceof EarlierWrite) return fromRecorded(streamId, error.events);
      // With If-Match the version check comes before the history is looked at: a retry of a request that went
      // through finds the stream moved on by its own events.
      if (error instanceof VersionConflictError && scope.key !== undefined) {
        const earlier = scope.earlierWrite(await store.readStream(streamId));
        if (earlier) return fromRecorded(streamId, earlier);
      }
      throw error;
    }
  };
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof DuplicateEventIdError) || scope.key === undefined) throw error;
  }
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof DuplicateEventIdError) throw idempotencyKeyReused(scope.key);
    throw error;
  }
}
