import { calendarYearUnknown, CalendarErrorCode } from '../calendar/calendar.errors';
import { WorkingCalendar } from '../calendar/working-calendar';
import { DomainError } from '../shared/domain-error';
import { AlertFact, AlertGround, AlertLevel } from '../alert/alert.types';
import { DISCRETION_LEVEL_LABELS } from '../power/power.types';
import { shanghaiDate } from '../shared/values';
import { operationDecider } from './operation.decide';
import {
  addCalendarDays,
  deadlineDate,
  knownWorkingDaysBetween,
  limitDaysBetween,
  startOfShanghaiDay,
  yellowFromDate,
  yellowThresholdDays,
} from './operation.deadlines';
import { RecordedOperationEvent } from './operation.events';
import { OperationStep, RecordedOperationState } from './operation.state';
import {
  OPERATION_STEP_KIND_LABELS,
  PAUSE_KIND_LABELS,
  PauseKind,
  POWER_NOT_IN_FORCE_REASON_LABELS,
} from './operation.types';

/**
 * Detectors of the grounds of accountability an operation's events can prove (docs/domain.md, "Accountability": 1, 5,
 * 6, 7 and 10). Pure functions of the recorded events, the settings, the calendar and `now`; each alert's id is
 * derived from its cause (`op:<operationId>:g<ground>:<cause>`), so running a detector again raises nothing new.
 * Order is judged by the record: a fact counts as done before another only if it was recorded before it, whatever
 * time the department claims for it.
 */

export interface OperationAlertSettings {
  /** Registration later than this many working days after the acceptance date is late (ground 1, yellow). */
  lateRegistrationWorkingDays: number;
  /** A penalty of at least this many yuan is major and needs a collective discussion (ground 1). */
  majorPenaltyAmount: number;
  /** The yellow card comes within this fraction of the committed days before the committed deadline (grounds 7, 10). */
  yellowFraction: number;
  /** A step, decision or completion recorded more than this many working days after its claimed date is late. */
  lateRecordWorkingDays: number;
  /** A pause longer than this many working days raises a yellow card (ground 10). */
  longPauseWorkingDays: number;
}

export const DEFAULT_OPERATION_ALERT_SETTINGS: Readonly<OperationAlertSettings> = Object.freeze({
  lateRegistrationWorkingDays: 3,
  majorPenaltyAmount: 50_000,
  yellowFraction: 0.2,
  lateRecordWorkingDays: 3,
  longPauseWorkingDays: 60,
});

export interface OperationDetectorContext {
  calendar: WorkingCalendar;
  settings?: OperationAlertSettings;
  /**
   * Told of each rule that cannot decide yet (its count needs a calendar year not published) instead of failing the
   * other rules; the rule is looked at again when the calendar changes.
   */
  onUndecided?: (cause: string, error: DomainError) => void;
}

/** An operation's state with the ids of the events that recorded it. */
export interface OperationRecord {
  state: RecordedOperationState;
  /** The event id of each stream version: the state points at evidence by version. */
  eventIds: ReadonlyMap<number, string>;
  /** When the store recorded the registration. */
  registeredAt: string;
}

/** Folds an operation's recorded events; undefined when they hold no registration. */
export function operationRecordOf(events: readonly RecordedOperationEvent[]): OperationRecord | undefined {
  const ordered = [...events].sort((a, b) => a.version - b.version);
  const state = ordered.reduce((s, e) => operationDecider.evolve(s, e.event), operationDecider.initialState);
  if (state.status === 'absent') return undefined;
  // The state numbers events as it folds them, from 1; so does the store.
  const eventIds = new Map(ordered.map((e, index) => [index + 1, e.eventId]));
  const registration = ordered.find((e) => e.event.type === 'OperationRegistered')!;
  return { state, eventIds, registeredAt: registration.recordedAt };
}

const instant = (timestamp: string): number => Date.parse(timestamp);

function alert(
  record: OperationRecord,
  ground: AlertGround,
  level: AlertLevel,
  cause: string,
  evidenceVersions: readonly number[],
  message: string,
): AlertFact {
  const { state, eventIds } = record;
  return {
    alertId: `op:${state.id}:g${ground}:${cause}`,
    ground,
    level,
    department: state.department,
    subject: { kind: 'operation', id: state.id },
    cause,
    evidence: [...new Set(evidenceVersions)].map((version) => eventIds.get(version)!),
    message,
  };
}

