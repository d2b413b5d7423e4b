import { deciderSpec } from '@app/testing/decider-spec';
import { officialCalendar } from '../calendar/official-calendar';
import { WorkingCalendar } from '../calendar/working-calendar';
import { fold } from '../shared/decider';
import { Actor } from '../power/power.types';
import { CaseCommand } from './case.commands';
import { caseDecider } from './case.decide';
import { CASE_ERROR_CATEGORIES } from './case.errors';
import {
  CaseClosed,
  CaseEvent,
  CaseInvestigationConcluded,
  CaseOpened,
  CasePersonDecided,
  CasePersonNamed,
  CaseReviewRequested,
  CaseRightsNotified,
  CaseStatementRecorded,
  caseStreamId,
} from './case.events';
import { CASE_ENUM_LABELS, CASE_MEASURES, CASE_TIERS, TIER_MEASURES } from './case.types';

const given = deciderSpec(caseDecider);
const calendar = officialCalendar();

const CASE_ID = 'AC-2025-0001';
const ALERT_ID = 'op:OP-1:g7:committed-deadline-passed';
const INVESTIGATOR: Actor = { id: 'u-dc', role: 'investigator' };
const RECORDED_AT = '2025-04-30T09:00:00+08:00';
const SHA = 'a'.repeat(64);

function command<T extends CaseCommand['type']>(
  type: T,
  fields: Omit<Extract<CaseCommand, { type: T }>, 'type' | 'caseId' | 'actor' | 'recordedAt'>,
  overrides: Partial<Extract<CaseCommand, { type: T }>> = {},
): CaseCommand {
  return {
    type,
    caseId: CASE_ID,
    actor: INVESTIGATOR,
    recordedAt: RECORDED_AT,
    ...fields,
    ...overrides,
  } as CaseCommand;
}

const openCase = (overrides: Record<string, unknown> = {}) =>
  command(
    'OpenCase',
    {
      origins: [{ kind: 'alert', id: ALERT_ID }],
      grounds: [7],
      departments: ['YCJ'],
      summary: '烟草专卖零售许可超过承诺时限办结',
      openedAt: '2025-03-12T09:00:00+08:00',
      alerts: [{ alertId: ALERT_ID, ground: 7, department: 'YCJ' }],
      rightsPeriodWorkingDays: 5,
      reviewPeriodWorkingDays: 15,
    },
    overrides,
  );

const opened: CaseOpened = {
  type: 'CaseOpened',
  data: {
    caseId: CASE_ID,
    origins: [{ kind: 'alert', id: ALERT_ID }],
    grounds: [7],
    departments: ['YCJ'],
    summary: '烟草专卖零售许可超过承诺时限办结',
    openedAt: '2025-03-12T09:00:00+08:00',
    alertIds: [ALERT_ID],
    rightsPeriodWorkingDays: 5,
    reviewPeriodWorkingDays: 15,
    recordedAt: RECORDED_AT,
  },
};

const named: CasePersonNamed = {
  type: 'CasePersonNamed',
  data: {
    caseId: CASE_ID,
    personId: 'P1',
    name: '王五',
    post: '专卖管理科科员',
    department: 'YCJ',
    responsibility: 'direct',
    recordedAt: RECORDED_AT,
  },
};

const concluded: CaseInvestigationConcluded = {
  type: 'CaseInvestigationConcluded',
  data: {
    caseId: CASE_ID,
    facts: '承办人未在承诺的5个工作日内办结许可申请',
    concludedAt: '2025-03-20T17:00:00+08:00',
    recordedAt: RECORDED_AT,
  },
};

/** Served Friday 2025-03-21: five working days run to Friday 03-28. */
const notified: CaseRightsNotified = {
  type: 'CaseRightsNotified',
  data: {
    caseId: CASE_ID,
    personId: 'P1',
    servedAt: '2025-03-21T10:00:00+08:00',
    servedOn: '2025-03-21',
    periodWorkingDays: 5,
    answerBy: '2025-03-28',
    recordedAt: RECORDED_AT,
  },
};

