import { Injectable } from '@nestjs/common';
import {
  AlertAnsweredData,
  AlertRaisedData,
  AlertResolvedData,
  CaseOpenedData,
  CasePersonDecidedData,
  CasePersonNamedData,
  ComplaintAssignedData,
  ComplaintClosedData,
  ComplaintReceivedData,
  ComplaintRepliedData,
  endOfWorkingDay,
  FindingRecordedData,
  InspectionPlannedData,
  InspectionSampleDrawnData,
  OperationCompletedData,
  OperationRegisteredData,
  PowerCancelledData,
  PowerChangedData,
  PowerGrantedData,
  PowerTransferredData,
  RectificationOrderedData,
  RectificationReportAcceptedData,
  RectificationReportedData,
  shanghaiDate,
  WorkingCalendar,
} from '@app/domain';
import { RecordedEvent } from '@app/event-store/reading';
import { EntityManager } from 'typeorm';
import { Projection } from '@app/projector';
import { CalendarProvider } from '../calendars/calendar-provider';

export const DASHBOARD_PROJECTION = 'dashboard-facts';

/** Facts kept for lookups only: no figure counts them. */
export const UNCOUNTED = ['catalogue.owner', 'cases.personNamed', 'complaints.assigned'] as const;

/** One countable fact (a row of dashboard_facts). */
export interface DashboardFact {
  metric: string;
  department: string;
  itemKind: string;
  itemId: string;
  occurredOn: string;
  recordedAt: string;
  dim1?: string | null;
  dim2?: string | null;
  /** Another item this fact points at: the source of an order (`finding:F-1`). */
  ref?: string | null;
  value?: number | null;
  dueOn?: string | null;
  /** When the state this fact opened had already ended on recording (a deadline alert raised after completion). */
  endedAt?: string | null;
}

/** The end of the state an earlier fact opened: an alert resolved, an overdue operation completed, … */
interface Ending {
  metric: string;
  itemId: string;
  at: string;
}

interface Stored extends DashboardFact {
  position: number;
}

/** The facts an event's handler may look up: the latest row of a metric for an item (earlier in the log). */
type Lookup = (metric: string, itemId: string) => Stored | undefined;

type Handler = (data: never, event: RecordedEvent, find: Lookup, calendar: WorkingCalendar) => DashboardFact[];

const day = (instant: string): string => shanghaiDate(instant);

/** Working days from one date to another, or null while the calendar does not know a year they span. */
function workingDays(calendar: WorkingCalendar, from: string, to: string): number | null {
  try {
    return calendar.workingDaysBetween(from, to);
  } catch {
    return null;
  }
}

/** Whether an act recorded at `recordedAt` was on record by the end of `dueOn`; null when the due day is unknown. */
function inTime(recordedAt: string, dueOn: string | null | undefined): 'in-time' | 'late' | 'pending' {
  if (dueOn === null || dueOn === undefined) return 'pending';
  return Date.parse(recordedAt) <= Date.parse(endOfWorkingDay(dueOn)) ? 'in-time' : 'late';
}

/**
 * What each event counts for. Handlers get the facts recorded before them (the registration of an operation when it
 * completes, the order when a rectification is reported, …) to find the department and the dates they need.
 */
