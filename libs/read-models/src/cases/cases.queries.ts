import { AlertGround, CaseStatus, CaseTier, RecordedCase, CaseViewer } from '@app/domain';
import { DataSource } from 'typeorm';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../catalogue/catalogue.queries';
import { CaseOutcome, caseOutcome, PublicNameMode } from './case-outcome.view';
import { CaseResource, caseResource } from './case.view';
import { decodePositionCursor, encodePositionCursor } from '../page-cursor';

export interface CaseFilter {
  status?: CaseStatus;
  /** A tier of a decision in force about one of its persons. */
  tier?: CaseTier;
  ground?: AlertGround;
  department?: string;
  /** A named person's name, exactly. */
  person?: string;
  /** YYYY-MM-DD, Asia/Shanghai, inclusive. */
  openedFrom?: string;
  openedTo?: string;
  /** A decision in force dated within the range (YYYY-MM-DD, Asia/Shanghai, inclusive). */
  decidedFrom?: string;
  decidedTo?: string;
}

export interface CasePage {
  items: CaseResource[];
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads of the cases read model, newest first (by the position of each CaseOpened in the log). */
export class CasesQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(viewer: CaseViewer, filter: CaseFilter, page: { limit?: number; cursor?: string }): Promise<CasePage> {
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (viewer.kind === 'department') where.push(`${param(viewer.department)} = ANY(departments)`);
    if (filter.department !== undefined) where.push(`${param(filter.department)} = ANY(departments)`);
    if (filter.status !== undefined) where.push(`status = ${param(filter.status)}`);
    if (filter.tier !== undefined) where.push(`${param(filter.tier)} = ANY(tiers)`);
    if (filter.ground !== undefined) where.push(`${param(filter.ground)}::smallint = ANY(grounds)`);
    if (filter.person !== undefined) where.push(`${param(filter.person)} = ANY(person_names)`);
    if (filter.openedFrom !== undefined) {
      where.push(`opened_at >= (${param(filter.openedFrom)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    }
    if (filter.openedTo !== undefined) {
      where.push(`opened_at < ((${param(filter.openedTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    }
    if (filter.decidedFrom !== undefined || filter.decidedTo !== undefined) {
      const from = filter.decidedFrom === undefined ? '' : ` AND d >= ${param(filter.decidedFrom)}::date`;
      const to = filter.decidedTo === undefined ? '' : ` AND d <= ${param(filter.decidedTo)}::date`;
      where.push(`EXISTS (SELECT 1 FROM unnest(decided_on) AS d WHERE true${from}${to})`);
    }
    if (page.cursor !== undefined) where.push(`opened_position < ${param(decodePositionCursor(page.cursor))}`);
    const rows = await this.dataSource.query<{ state: RecordedCase; opened_position: string }[]>(
      `SELECT state, opened_position FROM cases ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY opened_position DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit);
    return {
      items: items.map((row) => caseResource(row.state, viewer)),
      nextCursor: rows.length > limit ? encodePositionCursor(Number(items[items.length - 1].opened_position)) : null,
    };
  }

  /** The disclosed outcomes (通报) of closed cases, newest case first: what the public sees. */
  async listOutcomes(
    names: PublicNameMode,
    page: { limit?: number; cursor?: string },
  ): Promise<{ items: CaseOutcome[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const params: unknown[] = [limit + 1];
    const before =
      page.cursor === undefined ? '' : `AND opened_position < $${params.push(decodePositionCursor(page.cursor))}`;
    const rows = await this.dataSource.query<{ state: RecordedCase; opened_position: string }[]>(
      `SELECT state, opened_position FROM cases
        WHERE status = 'closed' AND state->'publication' <> 'null'::jsonb ${before}
        ORDER BY opened_position DESC LIMIT $1`,
      params,
    );
    const items = rows.slice(0, limit);
    return {
      items: items.flatMap((row) => caseOutcome(row.state, names) ?? []),
      nextCursor: rows.length > limit ? encodePositionCursor(Number(items[items.length - 1].opened_position)) : null,
    };
  }

  /** The streams of the events cited as evidence that are in the log; ids that are not are simply absent. */
  async streamsOfEvents(eventIds: readonly string[]): Promise<Record<string, string>> {
    const candidates = [...new Set(eventIds.filter((id) => UUID.test(id)))];
    if (candidates.length === 0) return {};
    const rows = await this.dataSource.query<{ event_id: string; stream_id: string }[]>(
      'SELECT event_id::text, stream_id FROM events WHERE event_id = ANY($1::uuid[])',
      [candidates],
    );
    const byLowercase = new Map(rows.map((row) => [row.event_id, row.stream_id]));
    return Object.fromEntries(
      eventIds.flatMap((id) => {
        const streamId = byLowercase.get(id.toLowerCase());
        return streamId === undefined ? [] : [[id, streamId]];
      }),
    );
  }
}
