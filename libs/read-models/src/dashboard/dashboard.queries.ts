import { lastDayOfMonth, monthsBetween } from '@app/domain';
import { DataSource } from 'typeorm';
import { FigureDefinition, FIGURES, figureByKey, RATES } from './dashboard-figures';
import { ENDING_METRICS, endedMetric, OVERDUE_ITEMS, UNCOUNTED } from './dashboard-counters';

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

/** The aggregate of a department (or of all, department ''). */
type DepartmentAggregate = Aggregate & { department: string };

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
   * whatever the number of departments: one of the period's counters, one of what is overdue.
   */
  async figuresByDepartment(scope: FigureScope, departments?: string[]): Promise<Map<string, Figure[]>> {
    const [aggregates, overdue] = await Promise.all([
      this.counted(scope, departments),
      this.overdue(scope, departments),
    ]);
    const result = new Map<string, Figure[]>();
    const rowsOf = groupBy(aggregates, (row) => row.department);
    const overdueOf = groupBy(overdue, (row) => row.department);
    for (const department of departments ?? ['']) {
      const figures = new Map((overdueOf.get(department) ?? []).map((row) => [row.figure, row.n]));
      result.set(department, computeFigures(rowsOf.get(department) ?? [], figures));
    }
    return result;
  }

  /**
   * The period's counts (of what was on record by the end of `asOf`, if given): whole months from the month counters
   * (as of a date, from each counter's latest row in its history by then), the days of a month taken in part (the
   * first and the last, at most) from the facts.
   */
  private async counted(scope: FigureScope, departments?: string[]): Promise<DepartmentAggregate[]> {
    const { months, partial } = splitPeriod(scope.from, scope.to);
    const parts = await Promise.all([
      months.length === 0
        ? Promise.resolve([])
        : scope.asOf === undefined
          ? this.counters(months, departments)
          : this.countersAsOf(months, scope.asOf, departments),
      ...partial.map((range) => this.aggregatedFacts({ ...range, asOf: scope.asOf }, departments)),
    ]);
    return parts.flat();
  }

  private counters(months: string[], departments?: string[]): Promise<DepartmentAggregate[]> {
    const c = new Conditions();
    const inDepartments = departments === undefined ? '' : ` AND department = ANY(${c.param(departments)}::text[])`;
    return this.dataSource.query<DepartmentAggregate[]>(
      `SELECT ${departments === undefined ? "''" : 'department'} AS department, metric, nullif(dim1, '') AS dim1,
              nullif(dim2, '') AS dim2, sum(n)::int AS n, sum(valued)::int AS valued, sum(total)::float AS total
         FROM dashboard_counts
        WHERE month = ANY(${c.param(months)}::date[])${inDepartments}
        GROUP BY 1, metric, dim1, dim2`,
      c.params,
    );
  }

  /**
   * The month counters as they stood at the end of `asOf`: for each counter, its latest row of history on or before
   * that day (one index probe per counter, however many facts it counts); a counter with nothing recorded by then
   * has no such row and counts nothing.
   */
  private countersAsOf(
    months: string[] | undefined,
    asOf: string,
    departments?: string[],
    metrics?: string[],
  ): Promise<DepartmentAggregate[]> {
    const c = new Conditions();
    const inDepartments = departments === undefined ? '' : ` AND k.department = ANY(${c.param(departments)}::text[])`;
    const inMonths = months === undefined ? '' : ` AND k.month = ANY(${c.param(months)}::date[])`;
    const ofMetrics = metrics === undefined ? '' : ` AND k.metric = ANY(${c.param(metrics)}::text[])`;
    return this.dataSource.query<DepartmentAggregate[]>(
      `SELECT ${departments === undefined ? "''" : 'k.department'} AS department, k.metric, nullif(k.dim1, '') AS dim1,
              nullif(k.dim2, '') AS dim2, sum(h.n)::int AS n, sum(h.valued)::int AS valued, sum(h.total)::float AS total
         FROM dashboard_counts k
        CROSS JOIN LATERAL (
              SELECT h.n, h.valued, h.total FROM dashboard_count_history h
               WHERE h.month = k.month AND h.department = k.department AND h.metric = k.metric AND h.dim1 = k.dim1
                 AND h.dim2 = k.dim2 AND h.recorded_on <= ${c.param(asOf)}::date
               ORDER BY h.recorded_on DESC LIMIT 1) h
        WHERE true${inMonths}${inDepartments}${ofMetrics}
        GROUP BY 1, k.metric, k.dim1, k.dim2`,
      c.params,
    );
  }

  /**
   * The counts of a range of days from the facts themselves; with `asOf`, of those recorded by the end of that day.
   * Beside the metrics, the ends of the states the period's facts opened (`alerts.raised:ended`, …), as the counters
   * hold them.
   */
  private aggregatedFacts(scope: FigureScope, departments?: string[]): Promise<DepartmentAggregate[]> {
    const c = new Conditions();
    const group = departments === undefined ? "''" : 'f.department';
    const inDepartments = departments === undefined ? '' : ` AND f.department = ANY(${c.param(departments)}::text[])`;
    const bound = scope.asOf === undefined ? null : endOf(c.param(scope.asOf));
    const recordedBy = bound === null ? '' : ` AND f.recorded_at < ${bound}`;
    const endedBy = bound === null ? 'f.ended_at IS NOT NULL' : `f.ended_at < ${bound}`;
    const period = `f.occurred_on BETWEEN ${c.param(scope.from)}::date AND ${c.param(scope.to)}::date`;
    const states = [...ENDING_METRICS].filter((metric) => metric !== 'operations.deadlinePassed');
    return this.dataSource.query<DepartmentAggregate[]>(
      `SELECT ${group} AS department, f.metric, f.dim1, f.dim2,
              count(*)::int AS n, count(f.value)::int AS valued, sum(f.value)::float AS total
         FROM dashboard_facts f
        WHERE ${period}${inDepartments}${recordedBy}
          AND f.metric NOT IN (${UNCOUNTED.map((metric) => `'${metric}'`).join(', ')})
        GROUP BY 1, f.metric, f.dim1, f.dim2
       UNION ALL
       SELECT ${group}, f.metric || ':ended', NULL, NULL, count(*)::int, 0, NULL
         FROM dashboard_facts f
        WHERE f.metric IN (${states.map((metric) => `'${metric}'`).join(', ')})
          AND ${period}${inDepartments}${recordedBy} AND ${endedBy}
        GROUP BY 1, f.metric`,
      c.params,
    );
  }

  /**
   * How many operations are overdue now (or as of `asOf`), whatever the period: those with a passed deadline on
   * record and no completion on record, counted once each, from the counters of every month.
   */
  private async overdue(
    scope: FigureScope,
    departments?: string[],
  ): Promise<{ department: string; figure: string; n: number }[]> {
    const metrics = [OVERDUE_ITEMS, endedMetric(OVERDUE_ITEMS)];
    let rows: DepartmentAggregate[];
    if (scope.asOf === undefined) {
      const c = new Conditions();
      const inDepartments = departments === undefined ? '' : ` AND department = ANY(${c.param(departments)}::text[])`;
      rows = await this.dataSource.query<DepartmentAggregate[]>(
        `SELECT ${departments === undefined ? "''" : 'department'} AS department, metric, sum(n)::int AS n
           FROM dashboard_counts WHERE metric = ANY(${c.param(metrics)}::text[])${inDepartments}
          GROUP BY 1, metric`,
        c.params,
      );
    } else {
      rows = await this.countersAsOf(undefined, scope.asOf, departments, metrics);
    }
    const overdue = new Map<string, number>();
    for (const row of rows)
      overdue.set(row.department, (overdue.get(row.department) ?? 0) + (row.metric === OVERDUE_ITEMS ? row.n : -row.n));
    return [...overdue].map(([department, n]) => ({ department, figure: 'operations.overdue', n }));
  }

  /** Each month's figures from `from` to `to`, for a department or all. */
  async series(scope: FigureScope): Promise<{ month: string; figures: Figure[] }[]> {
    const department = scope.department === undefined ? undefined : [scope.department];
    const monthOf = async (from: string, to: string): Promise<(Aggregate & { month: string })[]> => {
      const rows = await this.counted({ from, to, asOf: scope.asOf }, department);
      return rows.map((row) => ({ ...row, month: from.slice(0, 7) }));
    };
    const months = monthsBetween(scope.from, scope.to);
    const rows = (
      await Promise.all(
        months.map((month) => {
          const first = `${month}-01`;
          const last = lastDayOfMonth(month);
          return monthOf(scope.from > first ? scope.from : first, scope.to < last ? scope.to : last);
        }),
      )
    ).flat();
    return months.map((month) => ({
      month,
      figures: computeFigures(
        rows.filter((row) => row.month === month),
        new Map(),
      ).filter((figure) => !DERIVED_KEYS.has(figure.key)),
    }));
  }

  /** The departments of the overview: every registered department, and any other with facts in the period. */
  async departments(scope: { from: string; to: string }): Promise<string[]> {
    const months = monthsBetween(scope.from, scope.to).map((month) => `${month}-01`);
    const rows = await this.dataSource.query<{ department: string }[]>(
      `SELECT code AS department FROM departments
        UNION SELECT DISTINCT department FROM dashboard_counts WHERE month = ANY($1::date[])
        ORDER BY 1`,
      [months],
    );
    return rows.map((row) => row.department);
  }

  /**
   * The overview: every department's figures and, from the same two queries, those of all of them together (the sum
   * of theirs, so the table and its total always agree).
   */
  async overview(
    scope: FigureScope,
    departments: string[],
  ): Promise<{ total: Figure[]; byDepartment: Map<string, Figure[]> }> {
    const [aggregates, overdue] = await Promise.all([
      this.counted(scope, departments),
      this.overdue(scope, departments),
    ]);
    const byDepartment = new Map<string, Figure[]>();
    const rowsOf = groupBy(aggregates, (row) => row.department);
    const overdueOf = groupBy(overdue, (row) => row.department);
    for (const department of departments) {
      byDepartment.set(
        department,
        computeFigures(
          rowsOf.get(department) ?? [],
          new Map((overdueOf.get(department) ?? []).map((r) => [r.figure, r.n])),
        ),
      );
    }
    const totals = new Map<string, number>();
    for (const row of overdue) totals.set(row.figure, (totals.get(row.figure) ?? 0) + row.n);
    return { total: computeFigures(aggregates, totals), byDepartment };
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
    if (scope.department !== undefined) where.push(`f.department = ${c.param(scope.department)}`);
    const open = bound === null ? 'f.ended_at IS NULL' : `(f.ended_at IS NULL OR f.ended_at >= ${bound})`;
    const done = bound === null ? 'f.ended_at IS NOT NULL' : `f.ended_at < ${bound}`;
    if (!figure.state) {
      where.push(`f.occurred_on BETWEEN ${c.param(scope.from)}::date AND ${c.param(scope.to)}::date`);
    }
    if (bound !== null) where.push(`f.recorded_at < ${bound}`);
    if (figure.dim1 !== undefined) where.push(`f.dim1 = ANY(${c.param(figure.dim1.split('|'))}::text[])`);
    if (figure.dim2 !== undefined) where.push(`f.dim2 = ${c.param(figure.dim2)}`);
    if (figure.derived === 'alerts.open' || figure.derived === 'operations.overdue') where.push(open);
    if (figure.derived === 'findings.corrected' || figure.derived === 'rectifications.completed') where.push(done);
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

/** A period as its whole months (their first days) and the ranges of days of the months it takes in part. */
function splitPeriod(from: string, to: string): { months: string[]; partial: { from: string; to: string }[] } {
  const months: string[] = [];
  const partial: { from: string; to: string }[] = [];
  for (const month of monthsBetween(from, to)) {
    const first = `${month}-01`;
    const last = lastDayOfMonth(month);
    const start = from > first ? from : first;
    const end = to < last ? to : last;
    if (start === first && end === last) months.push(first);
    else partial.push({ from: start, to: end });
  }
  return { months, partial };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list === undefined) groups.set(key(row), [row]);
    else list.push(row);
  }
  return groups;
}