const HANDLERS: Record<string, Handler> = {
  OperationRegistered: (data: OperationRegisteredData, event) => [
    {
      metric: 'operations.registered',
      department: data.department,
      itemKind: 'operation',
      itemId: data.id,
      occurredOn: day(data.acceptedAt),
      recordedAt: event.recordedAt,
      dim1: data.powerCode,
    },
  ],
  OperationCompleted: (data: OperationCompletedData, event, find, calendar) => {
    const registered = find('operations.registered', data.id);
    if (registered === undefined) return [];
    const completedOn = day(data.at);
    const timeliness =
      data.overdue === null ? 'no-deadline' : data.overdue.committed || data.overdue.legal ? 'late' : 'on-time';
    return [
      {
        metric: 'operations.completed',
        department: registered.department,
        itemKind: 'operation',
        itemId: data.id,
        occurredOn: completedOn,
        recordedAt: event.recordedAt,
        dim1: timeliness,
        value: workingDays(calendar, registered.occurredOn, completedOn),
      },
    ];
  },
  AlertRaised: (data: AlertRaisedData, event, find) => [
    {
      metric: 'alerts.raised',
      department: data.department,
      itemKind: 'alert',
      itemId: data.alertId,
      occurredOn: day(data.raisedAt),
      recordedAt: event.recordedAt,
      dim1: String(data.ground),
      dim2: data.level,
      ref: `${data.subject.kind}:${data.subject.id}`,
      value: null,
    },
    ...(data.cause === 'late-registration'
      ? [
          {
            metric: 'operations.registeredLate',
            department: data.department,
            itemKind: 'operation',
            itemId: data.subject.id,
            occurredOn: day(data.raisedAt),
            recordedAt: event.recordedAt,
          },
        ]
      : []),
    ...(data.cause === 'committed-deadline-passed' || data.cause === 'legal-deadline-passed'
      ? [
          {
            metric: 'operations.deadlinePassed',
            department: data.department,
            itemKind: 'operation',
            itemId: data.subject.id,
            occurredOn: day(data.raisedAt),
            recordedAt: event.recordedAt,
            // Raised on a late completion: the operation is overdue no longer.
            endedAt: find('operations.completed', data.subject.id)?.recordedAt ?? null,
          },
        ]
      : []),
    ...(data.cause === 'rectification-overdue'
      ? [
          {
            metric: 'rectifications.overdue',
            department: data.department,
            itemKind: 'rectification',
            itemId: data.subject.id,
            occurredOn: day(data.raisedAt),
            recordedAt: event.recordedAt,
          },
        ]
      : []),
  ],
  AlertAnswered: (data: AlertAnsweredData, event, find) => {
    const raised = find('alerts.raised', data.alertId);
    return raised === undefined
      ? []
      : [{ ...fromItem(raised, event), metric: 'alerts.answered', occurredOn: day(data.answeredAt) }];
  },
  AlertResolved: (data: AlertResolvedData, event, find) => {
    const raised = find('alerts.raised', data.alertId);
    return raised === undefined
      ? []
      : [
          {
            ...fromItem(raised, event),
            metric: 'alerts.resolved',
            occurredOn: day(data.resolvedAt),
            dim1: data.explained ? 'explained' : data.caseId !== undefined ? 'case' : 'resolved',
          },
        ];
  },
  ComplaintReceived: (data: ComplaintReceivedData, event) => [
    {
      metric: 'complaints.received',
      department: data.about.department,
      itemKind: 'complaint',
      itemId: data.complaintId,
      occurredOn: day(data.receivedAt),
      recordedAt: event.recordedAt,
      dim1: data.channel,
    },
  ],
  ComplaintAssigned: (data: ComplaintAssignedData, event) => [
    {
      metric: 'complaints.assigned',
      department: data.department,
      itemKind: 'complaint',
      itemId: data.complaintId,
      occurredOn: data.assignedOn,
      recordedAt: event.recordedAt,
      dim1: String(data.round),
      dueOn: data.replyDueOn,
    },
  ],
  ComplaintReplied: (data: ComplaintRepliedData, event, find) => {
    const assigned = find('complaints.assigned', data.complaintId);
    if (assigned === undefined) return [];
    return [
      {
        ...fromItem(assigned, event),
        metric: 'complaints.replied',
        occurredOn: day(data.repliedAt),
        dim1: inTime(event.recordedAt, assigned.dueOn),
        dueOn: assigned.dueOn,
      },
    ];
  },
  ComplaintClosed: (data: ComplaintClosedData, event, find) => {
    const assigned = find('complaints.assigned', data.complaintId) ?? find('complaints.received', data.complaintId);
    if (assigned === undefined) return [];
    return [
      {
        ...fromItem(assigned, event),
        metric: 'complaints.closed',
        occurredOn: day(event.recordedAt),
        dim1: data.result,
        dim2: data.satisfaction,
      },
    ];
  },
  InspectionPlanned: (data: InspectionPlannedData, event) =>
    data.scope.departments.map((department) => ({
      metric: 'inspections.planned',
      department,
      itemKind: 'inspection',
      itemId: data.inspectionId,
      occurredOn: data.plannedOn,
      recordedAt: event.recordedAt,
      dim1: data.kind,
      dim2: data.manner,
    })),
  InspectionSampleDrawn: (data: InspectionSampleDrawnData, event, find) => {
    const planned = find('inspections.planned', data.inspectionId);
    if (planned === undefined) return [];
    return [
      {
        ...fromItem(planned, event),
        metric: 'inspections.sampled',
        occurredOn: day(event.recordedAt),
        value: data.sample.operationIds.length,
      },
    ];
  },
  FindingRecorded: (data: FindingRecordedData, event) => [
    {
      metric: 'findings.recorded',
      department: data.department,
      itemKind: 'finding',
      itemId: data.findingId,
      occurredOn: data.foundOn,
      recordedAt: event.recordedAt,
      dim1: data.kind,
      dim2: String(data.ground),
    },
  ],
  RectificationOrdered: (data: RectificationOrderedData, event) => [
    {
      metric: 'rectifications.ordered',
      department: data.department,
      itemKind: 'rectification',
      itemId: data.rectificationId,
      occurredOn: data.orderedOn,
      recordedAt: event.recordedAt,
      ref: `${data.source.kind}:${data.source.id}`,
      dueOn: data.dueOn,
    },
  ],
  RectificationReported: (data: RectificationReportedData, event, find) => {
    const ordered = find('rectifications.ordered', data.rectificationId);
    if (ordered === undefined) return [];
    return [
      {
        ...fromItem(ordered, event),
        metric: 'rectifications.reported',
        occurredOn: day(data.reportedAt),
        dim1: String(data.reportNo),
        dim2: inTime(event.recordedAt, ordered.dueOn),
        ref: ordered.ref,
        dueOn: ordered.dueOn,
      },
    ];
  },
  RectificationReportAccepted: (data: RectificationReportAcceptedData, event, find) => {
    const reported = find('rectifications.reported', data.rectificationId);
    if (reported === undefined) return [];
    return [
      {
        ...fromItem(reported, event),
        metric: 'rectifications.accepted',
        occurredOn: day(event.recordedAt),
        dim1: reported.dim2,
        ref: reported.ref,
      },
    ];
  },
  CaseOpened: (data: CaseOpenedData, event) =>
    data.departments.map((department) => ({
      metric: 'cases.opened',
      department,
      itemKind: 'case',
      itemId: data.caseId,
      occurredOn: day(data.openedAt),
      recordedAt: event.recordedAt,
    })),
  CasePersonNamed: (data: CasePersonNamedData, event) => [
    {
      metric: 'cases.personNamed',
      department: data.department,
      itemKind: 'case',
      itemId: `${data.caseId}/${data.personId}`,
      occurredOn: day(event.recordedAt),
      recordedAt: event.recordedAt,
      ref: data.caseId,
    },
  ],
  CasePersonDecided: (data: CasePersonDecidedData, event, find) => {
    const named = find('cases.personNamed', `${data.caseId}/${data.personId}`);
    if (named === undefined) return [];
    return [
      {
        metric: 'cases.decided',
        department: named.department,
        itemKind: 'case',
        itemId: `${data.caseId}/${data.personId}`,
        occurredOn: day(data.decidedAt),
        recordedAt: event.recordedAt,
        dim1: data.tier ?? 'no-responsibility',
        dim2: data.measures.join(','),
        ref: data.caseId,
      },
    ];
  },
  PowerGranted: (data: PowerGrantedData, event) => [
    catalogueFact('catalogue.granted', data.attributes.department, data.code, data.effectiveFrom, event),
  ],
  PowerChanged: (data: PowerChangedData, event, find) => {
    const owner = find('catalogue.owner', data.code);
    return owner === undefined
      ? []
      : [catalogueFact('catalogue.changed', owner.department, data.code, data.effectiveFrom, event, data.kind)];
  },
  PowerTransferred: (data: PowerTransferredData, event) => [
    catalogueFact('catalogue.transferredOut', data.fromDepartment, data.code, data.effectiveFrom, event),
    catalogueFact('catalogue.transferredIn', data.toDepartment, data.code, data.effectiveFrom, event),
  ],
  PowerCancelled: (data: PowerCancelledData, event) => [
    catalogueFact('catalogue.cancelled', data.department, data.code, data.effectiveFrom, event),
  ],
};

