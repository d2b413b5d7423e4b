import { maskCounterparty, maskIdNumber, maskName, maskPersonalData } from './counterparty-mask';

describe('counterparty masking', () => {
  it('keeps the first character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('某某广告有限公司')).toBe('某*******');
    expect(maskName('王')).toBe('*');
    expect(maskName('𠀋小明')).toBe('𠀋**');
  });

  it('keeps the first and last four characters of an identity number of 12 or more', () => {
    expect(maskIdNumber('110101199003071234')).toBe('1101**********1234');
    expect(maskIdNumber('91341881MA2N000000')).toBe('9134**********0000');
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
    expect(maskIdNumber('123')).toBe('***');
  });

  it('masks both and keeps the kind; an absent identity number stays absent', () => {
    expect(maskCounterparty({ kind: 'person', name: '张三', idNumber: '110101199003071234' })).toEqual({
      kind: 'person',
      name: '张*',
      idNumber: '1101**********1234',
    });
    expect(maskCounterparty({ kind: 'organization', name: '某某公司' })).toEqual({
      kind: 'organization',
      name: '某***',
    });
  });
});

describe('maskPersonalData', () => {
  const counterparty = { kind: 'person' as const, name: '张三丰', idNumber: '110101199003071234' };

  it('masks every counterparty object and every occurrence of the name and number in texts, nothing else', () => {
    const masked = maskPersonalData(
      {
        counterparty,
        caseNumber: '宁城罚〔2025〕12号',
        steps: [{ kind: 'statement-and-defence', note: '张三丰（110101199003071234）到场陈述', at: '2025-03-04' }],
        decision: { reasoning: '当事人张三丰经告知后未申辩', amount: 3000 },
        data: { counterparty: { kind: 'person', name: '张三丰' } },
      },
      counterparty,
    );
    expect(masked).toEqual({
      counterparty: { kind: 'person', name: '张**', idNumber: '1101**********1234' },
      caseNumber: '宁城罚〔2025〕12号',
      steps: [{ kind: 'statement-and-defence', note: '张**（1101**********1234）到场陈述', at: '2025-03-04' }],
      decision: { reasoning: '当事人张**经告知后未申辩', amount: 3000 },
      data: { counterparty: { kind: 'person', name: '张**' } },
    });
  });

  it('leaves the texts alone for a one-character name, whose character may mean anything', () => {
    expect(
      maskPersonalData({ counterparty: { kind: 'person', name: '王' }, note: '王某' }, { kind: 'person', name: '王' }),
    ).toEqual({
      counterparty: { kind: 'person', name: '*' },
      note: '王某',
    });
  });
});
