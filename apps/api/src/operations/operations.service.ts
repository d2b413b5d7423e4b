import { Inject, Injectable } from '@nestjs/common';
import { canonicalize } from 'json-canonicalize';
import {
  CalendarErrorCode,
  CompleteOperation,
  DomainError,
  initialOperationState,
  operationDecider,
  operationErrors,
  OperationCommand,
  OperationPowerInput,
  OperationRegistered,
  OperationRegisteredData,
  operationStreamId,
  pausedWorkingDaysByKind,
  RecordDecision,
  RecordStep,
  RegisterOperation,
  shanghaiDate,
  WorkingCalendar,
  operationPowerOn,
  operationViewerOf,
} from '@app/domain';
import { AppConfig } from '@app/config';
import {
  AppendRequest,
  AppendResult,
  DuplicateEventIdError,
  EVENT_STORE,
  EventMetadata,
  EventStore,
  GroupCommit,
  VersionConflictError,
} from '@app/event-store';
import { Principal } from '@app/access';
import { actorOf } from '../auth/actor-of';
import { Clock, TurnBudget } from '@app/platform';
import { ReadYourWrites } from '../http/read-your-writes';
import {
  AlertQueries,
  CalendarProvider,
  maskPersonalData,
  OperationPowers,
  OperationResource,
  OPERATIONS_PROJECTION,
  OperationsQueries,
} from '@app/read-models';
import { WriteContext } from '../http/write-context';
import { handleIdempotently, Written } from '../idempotency/handle-idempotently';
import { batchItem, registeredResponse, timelineItem, writtenResponse } from './operation.mapping';
import { idempotencyKeyReused, WriteScope } from '../idempotency/write-scope';
import { CompleteOperationRequest } from './complete-operation.request.dto';
import { ListOperationsQuery } from './list-operations.request.dto';
import { OperationViewQuery } from './operation-view.request.dto';
import {
  OperationBatchItemResponse,
  OperationBatchResponse,
  OperationPageResponse,
  OperationRegisteredResponse,
  OperationResponse,
  OperationTimelineResponse,
} from './operation.response.dto';
import { RecordDecisionRequest } from './record-decision.request.dto';
import { RecordStepRequest } from './record-step.request.dto';
import { RegisterOperationRequest } from './register-operation.request.dto';
import { RegisterOperationsBatchRequest } from './register-operations-batch.request.dto';

/** How many stored registrations a replayed batch reads at a time. */
const REPLAY_READ_CONCURRENCY = 16;

/** A batch item's error, its fields prefixed with the item's place (`items.3.powerCode`), as class-validator does. */
function atItem(error: unknown, index: number): unknown {
  if (!(error instanceof DomainError)) return error;
  const fieldErrors = Object.fromEntries(
    Object.entries(error.fieldErrors).map(([field, messages]) => [
      `items.${index}.${field.replace(/\[(\d+)\]/g, '.$1')}`,
      messages,
    ]),
  );
  return new DomainError(
    error.code,
    error.category,
    `items[${index}]: ${error.message}`,
    { ...error.details, index },
    fieldErrors,
  );
}

interface RegistrationInput {
  request: RegisterOperationRequest;
  id: string;
  power: OperationPowerInput;
}

/**
 * Important power operations (重要行政权力运行动态登记). Every rule is the operation decider's; this service gathers
 * what a command needs that one stream cannot know (the power as in force on the acceptance date, from the power's
 * own stream; the working calendar in force) and writes the result.
 *
 * Registration goes through handleCommand like every command, as one that creates its stream (`newStream`): decided
 * against the empty state and appended expecting no stream, without reading the new stream first, together with the
 * registrations arriving meanwhile (GroupCommit). Only a conflict (the id is taken) or a keyed retry racing its first
 * attempt reads the stream and lets the decider answer (OPERATION_EXISTS) or finds the earlier write. A client-chosen
 * id without Idempotency-Key derives the event id from the registration's content, so an identical retry is answered
 * by the store with the first write.
 *
 * Facts are recorded at the time of the system clock; whether an operation is overdue is judged at the time of the
 * detectors' Clock, so that the register and the red cards agree (a test may set that clock).
 */
