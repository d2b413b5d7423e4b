import {
  ApprovePowerProposalRequest,
  CancelPowerRequest,
  ChangePowerRequest,
  GrantPowerRequest,
  PublishPowerRequest,
  RejectPowerProposalRequest,
  TransferPowerRequest,
} from '@app/contracts';
import { fieldsRejected, validatedBody } from '../http/request-validation.testing';

/**
 * The shapes of power requests are checked here, once, at the edge (docs/architecture.md, "One validation
 * boundary"), for the API and the CLI's catalogue import alike: the power decider takes typed commands and checks
 * only its rules. Every field is reported at once.
 */

const APPROVAL = { authority: '宁国市城市管理行政执法局', documentNo: '宁城监〔2009〕35号', date: '2023-12-20' };
const BASIS = [{ title: '城市市容和环境卫生管理条例', article: '第三十六条' }];
const GRANT = {
  code: 'CG-CF-0001',
  name: '对未经批准擅自设置大型户外广告的处罚',
  category: 'penalty',
  department: 'CG',
  legalBasis: BASIS,
  timeLimit: { legalDays: 30, committedDays: 20 },
  approval: APPROVAL,
  effectiveFrom: '2024-01-01',
};
const CHANGE = {
  kind: 'amendment',
  changes: { name: '对擅自设置户外广告的处罚' },
  reason: '名称规范',
  approval: APPROVAL,
  effectiveFrom: '2025-01-01',
};
const TRANSFER = { toDepartment: 'ZF', reason: '职能划转', approval: APPROVAL, effectiveFrom: '2025-01-01' };
const CANCEL = { reason: '法律依据废止', approval: APPROVAL, effectiveFrom: '2025-01-01' };
const PUBLISH = {
  channel: '政府门户网站',
  publishedOn: '2025-03-01',
  url: 'https://www.example.gov.cn/zqml/CG-CF-0001',
};

