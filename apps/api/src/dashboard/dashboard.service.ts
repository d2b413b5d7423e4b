import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  DepartmentScore,
  DomainError,
  EVALUATION_ID_PATTERN,
  evaluationDecider,
  EvaluationPublishedData,
  evaluationStreamId,
  fold,
  invalidPeriod,
  periodDays,
  previousPeriod,
  scoreDepartments,
  ScoringTable,
  shanghaiDate,
} from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Principal } from '@app/access';
import { Clock } from '@app/platform';
import { ProjectionRunner } from '@app/projector';
import { ReadYourWrites } from '../http/read-your-writes';
import {
  DASHBOARD_PROJECTION,
  DashboardItem,
  DashboardQueries,
  EVALUATIONS_PROJECTION,
  EvaluationsQueries,
  Figure,
  FigureScope,
  FIGURES,
  RATES,
} from '@app/read-models';
import { actorOf } from '../auth/actor-of';
import { WriteContext } from '../http/write-context';
import { handleIdempotently } from '../idempotency/handle-idempotently';
import { DashboardItemsQuery, DashboardScopeQuery, DashboardSeriesQuery } from './dashboard.request.dto';
import { loadScoringTable } from './scoring-table';

/** The figures of the department table of the overview, in its column order. */
export const OVERVIEW_COLUMNS = [
  'operations.registered',
  'operations.completed',
  'operations.completedOnTime',
  'operations.overdue',
  'alerts.red',
  'alerts.yellow',
  'alerts.open',
  'complaints.received',
  'complaints.closed',
  'findings.recorded',
  'rectifications.ordered',
  'rates.correction',
  'rates.rectification',
  'cases.opened',
];

export interface LinkedFigure extends Figure {
  /** The items behind the figure; for a rate, those of its numerator and denominator. */
  link?: string;
  numeratorLink?: string;
  denominatorLink?: string;
}

export interface ResolvedScope extends FigureScope {
  period: string | null;
}

const ITEM_PATHS: Record<string, (id: string) => string> = {
  operation: (id) => `/v1/operations/${encodeURIComponent(id)}`,
  alert: (id) => `/v1/alerts/${encodeURIComponent(id)}`,
  complaint: (id) => `/v1/complaints/${encodeURIComponent(id)}`,
  inspection: (id) => `/v1/inspections/${encodeURIComponent(id)}`,
  finding: (id) => `/v1/findings/${encodeURIComponent(id)}`,
  rectification: (id) => `/v1/rectifications/${encodeURIComponent(id)}`,
  case: (id) => `/v1/cases/${encodeURIComponent(id.split('/')[0])}`,
  power: (id) => `/v1/powers/${encodeURIComponent(id)}`,
};

const forbiddenDepartment = (asked: string) =>
  new DomainError('FORBIDDEN_DEPARTMENT', 'forbidden', `A department key reads its own figures only, not ${asked}'s`, {
    department: asked,
  });

/**
 * The supervision dashboards (绩效考评): figures per department and for all, for any period and as of any date, month
 * by month, each linked to the items behind it; evaluations computed from them and published as events.
 */
@Injectable()
export class DashboardService {
  /** The scoring table in force, checked at start-up. */
  readonly scoringTable: ScoringTable;

  constructor(
    private readonly queries: DashboardQueries,
    private readonly evaluations: EvaluationsQueries,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
    config: AppConfig,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.scoringTable = loadScoringTable(config.EVALUATION_SCORING_TABLE);
  }

  /** The period asked: `period`, or `from`/`to`, or this month by the product's clock. */
  scope(query: DashboardScopeQuery, department?: string): ResolvedScope {
    if (query.period !== undefined && (query.from !== undefined || query.to !== undefined)) {
      throw invalidPeriod('give period, or from and to, not both');
    }
    let from: string;
    let to: string;
    let period: string | null = null;
    if (query.from !== undefined || query.to !== undefined) {
      if (query.from === undefined || query.to === undefined) throw invalidPeriod('from and to go together');
      if (query.to < query.from) throw invalidPeriod('to is before from');
      ({ from, to } = query as { from: string; to: string });
    } else {
      period = query.period ?? shanghaiDate(this.clock.now().toISOString()).slice(0, 7);
      ({ from, to } = periodDays(period));
    }
    return {
      from,
      to,
      period,
      ...(query.asOf !== undefined ? { asOf: query.asOf } : {}),
      ...(department ? { department } : {}),
    };
  }

