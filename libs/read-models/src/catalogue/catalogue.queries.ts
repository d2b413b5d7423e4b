import {
  Actor,
  DomainError,
  POWER_LIFECYCLE_EVENT_TYPES,
  PowerAttributes,
  PowerLifecycleEvent,
  PowerStatus,
  PowerWarning,
  powerErrors,
  ProposalStatus,
  publicationDuty,
  shanghaiDate,
  WorkingCalendar,
  CatalogueViewer,
} from '@app/domain';
import { DataSource } from 'typeorm';
import { invalidCursor } from '../page-cursor';

export interface CatalogueAt {
  /** YYYY-MM-DD, effective time; today in Asia/Shanghai when absent. */
  asOf?: string;
  /** ISO-8601 instant, recorded time; what the catalogue says now when absent. */
  knownAt?: string;
}

export interface CatalogueFilter {
  department?: string;
  category?: string;
  status?: PowerStatus;
  important?: boolean;
  /** Text searched in the name and the legal basis (titles, articles, texts). */
  q?: string;
}

export interface CataloguePublication {
  /** The latest publication made on or before the date asked about. */
  lastPublishedOn: string | null;
  channel?: string;
  url?: string;
  /** When the earliest fact no publication covers yet must be published; null when every fact is covered. */
  dueBy: string | null;
  overdue: boolean;
  /** Set when dueBy cannot be computed because that year's working-day calendar has not been published. */
  calendarYearMissing?: number;
}

/** A proposal as the catalogue shows it beside its power: what it asks and where its review stood. */
export interface ProposalSummary {
  id: number;
  fact: PowerLifecycleEvent['type'];
  department: string;
  effectiveFrom: string;
  status: ProposalStatus;
  proposedAt: string;
  /** When it was approved or rejected, if it had been by the instant asked about. */
  decidedAt?: string;
}

/** A department's proposal (申报) with its review (审核), as the reviewers' queue lists it. */
export interface CatalogueProposal {
  code: string;
  id: number;
  department: string;
  status: ProposalStatus;
  /** The fact proposed: its type, and its data as it would be recorded. */
  fact: { type: PowerLifecycleEvent['type']; data: Record<string, unknown> };
  proposedAt: string;
  proposedBy?: Actor;
  decidedAt?: string;
  decidedBy?: Actor;
  /** The stream version of the fact the approval recorded. */
  factVersion?: number;
  /** The reviewer's approval document. */
  approval?: { authority: string; documentNo: string; date: string };
  reasons?: string[];
  /** Global log position of the proposal. */
  position: number;
}

export interface ProposalFilter {
  status?: ProposalStatus;
  department?: string;
  code?: string;
}

/**
 * Who reads proposals: every proposal (`all`), or those a department made (`department`); a proposal is the
 * department's own workflow until it is approved, and may be of a classified power.
 */
export type ProposalViewer = { kind: 'all' } | { kind: 'department'; department: string };

export interface ProposalPage {
  items: CatalogueProposal[];
  nextCursor: string | null;
}

/** A power resource: the catalogue fields at the top level, plus where it stands. */
export type CataloguePower = PowerAttributes & {
  status: PowerStatus;
  /** The date the grant took effect. */
  effectiveFrom: string;
  version: number;
  publication: CataloguePublication;
  warnings: PowerWarning[];
  /** The date this view is for. */
  asOf: string;
  /** The recording instant this view is for, when one was asked. */
  knownAt?: string;
  /** Its proposals as known at knownAt, oldest first; for its department and the supervising roles only. */
  proposals?: ProposalSummary[];
};

export interface CataloguePage {
  items: CataloguePower[];
  nextCursor: string | null;
}

