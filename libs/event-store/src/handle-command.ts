import { Decider, DomainEvent } from '@app/domain';
import { AppendResult, EventMetadata, EventStore, RecordedEvent } from './event-store.port';
import { VersionConflictError } from './event-store.errors';

export interface HandleCommandOptions {
  /** The version the caller saw (If-Match). When given, a stale version fails at once and nothing is retried. */
  expectedVersion?: number;
  metadata: EventMetadata;
  /** Ids for the new events, in order; a deterministic generator makes retries of one request idempotent. */
  eventIds: (count: number) => string[];
  /** How often to re-read and re-decide after losing a race (only without expectedVersion). */
  maxAttempts?: number;
}

export interface CommandOutcome<Event, State> {
  /** The new events; empty when the command changed nothing. */
  events: Event[];
  /** State after the new events. */
  state: State;
  /** Stream version after the command. */
  version: number;
  /** Global position of the last event written, or undefined when nothing was written. */
  position: number | undefined;
  append: AppendResult | undefined;
  history: RecordedEvent[];
}

/**
 * The one way commands are handled: read the stream, fold it, decide, append at the version read. Without
 * If-Match a lost race is retried on fresh state (the decision may differ); with If-Match it is a 409.
 * `command` may be a function of the state and history, for commands that need the current state to form.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command | ((state: State, history: RecordedEvent[]) => Command),
  options: HandleCommandOptions,
): Promise<CommandOutcome<Event, State>> {
  const maxAttempts = options.expectedVersion === undefined ? (options.maxAttempts ?? 5) : 1;
  for (let attempt = 1; ; attempt += 1) {
    const history = await store.readStream(streamId);
    const version = history.length === 0 ? 0 : history[history.length - 1].streamVersion;
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new VersionConflictError(streamId, options.expectedVersion, version);
    }
    const state = history.reduce(
      (s, e) => decider.evolve(s, { type: e.type, data: e.data } as Event),
      decider.initialState,
    );
    const resolved =
      typeof command === 'function' ? (command as (s: State, h: RecordedEvent[]) => Command)(state, history) : command;
    const events = decider.decide(resolved, state);
    if (events.length === 0) {
      return { events, state, version, position: undefined, append: undefined, history };
    }
    const ids = options.eventIds(events.length);
    try {
      const append = await store.append({
        streamId,
        expectedVersion: version === 0 ? 'no-stream' : version,
        events: events.map((event, i) => ({
          eventId: ids[i],
          type: event.type,
          data: event.data,
          metadata: options.metadata,
        })),
      });
      const newState = events.reduce((s, e) => decider.evolve(s, e), state);
      return { events, state: newState, version: append.version, position: append.position, append, history };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= maxAttempts) throw error;
    }
  }
}
