import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import {
  Actor,
  DomainError,
  GrantPower,
  isDepartmentCode,
  powerDecider,
  PowerGranted,
  PowerGrantedData,
  powerStreamId,
  PowerWarning,
  shanghaiDate,
} from '@app/domain';
import {
  AppendRequest,
  DuplicateEventIdError,
  EventMetadata,
  EventStore,
  RecordedEvent,
  VersionConflictError,
} from '@app/event-store';
import { DepartmentDirectory } from '@app/access';
import { GrantPowerRequest, validateRequest } from '@app/contracts';
import { CatalogueCsvRow, FieldErrors } from './catalogue-csv.reader';
import { GrantFields, toGrantFields } from './catalogue-row.mapper';

export const DEFAULT_IMPORT_ACTOR_ID = 'cli:catalogue-import';
export const DEFAULT_IMPORT_BATCH_SIZE = 200;

export interface CatalogueImportOptions {
  /** Recorded as the actor's id; the role is always `reviewer` (规范办), who may grant for any department. */
  actorId: string;
  correlationId: string;
  /** Rows of any other department are rejected. */
  departmentScope?: string;
  /** Validate and report, write nothing. */
  dryRun: boolean;
  /** Rows appended per transaction. */
  batchSize: number;
}

export interface RejectedRow {
  row: number;
  code?: string;
  /** Column → messages; `row` for what concerns the whole row. */
  errors: FieldErrors;
}

export interface WarnedRow {
  row: number;
  code: string;
  warnings: PowerWarning[];
}

export interface CatalogueImportReport {
  dryRun: boolean;
  rowsRead: number;
  /** Granted by this run (by a real run: written; by a dry run: would be written). */
  imported: number;
  /** Already in the catalogue with exactly this content: skipped. */
  alreadyImported: number;
  rejected: RejectedRow[];
  /** Imported rows whose grant carries domain warnings (e.g. a committed limit not one third shorter). */
  warned: WarnedRow[];
}

/** A row the decider accepted: the grant event it decided and the id derived from its content. */
interface Grant {
  row: number;
  code: string;
  event: PowerGranted;
  eventId: string;
}

/**
 * A row once the decider has seen it: a grant, or the reasons it cannot be one and the department it names, if any,
 * which is looked up all the same so that a rejected row lists every reason at once.
 */
type Checked = { grant: Grant } | { rejected: RejectedRow; department?: string };

type Outcome = 'imported' | 'already-imported' | { rejected: FieldErrors };

const existsWithOtherContent = (): Outcome => ({ rejected: { code: ['exists with different content'] } });
const unknownDepartment = (): FieldErrors => ({ department: ['is not a registered department'] });

// Sorted keys, strict JSON: the same content gives the same bytes whatever the key order (hash-chain.ts does the same).
const canonical = configure({ deterministic: true, strict: true, bigint: false, circularValue: Error });

/**
 * The grant's event id, from what it grants: a UUID (version 8, RFC 9562's custom layout) from SHA-256 of the
 * normalised attributes, approval and effective date (the code is among the attributes). Importing the same row
 * again gives the same id, so the store recognises the retry; and an existing grant has the same id exactly when it
 * grants the same thing, whoever recorded it and when.
 */