@Injectable()
export class OperationsService {
  private readonly groupCommit: GroupCommit;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly powers: OperationPowers,
    private readonly queries: OperationsQueries,
    private readonly alerts: AlertQueries,
    private readonly calendars: CalendarProvider,
    private readonly readYourWrites: ReadYourWrites,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.groupCommit = new GroupCommit(store);
  }

  async register(request: RegisterOperationRequest, context: WriteContext): Promise<OperationRegisteredResponse> {
    const [{ calendar, version: calendarVersion }, power] = await Promise.all([
      this.calendars.current(),
      this.powers.on(request.powerCode, request.acceptedAt),
    ]);
    const input = { request, id: request.id ?? context.scope.createdId(0), power };
    const command = this.registration(input, context.actor, new Date(), calendar, calendarVersion);
    const streamId = operationStreamId(command.id);
    const written = await handleIdempotently(this.store, operationDecider, streamId, command, {
      scope: this.scopeOf(input, context),
      expectedVersion: context.expectedVersion,
      metadata: { actor: actorOf(context.actor), correlationId: context.correlationId },
      newStream: { groupCommit: this.groupCommit },
    });
    const [registered] = written.events;
    return registeredResponse(
      streamId,
      registered.data as OperationRegisteredData,
      registered.streamVersion,
      registered.globalPosition,
    );
  }

  /**
   * Every item is decided before anything is written, and all are appended in one transaction: one invalid item
   * fails the request with its index and nothing is written. A retry of a whole batch (same Idempotency-Key, or the
   * same client-chosen ids and content) is answered with the registrations stored the first time.
   */
  async registerBatch(request: RegisterOperationsBatchRequest, context: WriteContext): Promise<OperationBatchResponse> {
    const ids = request.items.map((item, index) => item.id ?? context.scope.createdId(index));
    this.requireDistinct(ids);
    const now = new Date();
    const [{ calendar, version: calendarVersion }, histories] = await Promise.all([
      this.calendars.current(),
      this.powers.history(request.items.map((item) => item.powerCode)),
    ]);
    const keyedIds = context.scope.key === undefined ? undefined : context.scope.eventIds(ids.length);
    const appends: AppendRequest[] = [];
    const events: OperationRegistered[] = [];
    const metadata = this.metadataOf(context);
    // Deciding 1,000 registrations is some tens of milliseconds: other requests get a turn whenever one is spent.
    const budget = new TurnBudget();
    for (let index = 0; index < request.items.length; index++) {
      await budget.check();
      const item = request.items[index];
      try {
        const power = operationPowerOn(item.powerCode, histories.get(item.powerCode)!, item.acceptedAt);
        const input = { request: item, id: ids[index], power };
        const command = this.registration(input, context.actor, now, calendar, calendarVersion);
        const [event] = operationDecider.decide(command, initialOperationState) as [OperationRegistered];
        const eventId = keyedIds?.[index] ?? this.scopeOf(input, context).eventIds(1)[0];
        appends.push(this.appendRequest(operationStreamId(command.id), event, eventId, metadata));
        events.push(event);
      } catch (error) {
        throw atItem(error, index);
      }
    }
    let results: AppendResult[];
    try {
      results = await this.store.appendBatch(appends);
    } catch (error) {
      throw this.batchConflict(error, appends, context.scope);
    }
    if (!results[0].duplicate) {
      return {
        items: results.map((result, i) => batchItem(result.streamId, events[i].data, result.version, result.position)),
      };
    }
    return { items: await this.storedRegistrations(appends.map((a) => a.streamId)) };
  }

  async recordStep(id: string, request: RecordStepRequest, context: WriteContext) {
    const { calendar, version } = await this.calendars.current();
    const command: Omit<RecordStep, 'actor' | 'recordedAt'> = {
      type: 'RecordStep',
      id,
      ...request,
      calendar,
      calendarVersion: version,
    };
    return writtenResponse(id, await this.follow(id, command, context));
  }

  async recordDecision(id: string, request: RecordDecisionRequest, context: WriteContext) {
    const command: Omit<RecordDecision, 'actor' | 'recordedAt'> = { type: 'RecordDecision', id, ...request };
    return writtenResponse(id, await this.follow(id, command, context));
  }

  async complete(id: string, request: CompleteOperationRequest, context: WriteContext) {
    const command: Omit<CompleteOperation, 'actor' | 'recordedAt'> = { type: 'CompleteOperation', id, ...request };
    return writtenResponse(id, await this.follow(id, command, context));
  }

  async get(id: string, query: OperationViewQuery, principal: Principal): Promise<OperationResponse> {
    await this.awaitPosition(query.minPosition);
    const now = this.clock.now();
    const [operation] = await this.withPausedWorkingDays(
      [await this.queries.get(id, operationViewerOf(principal), now)],
      now,
    );
    return operation;
  }

  async list(query: ListOperationsQuery, principal: Principal): Promise<OperationPageResponse> {
    await this.awaitPosition(query.minPosition);
    const { department, powerCode, status, overdue, acceptedFrom, acceptedTo, limit, cursor } = query;
    const now = this.clock.now();
    const page = await this.queries.list(
      operationViewerOf(principal),
      { department, powerCode, status, overdue, acceptedFrom, acceptedTo },
      { limit, cursor },
      now,
    );
    return { ...page, items: await this.withPausedWorkingDays(page.items, now) };
  }

  /**
   * The paused working days per kind, counted at read time on the calendar in force: a derived value, so a day the
   * calendar does not reach yet leaves it null (pending) rather than failing the read. The calendar is read only
   * for operations that were paused.
   */
  private async withPausedWorkingDays(operations: OperationResource[], now: Date): Promise<OperationResponse[]> {
    const paused = operations.some((operation) => operation.steps.some((step) => step.kind === 'pause'));
    const calendar = paused ? await this.calendars.calendar() : undefined;
    const today = shanghaiDate(now.toISOString());
    return operations.map((operation) => {
      if (calendar === undefined) return { ...operation, pausedWorkingDays: {} };
      try {
        return { ...operation, pausedWorkingDays: pausedWorkingDaysByKind(operation.steps, today, calendar) };
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== CalendarErrorCode.yearUnknown) throw error;
        return { ...operation, pausedWorkingDays: null };
      }
    });
  }

  /** Every event of the operation from the store, with the counterparty masked for readers who may not see it. */
  async timeline(id: string, principal: Principal): Promise<OperationTimelineResponse> {
    const streamId = operationStreamId(id);
    const events = await this.store.readStream(streamId);
    if (events.length === 0 || events[0].type !== 'OperationRegistered') throw operationErrors.notFound(id);
    const registration = events[0].data as OperationRegisteredData;
    const viewer = operationViewerOf(principal);
    if (viewer.kind === 'department' && viewer.department !== registration.department) {
      throw operationErrors.forbiddenDepartment(viewer.department, registration.department);
    }
    const items = events.map((event) => timelineItem(event, viewer));
    return {
      streamId,
      items: viewer.kind === 'masked' ? maskPersonalData(items, registration.counterparty) : items,
    };
  }

  private registration(
    { request, id, power }: RegistrationInput,
    principal: Principal,
    now: Date,
    calendar: WorkingCalendar,
    calendarVersion: number,
  ): RegisterOperation {
    const actor = actorOf(principal);
    return {
      type: 'RegisterOperation',
      actor,
      recordedAt: now.toISOString(),
      id,
      powerCode: request.powerCode,
      // A department registers for itself; any other role is refused by the decider before this matters.
      department: actor.department ?? '',
      caseNumber: request.caseNumber,
      counterparty: request.counterparty,
      handlers: request.handlers,
      acceptedAt: request.acceptedAt,
      power,
      calendar,
      calendarVersion,
      plausibleFrom: this.config.MIN_PLAUSIBLE_DATE,
    };
  }

  /** Keyed requests name their events by the key; a client-chosen id by the registration's content. */
  private scopeOf({ request, id }: RegistrationInput, context: WriteContext): WriteScope {
    if (context.scope.key !== undefined || request.id === undefined) return context.scope;
    const department = context.actor.department ?? '';
    return WriteScope.derived(`operation-registration\u0000${department}\u0000${canonicalize({ ...request, id })}`);
  }

  /**
   * `metadata` is the request's (metadataOf): the registrations of a batch share one object, so the store makes its
   * canonical JSON once for all of them.
   */
  private appendRequest(
    streamId: string,
    event: OperationRegistered,
    eventId: string,
    metadata: EventMetadata,
  ): AppendRequest {
    return {
      streamId,
      expectedVersion: 'no-stream',
      events: [{ eventId, type: event.type, data: event.data, metadata }],
    };
  }

  private metadataOf(context: WriteContext): EventMetadata {
    return { actor: actorOf(context.actor), correlationId: context.correlationId, ...context.scope.metadata };
  }

  private requireDistinct(ids: string[]): void {
    const first = new Map<string, number>();
    const errors: Record<string, string[]> = {};
    ids.forEach((id, index) => {
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, index);
      else errors[`items.${index}.id`] = [`id repeats items.${earlier}.id; each registration needs its own id`];
    });
    if (Object.keys(errors).length > 0) {
      throw new DomainError('VALIDATION_FAILED', 'validation', 'The request is invalid', {}, errors);
    }
  }

  /** A batch that lost on one stream: that item's id is taken (or its key was used for another batch). */
  private batchConflict(error: unknown, appends: AppendRequest[], scope: WriteScope): unknown {
    if (error instanceof DuplicateEventIdError && scope.key !== undefined) return idempotencyKeyReused(scope.key);
    if (!(error instanceof VersionConflictError)) return error;
    const index = appends.findIndex((append) => append.streamId === error.details.streamId);
    const id = (appends[index].events[0].data as OperationRegisteredData).id;
    return atItem(
      new DomainError(
        'OPERATION_EXISTS',
        'conflict',
        `Operation ${id} is already registered`,
        { id },
        { id: ['is already registered; nothing of this batch was written'] },
      ),
      index,
    );
  }

  private async storedRegistrations(streamIds: string[]): Promise<OperationBatchItemResponse[]> {
    const items: OperationBatchItemResponse[] = [];
    for (let start = 0; start < streamIds.length; start += REPLAY_READ_CONCURRENCY) {
      const chunk = streamIds.slice(start, start + REPLAY_READ_CONCURRENCY);
      const firsts = await Promise.all(chunk.map((streamId) => this.store.readStream(streamId, { toVersion: 1 })));
      firsts.forEach(([stored], i) =>
        items.push(
          batchItem(chunk[i], stored.data as OperationRegisteredData, stored.streamVersion, stored.globalPosition),
        ),
      );
    }
    return items;
  }

  private follow(
    id: string,
    command: Omit<RecordStep | RecordDecision | CompleteOperation, 'actor' | 'recordedAt'>,
    context: WriteContext,
  ): Promise<Written> {
    const actor = actorOf(context.actor);
    const full = { ...command, actor, recordedAt: new Date().toISOString() } as OperationCommand;
    return handleIdempotently(this.store, operationDecider, operationStreamId(id), full, {
      scope: context.scope,
      expectedVersion: context.expectedVersion,
      metadata: { actor, correlationId: context.correlationId },
    });
  }

  /**
   * Read-your-writes for the register and for the alerts a write raised: the register must have the write, the
   * detectors must have looked at it and the alerts read model must hold what they raised.
   */
  private async awaitPosition(minPosition: number | undefined): Promise<void> {
    if (minPosition === undefined) return;
    await this.readYourWrites.reach(OPERATIONS_PROJECTION, minPosition);
    await this.alerts.awaitAlertsOf(minPosition);
  }
}
