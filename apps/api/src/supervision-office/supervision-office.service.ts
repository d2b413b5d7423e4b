import { createHash, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  ALERT_ID_PATTERN,
  assertComplaintSupportsFindings,
  alertStreamId,
  CASE_ID_PATTERN,
  caseStreamId,
  COMPLAINT_ID_PATTERN,
  ComplaintChannel,
  ComplaintCommand,
  complaintDecider,
  ComplaintEvent,
  complaintErrors,
  ComplaintState,
  complaintStreamId,
  Decider,
  DomainError,
  DomainEvent,
  drawSample,
  FINDING_ID_PATTERN,
  FindingCommand,
  findingDecider,
  findingErrors,
  FindingState,
  findingStreamId,
  fold,
  INSPECTION_ID_PATTERN,
  InspectionCommand,
  inspectionDecider,
  inspectionErrors,
  InspectionSample,
  InspectionState,
  inspectionStreamId,
  populationSha256,
  RECTIFICATION_ID_PATTERN,
  RectificationCommand,
  rectificationDecider,
  rectificationErrors,
  RectificationState,
  rectificationStreamId,
  SAMPLING_ALGORITHM,
  SAMPLING_ALGORITHM_VERSION,
  seedFromLog,
  shanghaiDate,
} from '@app/domain';
import { EVENT_STORE, EventStore, handleCommand, newEventId } from '@app/event-store';
import { Principal } from '@app/access';
import { Clock } from '@app/platform';
import { ReadYourWrites } from '../http/read-your-writes';
import {
  CalendarProvider,
  logHead,
  OPERATIONS_PROJECTION,
  SUPERVISION_RECORDS_PROJECTION,
  SupervisionRecordKind,
  SupervisionRecordsQueries,
} from '@app/read-models';
import { DataSource } from 'typeorm';
import { actorOf } from '../auth/actor-of';
import { WriteContext } from '../http/write-context';
import { handleIdempotently, Written } from '../idempotency/handle-idempotently';
import { PublicComplaintRequest } from './complaint.requests.dto';
import { ListRecordsQuery } from './list-records.request.dto';
import { RecordWrittenResponse } from './supervision-office.response.dto';
import {
  canSeeComplaint,
  canSeeInspection,
  complaintView,
  ComplaintView,
  publicComplaintView,
  PublicComplaintView,
  Viewer,
  viewerOf,
} from './supervision-office.views';

type StateOf<K extends SupervisionRecordKind> = {
  complaint: ComplaintState;
  inspection: InspectionState;
  finding: FindingState;
  rectification: RectificationState;
}[K];

type CommandOf<K extends SupervisionRecordKind> = {
  complaint: ComplaintCommand;
  inspection: InspectionCommand;
  finding: FindingCommand;
  rectification: RectificationCommand;
}[K];

/** A command less what the service adds to every write: who and when. */
type Step<C> = C extends unknown ? Omit<C, 'by' | 'byDepartment' | 'recordedAt'> : never;

interface RecordKind {
  pattern: RegExp;
  streamId: (id: string) => string;
  decider: Decider<unknown, DomainEvent, { status: string }>;
  notFound: (id: string) => DomainError;
}

const KINDS: Record<SupervisionRecordKind, RecordKind> = {
  complaint: {
    pattern: COMPLAINT_ID_PATTERN,
    streamId: complaintStreamId,
    decider: complaintDecider,
    notFound: complaintErrors.notFound,
  },
  inspection: {
    pattern: INSPECTION_ID_PATTERN,
    streamId: inspectionStreamId,
    decider: inspectionDecider,
    notFound: inspectionErrors.notFound,
  },
  finding: {
    pattern: FINDING_ID_PATTERN,
    streamId: findingStreamId,
    decider: findingDecider,
    notFound: findingErrors.notFound,
  },
  rectification: {
    pattern: RECTIFICATION_ID_PATTERN,
    streamId: rectificationStreamId,
    decider: rectificationDecider,
    notFound: rectificationErrors.notFound,
  },
};

/** The streams a finding or an order may cite as its source, with the shape of their ids. */
const SOURCES: Record<string, { pattern: RegExp; streamId: (id: string) => string }> = {
  complaint: { pattern: COMPLAINT_ID_PATTERN, streamId: complaintStreamId },
  inspection: { pattern: INSPECTION_ID_PATTERN, streamId: inspectionStreamId },
  finding: { pattern: FINDING_ID_PATTERN, streamId: findingStreamId },
  alert: { pattern: ALERT_ID_PATTERN, streamId: alertStreamId },
  case: { pattern: CASE_ID_PATTERN, streamId: caseStreamId },
};

