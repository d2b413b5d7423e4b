import { deciderSpec } from '@app/testing/decider-spec';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import {
  ApprovePowerProposal,
  CancelPower,
  ChangePower,
  GrantPower,
  PowerCommand,
  PublishPower,
  RejectPowerProposal,
  TransferPower,
} from './power.commands';
import { powerDecider } from './power.decide';
import {
  PowerCancelled,
  PowerCancelledData,
  PowerChanged,
  PowerChangedData,
  PowerEvent,
  PowerGranted,
  PowerGrantedData,
  PowerLifecycleEvent,
  PowerProposalRejected,
  PowerProposed,
  PowerPublished,
  PowerPublishedData,
  PowerTransferred,
  PowerTransferredData,
} from './power.events';
import { PowerState } from './power.state';
import { Actor, Approval, LegalBasis, PowerAttributes } from './power.types';

const given = deciderSpec(powerDecider);

const CODE = 'CG-CF-0001';
const REVIEWER: Actor = { id: 'u-fzb', role: 'reviewer' };
const CG: Actor = { id: 'u-cg', role: 'department', department: 'CG' };
const ZF: Actor = { id: 'u-zf', role: 'department', department: 'ZF' };
const APPROVAL: Approval = {
  authority: '宁国市城市管理行政执法局',
  documentNo: '宁城监〔2009〕35号',
  date: '2023-12-20',
};
const LATER_APPROVAL: Approval = { authority: '县规范办', documentNo: '宁规范〔2025〕3号', date: '2025-02-20' };
const BASIS: LegalBasis[] = [{ title: '城市市容和环境卫生管理条例', article: '第三十六条' }];
const AT_GRANT = { actor: REVIEWER, recordedAt: '2024-01-02T10:00:00+08:00', today: '2024-01-02' };
const LATER = { actor: REVIEWER, recordedAt: '2025-03-01T09:00:00+08:00', today: '2025-03-01' };

function grantPower(overrides: Partial<GrantPower> = {}): GrantPower {
  return {
    type: 'GrantPower',
    ...AT_GRANT,
    code: CODE,
    name: '对未经批准擅自设置大型户外广告的处罚',
    category: 'penalty',
    department: 'CG',
    legalBasis: BASIS,
    timeLimit: { legalDays: 30, committedDays: 20 },
    approval: APPROVAL,
    effectiveFrom: '2024-01-01',
    ...overrides,
  };
}

function attributes(overrides: Partial<PowerAttributes> = {}): PowerAttributes {
  return {
    code: CODE,
    name: '对未经批准擅自设置大型户外广告的处罚',
    category: 'penalty',
    department: 'CG',
    legalBasis: BASIS,
    timeLimit: { legalDays: 30, committedDays: 20, unit: 'working' },
    important: false,
    classification: { classified: false },
    ...overrides,
  };
}

function granted(attrs: Partial<PowerAttributes> = {}, data: Partial<PowerGrantedData> = {}): PowerGranted {
  return {
    type: 'PowerGranted',
    data: {
      code: CODE,
      attributes: attributes(attrs),
      approval: APPROVAL,
      effectiveFrom: '2024-01-01',
      recordedAt: AT_GRANT.recordedAt,
      warnings: [],
      ...data,
    },
  };
}

function changePower(overrides: Partial<ChangePower> = {}): ChangePower {
  return {
    type: 'ChangePower',
    ...LATER,
    code: CODE,
    kind: 'amendment',
    changes: { name: '对擅自设置户外广告的处罚' },
    reason: '名称与条例表述不一致',
    approval: LATER_APPROVAL,
    effectiveFrom: '2025-01-01',
    ...overrides,
  };
}

function changed(data: Partial<PowerChangedData> = {}): PowerChanged {
  return {
    type: 'PowerChanged',
    data: {
      code: CODE,
      kind: 'amendment',
      changes: { name: '对擅自设置户外广告的处罚' },
      reason: '名称与条例表述不一致',
      approval: LATER_APPROVAL,
      effectiveFrom: '2025-01-01',
      recordedAt: LATER.recordedAt,
      warnings: [],
      ...data,
    },
  };
}

