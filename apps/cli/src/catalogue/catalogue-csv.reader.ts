import { parse } from 'csv-parse/sync';

/**
 * The columns of a catalogue inventory sheet (samples/README.md documents each). Names are fixed so that a typo in
 * a header is an error instead of a column silently ignored.
 */
export const CATALOGUE_COLUMNS = [
  'code',
  'name',
  'category',
  'department',
  'responsible_unit',
  'responsible_person',
  'supervision_level',
  'legal_basis',
  'legal_days',
  'committed_days',
  'time_unit',
  'important',
  'classified',
  'classification_reason',
  'discretion',
  'licensing_conditions',
  'fees',
  'disclosure_form',
  'disclosure_scope',
  'disclosure_timing',
  'approval_authority',
  'approval_document_no',
  'approval_date',
  'effective_from',
] as const;
export type CatalogueColumn = (typeof CATALOGUE_COLUMNS)[number];

/** Without these a grant cannot be valid, so a sheet lacking one of them is refused as a whole. */
export const REQUIRED_CATALOGUE_COLUMNS: readonly CatalogueColumn[] = [
  'code',
  'name',
  'category',
  'department',
  'legal_basis',
  'legal_days',
  'committed_days',
  'approval_authority',
  'approval_document_no',
  'approval_date',
  'effective_from',
];

/** field → messages, as the API's problem details give them. */
export type FieldErrors = Record<string, string[]>;

/** One data row: its spreadsheet row number (the header is row 1), its trimmed cells, and its structural errors. */
export interface CatalogueCsvRow {
  row: number;
  cells: Partial<Record<CatalogueColumn, string>>;
  errors: FieldErrors;
}

/** The file as a whole cannot be read: nothing of it is imported. */
export class CatalogueFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueFileError';
  }
}

function decodeUtf8(content: Uint8Array): string {
  try {
    // TextDecoder drops a leading byte order mark, which Excel writes when saving as "CSV UTF-8".
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new CatalogueFileError(
      'The file is not UTF-8 text. Save the sheet as "CSV UTF-8" (a Chinese Excel saves plain CSV as GBK).',
    );
  }
}

function readHeader(cells: string[]): CatalogueColumn[] {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const unknown = names.filter((name) => !(CATALOGUE_COLUMNS as readonly string[]).includes(name));
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  const missing = REQUIRED_CATALOGUE_COLUMNS.filter((column) => !names.includes(column));
  const problems = [
    unknown.length > 0 ? `unknown columns: ${unknown.map((name) => JSON.stringify(name)).join(', ')}` : '',
    repeated.length > 0 ? `repeated columns: ${[...new Set(repeated)].join(', ')}` : '',
    missing.length > 0 ? `missing columns: ${missing.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new CatalogueFileError(
      `The header row does not fit: ${problems.join('; ')}. The columns are: ${CATALOGUE_COLUMNS.join(', ')}.`,
    );
  }
  return names as CatalogueColumn[];
}

/**
 * Reads a catalogue sheet: UTF-8 CSV, header row first. Rows are numbered as a spreadsheet shows them, blank rows
 * included, and blank rows are skipped. A row whose cell count differs from the header's is kept with an error
 * instead of being read: its cells would land in the wrong columns.
 */
export function readCatalogueCsv(content: Uint8Array): CatalogueCsvRow[] {
  const text = decodeUtf8(content);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true });
  } catch (error) {
    throw new CatalogueFileError(`The file is not valid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new CatalogueFileError('The file is empty: it needs a header row.');
  const header = readHeader(records[0]);
  const rows: CatalogueCsvRow[] = [];
  records.slice(1).forEach((record, i) => {
    if (record.every((cell) => cell.trim() === '')) return;
    const row = i + 2;
    if (record.length !== header.length) {
      // Its code cell, if it holds one, still names the row in the report.
      const code = record[header.indexOf('code')]?.trim();
      const errors = { row: [`has ${record.length} cells where the header has ${header.length}`] };
      rows.push({ row, cells: code ? { code } : {}, errors });
      return;
    }
    const cells: Partial<Record<CatalogueColumn, string>> = {};
    header.forEach((column, c) => (cells[column] = record[c].trim()));
    rows.push({ row, cells, errors: {} });
  });
  return rows;
}
