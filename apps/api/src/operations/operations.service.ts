import { Inject, Injectable } from '@nestjs/common';
import {
  CalendarErrorCode,
  CompleteOperation,
  DomainError,
  operationDecider,
  operationErrors,
  OperationCommand,
  OperationRegisteredData,
  operationStreamId,
  pausedWorkingDaysByKind,
  RecordDecision,
  RecordStep,
  shanghaiDate,
  operationViewerOf,
} from '@app/domain';
import { AppConfig } from '@app/config';
import { EVENT_STORE, EventStore, GroupCommit } from '@app/event-store';
import { Principal } from '@app/access';
import { actorOf } from '../auth/actor-of';
import { Clock } from '@app/platform';
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
import { registeredResponse, timelineItem, writtenResponse } from './operation.mapping';
import { BatchRegistrations } from './batch-registrations';
import { JsonText } from '../http/json-text';
import { registrationCommand, registrationScope } from './operation-registration';
import { CompleteOperationRequest } from './complete-operation.request.dto';
import { ListOperationsQuery } from './list-operations.request.dto';
import { OperationViewQuery } from './operation-view.request.dto';
import {
  OperationPageResponse,
  OperationRegisteredResponse,
  OperationResponse,
  OperationTimelineResponse,
} from './operation.response.dto';
import { RecordDecisionRequest } from './record-decision.request.dto';
import { RecordStepRequest } from './record-step.request.dto';
import { RegisterOperationRequest } from './register-operation.request.dto';

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
    private readonly batches: BatchRegistrations,
  ) {
    this.groupCommit = new GroupCommit(store);
  }

  async register(request: RegisterOperationRequest, context: WriteContext): Promise<OperationRegisteredResponse> {
    const [calendar, power] = await Promise.all([
      this.calendars.current(),
      this.powers.on(request.powerCode, request.acceptedAt),
    ]);
    const input = { request, id: request.id ?? context.scope.createdId(0), power };
    const command = registrationCommand(input, context.actor, new Date(), calendar, this.config.MIN_PLAUSIBLE_DATE);
    const streamId = operationStreamId(command.id);
    const written = await handleIdempotently(this.store, operationDecider, streamId, command, {
      scope: registrationScope(input, context),
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

  /** Up to 1,000 registrations in one transaction, validated and written by BatchRegistrations (maybe in a worker). */
  /** The answer, an OperationBatchResponse, as JSON. */
  registerBatch(body: JsonText, context: WriteContext): Promise<Uint8Array> {
    return this.batches.register(body, context);
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
