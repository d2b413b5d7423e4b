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
import { CounterDeltas, CounterRow, EndedFact, OverdueSpan } from './dashboard-counters';

export const DASHBOARD_PROJECTION = 'dashboard-facts';

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

/** A fact of this batch, keyed by its event's position and its rank among that event's facts. */
interface NewFact extends Stored {
  seq: number;
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
    // Every statement below finds its rows by index (an item's facts, a counter's history). Rebuilt from zero, the
    // table has no statistics yet and the planner, taking each item for thousands of rows, would scan a million
    // facts per batch instead (42 s of a 90 s rebuild of 1,000,000 events).
    await tx.query('SET LOCAL enable_seqscan = off');
    const { calendar } = await this.calendars.current();
    const known = await this.earlierFacts(tx, [...new Set(events.flatMap(itemsLookedUp))]);
    const find: Lookup = (metric, itemId) => known.get(`${metric}\u0000${itemId}`);
    const rows: NewFact[] = [];
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
    const overdue = [
      ...new Set([...rows, ...endings].filter((r) => r.metric === 'operations.deadlinePassed').map((r) => r.itemId)),
    ];
    const spansBefore = overdue.length === 0 ? [] : await this.overdueSpans(tx, overdue);
    const inserted = rows.length === 0 ? [] : await this.insert(tx, rows);
    const ended = endings.length === 0 ? [] : await this.end(tx, endings);
    const counters = new CounterDeltas();
    for (const row of inserted) counters.addFact(row);
    counters.addEndings(ended);
    if (overdue.length > 0) counters.moveOverdueSpans(spansBefore, await this.overdueSpans(tx, overdue));
    if (!counters.isEmpty()) await this.count(tx, counters);
  }

  /** The new facts; returns those this insert wrote (a batch replayed after a crash writes, and counts, nothing twice). */
  private async insert(tx: EntityManager, rows: NewFact[]): Promise<NewFact[]> {
    const column = (pick: (row: NewFact) => unknown): string => JSON.stringify(rows.map(pick));
    const written = await tx.query<{ position: string; seq: number }[]>(
      `INSERT INTO dashboard_facts (position, seq, metric, department, item_kind, item_id, occurred_on, recorded_at,
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
       RETURNING position, seq`,
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
    const keys = new Set(written.map((row) => `${row.position}/${row.seq}`));
    return written.length === rows.length ? rows : rows.filter((row) => keys.has(`${row.position}/${row.seq}`));
  }

  /** When each operation was overdue, by its passed deadlines on record (see OverdueSpan). */
  private overdueSpans(tx: EntityManager, itemIds: string[]): Promise<OverdueSpan[]> {
    return tx.query<OverdueSpan[]>(
      `SELECT DISTINCT ON (item_id) item_id, department, occurred_on::text AS occurred_on,
              recorded_at AS first_recorded_at,
              CASE WHEN bool_or(ended_at IS NULL) OVER (PARTITION BY item_id) THEN NULL
                   ELSE max(ended_at) OVER (PARTITION BY item_id) END AS ended_at
         FROM dashboard_facts
        WHERE metric = 'operations.deadlinePassed' AND item_id = ANY($1::text[])
        ORDER BY item_id, recorded_at, position`,
      [itemIds],
    );
  }

  /** Marks the states the batch ended; returns the facts whose state this update ended (none twice). */
  private async end(tx: EntityManager, endings: Ending[]): Promise<EndedFact[]> {
    // TypeORM answers an UPDATE with [returned rows, affected count].
    const [ended] = await tx.query<[EndedFact[], number]>(
      `UPDATE dashboard_facts f SET ended_at = e.at::timestamptz
         FROM unnest($1::text[], $2::text[], $3::text[]) AS e(metric, item_id, at)
        WHERE f.metric = e.metric AND f.item_id = e.item_id AND f.ended_at IS NULL
       RETURNING f.metric, f.department, f.item_id, f.occurred_on::text AS occurred_on, f.position::text AS position,
                 f.recorded_at, f.ended_at`,
      [endings.map((e) => e.metric), endings.map((e) => e.itemId), endings.map((e) => e.at)],
    );
    return ended;
  }

  /**
   * Adds the batch's counts to the month counters and to their history. A counter's row for a recording day holds
   * its value at the end of that day: a new row starts from the latest row before it; a row of a later day (facts
   * are rarely recorded out of order, but may be) gets every delta of the days before it.
   */
  private async count(tx: EntityManager, counters: CounterDeltas): Promise<void> {
    const rows = counters.rows();
    const column = <T>(pick: (row: CounterRow) => T): T[] => rows.map(pick);
    const sameCounter = (a: string, b: string): string =>
      `${a}.month = ${b}.month AND ${a}.department = ${b}.department AND ${a}.metric = ${b}.metric
       AND ${a}.dim1 = ${b}.dim1 AND ${a}.dim2 = ${b}.dim2`;
    // The batch's counters and history rows, then (from the snapshot before them) the rows of later days that
    // already were in a counter's history: usually none, as the log comes in the order of its recording.
    const later = await tx.query<
      {
        month: string;
        department: string;
        metric: string;
        dim1: string;
        dim2: string;
        recorded_on: string;
        cum_n: number;
        cum_valued: number;
        cum_total: string;
      }[]
    >(
      `WITH d AS (
         SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::int[],
                              $8::int[], $9::numeric[], $10::int[], $11::int[], $12::numeric[])
           AS d(month, department, metric, dim1, dim2, recorded_on, n, valued, total, cum_n, cum_valued, cum_total)
       ),
       counts AS (
         INSERT INTO dashboard_counts (month, department, metric, dim1, dim2, n, valued, total)
         SELECT month, department, metric, dim1, dim2, sum(n), sum(valued), sum(total) FROM d GROUP BY 1, 2, 3, 4, 5
         ON CONFLICT (month, department, metric, dim1, dim2) DO UPDATE
           SET n = dashboard_counts.n + EXCLUDED.n, valued = dashboard_counts.valued + EXCLUDED.valued,
               total = dashboard_counts.total + EXCLUDED.total
       ),
       history AS (
         INSERT INTO dashboard_count_history (month, department, metric, dim1, dim2, recorded_on, n, valued, total)
         SELECT d.month, d.department, d.metric, d.dim1, d.dim2, d.recorded_on, coalesce(p.n, 0) + d.cum_n,
                coalesce(p.valued, 0) + d.cum_valued, coalesce(p.total, 0) + d.cum_total
           FROM d LEFT JOIN LATERAL (
                  SELECT h.n, h.valued, h.total FROM dashboard_count_history h
                   WHERE ${sameCounter('h', 'd')} AND h.recorded_on <= d.recorded_on
                   ORDER BY h.recorded_on DESC LIMIT 1) p ON true
         ON CONFLICT (month, department, metric, dim1, dim2, recorded_on) DO UPDATE
           SET n = EXCLUDED.n, valued = EXCLUDED.valued, total = EXCLUDED.total
       )
       SELECT DISTINCT ON (l.month, l.department, l.metric, l.dim1, l.dim2, l.recorded_on)
              l.month::text, l.department, l.metric, l.dim1, l.dim2, l.recorded_on::text, d.cum_n, d.cum_valued,
              d.cum_total::text
         FROM d CROSS JOIN LATERAL (
                SELECT h.month, h.department, h.metric, h.dim1, h.dim2, h.recorded_on FROM dashboard_count_history h
                 WHERE ${sameCounter('h', 'd')} AND h.recorded_on > d.recorded_on) l
        ORDER BY l.month, l.department, l.metric, l.dim1, l.dim2, l.recorded_on, d.recorded_on DESC`,
      [
        column((r) => r.month),
        column((r) => r.department),
        column((r) => r.metric),
        column((r) => r.dim1),
        column((r) => r.dim2),
        column((r) => r.recordedOn),
        column((r) => r.n),
        column((r) => r.valued),
        column((r) => r.total),
        column((r) => r.cumN),
        column((r) => r.cumValued),
        column((r) => r.cumTotal),
      ],
    );
    // A later row gets the batch's changes up to its day; the rows of the batch's own days were written above.
    const batchDays = new Set(
      rows.map((r) => [r.month, r.department, r.metric, r.dim1, r.dim2, r.recordedOn].join('\u0000')),
    );
    const updates = later.filter(
      (r) => !batchDays.has([r.month, r.department, r.metric, r.dim1, r.dim2, r.recorded_on].join('\u0000')),
    );
    if (updates.length === 0) return;
    const field = <T>(pick: (row: (typeof updates)[number]) => T): T[] => updates.map(pick);
    await tx.query(
      `UPDATE dashboard_count_history h SET n = h.n + u.n, valued = h.valued + u.valued, total = h.total + u.total
         FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::int[], $8::int[],
                     $9::numeric[]) AS u(month, department, metric, dim1, dim2, recorded_on, n, valued, total)
        WHERE ${sameCounter('h', 'u')} AND h.recorded_on = u.recorded_on`,
      [
        field((r) => r.month),
        field((r) => r.department),
        field((r) => r.metric),
        field((r) => r.dim1),
        field((r) => r.dim2),
        field((r) => r.recorded_on),
        field((r) => r.cum_n),
        field((r) => r.cum_valued),
        field((r) => r.cum_total),
      ],
    );
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE dashboard_facts, dashboard_counts, dashboard_count_history');
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