export interface CatalogueQueriesOptions {
  /** Working days within which every catalogue fact must be published. */
  publicationLimitWorkingDays: number;
  /** The working calendar in force (published years included). */
  calendar: () => WorkingCalendar | Promise<WorkingCalendar>;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

interface VersionRow {
  code: string;
  version: number;
  status: PowerStatus;
  effective_from: string;
  last_published_on: string | null;
  publication: { channel: string; publishedOn: string; url?: string } | null;
  warnings: PowerWarning[];
  attributes: PowerAttributes;
}

interface ProposalRow {
  code: string;
  proposal_id: number;
  department: string;
  fact: CatalogueProposal['fact'];
  status: ProposalStatus;
  proposed_at: Date;
  proposed_by: Actor | null;
  decided_at: Date | null;
  decided_by: Actor | null;
  fact_version: number | null;
  approval: CatalogueProposal['approval'] | null;
  reasons: string[] | null;
  global_position: string;
}

interface DutyEventRow {
  code: string;
  type: string;
  recorded_at: Date;
  published_on: string | null;
}

function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after })).toString('base64url');
}

function decodeCursor(cursor: string, valid: (after: string) => boolean = () => true): string {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof decoded.after === 'string' && decoded.after !== '' && valid(decoded.after)) return decoded.after;
  } catch {
    // Falls through: anything that is not our JSON is equally invalid.
  }
  throw invalidCursor();
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Collects the WHERE clause of a catalogue query and its parameters. */
class Conditions {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  toSql(): string {
    return this.clauses.join(' AND ');
  }
}

/**
 * Reads of the bitemporal catalogue. Each (asOf, knownAt) pair selects at most one row per power (the table's
 * exclusion constraint), so lists page by code. The publication duty is computed on read, from the facts and
 * publications known at `knownAt`, because it depends on the day it is asked and on the configured limit.
 */
