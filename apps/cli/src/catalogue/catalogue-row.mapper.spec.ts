import { toGrantFields } from './catalogue-row.mapper';

const REQUIRED = {
  code: 'CG-CF-0001',
  name: '对占道经营行为的处罚',
  category: 'penalty',
  department: 'CG',
  legal_basis: '《城市市容和环境卫生管理条例》|第三十六条',
  legal_days: '90',
  committed_days: '60',
  approval_authority: '漳州市规范行政权力运行工作领导小组办公室',
  approval_document_no: '宁城监〔2009〕35号',
  approval_date: '2009-06-23',
  effective_from: '2009-10-11',
};

describe('toGrantFields', () => {
  it('turns the required cells into a grant, leaving every optional field absent', () => {
    expect(toGrantFields(REQUIRED)).toEqual({
      code: 'CG-CF-0001',
      name: '对占道经营行为的处罚',
      category: 'penalty',
      department: 'CG',
      legalBasis: [{ title: '《城市市容和环境卫生管理条例》', article: '第三十六条' }],
      timeLimit: { legalDays: 90, committedDays: 60 },
      approval: {
        authority: '漳州市规范行政权力运行工作领导小组办公室',
        documentNo: '宁城监〔2009〕35号',
        date: '2009-06-23',
      },
      effectiveFrom: '2009-10-11',
    });
  });

  it('reads every optional column', () => {
    const fields = toGrantFields({
      ...REQUIRED,
      responsible_unit: '执法支队一大队',
      responsible_person: '陈建明',
      supervision_level: '市级',
      time_unit: '自然日',
      important: '是',
      classified: '否',
      discretion: 'lenient:50-200:及时改正的',
      fees: '不收费',
      disclosure_form: '政务网站',
      disclosure_scope: '社会公众',
      disclosure_timing: '长期公开',
    });
    expect(fields).toMatchObject({
      responsibleUnit: '执法支队一大队',
      responsiblePerson: '陈建明',
      supervisionLevel: '市级',
      timeLimit: { legalDays: 90, committedDays: 60, unit: 'calendar' },
      important: true,
      classification: { classified: false },
      discretion: [{ level: 'lenient', min: 50, max: 200, conditions: '及时改正的' }],
      fees: { charged: false },
      disclosure: { form: '政务网站', scope: '社会公众', timing: '长期公开' },
    });
  });

  it.each([
    ['行政处罚', 'penalty'],
    ['non-licensing-approval', 'non-licensing-approval'],
    ['非行政许可审批', 'non-licensing-approval'],
    ['行政监督检查', 'inspection'],
    ['行政事业性收费', 'levy'],
  ])('reads the category %s as %s', (cell, category) => {
    expect(toGrantFields({ ...REQUIRED, category: cell }).category).toBe(category);
  });

  it('reads legal bases separated by ； or ;, with | or ｜ between title, article and an optional text', () => {
    const { legalBasis } = toGrantFields({
      ...REQUIRED,
      legal_basis:
        '《烟草专卖法》|第三十一条； 《烟草专卖法实施条例》｜第五十四条|处以价值20%以上50%以下的罚款;《行政处罚法》|第二十七条；',
    });
    expect(legalBasis).toEqual([
      { title: '《烟草专卖法》', article: '第三十一条' },
      { title: '《烟草专卖法实施条例》', article: '第五十四条', text: '处以价值20%以上50%以下的罚款' },
      { title: '《行政处罚法》', article: '第二十七条' },
    ]);
  });

  it('reads discretion bands with English or Chinese levels, ASCII or full-width colons, a one-amount band', () => {
    const { discretion } = toGrantFields({
      ...REQUIRED,
      discretion: 'exempt:0:初次违法且及时改正的；从轻：200~500：情节较轻的；severe:1000.5-2000:拒不改正：一年内再犯的',
    });
    expect(discretion).toEqual([
      { level: 'exempt', min: 0, max: 0, conditions: '初次违法且及时改正的' },
      { level: 'lenient', min: 200, max: 500, conditions: '情节较轻的' },
      { level: 'severe', min: 1000.5, max: 2000, conditions: '拒不改正：一年内再犯的' },
    ]);
  });

  it('reads spreadsheet dates, 是/否 and true/false in any case, fees with their basis, a classification', () => {
    const fields = toGrantFields({
      ...REQUIRED,
      approval_date: '2009/6/23',
      effective_from: '2009年10月11日',
      important: 'TRUE',
      classified: '是',
      classification_reason: '涉及举报人信息',
      fees: '每平方米每日2元|《城市道路管理条例》第三十七条',
    });
    expect(fields).toMatchObject({
      approval: { date: '2009-06-23' },
      effectiveFrom: '2009-10-11',
      important: true,
      classification: { classified: true, reason: '涉及举报人信息' },
      fees: { charged: true, standard: '每平方米每日2元', basis: '《城市道路管理条例》第三十七条' },
    });
  });

  it('hands on what it cannot translate as the text it is, and leaves empty required cells absent', () => {
    const fields = toGrantFields({
      ...REQUIRED,
      name: '',
      category: '行政审批',
      legal_basis: '《城市道路管理条例》',
      legal_days: '二十',
      committed_days: '',
      time_unit: 'weeks',
      important: '重要',
      discretion: '从轻',
      approval_date: '2009-02-30',
    });
    expect(fields).toMatchObject({
      name: undefined,
      category: '行政审批',
      legalBasis: [{ title: '《城市道路管理条例》', article: undefined }],
      timeLimit: { legalDays: '二十', committedDays: undefined, unit: 'weeks' },
      important: '重要',
      discretion: [{ level: 'lenient', min: undefined, max: undefined, conditions: '' }],
      approval: { date: '2009-02-30' },
    });
  });
});