function transferPower(overrides: Partial<TransferPower> = {}): TransferPower {
  return {
    type: 'TransferPower',
    ...LATER,
    code: CODE,
    toDepartment: 'ZF',
    reason: '职能划转至综合执法局',
    approval: LATER_APPROVAL,
    effectiveFrom: '2025-06-01',
    ...overrides,
  };
}

function transferred(data: Partial<PowerTransferredData> = {}): PowerTransferred {
  return {
    type: 'PowerTransferred',
    data: {
      code: CODE,
      fromDepartment: 'CG',
      toDepartment: 'ZF',
      reason: '职能划转至综合执法局',
      approval: LATER_APPROVAL,
      effectiveFrom: '2025-06-01',
      recordedAt: LATER.recordedAt,
      ...data,
    },
  };
}

function cancelPower(overrides: Partial<CancelPower> = {}): CancelPower {
  return {
    type: 'CancelPower',
    ...LATER,
    code: CODE,
    reason: '上位法废止',
    approval: LATER_APPROVAL,
    effectiveFrom: '2025-04-01',
    ...overrides,
  };
}

function cancelled(data: Partial<PowerCancelledData> = {}): PowerCancelled {
  return {
    type: 'PowerCancelled',
    data: {
      code: CODE,
      department: 'CG',
      reason: '上位法废止',
      approval: LATER_APPROVAL,
      effectiveFrom: '2025-04-01',
      recordedAt: LATER.recordedAt,
      ...data,
    },
  };
}

function publishPower(overrides: Partial<PublishPower> = {}): PublishPower {
  return {
    type: 'PublishPower',
    ...LATER,
    code: CODE,
    channel: '政府信息公开网',
    publishedOn: '2025-03-01',
    ...overrides,
  };
}

function published(data: Partial<PowerPublishedData> = {}): PowerPublished {
  return {
    type: 'PowerPublished',
    data: { code: CODE, channel: '政府信息公开网', publishedOn: '2025-03-01', recordedAt: LATER.recordedAt, ...data },
  };
}

/** A department's proposal of `fact`, recorded as the stream's version `proposalId`. */
function proposed(fact: PowerLifecycleEvent, proposalId: number, department = 'CG'): PowerProposed {
  return {
    type: 'PowerProposed',
    data: { code: CODE, proposalId, department, fact, recordedAt: fact.data.recordedAt },
  };
}

const AT_REVIEW = { actor: REVIEWER, recordedAt: '2025-04-10T15:00:00+08:00', today: '2025-04-10' };
const REVIEW_APPROVAL: Approval = { authority: '宁国市法制办', documentNo: '宁法审〔2025〕7号', date: '2025-04-09' };

function approveProposal(proposalId: number, overrides: Partial<ApprovePowerProposal> = {}): ApprovePowerProposal {
  return {
    type: 'ApprovePowerProposal',
    ...AT_REVIEW,
    code: CODE,
    proposalId,
    approval: REVIEW_APPROVAL,
    ...overrides,
  };
}

function rejectProposal(proposalId: number, overrides: Partial<RejectPowerProposal> = {}): RejectPowerProposal {
  return {
    type: 'RejectPowerProposal',
    ...AT_REVIEW,
    code: CODE,
    proposalId,
    reasons: ['法律依据已废止'],
    ...overrides,
  };
}

function rejected(proposalId: number): PowerProposalRejected {
  return {
    type: 'PowerProposalRejected',
    data: { code: CODE, proposalId, reasons: ['法律依据已废止'], recordedAt: AT_REVIEW.recordedAt },
  };
}

function stateAfter(events: PowerEvent[]): PowerState {
  return fold(powerDecider, events);
}