  /** A department key may read its own department only. */
  departmentFor(principal: Principal, asked: string | undefined): string | undefined {
    if (principal.role !== 'department') return asked;
    if (asked !== undefined && asked !== principal.department) throw forbiddenDepartment(asked);
    return principal.department;
  }

  async overview(query: DashboardScopeQuery): Promise<{
    scope: ResolvedScope;
    figures: LinkedFigure[];
    departments: { department: string; figures: Figure[] }[];
  }> {
    await this.awaitDashboard(query.minPosition);
    const scope = this.scope(query);
    const departments = await this.queries.departments(scope);
    const { total, byDepartment } = await this.queries.overview(scope, departments);
    return {
      scope,
      figures: this.linked(total, scope),
      departments: departments.map((department) => ({
        department,
        figures: (byDepartment.get(department) ?? []).filter((figure) => OVERVIEW_COLUMNS.includes(figure.key)),
      })),
    };
  }

  async department(
    code: string,
    query: DashboardScopeQuery,
    principal: Principal,
  ): Promise<{ scope: ResolvedScope; figures: LinkedFigure[]; evaluation: DepartmentEvaluation | null }> {
    const department = this.departmentFor(principal, code)!;
    await this.awaitDashboard(query.minPosition);
    const scope = this.scope(query, department);
    const figures = await this.queries.figures(scope);
    const latest = await this.evaluations.latest(scope.from, scope.to);
    return {
      scope,
      figures: this.linked(figures, scope),
      evaluation: latest === undefined ? null : departmentEvaluation(latest, department),
    };
  }

  async series(query: DashboardSeriesQuery, principal: Principal) {
    const department = this.departmentFor(principal, query.department);
    await this.awaitDashboard(query.minPosition);
    const scope = this.scope(
      { ...query, ...(query.period === undefined && query.from === undefined ? { period: this.thisYear() } : {}) },
      department,
    );
    return { scope, months: await this.queries.series(scope) };
  }

  async items(query: DashboardItemsQuery, principal: Principal) {
    const department = this.departmentFor(principal, query.department);
    if (!FIGURES.some((figure) => figure.key === query.figure)) {
      throw new DomainError(
        'UNKNOWN_FIGURE',
        'validation',
        `No figure ${query.figure}`,
        {},
        {
          figure: [`must be one of the figures' keys (e.g. operations.completedLate)`],
        },
      );
    }
    await this.awaitDashboard(query.minPosition);
    const scope = this.scope(query, department);
    const limit = query.limit ?? 50;
    const page = await this.queries.items(query.figure, scope, { limit, after: query.cursor });
    return {
      figure: query.figure,
      scope,
      items: page.items.map(({ position: _position, ...item }) => ({ ...item, href: hrefOf(item) })),
      nextCursor: page.more ? page.items[page.items.length - 1].position : null,
    };
  }

  // Evaluations ---------------------------------------------------------------------------------------------------

  /** Every department's score for the period, by the scoring table in force, with the change from the period before. */
  async computeEvaluation(query: DashboardScopeQuery): Promise<{
    evaluationId: string;
    from: string;
    to: string;
    table: ScoringTable;
    computedAtPosition: number;
    results: DepartmentScore[];
  }> {
    const scope = this.scope(query);
    const evaluationId = scope.period ?? `${scope.from}_${scope.to}`;
    if (!EVALUATION_ID_PATTERN.test(evaluationId))
      throw invalidPeriod('an evaluation is of a year, quarter, month or dates');
    const computedAtPosition = (await this.runner.checkpoint(DASHBOARD_PROJECTION)).position;
    const departments = await this.queries.departments(scope);
    const current = await this.queries.figuresByDepartment({ from: scope.from, to: scope.to }, departments);
    const before = previousPeriod(scope.from, scope.to);
    const previous = await this.queries.figuresByDepartment(before, departments);
    const values = (map: Map<string, Figure[]>) =>
      new Map([...map].map(([department, figures]) => [department, new Map(figures.map((f) => [f.key, f.value]))]));
    return {
      evaluationId,
      from: scope.from,
      to: scope.to,
      table: this.scoringTable,
      computedAtPosition,
      results: scoreDepartments(this.scoringTable, values(current), values(previous)),
    };
  }

