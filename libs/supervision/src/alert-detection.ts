import {
  alertDecider,
  AlertEvent,
  AlertState,
  alertSubjectStreamId,
  CalendarErrorCode,
  ComplaintEvent,
  detectComplaintAlerts,
  detectFindingAlerts,
  detectRectificationAlerts,
  FindingEvent,
  RecordedDomainEvent,
  RectificationEvent,
  AlertFact,
  alertStreamId,
  AlertSubject,
  detectPowerPublicationAlerts,
  DomainError,
  dueOperationAlerts,
  eventDrivenOperationAlerts,
  IdentifiedPowerEvent,
  nextOperationCheckAt,
  nextPowerPublicationCheckAt,
  OperationAlertSettings,
  OperationEvent,
  operationRecordOf,
  PowerEvent,
  WorkingCalendar,
} from '@app/domain';
import {
  AppendRequest,
  EventStore,
  handleCommand,
  newEventId,
  RecordedEvent,
  VersionConflictError,
} from '@app/event-store';
import { TurnBudget } from '@app/platform';
import { UndecidedRule } from './alert-schedule';

/** Who raises, and because of what: carried in the metadata of each AlertRaised (alerts have no human actor). */
export interface DetectionTrigger {
  raisedBy: 'alert-detectors' | 'deadline-watcher';
  correlationId?: string;
  /** The event whose arrival made the detectors look. */
  causationId?: string;
}

export interface DetectionOutcome {
  /** The alerts this check appended; those raised before are not repeated. */
  raised: AlertFact[];
  /** When to look again without a new event; null when time alone can make nothing more due. */
  nextCheckAt: string | null;
  /** The rules that could not decide (a calendar year unknown): looked at again when the calendar changes. */
  undecided: UndecidedRule[];
}

export interface AlertDetectionOptions {
  /** The working calendar in force. */
  calendar: () => Promise<WorkingCalendar>;
  /** PUBLICATION_LIMIT_WORKING_DAYS: the publication duty of grounds 2 and 4. */
  publicationLimitWorkingDays: number;
  /** Overrides the domain's defaults (late registration and records, major penalty, yellow fraction, long pauses). */
  operationSettings?: OperationAlertSettings;
  /**
   * A subject whose check fails on a rule is looked at again this much later; one that fails for a year missing from
   * the calendar, when a year is published instead.
   */
  retryAfterMs: number;
  onDeferred?: (subject: AlertSubject, error: DomainError) => void;
}

/**
 * A look at operations and powers: read their streams, run the domain's detectors at `now`, raise every alert they
 * find through the alert decider (idempotent: an alert's id is its cause) and say when to look again. The reactor
 * calls it when the subject's stream moves, the deadline watcher when its time has come; both may call it for the
 * same subject at once, and the stream's version check lets only one of them record each alert.
 */
export class AlertDetection {
  constructor(
    private readonly store: EventStore,
    private readonly options: AlertDetectionOptions,
  ) {}

  /**
   * One subject: see checkMany. A rule that stops the detectors (a DomainError, which a retry now would meet again)
   * defers the subject (retryAfterMs, or until a calendar year is published) instead of failing the caller's batch,
   * and is reported as undecided; any other error is the caller's.
   */
  async check(subject: AlertSubject, now: Date, trigger: DetectionTrigger): Promise<DetectionOutcome> {
    const [outcome] = await this.checkMany([{ subject, trigger }], now);
    return outcome;
  }

