import { AlertGround, AlertLevel, AlertStatus, AlertSubjectKind } from '@app/domain';
import { DataSource } from 'typeorm';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../catalogue/catalogue.queries';
import { ProjectionLaggingError } from '@app/projector';
import { ProjectionRunner } from '@app/projector';
import { AlertNote, AlertView } from './alert.view';
import { ALERTS_PROJECTION } from './alerts.projection';
import { decodePositionCursor, encodePositionCursor } from '../page-cursor';

export interface AlertFilter {
  department?: string;
  ground?: AlertGround;
  level?: AlertLevel;
  status?: AlertStatus;
  /** YYYY-MM-DD, Asia/Shanghai, inclusive: raised on or after this day. */
  raisedFrom?: string;
  /** YYYY-MM-DD, Asia/Shanghai, inclusive: raised on or before this day. */
  raisedTo?: string;
}

export interface AlertPage {
  items: AlertView[];
  nextCursor: string | null;
}

export interface AlertQueriesOptions {
  /** How long a read with minPosition waits before giving up with PROJECTION_LAGGING. */
  minPositionWaitMs: number;
  /** The reactor that raises alerts: a write's alerts exist once it has processed the write. */
  detectors: string;
}

interface AlertRow {
  alert_id: string;
  ground: number;
  level: AlertLevel;
  department: string;
  subject_kind: AlertSubjectKind;
  subject_id: string;
  cause: string;
  evidence: string[];
  message: string;
  raised_at: Date;
  status: AlertStatus;
  notes: AlertNote[];
  case_ids: string[];
  version: number;
  raised_position: string;
}

const SELECT_ALERT = `SELECT alert_id, ground, level, department, subject_kind, subject_id, cause, evidence, message,
  raised_at, status, notes, case_ids, version, raised_position FROM alerts`;

function toView(row: AlertRow): AlertView {
  return {
    id: row.alert_id,
    ground: row.ground as AlertGround,
    level: row.level,
    department: row.department,
    subject: { kind: row.subject_kind, id: row.subject_id },
    cause: row.cause,
    evidence: row.evidence,
    message: row.message,
    raisedAt: row.raised_at.toISOString(),
    status: row.status,
    notes: row.notes,
    ...(row.case_ids.length > 0 ? { cases: row.case_ids } : {}),
    version: row.version,
  };
}

/** Reads of the alerts read model, newest first (by the position of the AlertRaised event in the log). */
export class AlertQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: Pick<ProjectionRunner, 'waitFor'>,
    private readonly options: AlertQueriesOptions,
  ) {}

  async list(filter: AlertFilter, page: { limit?: number; cursor?: string }): Promise<AlertPage> {
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (filter.department !== undefined) where.push(`department = ${param(filter.department)}`);
    if (filter.ground !== undefined) where.push(`ground = ${param(filter.ground)}`);
    if (filter.level !== undefined) where.push(`level = ${param(filter.level)}`);
    if (filter.status !== undefined) where.push(`status = ${param(filter.status)}`);
    if (filter.raisedFrom !== undefined) {
      where.push(`raised_at >= (${param(filter.raisedFrom)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    }
    if (filter.raisedTo !== undefined) {
      where.push(`raised_at < ((${param(filter.raisedTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    }
    if (page.cursor !== undefined) where.push(`raised_position < ${param(decodePositionCursor(page.cursor))}`);
    const rows = await this.dataSource.query<AlertRow[]>(
      `${SELECT_ALERT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY raised_position DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit);
    return {
      items: items.map(toView),
      nextCursor: rows.length > limit ? encodePositionCursor(Number(items[items.length - 1].raised_position)) : null,
    };
  }

  async get(alertId: string): Promise<AlertView | undefined> {
    const rows = await this.dataSource.query<AlertRow[]>(`${SELECT_ALERT} WHERE alert_id = $1`, [alertId]);
    return rows.length === 0 ? undefined : toView(rows[0]);
  }

  /** Every alert about one operation or power, oldest first: what GET /v1/operations/{id} shows as `alerts`. */
  async alertsForSubject(kind: AlertSubjectKind, id: string): Promise<AlertView[]> {
    const rows = await this.dataSource.query<AlertRow[]>(
      `${SELECT_ALERT} WHERE subject_kind = $1 AND subject_id = $2 ORDER BY raised_position`,
      [kind, id],
    );
    return rows.map(toView);
  }

  /** Read-your-writes for acknowledgements and resolutions: the alerts projection has processed `position`. */
  async awaitPosition(position: number): Promise<void> {
    if (!(await this.runner.waitFor(position, this.options.minPositionWaitMs, [ALERTS_PROJECTION]))) {
      throw new ProjectionLaggingError(ALERTS_PROJECTION, position);
    }
  }

  /**
   * Read-your-writes for alerts: waits until the detectors have processed the write at `position`, then until the
   * alerts projection has processed every event committed by then, which includes every alert the write raised (the
   * detectors append them before moving their checkpoint past it). PROJECTION_LAGGING after minPositionWaitMs.
   */
  async awaitAlertsOf(position: number): Promise<void> {
    const deadline = Date.now() + this.options.minPositionWaitMs;
    const detected = await this.runner.waitFor(position, this.options.minPositionWaitMs, [this.options.detectors]);
    const [{ committed }] = detected
      ? await this.dataSource.query<{ committed: string }[]>('SELECT max(global_position) AS committed FROM events')
      : [{ committed: null }];
    const projected =
      committed !== null &&
      (await this.runner.waitFor(Number(committed), Math.max(0, deadline - Date.now()), [ALERTS_PROJECTION]));
    if (!projected) throw new ProjectionLaggingError(ALERTS_PROJECTION, position);
  }
}
