import {
  evolveOperation,
  initialOperationState,
  OPERATION_EVENT_TYPES,
  OperationEvent,
  OperationState,
  RecordedOperationState,
} from '@app/domain';
import { RecordedEvent } from '@app/event-store/reading';
import { EntityManager } from 'typeorm';
import { Projection } from '@app/projector';

export const OPERATIONS_PROJECTION = 'operations';

interface Folded {
  state: RecordedOperationState;
  position: number;
  registeredAt: string;
}

interface StoredRow {
  id: string;
  state: RecordedOperationState;
  position: string;
  registered_at: Date;
}

/** When the clock stopped: the operation detectors judge a paused matter at its pause, a completed one at its end. */
function clockStoppedAt(state: RecordedOperationState): string | null {
  switch (state.status) {
    case 'open':
      return null;
    case 'paused':
      return state.pause.at;
    case 'completed':
      return state.completion.at;
  }
}

/**
 * One row per operation, holding the decider's own state after its last event: each batch loads the rows its
 * follow-up events touch (registrations need none), folds the events with `evolveOperation` and writes every changed
 * row in one upsert.
 */
export class OperationsProjection implements Projection {
  readonly name = OPERATIONS_PROJECTION;
  readonly handles: readonly string[] = OPERATION_EVENT_TYPES;

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    const folded = await this.load(tx, events);
    for (const event of events) {
      const { id } = event.data as OperationEvent['data'];
      const current = folded.get(id);
      const state: OperationState = evolveOperation(current?.state ?? initialOperationState, {
        type: event.type,
        data: event.data,
      } as OperationEvent);
      if (state.status === 'absent') continue;
      folded.set(id, {
        state,
        position: event.globalPosition,
        registeredAt: current?.registeredAt ?? event.recordedAt,
      });
    }
    const rows = [...folded.values()];
    if (rows.length === 0) return;
    // Each column travels as one JSON array: JSON.stringify is native, while pg would escape every element of a
    // text[] or jsonb[] parameter in JavaScript. Column arrays, not an array of row objects: json_to_recordset
    // walked every row's whole state looking for the fields, which took twice as long.
    const column = (pick: (row: Folded) => unknown): string => JSON.stringify(rows.map(pick));
    await tx.query(
      `INSERT INTO operations (id, department, power_code, case_number, status, accepted_at, committed_deadline,
         legal_deadline, clock_stopped_at, version, position, registered_at, state)
       SELECT id, department, power_code, case_number, status, accepted_at::timestamptz,
              committed_deadline::timestamptz, legal_deadline::timestamptz, clock_stopped_at::timestamptz,
              version::integer, position::bigint, registered_at::timestamptz, state
         FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json),
              json_array_elements_text($3::json), json_array_elements_text($4::json),
              json_array_elements_text($5::json), json_array_elements_text($6::json),
              json_array_elements_text($7::json), json_array_elements_text($8::json),
              json_array_elements_text($9::json), json_array_elements_text($10::json),
              json_array_elements_text($11::json), json_array_elements_text($12::json), json_array_elements($13::json))
           AS r(id, department, power_code, case_number, status, accepted_at, committed_deadline, legal_deadline,
                clock_stopped_at, version, position, registered_at, state)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, committed_deadline = excluded.committed_deadline,
         legal_deadline = excluded.legal_deadline, clock_stopped_at = excluded.clock_stopped_at,
         version = excluded.version, position = excluded.position, state = excluded.state`,
      [
        column((row) => row.state.id),
        column((row) => row.state.department),
        column((row) => row.state.registration.powerCode),
        column((row) => row.state.registration.caseNumber),
        column((row) => row.state.status),
        column((row) => row.state.acceptedAt),
        column((row) => row.state.deadlines?.committed ?? null),
        column((row) => row.state.deadlines?.legal ?? null),
        column((row) => clockStoppedAt(row.state)),
        column((row) => row.state.version),
        column((row) => row.position),
        column((row) => row.registeredAt),
        column((row) => row.state),
      ],
    );
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE operations');
  }

  /** The stored rows of the operations whose first event in this batch is not their registration. */
  private async load(tx: EntityManager, events: RecordedEvent[]): Promise<Map<string, Folded>> {
    const seen = new Set<string>();
    const followedUp: string[] = [];
    for (const event of events) {
      const { id } = event.data as OperationEvent['data'];
      if (seen.has(id)) continue;
      seen.add(id);
      if (event.streamVersion > 1) followedUp.push(id);
    }
    const folded = new Map<string, Folded>();
    if (followedUp.length === 0) return folded;
    const rows = await tx.query<StoredRow[]>(
      'SELECT id, state, registered_at, position FROM operations WHERE id = ANY($1::text[])',
      [followedUp],
    );
    for (const row of rows) {
      folded.set(row.id, {
        state: row.state,
        position: Number(row.position),
        registeredAt: row.registered_at.toISOString(),
      });
    }
    return folded;
  }
}
