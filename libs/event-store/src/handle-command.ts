import { Decider, DomainEvent } from '@app/domain';
import { AppendRequest, AppendResult, EventMetadata, EventStore, RecordedEvent } from './event-store.port';
import { DuplicateEventIdError, VersionConflictError } from './event-store.errors';
import { GroupCommit } from './group-commit';

export interface HandleCommandOptions {
  /** The version the caller saw (If-Match). When given, a stale version fails at once and nothing is retried. */
  expectedVersion?: number;
  metadata: EventMetadata;
  /** Ids for the new events, in order; a deterministic generator makes retries of one request idempotent. */
  eventIds: (count: number) => string[];
  /** How often to re-read and re-decide after losing a race (only without expectedVersion); 50 by default. */
  maxAttempts?: number;
  /**
   * The stream is most likely new (named by an id just chosen): the first attempt decides against the initial state
   * and appends expecting no stream, without reading it; only if the stream exists after all (or an event id is
   * stored elsewhere) is the command decided again on the stream's history. A `groupCommit` appends the concurrent
   * first attempts together, one transaction for many. Ignored with expectedVersion.
   */
  newStream?: { groupCommit?: GroupCommit };
}

/**
 * A lost race is retried after a random delay of up to RETRY_BASE_MS · 2^(attempt − 1), at most RETRY_MAX_DELAY_MS:
 * writers that collided (in other processes too, which the queue below cannot see) spread out instead of colliding
 * again in step, so that every unversioned write lands. Fifty attempts make a write that keeps losing improbable
 * beyond measure, and bound it to about five seconds.
 */
const DEFAULT_MAX_ATTEMPTS = 50;
const RETRY_BASE_MS = 2;
const RETRY_MAX_DELAY_MS = 100;

/** The commands under way per store and stream in this process, each waiting for the one before it. */
const queues = new WeakMap<EventStore, Map<string, Promise<unknown>>>();

/**
 * Runs commands on one stream of one store one after another in this process: concurrent writers here then never
 * lose a race to each other, and each reads the version the previous one wrote.
 */
function inStreamOrder<T>(store: EventStore, streamId: string, command: () => Promise<T>): Promise<T> {
  let streams = queues.get(store);
  if (!streams) queues.set(store, (streams = new Map<string, Promise<unknown>>()));
  const result = (streams.get(streamId) ?? Promise.resolve()).then(command, command);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  streams.set(streamId, settled);
  void settled.then(() => {
    if (streams.get(streamId) === settled) streams.delete(streamId);
  });
  return result;
}

const jitteredDelay = (attempt: number): Promise<void> =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_MS * 2 ** (attempt - 1))),
  );

export interface CommandOutcome<Event, State> {
  /** The new events; empty when the command changed nothing. */
  events: Event[];
  /** State after the new events. */
  state: State;
  /** Stream version after the command. */
  version: number;
  /** Global position of the last event written, or undefined when nothing was written. */
  position: number | undefined;
  /**
   * The append; `duplicate` when the store held these event ids in the stream already (a retry of a request that
   * went through): then the stored events, which may differ from `events` in what was decided at the time, are the
   * answer.
   */
  append: AppendResult | undefined;
  history: RecordedEvent[];
}

/**
 * The one way commands are handled: read the stream, fold it, decide, append at the version read. Without
 * If-Match a lost race is retried on fresh state (the decision may differ) after a jittered delay, until it
 * lands; with If-Match it is a 409. Commands on one stream run one after another in this process.
 * `command` may be a function of the state and history, for commands that need the current state to form.
 */
export function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command | ((state: State, history: RecordedEvent[]) => Command),
  options: HandleCommandOptions,
): Promise<CommandOutcome<Event, State>> {
  return inStreamOrder(store, streamId, () => decideAndAppend(store, decider, streamId, command, options));
}

async function decideAndAppend<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command | ((state: State, history: RecordedEvent[]) => Command),
  options: HandleCommandOptions,
): Promise<CommandOutcome<Event, State>> {
  if (options.newStream && options.expectedVersion === undefined) {
    const outcome = await appendAsNew(store, decider, streamId, command, options);
    if (outcome) return outcome;
  }
  const maxAttempts = options.expectedVersion === undefined ? (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) : 1;
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
    const events = decider.decide(commandOn(command, state, history), state);
    if (events.length === 0) {
      return { events, state, version, position: undefined, append: undefined, history };
    }
    try {
      const append = await store.append(
        appendRequest(streamId, version === 0 ? 'no-stream' : version, events, options),
      );
      const newState = events.reduce((s, e) => decider.evolve(s, e), state);
      return { events, state: newState, version: append.version, position: append.position, append, history };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= maxAttempts) throw error;
      await jitteredDelay(attempt);
    }
  }
}

/**
 * The `newStream` first attempt: decided on the initial state and appended expecting no stream. Undefined when the
 * stream exists after all or an event id is stored elsewhere: the caller then decides on the stream's history.
 */
async function appendAsNew<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command | ((state: State, history: RecordedEvent[]) => Command),
  options: HandleCommandOptions,
): Promise<CommandOutcome<Event, State> | undefined> {
  const groupCommit = options.newStream?.groupCommit;
  const state = decider.initialState;
  const events = decider.decide(commandOn(command, state, []), state);
  if (events.length === 0) return undefined;
  const request = appendRequest(streamId, 'no-stream', events, options);
  try {
    const append = await (groupCommit ? groupCommit.append(request) : store.append(request));
    const newState = events.reduce((s, e) => decider.evolve(s, e), state);
    return { events, state: newState, version: append.version, position: append.position, append, history: [] };
  } catch (error) {
    if (error instanceof VersionConflictError || error instanceof DuplicateEventIdError) return undefined;
    throw error;
  }
}

/** The command, formed on the state and history when it is a function of them. */
function commandOn<Command, State>(
  command: Command | ((state: State, history: RecordedEvent[]) => Command),
  state: State,
  history: RecordedEvent[],
): Command {
  return typeof command === 'function'
    ? (command as (s: State, h: RecordedEvent[]) => Command)(state, history)
    : command;
}

function appendRequest(
  streamId: string,
  expectedVersion: AppendRequest['expectedVersion'],
  events: DomainEvent[],
  options: HandleCommandOptions,
): AppendRequest {
  const ids = options.eventIds(events.length);
  return {
    streamId,
    expectedVersion,
    events: events.map((event, i) => ({
      eventId: ids[i],
      type: event.type,
      data: event.data,
      metadata: options.metadata,
    })),
  };
}