export class CatalogueQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: CatalogueQueriesOptions,
  ) {}

  async list(
    viewer: CatalogueViewer,
    filter: CatalogueFilter,
    at: CatalogueAt,
    page: { limit?: number; cursor?: string },
    now: Date,
  ): Promise<CataloguePage> {
    const limit = pageSize(page.limit);
    const where = this.at(at, now);
    this.visibleTo(where, viewer, now);
    if (filter.department !== undefined) where.add(`department = ${where.param(filter.department)}`);
    if (filter.category !== undefined) where.add(`category = ${where.param(filter.category)}`);
    if (filter.status !== undefined) where.add(`status = ${where.param(filter.status)}`);
    if (filter.important !== undefined) where.add(`important = ${where.param(filter.important)}`);
    if (filter.q !== undefined && filter.q.trim() !== '') {
      where.add(`search_text ILIKE ${where.param(likePattern(filter.q.trim()))}`);
    }
    if (page.cursor !== undefined) where.add(`code > ${where.param(decodeCursor(page.cursor))}`);
    const rows = await this.dataSource.query<VersionRow[]>(
      `${selectVersion(viewer)} WHERE ${where.toSql()} ORDER BY code LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
    const items = await this.resources(rows.slice(0, limit), viewer, at, now);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].code) : null };
  }

  /** One power; POWER_NOT_FOUND when it was not recorded by `knownAt` or the viewer may not see it. */
  async get(code: string, viewer: CatalogueViewer, at: CatalogueAt, now: Date): Promise<CataloguePower> {
    const where = this.at(at, now);
    this.visibleTo(where, viewer, now);
    where.add(`code = ${where.param(code)}`);
    const rows = await this.dataSource.query<VersionRow[]>(
      `${selectVersion(viewer)} WHERE ${where.toSql()}`,
      where.params,
    );
    if (rows.length === 0) throw powerErrors.notFound(code);
    const [power] = await this.resources(rows, viewer, at, now);
    return power;
  }

  /**
   * The proposals and their review as recorded at `knownAt` (now when absent), oldest first: a review recorded
   * after that instant shows the proposal still pending.
   */
  async proposals(
    viewer: ProposalViewer,
    filter: ProposalFilter,
    at: { knownAt?: string },
    page: { limit?: number; cursor?: string },
  ): Promise<ProposalPage> {
    const limit = pageSize(page.limit);
    const where = new Conditions();
    const knownAt = at.knownAt === undefined ? null : where.param(at.knownAt);
    const status = knownAt
      ? `CASE WHEN decided_at <= ${knownAt}::timestamptz THEN status ELSE 'pending' END`
      : 'status';
    if (knownAt) where.add(`proposed_at <= ${knownAt}::timestamptz`);
    if (viewer.kind === 'department') where.add(`department = ${where.param(viewer.department)}`);
    if (filter.department !== undefined) where.add(`department = ${where.param(filter.department)}`);
    if (filter.code !== undefined) where.add(`code = ${where.param(filter.code)}`);
    if (filter.status !== undefined) where.add(`${status} = ${where.param(filter.status)}`);
    if (page.cursor !== undefined) {
      const after = decodeCursor(page.cursor, (value) => /^\d{1,18}$/.test(value));
      where.add(`global_position > ${where.param(after)}::bigint`);
    }
    const rows = await this.dataSource.query<ProposalRow[]>(
      `SELECT code, proposal_id, department, fact, ${status} AS status, proposed_at, proposed_by,
              ${knownAt ? `CASE WHEN decided_at <= ${knownAt}::timestamptz THEN decided_at END` : 'decided_at'} AS decided_at,
              decided_by, fact_version, approval, reasons, global_position
         FROM catalogue_power_proposals WHERE ${where.toSql() || 'TRUE'}
        ORDER BY global_position LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
    const items = rows.slice(0, limit).map(proposalOf);
    return {
      items,
      nextCursor: rows.length > limit ? encodeCursor(String(items[items.length - 1].position)) : null,
    };
  }

  private at(at: CatalogueAt, now: Date): Conditions {
    const where = new Conditions();
    where.add(`valid @> ${where.param(at.asOf ?? shanghaiDate(now.toISOString()))}::date`);
    if (at.knownAt === undefined) where.add('recorded_to IS NULL');
    else where.add(`recorded @> ${where.param(at.knownAt)}::timestamptz`);
    return where;
  }

  private visibleTo(where: Conditions, viewer: CatalogueViewer, now: Date): void {
    switch (viewer.kind) {
      case 'public':
        // What the public may see today: nothing of a power classified now, whatever it was on the date asked.
        where.add(`NOT classified AND published_ever AND NOT EXISTS (
          SELECT 1 FROM catalogue_power_versions c
           WHERE c.code = v.code AND c.recorded_to IS NULL AND c.classified
             AND c.valid @> ${where.param(shanghaiDate(now.toISOString()))}::date)`);
        return;
      case 'unclassified':
        where.add('NOT classified');
        return;
      case 'department':
        where.add(`(NOT classified OR department = ${where.param(viewer.department)})`);
        return;
      case 'all':
        return;
    }
  }

  private async resources(
    rows: VersionRow[],
    viewer: CatalogueViewer,
    at: CatalogueAt,
    now: Date,
  ): Promise<CataloguePower[]> {
    if (rows.length === 0) return [];
    const today = shanghaiDate(now.toISOString());
    // The duty as it stood at knownAt: what had been recorded by then, judged on that day. A public row's version is
    // its last publication, so the public's duty is judged on the disclosed facts only.
    const dutyDay = at.knownAt === undefined ? today : [today, shanghaiDate(at.knownAt)].sort()[0];
    const duties = await this.duties(rows, dutyDay);
    const reviewed = rows.filter(
      (row) =>
        viewer.kind === 'all' || (viewer.kind === 'department' && row.attributes.department === viewer.department),
    );
    const proposals = await this.summaries(
      reviewed.map((row) => row.code),
      at.knownAt,
    );
    return rows.map((row) => ({
      ...row.attributes,
      status: row.status,
      effectiveFrom: row.effective_from,
      version: row.version,
      publication: {
        lastPublishedOn: row.last_published_on,
        ...(row.publication
          ? { channel: row.publication.channel, ...(row.publication.url ? { url: row.publication.url } : {}) }
          : {}),
        ...duties.get(row.code)!,
      },
      warnings: row.warnings,
      asOf: at.asOf ?? today,
      ...(at.knownAt !== undefined ? { knownAt: at.knownAt } : {}),
      ...(reviewed.includes(row) ? { proposals: proposals.get(row.code) ?? [] } : {}),
    }));
  }

  private async summaries(codes: string[], knownAt: string | undefined): Promise<Map<string, ProposalSummary[]>> {
    const summaries = new Map<string, ProposalSummary[]>();
    if (codes.length === 0) return summaries;
    const rows = await this.dataSource.query<
      (Pick<ProposalRow, 'code' | 'proposal_id' | 'department' | 'fact' | 'status' | 'proposed_at'> & {
        decided_at: Date | null;
      })[]
    >(
      `SELECT code, proposal_id, department, fact,
              CASE WHEN $2::timestamptz IS NULL OR decided_at <= $2::timestamptz THEN status ELSE 'pending' END AS status,
              proposed_at,
              CASE WHEN $2::timestamptz IS NULL OR decided_at <= $2::timestamptz THEN decided_at END AS decided_at
         FROM catalogue_power_proposals
        WHERE code = ANY($1::text[]) AND ($2::timestamptz IS NULL OR proposed_at <= $2::timestamptz)
        ORDER BY code, proposal_id`,
      [codes, knownAt ?? null],
    );
    for (const row of rows) {
      const list = summaries.get(row.code) ?? [];
      list.push({
        id: row.proposal_id,
        fact: row.fact.type,
        department: row.department,
        effectiveFrom: row.fact.data.effectiveFrom as string,
        status: row.status,
        proposedAt: row.proposed_at.toISOString(),
        ...(row.decided_at ? { decidedAt: row.decided_at.toISOString() } : {}),
      });
      summaries.set(row.code, list);
    }
    return summaries;
  }

  private async duties(
    rows: VersionRow[],
    today: string,
  ): Promise<Map<string, Pick<CataloguePublication, 'dueBy' | 'overdue' | 'calendarYearMissing'>>> {
    const events = await this.dataSource.query<DutyEventRow[]>(
      `SELECT e.code, e.type, e.recorded_at, e.data ->> 'publishedOn' AS published_on
         FROM catalogue_power_events e
         JOIN unnest($1::text[], $2::int[]) AS known (code, version)
           ON e.code = known.code AND e.version <= known.version`,
      [rows.map((r) => r.code), rows.map((r) => r.version)],
    );
    const calendar = await this.options.calendar();
    const addWorkingDays = (date: string, n: number) => calendar.addWorkingDays(date, n);
    return new Map(
      rows.map((row) => {
        const own = events.filter((e) => e.code === row.code);
        const facts = own
          .filter((e) => (POWER_LIFECYCLE_EVENT_TYPES as readonly string[]).includes(e.type))
          .map((e) => ({ recordedAt: e.recorded_at.toISOString() }));
        const publications = own.flatMap((e) => (e.published_on ? [{ publishedOn: e.published_on }] : []));
        try {
          const duty = publicationDuty(
            facts,
            publications,
            this.options.publicationLimitWorkingDays,
            addWorkingDays,
            today,
          );
          return [row.code, { dueBy: duty.dueBy, overdue: duty.overdue }];
        } catch (error) {
          if (!(error instanceof DomainError) || error.code !== 'CALENDAR_YEAR_UNKNOWN') throw error;
          return [row.code, { dueBy: null, overdue: false, calendarYearMissing: error.details.year as number }];
        }
      }),
    );
  }
}

function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

/** The public reads the versions built from disclosed facts only; everyone else the full catalogue. */
function selectVersion(viewer: CatalogueViewer): string {
  const table = viewer.kind === 'public' ? 'catalogue_public_versions' : 'catalogue_power_versions';
  return `SELECT code, version, status, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
    to_char(last_published_on, 'YYYY-MM-DD') AS last_published_on, publication, warnings, attributes
    FROM ${table} v`;
}

function proposalOf(row: ProposalRow): CatalogueProposal {
  return {
    code: row.code,
    id: row.proposal_id,
    department: row.department,
    status: row.status,
    fact: row.fact,
    proposedAt: row.proposed_at.toISOString(),
    ...(row.proposed_by ? { proposedBy: row.proposed_by } : {}),
    ...(row.decided_at ? { decidedAt: row.decided_at.toISOString() } : {}),
    ...(row.decided_at && row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at && row.fact_version !== null ? { factVersion: row.fact_version } : {}),
    ...(row.decided_at && row.approval ? { approval: row.approval } : {}),
    ...(row.decided_at && row.reasons ? { reasons: row.reasons } : {}),
    position: Number(row.global_position),
  };
}