  /**
   * Several subjects, their streams read in one go; the outcomes in the order of the subjects. A check may bring the
   * start of its subject's stream (from version 1, in order, as the caller read it from the log): only the rest is
   * read, which for a subject new in the caller's batch is nothing.
   */
  async checkMany(
    checks: readonly { subject: AlertSubject; trigger: DetectionTrigger; startOfStream?: readonly RecordedEvent[] }[],
    now: Date,
  ): Promise<DetectionOutcome[]> {
    if (checks.length === 0) return [];
    const at = now.toISOString();
    const held = new Map<string, readonly RecordedEvent[]>();
    for (const { subject, startOfStream } of checks) {
      if (startOfStream && startsStream(startOfStream)) held.set(subjectStreamId(subject), startOfStream);
    }
    const streams = await this.store.readStreams(
      checks.map(({ subject }) => subjectStreamId(subject)),
      { afterVersions: new Map([...held].map(([streamId, events]) => [streamId, events.length])) },
    );
    for (const [streamId, events] of held) streams.set(streamId, [...events, ...(streams.get(streamId) ?? [])]);
    let calendar: WorkingCalendar | DomainError;
    try {
      calendar = await this.options.calendar();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      calendar = error;
    }
    const outcomes: DetectionOutcome[] = [];
    const found: { fact: AlertFact; trigger: DetectionTrigger; outcome: DetectionOutcome }[] = [];
    // A projector batch brings up to hundreds of subjects: the API's requests get turns in between.
    const budget = new TurnBudget();
    for (const { subject, trigger } of checks) {
      await budget.check();
      try {
        if (calendar instanceof DomainError) throw calendar;
        const events = streams.get(subjectStreamId(subject)) ?? [];
        const undecided: UndecidedRule[] = [];
        const { facts, nextCheckAt } = this.detect(subject, events, at, calendar, (cause, error) =>
          undecided.push(undecidedRule(cause, error)),
        );
        const outcome: DetectionOutcome = { raised: [], nextCheckAt, undecided };
        for (const fact of facts) found.push({ fact, trigger, outcome });
        outcomes.push(outcome);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.options.onDeferred?.(subject, error);
        // A year missing from the calendar stays missing until it is published, which rechecks the subject.
        const retryAt = new Date(now.getTime() + this.options.retryAfterMs).toISOString();
        outcomes.push({
          raised: [],
          nextCheckAt: error.code === CalendarErrorCode.yearUnknown ? null : retryAt,
          undecided: [undecidedRule('all', error)],
        });
      }
    }
    for (const { fact, outcome } of await this.raiseAll(found, at)) outcome.raised.push(fact);
    return outcomes;
  }

  /**
   * Raises the alerts found, in two round trips whatever their number: their streams read in one go, each decided by
   * the alert decider (an alert already raised decides nothing), all appended in one transaction. A batch of late
   * registrations raises an alert each; one handleCommand per alert (a read, then an append) held the detectors to a
   * few hundred alerts a second. Should another writer (the deadline watcher, a second process) have appended to one
   * of these streams meanwhile, the batch is refused as a whole and each alert goes through handleCommand, which reads
   * again and decides again. Answers the facts that were raised now.
   */
  private async raiseAll<T extends { fact: AlertFact; trigger: DetectionTrigger }>(
    found: readonly T[],
    raisedAt: string,
  ): Promise<T[]> {
    if (found.length === 0) return [];
    const streamIds = [...new Set(found.map(({ fact }) => alertStreamId(fact.alertId)))];
    const histories = await this.store.readStreams(streamIds);
    const states = new Map<string, { state: AlertState; version: number }>();
    for (const streamId of streamIds) {
      const history = histories.get(streamId) ?? [];
      states.set(streamId, {
        state: history.reduce(
          (state, event) => alertDecider.evolve(state, { type: event.type, data: event.data } as AlertEvent),
          alertDecider.initialState,
        ),
        version: history.length === 0 ? 0 : history[history.length - 1].streamVersion,
      });
    }
    const appends = new Map<string, AppendRequest>();
    const raised: T[] = [];
    for (const item of found) {
      const streamId = alertStreamId(item.fact.alertId);
      const current = states.get(streamId)!;
      const events = alertDecider.decide({ type: 'RaiseAlert', ...item.fact, raisedAt }, current.state);
      if (events.length === 0) continue;
      current.state = events.reduce((state, event) => alertDecider.evolve(state, event), current.state);
      const request = appends.get(streamId) ?? {
        streamId,
        expectedVersion: current.version === 0 ? ('no-stream' as const) : current.version,
        events: [],
      };
      request.events.push(
        ...events.map((event) => ({
          eventId: newEventId(),
          type: event.type,
          data: event.data,
          metadata: { ...item.trigger },
        })),
      );
      appends.set(streamId, request);
      raised.push(item);
    }
    if (appends.size === 0) return [];
    try {
      await this.store.appendMany([...appends.values()]);
      return raised;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      const one: T[] = [];
      for (const item of found) if (await this.raise(item.fact, raisedAt, item.trigger)) one.push(item);
      return one;
    }
  }

