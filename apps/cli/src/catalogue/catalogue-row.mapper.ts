import {
  Classification,
  DISCRETION_LEVEL_LABELS,
  DiscretionBand,
  GrantPower,
  LegalBasis,
  POWER_CATEGORY_LABELS,
  PowerDisclosure,
  PowerFees,
  TIME_LIMIT_UNIT_LABELS,
} from '@app/domain';
import { CatalogueColumn } from './catalogue-csv.reader';

/** What a sheet row says of a grant; who records it and when are the import's to add. */
export type GrantFields = Omit<GrantPower, 'type' | 'actor' | 'recordedAt' | 'today'>;

type Cells = Partial<Record<CatalogueColumn, string>>;

const LIST_SEPARATOR = /[；;]/;
const PAIR_SEPARATOR = /[|｜]/;
const BAND = /^([^:：]*)[:：]([^:：]*)(?:[:：](.*))?$/s;
const RANGE_SEPARATOR = /[-~～]/;
const DAYS = /^\d+$/;
const AMOUNT = /^\d+(\.\d+)?$/;
const SHEET_DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const YES = ['是', 'true', 'yes', 'y', '1'];
const NO = ['否', 'false', 'no', 'n', '0'];
const NO_FEES = ['不收费', '免费', '无', '否'];

/**
 * A cell that does not translate is handed on as the text it is: the import checks every row against the API's own
 * request (GrantPowerRequest, libs/contracts), which rejects it with the API's rule and message; no second check
 * here could match them.
 */
const untranslated = <T>(text: string): T => text as unknown as T;

/** A required cell left empty stays absent, for the same reason: the request's check reports it as required. */
const required = <T>(value: T | undefined): T => value as T;

/** Enumeration values keyed by themselves and by their Chinese labels (the sheet may use either). */
function byValueOrLabel<T extends string>(labels: Readonly<Record<T, string>>, aliases: Record<string, T> = {}) {
  const lookup = new Map<string, T>(Object.entries(aliases));
  for (const [value, label] of Object.entries(labels) as [T, string][]) lookup.set(value, value).set(label, value);
  return (text: string | undefined): T | undefined =>
    text === undefined ? undefined : (lookup.get(text) ?? untranslated<T>(text));
}

// The seed itself says 行政监督检查 and counts 行政事业性收费 under levies (docs/domain.md, "The power catalogue").
const category = byValueOrLabel(POWER_CATEGORY_LABELS, {
  行政监督检查: 'inspection',
  监督检查: 'inspection',
  行政事业性收费: 'levy',
});
const timeUnit = byValueOrLabel(TIME_LIMIT_UNIT_LABELS);
const discretionLevel = byValueOrLabel(DISCRETION_LEVEL_LABELS);

function text(cell: string | undefined): string | undefined {
  return cell === undefined || cell === '' ? undefined : cell;
}

function list(cell: string | undefined): string[] | undefined {
  const items = (cell ?? '')
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

function pair(item: string): string[] {
  return item.split(PAIR_SEPARATOR).map((part) => part.trim());
}

function number(cell: string | undefined, pattern: RegExp): number | undefined {
  const value = text(cell);
  if (value === undefined) return undefined;
  return pattern.test(value) ? Number(value) : untranslated<number>(value);
}

function flag(cell: string | undefined): boolean | undefined {
  const value = text(cell)?.toLowerCase();
  if (value === undefined) return undefined;
  if (YES.includes(value)) return true;
  if (NO.includes(value)) return false;
  return untranslated<boolean>(value);
}

/** Spreadsheets rewrite 2010-09-20 as 2010/9/20 when they recognise a date; both mean the same day. */
function date(cell: string | undefined): string | undefined {
  const value = text(cell);
  const parts = value === undefined ? null : SHEET_DATE.exec(value);
  if (!parts) return value;
  return `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}`;
}

function legalBasis(item: string): LegalBasis {
  const [title, article, basisText] = pair(item);
  return { title, article, ...(basisText ? { text: basisText } : {}) };
}

/** `level:min-max:conditions`; a single amount is a band of one amount. */
function discretionBand(item: string): DiscretionBand {
  const match = BAND.exec(item);
  const [level, range, conditions] = match ? [match[1], match[2], match[3] ?? ''] : [item, '', ''];
  const [min, max = min] = range.split(RANGE_SEPARATOR).map((amount) => amount.trim());
  return {
    level: required(discretionLevel(level.trim())),
    min: required(number(min, AMOUNT)),
    max: required(number(max, AMOUNT)),
    conditions: conditions.trim(),
  };
}

/** `不收费` (or 免费, 无, 否), else `standard|basis`. */
function fees(cell: string | undefined): PowerFees | undefined {
  const value = text(cell);
  if (value === undefined) return undefined;
  if (NO_FEES.includes(value)) return { charged: false };
  const [standard, basis] = pair(value);
  return { charged: true, standard: text(standard), ...(basis ? { basis } : {}) };
}

function classification(cells: Cells): Classification | undefined {
  const classified = flag(cells.classified);
  const reason = text(cells.classification_reason);
  if (classified === undefined && reason === undefined) return undefined;
  return { classified: classified ?? false, ...(reason !== undefined ? { reason } : {}) };
}

function disclosure(cells: Cells): PowerDisclosure | undefined {
  const form = text(cells.disclosure_form);
  const scope = text(cells.disclosure_scope);
  const timing = text(cells.disclosure_timing);
  if (form === undefined && scope === undefined && timing === undefined) return undefined;
  return { form, scope, timing };
}

/**
 * The grant a row stands for. This only translates how a sheet writes values — Chinese labels, 是/否, lists
 * separated by `；`, `title|article` pairs, discretion bands, spreadsheet dates — and checks nothing: the decider does.
 */
export function toGrantFields(cells: Cells): GrantFields {
  return {
    code: required(text(cells.code)),
    name: required(text(cells.name)),
    category: required(category(text(cells.category))),
    department: required(text(cells.department)),
    responsibleUnit: text(cells.responsible_unit),
    responsiblePerson: text(cells.responsible_person),
    supervisionLevel: text(cells.supervision_level),
    legalBasis: required(list(cells.legal_basis)?.map(legalBasis)),
    timeLimit: {
      legalDays: required(number(cells.legal_days, DAYS)),
      committedDays: required(number(cells.committed_days, DAYS)),
      unit: timeUnit(text(cells.time_unit)),
    },
    important: flag(cells.important),
    classification: classification(cells),
    discretion: list(cells.discretion)?.map(discretionBand),
    licensingConditions: list(cells.licensing_conditions),
    fees: fees(cells.fees),
    disclosure: disclosure(cells),
    approval: {
      authority: required(text(cells.approval_authority)),
      documentNo: required(text(cells.approval_document_no)),
      date: required(date(cells.approval_date)),
    },
    effectiveFrom: required(date(cells.effective_from)),
  };
}