export function grantEventId(data: Pick<PowerGrantedData, 'attributes' | 'approval' | 'effectiveFrom'>): string {
  const content = canonical({
    attributes: data.attributes,
    approval: data.approval,
    effectiveFrom: data.effectiveFrom,
  });
  const bytes = createHash('sha256').update(`catalogue-import\u0000${content}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Field paths as sheet columns, items numbered from 1 as a person counts them: `legalBasis.1.article` (the request's
 * path) and `legalBasis[1].article` (the decider's) are both `legal_basis[2].article`.
 */
const COLUMN_OF_FIELD: [string, string][] = [
  ['responsibleUnit', 'responsible_unit'],
  ['responsiblePerson', 'responsible_person'],
  ['supervisionLevel', 'supervision_level'],
  ['legalBasis', 'legal_basis'],
  ['timeLimit.legalDays', 'legal_days'],
  ['timeLimit.committedDays', 'committed_days'],
  ['timeLimit.unit', 'time_unit'],
  ['classification.reason', 'classification_reason'],
  ['classification', 'classified'],
  ['licensingConditions', 'licensing_conditions'],
  ['disclosure.form', 'disclosure_form'],
  ['disclosure.scope', 'disclosure_scope'],
  ['disclosure.timing', 'disclosure_timing'],
  ['approval.authority', 'approval_authority'],
  ['approval.documentNo', 'approval_document_no'],
  ['approval.date', 'approval_date'],
  ['effectiveFrom', 'effective_from'],
];

export function columnOfField(fieldPath: string): string {
  const field = fieldPath.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  const match = COLUMN_OF_FIELD.find(([path]) => field === path || field.startsWith(`${path}[`));
  const column = match ? match[1] + field.slice(match[0].length) : field;
  return column.replace(/\[(\d+)\]/g, (_, index: string) => `[${Number(index) + 1}]`);
}

/**
 * Field errors under their columns. A request's messages start with the field's name (`legalDays must be an integer
 * number`), which the column already says: the message keeps what follows it. A field the row left empty is
 * reported as required, whatever else its rules say of a value that is not there.
 */
function byColumn(fieldErrors: FieldErrors, fields?: GrantFields): FieldErrors {
  const result: FieldErrors = {};
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const steps = path.split(/[.[\]]/).filter((step) => step !== '');
    const name = steps.findLast((step) => !/^\d+$/.test(step));
    const unnamed = messages.map((message) =>
      name !== undefined && message.startsWith(`${name} `) ? message.slice(name.length + 1) : message,
    );
    const empty = fields !== undefined && valueAt(fields, steps) === undefined;
    addErrors(result, { [columnOfField(path)]: empty ? ['is required'] : unnamed });
  }
  return result;
}

function valueAt(value: unknown, steps: readonly string[]): unknown {
  return steps.reduce<unknown>(
    (at, step) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[step] : undefined),
    value,
  );
}

function addErrors(into: FieldErrors, more: FieldErrors): void {
  for (const [field, messages] of Object.entries(more)) (into[field] ??= []).push(...messages);
}

/**
 * Imports a department's first catalogue inventory (清理): each row becomes a GrantPower command decided by the
 * power decider exactly as the API decides it, then valid rows are appended in batches, one transaction each.
 */
export class CatalogueImportService {
  constructor(
    private readonly store: Pick<EventStore, 'appendMany' | 'readStream' | 'readStreams'>,
    private readonly departments: DepartmentDirectory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async import(
    rows: readonly CatalogueCsvRow[],
    options: CatalogueImportOptions,
    onProgress: (rowsDone: number) => void = () => undefined,
  ): Promise<CatalogueImportReport> {
    const report: CatalogueImportReport = {
      dryRun: options.dryRun,
      rowsRead: rows.length,
      imported: 0,
      alreadyImported: 0,
      rejected: [],
      warned: [],
    };
    const actor: Actor = { id: options.actorId, role: 'reviewer' };
    const metadata: EventMetadata = { actor, correlationId: options.correlationId };
    const firstRowOfCode = new Map<string, number>();
    const departmentKnown = new Map<string, Promise<boolean>>();
    const isRegistered = (department: string): Promise<boolean> => {
      if (!departmentKnown.has(department)) departmentKnown.set(department, this.departments.exists(department));
      return departmentKnown.get(department)!;
    };

    for (let start = 0; start < rows.length; start += options.batchSize) {
      const recordedAt = this.now().toISOString();
      const context = { actor, recordedAt, today: shanghaiDate(recordedAt) };
      const checked = rows
        .slice(start, start + options.batchSize)
        .map((row) => check(row, context, options.departmentScope, firstRowOfCode));
      const registered = await Promise.all(
        checked.map(async (item) => {
          const department = 'grant' in item ? item.grant.event.data.attributes.department : item.department;
          return department === undefined || (await isRegistered(department));
        }),
      );
      const grants: Grant[] = [];
      checked.forEach((item, i) => {
        if ('grant' in item && registered[i]) {
          grants.push(item.grant);
        } else if ('grant' in item) {
          report.rejected.push({ row: item.grant.row, code: item.grant.code, errors: unknownDepartment() });
        } else {
          if (!registered[i]) addErrors(item.rejected.errors, unknownDepartment());
          report.rejected.push(item.rejected);
        }
      });
      const outcomes = await this.write(grants, metadata, options.dryRun);
      grants.forEach((grant, i) => this.count(report, grant, outcomes[i]));
      onProgress(Math.min(start + options.batchSize, rows.length));
    }
    report.rejected.sort((a, b) => a.row - b.row);
    return report;
  }

  /**
   * A batch is appended in one transaction that expects every power to be new, so the first import of a sheet and
   * an unchanged re-import (the store recognises every event id and writes nothing) take one round trip per batch.
   * If a power is not new — imported before, granted through the API, or granted by a concurrent writer a moment
   * ago — the batch fails as a whole; one read of its powers' streams then sets those rows apart and the others are
   * appended together (a sheet imported again with rows added is this case in every batch). Only if that append
   * loses a race as well do its rows go one by one. A dry run only reads.
   */
  private async write(grants: Grant[], metadata: EventMetadata, dryRun: boolean) {
    if (grants.length === 0) return [];
    if (dryRun) {
      const found = await this.existingOf(grants);
      return found.map((outcome): Outcome => (outcome === 'absent' ? 'imported' : outcome));
    }
    try {
      const results = await this.store.appendMany(grants.map((grant) => appendRequest(grant, metadata)));
      return results.map((result): Outcome => (result.duplicate ? 'already-imported' : 'imported'));
    } catch (error) {
      if (!isConflict(error)) throw error;
      return this.writeAbsent(grants, metadata);
    }
  }

  private async writeAbsent(grants: Grant[], metadata: EventMetadata): Promise<Outcome[]> {
    const outcomes = await this.existingOf(grants);
    const absent = grants.filter((_, i) => outcomes[i] === 'absent');
    if (absent.length === 0) return outcomes as Outcome[];
    let written: Outcome[];
    try {
      const results = await this.store.appendMany(absent.map((grant) => appendRequest(grant, metadata)));
      written = results.map((result): Outcome => (result.duplicate ? 'already-imported' : 'imported'));
    } catch (error) {
      if (!isConflict(error)) throw error;
      written = [];
      for (const grant of absent) written.push(await this.writeOne(grant, metadata));
    }
    return outcomes.map((outcome) => (outcome === 'absent' ? written.shift()! : outcome));
  }

  private async writeOne(grant: Grant, metadata: EventMetadata): Promise<Outcome> {
    try {
      const [result] = await this.store.appendMany([appendRequest(grant, metadata)]);
      return result.duplicate ? 'already-imported' : 'imported';
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = await this.existing(grant);
      // A conflict means the stream or the event id is now stored; anything else is not ours to explain.
      if (existing === 'absent') throw error;
      return existing;
    }
  }

  /** existingOutcome of every grant, from one read of their streams. */
  private async existingOf(grants: Grant[]): Promise<('absent' | Outcome)[]> {
    const streams = await this.store.readStreams(grants.map((grant) => powerStreamId(grant.code)));
    return grants.map((grant) => existingOutcome(grant, streams.get(powerStreamId(grant.code))?.[0]));
  }

  private async existing(grant: Grant): Promise<'absent' | Outcome> {
    const [first] = await this.store.readStream(powerStreamId(grant.code), { toVersion: 1 });
    return existingOutcome(grant, first);
  }

  private count(report: CatalogueImportReport, grant: Grant, outcome: Outcome): void {
    if (outcome === 'imported') {
      report.imported += 1;
      const { warnings } = grant.event.data;
      if (warnings.length > 0) report.warned.push({ row: grant.row, code: grant.code, warnings });
    } else if (outcome === 'already-imported') {
      report.alreadyImported += 1;
    } else {
      report.rejected.push({ row: grant.row, code: grant.code, errors: outcome.rejected });
    }
  }
}

/**
 * One row against everything that needs no database: its structure, the grant request's shape (the API's own
 * GrantPowerRequest), the power decider's rules (as the API applies them), a code repeated in the file, the
 * department scope. Field errors are named by the sheet's columns.
 */
function check(
  row: CatalogueCsvRow,
  context: Pick<GrantPower, 'actor' | 'recordedAt' | 'today'>,
  departmentScope: string | undefined,
  firstRowOfCode: Map<string, number>,
): Checked {
  const errors: FieldErrors = { ...row.errors };
  const fields = toGrantFields(row.cells);
  let event: PowerGranted | undefined;
  if (Object.keys(errors).length === 0) {
    const request = validateRequest(GrantPowerRequest, fields);
    if ('fieldErrors' in request) {
      addErrors(errors, byColumn(request.fieldErrors, fields));
    } else {
      try {
        const command: GrantPower = { type: 'GrantPower', ...context, ...request.value };
        [event] = powerDecider.decide(command, powerDecider.initialState) as [PowerGranted];
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (Object.keys(error.fieldErrors).length === 0) addErrors(errors, { row: [error.message] });
        addErrors(errors, byColumn(error.fieldErrors));
      }
    }
  }
  const code = row.cells.code || undefined;
  if (code !== undefined) {
    const first = firstRowOfCode.get(code);
    if (first === undefined) firstRowOfCode.set(code, row.row);
    else addErrors(errors, { code: [`repeats the code of row ${first}`] });
  }
  const outOfScope = departmentScope !== undefined && fields.department !== departmentScope;
  if (outOfScope) addErrors(errors, { department: [`is outside --department-scope ${departmentScope}`] });
  if (event && Object.keys(errors).length === 0) {
    return { grant: { row: row.row, code: event.data.code, event, eventId: grantEventId(event.data) } };
  }
  const department = !outOfScope && isDepartmentCode(fields.department) ? fields.department : undefined;
  return { rejected: { row: row.row, code, errors }, department };
}

/** The envelope's recording time is the command's, which the event's payload repeats. */
function appendRequest(grant: Grant, metadata: EventMetadata): AppendRequest {
  const { type, data } = grant.event;
  return {
    streamId: powerStreamId(grant.code),
    expectedVersion: 'no-stream',
    events: [{ eventId: grant.eventId, type, data, metadata, recordedAt: data.recordedAt }],
  };
}

/** Whether the power is absent, granted with this very content, or granted otherwise, by its stream's first event. */
function existingOutcome(grant: Grant, first: RecordedEvent | undefined): 'absent' | Outcome {
  if (!first) return 'absent';
  const same = first.type === 'PowerGranted' && grantEventId(first.data as PowerGrantedData) === grant.eventId;
  return same ? 'already-imported' : existsWithOtherContent();
}

/** A power that is not new: its stream exists (a version conflict), or a concurrent identical append holds its ids. */
function isConflict(error: unknown): boolean {
  return error instanceof VersionConflictError || error instanceof DuplicateEventIdError;
}