/** The registration and every extension: what the deadlines in force rest on. */
function deadlineEvidence(state: RecordedOperationState): number[] {
  return [state.registration.version, ...state.extensions.map((e) => e.version)];
}

/* Ground 1: exercising power outside the rules. */

function powerNotInForce(record: OperationRecord): AlertFact[] {
  const { registration } = record.state;
  const { power } = registration;
  if (power.inForce) return [];
  // To the registering department, another department's classified power is told apart from no power at all by
  // nothing (the alert is theirs to read): the operation itself keeps the true reason for the supervising roles.
  const reason =
    power.classified === true && power.notInForceReason === 'other-department'
      ? 'not-in-catalogue'
      : power.notInForceReason;
  const zh = reason ? POWER_NOT_IN_FORCE_REASON_LABELS[reason] : '原因未说明';
  return [
    alert(
      record,
      1,
      'red',
      'power-not-in-force',
      [registration.version],
      `职权${power.code}在受理日${registration.acceptedOn}对${registration.department}不在有效期内（${zh}）` +
        ` / Power ${power.code} was not in force for ${registration.department} on ${registration.acceptedOn}` +
        ` (${reason ?? 'no reason given'})`,
    ),
  ];
}

/**
 * Late when more than the allowed working days d with acceptedOn < d ≤ the Asia/Shanghai date of recording. The
 * working days of the known years decide whenever they alone exceed the limit (a backdated acceptance in a year no
 * calendar covers is late all the same); otherwise unknown years in between leave it undecided (CALENDAR_YEAR_UNKNOWN).
 */
function lateRegistration(record: OperationRecord, context: Required<OperationDetectorContext>): AlertFact[] {
  const { registration } = record.state;
  const limit = context.settings.lateRegistrationWorkingDays;
  const registeredOn = shanghaiDate(record.registeredAt);
  const { days: late, unknownYears } = knownWorkingDaysBetween(registration.acceptedOn, registeredOn, context.calendar);
  if (late <= limit && unknownYears.length > 0) throw calendarYearUnknown(unknownYears[0]);
  if (late <= limit) return [];
  return [
    alert(
      record,
      1,
      'yellow',
      'late-registration',
      [registration.version],
      `受理后第${late}个工作日才登记（应在${limit}个工作日内）` +
        ` / Registered ${late} working days after acceptance (limit ${limit})`,
    ),
  ];
}

/**
 * Working days d with claimedOn < d ≤ recordedOn, or 0 when the calendar days between them are within `limit`: those
 * cannot hold more working days, and most records are made the day they claim, so the calendar is rarely read.
 */
function workingDaysLate(claimedAt: string, recordedAt: string, limit: number, calendar: WorkingCalendar): number {
  const claimedOn = shanghaiDate(claimedAt);
  const recordedOn = shanghaiDate(recordedAt);
  if (addCalendarDays(claimedOn, limit) >= recordedOn) return 0;
  return calendar.workingDaysBetween(claimedOn, recordedOn);
}

/**
 * A step, decision or completion recorded more than the allowed working days after the date it claims: like a late
 * registration, the record was not kept as the matter went (ground 1, yellow), one alert per late record.
 */
function lateRecords(record: OperationRecord, context: Required<OperationDetectorContext>): AlertFact[] {
  const { state } = record;
  const limit = context.settings.lateRecordWorkingDays;
  const facts: { version: number; at: string; recordedAt: string; zh: string; en: string }[] = [
    ...state.steps.map((s) => ({ ...s, zh: `"${OPERATION_STEP_KIND_LABELS[s.kind]}"环节`, en: `The ${s.kind} step` })),
    ...(state.decision ? [{ ...state.decision, zh: '决定', en: 'The decision' }] : []),
    ...(state.status === 'completed' ? [{ ...state.completion, zh: '办结', en: 'The completion' }] : []),
  ];
  return facts.flatMap((fact) => {
    const late = workingDaysLate(fact.at, fact.recordedAt, limit, context.calendar);
    if (late <= limit) return [];
    const claimedOn = shanghaiDate(fact.at);
    return [
      alert(
        record,
        1,
        'yellow',
        `late-record:v${fact.version}`,
        [fact.version],
        `${fact.zh}称发生于${claimedOn}，第${late}个工作日后才登记（应在${limit}个工作日内）` +
          ` / ${fact.en} claimed for ${claimedOn} was recorded ${late} working days later (limit ${limit})`,
      ),
    ];
  });
}