const stated: CaseStatementRecorded = {
  type: 'CaseStatementRecorded',
  data: {
    caseId: CASE_ID,
    personId: 'P1',
    kind: 'defence',
    text: '系统故障导致延误',
    receivedAt: '2025-03-24T10:00:00+08:00',
    recordedAt: RECORDED_AT,
  },
};

const decide = (overrides: Record<string, unknown> = {}) =>
  command(
    'DecidePerson',
    {
      personId: 'P1',
      outcome: 'responsible',
      tier: 'serious',
      measures: ['circulated-criticism'],
      reasoning: '情节较重',
      decidedAt: '2025-03-31T10:00:00+08:00',
      calendar,
    },
    overrides,
  );

const decided: CasePersonDecided = {
  type: 'CasePersonDecided',
  data: {
    caseId: CASE_ID,
    personId: 'P1',
    outcome: 'responsible',
    tier: 'serious',
    measures: ['circulated-criticism'],
    reasoning: '情节较重',
    decidedAt: '2025-03-31T10:00:00+08:00',
    rightsHeard: { statementIn: false, answerBy: '2025-03-28' },
    recordedAt: RECORDED_AT,
  },
};

const reviewRequested: CaseReviewRequested = {
  type: 'CaseReviewRequested',
  data: {
    caseId: CASE_ID,
    personId: 'P1',
    kind: 'appeal',
    reason: '处理过重',
    requestedAt: '2025-04-02T10:00:00+08:00',
    periodWorkingDays: 15,
    requestBy: '2025-04-22',
    recordedAt: RECORDED_AT,
  },
};

const closed: CaseClosed = {
  type: 'CaseClosed',
  data: {
    caseId: CASE_ID,
    summary: '已作出处理并执行',
    closedAt: '2025-04-25T10:00:00+08:00',
    alertIds: [ALERT_ID],
    recordedAt: RECORDED_AT,
  },
};

const DECIDED_CASE: CaseEvent[] = [opened, named, concluded, notified, decided];

describe('opening a case', () => {
  it('records the origins, grounds, departments and the periods in force, the alerts among the origins apart', () => {
    given([]).when(openCase()).then([opened]);
  });

  it('opens on a finding, a complaint, a referral or on the investigators’ own initiative, without alerts', () => {
    given([])
      .when(
        openCase({
          origins: [{ kind: 'complaint', id: 'TS-1' }, { kind: 'own-initiative' }],
          grounds: [10, 1, 1],
          alerts: [],
        }),
      )
      .thenMatches([
        {
          data: {
            origins: [{ kind: 'complaint', id: 'TS-1' }, { kind: 'own-initiative' }],
            grounds: [1, 10],
            alertIds: [],
          },
        },
      ]);
  });

  it('refuses an alert that was never raised (ALERT_NOT_FOUND, 422)', () => {
    const error = given([])
      .when(openCase({ alerts: [] }))
      .thenThrows('ALERT_NOT_FOUND');
    expect(error.category).toBe('rule');
    expect(error.details).toEqual({ alertIds: [ALERT_ID] });
  });

  it('requires the id of every origin but own-initiative, and none for own-initiative', () => {
    const error = given([])
      .when(openCase({ origins: [{ kind: 'own-initiative', id: 'x' }, { kind: 'finding' }] }))
      .thenThrows('INVALID_FIELD');
    expect(error.category).toBe('validation');
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['origins[0].id', 'origins[1].id']);
  });

  it('opens once, never with an opening time after its recording, and only for investigators and supervisors', () => {
    given([opened]).when(openCase()).thenThrows('CASE_EXISTS');
    given([])
      .when(openCase({ openedAt: '2025-05-01T09:00:00+08:00' }))
      .thenThrows('AT_IN_FUTURE');
    given([])
      .when(openCase({ actor: { id: 's', role: 'supervisor' } }))
      .thenMatches([{ type: 'CaseOpened' }]);
    for (const role of ['department', 'reviewer', 'admin'] as const) {
      expect(
        given([])
          .when(openCase({ actor: { id: 'x', role, department: 'YCJ' } }))
          .thenThrows('FORBIDDEN_ROLE').category,
      ).toBe('forbidden');
    }
  });
});

