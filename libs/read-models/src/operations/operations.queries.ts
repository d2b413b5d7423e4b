import {
  Counterparty,
  operationErrors,
  OperationStatus,
  operationStreamId,
  PendingDeadlines,
  RecordedOperationState,
  OperationViewer,
} from '@app/domain';
import { DataSource } from 'typeorm';
import { AlertView } from '../alerts/alert.view';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../catalogue/catalogue.queries';
import { maskPersonalData } from './counterparty-mask';
import { powerShownTo } from './operation-power';
import { preparedQuery } from '@app/event-store/reading';
import { invalidCursor } from '../page-cursor';

export interface OperationFilter {
  department?: string;
  powerCode?: string;
  status?: OperationStatus;
  /** Open and past the committed deadline, or stopped (paused, completed) after it. */
  overdue?: boolean;
  /** YYYY-MM-DD, Asia/Shanghai, inclusive: acceptance on or after this day. */
  acceptedFrom?: string;
  /** YYYY-MM-DD, Asia/Shanghai, inclusive: acceptance on or before this day. */
  acceptedTo?: string;
}

/** An operation as the API shows it: the registration's fields at the top level, then where it stands. */
export interface OperationResource {
  streamId: string;
  id: string;
  powerCode: string;
  department: string;
  caseNumber: string;
  counterparty: Counterparty;
  handlers: RecordedOperationState['registration']['handlers'];
  acceptedAt: string;
  acceptedOn: string;
  status: OperationStatus;
  /** The power as it stood on the acceptance date, frozen at registration. */
  power: RecordedOperationState['registration']['power'];
  timeLimit: RecordedOperationState['registration']['timeLimit'];
  /** The deadlines in force, after every extension; null when the power was not in force. */
  deadlines: RecordedOperationState['deadlines'];
  /** The years the deadlines wait for, while they do; null otherwise. */
  deadlinesPending: PendingDeadlines | null;
  /** The deadlines computed at registration, or once the calendar allowed when they were pending then. */
  registeredDeadlines: RecordedOperationState['deadlines'];
  overdue: boolean;
  /** When the current pause began; null unless paused. */
  pausedAt: string | null;
  steps: RecordedOperationState['steps'];
  extensions: {
    pausedDays: number;
    pausedAt: string;
    resumedAt: string;
    procedure: string;
    previous: NonNullable<RecordedOperationState['deadlines']>;
    deadlines: NonNullable<RecordedOperationState['deadlines']>;
    version: number;
  }[];
  decision: RecordedOperationState['decision'];
  completedAt: string | null;
  /** The alerts raised about it (电子监察 红黄牌), oldest first. */
  alerts: AlertView[];
  version: number;
  /** Global position of the operation's last event. */
  position: number;
  registeredAt: string;
}

export interface OperationPage {
  items: OperationResource[];
  nextCursor: string | null;
}

interface OperationRow {
  state: RecordedOperationState;
  position: string;
  registered_at: Date;
  overdue: boolean;
  accepted_key: string;
  alerts: AlertView[];
}

/**
 * Each operation with its alerts in one statement: a page costs one query whatever its size. The alerts are shaped
 * as GET /v1/alerts shows them (AlertView), the raising time in UTC with milliseconds as toISOString gives it.
 */
const COLUMNS = `SELECT o.state, o.position, o.registered_at, o.accepted_at::text AS accepted_key,
  coalesce(o.committed_deadline < coalesce(o.clock_stopped_at, $1::timestamptz), false) AS overdue,
  coalesce((SELECT json_agg(json_build_object('id', a.alert_id, 'ground', a.ground, 'level', a.level,
      'department', a.department, 'subject', json_build_object('kind', a.subject_kind, 'id', a.subject_id),
      'cause', a.cause, 'evidence', a.evidence, 'message', a.message,
      'raisedAt', to_char(a.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'status', a.status,
      'notes', a.notes, 'version', a.version) ORDER BY a.raised_position)
    FROM alerts a WHERE a.subject_kind = 'operation' AND a.subject_id = o.id), '[]') AS alerts`;
const SELECT = `${COLUMNS} FROM operations o`;

/** Overdue as the `overdue` column computes it, in its two disjoint halves: each half has its own partial indexes. */
const RUNNING_PAST_DEADLINE = 'clock_stopped_at IS NULL AND committed_deadline < $1::timestamptz';
const STOPPED_LATE = 'clock_stopped_at > committed_deadline';

function encodeCursor(row: OperationRow): string {
  return Buffer.from(JSON.stringify({ a: row.accepted_key, i: row.state.id })).toString('base64url');
}

function decodeCursor(cursor: string): { acceptedAt: string; id: string } {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { a?: unknown; i?: unknown };
    if (typeof decoded.a === 'string' && typeof decoded.i === 'string' && Number.isFinite(Date.parse(decoded.a))) {
      return { acceptedAt: decoded.a, id: decoded.i };
    }
  } catch {
    // Falls through: anything that is not our JSON is equally invalid.
  }
  throw invalidCursor();
}