/**
 * A penalty needs a notice of rights, and a major one a collective discussion, before the decision: recorded
 * before it (a lower stream version) and claimed at or before its time. A step recorded after the decision does not
 * count, whatever time it claims; it is cited as evidence of the attempt.
 */
function missingPenaltySteps(record: OperationRecord, context: Required<OperationDetectorContext>): AlertFact[] {
  const { decision, steps } = record.state;
  if (decision?.outcome !== 'penalty' || !decision.penalty) return [];
  const ofKind = (kind: string) => steps.filter((s) => s.kind === kind);
  const prior = (kind: string) =>
    ofKind(kind).some((s) => s.version < decision.version && instant(s.at) <= instant(decision.at));
  const recordedAfter = (kind: string) =>
    ofKind(kind)
      .filter((s) => s.version > decision.version)
      .map((s) => s.version);
  const alerts: AlertFact[] = [];
  if (!prior('notice-of-rights')) {
    const later = recordedAfter('notice-of-rights');
    alerts.push(
      alert(
        record,
        1,
        'red',
        'penalty-without-notice-of-rights',
        [decision.version, ...later],
        '作出处罚决定前未告知当事人陈述、申辩等权利' +
          (later.length > 0 ? '（告知在决定之后才登记）' : '') +
          ' / Penalty decided without a prior notice of rights' +
          (later.length > 0 ? ' (the notice was recorded after the decision)' : ''),
      ),
    );
  }
  const { amount, major } = decision.penalty;
  if ((major === true || amount >= context.settings.majorPenaltyAmount) && !prior('collective-discussion')) {
    alerts.push(
      alert(
        record,
        1,
        'red',
        'major-penalty-without-collective-discussion',
        [decision.version, ...recordedAfter('collective-discussion')],
        `重大行政处罚（${amount}元）未经集体讨论 / Major penalty (${amount} yuan) decided without a collective discussion`,
      ),
    );
  }
  return alerts;
}

/* Ground 5: the discretion standard of the power as in force on the acceptance date. */

function discretionNotApplied(record: OperationRecord): AlertFact[] {
  const { decision, registration } = record.state;
  const { power } = registration;
  if (!power.inForce || decision?.outcome !== 'penalty' || !decision.penalty) return [];
  // A penalty power that declares no bands at all is one alert on the power (its standard is not published), raised
  // by the power's detector, not one per penalty decided on it.
  if (!power.discretion?.length) return [];
  const { amount, band: level } = decision.penalty;
  const evidence = [decision.version, registration.version];
  const band = power.discretion.find((b) => b.level === level);
  if (!band) {
    return [
      alert(
        record,
        5,
        'red',
        'penalty-band-not-declared',
        evidence,
        `处罚适用的裁量档次"${DISCRETION_LEVEL_LABELS[level]}"未在职权${power.code}的裁量基准中规定` +
          ` / Discretion band ${level} is not declared by power ${power.code}`,
      ),
    ];
  }
  if (amount >= band.min && amount <= band.max) return [];
  return [
    alert(
      record,
      5,
      'red',
      'penalty-outside-band',
      evidence,
      `处罚金额${amount}元超出"${DISCRETION_LEVEL_LABELS[level]}"档${band.min}至${band.max}元` +
        ` / Penalty of ${amount} yuan outside the ${level} band [${band.min}, ${band.max}]`,
    ),
  ];
}

/* Ground 6: licensing conditions beyond the published ones (擅自增设许可条件). */