  async publishEvaluation(query: DashboardScopeQuery, context: WriteContext) {
    await this.awaitDashboard(undefined);
    const computed = await this.computeEvaluation(query);
    const actor = actorOf(context.actor);
    const written = await handleIdempotently(
      this.store,
      evaluationDecider,
      evaluationStreamId(computed.evaluationId),
      { type: 'PublishEvaluation', ...computed, by: actor.id, recordedAt: new Date().toISOString() },
      {
        scope: context.scope,
        expectedVersion: context.expectedVersion,
        metadata: { actor, correlationId: context.correlationId },
      },
    );
    const last = written.events[written.events.length - 1];
    return { ...(last.data as EvaluationPublishedData), position: last.globalPosition };
  }

  async listEvaluations(principal: Principal, minPosition?: number) {
    await this.readYourWrites.reach(EVALUATIONS_PROJECTION, minPosition);
    const all = await this.evaluations.list();
    if (principal.role !== 'department') return { items: all };
    return {
      items: all.map((evaluation) => ({
        ...evaluation,
        results: evaluation.results.filter((result) => result.department === principal.department),
        changes: evaluation.changes.filter((change) => change.department === principal.department),
        departments: evaluation.results.length,
      })),
    };
  }

  async evaluation(evaluationId: string, principal: Principal): Promise<EvaluationPublishedData[]> {
    if (!EVALUATION_ID_PATTERN.test(evaluationId)) throw evaluationNotFound(evaluationId);
    const events = await this.store.readStream(evaluationStreamId(evaluationId));
    const { versions } = fold(
      evaluationDecider,
      events.map((e) => ({ type: 'EvaluationPublished' as const, data: e.data as EvaluationPublishedData })),
    );
    if (versions.length === 0) throw evaluationNotFound(evaluationId);
    if (principal.role !== 'department') return versions;
    return versions.map((version) => ({
      ...version,
      results: version.results.filter((result) => result.department === principal.department),
      changes: version.changes.filter((change) => change.department === principal.department),
    }));
  }

  private thisYear(): string {
    return shanghaiDate(this.clock.now().toISOString()).slice(0, 4);
  }

  private awaitDashboard(minPosition: number | undefined): Promise<void> {
    return this.readYourWrites.reach(DASHBOARD_PROJECTION, minPosition);
  }

  /** Each figure with the link to its items (a rate: to its numerator's and denominator's). */
  private linked(figures: Figure[], scope: ResolvedScope): LinkedFigure[] {
    const link = (key: string) => itemsLink(key, scope);
    return figures.map((figure) => {
      const rate = RATES.find((r) => r.key === figure.key);
      return rate === undefined
        ? { ...figure, link: link(figure.key) }
        : { ...figure, numeratorLink: link(rate.numerator), denominatorLink: link(rate.denominator) };
    });
  }
}

export interface DepartmentEvaluation {
  evaluationId: string;
  version: number;
  tableVersion: string;
  score: number;
  rank: number;
  of: number;
  change: number | null;
}

function departmentEvaluation(evaluation: EvaluationPublishedData, department: string): DepartmentEvaluation | null {
  const result = evaluation.results.find((entry) => entry.department === department);
  if (result === undefined) return null;
  return {
    evaluationId: evaluation.evaluationId,
    version: evaluation.version,
    tableVersion: evaluation.table.version,
    score: result.score,
    rank: result.rank,
    of: evaluation.results.length,
    change: result.change,
  };
}

const evaluationNotFound = (evaluationId: string) =>
  new DomainError('EVALUATION_NOT_FOUND', 'not-found', `No evaluation ${evaluationId} has been published`, {
    evaluationId,
  });

function itemsLink(key: string, scope: ResolvedScope): string {
  const params = new URLSearchParams({ figure: key, from: scope.from, to: scope.to });
  if (scope.department !== undefined) params.set('department', scope.department);
  if (scope.asOf !== undefined) params.set('asOf', scope.asOf);
  return `/v1/dashboard/items?${params.toString()}`;
}

function hrefOf(item: DashboardItem): string | null {
  return ITEM_PATHS[item.itemKind]?.(item.itemId) ?? null;
}
