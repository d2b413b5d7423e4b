import { deciderSpec } from '@app/testing/decider-spec';
import { fold } from '../shared/decider';
import { Actor } from '../power/power.types';
import { AcceptAlertAnswer, AnswerAlert, RejectAlertAnswer } from './alert.commands';
import { alertDecider } from './alert.decide';
import { AlertAcknowledged, AlertAnswered, AlertAnswerRejected, AlertRaised, AlertResolved } from './alert.events';
import { AlertFact } from './alert.types';

/**
 * Answers to alerts (解释说明): the department an alert concerns explains it; the supervision office accepts the
 * explanation (the alert is resolved as explained) or rejects it with a reason (the department may answer again).
 */
const given = deciderSpec(alertDecider);

const ALERT_ID = 'op:OP-7:g7:committed-deadline-passed';
const SUPERVISOR: Actor = { id: 'u-jw', role: 'supervisor' };
const CG: Actor = { id: 'k-cg', role: 'department', department: 'CG' };
const SHA = 'A'.repeat(64);

const FACT: AlertFact = {
  alertId: ALERT_ID,
  ground: 7,
  level: 'red',
  department: 'CG',
  subject: { kind: 'operation', id: 'OP-7' },
  cause: 'committed-deadline-passed',
  evidence: ['0190a1b2-0000-7000-8000-000000000007'],
  message: '办结超过承诺期限',
};
const raised: AlertRaised = { type: 'AlertRaised', data: { ...FACT, raisedAt: '2025-03-11T00:00:00+08:00' } };
const acknowledged: AlertAcknowledged = {
  type: 'AlertAcknowledged',
  data: { alertId: ALERT_ID, by: 'u-jw', acknowledgedAt: '2025-03-11T09:00:00+08:00' },
};

const answer = (overrides: Partial<AnswerAlert> = {}): AnswerAlert => ({
  type: 'AnswerAlert',
  alertId: ALERT_ID,
  explanation: '申请人补正材料，依法延长',
  documents: [{ name: '补正通知书.pdf', sha256: SHA }],
  actor: CG,
  recordedAt: '2025-03-12T10:00:00+08:00',
  ...overrides,
});
const answered: AlertAnswered = {
  type: 'AlertAnswered',
  data: {
    alertId: ALERT_ID,
    explanation: '申请人补正材料，依法延长',
    documents: [{ name: '补正通知书.pdf', sha256: SHA.toLowerCase() }],
    by: 'k-cg',
    department: 'CG',
    answeredAt: '2025-03-12T10:00:00+08:00',
  },
};
const accept = (overrides: Partial<AcceptAlertAnswer> = {}): AcceptAlertAnswer => ({
  type: 'AcceptAlertAnswer',
  alertId: ALERT_ID,
  actor: SUPERVISOR,
  recordedAt: '2025-03-13T10:00:00+08:00',
  ...overrides,
});
const reject = (overrides: Partial<RejectAlertAnswer> = {}): RejectAlertAnswer => ({
  type: 'RejectAlertAnswer',
  alertId: ALERT_ID,
  reason: '补正通知书晚于期限届满',
  actor: SUPERVISOR,
  recordedAt: '2025-03-13T10:00:00+08:00',
  ...overrides,
});
const rejected: AlertAnswerRejected = {
  type: 'AlertAnswerRejected',
  data: { alertId: ALERT_ID, reason: '补正通知书晚于期限届满', by: 'u-jw', rejectedAt: '2025-03-13T10:00:00+08:00' },
};

describe('answers to alerts', () => {
  it('records the department’s answer with its documents, on an open or acknowledged alert', () => {
    given([raised]).when(answer()).then([answered]);
    given([raised, acknowledged]).when(answer()).then([answered]);
    const { documents: _omitted, ...withoutDocuments } = answered.data;
    given([raised])
      .when(answer({ documents: [] }))
      .then([{ type: 'AlertAnswered', data: withoutDocuments }]);
  });

  it('lets only the department the alert concerns answer: another is told it does not exist', () => {
    given([raised])
      .when(answer({ actor: { id: 'k-zf', role: 'department', department: 'ZF' } }))
      .thenThrows('ALERT_NOT_FOUND');
    given([raised])
      .when(answer({ actor: SUPERVISOR }))
      .thenThrows('FORBIDDEN_ROLE');
    given([]).when(answer()).thenThrows('ALERT_NOT_FOUND');
  });

  it('takes one answer at a time, and none once resolved', () => {
    given([raised, answered]).when(answer()).thenThrows('ANSWER_PENDING');
    const resolved: AlertResolved = {
      type: 'AlertResolved',
      data: { alertId: ALERT_ID, note: '已处理', by: 'u-jw', resolvedAt: '2025-03-12T09:00:00+08:00' },
    };
    given([raised, resolved]).when(answer()).thenThrows('ALERT_RESOLVED');
  });

  it('resolves the alert as explained when the supervision office accepts the answer', () => {
    given([raised, acknowledged, answered])
      .when(accept())
      .then([
        {
          type: 'AlertResolved',
          data: {
            alertId: ALERT_ID,
            note: '解释说明被采纳：申请人补正材料，依法延长',
            by: 'u-jw',
            resolvedAt: '2025-03-13T10:00:00+08:00',
            explained: true,
          },
        },
      ]);
    given([raised, answered])
      .when(accept({ note: '经核实解释成立' }))
      .thenMatches([{ type: 'AlertResolved', data: { note: '经核实解释成立', explained: true } }]);
  });

  it('keeps the alert when the answer is rejected, and takes a new answer after', () => {
    given([raised, answered]).when(reject()).then([rejected]);
    given([raised, answered, rejected])
      .when(answer({ explanation: '补充说明' }))
      .thenMatches([{ type: 'AlertAnswered', data: { explanation: '补充说明' } }]);
    const state = fold(alertDecider, [raised, acknowledged, answered, rejected]);
    expect(state).toMatchObject({ status: 'acknowledged', version: 4 });
    expect(state).not.toHaveProperty('answer');
  });

  it('judges only an answer awaiting a verdict, and only supervisors judge', () => {
    given([raised]).when(accept()).thenThrows('NO_ANSWER_PENDING');
    given([raised, answered, rejected]).when(reject()).thenThrows('NO_ANSWER_PENDING');
    given([raised, answered])
      .when(accept({ actor: CG }))
      .thenThrows('FORBIDDEN_ROLE');
  });
});
