import { DEFAULT_SCORING_TABLE } from '@app/domain';
import { loadScoringTable, scoringTableProblems } from './scoring-table';

describe('the scoring table (考评计分表)', () => {
  it('samples/scoring-table.json is the built-in table', () => {
    expect(loadScoringTable('samples/scoring-table.json')).toEqual(DEFAULT_SCORING_TABLE);
    expect(loadScoringTable(undefined)).toBe(DEFAULT_SCORING_TABLE);
  });

  it('refuses a table that deducts for a figure the dashboards do not compute, or has no version', () => {
    expect(
      scoringTableProblems({
        version: '',
        base: 100,
        deductions: [{ figure: 'alerts.purple', label: 'x', points: -1, max: 3 }],
      }),
    ).toEqual(['version must be a text', 'deductions.0.figure is no figure', 'deductions.0.points must be ≥ 0']);
    expect(() => loadScoringTable('samples/no-such-table.json')).toThrow(/EVALUATION_SCORING_TABLE/);
  });
});
