import { RecordedEvent } from '@app/event-store';
import { EntityManager } from 'typeorm';

/**
 * A read model fed from the global log. `apply` receives a batch of the events it handles, in commit order,
 * and writes its row changes through `tx`: the same transaction then moves the projection's checkpoint, so
 * a crash never applies an event twice or skips one.
 */
export interface Projection {
  /** Stable name: the key of its checkpoint row. */
  readonly name: string;
  /** Event types it handles; other events only move its checkpoint. */
  readonly handles: readonly string[];
  /**
   * A reactor that appends events while it applies (alerts it raises) says so: the runner then runs another round
   * at once, so the projections of what it appended need not wait for the next loop.
   */
  apply(tx: EntityManager, events: RecordedEvent[]): Promise<void | { appended: boolean }>;
  /** Empties its tables, for a rebuild. */
  reset?(tx: EntityManager): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