describe('power requests, checked at the edge', () => {
  it('takes well-formed requests of every kind', async () => {
    await expect(validatedBody(GRANT, GrantPowerRequest)).resolves.toBeInstanceOf(GrantPowerRequest);
    await expect(validatedBody(CHANGE, ChangePowerRequest)).resolves.toBeInstanceOf(ChangePowerRequest);
    await expect(validatedBody(TRANSFER, TransferPowerRequest)).resolves.toBeInstanceOf(TransferPowerRequest);
    await expect(validatedBody(CANCEL, CancelPowerRequest)).resolves.toBeInstanceOf(CancelPowerRequest);
    await expect(validatedBody(PUBLISH, PublishPowerRequest)).resolves.toBeInstanceOf(PublishPowerRequest);
    await expect(validatedBody({ approval: APPROVAL }, ApprovePowerProposalRequest)).resolves.toBeInstanceOf(
      ApprovePowerProposalRequest,
    );
    await expect(validatedBody({ reasons: ['依据已废止'] }, RejectPowerProposalRequest)).resolves.toBeInstanceOf(
      RejectPowerProposalRequest,
    );
  });

  it('reports every invalid field of a grant at once', async () => {
    const invalid = { ...GRANT, code: 'cg 1', name: '', category: 'magic', legalBasis: [] };
    expect(await fieldsRejected(invalid, GrantPowerRequest)).toEqual(['category', 'code', 'legalBasis', 'name']);
  });

  describe('legal basis', () => {
    it('needs at least one, each with its article, on a grant and on a change', async () => {
      expect(await fieldsRejected({ ...GRANT, legalBasis: [] }, GrantPowerRequest)).toEqual(['legalBasis']);
      expect(
        await fieldsRejected({ ...GRANT, legalBasis: [{ title: '条例', article: ' ' }] }, GrantPowerRequest),
      ).toEqual(['legalBasis.0.article']);
      expect(await fieldsRejected({ ...CHANGE, changes: { legalBasis: [] } }, ChangePowerRequest)).toEqual([
        'changes.legalBasis',
      ]);
    });
  });

  it.each([
    [0, 0, ['timeLimit.committedDays', 'timeLimit.legalDays']],
    [10, 2.5, ['timeLimit.committedDays']],
    [-3, 1, ['timeLimit.legalDays']],
  ])('rejects time limits that are not positive integers (%p, %p)', async (legalDays, committedDays, fields) => {
    expect(await fieldsRejected({ ...GRANT, timeLimit: { legalDays, committedDays } }, GrantPowerRequest)).toEqual(
      fields,
    );
  });

  it.each([
    ['a negative amount', { level: 'general', conditions: '一般', min: -1, max: 1000 }, 'discretion.0.min'],
    ['an unknown level', { level: 'extreme', conditions: '一般', min: 0, max: 1 }, 'discretion.0.level'],
    ['empty conditions', { level: 'general', conditions: '', min: 0, max: 1 }, 'discretion.0.conditions'],
  ])('rejects a discretion band with %s', async (_, band, field) => {
    expect(await fieldsRejected({ ...GRANT, discretion: [band] }, GrantPowerRequest)).toEqual([field]);
  });

  it.each([
    ['without authority', { authority: '' }, 'approval.authority'],
    ['without document number', { documentNo: ' ' }, 'approval.documentNo'],
    ['with an invalid date', { date: '2023-02-29' }, 'approval.date'],
  ])('rejects an approval %s', async (_, patch, field) => {
    expect(await fieldsRejected({ ...GRANT, approval: { ...APPROVAL, ...patch } }, GrantPowerRequest)).toEqual([field]);
    expect(await fieldsRejected({ approval: { ...APPROVAL, ...patch } }, ApprovePowerProposalRequest)).toEqual([field]);
  });

  it.each([
    ['change', CHANGE, ChangePowerRequest],
    ['transfer', TRANSFER, TransferPowerRequest],
    ['cancel', CANCEL, CancelPowerRequest],
  ] as const)('requires an approval and a reason to %s', async (_, body, type) => {
    expect(await fieldsRejected({ ...body, approval: undefined }, type)).toEqual(['approval']);
    expect(await fieldsRejected({ ...body, reason: '  ' }, type)).toEqual(['reason']);
  });

  it.each(['2024-02-30', '2024-1-05', '20240105', ''])('rejects the effective date %p', async (effectiveFrom) => {
    expect(await fieldsRejected({ ...CHANGE, effectiveFrom }, ChangePowerRequest)).toEqual(['effectiveFrom']);
  });

  it('rejects a malformed department code to transfer to', async () => {
    expect(await fieldsRejected({ ...TRANSFER, toDepartment: 'zf bureau' }, TransferPowerRequest)).toEqual([
      'toDepartment',
    ]);
  });

  describe('changes', () => {
    it.each(['department', 'code'])('refuses to change the %s', async (field) => {
      expect(await fieldsRejected({ ...CHANGE, changes: { [field]: 'ZF' } }, ChangePowerRequest)).toEqual([
        `changes.${field}`,
      ]);
    });

    it('refuses to clear a required field, and takes the clearing of an optional one', async () => {
      expect(await fieldsRejected({ ...CHANGE, changes: { name: null } }, ChangePowerRequest)).toEqual([
        'changes.name',
      ]);
      await expect(validatedBody({ ...CHANGE, changes: { fees: null } }, ChangePowerRequest)).resolves.toBeInstanceOf(
        ChangePowerRequest,
      );
    });

    it('rejects an unknown change kind', async () => {
      expect(await fieldsRejected({ ...CHANGE, kind: 'rewrite' }, ChangePowerRequest)).toEqual(['kind']);
    });
  });

  it('rejects an invalid publication date or url, or a missing channel', async () => {
    expect(await fieldsRejected({ ...PUBLISH, publishedOn: '2025-02-31' }, PublishPowerRequest)).toEqual([
      'publishedOn',
    ]);
    expect(await fieldsRejected({ ...PUBLISH, url: 'ftp:/x' }, PublishPowerRequest)).toEqual(['url']);
    expect(await fieldsRejected({ ...PUBLISH, channel: '' }, PublishPowerRequest)).toEqual(['channel']);
  });

  it('requires a reason, each one a text, to reject a proposal', async () => {
    expect(await fieldsRejected({ reasons: [] }, RejectPowerProposalRequest)).toEqual(['reasons']);
    expect(await fieldsRejected({ reasons: ['  '] }, RejectPowerProposalRequest)).toEqual(['reasons']);
  });
});
