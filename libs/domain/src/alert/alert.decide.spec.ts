import { deciderSpec } from '@app/testing/decider-spec';
import { fold } from '../shared/decider';
import { Actor } from '../power/power.types';
import { AcknowledgeAlert, LinkAlertToCase, RaiseAlert, ResolveAlert } from './alert.commands';
import { alertDecider } from './alert.decide';
import { AlertAcknowledged, AlertLinkedToCase, AlertRaised, AlertResolved, alertStreamId } from './alert.events';
import { ALERT_ENUM_LABELS, ALERT_GROUNDS, AlertFact } from './alert.types';

const given = deciderSpec(alertDecider);

const ALERT_ID = 'op:OP-1:g1:power-not-in-force';
const SUPERVISOR: Actor = { id: 'u-jw', role: 'supervisor' };
const RAISED_AT = '2025-03-03T10:00:05+08:00';

const FACT: AlertFact = {
  alertId: ALERT_ID,
  ground: 1,
  level: 'red',
  department: 'CG',
  subject: { kind: 'operation', id: 'OP-1' },
  cause: 'power-not-in-force',
  evidence: ['0190a1b2-0000-7000-8000-000000000001'],
  message: '职权YC-CF-0001在受理日2025-03-03对CG不在有效期内（已取消） / Power … not in force',
};

function raise(overrides: Partial<RaiseAlert> = {}): RaiseAlert {
  return { type: 'RaiseAlert', ...FACT, raisedAt: RAISED_AT, ...overrides };
}

const raised: AlertRaised = { type: 'AlertRaised', data: { ...FACT, raisedAt: RAISED_AT } };

function acknowledge(overrides: Partial<AcknowledgeAlert> = {}): AcknowledgeAlert {
  return {
    type: 'AcknowledgeAlert',
    alertId: ALERT_ID,
    note: '已转交执法大队核实',
    actor: SUPERVISOR,
    recordedAt: '2025-03-04T09:00:00+08:00',
    ...overrides,
  };
}

const acknowledged: AlertAcknowledged = {
  type: 'AlertAcknowledged',
  data: { alertId: ALERT_ID, note: '已转交执法大队核实', by: 'u-jw', acknowledgedAt: '2025-03-04T09:00:00+08:00' },
};

function resolve(overrides: Partial<ResolveAlert> = {}): ResolveAlert {
  return {
    type: 'ResolveAlert',
    alertId: ALERT_ID,
    note: '已立案追究，见责任追究案件 AC-2025-3',
    actor: SUPERVISOR,
    recordedAt: '2025-03-10T09:00:00+08:00',
    ...overrides,
  };
}

const resolved: AlertResolved = {
  type: 'AlertResolved',
  data: {
    alertId: ALERT_ID,
    note: '已立案追究，见责任追究案件 AC-2025-3',
    by: 'u-jw',
    resolvedAt: '2025-03-10T09:00:00+08:00',
  },
};

describe('raising an alert', () => {
  it('records what the detector found and when', () => {
    given([]).when(raise()).then([raised]);
  });

  it('is idempotent: the same cause never raises two alerts, whatever else the detector says now', () => {
    given([raised]).when(raise()).then([]);
    given([raised])
      .when(raise({ level: 'yellow', raisedAt: '2025-03-05T10:00:00+08:00' }))
      .then([]);
    given([raised, resolved]).when(raise()).then([]);
  });

  it('checks the fact', () => {
    const error = given([])
      .when(
        raise({
          alertId: 'op 1',
          ground: 11 as never,
          level: 'orange' as never,
          department: 'cg',
          subject: { kind: 'case' as never, id: '' },
          evidence: [],
          message: '',
          raisedAt: 'yesterday',
        }),
      )
      .thenThrows('INVALID_ALERT_ID');
    expect(error.category).toBe('validation');
    expect(Object.keys(error.fieldErrors).sort()).toEqual([
      'alertId',
      'department',
      'evidence',
      'ground',
      'level',
      'message',
      'raisedAt',
      'subject.id',
      'subject.kind',
    ]);
  });
});

describe('acknowledging and resolving', () => {
  it('lets a supervisor acknowledge an open alert, with or without a note', () => {
    given([raised]).when(acknowledge()).then([acknowledged]);
    given([raised])
      .when(acknowledge({ note: undefined }))
      .then([
        {
          type: 'AlertAcknowledged',
          data: { alertId: ALERT_ID, by: 'u-jw', acknowledgedAt: '2025-03-04T09:00:00+08:00' },
        },
      ]);
  });

  it('resolves from acknowledged or directly from open, with a note', () => {
    given([raised, acknowledged]).when(resolve()).then([resolved]);
    given([raised]).when(resolve()).then([resolved]);
  });

  it.each([['department'], ['reviewer'], ['investigator'], ['admin']] as const)(
    'forbids the %s role to acknowledge or resolve',
    (role) => {
      const actor: Actor = { id: 'u', role, department: 'CG' };
      expect(given([raised]).when(acknowledge({ actor })).thenThrows('FORBIDDEN_ROLE').category).toBe('forbidden');
      given([raised]).when(resolve({ actor })).thenThrows('FORBIDDEN_ROLE');
    },
  );

  it('takes nothing after resolution', () => {
    expect(given([raised, resolved]).when(acknowledge()).thenThrows('ALERT_RESOLVED').category).toBe('rule');
    given([raised, acknowledged, resolved]).when(resolve()).thenThrows('ALERT_RESOLVED');
  });

  it('acknowledges once', () => {
    given([raised, acknowledged]).when(acknowledge()).thenThrows('ALERT_ACKNOWLEDGED');
  });

  it('answers ALERT_NOT_FOUND for an alert never raised', () => {
    expect(given([]).when(acknowledge()).thenThrows('ALERT_NOT_FOUND').category).toBe('not-found');
    given([]).when(resolve()).thenThrows('ALERT_NOT_FOUND');
  });
});

