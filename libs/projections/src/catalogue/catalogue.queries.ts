import {
  DomainError,
  PowerAttributes,
  PowerStatus,
  PowerWarning,
  powerErrors,
  publicationDuty,
  shanghaiDate,
  WorkingCalendar,
} from '@app/domain';
import { DataSource } from 'typeorm';

/**
 * Who is reading, as far as the catalogue cares:
 * - `public`: no credentials; only powers disclosed at least once and not classified on the date asked about;
 * - `unclassified`: every power not classified on that date, disclosed or not;
 * - `department`: like `unclassified`, plus the classified powers the department holds on that date;
 * - `all`: everything, classified included.
 */
export type CatalogueViewer =
  { kind: 'public' } | { kind: 'unclassified' } | { kind: 'department'; department: string } | { kind: 'all' };

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

interface DutyEventRow {
  code: string;
  type: string;
  recorded_at: Date;
  published_on: string | null;
}

const invalidCursor = () =>
  new DomainError(
    'INVALID_CURSOR',
    'validation',
    'The cursor was not issued by this API',
    {},
    {
      cursor: ['must be a nextCursor returned by a previous page'],
    },
  );

function encodeCursor(code: string): string {
  return Buffer.from(JSON.stringify({ after: code })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof decoded.after === 'string' && decoded.after !== '') return decoded.after;
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
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const where = this.at(at, now);
    this.visibleTo(where, viewer);
    if (filter.department !== undefined) where.add(`department = ${where.param(filter.department)}`);
    if (filter.category !== undefined) where.add(`category = ${where.param(filter.category)}`);
    if (filter.status !== undefined) where.add(`status = ${where.param(filter.status)}`);
    if (filter.important !== undefined) where.add(`important = ${where.param(filter.important)}`);
    if (filter.q !== undefined && filter.q.trim() !== '') {
      where.add(`search_text ILIKE ${where.param(likePattern(filter.q.trim()))}`);
    }
    if (page.cursor !== undefined) where.add(`code > ${where.param(decodeCursor(page.cursor))}`);
    const rows = await this.dataSource.query<VersionRow[]>(
      `${SELECT_VERSION} WHERE ${where.toSql()} ORDER BY code LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
    const items = await this.resources(rows.slice(0, limit), at, now);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].code) : null };
  }

  /** One power; POWER_NOT_FOUND when it was not recorded by `knownAt` or the viewer may not see it. */
  async get(code: string, viewer: CatalogueViewer, at: CatalogueAt, now: Date): Promise<CataloguePower> {
    const where = this.at(at, now);
    this.visibleTo(where, viewer);
    where.add(`code = ${where.param(code)}`);
    const rows = await this.dataSource.query<VersionRow[]>(`${SELECT_VERSION} WHERE ${where.toSql()}`, where.params);
    if (rows.length === 0) throw powerErrors.notFound(code);
    const [power] = await this.resources(rows, at, now);
    return power;
  }

  private at(at: CatalogueAt, now: Date): Conditions {
    const where = new Conditions();
    where.add(`valid @> ${where.param(at.asOf ?? shanghaiDate(now.toISOString()))}::date`);
    if (at.knownAt === undefined) where.add('recorded_to IS NULL');
    else where.add(`recorded @> ${where.param(at.knownAt)}::timestamptz`);
    return where;
  }

  private visibleTo(where: Conditions, viewer: CatalogueViewer): void {
    switch (viewer.kind) {
      case 'public':
        where.add('NOT classified AND published_ever');
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

  private async resources(rows: VersionRow[], at: CatalogueAt, now: Date): Promise<CataloguePower[]> {
    if (rows.length === 0) return [];
    const today = shanghaiDate(now.toISOString());
    // The duty as it stood at knownAt: what had been recorded by then, judged on that day.
    const dutyDay = at.knownAt === undefined ? today : [today, shanghaiDate(at.knownAt)].sort()[0];
    const duties = await this.duties(rows, dutyDay);
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
    }));
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
          .filter((e) => e.type !== 'PowerPublished')
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

const SELECT_VERSION = `SELECT code, version, status, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
  to_char(last_published_on, 'YYYY-MM-DD') AS last_published_on, publication, warnings, attributes
  FROM catalogue_power_versions`;