/**
 * Reads of the register. Overdue is computed at query time against `now` (see the migration); lists are keyset pages
 * newest first by (acceptedAt, id).
 */
export class OperationsQueries {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string, viewer: OperationViewer, now: Date): Promise<OperationResource> {
    const [row] = await preparedQuery<OperationRow>(this.dataSource, 'operation-by-id', `${SELECT} WHERE o.id = $2`, [
      now.toISOString(),
      id,
    ]);
    if (!row) throw operationErrors.notFound(id);
    if (viewer.kind === 'department' && row.state.department !== viewer.department) {
      throw operationErrors.forbiddenDepartment(viewer.department, row.state.department);
    }
    return resource(row, viewer);
  }

  async list(
    viewer: OperationViewer,
    filter: OperationFilter,
    page: { limit?: number; cursor?: string },
    now: Date,
  ): Promise<OperationPage> {
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const params: unknown[] = [now.toISOString()];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const where: string[] = [];
    let department = filter.department;
    if (viewer.kind === 'department') {
      if (department !== undefined && department !== viewer.department) {
        throw operationErrors.forbiddenDepartment(viewer.department, department);
      }
      department = viewer.department;
    }
    if (department !== undefined) where.push(`department = ${param(department)}`);
    if (filter.powerCode !== undefined) where.push(`power_code = ${param(filter.powerCode)}`);
    if (filter.status !== undefined) where.push(`status = ${param(filter.status)}`);
    if (filter.overdue === false) {
      where.push(`NOT coalesce((${RUNNING_PAST_DEADLINE}) OR ${STOPPED_LATE}, false)`);
    }
    if (filter.acceptedFrom !== undefined) {
      where.push(`accepted_at >= ${param(`${filter.acceptedFrom}T00:00:00+08:00`)}::timestamptz`);
    }
    if (filter.acceptedTo !== undefined) {
      where.push(`accepted_at < ${param(`${filter.acceptedTo}T00:00:00+08:00`)}::timestamptz + interval '1 day'`);
    }
    if (page.cursor !== undefined) {
      const after = decodeCursor(page.cursor);
      where.push(`(accepted_at, id) < (${param(after.acceptedAt)}::timestamptz, ${param(after.id)})`);
    }
    const order = `ORDER BY accepted_at DESC, id DESC LIMIT ${param(limit + 1)}`;
    const branch = (condition: string): string =>
      `SELECT * FROM operations WHERE ${[...where, condition].join(' AND ')} ${order}`;
    // Overdue matters are read as two ordered branches, running and stopped late, so that each follows its partial
    // index and a page costs the same at any size of the register (migration 1764800200000).
    const source =
      filter.overdue === true
        ? `((${branch(RUNNING_PAST_DEADLINE)}) UNION ALL (${branch(STOPPED_LATE)})) o`
        : `operations o ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
    const rows = await this.dataSource.query<OperationRow[]>(`${COLUMNS} FROM ${source} ${order}`, params);
    const items = rows.slice(0, limit);
    return {
      items: items.map((row) => resource(row, viewer)),
      nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null,
    };
  }
}

/**
 * Deadlines pending at registration are computed later (OperationDeadlinesComputed): those it would have computed are
 * the ones the first extension moved, or the ones in force when none did.
 */
function computedRegistrationDeadlines(state: RecordedOperationState): RecordedOperationState['deadlines'] {
  if (state.registration.deadlinesPending === undefined) return null;
  const fromPending = state.deadlinesPending?.from ?? null;
  return state.extensions[0]?.previous ?? fromPending ?? state.deadlines;
}

function resource(row: OperationRow, viewer: OperationViewer): OperationResource {
  const { state } = row;
  const { registration } = state;
  const shown: OperationResource = {
    streamId: operationStreamId(state.id),
    id: state.id,
    powerCode: registration.powerCode,
    department: state.department,
    caseNumber: registration.caseNumber,
    counterparty: registration.counterparty,
    handlers: registration.handlers,
    acceptedAt: registration.acceptedAt,
    acceptedOn: registration.acceptedOn,
    status: state.status,
    power: powerShownTo(registration.power, viewer),
    timeLimit: registration.timeLimit,
    deadlines: state.deadlines,
    deadlinesPending: state.deadlinesPending ? { years: state.deadlinesPending.years } : null,
    registeredDeadlines: registration.deadlines ?? computedRegistrationDeadlines(state),
    overdue: row.overdue,
    pausedAt: state.status === 'paused' ? state.pause.at : null,
    steps: state.steps,
    extensions: state.extensions.map((e) => ({
      pausedDays: e.pausedDays,
      pausedAt: e.pausedAt,
      resumedAt: e.resumedAt,
      procedure: e.pauseEvidence.procedure,
      previous: e.previous,
      deadlines: e.deadlines,
      version: e.version,
    })),
    decision: state.decision,
    completedAt: state.status === 'completed' ? state.completion.at : null,
    alerts: row.alerts,
    version: state.version,
    position: Number(row.position),
    registeredAt: row.registered_at.toISOString(),
  };
  return viewer.kind === 'masked' ? maskPersonalData(shown, registration.counterparty) : shown;
}
