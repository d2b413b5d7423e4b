import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { DomainEvent } from '../shared/decider';

/**
 * Performance evaluation (绩效考评, 《监督考评办法》): each department's score for a period, from its dashboard figures,
 * by a versioned scoring table (base points, deductions per figure, each capped), and the ranking of departments. A
 * published evaluation is an event: later events never change it; a recomputation publishes a new version that says
 * what changed.
 */

export interface ScoringRule {
  /** A dashboard figure's key, e.g. `operations.completedLate`. */
  figure: string;
  label: string;
  /** Points deducted per unit of the figure. */
  points: number;
  /** At most this many points for the rule. */
  max: number;
}

export interface ScoringTable {
  /** Named and versioned: recorded with every published result. */
  version: string;
  base: number;
  deductions: ScoringRule[];
}

/** The table in force unless the configuration names another (EVALUATION_SCORING_TABLE). */
export const DEFAULT_SCORING_TABLE: ScoringTable = {
  version: 'jx-2025.1',
  base: 100,
  deductions: [
    { figure: 'alerts.red', label: '红牌', points: 2, max: 30 },
    { figure: 'alerts.yellow', label: '黄牌', points: 0.5, max: 10 },
    { figure: 'operations.completedLate', label: '超期办结', points: 1, max: 15 },
    { figure: 'operations.overdue', label: '超期未办结', points: 1, max: 15 },
    { figure: 'operations.registeredLate', label: '迟登记', points: 0.5, max: 10 },
    { figure: 'complaints.repliedLate', label: '投诉逾期答复', points: 1, max: 10 },
    { figure: 'complaints.substantiated', label: '投诉属实', points: 1, max: 10 },
    { figure: 'rectifications.overdue', label: '逾期未整改', points: 3, max: 15 },
    { figure: 'cases.decidedMinor', label: '责任追究（较轻）', points: 2, max: 10 },
    { figure: 'cases.decidedSerious', label: '责任追究（较重）', points: 5, max: 20 },
    { figure: 'cases.decidedSevere', label: '责任追究（严重）', points: 10, max: 30 },
  ],
};

export interface DepartmentScore {
  department: string;
  score: number;
  rank: number;
  deductions: { figure: string; value: number; points: number }[];
  /** The score of the period before (same length), and the change from it; null without one. */
  previousScore: number | null;
  change: number | null;
}

/** Each department's score from its figures, ranked (highest first; equal scores share a rank, by code after). */
export function scoreDepartments(
  table: ScoringTable,
  figures: ReadonlyMap<string, ReadonlyMap<string, number | null>>,
  previous?: ReadonlyMap<string, ReadonlyMap<string, number | null>>,
): DepartmentScore[] {
  const scoreOf = (values: ReadonlyMap<string, number | null>) => {
    const deductions = table.deductions.map((rule) => {
      const value = values.get(rule.figure) ?? 0;
      return { figure: rule.figure, value: value ?? 0, points: round(Math.min(rule.max, (value ?? 0) * rule.points)) };
    });
    return { score: round(table.base - deductions.reduce((sum, d) => sum + d.points, 0)), deductions };
  };
  const scored = [...figures.entries()].map(([department, values]) => {
    const { score, deductions } = scoreOf(values);
    const before = previous?.get(department);
    const previousScore = before === undefined ? null : scoreOf(before).score;
    return {
      department,
      score,
      deductions,
      previousScore,
      change: previousScore === null ? null : round(score - previousScore),
    };
  });
  scored.sort((a, b) => b.score - a.score || (a.department < b.department ? -1 : 1));
  return scored.map((entry) => ({ ...entry, rank: 1 + scored.filter((other) => other.score > entry.score).length }));
}

const round = (value: number): number => Math.round(value * 100) / 100;

export const EVALUATION_ID_PATTERN = /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$|^\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}$/;
export const evaluationStreamId = (evaluationId: string): string => `evaluation-${evaluationId}`;

export interface EvaluationPublishedData {
  evaluationId: string;
  version: number;
  from: string;
  to: string;
  table: ScoringTable;
  /** The figures as they were on record when computed (the log position they were read at). */
  computedAtPosition: number;
  results: DepartmentScore[];
  /** From version 2 on: what differs from the version before, department by department. */
  changes: {
    department: string;
    before: number | null;
    after: number | null;
    rankBefore: number | null;
    rankAfter: number | null;
  }[];
  by: string;
  recordedAt: string;
}

export type EvaluationPublished = DomainEvent<'EvaluationPublished', EvaluationPublishedData>;
export type EvaluationEvent = EvaluationPublished;
export const EVALUATION_EVENT_TYPES: readonly EvaluationEvent['type'][] = ['EvaluationPublished'];

export interface PublishEvaluation {
  type: 'PublishEvaluation';
  evaluationId: string;
  from: string;
  to: string;
  table: ScoringTable;
  computedAtPosition: number;
  results: DepartmentScore[];
  by: string;
  recordedAt: string;
}

export interface EvaluationState {
  versions: EvaluationPublishedData[];
}

export const evaluationDecider: Decider<PublishEvaluation, EvaluationEvent, EvaluationState> = {
  initialState: { versions: [] },
  decide(command, state) {
    const last = state.versions[state.versions.length - 1];
    const changes =
      last === undefined
        ? []
        : differences(last.results, command.results, last.table.version !== command.table.version);
    if (last !== undefined && changes.length === 0 && last.table.version === command.table.version) {
      throw new DomainError(
        'EVALUATION_UNCHANGED',
        'rule',
        `Evaluation ${command.evaluationId} v${last.version} stands: a recomputation changes nothing`,
        { evaluationId: command.evaluationId, version: last.version },
      );
    }
    const { type: _type, ...data } = command;
    return [{ type: 'EvaluationPublished', data: { ...data, version: (last?.version ?? 0) + 1, changes } }];
  },
  evolve(state, event) {
    return { versions: [...state.versions, event.data] };
  },
};

function differences(
  before: DepartmentScore[],
  after: DepartmentScore[],
  all: boolean,
): EvaluationPublishedData['changes'] {
  const departments = [...new Set([...before, ...after].map((entry) => entry.department))].sort();
  return departments.flatMap((department) => {
    const was = before.find((entry) => entry.department === department);
    const is = after.find((entry) => entry.department === department);
    if (!all && was?.score === is?.score && was?.rank === is?.rank) return [];
    return [
      {
        department,
        before: was?.score ?? null,
        after: is?.score ?? null,
        rankBefore: was?.rank ?? null,
        rankAfter: is?.rank ?? null,
      },
    ];
  });
}