describe('the investigation', () => {
  it('adds evidence: documents by SHA-256 (lowercased) and events of the log with their streams', () => {
    given([opened])
      .when(
        command('AddEvidence', {
          description: '许可申请材料',
          documents: [{ name: '申请书.pdf', sha256: 'A'.repeat(64) }],
          events: ['ev-1', 'ev-1'],
          knownEvents: { 'ev-1': 'operation-OP-1' },
        }),
      )
      .then([
        {
          type: 'CaseEvidenceAdded',
          data: {
            caseId: CASE_ID,
            evidenceId: 'E1',
            description: '许可申请材料',
            documents: [{ name: '申请书.pdf', sha256: 'a'.repeat(64) }],
            events: [{ eventId: 'ev-1', streamId: 'operation-OP-1' }],
            recordedAt: RECORDED_AT,
          },
        },
      ]);
  });

  it('refuses events not in the log and empty evidence', () => {
    given([opened])
      .when(command('AddEvidence', { events: ['ev-1', 'ev-2'], knownEvents: { 'ev-1': 'operation-OP-1' } }))
      .thenThrows('EVENT_NOT_FOUND');
    given([opened])
      .when(command('AddEvidence', { knownEvents: {} }))
      .thenThrows('EVIDENCE_REQUIRED');
  });

  it('names people with their responsibility, numbering them, and counts their departments as concerned', () => {
    given([opened])
      .when(
        command('NamePerson', { name: '王五', post: '专卖管理科科员', department: 'YCJ', responsibility: 'direct' }),
      )
      .then([named]);
    const state = fold(caseDecider, [
      opened,
      named,
      {
        type: 'CasePersonNamed',
        data: { ...named.data, personId: 'P2', department: 'ZFJ', responsibility: 'principal-leader' },
      },
    ]);
    expect(state).toMatchObject({ departments: ['YCJ', 'ZFJ'], persons: [{ personId: 'P1' }, { personId: 'P2' }] });
  });

  it('concludes once, not before the opening', () => {
    given([opened, named])
      .when(command('ConcludeInvestigation', { facts: concluded.data.facts, concludedAt: concluded.data.concludedAt }))
      .then([concluded]);
    given([opened, concluded])
      .when(command('ConcludeInvestigation', { facts: 'again', concludedAt: concluded.data.concludedAt }))
      .thenThrows('INVESTIGATION_CONCLUDED');
    given([opened])
      .when(command('ConcludeInvestigation', { facts: 'x', concludedAt: '2025-03-01T09:00:00+08:00' }))
      .thenThrows('AT_OUT_OF_ORDER');
  });

  it('answers CASE_NOT_FOUND for a case never opened', () => {
    expect(
      given([])
        .when(command('AddCaseNote', { text: 'x' }))
        .thenThrows('CASE_NOT_FOUND').category,
    ).toBe('not-found');
  });
});

describe('the rights to state and defend (陈述、申辩)', () => {
  const notify = (overrides: Record<string, unknown> = {}) =>
    command('NotifyRights', { personId: 'P1', servedAt: notified.data.servedAt, calendar }, overrides);

  it('records the period recorded on the case and its last working day', () => {
    given([opened, named, concluded]).when(notify()).then([notified]);
  });

  it('keeps the notice when the calendar does not know the period’s days yet: answerBy is pending', () => {
    given([opened, named, concluded])
      .when(notify({ calendar: WorkingCalendar.fromYears([]) }))
      .thenMatches([{ data: { servedOn: '2025-03-21', answerBy: null } }]);
  });

  it('comes after the investigation is concluded, for a person named', () => {
    given([opened, named]).when(notify()).thenThrows('INVESTIGATION_NOT_CONCLUDED');
    expect(given([opened, concluded]).when(notify()).thenThrows('PERSON_NOT_FOUND').category).toBe('not-found');
    given([opened, named, concluded])
      .when(notify({ servedAt: '2025-03-19T10:00:00+08:00' }))
      .thenThrows('AT_OUT_OF_ORDER');
  });

  it('records statements and defences after the notice, by investigators or the person’s own department', () => {
    const statement = (overrides: Record<string, unknown> = {}) =>
      command(
        'RecordStatement',
        { personId: 'P1', kind: 'defence', text: stated.data.text, receivedAt: stated.data.receivedAt },
        overrides,
      );
    given([opened, named, concluded, notified]).when(statement()).then([stated]);
    given([opened, named, concluded, notified])
      .when(statement({ actor: { id: 'd', role: 'department', department: 'YCJ' } }))
      .then([stated]);
    given([opened, named, concluded, notified])
      .when(statement({ actor: { id: 'd', role: 'department', department: 'ZFJ' } }))
      .thenThrows('FORBIDDEN_DEPARTMENT');
    given([opened, named, concluded]).when(statement()).thenThrows('RIGHTS_NOT_NOTIFIED');
    given([opened, named, concluded, notified])
      .when(statement({ receivedAt: '2025-03-20T10:00:00+08:00' }))
      .thenThrows('AT_OUT_OF_ORDER');
  });
});