export interface SampleVerification {
  matches: boolean;
  seedMatches: boolean;
  recorded: InspectionSample;
  redrawn: { populationSize: number; populationSha256: string; seed: string; operationIds: string[] };
}

const forbiddenDepartment = (asked: string) =>
  new DomainError(
    'FORBIDDEN_DEPARTMENT',
    'forbidden',
    `A department key may only read its own records, not ${asked}'s`,
    {
      department: asked,
    },
  );

const sourceNotFound = (kind: string, id: string) =>
  new DomainError('SOURCE_NOT_FOUND', 'rule', `The ${kind} ${id} named as source is not on record`, { kind, id });

const TRACKING_CODE = /^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){4}$/;
/** Crockford-like alphabet without 0/O and 1/I/L confusion: 31 symbols, 20 of them ≈ 99 bits. */
const TRACKING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * The supervision office's daily work: complaints, inspections with their samples, findings and rectification
 * orders. The rules are the deciders'; this service adds what one stream cannot know (today's date, the calendar,
 * the configured reply periods, whether a cited source exists, the log for a sample) and who may see what.
 */
@Injectable()
export class SupervisionOfficeService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: SupervisionRecordsQueries,
    private readonly calendars: CalendarProvider,
    private readonly readYourWrites: ReadYourWrites,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  // Writes -------------------------------------------------------------------------------------------------------

  async write<K extends SupervisionRecordKind>(
    kind: K,
    id: string,
    step: Step<CommandOf<K>>,
    context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    const record = KINDS[kind];
    if (!record.pattern.test(id)) throw record.notFound(id);
    const actor = actorOf(context.actor);
    const command = {
      ...step,
      by: actor.id,
      ...(actor.department !== undefined && context.actor.role === 'department'
        ? { byDepartment: actor.department }
        : {}),
      recordedAt: new Date().toISOString(),
    };
    const written: Written = await handleIdempotently(this.store, record.decider, record.streamId(id), command, {
      scope: context.scope,
      expectedVersion: context.expectedVersion,
      metadata: { actor, correlationId: context.correlationId },
    });
    const last = written.events[written.events.length - 1];
    return { streamId: written.streamId, id, version: written.version, position: last.globalPosition, type: last.type };
  }

  /** A department may act only on a record it can see; another department's is 404, as if it did not exist. */
  async assertVisible(kind: SupervisionRecordKind, id: string, principal: Principal): Promise<void> {
    if (principal.role === 'department') await this.read(kind, id, principal);
  }

  /** The reply period of a complaint received by this channel: its own, else the general one (configuration). */
  replyWorkingDays(channel: ComplaintChannel): number {
    for (const pair of this.config.COMPLAINT_REPLY_WORKING_DAYS_BY_CHANNEL.split(',')) {
      const [name, days] = pair.split('=');
      if (name === channel && Number(days) > 0) return Number(days);
    }
    return this.config.COMPLAINT_REPLY_WORKING_DAYS;
  }

  /** The last day of a period of working days, or null while the calendar does not know the year (checked later). */
  async dueOn(from: string, workingDays: number): Promise<string | null> {
    const { calendar } = await this.calendars.current();
    try {
      return calendar.addWorkingDays(from, workingDays);
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  }

  /** Today in Asia/Shanghai by the product's clock (the one the detectors judge deadlines by). */
  today(): string {
    return shanghaiDate(this.clock.now().toISOString());
  }

  /** A source named by a finding or an order must be on record; a complaint found not substantiated supports none. */
  async assertSource(kind: string, id: string | undefined): Promise<void> {
    if (id === undefined) return;
    const source = SOURCES[kind];
    if (source === undefined) return;
    if (!source.pattern.test(id)) throw sourceNotFound(kind, id);
    if (kind === 'complaint') {
      // One read: the complaint's whole stream says both that it exists and whether it may be a source.
      const state = await this.state('complaint', id).catch((error: unknown) => {
        throw error instanceof DomainError && error.code === 'COMPLAINT_NOT_FOUND' ? sourceNotFound(kind, id) : error;
      });
      assertComplaintSupportsFindings(state);
      return;
    }
    const events = await this.store.readStream(source.streamId(id), { toVersion: 1 });
    if (events.length === 0) throw sourceNotFound(kind, id);
  }

  /** The public form: a complaint whose id derives from the tracking code given back, which is stored nowhere. */
  async receivePublic(
    body: PublicComplaintRequest,
    correlationId: string,
  ): Promise<{ trackingCode: string; position: number }> {
    const trackingCode = newTrackingCode();
    const digest = sha256(trackingCode);
    const complaintId = complaintIdOfTracking(digest);
    const now = new Date().toISOString();
    const actor = { id: 'public', role: 'public' };
    const outcome = await handleCommand(
      this.store,
      complaintDecider,
      complaintStreamId(complaintId),
      {
        type: 'ReceiveComplaint',
        complaintId,
        channel: 'public-form',
        receivedAt: now,
        about: body.about,
        complainant: body.complainant,
        summary: body.summary,
        trackingCodeSha256: digest,
        by: 'public',
        recordedAt: now,
      },
      { metadata: { actor, correlationId }, eventIds: (count) => Array.from({ length: count }, newEventId) },
    );
    return { trackingCode, position: outcome.position ?? 0 };
  }

  async publicStatus(trackingCode: string): Promise<PublicComplaintView> {
    const notFound = new DomainError('TRACKING_CODE_NOT_FOUND', 'not-found', 'No complaint has this tracking code');
    const code = trackingCode.toUpperCase();
    if (!TRACKING_CODE.test(code)) throw notFound;
    const digest = sha256(code);
    const state = fold(
      complaintDecider,
      (await this.store.readStream(complaintStreamId(complaintIdOfTracking(digest)))).map(
        (e) => ({ type: e.type, data: e.data }) as ComplaintEvent,
      ),
    );
    if (state.status === 'absent' || state.received?.trackingCodeSha256 !== digest) throw notFound;
    return publicComplaintView(state, code);
  }

  // Reads --------------------------------------------------------------------------------------------------------

  /** The record as its stream holds it (no projection lag), or 404, also for a department not allowed to see it. */
  async read<K extends SupervisionRecordKind>(kind: K, id: string, principal: Principal): Promise<StateOf<K>> {
    const state = await this.state(kind, id);
    if (!canSee(kind, state, viewerOf(principal))) throw KINDS[kind].notFound(id);
    return state;
  }

  async state<K extends SupervisionRecordKind>(kind: K, id: string): Promise<StateOf<K>> {
    const record = KINDS[kind];
    if (!record.pattern.test(id)) throw record.notFound(id);
    const events = await this.store.readStream(record.streamId(id));
    const state = fold(
      record.decider,
      events.map((e) => ({ type: e.type, data: e.data })),
    );
    if (state.status === 'absent') throw record.notFound(id);
    return state as StateOf<K>;
  }

  async list<K extends SupervisionRecordKind>(
    kind: K,
    query: ListRecordsQuery,
    principal: Principal,
  ): Promise<{ items: StateOf<K>[]; nextCursor: string | null }> {
    const viewer = viewerOf(principal);
    if (viewer.kind === 'department' && query.department !== undefined && query.department !== viewer.department) {
      throw forbiddenDepartment(query.department);
    }
    await this.readYourWrites.reach(SUPERVISION_RECORDS_PROJECTION, query.minPosition);
    const page = await this.queries.list<StateOf<K>>(
      kind,
      {
        department: viewer.kind === 'department' ? viewer.department : query.department,
        status: query.status,
        from: query.from,
        to: query.to,
        overdueOn: query.overdue === true ? this.today() : undefined,
      },
      { limit: query.limit, cursor: query.cursor },
    );
    // Rows a department may not see (a covert inspection before its report) are left out of its page.
    return { items: page.items.filter((state) => canSee(kind, state, viewer)), nextCursor: page.nextCursor };
  }

  complaintView(state: ComplaintState, principal: Principal): ComplaintView {
    return complaintView(state, viewerOf(principal));
  }

  // Samples ------------------------------------------------------------------------------------------------------

  /** Draws the inspection's sample from the operations in scope at a position of the log, and records it. */
  async drawSample(
    inspectionId: string,
    request: { size: number; atPosition?: number; seed?: string },
    context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    const state = await this.state('inspection', inspectionId);
    if (state.sample !== undefined) throw inspectionErrors.sampled(inspectionId);
    const head = (await logHead(this.dataSource)).position;
    const atPosition = request.atPosition ?? head;
    if (atPosition > head || atPosition < 1) {
      throw new DomainError('POSITION_BEYOND_LOG', 'rule', `Position ${atPosition} is not in the log (head ${head})`, {
        atPosition,
        head,
      });
    }
    const seed = request.seed ?? (await this.seedFromLog(atPosition));
    const population = await this.population(state, atPosition);
    const sample: InspectionSample = {
      atPosition,
      seed,
      seedSource: request.seed === undefined ? 'log' : 'given',
      algorithm: SAMPLING_ALGORITHM,
      algorithmVersion: SAMPLING_ALGORITHM_VERSION,
      size: request.size,
      populationSize: population.length,
      populationSha256: populationSha256(population),
      operationIds: drawSample(population, seed, request.size),
    };
    return this.write('inspection', inspectionId, { type: 'RecordSample', inspectionId, sample }, context);
  }

  /** Draws the recorded sample again from the log and says whether it is the same. */
  async verifySample(inspectionId: string, principal: Principal): Promise<SampleVerification> {
    const state = await this.read('inspection', inspectionId, principal);
    const recorded = state.sample;
    if (recorded === undefined) {
      throw new DomainError('NO_SAMPLE', 'rule', `Inspection ${inspectionId} has no sample yet`, { inspectionId });
    }
    if (recorded.algorithm !== SAMPLING_ALGORITHM || recorded.algorithmVersion !== SAMPLING_ALGORITHM_VERSION) {
      throw new DomainError('UNKNOWN_SAMPLING_ALGORITHM', 'rule', `No implementation of ${recorded.algorithm}`, {
        algorithm: recorded.algorithm,
        algorithmVersion: recorded.algorithmVersion,
      });
    }
    const seed = recorded.seedSource === 'log' ? await this.seedFromLog(recorded.atPosition) : recorded.seed;
    const population = await this.population(state, recorded.atPosition);
    const redrawn = {
      populationSize: population.length,
      populationSha256: populationSha256(population),
      seed,
      operationIds: drawSample(population, recorded.seed, recorded.size),
    };
    const seedMatches = seed === recorded.seed;
    const matches =
      seedMatches &&
      redrawn.populationSha256 === recorded.populationSha256 &&
      JSON.stringify(redrawn.operationIds) === JSON.stringify(recorded.operationIds);
    return { matches, seedMatches, recorded, redrawn };
  }

  private async population(state: InspectionState, atPosition: number): Promise<string[]> {
    await this.readYourWrites.reach(OPERATIONS_PROJECTION, atPosition);
    return this.queries.operationsInScope(state.plan!.scope, atPosition);
  }

  /** SHA-256 of the position and the hash of the event there: unknowable before that event was written. */
  private async seedFromLog(atPosition: number): Promise<string> {
    const checkpoint = await this.store.checkpointOf(atPosition);
    const [event] =
      checkpoint === undefined
        ? []
        : await this.store.readAll({
            after: { transactionId: checkpoint.transactionId, position: atPosition - 1 },
            limit: 1,
          });
    if (event === undefined || event.globalPosition !== atPosition) {
      throw new DomainError('NO_EVENT_AT_POSITION', 'rule', `No event at position ${atPosition}: give a seed`, {
        atPosition,
      });
    }
    return seedFromLog(atPosition, event.hash);
  }
}

function canSee(kind: SupervisionRecordKind, state: unknown, viewer: Viewer): boolean {
  if (viewer.kind === 'office') return true;
  switch (kind) {
    case 'complaint':
      return canSeeComplaint(state as ComplaintState, viewer);
    case 'inspection':
      return canSeeInspection(state as InspectionState, viewer);
    case 'finding':
      return (state as FindingState).finding!.department === viewer.department;
    case 'rectification':
      return (state as RectificationState).order!.department === viewer.department;
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function complaintIdOfTracking(digest: string): string {
  return `WS-${digest.slice(0, 24)}`;
}

function newTrackingCode(): string {
  const symbols = Array.from({ length: 20 }, () => TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)]).join('');
  return symbols.match(/.{4}/g)!.join('-');
}
