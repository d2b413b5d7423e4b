import {
  COMPLAINT_EVENT_TYPES,
  ComplaintEvent,
  ComplaintState,
  evolveComplaint,
  evolveInspection,
  evolveRectification,
  FINDING_EVENT_TYPES,
  FindingEvent,
  findingDecider,
  FindingState,
  INSPECTION_EVENT_TYPES,
  InspectionEvent,
  InspectionState,
  initialComplaintState,
  initialInspectionState,
  initialRectificationState,
  RECTIFICATION_EVENT_TYPES,
  RectificationEvent,
  RectificationState,
  shanghaiDate,
} from '@app/domain';
import { RecordedEvent } from '@app/event-store/reading';
import { EntityManager } from 'typeorm';
import { Projection } from '@app/projector';

export const SUPERVISION_RECORDS_PROJECTION = 'supervision-records';

export type SupervisionRecordKind = 'complaint' | 'inspection' | 'finding' | 'rectification';

type AnyState = ComplaintState | InspectionState | FindingState | RectificationState;

/** How each kind of record folds its events and which list columns its state gives. */
interface RecordKind<State extends AnyState> {
  initial: State;
  evolve(state: State, event: RecordedEvent): State;
  idOf(event: RecordedEvent): string;
  columns(state: State): {
    departments: string[];
    status: string;
    openedOn: string;
    dueOn: string | null;
    trackingSha256: string | null;
  };
}

const complaint: RecordKind<ComplaintState> = {
  initial: initialComplaintState,
  evolve: (state, event) => evolveComplaint(state, { type: event.type, data: event.data } as ComplaintEvent),
  idOf: (event) => (event.data as { complaintId: string }).complaintId,
  columns: (state) => {
    const round = state.rounds[state.rounds.length - 1];
    return {
      departments: [state.department!],
      status: state.status,
      openedOn: shanghaiDate(state.received!.receivedAt),
      dueOn: state.status === 'assigned' ? (round?.replyDueOn ?? null) : null,
      trackingSha256: state.received!.trackingCodeSha256 ?? null,
    };
  },
};

const inspection: RecordKind<InspectionState> = {
  initial: initialInspectionState,
  evolve: (state, event) => evolveInspection(state, { type: event.type, data: event.data } as InspectionEvent),
  idOf: (event) => (event.data as { inspectionId: string }).inspectionId,
  columns: (state) => ({
    departments: state.plan!.scope.departments,
    status: state.status,
    openedOn: state.plan!.plannedOn,
    dueOn: null,
    trackingSha256: null,
  }),
};

const finding: RecordKind<FindingState> = {
  initial: findingDecider.initialState,
  evolve: (state, event) => findingDecider.evolve(state, { type: event.type, data: event.data } as FindingEvent),
  idOf: (event) => (event.data as { findingId: string }).findingId,
  columns: (state) => ({
    departments: [state.finding!.department],
    status: state.status,
    openedOn: state.finding!.foundOn,
    dueOn: null,
    trackingSha256: null,
  }),
};

const rectification: RecordKind<RectificationState> = {
  initial: initialRectificationState,
  evolve: (state, event) => evolveRectification(state, { type: event.type, data: event.data } as RectificationEvent),
  idOf: (event) => (event.data as { rectificationId: string }).rectificationId,
  columns: (state) => ({
    departments: [state.order!.department],
    status: state.status,
    openedOn: state.order!.orderedOn,
    dueOn: state.status === 'accepted' ? null : state.order!.dueOn,
    trackingSha256: null,
  }),
};

const KINDS: Record<SupervisionRecordKind, RecordKind<AnyState>> = {
  complaint: complaint,
  inspection: inspection,
  finding: finding,
  rectification: rectification,
};

const KIND_OF_TYPE = new Map<string, SupervisionRecordKind>([
  ...COMPLAINT_EVENT_TYPES.map((type) => [type, 'complaint'] as const),
  ...INSPECTION_EVENT_TYPES.map((type) => [type, 'inspection'] as const),
  ...FINDING_EVENT_TYPES.map((type) => [type, 'finding'] as const),
  ...RECTIFICATION_EVENT_TYPES.map((type) => [type, 'rectification'] as const),
]);

interface Folded {
  kind: SupervisionRecordKind;
  id: string;
  state: AnyState;
  firstPosition: number;
  position: number;
}

/**
 * The supervision office's complaints, inspections, findings and rectification orders, one row each with its
 * decider's state. These records are few and their events rare: each batch loads the rows it touches, folds with the
 * deciders' own evolve, and upserts them one by one.
 */
export class SupervisionRecordsProjection implements Projection {
  readonly name = SUPERVISION_RECORDS_PROJECTION;
  readonly handles: readonly string[] = [...KIND_OF_TYPE.keys()];

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    const keyOf = (kind: string, id: string) => `${kind}\u0000${id}`;
    const touched = events.map((event) => {
      const kind = KIND_OF_TYPE.get(event.type)!;
      return { kind, id: KINDS[kind].idOf(event), event };
    });
    const stored = await tx.query<
      { kind: SupervisionRecordKind; id: string; state: AnyState; first_position: string }[]
    >(
      `SELECT kind, id, state, first_position FROM supervision_records
        WHERE (kind, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [touched.map((t) => t.kind), touched.map((t) => t.id)],
    );
    const folded = new Map<string, Folded>(
      stored.map((row) => [
        keyOf(row.kind, row.id),
        { kind: row.kind, id: row.id, state: row.state, firstPosition: Number(row.first_position), position: 0 },
      ]),
    );
    for (const { kind, id, event } of touched) {
      const current = folded.get(keyOf(kind, id));
      const state = KINDS[kind].evolve(current?.state ?? KINDS[kind].initial, event);
      folded.set(keyOf(kind, id), {
        kind,
        id,
        state,
        firstPosition: current?.firstPosition ?? event.globalPosition,
        position: event.globalPosition,
      });
    }
    for (const { kind, id, state, firstPosition, position } of folded.values()) {
      if (position === 0 || state.status === 'absent') continue;
      const { departments, status, openedOn, dueOn, trackingSha256 } = KINDS[kind].columns(state);
      await tx.query(
        `INSERT INTO supervision_records (kind, id, departments, status, opened_on, due_on, tracking_sha256, state,
                                          version, first_position, position)
         VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8::json, $9, $10, $11)
         ON CONFLICT (kind, id) DO UPDATE SET departments = EXCLUDED.departments, status = EXCLUDED.status,
           due_on = EXCLUDED.due_on, state = EXCLUDED.state, version = EXCLUDED.version, position = EXCLUDED.position`,
        [
          kind,
          id,
          departments,
          status,
          openedOn,
          dueOn,
          trackingSha256,
          JSON.stringify(state),
          state.version,
          firstPosition,
          position,
        ],
      );
    }
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE supervision_records');
  }
}