function conditionsNotPublished(record: OperationRecord): AlertFact[] {
  const { decision, registration } = record.state;
  const { power } = registration;
  if (!power.inForce || !decision?.conditionsApplied?.length) return [];
  const published = new Set((power.licensingConditions ?? []).map((c) => c.trim()));
  const added = decision.conditionsApplied.filter((c) => !published.has(c.trim()));
  if (added.length === 0) return [];
  return [
    alert(
      record,
      6,
      'red',
      'conditions-not-published',
      [decision.version, registration.version],
      `适用了职权${power.code}未公布的许可条件：${added.join('；')}` +
        ` / Licensing conditions not published for power ${power.code}: ${added.join('; ')}`,
    ),
  ];
}

/*
 * Deadlines. The committed time limit is ground 7 for a licensing matter (行政许可事项未按承诺时限办结) and ground 10
 * (other) for every other category; the legal time limit, for any category, is ground 1: acting outside the legal
 * procedure.
 */

/** The ground of a committed-deadline card: 7 for licensing matters only. */
function committedGround(state: RecordedOperationState): AlertGround {
  return state.registration.power.category === 'licensing' ? 7 : 10;
}

function committedDeadlinePassed(record: OperationRecord, evidence: number[], completed: boolean): AlertFact {
  const committed = deadlineDate(record.state.deadlines!.committed);
  return alert(
    record,
    committedGround(record.state),
    'red',
    'committed-deadline-passed',
    evidence,
    completed
      ? `办结时间晚于承诺办结期限${committed} / Completed after the committed deadline ${committed}`
      : `超过承诺办结期限${committed}仍未办结 / Not completed by the committed deadline ${committed}`,
  );
}

function legalDeadlinePassed(record: OperationRecord, evidence: number[], completed: boolean): AlertFact {
  const legal = deadlineDate(record.state.deadlines!.legal);
  return alert(
    record,
    1,
    'red',
    'legal-deadline-passed',
    evidence,
    completed
      ? `办结时间晚于法定期限${legal}，超出法定程序 / Completed after the legal deadline ${legal}`
      : `超过法定期限${legal}仍未办结，超出法定程序 / Not completed by the legal deadline ${legal}`,
  );
}

function completedLate(record: OperationRecord): AlertFact[] {
  const { state } = record;
  if (state.status !== 'completed' || state.deadlines === null) return [];
  const evidence = [...deadlineEvidence(state), state.completion.version];
  const at = instant(state.completion.at);
  return [
    ...(at > instant(state.deadlines.committed) ? [committedDeadlinePassed(record, evidence, true)] : []),
    ...(at > instant(state.deadlines.legal) ? [legalDeadlinePassed(record, evidence, true)] : []),
  ];
}

/* Pauses: a special procedure that stops the clock for longer than allowed (ground 10, yellow). */

/** One pause, from its step to the resumption that ended it; `resumedAt` null while it lasts. */
export interface OperationPauseSpan {
  kind: PauseKind;
  pausedAt: string;
  resumedAt: string | null;
  pauseVersion: number;
  resumeVersion: number | null;
}

/** Every pause among an operation's steps, in recording order; pauses recorded before kinds existed count as other. */
export function pauseSpans(steps: readonly OperationStep[]): OperationPauseSpan[] {
  const spans: OperationPauseSpan[] = [];
  let open: OperationPauseSpan | undefined;
  for (const step of steps) {
    if (step.kind === 'pause' && open === undefined) {
      open = {
        kind: step.pauseKind ?? 'other',
        pausedAt: step.at,
        resumedAt: null,
        pauseVersion: step.version,
        resumeVersion: null,
      };
      spans.push(open);
    } else if (step.kind === 'resume' && open !== undefined) {
      open.resumedAt = step.at;
      open.resumeVersion = step.version;
      open = undefined;
    }
  }
  return spans;
}

/** Working days d with pausedOn < d ≤ the resumption's date, or `today` while the pause lasts. */
function pausedWorkingDays(span: OperationPauseSpan, today: string, calendar: WorkingCalendar): number {
  const end = span.resumedAt === null ? today : shanghaiDate(span.resumedAt);
  return calendar.workingDaysBetween(shanghaiDate(span.pausedAt), end);
}