  /** The detectors of the subject's kind, over its whole stream. */
  private detect(
    subject: AlertSubject,
    events: RecordedEvent[],
    at: string,
    calendar: WorkingCalendar,
    onUndecided: (cause: string, error: DomainError) => void,
  ): { facts: AlertFact[]; nextCheckAt: string | null } {
    switch (subject.kind) {
      case 'operation':
        return this.operation(events, at, calendar, onUndecided);
      case 'power':
        return this.power(events, at, calendar);
      case 'complaint':
        return detectComplaintAlerts(events.map(asDomainEvent<ComplaintEvent>), at, calendar);
      case 'rectification':
        return detectRectificationAlerts(events.map(asDomainEvent<RectificationEvent>), at, calendar);
      case 'finding':
        return detectFindingAlerts(events.map(asDomainEvent<FindingEvent>));
    }
  }

  private operation(
    events: RecordedEvent[],
    at: string,
    calendar: WorkingCalendar,
    onUndecided: (cause: string, error: DomainError) => void,
  ): { facts: AlertFact[]; nextCheckAt: string | null } {
    const record = operationRecordOf(events.map(asRecorded<OperationEvent>));
    if (!record) return { facts: [], nextCheckAt: null };
    const context = { calendar, settings: this.options.operationSettings, onUndecided };
    return {
      facts: [...eventDrivenOperationAlerts(record, context), ...dueOperationAlerts(record, at, context)],
      nextCheckAt: nextOperationCheckAt(record, at, context),
    };
  }

  private power(
    recorded: RecordedEvent[],
    at: string,
    calendar: WorkingCalendar,
  ): { facts: AlertFact[]; nextCheckAt: string | null } {
    const events: IdentifiedPowerEvent[] = recorded.map(asRecorded<PowerEvent>);
    const context = {
      calendar,
      limitWorkingDays: this.options.publicationLimitWorkingDays,
      lateRecordWorkingDays: this.options.operationSettings?.lateRecordWorkingDays,
    };
    return {
      facts: detectPowerPublicationAlerts(events, at, context),
      nextCheckAt: nextPowerPublicationCheckAt(events, at, context),
    };
  }

  /** True when this call recorded the alert, false when it had been raised already. */
  private async raise(fact: AlertFact, raisedAt: string, trigger: DetectionTrigger): Promise<boolean> {
    const { events } = await handleCommand(
      this.store,
      alertDecider,
      alertStreamId(fact.alertId),
      { type: 'RaiseAlert', ...fact, raisedAt },
      {
        metadata: { ...trigger },
        eventIds: (count) => Array.from({ length: count }, newEventId),
      },
    );
    return events.length > 0;
  }
}

function undecidedRule(cause: string, error: DomainError): UndecidedRule {
  const { year } = error.details;
  return { cause, code: error.code, reason: error.message, ...(typeof year === 'number' ? { year } : {}) };
}

/** Versions 1, 2, … n without a gap: the whole start of a stream. */
function startsStream(events: readonly RecordedEvent[]): boolean {
  return events.every((event, i) => event.streamVersion === i + 1);
}

const subjectStreamId = alertSubjectStreamId;

function asDomainEvent<Event extends ComplaintEvent | RectificationEvent | FindingEvent>(
  event: RecordedEvent,
): RecordedDomainEvent<Event> {
  return {
    eventId: event.eventId,
    event: { type: event.type, data: event.data } as Event,
    recordedAt: event.recordedAt,
  };
}

/** A stored event as the detectors take it: with its id, which alerts cite as evidence. */
function asRecorded<Event extends OperationEvent | PowerEvent>(
  event: RecordedEvent,
): { eventId: string; event: Event; recordedAt: string; version: number } {
  return {
    eventId: event.eventId,
    event: { type: event.type, data: event.data } as Event,
    recordedAt: event.recordedAt,
    version: event.streamVersion,
  };
}
