import {
  checkpointAfter,
  compareCheckpoints,
  EventStore,
  GlobalCheckpoint,
  RecordedEvent,
  START_OF_LOG,
} from '@app/event-store';

/**
 * The recent part of the global log, read once from the database and served to every projection of this process,
 * instead of each one reading and parsing the same events.
 *
 * It is exact, not a cache that can go stale: a read of the log returns only events of transactions older than
 * every transaction still running, in (transaction id, position) order, and no event can join that part of the
 * order later. So the events the window holds are, for good, all the events between its start and its end, and a
 * read after any cursor inside that range is a slice of it. A read at the end of the window extends it (concurrent
 * readers share one database read); a read before its start, or beyond its end, goes to the database.
 */
export class LogWindow {
  private events: RecordedEvent[] = [];
  /** The cursor the window starts after. */
  private start: GlobalCheckpoint = START_OF_LOG;
  private extending: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly capacity = 10_000,
  ) {}

  async readAll(options: { after: GlobalCheckpoint; limit: number }): Promise<RecordedEvent[]> {
    const { after, limit } = options;
    let readFromHere = false;
    for (;;) {
      const held = this.slice(after, limit);
      if (held.length > 0) return held;
      if (compareCheckpoints(after, this.end()) !== 0) return this.readAround(after, limit);
      // At the end of the window, and the database had nothing more when this caller last asked.
      if (readFromHere) return [];
      // A read already under way may have begun before the events this caller was woken for: it is awaited, and
      // if it brings nothing, this caller reads again itself.
      if (!this.extending) {
        readFromHere = true;
        this.extending = this.extend(limit).finally(() => {
          this.extending = undefined;
        });
      }
      await this.extending;
    }
  }

  private end(): GlobalCheckpoint {
    return this.events.length === 0 ? this.start : checkpointAfter(this.events[this.events.length - 1]);
  }

  /** The events after `after` the window holds, when `after` lies inside it. */
  private slice(after: GlobalCheckpoint, limit: number): RecordedEvent[] {
    if (this.events.length === 0 || compareCheckpoints(after, this.start) < 0) return [];
    if (compareCheckpoints(after, this.end()) >= 0) return [];
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareCheckpoints(checkpointAfter(this.events[middle]), after) <= 0) low = middle + 1;
      else high = middle;
    }
    return this.events.slice(low, low + limit);
  }

  private async extend(limit: number): Promise<void> {
    const end = this.end();
    const events = await this.store.readAll({ after: end, limit });
    if (compareCheckpoints(end, this.end()) !== 0) return;
    this.events.push(...events);
    this.trim();
  }

  /** A read outside the window; one beyond its end (another process moved a checkpoint on) restarts it there. */
  private async readAround(after: GlobalCheckpoint, limit: number): Promise<RecordedEvent[]> {
    const events = await this.store.readAll({ after, limit });
    if (events.length > 0 && !this.extending && compareCheckpoints(after, this.end()) > 0) {
      this.start = after;
      this.events = [...events];
    }
    return events;
  }

  private trim(): void {
    const excess = this.events.length - this.capacity;
    if (excess <= 0) return;
    this.start = checkpointAfter(this.events[excess - 1]);
    this.events = this.events.slice(excess);
  }
}
