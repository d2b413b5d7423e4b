import { calendarYearUnknown, CalendarErrorCode } from '../calendar/calendar.errors';
import { WorkingCalendar } from '../calendar/working-calendar';
import { DomainError } from '../shared/domain-error';
import { AlertFact, AlertGround, AlertLevel } from '../alert/alert.types';
import { DISCRETION_LEVEL_LABELS } from '../power/power.types';
import { shanghaiDate } from '../power/power.validation';
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
import { RecordedOperationState } from './operation.state';
import { POWER_NOT_IN_FORCE_REASON_LABELS } from './operation.types';

/**
 * Detectors of the grounds of accountability an operation's events can prove (DOMAIN.md, "Accountability": 1, 5,
 * 6 and 7). Pure functions of the recorded events, the settings, the calendar and `now`; each alert's id is derived
 * from its cause (`op:<operationId>:g<ground>:<cause>`), so running a detector again raises nothing new.
 */

export interface OperationAlertSettings {
  /** Registration later than this many working days after the acceptance date is late (ground 1, yellow). */
  lateRegistrationWorkingDays: number;
  /** A penalty of at least this many yuan is major and needs a collective discussion (ground 1). */
  majorPenaltyAmount: number;
  /** The yellow card comes within this fraction of the committed days before the committed deadline (ground 7). */
  yellowFraction: number;
}

export const DEFAULT_OPERATION_ALERT_SETTINGS: Readonly<OperationAlertSettings> = Object.freeze({
  lateRegistrationWorkingDays: 3,
  majorPenaltyAmount: 50_000,
  yellowFraction: 0.2,
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
  const reason = power.notInForceReason;
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

/** A penalty needs a notice of rights, and a major one a collective discussion, at or before the decision. */
function missingPenaltySteps(record: OperationRecord, context: Required<OperationDetectorContext>): AlertFact[] {
  const { decision, steps } = record.state;
  if (decision?.outcome !== 'penalty' || !decision.penalty) return [];
  const prior = (kind: string) => steps.some((s) => s.kind === kind && instant(s.at) <= instant(decision.at));
  const alerts: AlertFact[] = [];
  if (!prior('notice-of-rights')) {
    alerts.push(
      alert(
        record,
        1,
        'red',
        'penalty-without-notice-of-rights',
        [decision.version],
        '作出处罚决定前未告知当事人陈述、申辩等权利 / Penalty decided without a prior notice of rights',
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
        [decision.version],
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
  const { amount, band: level } = decision.penalty;
  const evidence = [decision.version, registration.version];
  const band = power.discretion?.find((b) => b.level === level);
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

/* Ground 7: not completed within the committed time. */

function committedDeadlinePassed(record: OperationRecord, evidence: number[], completed: boolean): AlertFact {
  const committed = deadlineDate(record.state.deadlines!.committed);
  return alert(
    record,
    7,
    'red',
    'committed-deadline-passed',
    evidence,
    completed
      ? `办结时间晚于承诺办结期限${committed} / Completed after the committed deadline ${committed}`
      : `超过承诺办结期限${committed}仍未办结 / Not completed by the committed deadline ${committed}`,
  );
}

function completedLate(record: OperationRecord): AlertFact[] {
  const { state } = record;
  if (state.status !== 'completed' || state.deadlines === null) return [];
  if (instant(state.completion.at) <= instant(state.deadlines.committed)) return [];
  return [committedDeadlinePassed(record, [...deadlineEvidence(state), state.completion.version], true)];
}

function withDefaults(context: OperationDetectorContext): Required<OperationDetectorContext> {
  return {
    calendar: context.calendar,
    settings: context.settings ?? DEFAULT_OPERATION_ALERT_SETTINGS,
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

/** Alerts the recorded events prove by themselves, whatever the time: grounds 1, 5, 6, and 7 for a late completion. */
export function eventDrivenOperationAlerts(record: OperationRecord, context: OperationDetectorContext): AlertFact[] {
  const full = withDefaults(context);
  return [
    ...powerNotInForce(record),
    ...decidable('late-registration', full, () => lateRegistration(record, full)),
    ...missingPenaltySteps(record, full),
    ...discretionNotApplied(record),
    ...conditionsNotPublished(record),
    ...completedLate(record),
  ];
}

/**
 * Ground 7 as time passes, for an operation not completed (电子监察 红黄牌):
 * - red once `now` is after the committed deadline (its last millisecond, Asia/Shanghai);
 * - otherwise yellow once at most T days remain after today up to the deadline date, T = max(1, ⌈yellowFraction ×
 *   committedDays⌉) in the unit of the limit: with 5 committed working days and a deadline on Tuesday, from Monday.
 * A paused operation's clock does not run: it is judged as at the instant it was paused, so it turns neither yellow
 * nor red while paused unless it already was when paused. Without deadlines (power not in force) nothing is due.
 */
export function dueOperationAlerts(
  record: OperationRecord,
  now: string,
  context: OperationDetectorContext,
): AlertFact[] {
  const { state } = record;
  if (state.status === 'completed' || state.deadlines === null || state.registration.timeLimit === null) return [];
  const { settings, calendar } = withDefaults(context);
  const at = state.status === 'paused' ? Math.min(instant(now), instant(state.pause.at)) : instant(now);
  const evidence = deadlineEvidence(state);
  if (at > instant(state.deadlines.committed)) return [committedDeadlinePassed(record, evidence, false)];

  const { committedDays, unit } = state.registration.timeLimit;
  const committed = deadlineDate(state.deadlines.committed);
  const today = shanghaiDate(new Date(at).toISOString());
  const remaining = limitDaysBetween(today, committed, unit, calendar);
  if (remaining > yellowThresholdDays(committedDays, settings.yellowFraction)) return [];
  return [
    alert(
      record,
      7,
      'yellow',
      'committed-deadline-near',
      evidence,
      `临近承诺办结期限${committed} / The committed deadline ${committed} is near`,
    ),
  ];
}

/**
 * The next instant after `now` at which `dueOperationAlerts` could answer differently without a new event: the start
 * of the first yellow day, then the first instant after the committed deadline. Null when nothing more can become
 * due by time alone: completed, paused (only a resumption restarts the clock, and it is an event) or no deadlines.
 */
export function nextOperationCheckAt(
  record: OperationRecord,
  now: string,
  context: OperationDetectorContext,
): string | null {
  const { state } = record;
  if (state.status !== 'open' || state.deadlines === null || state.registration.timeLimit === null) return null;
  const { settings, calendar } = withDefaults(context);
  const { committedDays, unit } = state.registration.timeLimit;
  const threshold = yellowThresholdDays(committedDays, settings.yellowFraction);
  const yellowFrom = startOfShanghaiDay(yellowFromDate(state.deadlines.committed, threshold, unit, calendar));
  const redFrom = startOfShanghaiDay(addCalendarDays(deadlineDate(state.deadlines.committed), 1));
  return [yellowFrom, redFrom].find((moment) => instant(moment) > instant(now)) ?? null;
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
