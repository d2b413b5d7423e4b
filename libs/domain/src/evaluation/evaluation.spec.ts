import { deciderSpec } from '@app/testing/decider-spec';
import { lastDayOfMonth, monthsBetween, periodDays, previousPeriod } from './period';
import {
  DEFAULT_SCORING_TABLE,
  evaluationDecider,
  PublishEvaluation,
  scoreDepartments,
  ScoringTable,
} from './evaluation';

const TABLE: ScoringTable = {
  version: 't1',
  base: 100,
  deductions: [
    { figure: 'alerts.red', label: '红牌', points: 2, max: 10 },
    { figure: 'complaints.repliedLate', label: '逾期答复', points: 1, max: 5 },
  ],
};
const figures = (entries: Record<string, Record<string, number>>) =>
  new Map(Object.entries(entries).map(([department, values]) => [department, new Map(Object.entries(values))]));

describe('evaluation scores (绩效考评)', () => {
  it('deducts per unit, each rule capped, and ranks highest first; equal scores share a rank', () => {
    const scores = scoreDepartments(
      TABLE,
      figures({
        CG: { 'alerts.red': 2, 'complaints.repliedLate': 9 },
        SW: { 'alerts.red': 7 },
        YC: {},
        ZF: { 'alerts.red': 4.5 },
      }),
    );
    expect(scores.map(({ department, score, rank }) => ({ department, score, rank }))).toEqual([
      { department: 'YC', score: 100, rank: 1 },
      { department: 'CG', score: 91, rank: 2 },
      { department: 'ZF', score: 91, rank: 2 },
      { department: 'SW', score: 90, rank: 4 },
    ]);
    expect(scores.find((s) => s.department === 'CG')!.deductions).toEqual([
      { figure: 'alerts.red', value: 2, points: 4 },
      { figure: 'complaints.repliedLate', value: 9, points: 5 },
    ]);
  });

  it('gives the change from the period before', () => {
    const [cg] = scoreDepartments(TABLE, figures({ CG: { 'alerts.red': 1 } }), figures({ CG: { 'alerts.red': 3 } }));
    expect(cg).toMatchObject({ score: 98, previousScore: 94, change: 4 });
  });

  it('the default table deducts only figures the dashboards compute', () => {
    expect(DEFAULT_SCORING_TABLE.deductions.length).toBeGreaterThan(5);
  });
});

describe('publishing an evaluation', () => {
  const given = deciderSpec(evaluationDecider);
  const publish = (results: PublishEvaluation['results']): PublishEvaluation => ({
    type: 'PublishEvaluation',
    evaluationId: '2025-03',
    from: '2025-03-01',
    to: '2025-03-31',
    table: TABLE,
    computedAtPosition: 10,
    results,
    by: 'k-jw',
    recordedAt: '2025-04-02T09:00:00+08:00',
  });
  const first = scoreDepartments(TABLE, figures({ CG: {}, SW: { 'alerts.red': 1 } }));
  const later = scoreDepartments(TABLE, figures({ CG: { 'alerts.red': 2 }, SW: { 'alerts.red': 1 } }));

  it('version 1, then a recomputation as version 2 that says what changed; an identical one is refused', () => {
    const [v1] = given([])
      .when(publish(first))
      .thenMatches([{ type: 'EvaluationPublished', data: { version: 1, changes: [] } }]);
    const [v2] = given([v1])
      .when(publish(later))
      .thenMatches([
        {
          data: {
            version: 2,
            changes: [
              { department: 'CG', before: 100, after: 96, rankBefore: 1, rankAfter: 2 },
              { department: 'SW', before: 98, after: 98, rankBefore: 2, rankAfter: 1 },
            ],
          },
        },
      ]);
    given([v1, v2]).when(publish(later)).thenThrows('EVALUATION_UNCHANGED');
  });
});

describe('periods', () => {
  it('a year, quarter, month or day as its first and last days; a day that does not exist is refused', () => {
    expect(periodDays('2024')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodDays('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodDays('2025-03-15')).toEqual({ from: '2025-03-15', to: '2025-03-15' });
    expect(() => periodDays('2025-02-30')).toThrow(/not a day/);
  });

  it('the period before is the month, quarter or year before, or as many days', () => {
    expect(previousPeriod('2025-03-01', '2025-03-31')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(previousPeriod('2025-01-01', '2025-03-31')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(previousPeriod('2025-03-10', '2025-03-16')).toEqual({ from: '2025-03-03', to: '2025-03-09' });
  });

  it('lists the months a period spans', () => {
    expect(monthsBetween('2024-11-20', '2025-02-03')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
  });
});
