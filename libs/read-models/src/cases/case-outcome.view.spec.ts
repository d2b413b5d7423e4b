import { caseDecider, CaseEvent, fold, RecordedCase } from '@app/domain';
import { caseOutcome } from './case-outcome.view';

const RECORDED_AT = '2025-04-30T09:00:00+08:00';
const base = { caseId: 'AC-1', recordedAt: RECORDED_AT };
const person = (personId: string, name: string) => ({
  type: 'CasePersonNamed' as const,
  data: { ...base, personId, name, post: '科员', department: 'YCJ', responsibility: 'direct' as const },
});
const decided = (personId: string, outcome: 'responsible' | 'no-responsibility') => ({
  type: 'CasePersonDecided' as const,
  data: {
    ...base,
    personId,
    outcome,
    ...(outcome === 'responsible' ? { tier: 'minor' as const, measures: ['admonition' as const] } : { measures: [] }),
    reasoning: '理由',
    decidedAt: '2025-04-01T10:00:00+08:00',
    rightsHeard: { statementIn: true, answerBy: null },
  },
});

const events: CaseEvent[] = [
  {
    type: 'CaseOpened',
    data: {
      ...base,
      origins: [{ kind: 'own-initiative' }],
      grounds: [7],
      departments: ['YCJ'],
      summary: '王五延误办结',
      openedAt: '2025-03-12T09:00:00+08:00',
      alertIds: [],
      rightsPeriodWorkingDays: 5,
      reviewPeriodWorkingDays: 20,
    },
  },
  person('P1', '王五'),
  person('P2', '欧阳娜娜'),
  person('P3', '李四'),
  { type: 'CaseInvestigationConcluded', data: { ...base, facts: '王五未按时办结', concludedAt: RECORDED_AT } },
  decided('P1', 'responsible'),
  decided('P2', 'responsible'),
  decided('P3', 'no-responsibility'),
  { type: 'CaseClosed', data: { ...base, summary: '结案', closedAt: '2025-04-20T10:00:00+08:00', alertIds: [] } },
];
const published: CaseEvent = {
  type: 'CaseOutcomePublished',
  data: { ...base, channel: '局门户网站', publishedOn: '2025-04-28' },
};
const state = (list: CaseEvent[]) => fold(caseDecider, list) as RecordedCase;

describe('disclosed case outcomes', () => {
  it('shows nothing of a case whose outcome was not disclosed', () => {
    expect(caseOutcome(state(events), 'surname')).toBeUndefined();
  });

  it('lists the people held responsible with masked names, and nothing of the investigation', () => {
    const outcome = caseOutcome(state([...events, published]), 'surname');
    expect(outcome).toEqual({
      id: 'AC-1',
      grounds: [{ ground: 7, label: '未按承诺时限办结' }],
      departments: ['YCJ'],
      closedAt: '2025-04-20T10:00:00+08:00',
      publication: { channel: '局门户网站', publishedOn: '2025-04-28' },
      persons: [
        {
          name: '王*',
          post: '科员',
          department: 'YCJ',
          responsibility: 'direct',
          tier: 'minor',
          measures: ['admonition'],
        },
        {
          name: '欧***',
          post: '科员',
          department: 'YCJ',
          responsibility: 'direct',
          tier: 'minor',
          measures: ['admonition'],
        },
      ],
      departmentDecisions: [],
    });
    expect(JSON.stringify(outcome)).not.toMatch(/王五|李四|结案|未按时办结/);
  });

  it('omits names altogether when configured so', () => {
    expect(caseOutcome(state([...events, published]), 'none')?.persons[0]).not.toHaveProperty('name');
  });
});
