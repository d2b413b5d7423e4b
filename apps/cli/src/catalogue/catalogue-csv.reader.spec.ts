import { CATALOGUE_COLUMNS, CatalogueFileError, readCatalogueCsv } from './catalogue-csv.reader';

const HEADER = CATALOGUE_COLUMNS.join(',');
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const line = (cells: Record<string, string>) => CATALOGUE_COLUMNS.map((column) => cells[column] ?? '').join(',');

describe('readCatalogueCsv', () => {
  it('reads rows by header name, trimmed, numbered as a spreadsheet numbers them, after a byte order mark', () => {
    const text = `\uFEFF${HEADER}\r\n${line({ code: ' CG-XK-0001 ', name: '"临时占用城市道路审批，含夜间"' })}\r\n`;
    expect(readCatalogueCsv(utf8(text))).toEqual([
      {
        row: 2,
        cells: expect.objectContaining({ code: 'CG-XK-0001', name: '临时占用城市道路审批，含夜间' }),
        errors: {},
      },
    ]);
  });

  it('accepts the header in any order and without the optional columns', () => {
    const [row] = readCatalogueCsv(
      utf8(
        'effective_from,code,name,category,department,legal_basis,legal_days,committed_days,approval_authority,approval_document_no,approval_date\n' +
          '2010-10-11,CG-XK-0001,名称,licensing,CG,《条例》|第一条,20,10,规范办,宁城监〔2009〕35号,2009-06-23\n',
      ),
    );
    expect(row.cells).toMatchObject({ code: 'CG-XK-0001', effective_from: '2010-10-11', approval_date: '2009-06-23' });
    expect(row.cells.fees).toBeUndefined();
  });

  it('skips blank rows but keeps counting them, and counts a quoted multi-line cell as one row', () => {
    const text = `${HEADER}\n${line({ code: 'A1' })}\n\n${','.repeat(CATALOGUE_COLUMNS.length - 1)}\n${line({ code: 'A2', name: '"两行\n名称"' })}\n${line({ code: 'A3' })}\n`;
    expect(readCatalogueCsv(utf8(text)).map(({ row, cells }) => [row, cells.code])).toEqual([
      [2, 'A1'],
      [5, 'A2'],
      [6, 'A3'],
    ]);
  });

  it('keeps a row whose cell count differs from the header with an error and its code, instead of reading it', () => {
    const text = `${HEADER}\n${line({ code: 'CG-XK-0001' })},extra\nCG-XK-0002,too,short\n`;
    expect(readCatalogueCsv(utf8(text))).toEqual([
      {
        row: 2,
        cells: { code: 'CG-XK-0001' },
        errors: { row: [`has ${CATALOGUE_COLUMNS.length + 1} cells where the header has ${CATALOGUE_COLUMNS.length}`] },
      },
      {
        row: 3,
        cells: { code: 'CG-XK-0002' },
        errors: { row: [`has 3 cells where the header has ${CATALOGUE_COLUMNS.length}`] },
      },
    ]);
  });

  it.each([
    ['an empty file', '', 'The file is empty'],
    ['an unknown column', `${HEADER},comitted_days\n`, 'unknown columns: "comitted_days"'],
    ['a missing required column', HEADER.replace('legal_basis,', ''), 'missing columns: legal_basis'],
    ['a repeated column', `${HEADER},code\n`, 'repeated columns: code'],
    ['an unclosed quote', `${HEADER}\n"CG-XK-0001,名称\n`, 'not valid CSV: Quote Not Closed'],
  ])('refuses %s as a whole', (_, text, message) => {
    expect(() => readCatalogueCsv(utf8(text))).toThrow(CatalogueFileError);
    expect(() => readCatalogueCsv(utf8(text))).toThrow(message);
  });

  it('refuses a file that is not UTF-8, such as a sheet saved as GBK', () => {
    const gbk = Buffer.from([0xb3, 0xc7, 0xb9, 0xdc]); // 城管 in GBK
    expect(() => readCatalogueCsv(Buffer.concat([utf8(`${HEADER}\n`), gbk]))).toThrow('not UTF-8');
  });
});