const DERIVED_KEYS = new Set(FIGURES.filter((figure) => figure.derived !== undefined).map((figure) => figure.key));

/** Each figure's accepted values of its first dimension (`2|4`: either), worked out once. */
const DIM1_VALUES = new Map<FigureDefinition, ReadonlySet<string>>(
  FIGURES.flatMap((figure) => (figure.dim1 === undefined ? [] : [[figure, new Set(figure.dim1.split('|'))]])),
);

function matches(figure: FigureDefinition, row: Aggregate): boolean {
  const dim1 = DIM1_VALUES.get(figure);
  if (dim1 !== undefined && !dim1.has(row.dim1 ?? '')) return false;
  return figure.dim2 === undefined || row.dim2 === figure.dim2;
}

/** The figures from a department's (or all) aggregated rows: each figure looks at its metric's few rows only. */
function computeFigures(rows: Aggregate[], derived: ReadonlyMap<string, number>): Figure[] {
  const byMetric = groupBy(rows, (row) => row.metric);
  const figures: Figure[] = FIGURES.map((figure) => {
    if (figure.derived !== undefined)
      return { key: figure.key, label: figure.label, value: derivedValue(figure.derived, byMetric, derived) };
    const matching = (byMetric.get(figure.metric) ?? []).filter((row) => matches(figure, row));
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
  const values = new Map(figures.map((figure) => [figure.key, figure.value]));
  const valueOf = (key: string): number => values.get(key) ?? 0;
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

/**
 * A figure of two metrics: what is open is what was opened less what ended, what is done is what ended (of the
 * period's facts, as the counters hold them); what is overdue is a state of every month, counted apart.
 */
function derivedValue(
  figure: NonNullable<FigureDefinition['derived']>,
  byMetric: ReadonlyMap<string, Aggregate[]>,
  derived: ReadonlyMap<string, number>,
): number {
  const count = (metric: string): number => (byMetric.get(metric) ?? []).reduce((sum, row) => sum + row.n, 0);
  switch (figure) {
    case 'alerts.open':
      return count('alerts.raised') - count(endedMetric('alerts.raised'));
    case 'findings.corrected':
      return count(endedMetric('findings.recorded'));
    case 'rectifications.completed':
      return count(endedMetric('rectifications.ordered'));
    case 'operations.overdue':
      return derived.get('operations.overdue') ?? 0;
  }
}

function emptyFigures(): Figure[] {
  return computeFigures([], new Map());
}
