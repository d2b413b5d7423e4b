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
  apply(tx: EntityManager, events: RecordedEvent[]): Promise<void>;
  /** Empties its tables, for a rebuild. */
  reset?(tx: EntityManager): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
