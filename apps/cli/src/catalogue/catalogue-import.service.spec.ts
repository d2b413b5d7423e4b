import { PowerGrantedData } from '@app/domain';
import { columnOfField, grantEventId } from './catalogue-import.service';

const GRANT: Pick<PowerGrantedData, 'attributes' | 'approval' | 'effectiveFrom'> = {
  attributes: {
    code: 'YC-FY-0001',
    name: '行政复议',
    category: 'other',
    department: 'YC',
    legalBasis: [{ title: '《中华人民共和国行政复议法》', article: '第三十一条' }],
    timeLimit: { legalDays: 60, committedDays: 40, unit: 'calendar' },
    important: true,
    classification: { classified: false },
  },
  approval: { authority: '规范办', documentNo: '漳烟专〔2010〕18号', date: '2010-09-28' },
  effectiveFrom: '2010-10-11',
};

describe('grantEventId', () => {
  it('is a version 8 UUID that depends on the content only, not on the order of its keys', () => {
    const id = grantEventId(GRANT);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const reordered = {
      effectiveFrom: GRANT.effectiveFrom,
      approval: { date: '2010-09-28', documentNo: '漳烟专〔2010〕18号', authority: '规范办' },
      attributes: { ...GRANT.attributes, timeLimit: { unit: 'calendar' as const, committedDays: 40, legalDays: 60 } },
    };
    expect(grantEventId(reordered)).toBe(id);
  });

  it('changes with any part of the grant', () => {
    const id = grantEventId(GRANT);
    expect(grantEventId({ ...GRANT, effectiveFrom: '2010-10-12' })).not.toBe(id);
    expect(grantEventId({ ...GRANT, approval: { ...GRANT.approval, documentNo: '漳烟专〔2010〕19号' } })).not.toBe(id);
    expect(grantEventId({ ...GRANT, attributes: { ...GRANT.attributes, important: false } })).not.toBe(id);
  });
});

describe('columnOfField', () => {
  it.each([
    ['code', 'code'],
    ['timeLimit.committedDays', 'committed_days'],
    ['legalBasis', 'legal_basis'],
    ['legalBasis[0].article', 'legal_basis[1].article'],
    ['discretion[2].max', 'discretion[3].max'],
    ['licensingConditions[0]', 'licensing_conditions[1]'],
    ['classification', 'classified'],
    ['classification.reason', 'classification_reason'],
    ['approval.documentNo', 'approval_document_no'],
    ['effectiveFrom', 'effective_from'],
  ])('names the field %s by the column %s, items counted from 1', (field, column) => {
    expect(columnOfField(field)).toBe(column);
  });
});
