import { canonicalize } from 'json-canonicalize';
import { Principal } from '@app/access';
import {
  DomainError,
  initialOperationState,
  operationDecider,
  OperationPowerInput,
  OperationRegistered,
  OperationRegisteredData,
  operationPowerOn,
  operationStreamId,
  RegisterOperation,
  WorkingCalendar,
} from '@app/domain';
import {
  AppendRequest,
  AppendResult,
  DuplicateEventIdError,
  EventMetadata,
  EventStore,
  VersionConflictError,
} from '@app/event-store';
import { TurnBudget } from '@app/platform';
import { CalendarProvider, OperationPowers } from '@app/read-models';
import { actorOf } from '../auth/actor-of';
import { WriteContext } from '../http/write-context';
import { idempotencyKeyReused, WriteScope } from '../idempotency/write-scope';
import { batchItem } from './operation.mapping';
import { OperationBatchItemResponse, OperationBatchResponse } from './operation.response.dto';
import { RegisterOperationRequest } from './register-operation.request.dto';
import { RegisterOperationsBatchRequest } from './register-operations-batch.request.dto';

/** How many stored registrations a replayed batch reads at a time. */
const REPLAY_READ_CONCURRENCY = 16;

/** One registration as the decider needs it: the request, the operation's id and its power as in force then. */
export interface RegistrationInput {
  request: RegisterOperationRequest;
  id: string;
  power: OperationPowerInput;
}

/** The RegisterOperation command of one registration, recorded `now` on the calendar in force. */
export function registrationCommand(
  { request, id, power }: RegistrationInput,
  principal: Principal,
  now: Date,
  calendar: { calendar: WorkingCalendar; version: number },
  plausibleFrom: string,
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
    calendar: calendar.calendar,
    calendarVersion: calendar.version,
    plausibleFrom,
  };
}

/** Keyed requests name their events by the key; a client-chosen id by the registration's content. */
export function registrationScope({ request, id }: RegistrationInput, context: WriteContext): WriteScope {
  if (context.scope.key !== undefined || request.id === undefined) return context.scope;
  const department = context.actor.department ?? '';
  return WriteScope.derived(`operation-registration\u0000${department}\u0000${canonicalize({ ...request, id })}`);
}

/** A batch item's error, its fields prefixed with the item's place (`items.3.powerCode`), as class-validator does. */
export function atItem(error: unknown, index: number): unknown {
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

/**
 * Up to 1,000 registrations in one transaction (POST /v1/operations/batch), from a validated request. It needs only
 * the store (and the power histories and calendars it reads), so that it can run in a worker thread of its own
 * (BatchRegistrations) as well as in the API's.
 */
export class OperationBatchRegistration {
  constructor(
    private readonly store: EventStore,
    private readonly powers: OperationPowers,
    private readonly calendars: CalendarProvider,
    /** MIN_PLAUSIBLE_DATE: an earlier acceptance is refused as implausible. */
    private readonly plausibleFrom: string,
  ) {}

  /**
   * Every item is decided before anything is written, and all are appended in one transaction: one invalid item
   * fails the request with its index and nothing is written. A retry of a whole batch (same Idempotency-Key, or the
   * same client-chosen ids and content) is answered with the registrations stored the first time.
   */
  async register(request: RegisterOperationsBatchRequest, context: WriteContext): Promise<OperationBatchResponse> {
    const ids = request.items.map((item, index) => item.id ?? context.scope.createdId(index));
    requireDistinct(ids);
    const now = new Date();
    const [calendar, histories] = await Promise.all([
      this.calendars.current(),
      this.powers.history(request.items.map((item) => item.powerCode)),
    ]);
    const keyedIds = context.scope.key === undefined ? undefined : context.scope.eventIds(ids.length);
    const appends: AppendRequest[] = [];
    const events: OperationRegistered[] = [];
    // The registrations of a batch share one metadata object, so the store makes its canonical JSON once for all.
    const metadata: EventMetadata = {
      actor: actorOf(context.actor),
      correlationId: context.correlationId,
      ...context.scope.metadata,
    };
    // Deciding 1,000 registrations is some tens of milliseconds: other requests get a turn whenever one is spent.
    const budget = new TurnBudget();
    for (let index = 0; index < request.items.length; index++) {
      await budget.check();
      const item = request.items[index];
      try {
        const power = operationPowerOn(item.powerCode, histories.get(item.powerCode)!, item.acceptedAt);
        const input = { request: item, id: ids[index], power };
        const command = registrationCommand(input, context.actor, now, calendar, this.plausibleFrom);
        const [event] = operationDecider.decide(command, initialOperationState) as [OperationRegistered];
        const eventId = keyedIds?.[index] ?? registrationScope(input, context).eventIds(1)[0];
        appends.push({
          streamId: operationStreamId(command.id),
          expectedVersion: 'no-stream',
          events: [{ eventId, type: event.type, data: event.data, metadata }],
        });
        events.push(event);
      } catch (error) {
        throw atItem(error, index);
      }
    }
    let results: AppendResult[];
    try {
      results = await this.store.appendBatch(appends);
    } catch (error) {
      throw batchConflict(error, appends, context.scope);
    }
    if (!results[0].duplicate) {
      return {
        items: results.map((result, i) => batchItem(result.streamId, events[i].data, result.version, result.position)),
      };
    }
    return { items: await this.storedRegistrations(appends.map((a) => a.streamId)) };
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
}

function requireDistinct(ids: string[]): void {
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
function batchConflict(error: unknown, appends: AppendRequest[], scope: WriteScope): unknown {
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
