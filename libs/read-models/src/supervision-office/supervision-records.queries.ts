import { DataSource } from 'typeorm';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../catalogue/catalogue.queries';
import { SupervisionRecordKind } from './supervision-records.projection';
import { decodePositionCursor, encodePositionCursor } from '../page-cursor';

export interface SupervisionRecordFilter {
  /** Only records concerning this department (a department key's own, or a supervisor's filter). */
  department?: string;
  status?: string;
  /** YYYY-MM-DD inclusive: the day received, planned, found or ordered. */
  from?: string;
  to?: string;
  /** Only records whose reply or report deadline has passed by this date and is still open. */
  overdueOn?: string;
}

export interface SupervisionRecordRow<State> {
  state: State;
  dueOn: string | null;
}

/** Reads of the supervision office's records, newest first (by the position of each record's first event). */
export class SupervisionRecordsQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list<State>(
    kind: SupervisionRecordKind,
    filter: SupervisionRecordFilter,
    page: { limit?: number; cursor?: string },
  ): Promise<{ items: State[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const params: unknown[] = [kind];
    const where = ['kind = $1'];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (filter.department !== undefined) where.push(`${param(filter.department)} = ANY(departments)`);
    if (filter.status !== undefined) where.push(`status = ${param(filter.status)}`);
    if (filter.from !== undefined) where.push(`opened_on >= ${param(filter.from)}::date`);
    if (filter.to !== undefined) where.push(`opened_on <= ${param(filter.to)}::date`);
    if (filter.overdueOn !== undefined) where.push(`due_on < ${param(filter.overdueOn)}::date`);
    if (page.cursor !== undefined) where.push(`first_position < ${param(decodePositionCursor(page.cursor))}`);
    const rows = await this.dataSource.query<{ state: State; first_position: string }[]>(
      `SELECT state, first_position FROM supervision_records WHERE ${where.join(' AND ')}
        ORDER BY first_position DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit);
    return {
      items: items.map((row) => row.state),
      nextCursor: rows.length > limit ? encodePositionCursor(Number(items[items.length - 1].first_position)) : null,
    };
  }

  /** The complaint filed through the public form whose tracking code has this SHA-256. */
  async complaintIdByTracking(trackingSha256: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM supervision_records WHERE kind = 'complaint' AND tracking_sha256 = $1`,
      [trackingSha256],
    );
    return row?.id;
  }

  /**
   * The population of a sample: the ids of the operations of these departments (and powers; none named: all),
   * accepted within the dates (Asia/Shanghai, inclusive), whose registration is at or before the log position. The
   * operations projection must have reached that position.
   */
  async operationsInScope(
    scope: { departments: string[]; powers: string[]; from: string; to: string },
    atPosition: number,
  ): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT o.id FROM operations o
         JOIN events e ON e.stream_id = 'operation-' || o.id AND e.stream_version = 1
        WHERE o.department = ANY($1::text[])
          AND (cardinality($2::text[]) = 0 OR o.power_code = ANY($2::text[]))
          AND o.accepted_at >= ($3::date::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND o.accepted_at < (($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND e.global_position <= $5`,
      [scope.departments, scope.powers, scope.from, scope.to, atPosition],
    );
    return rows.map((row) => row.id);
  }
}
