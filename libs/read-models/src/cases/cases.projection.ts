import { CASE_EVENT_TYPES, CaseEvent, evolveCase, initialCaseState, RecordedCase, shanghaiDate } from '@app/domain';
import { RecordedEvent } from '@app/event-store/reading';
import { EntityManager } from 'typeorm';
import { Projection } from '@app/projector';

export const CASES_PROJECTION = 'cases';

interface Folded {
  state: RecordedCase;
  position: number;
  openedPosition: number;
}

/**
 * One row per case, holding the case decider's own state after its last event, and the columns the list filters on.
 * Cases are few and their events rare: each batch loads the rows it touches, folds, and upserts them one by one.
 */
export class CasesProjection implements Projection {
  readonly name = CASES_PROJECTION;
  readonly handles: readonly string[] = CASE_EVENT_TYPES;

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    const ids = [...new Set(events.map((event) => (event.data as CaseEvent['data']).caseId))];
    const stored = await tx.query<{ case_id: string; state: RecordedCase; opened_position: string }[]>(
      'SELECT case_id, state, opened_position FROM cases WHERE case_id = ANY($1::text[])',
      [ids],
    );
    const folded = new Map<string, Folded>(
      stored.map((row) => [
        row.case_id,
        { state: row.state, position: Number(row.opened_position), openedPosition: Number(row.opened_position) },
      ]),
    );
    for (const event of events) {
      const { caseId } = event.data as CaseEvent['data'];
      const current = folded.get(caseId);
      const state = evolveCase(current?.state ?? initialCaseState, { type: event.type, data: event.data } as CaseEvent);
      if (state.status === 'absent') continue;
      folded.set(caseId, {
        state,
        position: event.globalPosition,
        openedPosition: current?.openedPosition ?? event.globalPosition,
      });
    }
    for (const { state, position, openedPosition } of folded.values()) {
      const decisions = state.persons.flatMap((person) => (person.decision ? [person.decision] : []));
      await tx.query(
        `INSERT INTO cases (case_id, status, grounds, departments, person_names, tiers, decided_on, opened_at, state,
                            version, opened_position, position)
         VALUES ($1, $2, $3::smallint[], $4::text[], $5::text[], $6::text[], $7::date[], $8, $9::jsonb, $10, $11, $12)
         ON CONFLICT (case_id) DO UPDATE SET status = EXCLUDED.status, departments = EXCLUDED.departments,
           person_names = EXCLUDED.person_names, tiers = EXCLUDED.tiers, decided_on = EXCLUDED.decided_on,
           state = EXCLUDED.state, version = EXCLUDED.version, position = EXCLUDED.position`,
        [
          state.caseId,
          state.status,
          state.opening.grounds,
          state.departments,
          state.persons.map((person) => person.name),
          [...new Set(decisions.flatMap((decision) => (decision.tier ? [decision.tier] : [])))],
          decisions.map((decision) => shanghaiDate(decision.decidedAt)),
          state.opening.openedAt,
          JSON.stringify(state),
          state.version,
          openedPosition,
          position,
        ],
      );
    }
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE cases');
  }
}
