import { readFileSync } from 'node:fs';
import { DEFAULT_SCORING_TABLE, ScoringTable } from '@app/domain';
import { FIGURES, RATES } from '@app/read-models';

const FIGURE_KEYS = new Set<string>([...FIGURES.map((figure) => figure.key), ...RATES.map((rate) => rate.key)]);

/**
 * The scoring table in force: the file EVALUATION_SCORING_TABLE names, checked whole at start-up (a table that names a
 * figure the dashboards do not compute would score nothing, silently), or the built-in one.
 */
export function loadScoringTable(path: string | undefined): ScoringTable {
  if (path === undefined || path === '') return DEFAULT_SCORING_TABLE;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`EVALUATION_SCORING_TABLE ${path}: ${(error as Error).message}`, { cause: error });
  }
  const problems = scoringTableProblems(parsed);
  if (problems.length > 0) throw new Error(`EVALUATION_SCORING_TABLE ${path}: ${problems.join('; ')}`);
  return parsed as ScoringTable;
}

export function scoringTableProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['must be a JSON object'];
  const table = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof table.version !== 'string' || table.version.trim() === '') problems.push('version must be a text');
  if (typeof table.base !== 'number' || !Number.isFinite(table.base)) problems.push('base must be a number');
  if (!Array.isArray(table.deductions)) return [...problems, 'deductions must be a list'];
  table.deductions.forEach((rule: unknown, i) => {
    const r = (typeof rule === 'object' && rule !== null ? rule : {}) as Record<string, unknown>;
    if (typeof r.figure !== 'string' || !FIGURE_KEYS.has(r.figure))
      problems.push(`deductions.${i}.figure is no figure`);
    if (typeof r.label !== 'string') problems.push(`deductions.${i}.label must be a text`);
    for (const field of ['points', 'max'] as const) {
      if (typeof r[field] !== 'number' || !(r[field] >= 0)) problems.push(`deductions.${i}.${field} must be ≥ 0`);
    }
  });
  return problems;
}
