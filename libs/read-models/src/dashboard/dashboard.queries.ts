import { DataSource } from 'typeorm';
import { FigureDefinition, FIGURES, figureByKey, RATES } from './dashboard-figures';

/** Which facts a figure counts: a department (or all), a period of days, and what was on record by a date. */
export interface FigureScope {
  department?: string;
  /** YYYY-MM-DD inclusive: the days the facts claim. */
  from: string;
  to: string;
  /** YYYY-MM-DD: only facts recorded by the end of that day (Asia/Shanghai). */
  asOf?: string;
}

export interface Figure {
  key: string;
  label: string;
  value: number | null;
  /** For a rate: the two figures it divides. */
  numerator?: number;
  denominator?: number;
}

export interface DashboardItem {
  itemKind: string;
  itemId: string;
  department: string;
  occurredOn: string;
  recordedAt: string;
  dim1: string | null;
  dim2: string | null;
  value: number | null;
}

interface Aggregate {
  metric: string;
  dim1: string | null;
  dim2: string | null;
  n: number;
  valued: number;
  total: number | null;
}

/** SQL conditions and their parameters, built once per request. */
class Conditions {
  readonly params: unknown[] = [];

  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }
}

/** The end of a day in Asia/Shanghai as a timestamptz expression. */
const endOf = (placeholder: string): string => `((${placeholder}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/**
 * The dashboards' reads over dashboard_facts: every figure of a department (or of all) for a period as of a date, the
 * same per department, month by month, and the items behind any figure.
 */
export class DashboardQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Every figure of FIGURES and RATES for the scope, in their order. */
  async figures(scope: FigureScope): Promise<Figure[]> {
    const byDepartment = await this.figuresByDepartment(
      scope,
      scope.department === undefined ? undefined : [scope.department],
    );
    return byDepartment.get(scope.department ?? '') ?? emptyFigures();
  }

  /**
   * The figures of each department (or of all, under the key '' when `departments` is undefined), in two queries
   * whatever the number of departments: one aggregate of the facts, one of the derived figures.
   */
  async figuresByDepartment(scope: FigureScope, departments?: string[]): Promise<Map<string, Figure[]>> {
    const perDepartment = departments !== undefined;
    const c = new Conditions();
    const from = c.param(scope.from);
    const to = c.param(scope.to);
    const bound = scope.asOf === undefined ? null : endOf(c.param(scope.asOf));
    const stateBound = bound === null ? endOf(to) : `LEAST(${endOf(to)}, ${bound})`;
    const inDepartments = perDepartment ? ` AND f.department = ANY(${c.param(departments)}::text[])` : '';
    const recordedBy = (alias: string) => (bound === null ? '' : ` AND ${alias}.recorded_at < ${bound}`);
    const group = perDepartment ? 'f.department' : "''";
    const aggregates = await this.dataSource.query<(Aggregate & { department: string })[]>(
      `SELECT ${group} AS department, f.metric, f.dim1, f.dim2, count(*)::int AS n, count(f.value)::int AS valued,
              sum(f.value)::float AS total
         FROM dashboard_facts f
        WHERE f.occurred_on BETWEEN ${from}::date AND ${to}::date${inDepartments}${recordedBy('f')}
          AND f.metric NOT IN ('catalogue.owner', 'cases.personNamed', 'complaints.assigned')
        GROUP BY 1, f.metric, f.dim1, f.dim2`,
      c.params,
    );
    const derived = await this.dataSource.query<{ department: string; figure: string; n: number }[]>(
      `SELECT ${group} AS department, 'alerts.open' AS figure, count(*)::int AS n FROM dashboard_facts f
        WHERE f.metric = 'alerts.raised' AND f.occurred_on BETWEEN ${from}::date AND ${to}::date${inDepartments}${recordedBy('f')}
          AND NOT EXISTS (SELECT 1 FROM dashboard_facts s WHERE s.item_id = f.item_id AND s.metric = 'alerts.resolved'${recordedBy('s')})
        GROUP BY 1
       UNION ALL
       SELECT ${group}, 'operations.overdue', count(DISTINCT f.item_id)::int FROM dashboard_facts f
        WHERE f.metric = 'operations.deadlinePassed' AND f.recorded_at < ${stateBound}${inDepartments}
          AND NOT EXISTS (SELECT 1 FROM dashboard_facts s WHERE s.item_id = f.item_id
                             AND s.metric = 'operations.completed' AND s.recorded_at < ${stateBound})
        GROUP BY 1
       UNION ALL
       SELECT ${group}, 'findings.corrected', count(*)::int FROM dashboard_facts f
        WHERE f.metric = 'findings.recorded' AND f.occurred_on BETWEEN ${from}::date AND ${to}::date${inDepartments}${recordedBy('f')}
          AND EXISTS (SELECT 1 FROM dashboard_facts s WHERE s.ref = 'finding:' || f.item_id
                         AND s.metric = 'rectifications.accepted'${recordedBy('s')})
        GROUP BY 1
       UNION ALL
       SELECT ${group}, 'rectifications.completed', count(*)::int FROM dashboard_facts f
        WHERE f.metric = 'rectifications.ordered' AND f.occurred_on BETWEEN ${from}::date AND ${to}::date${inDepartments}${recordedBy('f')}
          AND EXISTS (SELECT 1 FROM dashboard_facts s WHERE s.item_id = f.item_id
                         AND s.metric = 'rectifications.accepted'${recordedBy('s')})
        GROUP BY 1`,
      c.params,
    );
    const keys = departments ?? [''];
    const result = new Map<string, Figure[]>();
    for (const department of keys) {
      const rows = aggregates.filter((row) => row.department === department);
      const derivedOf = new Map(
        derived.filter((row) => row.department === department).map((row) => [row.figure, row.n]),
      );
      result.set(department, computeFigures(rows, derivedOf));
    }
    return result;
  }

  /** Each month's figures from `from` to `to` (whole months), for a department or all. */
  async series(scope: FigureScope): Promise<{ month: string; figures: Figure[] }[]> {
    const c = new Conditions();
    const from = c.param(scope.from);
    const to = c.param(scope.to);
    const bound = scope.asOf === undefined ? '' : ` AND recorded_at < ${endOf(c.param(scope.asOf))}`;
    const department = scope.department === undefined ? '' : ` AND department = ${c.param(scope.department)}`;
    const rows = await this.dataSource.query<(Aggregate & { month: string })[]>(
      `SELECT to_char(occurred_on, 'YYYY-MM') AS month, metric, dim1, dim2, count(*)::int AS n,
              count(value)::int AS valued, sum(value)::float AS total
         FROM dashboard_facts
        WHERE occurred_on BETWEEN ${from}::date AND ${to}::date${department}${bound}
          AND metric NOT IN ('catalogue.owner', 'cases.personNamed', 'complaints.assigned')
        GROUP BY 1, metric, dim1, dim2`,
      c.params,
    );
    return monthsBetween(scope.from, scope.to).map((month) => ({
      month,
      figures: computeFigures(
        rows.filter((row) => row.month === month),
        new Map(),
      ).filter((figure) => !DERIVED_KEYS.has(figure.key)),
    }));
  }

  /** The departments that have any fact: the rows of the overview. */
  async departments(): Promise<string[]> {
    const rows = await this.dataSource.query<{ department: string }[]>(
      `SELECT DISTINCT department FROM dashboard_facts WHERE metric = 'catalogue.owner'
        UNION SELECT DISTINCT department FROM dashboard_facts WHERE metric = 'operations.registered'
        ORDER BY 1`,
    );
    return rows.map((row) => row.department);
  }

  /** The items a figure counts, oldest first, `limit` at a time after the cursor (a fact's position). */
  async items(
    key: string,
    scope: FigureScope,
    page: { limit: number; after?: number },
  ): Promise<{ items: (DashboardItem & { position: number })[]; more: boolean }> {
    const figure = figureByKey(key);
    if (figure === undefined) return { items: [], more: false };
    const c = new Conditions();
    const where = [`f.metric = ${c.param(figure.metric)}`];
    const bound = scope.asOf === undefined ? null : endOf(c.param(scope.asOf));
    const recordedBy = (alias: string) => (bound === null ? '' : ` AND ${alias}.recorded_at < ${bound}`);
    if (scope.department !== undefined) where.push(`f.department = ${c.param(scope.department)}`);
    if (figure.state) {
      const stateBound = bound === null ? endOf(c.param(scope.to)) : `LEAST(${endOf(c.param(scope.to))}, ${bound})`;
      where.push(`f.recorded_at < ${stateBound}`);
      where.push(
        `NOT EXISTS (SELECT 1 FROM dashboard_facts s WHERE s.item_id = f.item_id AND s.metric = 'operations.completed' AND s.recorded_at < ${stateBound})`,
      );
    } else {
      where.push(`f.occurred_on BETWEEN ${c.param(scope.from)}::date AND ${c.param(scope.to)}::date${recordedBy('f')}`);
    }
    if (figure.dim1 !== undefined) where.push(`f.dim1 = ANY(${c.param(figure.dim1.split('|'))}::text[])`);
    if (figure.dim2 !== undefined) where.push(`f.dim2 = ${c.param(figure.dim2)}`);
    if (figure.derived === 'alerts.open') {
      where.push(
        `NOT EXISTS (SELECT 1 FROM dashboard_facts s WHERE s.item_id = f.item_id AND s.metric = 'alerts.resolved'${recordedBy('s')})`,
      );
    } else if (figure.derived === 'findings.corrected') {
      where.push(
        `EXISTS (SELECT 1 FROM dashboard_facts s WHERE s.ref = 'finding:' || f.item_id AND s.metric = 'rectifications.accepted'${recordedBy('s')})`,
      );
    } else if (figure.derived === 'rectifications.completed') {
      where.push(
        `EXISTS (SELECT 1 FROM dashboard_facts s WHERE s.item_id = f.item_id AND s.metric = 'rectifications.accepted'${recordedBy('s')})`,
      );
    }
    if (page.after !== undefined) where.push(`f.position > ${c.param(page.after)}`);
    const distinct = figure.derived === 'operations.overdue' ? 'DISTINCT ON (f.position, f.item_id)' : '';
    const rows = await this.dataSource.query<
      {
        item_kind: string;
        item_id: string;
        department: string;
        occurred_on: string;
        recorded_at: Date;
        dim1: string | null;
        dim2: string | null;
        value: string | null;
        position: string;
      }[]
    >(
      `SELECT ${distinct} f.item_kind, f.item_id, f.department, f.occurred_on::text, f.recorded_at, f.dim1, f.dim2,
              f.value, f.position
         FROM dashboard_facts f WHERE ${where.join(' AND ')}
        ORDER BY f.position, f.item_id LIMIT ${c.param(page.limit + 1)}`,
      c.params,
    );
    return {
      items: rows.slice(0, page.limit).map((row) => ({
        itemKind: row.item_kind,
        itemId: row.item_id,
        department: row.department,
        occurredOn: row.occurred_on,
        recordedAt: row.recorded_at.toISOString(),
        dim1: row.dim1,
        dim2: row.dim2,
        value: row.value === null ? null : Number(row.value),
        position: Number(row.position),
      })),
      more: rows.length > page.limit,
    };
  }
}

const DERIVED_KEYS = new Set(FIGURES.filter((figure) => figure.derived !== undefined).map((figure) => figure.key));

function matches(figure: FigureDefinition, row: Aggregate): boolean {
  if (row.metric !== figure.metric) return false;
  if (figure.dim1 !== undefined && !figure.dim1.split('|').includes(row.dim1 ?? '')) return false;
  return figure.dim2 === undefined || row.dim2 === figure.dim2;
}

function computeFigures(rows: Aggregate[], derived: ReadonlyMap<string, number>): Figure[] {
  const figures: Figure[] = FIGURES.map((figure) => {
    if (figure.derived !== undefined)
      return { key: figure.key, label: figure.label, value: derived.get(figure.key) ?? 0 };
    const matching = rows.filter((row) => matches(figure, row));
    const count = matching.reduce((sum, row) => sum + row.n, 0);
    const valued = matching.reduce((sum, row) => sum + row.valued, 0);
    const total = matching.reduce((sum, row) => sum + (row.total ?? 0), 0);
    const value =
      figure.aggregate === 'avg'
        ? valued === 0
          ? null
          : Math.round((total / valued) * 100) / 100
        : figure.aggregate === 'sum'
          ? total
          : count;
    return { key: figure.key, label: figure.label, value };
  });
  const valueOf = (key: string): number => figures.find((figure) => figure.key === key)?.value ?? 0;
  for (const rate of RATES) {
    const numerator = valueOf(rate.numerator);
    const denominator = valueOf(rate.denominator);
    figures.push({
      key: rate.key,
      label: rate.label,
      value: denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10,
      numerator,
      denominator,
    });
  }
  return figures;
}

function emptyFigures(): Figure[] {
  return computeFigures([], new Map());
}

/** YYYY-MM of every month from the month of `from` to that of `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}