/** The states an event ends, by event type (the item's id from the event's data). */
function endingsOf(event: RecordedEvent, find: Lookup): Ending[] {
  const data = event.data as Record<string, unknown>;
  const at = event.recordedAt;
  switch (event.type) {
    case 'AlertResolved':
      return [{ metric: 'alerts.raised', itemId: data.alertId as string, at }];
    case 'OperationCompleted':
      return [{ metric: 'operations.deadlinePassed', itemId: data.id as string, at }];
    case 'RectificationReportAccepted': {
      const rectificationId = data.rectificationId as string;
      const source = find('rectifications.ordered', rectificationId)?.ref ?? '';
      return [
        { metric: 'rectifications.ordered', itemId: rectificationId, at },
        ...(source.startsWith('finding:') ? [{ metric: 'findings.recorded', itemId: source.slice(8), at }] : []),
      ];
    }
    default:
      return [];
  }
}

function catalogueFact(
  metric: string,
  department: string,
  code: string,
  effectiveFrom: string,
  event: RecordedEvent,
  dim1?: string,
): DashboardFact {
  return {
    metric,
    department,
    itemKind: 'power',
    itemId: code,
    occurredOn: effectiveFrom,
    recordedAt: event.recordedAt,
    ...(dim1 !== undefined ? { dim1 } : {}),
  };
}