/**
 * The working days paused so far per kind of special procedure, each pause counted as `pausedWorkingDays` (one still
 * under way up to `today`, an Asia/Shanghai date); kinds never used are absent.
 */
export function pausedWorkingDaysByKind(
  steps: readonly OperationStep[],
  today: string,
  calendar: WorkingCalendar,
): Partial<Record<PauseKind, number>> {
  const totals: Partial<Record<PauseKind, number>> = {};
  for (const span of pauseSpans(steps)) {
    totals[span.kind] = (totals[span.kind] ?? 0) + pausedWorkingDays(span, today, calendar);
  }
  return totals;
}

/** With `today`, the pause under way only (time-driven); without, the pauses that ended (event-driven). */
function longPauses(
  record: OperationRecord,
  today: string | null,
  context: Required<OperationDetectorContext>,
): AlertFact[] {
  const limit = context.settings.longPauseWorkingDays;
  const spans = pauseSpans(record.state.steps).filter((span) => (span.resumedAt === null) === (today !== null));
  return spans.flatMap((span) => {
    // Fewer calendar days than the limit cannot hold more working days: no calendar needed.
    const end = span.resumedAt === null ? today! : shanghaiDate(span.resumedAt);
    if (addCalendarDays(shanghaiDate(span.pausedAt), limit) >= end) return [];
    const days = pausedWorkingDays(span, end, context.calendar);
    if (days <= limit) return [];
    const zh = PAUSE_KIND_LABELS[span.kind];
    return [
      alert(
        record,
        10,
        'yellow',
        `long-pause:v${span.pauseVersion}`,
        span.resumeVersion === null ? [span.pauseVersion] : [span.pauseVersion, span.resumeVersion],
        `"${zh}"中止计时${span.resumedAt === null ? '已' : ''}达${days}个工作日（超过${limit}个工作日）` +
          ` / The ${span.kind} pause ${span.resumedAt === null ? 'has lasted' : 'lasted'} ${days} working days` +
          ` (more than ${limit})`,
      ),
    ];
  });
}

function withDefaults(context: OperationDetectorContext): Required<OperationDetectorContext> {
  return {
    calendar: context.calendar,
    settings: { ...DEFAULT_OPERATION_ALERT_SETTINGS, ...context.settings },
    onUndecided: context.onUndecided ?? (() => undefined),
  };
}

/**
 * A rule whose count reaches an unknown calendar year raises nothing and says so (onUndecided); the rules that need
 * no calendar, or only known years, still decide.
 */
function decidable(cause: string, context: Required<OperationDetectorContext>, rule: () => AlertFact[]): AlertFact[] {
  try {
    return rule();
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== CalendarErrorCode.yearUnknown) throw error;
    context.onUndecided(cause, error);
    return [];
  }
}

/**
 * Alerts the recorded events prove by themselves, whatever the time: grounds 1, 5 and 6, the deadline cards of a late
 * completion and long pauses that ended.
 */
export function eventDrivenOperationAlerts(record: OperationRecord, context: OperationDetectorContext): AlertFact[] {
  const full = withDefaults(context);
  return [
    ...powerNotInForce(record),
    ...decidable('late-registration', full, () => lateRegistration(record, full)),
    ...decidable('late-record', full, () => lateRecords(record, full)),
    ...missingPenaltySteps(record, full),
    ...discretionNotApplied(record),
    ...conditionsNotPublished(record),
    ...completedLate(record),
    ...decidable('long-pause', full, () => longPauses(record, null, full)),
  ];
}

/**
 * The deadline cards as time passes, for an operation not completed (电子监察 红黄牌), on the committed deadline under
 * ground 7 (licensing) or 10 (other categories) and on the legal deadline under ground 1:
 * - red once `now` is after the committed deadline (its last millisecond, Asia/Shanghai);
 * - otherwise yellow once at most T days remain after today up to the deadline date, T = max(1, ⌈yellowFraction ×
 *   committedDays⌉) in the unit of the limit: with 5 committed working days and a deadline on Tuesday, from Monday;
 * - ground 1 red once `now` is after the legal deadline.
 * A paused operation's clock does not run: it is judged as at the instant it was paused, so it turns neither yellow
 * nor red while paused unless it already was when paused; but a pause that lasts longer than allowed turns yellow
 * (ground 10). Without deadlines (power not in force) nothing is due but that.
 */
