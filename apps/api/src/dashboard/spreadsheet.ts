import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/** A table to export: Chinese headers, then rows of texts and numbers. */
export interface Table {
  name: string;
  headers: string[];
  rows: (string | number | null)[][];
}

/** CSV (RFC 4180) with a BOM, so that spreadsheet programs read the Chinese headers as UTF-8. */
export function toCsv(tables: Table[]): Buffer {
  const text = tables
    .map((table) =>
      stringify([table.headers, ...table.rows.map((row) => row.map((cell) => cell ?? ''))], {
        record_delimiter: 'windows',
      }),
    )
    .join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** One sheet per table. */
export async function toXlsx(tables: Table[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31));
    sheet.addRow(table.headers).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column) => (column.width = 16));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