describe('alert state', () => {
  it('goes open → acknowledged → resolved and keeps the acknowledgement', () => {
    expect(fold(alertDecider, [raised])).toEqual({ status: 'open', alert: raised.data, version: 1 });
    expect(fold(alertDecider, [raised, acknowledged])).toEqual({
      status: 'acknowledged',
      alert: raised.data,
      acknowledgement: acknowledged.data,
      version: 2,
    });
    expect(fold(alertDecider, [raised, acknowledged, resolved])).toEqual({
      status: 'resolved',
      alert: raised.data,
      acknowledgement: acknowledged.data,
      resolution: resolved.data,
      version: 3,
    });
    expect(fold(alertDecider, [raised, resolved])).not.toHaveProperty('acknowledgement');
  });

  it('keeps the first raise when replayed with a stray second', () => {
    const stray: AlertRaised = { type: 'AlertRaised', data: { ...raised.data, level: 'yellow' } };
    expect(fold(alertDecider, [raised, stray])).toMatchObject({ status: 'open', alert: { level: 'red' }, version: 2 });
  });

  it('lives on the stream alert-<alertId>', () => {
    expect(alertStreamId(ALERT_ID)).toBe('alert-op:OP-1:g1:power-not-in-force');
  });
});

describe('labels for GET /v1/meta/enums', () => {
  const han = /\p{Script=Han}/u;

  it('labels the ten grounds, both levels and every status in Chinese', () => {
    expect(Object.keys(ALERT_ENUM_LABELS.alertGround).map(Number)).toEqual([...ALERT_GROUNDS]);
    expect(ALERT_ENUM_LABELS.alertLevel).toEqual({ yellow: '黄牌', red: '红牌' });
    expect(Object.keys(ALERT_ENUM_LABELS.alertStatus)).toEqual(['open', 'acknowledged', 'resolved']);
    for (const labels of Object.values(ALERT_ENUM_LABELS)) {
      for (const label of Object.values(labels)) expect(label).toMatch(han);
    }
  });
});

describe('accountability cases opened from an alert', () => {
  const INVESTIGATOR: Actor = { id: 'u-dc', role: 'investigator' };
  const link = (overrides: Partial<LinkAlertToCase> = {}): LinkAlertToCase => ({
    type: 'LinkAlertToCase',
    alertId: ALERT_ID,
    caseId: 'AC-1',
    actor: INVESTIGATOR,
    recordedAt: '2025-03-12T09:00:00+08:00',
    ...overrides,
  });
  const linked: AlertLinkedToCase = {
    type: 'AlertLinkedToCase',
    data: { alertId: ALERT_ID, caseId: 'AC-1', by: 'u-dc', linkedAt: '2025-03-12T09:00:00+08:00' },
  };
  const closure = resolve({ actor: INVESTIGATOR, caseId: 'AC-1', note: '责任追究案件AC-1已结案' });

  it('links the alert to the case once, whatever its status; the state shows the case', () => {
    given([raised]).when(link()).then([linked]);
    given([raised, linked]).when(link()).then([]);
    given([raised, resolved]).when(link()).then([linked]);
    given([]).when(link()).thenThrows('ALERT_NOT_FOUND');
    given([raised])
      .when(link({ actor: { id: 'd', role: 'department', department: 'CG' } }))
      .thenThrows('FORBIDDEN_ROLE');
    expect(fold(alertDecider, [raised, linked, acknowledged])).toMatchObject({
      status: 'acknowledged',
      cases: ['AC-1'],
      version: 3,
    });
  });

  it('is resolved by the closure of a case opened from it, by its investigator; once resolved it stays so', () => {
    given([raised, linked])
      .when(closure)
      .then([
        {
          type: 'AlertResolved',
          data: {
            alertId: ALERT_ID,
            note: '责任追究案件AC-1已结案',
            by: 'u-dc',
            resolvedAt: closure.recordedAt,
            caseId: 'AC-1',
          },
        },
      ]);
    given([raised, linked, resolved]).when(closure).then([]);
    given([raised]).when(closure).thenThrows('ALERT_NOT_LINKED');
    given([raised, linked])
      .when(resolve({ actor: INVESTIGATOR }))
      .thenThrows('FORBIDDEN_ROLE');
  });
});