/** The department and item of an earlier fact, recorded by this event. */
function fromItem(earlier: Stored, event: RecordedEvent): DashboardFact {
  return {
    metric: earlier.metric,
    department: earlier.department,
    itemKind: earlier.itemKind,
    itemId: earlier.itemId,
    occurredOn: earlier.occurredOn,
    recordedAt: event.recordedAt,
  };
}

/** The item ids whose earlier facts an event's handler may look up. */
function itemsLookedUp(event: RecordedEvent): string[] {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'OperationCompleted':
      return [data.id as string];
    case 'AlertAnswered':
    case 'AlertResolved':
      return [data.alertId as string];
    case 'ComplaintReplied':
    case 'ComplaintClosed':
      return [data.complaintId as string];
    case 'InspectionSampleDrawn':
      return [data.inspectionId as string];
    case 'RectificationReported':
    case 'RectificationReportAccepted':
      return [data.rectificationId as string];
    case 'CasePersonDecided':
      return [`${data.caseId as string}/${data.personId as string}`];
    case 'PowerChanged':
      return [data.code as string];
    case 'AlertRaised':
      return [(data.subject as { id: string }).id];
    default:
      return [];
  }
}

/**
 * The dashboards' facts (see the migration). Each batch looks up, in one query, the earlier facts its events need,
 * then writes every new fact in one insert; a fact's key is its event's position and its rank among that event's
 * facts, so that a batch replayed after a crash writes nothing twice. The owner of each power is kept as a fact too
 * (`catalogue.owner`), for the changes, which do not name the department.
 */
@Injectable()
export class DashboardFactsProjection implements Projection {
  readonly name = DASHBOARD_PROJECTION;
  readonly handles: readonly string[] = Object.keys(HANDLERS);