describe('deciding about a person', () => {
  const heard = [opened, named, concluded, notified];

  it('refuses a decision before the investigation is concluded', () => {
    given([opened, named]).when(decide()).thenThrows('INVESTIGATION_NOT_CONCLUDED');
  });

  it('refuses a decision before the notice of rights', () => {
    given([opened, named, concluded]).when(decide()).thenThrows('RIGHTS_NOT_NOTIFIED');
  });

  it('refuses a decision while the rights period runs (the next day, and on its last day)', () => {
    const error = given(heard)
      .when(decide({ decidedAt: '2025-03-24T10:00:00+08:00' }))
      .thenThrows('RIGHTS_PERIOD_RUNNING');
    expect(error.category).toBe('rule');
    expect(error.details).toEqual({ personId: 'P1', answerBy: '2025-03-28', decidedOn: '2025-03-24' });
    given(heard)
      .when(decide({ decidedAt: '2025-03-28T18:00:00+08:00' }))
      .thenThrows('RIGHTS_PERIOD_RUNNING');
  });

  it('accepts it after the period, or earlier once the statement is in', () => {
    given(heard).when(decide()).then([decided]);
    given([...heard, stated])
      .when(decide({ decidedAt: '2025-03-25T10:00:00+08:00' }))
      .thenMatches([{ data: { rightsHeard: { statementIn: true, answerBy: '2025-03-28' } } }]);
  });

  it('counts a pending period with the calendar at decision time, and refuses when it still cannot', () => {
    const pending: CaseRightsNotified = { ...notified, data: { ...notified.data, answerBy: null } };
    given([opened, named, concluded, pending])
      .when(decide())
      .thenMatches([{ data: { rightsHeard: { statementIn: false, answerBy: '2025-03-28' } } }]);
    given([opened, named, concluded, pending])
      .when(decide({ calendar: WorkingCalendar.fromYears([]) }))
      .thenThrows('RIGHTS_PERIOD_UNKNOWN');
  });

  it.each(CASE_TIERS.map((tier) => [tier]))('accepts every measure of the %s tier and no other', (tier) => {
    given(heard)
      .when(decide({ tier, measures: [...TIER_MEASURES[tier]] }))
      .thenMatches([{ data: { tier, measures: TIER_MEASURES[tier] } }]);
    for (const measure of CASE_MEASURES.filter((m) => !TIER_MEASURES[tier].includes(m))) {
      const error = given(heard)
        .when(decide({ tier, measures: [measure] }))
        .thenThrows('MEASURE_OUTSIDE_TIER');
      expect(error.fieldErrors).toEqual({ measures: [`${measure} is not a measure of the ${tier} tier`] });
    }
  });

  it('refers to the judiciary only in the severe tier', () => {
    given(heard)
      .when(decide({ tier: 'serious', measures: ['judicial-referral'] }))
      .thenThrows('MEASURE_OUTSIDE_TIER');
    given(heard)
      .when(decide({ tier: 'severe', measures: ['judicial-referral'] }))
      .thenMatches([{ type: 'CasePersonDecided' }]);
  });

  it('refuses 调离岗位 in the minor tier', () => {
    given(heard)
      .when(decide({ tier: 'minor', measures: ['reassignment'] }))
      .thenThrows('MEASURE_OUTSIDE_TIER');
  });

  it('decides no responsibility without tier or measures', () => {
    given(heard)
      .when(decide({ outcome: 'no-responsibility', tier: undefined, measures: undefined }))
      .thenMatches([{ data: { outcome: 'no-responsibility', measures: [] } }]);
    given(heard)
      .when(decide({ outcome: 'no-responsibility' }))
      .thenThrows('INVALID_FIELD');
    given(heard)
      .when(decide({ measures: [] }))
      .thenThrows('FIELD_REQUIRED');
  });

  it('decides once; a review changes a decision', () => {
    given(DECIDED_CASE).when(decide()).thenThrows('DECISION_EXISTS');
  });

  it('refuses a decision dated after its recording', () => {
    given(heard)
      .when(decide({ decidedAt: '2025-05-01T10:00:00+08:00' }))
      .thenThrows('AT_IN_FUTURE');
  });
});