export function dueOperationAlerts(
  record: OperationRecord,
  now: string,
  context: OperationDetectorContext,
): AlertFact[] {
  const { state } = record;
  if (state.status === 'completed') return [];
  const full = withDefaults(context);
  const { settings, calendar } = full;
  const pauses =
    state.status === 'paused' ? decidable('long-pause', full, () => longPauses(record, shanghaiDate(now), full)) : [];
  if (state.deadlines === null || state.registration.timeLimit === null) return pauses;
  const at = state.status === 'paused' ? Math.min(instant(now), instant(state.pause.at)) : instant(now);
  const evidence = deadlineEvidence(state);
  const legal = at > instant(state.deadlines.legal) ? [legalDeadlinePassed(record, evidence, false)] : [];
  if (at > instant(state.deadlines.committed)) {
    return [...pauses, committedDeadlinePassed(record, evidence, false), ...legal];
  }

  const { committedDays, unit } = state.registration.timeLimit;
  const committed = deadlineDate(state.deadlines.committed);
  const today = shanghaiDate(new Date(at).toISOString());
  const remaining = limitDaysBetween(today, committed, unit, calendar);
  if (remaining > yellowThresholdDays(committedDays, settings.yellowFraction)) return [...pauses, ...legal];
  return [
    ...pauses,
    alert(
      record,
      committedGround(state),
      'yellow',
      'committed-deadline-near',
      evidence,
      `临近承诺办结期限${committed} / The committed deadline ${committed} is near`,
    ),
    ...legal,
  ];
}

/**
 * The start of the first day on which a pause begun at `pausedAt` has lasted more than `limit` working days. When the
 * calendar does not reach that far yet, the earliest day it could be (as many calendar days), so that a pause never
 * keeps the operation's other alerts from being detected.
 */
function longPauseFrom(pausedAt: string, limit: number, calendar: WorkingCalendar): string {
  const pausedOn = shanghaiDate(pausedAt);
  try {
    return startOfShanghaiDay(calendar.addWorkingDays(pausedOn, limit + 1));
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== CalendarErrorCode.yearUnknown) throw error;
    return startOfShanghaiDay(addCalendarDays(pausedOn, limit + 1));
  }
}

/**
 * The next instant after `now` at which `dueOperationAlerts` could answer differently without a new event: for an
 * open operation the start of the first yellow day, the first instant after the committed deadline and the first
 * after the legal one; for a paused one the start of the day its pause becomes too long. Null when nothing more can
 * become due by time alone: completed, or no deadlines and no pause.
 */
export function nextOperationCheckAt(
  record: OperationRecord,
  now: string,
  context: OperationDetectorContext,
): string | null {
  const { state } = record;
  const { settings, calendar } = withDefaults(context);
  const moments: string[] = [];
  if (state.status === 'paused') moments.push(longPauseFrom(state.pause.at, settings.longPauseWorkingDays, calendar));
  if (state.status === 'open' && state.deadlines !== null && state.registration.timeLimit !== null) {
    const { committedDays, unit } = state.registration.timeLimit;
    const threshold = yellowThresholdDays(committedDays, settings.yellowFraction);
    moments.push(
      startOfShanghaiDay(yellowFromDate(state.deadlines.committed, threshold, unit, calendar)),
      startOfShanghaiDay(addCalendarDays(deadlineDate(state.deadlines.committed), 1)),
      startOfShanghaiDay(addCalendarDays(deadlineDate(state.deadlines.legal), 1)),
    );
  }
  return moments.filter((moment) => instant(moment) > instant(now)).sort((a, b) => instant(a) - instant(b))[0] ?? null;
}

/** Every alert due at `now` for one operation: the event-driven ones and the time-driven ones. */
export function detectOperationAlerts(
  events: readonly RecordedOperationEvent[],
  now: string,
  context: OperationDetectorContext,
): AlertFact[] {
  const record = operationRecordOf(events);
  if (!record) return [];
  return [...eventDrivenOperationAlerts(record, context), ...dueOperationAlerts(record, now, context)];
}