  constructor(private readonly calendars: CalendarProvider) {}

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    const { calendar } = await this.calendars.current();
    const known = await this.earlierFacts(tx, [...new Set(events.flatMap(itemsLookedUp))]);
    const find: Lookup = (metric, itemId) => known.get(`${metric}\u0000${itemId}`);
    const rows: (Stored & { seq: number })[] = [];
    const endings: Ending[] = [];
    for (const event of events) {
      // Only states on record and still open end: most completions were never overdue, and need no update.
      for (const ending of endingsOf(event, find)) {
        const open = known.get(`${ending.metric}\u0000${ending.itemId}`);
        if (ending.metric !== 'findings.recorded' && (open === undefined || open.endedAt)) continue;
        endings.push(ending);
        if (open !== undefined) known.set(`${ending.metric}\u0000${ending.itemId}`, { ...open, endedAt: ending.at });
      }
      const facts = HANDLERS[event.type](event.data as never, event, find, calendar);
      const owners = facts
        .filter((fact) => fact.metric === 'catalogue.granted' || fact.metric === 'catalogue.transferredIn')
        .map((fact) => ({ ...fact, metric: 'catalogue.owner' }));
      [...facts, ...owners].forEach((fact, seq) => {
        const row = { ...fact, position: event.globalPosition, seq };
        rows.push(row);
        known.set(`${fact.metric}\u0000${fact.itemId}`, row);
      });
    }
    if (rows.length > 0) await this.insert(tx, rows);
    if (endings.length > 0) {
      await tx.query(
        `UPDATE dashboard_facts f SET ended_at = e.at::timestamptz
           FROM unnest($1::text[], $2::text[], $3::text[]) AS e(metric, item_id, at)
          WHERE f.metric = e.metric AND f.item_id = e.item_id AND f.ended_at IS NULL`,
        [endings.map((e) => e.metric), endings.map((e) => e.itemId), endings.map((e) => e.at)],
      );
    }
  }

  /**
   * The new facts, and their counts added to the month's counters of their department, metric and dimensions. Only the facts this insert writes are counted: a batch replayed after a crash counts nothing twice.
   */
  private async insert(tx: EntityManager, rows: (Stored & { seq: number })[]): Promise<void> {
    const column = (pick: (row: Stored & { seq: number }) => unknown): string => JSON.stringify(rows.map(pick));
    await tx.query(
      `WITH inserted AS (
         INSERT INTO dashboard_facts (position, seq, metric, department, item_kind, item_id, occurred_on, recorded_at,
                                      dim1, dim2, ref, value, due_on, ended_at)
         SELECT position::bigint, seq::smallint, metric, department, item_kind, item_id, occurred_on::date,
                recorded_at::timestamptz, dim1, dim2, ref, value::numeric, due_on::date, ended_at::timestamptz
           FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json),
                json_array_elements_text($3::json), json_array_elements_text($4::json),
                json_array_elements_text($5::json), json_array_elements_text($6::json),
                json_array_elements_text($7::json), json_array_elements_text($8::json),
                json_array_elements_text($9::json), json_array_elements_text($10::json),
                json_array_elements_text($11::json), json_array_elements_text($12::json),
                json_array_elements_text($13::json), json_array_elements_text($14::json))
             AS r(position, seq, metric, department, item_kind, item_id, occurred_on, recorded_at, dim1, dim2, ref,
                  value, due_on, ended_at)
         ON CONFLICT (position, seq) DO NOTHING
         RETURNING department, occurred_on, metric, dim1, dim2, value)
       INSERT INTO dashboard_counts (month, department, metric, dim1, dim2, n, valued, total)
       SELECT date_trunc('month', i.occurred_on)::date, i.department, i.metric, coalesce(i.dim1, ''),
              coalesce(i.dim2, ''), count(*), count(i.value), coalesce(sum(i.value), 0)
         FROM inserted i
        WHERE i.metric NOT IN (${UNCOUNTED.map((metric) => `'${metric}'`).join(', ')})
        GROUP BY 1, 2, 3, 4, 5
       ON CONFLICT (month, department, metric, dim1, dim2) DO UPDATE
         SET n = dashboard_counts.n + EXCLUDED.n, valued = dashboard_counts.valued + EXCLUDED.valued,
             total = dashboard_counts.total + EXCLUDED.total`,
      [
        column((r) => r.position),
        column((r) => r.seq),
        column((r) => r.metric),
        column((r) => r.department),
        column((r) => r.itemKind),
        column((r) => r.itemId),
        column((r) => r.occurredOn),
        column((r) => r.recordedAt),
        column((r) => r.dim1 ?? null),
        column((r) => r.dim2 ?? null),
        column((r) => r.ref ?? null),
        column((r) => r.value ?? null),
        column((r) => r.dueOn ?? null),
        column((r) => r.endedAt ?? null),
      ],
    );
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE dashboard_facts, dashboard_counts');
  }

  /** The latest fact of each metric for each item, keyed `metric\0itemId`. */
  private async earlierFacts(tx: EntityManager, itemIds: string[]): Promise<Map<string, Stored>> {
    const known = new Map<string, Stored>();
    if (itemIds.length === 0) return known;
    const rows = await tx.query<
      {
        metric: string;
        department: string;
        item_kind: string;
        item_id: string;
        occurred_on: string;
        recorded_at: Date;
        dim1: string | null;
        dim2: string | null;
        ref: string | null;
        value: string | null;
        due_on: string | null;
        ended_at: Date | null;
        position: string;
      }[]
    >(
      `SELECT DISTINCT ON (metric, item_id) metric, department, item_kind, item_id, occurred_on::text, recorded_at,
              dim1, dim2, ref, value, due_on::text, ended_at, position
         FROM dashboard_facts WHERE item_id = ANY($1::text[])
        ORDER BY metric, item_id, position DESC, seq DESC`,
      [itemIds],
    );
    for (const row of rows) {
      known.set(`${row.metric}\u0000${row.item_id}`, {
        metric: row.metric,
        department: row.department,
        itemKind: row.item_kind,
        itemId: row.item_id,
        occurredOn: row.occurred_on,
        recordedAt: row.recorded_at.toISOString(),
        dim1: row.dim1,
        dim2: row.dim2,
        ref: row.ref,
        value: row.value === null ? null : Number(row.value),
        dueOn: row.due_on,
        endedAt: row.ended_at === null ? null : row.ended_at.toISOString(),
        position: Number(row.position),
      });
    }
    return known;
  }
}