describe('deciding about a department', () => {
  const department = (overrides: Record<string, unknown> = {}) =>
    command(
      'DecideDepartment',
      {
        department: 'YCJ',
        measures: ['performance-deduction'],
        points: 2,
        reasoning: '部门绩效扣分',
        decidedAt: '2025-03-31T10:00:00+08:00',
      },
      overrides,
    );

  it('deducts performance points or circulates criticism of a department concerned, once', () => {
    given([opened, concluded])
      .when(department())
      .thenMatches([
        { type: 'CaseDepartmentDecided', data: { department: 'YCJ', measures: ['performance-deduction'], points: 2 } },
      ]);
    given([opened, concluded])
      .when(department({ department: 'ZFJ' }))
      .thenThrows('DEPARTMENT_NOT_CONCERNED');
    given([opened]).when(department()).thenThrows('INVESTIGATION_NOT_CONCLUDED');
    const first = caseDecider.decide(department(), fold(caseDecider, [opened, concluded]));
    given([opened, concluded, ...first])
      .when(department())
      .thenThrows('DECISION_EXISTS');
  });
});

describe('review 复核/复议 and appeal 申诉', () => {
  const request = (overrides: Record<string, unknown> = {}) =>
    command(
      'RequestReview',
      { personId: 'P1', kind: 'appeal', reason: '处理过重', requestedAt: '2025-04-02T10:00:00+08:00', calendar },
      overrides,
    );
  const concludeReview = (overrides: Record<string, unknown> = {}) =>
    command(
      'ConcludeReview',
      {
        personId: 'P1',
        result: 'modified',
        outcome: 'responsible',
        tier: 'minor',
        measures: ['admonition'],
        reasoning: '情节较轻',
        concludedAt: '2025-04-10T10:00:00+08:00',
      },
      overrides,
    );

  it('is requested within the review period recorded on the case, counted from the decision', () => {
    given(DECIDED_CASE).when(request()).then([reviewRequested]);
    given(DECIDED_CASE)
      .when(request({ requestedAt: '2025-04-22T18:00:00+08:00' }))
      .thenMatches([{ data: { requestBy: '2025-04-22' } }]);
    const error = given(DECIDED_CASE)
      .when(request({ requestedAt: '2025-04-23T09:00:00+08:00' }))
      .thenThrows('REVIEW_PERIOD_EXPIRED');
    expect(error.details).toEqual({ personId: 'P1', requestBy: '2025-04-22', requestedOn: '2025-04-23' });
  });

  it('needs a decision, and one pending review at a time', () => {
    given([opened, named, concluded, notified]).when(request()).thenThrows('PERSON_NOT_DECIDED');
    given([...DECIDED_CASE, reviewRequested])
      .when(request())
      .thenThrows('REVIEW_PENDING');
    given(DECIDED_CASE).when(concludeReview()).thenThrows('NO_REVIEW_PENDING');
  });

  it('ends modified under the tier table again', () => {
    const [event] = given([...DECIDED_CASE, reviewRequested])
      .when(concludeReview())
      .thenMatches([
        {
          type: 'CaseReviewConcluded',
          data: { kind: 'appeal', result: 'modified', tier: 'minor', measures: ['admonition'] },
        },
      ]);
    given([...DECIDED_CASE, reviewRequested])
      .when(concludeReview({ measures: ['circulated-criticism'] }))
      .thenThrows('MEASURE_OUTSIDE_TIER');
    const state = fold(caseDecider, [...DECIDED_CASE, reviewRequested, event]);
    expect(state).toMatchObject({
      persons: [
        {
          decision: {
            outcome: 'responsible',
            tier: 'minor',
            measures: ['admonition'],
            by: 'modified',
            decidedAt: '2025-04-10T10:00:00+08:00',
          },
          reviews: [{ kind: 'appeal', conclusion: { result: 'modified' } }],
        },
      ],
    });
  });

  it('ends upheld (the decision stays) or revoked (nothing remains of it)', () => {
    const upheld = caseDecider.decide(
      concludeReview({ result: 'upheld', outcome: undefined, tier: undefined, measures: undefined }),
      fold(caseDecider, [...DECIDED_CASE, reviewRequested]),
    );
    expect(fold(caseDecider, [...DECIDED_CASE, reviewRequested, ...upheld])).toMatchObject({
      persons: [{ decision: { tier: 'serious', measures: ['circulated-criticism'], by: 'upheld' } }],
    });
    const revoked = caseDecider.decide(
      concludeReview({ result: 'revoked', outcome: undefined, tier: undefined, measures: undefined }),
      fold(caseDecider, [...DECIDED_CASE, reviewRequested]),
    );
    expect(fold(caseDecider, [...DECIDED_CASE, reviewRequested, ...revoked])).toMatchObject({
      persons: [{ decision: { outcome: 'revoked', measures: [], by: 'revoked' } }],
    });
    given([...DECIDED_CASE, reviewRequested])
      .when(concludeReview({ result: 'upheld' }))
      .thenThrows('INVALID_FIELD');
  });
});

