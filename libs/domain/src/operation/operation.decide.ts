import { CalendarErrorCode } from '../calendar/calendar.errors';
import { tryParseDate } from '../calendar/calendar-date';
import { assertNever, Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { Actor, DiscretionBand, TimeLimit } from '../power/power.types';
import { isNonEmptyString, normalizeLegalBasis, shanghaiDate } from '../shared/values';
import {
  CompleteOperation,
  ComputeOperationDeadlines,
  OperationCommand,
  RecordDecision,
  RecordStep,
  RegisterOperation,
} from './operation.commands';
import { computeOperationDeadlines, extendOperationDeadlines } from './operation.deadlines';
import { operationErrors } from './operation.errors';
import {
  ComputedOperationExtension,
  OperationCompleted,
  OperationDeadlinesComputed,
  OperationDeadlinesExtended,
  OperationDecisionRecorded,
  OperationEvent,
  OperationRegistered,
  OperationStepRecorded,
} from './operation.events';
import {
  DeadlinesAwaitingCalendar,
  initialOperationState,
  OperationState,
  RecordedOperationState,
  RegisteredOperation,
} from './operation.state';
import {
  OperationDeadlines,
  OperationPower,
  PAUSE_KIND_LABELS,
  PAUSE_KINDS,
  PauseKind,
  OperationPowerInput,
  PendingDeadlines,
} from './operation.types';
import { powerInForceFor } from './operation-power';
import { OperationIssues } from './operation.issues';
import { compact } from '../shared/compact';

const instant = (timestamp: string): number => Date.parse(timestamp);

/**
 * Runs a count on the calendar; when it reaches a year the calendar does not know, answers which one instead of
 * failing: the fact is recorded and its deadlines wait for that year. Any other error is thrown.
 */
function counted<T>(count: () => T): { value: T } | { unknownYear: number } {
  try {
    return { value: count() };
  } catch (error) {
    if (error instanceof DomainError && error.code === CalendarErrorCode.yearUnknown) {
      return { unknownYear: error.details.year as number };
    }
    throw error;
  }
}

function pendingYears(...lists: (readonly number[] | undefined)[]): PendingDeadlines {
  return { years: [...new Set(lists.flatMap((list) => list ?? []))].sort((a, b) => a - b) };
}

/* Who may act. */

/**
 * Only a department registers, and only operations on its own powers (docs/domain.md, "Who uses it"); reviewers
 * follow up on operations but do not register them.
 */
function authorizeRegistrationRole(actor: Actor): void {
  if (actor.role !== 'department') throw operationErrors.forbiddenRole(actor.role, 'register operations');
}

function authorizeFollowUpRole(actor: Actor): void {
  if (actor.role !== 'department' && actor.role !== 'reviewer') {
    throw operationErrors.forbiddenRole(actor.role, 'record steps, decisions or completions of operations');
  }
}

/** After registration, the registering department acts on the operation, or a reviewer (规范办/法制办) for any. */
function requireOperation(state: OperationState, command: { id: string; actor: Actor }): RecordedOperationState {
  authorizeFollowUpRole(command.actor);
  if (state.status === 'absent') throw operationErrors.notFound(command.id);
  const { actor } = command;
  if (actor.role === 'department' && actor.department !== state.department) {
    throw operationErrors.forbiddenDepartment(actor.department, state.department);
  }
  return state;
}

function requireNotCompleted(operation: RecordedOperationState): void {
  if (operation.status === 'completed') throw operationErrors.completed(operation.id);
}

/** Facts may be recorded after the fact, but never before they happen nor before the matter was accepted. */
function checkAt(operation: RecordedOperationState, at: string, recordedAt: string): void {
  if (instant(at) > instant(recordedAt)) throw operationErrors.atInFuture('at', at, recordedAt);
  if (instant(at) < instant(operation.acceptedAt)) throw operationErrors.atBeforeAcceptance(at, operation.acceptedAt);
}

/* Registration. */

/**
 * `plausibleFrom` is the configured floor, given by the caller; a malformed one is the caller's fault, not the
 * client's. The command's shape (ids, codes, texts, timestamps) is the request's to check (docs/architecture.md,
 * "One validation boundary"): the decider takes typed commands and checks the rules.
 */
function checkPlausible(acceptedAt: string, plausibleFrom: string | undefined): void {
  if (plausibleFrom === undefined || !tryParseDate(plausibleFrom) || Number.isNaN(instant(acceptedAt))) return;
  if (shanghaiDate(acceptedAt) < plausibleFrom) {
    const issues = new OperationIssues();
    issues.add('IMPLAUSIBLE_DATE', 'acceptedAt', `must not be before ${plausibleFrom} (an implausible date)`);
    issues.throwIfAny();
  }
}

function normalizeTimeLimit(timeLimit: TimeLimit): Required<TimeLimit> {
  return { legalDays: timeLimit.legalDays, committedDays: timeLimit.committedDays, unit: timeLimit.unit ?? 'working' };
}

function normalizeBand(band: DiscretionBand): DiscretionBand {
  return { level: band.level, conditions: band.conditions, min: band.min, max: band.max };
}

/**
 * The power is in force for the registering department only if the catalogue says so and it is the department's
 * own on that date; a power held by another department is recorded as not in force, reason `other-department`
 * (even when it was cancelled or not yet in force as well).
 */
function normalizePower(input: OperationPowerInput, department: string): OperationPower {
  const { inForce, notInForceReason } = powerInForceFor(input, department);
  return compact({
    code: input.code,
    inForce,
    notInForceReason,
    name: input.name,
    ownerDepartment: input.ownerDepartment,
    category: input.category,
    important: input.important,
    timeLimit: input.timeLimit && normalizeTimeLimit(input.timeLimit),
    discretion: input.discretion?.map(normalizeBand),
    licensingConditions: input.licensingConditions && [...input.licensingConditions],
    classified: input.classified,
    version: input.version,
  });
}

/**
 * An operation on a power not in force for the department is recorded all the same, whether the power was another
 * department's, cancelled, not yet in force or not in the catalogue at all: the act happened and must not be hidden
 * (凡未列入《职权目录》的权力,不得行使 is a rule about the act, not a reason to refuse its record). It carries
 * `power.inForce = false` and no deadlines, and the detectors raise ground 1 for it. Recording an unknown code too
 * means the answer never tells a department whether another department's classified power exists: both are recorded
 * alike and shown alike. Nor is an operation refused because its deadlines
 * reach a calendar year nobody has published yet: they are recorded pending, with the years they wait for.
 */
function register(command: RegisterOperation, state: OperationState): OperationRegistered {
  authorizeRegistrationRole(command.actor);
  checkPlausible(command.acceptedAt, command.plausibleFrom);
  if (command.actor.department !== command.department) {
    throw operationErrors.forbiddenDepartment(command.actor.department, command.department);
  }
  if (state.status !== 'absent') throw operationErrors.exists(command.id);
  if (instant(command.acceptedAt) > instant(command.recordedAt)) {
    throw operationErrors.atInFuture('acceptedAt', command.acceptedAt, command.recordedAt);
  }
  const power = normalizePower(command.power, command.department);
  const { timeLimit } = power;
  const count =
    power.inForce && timeLimit
      ? counted(() => computeOperationDeadlines(command.acceptedAt, timeLimit, command.calendar))
      : undefined;
  const computed = count && 'value' in count ? count.value : undefined;
  const pending = count && 'unknownYear' in count ? pendingYears([count.unknownYear]) : undefined;
  const { kind, name, idNumber } = command.counterparty;
  return {
    type: 'OperationRegistered',
    data: {
      id: command.id,
      powerCode: command.powerCode,
      department: command.department,
      caseNumber: command.caseNumber,
      counterparty: compact({ kind, name, idNumber }),
      handlers: command.handlers.map((h) => ({ name: h.name, post: h.post })),
      acceptedAt: command.acceptedAt,
      acceptedOn: shanghaiDate(command.acceptedAt),
      power,
      timeLimit: computed?.timeLimit ?? (pending ? timeLimit! : null),
      deadlines: computed?.deadlines ?? null,
      ...(pending ? { deadlinesPending: pending } : {}),
      calendarYears: computed?.calendarYears ?? [],
      ...(command.calendarVersion !== undefined ? { calendarVersion: command.calendarVersion } : {}),
      recordedAt: command.recordedAt,
    },
  };
}

/* Steps. */

/** What a step's kind requires of its other fields: a pause names its procedure and the document that started it. */
function checkStep(command: RecordStep): void {
  const issues = new OperationIssues();
  if (command.kind === 'pause') {
    if (command.pauseKind === undefined) {
      issues.add('FIELD_REQUIRED', 'pauseKind', `must name the special procedure: one of ${PAUSE_KINDS.join(', ')}`);
    }
    if (command.pauseKind === 'other' && !isNonEmptyString(command.note)) {
      issues.add('FIELD_REQUIRED', 'note', 'must state the legal basis of a pause of kind other');
    }
    if (command.documents === undefined || command.documents.length === 0) {
      issues.add('FIELD_REQUIRED', 'documents', 'must name the document that started the special procedure');
    }
  } else if (command.pauseKind !== undefined) {
    issues.add('INVALID_FIELD', 'pauseKind', 'is allowed only when kind is pause');
  }
  issues.throwIfAny();
}

/**
 * `pause` stops the clock for a special procedure and `resume` restarts it; on resumption both deadlines move by
 * the days it was stopped (see `extendOperationDeadlines`). Pauses do not overlap: a pause cannot start before the
 * last resumption nor a resumption before its pause.
 */
function recordStep(command: RecordStep, state: OperationState): OperationEvent[] {
  const operation = requireOperation(state, command);
  checkStep(command);
  requireNotCompleted(operation);
  checkAt(operation, command.at, command.recordedAt);

  const step: OperationStepRecorded = {
    type: 'OperationStepRecorded',
    data: compact({
      id: operation.id,
      kind: command.kind,
      at: command.at,
      by: command.by,
      pauseKind: command.pauseKind,
      note: command.note,
      documents: command.documents?.map((d) => ({ name: d.name, sha256: d.sha256.toLowerCase() })),
      recordedAt: command.recordedAt,
    }),
  };

  if (command.kind === 'pause') {
    if (operation.status === 'paused') throw operationErrors.paused(operation.id, operation.pause.at, 'pause again');
    if (operation.lastResumedAt !== null && instant(command.at) < instant(operation.lastResumedAt)) {
      throw operationErrors.pauseOutOfOrder(
        command.at,
        operation.lastResumedAt,
        `must not be before the last resumption (${operation.lastResumedAt})`,
      );
    }
    return [step];
  }
  if (command.kind !== 'resume') return [step];

  if (operation.status !== 'paused') throw operationErrors.notPaused(operation.id);
  const { pause } = operation;
  if (instant(command.at) < instant(pause.at)) {
    throw operationErrors.pauseOutOfOrder(command.at, pause.at, `must not be before the pause (${pause.at})`);
  }
  const { deadlines, registration, deadlinesPending } = operation;
  if (deadlinesPending)
    return [{ ...step, data: { ...step.data, deadlinesPending: pendingYears(deadlinesPending.years) } }];
  if (deadlines === null || registration.timeLimit === null) return [step];
  const { unit } = registration.timeLimit;
  const count = counted(() => extendOperationDeadlines(deadlines, unit, pause.at, command.at, command.calendar));
  if ('unknownYear' in count) {
    return [{ ...step, data: { ...step.data, deadlinesPending: pendingYears([count.unknownYear]) } }];
  }
  const extension = count.value;
  if (extension.pausedDays === 0) return [step];
  const extended: OperationDeadlinesExtended = {
    type: 'OperationDeadlinesExtended',
    data: {
      id: operation.id,
      unit: registration.timeLimit.unit,
      pausedDays: extension.pausedDays,
      pausedAt: pause.at,
      resumedAt: command.at,
      pauseEvidence: compact({
        pauseVersion: pause.version,
        resumeVersion: operation.version + 1,
        procedure: pause.procedure,
        pauseKind: pause.kind,
      }),
      previous: deadlines,
      deadlines: extension.deadlines,
      calendarYears: extension.calendarYears,
      ...(command.calendarVersion !== undefined ? { calendarVersion: command.calendarVersion } : {}),
      recordedAt: command.recordedAt,
    },
  };
  return [step, extended];
}

/* Decision. */

/** A penalty goes with the outcome penalty, and only with it. */
function checkDecision(command: RecordDecision): void {
  const issues = new OperationIssues();
  if (command.outcome === 'penalty' && command.penalty === undefined) {
    issues.add('PENALTY_REQUIRED', 'penalty', 'is required when outcome is penalty');
  } else if (command.outcome !== 'penalty' && command.penalty !== undefined) {
    issues.add('PENALTY_NOT_ALLOWED', 'penalty', 'is allowed only when outcome is penalty');
  }
  issues.throwIfAny();
}

/**
 * The decision is recorded as taken, even when it breaks the discretion standard or the published licensing
 * conditions: those are violations for the detectors to raise, not reasons to hide the fact.
 */
function recordDecision(command: RecordDecision, state: OperationState): OperationDecisionRecorded {
  const operation = requireOperation(state, command);
  checkDecision(command);
  requireNotCompleted(operation);
  if (operation.decision !== null) throw operationErrors.decisionExists(operation.id);
  checkAt(operation, command.at, command.recordedAt);
  const { penalty } = command;
  return {
    type: 'OperationDecisionRecorded',
    data: compact({
      id: operation.id,
      at: command.at,
      outcome: command.outcome,
      penalty: penalty && compact({ amount: penalty.amount, band: penalty.band, major: penalty.major }),
      conditionsApplied: command.conditionsApplied && [...command.conditionsApplied],
      legalBasisCited: normalizeLegalBasis(command.legalBasisCited),
      reasoning: command.reasoning,
      recordedAt: command.recordedAt,
    }),
  };
}

/* Completion. */

function latestActivity(operation: RecordedOperationState): string | undefined {
  const times = operation.steps.map((s) => s.at);
  if (operation.decision) times.push(operation.decision.at);
  return times.reduce<string | undefined>(
    (latest, at) => (latest === undefined || instant(at) > instant(latest) ? at : latest),
    undefined,
  );
}

/** 办结: ends the matter. A paused matter must be resumed first, so that its deadlines are settled. */
function complete(command: CompleteOperation, state: OperationState): OperationCompleted {
  const operation = requireOperation(state, command);
  requireNotCompleted(operation);
  if (operation.status === 'paused') throw operationErrors.paused(operation.id, operation.pause.at, 'complete it');
  checkAt(operation, command.at, command.recordedAt);
  const latest = latestActivity(operation);
  if (latest !== undefined && instant(command.at) < instant(latest)) {
    throw operationErrors.completionBeforeLastStep(command.at, latest);
  }
  const { deadlines, deadlinesPending } = operation;
  return {
    type: 'OperationCompleted',
    data: {
      id: operation.id,
      at: command.at,
      deadlines,
      overdue: deadlines && overdueAt(command.at, deadlines),
      ...(deadlinesPending ? { deadlinesPending: pendingYears(deadlinesPending.years) } : {}),
      recordedAt: command.recordedAt,
    },
  };
}

function overdueAt(at: string, deadlines: OperationDeadlines): { committed: boolean; legal: boolean } {
  return { committed: instant(at) > instant(deadlines.committed), legal: instant(at) > instant(deadlines.legal) };
}

/* Pending deadlines. */

/**
 * The deadlines as they would have been had the calendar known every year: the registration's (unless it had them),
 * then each pause that ended meanwhile, in order, exactly as a resumption moves them. A count that still reaches an
 * unknown year throws CALENDAR_YEAR_UNKNOWN with that year; deadlines computed once are never computed again.
 */
function computePendingDeadlines(
  command: ComputeOperationDeadlines,
  state: OperationState,
): OperationDeadlinesComputed {
  if (state.status === 'absent') throw operationErrors.notFound(command.id);
  const { deadlinesPending: pending, registration } = state;
  if (!pending || registration.timeLimit === null) throw operationErrors.deadlinesNotPending(state.id);
  const { unit } = registration.timeLimit;
  const years: number[] = [];
  const registered =
    pending.from === null
      ? computeOperationDeadlines(state.acceptedAt, registration.timeLimit, command.calendar)
      : undefined;
  years.push(...(registered?.calendarYears ?? []));
  let deadlines = pending.from ?? registered!.deadlines;
  const extensions = pending.pauses.flatMap((pause): ComputedOperationExtension[] => {
    const extension = extendOperationDeadlines(deadlines, unit, pause.at, pause.resumedAt, command.calendar);
    years.push(...extension.calendarYears);
    if (extension.pausedDays === 0) return [];
    const previous = deadlines;
    deadlines = extension.deadlines;
    return [
      {
        unit,
        pausedDays: extension.pausedDays,
        pausedAt: pause.at,
        resumedAt: pause.resumedAt,
        pauseEvidence: { pauseVersion: pause.version, resumeVersion: pause.resumeVersion, procedure: pause.procedure },
        previous,
        deadlines,
      },
    ];
  });
  return {
    type: 'OperationDeadlinesComputed',
    data: {
      id: state.id,
      ...(registered ? { registered: registered.deadlines } : {}),
      extensions,
      deadlines,
      ...(state.status === 'completed' ? { overdue: overdueAt(state.completion.at, deadlines) } : {}),
      calendarYears: [...new Set(years)].sort((a, b) => a - b),
      calendarVersion: command.calendarVersion,
      recordedAt: command.recordedAt,
    },
  };
}

export function decideOperation(command: OperationCommand, state: OperationState): OperationEvent[] {
  switch (command.type) {
    case 'RegisterOperation':
      return [register(command, state)];
    case 'RecordStep':
      return recordStep(command, state);
    case 'RecordDecision':
      return [recordDecision(command, state)];
    case 'CompleteOperation':
      return [complete(command, state)];
    case 'ComputeOperationDeadlines':
      return [computePendingDeadlines(command, state)];
    default:
      return assertNever(command, 'operation command');
  }
}

/** How a pause names its procedure: the kind's label and the note; before kinds existed, the note alone. */
function procedureOf(step: { pauseKind?: PauseKind; note?: string }): string {
  if (step.pauseKind === undefined) return step.note ?? '';
  const label = PAUSE_KIND_LABELS[step.pauseKind];
  return step.note ? `${label}：${step.note}` : label;
}

/** The fields every registered operation has, without those of its status. */
function registeredPart(state: RecordedOperationState): RegisteredOperation {
  const { id, department, acceptedAt, registration, deadlines, steps, decision, extensions, lastResumedAt, version } =
    state;
  const registered = {
    id,
    department,
    acceptedAt,
    registration,
    deadlines,
    steps,
    decision,
    extensions,
    lastResumedAt,
  };
  return { ...registered, ...pendingPart(state.deadlinesPending), version };
}

/** Absent, not undefined, when nothing is pending: the state is stored as JSON and compared whole. */
function pendingPart(pending: DeadlinesAwaitingCalendar | undefined): { deadlinesPending?: DeadlinesAwaitingCalendar } {
  return pending ? { deadlinesPending: pending } : {};
}

/**
 * Total: an event that cannot follow the state (a second registration, a second decision) changes nothing but the
 * version count, since decide never emits one and replay must not fail on history.
 */
export function evolveOperation(state: OperationState, event: OperationEvent): OperationState {
  if (state.status === 'absent') {
    if (event.type !== 'OperationRegistered') return state;
    const { data } = event;
    return {
      status: 'open',
      id: data.id,
      department: data.department,
      acceptedAt: data.acceptedAt,
      registration: { ...data, version: 1 },
      deadlines: data.deadlines,
      ...pendingPart(data.deadlinesPending && { ...data.deadlinesPending, from: null, pauses: [] }),
      steps: [],
      decision: null,
      extensions: [],
      lastResumedAt: null,
      version: 1,
    };
  }
  const version = state.version + 1;
  switch (event.type) {
    case 'OperationRegistered':
      return { ...state, version };
    case 'OperationStepRecorded': {
      const { id: _id, ...step } = event.data;
      const steps = [...state.steps, { ...step, version }];
      if (step.kind === 'pause' && state.status === 'open') {
        const pause = compact({ at: step.at, kind: step.pauseKind, procedure: procedureOf(step), version });
        return { ...registeredPart(state), steps, version, status: 'paused', pause };
      }
      if (step.kind === 'resume' && state.status === 'paused') {
        const resumed = { ...registeredPart(state), steps, version, lastResumedAt: step.at, status: 'open' } as const;
        if (!step.deadlinesPending) return resumed;
        // The pause's extension waits for the calendar, counted later from the deadlines in force before it.
        const before = state.deadlinesPending;
        const pending: DeadlinesAwaitingCalendar = {
          ...pendingYears(before?.years, step.deadlinesPending.years),
          from: before ? before.from : state.deadlines,
          pauses: [...(before?.pauses ?? []), { ...state.pause, resumedAt: step.at, resumeVersion: version }],
        };
        return { ...resumed, deadlines: null, deadlinesPending: pending };
      }
      return { ...state, steps, version };
    }
    case 'OperationDeadlinesExtended': {
      const { id: _id, ...extension } = event.data;
      return {
        ...state,
        deadlines: extension.deadlines,
        extensions: [...state.extensions, { ...extension, version }],
        version,
      };
    }
    case 'OperationDecisionRecorded': {
      const { id: _id, ...decision } = event.data;
      return { ...state, decision: state.decision ?? { ...decision, version }, version };
    }
    case 'OperationDeadlinesComputed': {
      if (!state.deadlinesPending) return { ...state, version };
      const { id: _id, extensions, deadlines, calendarYears, calendarVersion, recordedAt } = event.data;
      const { deadlinesPending: _pending, ...rest } = state;
      return {
        ...rest,
        deadlines,
        extensions: [
          ...state.extensions,
          ...extensions.map((extension) => ({ ...extension, calendarYears, calendarVersion, recordedAt, version })),
        ],
        version,
      };
    }
    case 'OperationCompleted': {
      if (state.status === 'completed') return { ...state, version };
      const { id: _id, ...completion } = event.data;
      return { ...registeredPart(state), version, status: 'completed', completion: { ...completion, version } };
    }
    default:
      return assertNever(event, 'operation event');
  }
}

export const operationDecider: Decider<OperationCommand, OperationEvent, OperationState> = {
  initialState: initialOperationState,
  decide: decideOperation,
  evolve: evolveOperation,
};