describe('power decider', () => {
  describe('grant only once', () => {
    it('grants a power that does not exist yet, defaults applied', () => {
      given([]).when(grantPower()).then([granted()]);
    });

    it('rejects a second grant of the same code as a conflict', () => {
      const error = given([granted()]).when(grantPower()).thenThrows('POWER_EXISTS');
      expect(error.category).toBe('conflict');
    });

    it.each<[string, PowerCommand]>([
      ['change', changePower()],
      ['transfer', transferPower()],
      ['cancel', cancelPower()],
      ['publish', publishPower()],
    ])('refuses to %s a power never granted', (_, command) => {
      const error = given([]).when(command).thenThrows('POWER_NOT_FOUND');
      expect(error.category).toBe('not-found');
    });

    it.each<[string, PowerCommand, PowerEvent]>([
      ['change', changePower(), changed()],
      ['transfer', transferPower(), transferred()],
      ['cancel', cancelPower(), cancelled()],
      ['publish', publishPower(), published()],
    ])('may %s a granted power', (_, command, event) => {
      given([granted()]).when(command).then([event]);
    });

    it('keeps every optional catalogue field the grant gives', () => {
      const full = {
        responsibleUnit: '法制科',
        responsiblePerson: '王科长',
        supervisionLevel: '县级',
        fees: { charged: false },
        disclosure: { form: '网站', scope: '社会公众', timing: '设定后20个工作日内' },
        process: {
          conditions: ['违法事实清楚'],
          steps: [{ name: '立案', post: '执法中队', days: 3 }],
          counterpartyRights: ['陈述', '申辩', '听证'],
          complaintChannels: ['12345'],
        },
        discretion: [{ level: 'general' as const, conditions: '首次违法', min: 500, max: 2000 }],
        important: true,
      };
      given([])
        .when(grantPower(full))
        .then([granted(full)]);
    });
  });

  describe('legal basis', () => {
    it('keeps the text of a basis when given', () => {
      const legalBasis = [{ title: '条例', article: '第三十六条', text: '未经批准擅自设置...' }];
      given([])
        .when(grantPower({ legalBasis }))
        .then([granted({ legalBasis })]);
    });
  });

  describe('time limits', () => {
    it('rejects a committed limit longer than the legal one, naming the field', () => {
      const error = given([])
        .when(grantPower({ timeLimit: { legalDays: 20, committedDays: 21 } }))
        .thenThrows('COMMITTED_EXCEEDS_LEGAL');
      expect(error.category).toBe('rule');
      expect(error.fieldErrors).toEqual({ 'timeLimit.committedDays': ['must not exceed legalDays'] });
    });

    it('accepts a committed limit equal to the legal one, with a warning kept in state', () => {
      const events = given([])
        .when(grantPower({ timeLimit: { legalDays: 20, committedDays: 20, unit: 'calendar' } }))
        .then([
          granted(
            { timeLimit: { legalDays: 20, committedDays: 20, unit: 'calendar' } },
            { warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'] },
          ),
        ]);
      expect(stateAfter(events)).toMatchObject({ warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'] });
    });

    it('does not warn when committed is exactly two thirds of legal', () => {
      given([])
        .when(grantPower({ timeLimit: { legalDays: 30, committedDays: 20 } }))
        .then([granted()]);
    });

    it('warns when committed is more than two thirds of legal', () => {
      given([])
        .when(grantPower({ timeLimit: { legalDays: 30, committedDays: 21 } }))
        .thenMatches([{ data: { warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'] } }]);
    });

    it('rejects a change of the time limit that gives none of its parts', () => {
      const error = given([granted()])
        .when(changePower({ changes: { timeLimit: {} } }))
        .thenThrows('INVALID_TIME_LIMIT');
      expect(Object.keys(error.fieldErrors)).toEqual(['changes.timeLimit']);
    });

    it('evaluates the resulting limits of a change and records them whole, with their warnings', () => {
      const state = stateAfter([
        granted(),
        changed({
          changes: { timeLimit: { legalDays: 30, committedDays: 28, unit: 'working' } },
          warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'],
        }),
      ]);
      expect(state).toMatchObject({ warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'] });
      given([granted()])
        .when(changePower({ changes: { timeLimit: { committedDays: 28 } } }))
        .then([
          changed({
            changes: { timeLimit: { legalDays: 30, committedDays: 28, unit: 'working' } },
            warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'],
          }),
        ]);
    });

    it('rejects a change whose resulting committed limit exceeds the legal one', () => {
      const error = given([granted()])
        .when(changePower({ changes: { timeLimit: { legalDays: 15 } } }))
        .thenThrows('COMMITTED_EXCEEDS_LEGAL');
      expect(error.fieldErrors).toEqual({ 'changes.timeLimit.committedDays': ['must not exceed legalDays'] });
    });

    it('clears the warning in state when a later change shortens the committed limit', () => {
      const events = [
        granted(
          { timeLimit: { legalDays: 20, committedDays: 15, unit: 'working' } },
          { warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'] },
        ),
      ];
      const [change] = given(events)
        .when(changePower({ changes: { timeLimit: { committedDays: 10 } } }))
        .thenMatches([{ data: { warnings: [] } }]);
      expect(stateAfter([...events, change])).toMatchObject({ warnings: [] });
    });
  });

  describe('classification', () => {
    it('rejects a classified power without a reason', () => {
      const error = given([])
        .when(grantPower({ classification: { classified: true } }))
        .thenThrows('CLASSIFICATION_REASON_REQUIRED');
      expect(error.fieldErrors).toEqual({ 'classification.reason': ['is required when classified'] });
    });

    it('rejects a change that classifies a power without a reason', () => {
      const error = given([granted()])
        .when(changePower({ changes: { classification: { classified: true } } }))
        .thenThrows('CLASSIFICATION_REASON_REQUIRED');
      expect(Object.keys(error.fieldErrors)).toEqual(['changes.classification.reason']);
    });

    it('accepts a classified power with a reason', () => {
      const classification = { classified: true, reason: '涉及国家秘密' };
      given([])
        .when(grantPower({ classification }))
        .then([granted({ classification })]);
    });
  });

  describe('discretion bands', () => {
    const bands = [
      { level: 'lenient' as const, conditions: '主动改正', min: 0, max: 500 },
      { level: 'severe' as const, conditions: '拒不改正', min: 5000, max: 10000 },
    ];

    it('accepts bands on a penalty', () => {
      given([])
        .when(grantPower({ discretion: bands }))
        .then([granted({ discretion: bands })]);
    });

    it('rejects bands on a power that is not a penalty', () => {
      const error = given([])
        .when(grantPower({ category: 'licensing', discretion: bands }))
        .thenThrows('DISCRETION_ONLY_FOR_PENALTIES');
      expect(error.category).toBe('rule');
    });

    it.each([
      ['min above max', [{ level: 'general' as const, conditions: '一般', min: 2000, max: 1000 }], 'discretion[0].max'],
      ['a repeated level', [bands[0], { ...bands[0], min: 1 }], 'discretion[1].level'],
    ])('rejects a band with %s', (_, discretion, field) => {
      const error = given([])
        .when(grantPower({ discretion: discretion }))
        .thenThrows('DISCRETION_BAND_INVALID');
      expect(Object.keys(error.fieldErrors)).toEqual([field]);
    });

    it('rejects changing the category away from penalty while bands exist', () => {
      const error = given([granted({ discretion: bands })])
        .when(changePower({ changes: { category: 'inspection' } }))
        .thenThrows('DISCRETION_ONLY_FOR_PENALTIES');
      expect(error.fieldErrors).toEqual({ 'changes.category': ['allowed only when category is penalty'] });
    });

    it('accepts changing the category away from penalty when the bands are cleared with it', () => {
      given([granted({ discretion: bands })])
        .when(changePower({ changes: { category: 'inspection', discretion: null } }))
        .then([changed({ changes: { category: 'inspection', discretion: null } })]);
    });
  });

  describe('licensing conditions', () => {
    const licensingConditions = ['申请人具有相应资质', '设置方案符合规划'];

    it('accepts conditions on a licensing power', () => {
      given([])
        .when(grantPower({ category: 'licensing', licensingConditions }))
        .then([granted({ category: 'licensing', licensingConditions })]);
    });

    it('rejects conditions on any other power', () => {
      const error = given([])
        .when(grantPower({ licensingConditions }))
        .thenThrows('LICENSING_CONDITIONS_ONLY_FOR_LICENSING');
      expect(error.fieldErrors).toEqual({ licensingConditions: ['allowed only when category is licensing'] });
    });

    it('checks facts already recorded for later dates against a backdated change', () => {
      const history = [
        granted({ category: 'licensing' }),
        changed({ changes: { licensingConditions }, effectiveFrom: '2025-06-01' }),
      ];
      given(history)
        .when(changePower({ changes: { category: 'other' }, effectiveFrom: '2025-01-01' }))
        .thenThrows('LICENSING_CONDITIONS_ONLY_FOR_LICENSING');
      given(history)
        .when(changePower({ changes: { category: 'other', licensingConditions: null }, effectiveFrom: '2025-07-01' }))
        .then([changed({ changes: { category: 'other', licensingConditions: null }, effectiveFrom: '2025-07-01' })]);
    });
  });

  describe('cancelled powers', () => {
    const history = [granted(), cancelled()];

    it.each<[string, PowerCommand]>([
      ['change', changePower()],
      ['transfer', transferPower()],
      ['cancel', cancelPower()],
    ])('refuses to %s a cancelled power', (_, command) => {
      const error = given(history).when(command).thenThrows('POWER_CANCELLED');
      expect(error.category).toBe('rule');
    });

    it('still publishes a cancelled power, so the cancellation is disclosed', () => {
      given(history).when(publishPower()).then([published()]);
    });

    it('is cancelled in state even while the cancellation is yet to take effect', () => {
      expect(stateAfter([granted(), cancelled({ effectiveFrom: '2030-01-01' })])).toMatchObject({
        status: 'cancelled',
        cancelledFrom: '2030-01-01',
      });
    });
  });

  describe('transfers', () => {
    it('refuses a transfer to the department already holding the power on the effective date', () => {
      given([granted()])
        .when(transferPower({ toDepartment: 'CG' }))
        .thenThrows('TRANSFER_TO_SAME_DEPARTMENT');
    });

    it('transfers from whoever holds the power on the effective date', () => {
      given([granted(), transferred()])
        .when(transferPower({ toDepartment: 'CG', effectiveFrom: '2026-01-01' }))
        .then([transferred({ fromDepartment: 'ZF', toDepartment: 'CG', effectiveFrom: '2026-01-01' })]);
    });

    it('keeps the owner history in effective order', () => {
      const state = stateAfter([granted(), transferred()]);
      expect(state).toMatchObject({
        owners: [
          { department: 'CG', effectiveFrom: '2024-01-01', version: 1 },
          { department: 'ZF', effectiveFrom: '2025-06-01', version: 2 },
        ],
        attributes: { department: 'ZF' },
      });
    });
  });

  describe('effective dates', () => {
    it.each<[string, PowerCommand]>([
      ['change', changePower({ effectiveFrom: '2023-12-31' })],
      ['transfer', transferPower({ effectiveFrom: '2023-12-31' })],
      ['cancel', cancelPower({ effectiveFrom: '2023-12-31' })],
    ])('refuses a %s taking effect before the grant', (_, command) => {
      const error = given([granted()]).when(command).thenThrows('EFFECTIVE_BEFORE_GRANT');
      expect(error.details).toEqual({ effectiveFrom: '2023-12-31', grantedFrom: '2024-01-01' });
    });

    it('accepts a fact taking effect on the grant date, even recorded later (retroactive)', () => {
      given([granted()])
        .when(cancelPower({ effectiveFrom: '2024-01-01' }))
        .then([cancelled({ effectiveFrom: '2024-01-01' })]);
    });

    it('rejects an invalid today or recordedAt', () => {
      given([])
        .when(grantPower({ today: '2024-13-01' }))
        .thenThrows('INVALID_DATE');
      given([])
        .when(grantPower({ recordedAt: '2024-01-02 10:00' }))
        .thenThrows('INVALID_TIMESTAMP');
      given([])
        .when(grantPower({ recordedAt: '2024-01-02T10:00:00' }))
        .thenThrows('INVALID_TIMESTAMP');
      given([])
        .when(grantPower({ recordedAt: '2024-01-02T02:00:00.123Z' }))
        .then([granted({}, { recordedAt: '2024-01-02T02:00:00.123Z' })]);
    });
  });

  describe('approval', () => {
    it('accepts an approval on a leap day', () => {
      const approval = { ...APPROVAL, date: '2024-02-29' };
      given([])
        .when(grantPower({ approval }))
        .then([granted({}, { approval })]);
    });
  });

  describe('changes', () => {
    it('rejects a change of nothing', () => {
      given([granted()])
        .when(changePower({ changes: {} }))
        .thenThrows('NOTHING_CHANGED');
    });

    it('rejects a change that repeats the values in force on its effective date', () => {
      given([granted()])
        .when(changePower({ changes: { name: attributes().name, timeLimit: { committedDays: 20 }, fees: null } }))
        .thenThrows('NOTHING_CHANGED');
    });

    it('records only the fields that really change, and the kind', () => {
      given([granted()])
        .when(
          changePower({
            kind: 'correction',
            changes: { name: '对擅自设置户外广告的处罚', category: 'penalty', important: false },
            legalBasis: [{ title: '规范性文件', article: '第五条' }],
          }),
        )
        .then([changed({ kind: 'correction', legalBasis: [{ title: '规范性文件', article: '第五条' }] })]);
    });

    it('compares with the attributes in force on the effective date', () => {
      const history = [granted(), changed({ effectiveFrom: '2025-06-01' })];
      given(history)
        .when(changePower({ changes: { name: '对擅自设置户外广告的处罚' }, effectiveFrom: '2025-06-01' }))
        .thenThrows('NOTHING_CHANGED');
      given(history)
        .when(changePower({ changes: { name: '对擅自设置户外广告的处罚' }, effectiveFrom: '2025-01-01' }))
        .then([changed()]);
    });

    it('applies the change to the state', () => {
      expect(stateAfter([granted(), changed()])).toMatchObject({
        status: 'granted',
        attributes: { name: '对擅自设置户外广告的处罚' },
        version: 2,
      });
    });
  });

  describe('ownership', () => {
    it('lets a department propose a fact on its own power', () => {
      given([granted()])
        .when(changePower({ actor: CG }))
        .then([proposed(changed(), 2)]);
    });

    it("refuses a department acting on another department's power", () => {
      const error = given([granted()])
        .when(changePower({ actor: ZF }))
        .thenThrows('FORBIDDEN_DEPARTMENT');
      expect(error.category).toBe('forbidden');
    });

    it('lets a reviewer act for any department', () => {
      given([])
        .when(grantPower({ department: 'ZF', actor: REVIEWER }))
        .then([granted({ department: 'ZF' })]);
    });

    it('lets a department propose a grant only for itself', () => {
      given([])
        .when(grantPower({ actor: CG }))
        .then([proposed(granted(), 1)]);
      given([])
        .when(grantPower({ actor: ZF }))
        .thenThrows('FORBIDDEN_DEPARTMENT');
      given([])
        .when(grantPower({ actor: { id: 'u-x', role: 'department' } }))
        .thenThrows('FORBIDDEN_DEPARTMENT');
    });

    it('moves ownership only once a transfer takes effect', () => {
      const history = [granted(), transferred()];
      const before = { today: '2025-05-31' };
      const after = { today: '2025-06-01' };
      given(history)
        .when(changePower({ actor: CG, ...before }))
        .then([proposed(changed(), 3)]);
      given(history)
        .when(changePower({ actor: ZF, ...before }))
        .thenThrows('FORBIDDEN_DEPARTMENT');
      given(history)
        .when(publishPower({ actor: ZF, ...after, publishedOn: '2025-06-01' }))
        .then([published({ publishedOn: '2025-06-01' })]);
      given(history)
        .when(publishPower({ actor: CG, ...after, publishedOn: '2025-06-01' }))
        .thenThrows('FORBIDDEN_DEPARTMENT');
    });

    it('lets the granting department act before its grant takes effect', () => {
      given([granted({}, { effectiveFrom: '2030-01-01' })])
        .when(publishPower({ actor: CG }))
        .then([published()]);
    });

    it('lets an admin record facts approved outside the system directly, as a reviewer does (imports)', () => {
      const admin: Actor = { id: 'u-admin', role: 'admin' };
      given([])
        .when(grantPower({ actor: admin }))
        .then([granted()]);
      given([granted()])
        .when(changePower({ actor: admin }))
        .then([changed()]);
    });

    it.each(['supervisor', 'investigator'] as const)('refuses any act by the %s role', (role) => {
      const actor: Actor = { id: 'u-1', role, department: 'CG' };
      given([]).when(grantPower({ actor })).thenThrows('FORBIDDEN_ROLE');
      const error = given([granted()]).when(publishPower({ actor })).thenThrows('FORBIDDEN_ROLE');
      expect(error.category).toBe('forbidden');
    });
  });

  describe('publication', () => {
    it('records a publication with its url, kept as the last one in state', () => {
      const url = 'https://www.ningguo.gov.cn/zqml/CG-CF-0001';
      const events = given([granted()])
        .when(publishPower({ url }))
        .then([published({ url })]);
      expect(stateAfter([granted(), ...events])).toMatchObject({
        lastPublication: { channel: '政府信息公开网', publishedOn: '2025-03-01', url, version: 2 },
        version: 2,
      });
    });

    it('keeps the latest publication date when an earlier one is recorded afterwards', () => {
      const state = stateAfter([granted(), published(), published({ publishedOn: '2024-01-05' })]);
      expect(state).toMatchObject({ lastPublication: { publishedOn: '2025-03-01' }, version: 3 });
    });

    it('rejects a publication dated after today', () => {
      given([granted()])
        .when(publishPower({ publishedOn: '2025-03-02' }))
        .thenThrows('PUBLICATION_IN_FUTURE');
    });
  });

  describe('validation', () => {
    it('reports every broken rule at once, under the first code', () => {
      let error: DomainError | undefined;
      try {
        powerDecider.decide(
          grantPower({
            classification: { classified: true },
            discretion: [{ level: 'general', conditions: '一般', min: 2000, max: 1000 }],
          }),
          powerDecider.initialState,
        );
      } catch (e) {
        error = e as DomainError;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error!.code).toBe('CLASSIFICATION_REASON_REQUIRED');
      expect(Object.keys(error!.fieldErrors).sort()).toEqual(['classification.reason', 'discretion[0].max']);
      expect(error!.details).toEqual({ codes: ['CLASSIFICATION_REASON_REQUIRED', 'DISCRETION_BAND_INVALID'] });
    });

    it('does not let unknown input fields into the event', () => {
      const command = {
        ...grantPower(),
        legalBasis: [{ ...BASIS[0], injected: 1 }],
        extra: true,
      } as unknown as GrantPower;
      given([]).when(command).then([granted()]);
    });
  });

  describe('evolve', () => {
    it('ignores events that cannot follow the state', () => {
      expect(stateAfter([changed(), published()])).toEqual({ status: 'absent', proposals: [], version: 2 });
      expect(stateAfter([granted(), granted({ name: 'other' })])).toMatchObject({
        attributes: { name: attributes().name },
        version: 2,
      });
    });
  });

  describe('review: 申报 → 审核 (a department proposes, a reviewer approves or rejects)', () => {
    const approvedGrant = (data: Partial<PowerGrantedData> = {}) =>
      granted({}, { approval: REVIEW_APPROVAL, recordedAt: AT_REVIEW.recordedAt, proposalId: 1, ...data });

    it("records a department's grant as a proposal, checked with every rule, and leaves the power absent", () => {
      const events = given([])
        .when(grantPower({ actor: CG }))
        .then([proposed(granted(), 1)]);
      expect(stateAfter(events)).toEqual({
        status: 'absent',
        version: 1,
        proposals: [{ id: 1, department: 'CG', fact: granted(), proposedAt: AT_GRANT.recordedAt, status: 'pending' }],
      });
    });

    it('refuses a malformed or impossible proposal at once, writing nothing', () => {
      given([])
        .when(grantPower({ actor: CG, classification: { classified: true } }))
        .thenThrows('CLASSIFICATION_REASON_REQUIRED');
      given([granted()])
        .when(transferPower({ actor: CG, toDepartment: 'CG' }))
        .thenThrows('TRANSFER_TO_SAME_DEPARTMENT');
    });

    it("approves a grant with the reviewer's approval document: it takes effect as proposed, recorded now", () => {
      const events = given([proposed(granted(), 1)])
        .when(approveProposal(1))
        .then([approvedGrant()]);
      expect(stateAfter([proposed(granted(), 1), ...events])).toMatchObject({
        status: 'granted',
        effectiveFrom: '2024-01-01',
        version: 2,
        facts: [{ kind: 'granted', version: 2, recordedAt: AT_REVIEW.recordedAt, effectiveFrom: '2024-01-01' }],
        proposals: [{ id: 1, status: 'approved', decidedAt: AT_REVIEW.recordedAt, factVersion: 2 }],
      });
    });

    it('never puts a rejected proposal in force, and keeps its reasons', () => {
      const history = [proposed(granted(), 1)];
      given(history)
        .when(rejectProposal(1))
        .then([rejected(1)]);
      expect(stateAfter([...history, rejected(1)])).toMatchObject({
        status: 'absent',
        proposals: [{ id: 1, status: 'rejected', decidedAt: AT_REVIEW.recordedAt, reasons: ['法律依据已废止'] }],
      });
      given([...history, rejected(1)])
        .when(approveProposal(1))
        .thenThrows('POWER_PROPOSAL_DECIDED');
    });

    it('decides a proposal once: approved ones cannot be approved or rejected again', () => {
      const history = [proposed(granted(), 1), approvedGrant()];
      const error = given(history).when(approveProposal(1)).thenThrows('POWER_PROPOSAL_DECIDED');
      expect(error.category).toBe('conflict');
      given(history).when(rejectProposal(1)).thenThrows('POWER_PROPOSAL_DECIDED');
    });

    it('answers POWER_PROPOSAL_NOT_FOUND for a proposal the power does not have', () => {
      const error = given([granted()]).when(approveProposal(1)).thenThrows('POWER_PROPOSAL_NOT_FOUND');
      expect(error.category).toBe('not-found');
      given([]).when(rejectProposal(3)).thenThrows('POWER_PROPOSAL_NOT_FOUND');
    });

    it.each(['department', 'admin', 'supervisor'] as const)('lets only a reviewer decide, not the %s role', (role) => {
      const actor: Actor = { id: 'u-1', role, department: 'CG' };
      given([proposed(granted(), 1)])
        .when(approveProposal(1, { actor }))
        .thenThrows('FORBIDDEN_ROLE');
      given([proposed(granted(), 1)])
        .when(rejectProposal(1, { actor }))
        .thenThrows('FORBIDDEN_ROLE');
    });

    it("needs the reviewer's approval of a classified power's classification and reason", () => {
      const classification = { classified: true, reason: '涉及国家秘密' };
      const history = [proposed(granted({ classification }), 1)];
      const error = given(history).when(approveProposal(1)).thenThrows('CLASSIFICATION_APPROVAL_REQUIRED');
      expect(error.fieldErrors).toEqual({ classificationApproved: [expect.any(String)] });
      given(history)
        .when(approveProposal(1, { classificationApproved: false }))
        .thenThrows('CLASSIFICATION_APPROVAL_REQUIRED');
      given(history)
        .when(approveProposal(1, { classificationApproved: true }))
        .then([approvedGrant({ attributes: attributes({ classification }), classificationApproved: true })]);
      const classifying = proposed(changed({ changes: { classification } }), 2);
      given([granted(), classifying]).when(approveProposal(2)).thenThrows('CLASSIFICATION_APPROVAL_REQUIRED');
    });

    it('leaves a power in force as it was while a change to it waits for review', () => {
      const pending = [granted(), proposed(changed(), 2)];
      expect(stateAfter(pending)).toMatchObject({ status: 'granted', attributes: attributes(), version: 2 });
      given(pending).when(cancelPower()).then([cancelled()]);
    });

    it('keeps several proposals pending and decides each on the state of the day it is approved', () => {
      const history = [
        granted(),
        proposed(changed({ changes: { name: '名称甲' }, effectiveFrom: '2025-01-01' }), 2),
        proposed(transferred(), 3),
      ];
      const transfer = given(history)
        .when(approveProposal(3))
        .then([transferred({ approval: REVIEW_APPROVAL, recordedAt: AT_REVIEW.recordedAt, proposalId: 3 })]);
      given([...history, ...transfer])
        .when(approveProposal(2))
        .then([
          changed({
            changes: { name: '名称甲' },
            approval: REVIEW_APPROVAL,
            recordedAt: AT_REVIEW.recordedAt,
            proposalId: 2,
          }),
        ]);
    });

    it('cannot approve a proposal that an approved fact made impossible; it can still be rejected', () => {
      const history = [proposed(granted(), 1), proposed(granted({ name: '另一名称' }), 2, 'CG'), approvedGrant()];
      given(history).when(approveProposal(2)).thenThrows('POWER_EXISTS');
      given(history)
        .when(rejectProposal(2))
        .then([rejected(2)]);
      const cancelledFirst = [granted(), proposed(changed(), 2), cancelled()];
      given(cancelledFirst).when(approveProposal(2)).thenThrows('POWER_CANCELLED');
    });

    it('folds facts recorded before proposals existed as approved, whatever their recorder', () => {
      expect(stateAfter([granted(), changed()])).toMatchObject({
        status: 'granted',
        attributes: { name: '对擅自设置户外广告的处罚' },
        proposals: [],
      });
    });
  });
});