describe('closing and reopening', () => {
  const close = (overrides: Record<string, unknown> = {}) =>
    command('CloseCase', { summary: closed.data.summary, closedAt: closed.data.closedAt }, overrides);
  const reopen = (overrides: Record<string, unknown> = {}) =>
    command(
      'ReopenCase',
      {
        reason: '发现新的证据',
        reopenedAt: '2025-04-28T10:00:00+08:00',
        documents: [{ name: '新证据.pdf', sha256: SHA }],
        knownEvents: {},
      },
      overrides,
    );

  it('closes once every person is decided and no review is pending, naming the alerts to resolve', () => {
    given(DECIDED_CASE).when(close()).then([closed]);
    given([opened, named, concluded]).when(close()).thenThrows('PERSONS_UNDECIDED');
    given([...DECIDED_CASE, reviewRequested])
      .when(close())
      .thenThrows('REVIEW_PENDING');
    given([opened, named]).when(close()).thenThrows('INVESTIGATION_NOT_CONCLUDED');
  });

  it('takes no change after closure', () => {
    const after = [...DECIDED_CASE, closed];
    given(after)
      .when(command('AddCaseNote', { text: '补充' }))
      .thenThrows('CASE_CLOSED');
    given(after).when(decide()).thenThrows('CASE_CLOSED');
    given(after).when(close()).thenThrows('CASE_CLOSED');
    expect(
      given(after)
        .when(
          command('NamePerson', { name: '赵六', post: '科长', department: 'YCJ', responsibility: 'important-leader' }),
        )
        .thenThrows('CASE_CLOSED').category,
    ).toBe('rule');
  });

  it('reopens a closed case on new evidence, investigating again with the decisions kept', () => {
    const [event] = given([...DECIDED_CASE, closed])
      .when(reopen())
      .thenMatches([
        { type: 'CaseReopened', data: { evidenceId: 'E1', documents: [{ name: '新证据.pdf', sha256: SHA }] } },
      ]);
    const state = fold(caseDecider, [...DECIDED_CASE, closed, event]);
    expect(state).toMatchObject({
      status: 'investigating',
      investigation: null,
      closure: null,
      evidence: [{ evidenceId: 'E1' }],
    });
    expect(state).toMatchObject({ persons: [{ decision: { tier: 'serious' } }] });
    given(DECIDED_CASE).when(reopen()).thenThrows('CASE_NOT_CLOSED');
    given([...DECIDED_CASE, closed])
      .when(reopen({ documents: [] }))
      .thenThrows('EVIDENCE_REQUIRED');
    given([...DECIDED_CASE, closed])
      .when(reopen({ events: ['ev-x'] }))
      .thenThrows('EVENT_NOT_FOUND');
  });
});

describe('disclosing the outcome (通报)', () => {
  const publishOutcome = (overrides: Record<string, unknown> = {}) =>
    command('PublishOutcome', { channel: '局门户网站', publishedOn: '2025-04-28' }, overrides);

  it('publishes the outcome of a closed case, not before its closure nor after the recording', () => {
    given([...DECIDED_CASE, closed])
      .when(publishOutcome())
      .then([
        {
          type: 'CaseOutcomePublished',
          data: { caseId: CASE_ID, channel: '局门户网站', publishedOn: '2025-04-28', recordedAt: RECORDED_AT },
        },
      ]);
    given(DECIDED_CASE).when(publishOutcome()).thenThrows('CASE_NOT_CLOSED');
    given([...DECIDED_CASE, closed])
      .when(publishOutcome({ publishedOn: '2025-04-24' }))
      .thenThrows('AT_OUT_OF_ORDER');
    given([...DECIDED_CASE, closed])
      .when(publishOutcome({ publishedOn: '2025-05-01' }))
      .thenThrows('AT_IN_FUTURE');
  });

  it('withdraws the disclosure from the state when the case is reopened', () => {
    const [published] = caseDecider.decide(publishOutcome(), fold(caseDecider, [...DECIDED_CASE, closed]));
    expect(fold(caseDecider, [...DECIDED_CASE, closed, published])).toMatchObject({
      publication: { channel: '局门户网站', publishedOn: '2025-04-28' },
    });
    const reopened = caseDecider.decide(
      command('ReopenCase', {
        reason: '发现新的证据',
        reopenedAt: '2025-04-29T10:00:00+08:00',
        documents: [{ name: '新证据.pdf', sha256: SHA }],
        knownEvents: {},
      }),
      fold(caseDecider, [...DECIDED_CASE, closed, published]),
    );
    expect(fold(caseDecider, [...DECIDED_CASE, closed, published, ...reopened])).toMatchObject({ publication: null });
  });
});

describe('who runs a case', () => {
  it.each([['department'], ['reviewer'], ['supervisor'], ['admin']] as const)(
    'forbids the %s role to decide',
    (role) => {
      given([opened, named, concluded, notified])
        .when(decide({ actor: { id: 'x', role, department: 'YCJ' } }))
        .thenThrows('FORBIDDEN_ROLE');
    },
  );

  it('keeps notes internal to the investigators', () => {
    given([opened])
      .when(command('AddCaseNote', { text: '当事人态度较好' }))
      .then([{ type: 'CaseNoteAdded', data: { caseId: CASE_ID, text: '当事人态度较好', recordedAt: RECORDED_AT } }]);
    given([opened])
      .when(command('AddCaseNote', { text: 'x' }, { actor: { id: 'd', role: 'department', department: 'YCJ' } }))
      .thenThrows('FORBIDDEN_ROLE');
  });
});

describe('case state, stream and labels', () => {
  it('goes investigating → concluded → closed, counting versions', () => {
    expect(fold(caseDecider, [opened])).toMatchObject({ status: 'investigating', version: 1 });
    expect(fold(caseDecider, [opened, concluded])).toMatchObject({ status: 'concluded', version: 2 });
    expect(fold(caseDecider, [...DECIDED_CASE, closed])).toMatchObject({ status: 'closed', version: 6 });
  });

  it('lives on the stream case-<id>', () => {
    expect(caseStreamId(CASE_ID)).toBe('case-AC-2025-0001');
  });

  it('labels every enumeration in Chinese and files every error code under a category', () => {
    const han = /\p{Script=Han}/u;
    expect(Object.keys(CASE_ENUM_LABELS.caseMeasure)).toEqual([...CASE_MEASURES]);
    for (const labels of Object.values(CASE_ENUM_LABELS)) {
      for (const label of Object.values(labels)) expect(label).toMatch(han);
    }
    expect(
      Object.values(CASE_ERROR_CATEGORIES).every((c) =>
        ['validation', 'not-found', 'conflict', 'forbidden', 'rule'].includes(c),
      ),
    ).toBe(true);
  });
});
