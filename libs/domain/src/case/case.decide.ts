import { FieldIssues } from '../shared/field-issues';
import { WorkingCalendar } from '../calendar/working-calendar';
import { Actor, ActorRole } from '../power/power.types';
import { isNonEmptyString, shanghaiDate } from '../shared/values';
import { assertNever, Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import {
  AddCaseNote,
  AddEvidence,
  CaseCommand,
  CloseCase,
  ConcludeInvestigation,
  ConcludeReview,
  DecideDepartment,
  DecidePerson,
  KnownEvents,
  NamePerson,
  NotifyRights,
  OpenCase,
  PublishOutcome,
  RecordStatement,
  ReopenCase,
  RequestReview,
} from './case.commands';
import { caseErrors, CaseValidationCode } from './case.errors';
import { CaseEvent, CaseEvidenceAdded, CaseOpened, CasePersonDecidedData, CaseReopened } from './case.events';
import { CasePerson, CaseState, initialCaseState, PersonDecision, RecordedCase } from './case.state';
import {
  CASE_MEASURES,
  CASE_TIERS,
  CaseDocument,
  CaseEvidenceEvent,
  CaseMeasure,
  CaseTier,
  PERSON_OUTCOMES,
  PersonOutcome,
  TIER_MEASURES,
} from './case.types';

class Issues extends FieldIssues<CaseValidationCode> {
  constructor() {
    super(caseErrors.invalid);
  }

  text(value: unknown, field: string, message = 'must not be empty'): void {
    this.check(isNonEmptyString(value), 'FIELD_REQUIRED', field, message);
  }

  oneOf(value: unknown, allowed: readonly unknown[], field: string): void {
    this.check(allowed.includes(value), 'INVALID_ENUM_VALUE', field, `must be one of ${allowed.join(', ')}`);
  }
}

const instant = (timestamp: string): number => Date.parse(timestamp);

/* Who may act. Investigators run cases; the supervision office may open them; a department answers for its people. */

function authorize(actor: Actor, roles: readonly ActorRole[], act: string): void {
  if (!roles.includes(actor.role)) throw caseErrors.forbiddenRole(actor.role, act);
}

function requireRecorded(state: CaseState, caseId: string): RecordedCase {
  if (state.status === 'absent') throw caseErrors.notFound(caseId);
  return state;
}

function requireOpen(state: CaseState, caseId: string): RecordedCase {
  const recorded = requireRecorded(state, caseId);
  if (recorded.status === 'closed') throw caseErrors.closed(caseId);
  return recorded;
}

function requireConcluded(recorded: RecordedCase): NonNullable<RecordedCase['investigation']> {
  if (recorded.investigation === null) throw caseErrors.notConcluded(recorded.caseId);
  return recorded.investigation;
}

function requirePerson(recorded: RecordedCase, personId: string): CasePerson {
  const person = recorded.persons.find((p) => p.personId === personId);
  if (!person) throw caseErrors.personNotFound(recorded.caseId, personId);
  return person;
}

/** A claimed time is never after its recording, nor before the fact it follows. */
function checkAt(field: string, at: string, recordedAt: string, after?: { at: string; what: string }): void {
  if (instant(at) > instant(recordedAt)) throw caseErrors.atInFuture(field, at, recordedAt);
  if (after !== undefined && instant(at) < instant(after.at)) {
    throw caseErrors.atOutOfOrder(field, at, after.at, after.what);
  }
}

/** The Nth working day after `date`, or null while the calendar does not know the days the count runs through. */
function workingDaysAfter(calendar: WorkingCalendar, date: string, n: number): string | null {
  try {
    return calendar.addWorkingDays(date, n);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'CALENDAR_YEAR_UNKNOWN') return null;
    throw error;
  }
}

/* Evidence: documents by name and SHA-256, events of the log by id. */

interface EvidenceInput {
  documents?: CaseDocument[];
  events?: string[];
  knownEvents: KnownEvents;
}

/** The evidence as recorded: hashes in lowercase, each event with its stream; EVENT_NOT_FOUND for any not in the log. */
function evidenceOf(input: EvidenceInput): { documents: CaseDocument[]; events: CaseEvidenceEvent[] } {
  const eventIds = [...new Set(input.events ?? [])];
  const missing = eventIds.filter((id) => !Object.prototype.hasOwnProperty.call(input.knownEvents, id));
  if (missing.length > 0) throw caseErrors.eventsNotFound(missing);
  return {
    documents: (input.documents ?? []).map(({ name, sha256 }) => ({ name, sha256: sha256.toLowerCase() })),
    events: eventIds.map((eventId) => ({ eventId, streamId: input.knownEvents[eventId] })),
  };
}

/* Decisions: no responsibility, or a tier with measures of that tier alone (第七条). */

interface DecisionTermsInput {
  outcome?: PersonOutcome;
  tier?: CaseTier;
  measures?: CaseMeasure[];
}

function checkDecisionTerms(issues: Issues, input: DecisionTermsInput): void {
  issues.oneOf(input.outcome, PERSON_OUTCOMES, 'outcome');
  if (input.outcome === 'no-responsibility') {
    issues.check(input.tier === undefined, 'INVALID_FIELD', 'tier', 'must be absent when no one is held responsible');
    issues.check(
      input.measures === undefined || (Array.isArray(input.measures) && input.measures.length === 0),
      'INVALID_FIELD',
      'measures',
      'must be absent when no one is held responsible',
    );
    return;
  }
  if (input.outcome !== 'responsible') return;
  issues.oneOf(input.tier, CASE_TIERS, 'tier');
  const measures: unknown = input.measures;
  if (!Array.isArray(measures) || measures.length === 0) {
    issues.add('FIELD_REQUIRED', 'measures', 'must name at least one measure of the tier');
    return;
  }
  measures.forEach((measure, i) => issues.oneOf(measure, CASE_MEASURES, `measures[${i}]`));
  issues.check(new Set(measures).size === measures.length, 'INVALID_FIELD', 'measures', 'must not repeat a measure');
}

/** After the field checks: MEASURE_OUTSIDE_TIER when a measure belongs to another tier (移送司法机关 only if severe). */
function termsOf(input: DecisionTermsInput): { outcome: PersonOutcome; tier?: CaseTier; measures: CaseMeasure[] } {
  if (input.outcome === 'no-responsibility') return { outcome: 'no-responsibility', measures: [] };
  const tier = input.tier!;
  const measures = input.measures!;
  const outside = measures.filter((measure) => !TIER_MEASURES[tier].includes(measure));
  if (outside.length > 0) throw caseErrors.measuresOutsideTier(tier, outside, 'measures');
  return { outcome: 'responsible', tier, measures: [...measures] };
}

/* Opening. */

function open(command: OpenCase, state: CaseState): CaseOpened {
  authorize(command.actor, ['investigator', 'supervisor'], 'open a case');
  // What an origin's kind requires of its id; the rest of the command's shape is the request's (open-case DTO).
  const issues = new Issues();
  command.origins.forEach((origin, i) => {
    if (origin.kind === 'own-initiative') {
      issues.check(origin.id === undefined, 'INVALID_FIELD', `origins[${i}].id`, 'must be absent for own-initiative');
    } else {
      issues.text(origin.id, `origins[${i}].id`, 'must name the alert, finding, complaint or referral');
    }
  });
  issues.throwIfAny();
  if (state.status !== 'absent') throw caseErrors.exists(command.caseId);
  checkAt('openedAt', command.openedAt, command.recordedAt);
  const alertIds = [...new Set(command.origins.filter((o) => o.kind === 'alert').map((o) => o.id!))];
  const known = new Set(command.alerts.map((alert) => alert.alertId));
  const missing = alertIds.filter((id) => !known.has(id));
  if (missing.length > 0) throw caseErrors.alertsNotFound(missing);
  return {
    type: 'CaseOpened',
    data: {
      caseId: command.caseId,
      origins: command.origins.map((o) => (o.id === undefined ? { kind: o.kind } : { kind: o.kind, id: o.id })),
      grounds: [...new Set(command.grounds)].sort((a, b) => a - b),
      departments: [...new Set(command.departments)],
      summary: command.summary,
      openedAt: command.openedAt,
      alertIds,
      rightsPeriodWorkingDays: command.rightsPeriodWorkingDays,
      reviewPeriodWorkingDays: command.reviewPeriodWorkingDays,
      recordedAt: command.recordedAt,
    },
  };
}

/* The investigation. */

function addEvidence(command: AddEvidence, state: CaseState): CaseEvidenceAdded {
  authorize(command.actor, ['investigator'], 'add evidence');
  const recorded = requireOpen(state, command.caseId);
  const issues = new Issues();
  issues.check(
    (command.documents?.length ?? 0) + (command.events?.length ?? 0) > 0,
    'EVIDENCE_REQUIRED',
    'documents',
    'must give at least one document or event',
  );
  issues.throwIfAny();
  return {
    type: 'CaseEvidenceAdded',
    data: {
      caseId: recorded.caseId,
      evidenceId: `E${recorded.evidence.length + 1}`,
      ...(command.description !== undefined ? { description: command.description } : {}),
      ...evidenceOf(command),
      recordedAt: command.recordedAt,
    },
  };
}

function namePerson(command: NamePerson, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'name a person');
  const recorded = requireOpen(state, command.caseId);
  const { name, post, department, responsibility, recordedAt } = command;
  return {
    type: 'CasePersonNamed',
    data: {
      caseId: recorded.caseId,
      personId: `P${recorded.persons.length + 1}`,
      name,
      post,
      department,
      responsibility,
      recordedAt,
    },
  };
}

function conclude(command: ConcludeInvestigation, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'conclude an investigation');
  const recorded = requireOpen(state, command.caseId);
  if (recorded.investigation !== null) throw caseErrors.concluded(recorded.caseId);
  const reopened = recorded.reopenings[recorded.reopenings.length - 1];
  checkAt(
    'concludedAt',
    command.concludedAt,
    command.recordedAt,
    reopened
      ? { at: reopened.reopenedAt, what: 'the reopening' }
      : { at: recorded.opening.openedAt, what: 'the opening' },
  );
  return {
    type: 'CaseInvestigationConcluded',
    data: {
      caseId: recorded.caseId,
      facts: command.facts,
      concludedAt: command.concludedAt,
      recordedAt: command.recordedAt,
    },
  };
}

/* Rights (陈述、申辩) and decisions. */

function notifyRights(command: NotifyRights, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'notify rights');
  const recorded = requireOpen(state, command.caseId);
  const person = requirePerson(recorded, command.personId);
  const investigation = requireConcluded(recorded);
  if (person.decision !== null) throw caseErrors.decisionExists(person.personId);
  checkAt('servedAt', command.servedAt, command.recordedAt, {
    at: investigation.concludedAt,
    what: 'the conclusion of the investigation',
  });
  const servedOn = shanghaiDate(command.servedAt);
  const periodWorkingDays = recorded.opening.rightsPeriodWorkingDays;
  return {
    type: 'CaseRightsNotified',
    data: {
      caseId: recorded.caseId,
      personId: person.personId,
      servedAt: command.servedAt,
      servedOn,
      periodWorkingDays,
      answerBy: workingDaysAfter(command.calendar, servedOn, periodWorkingDays),
      recordedAt: command.recordedAt,
    },
  };
}

function recordStatement(command: RecordStatement, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator', 'department'], 'record a statement');
  const recorded = requireOpen(state, command.caseId);
  const person = requirePerson(recorded, command.personId);
  if (command.actor.role === 'department' && command.actor.department !== person.department) {
    throw caseErrors.forbiddenDepartment(command.actor.department, person.department);
  }
  if (person.notice === null) throw caseErrors.rightsNotNotified(person.personId);
  checkAt('receivedAt', command.receivedAt, command.recordedAt, {
    at: person.notice.servedAt,
    what: 'the notice of rights',
  });
  const { kind, text, receivedAt, recordedAt } = command;
  return {
    type: 'CaseStatementRecorded',
    data: { caseId: recorded.caseId, personId: person.personId, kind, text, receivedAt, recordedAt },
  };
}

/**
 * No decision before the investigation is concluded, nor before the person was heard: their statement is in, or the
 * rights period has run (the decision's date is after its last day).
 */
function rightsHeard(person: CasePerson, decidedAt: string, calendar: WorkingCalendar) {
  const notice = person.notice;
  if (notice === null) throw caseErrors.rightsNotNotified(person.personId);
  const answerBy = notice.answerBy ?? workingDaysAfter(calendar, notice.servedOn, notice.periodWorkingDays);
  const statementIn = person.statements.some((s) => instant(s.receivedAt) <= instant(decidedAt));
  if (!statementIn) {
    if (answerBy === null) throw caseErrors.rightsPeriodUnknown(person.personId);
    const decidedOn = shanghaiDate(decidedAt);
    if (decidedOn <= answerBy) throw caseErrors.rightsPeriodRunning(person.personId, answerBy, decidedOn);
  }
  return { statementIn, answerBy };
}

function decidePerson(command: DecidePerson, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'decide');
  const recorded = requireOpen(state, command.caseId);
  const issues = new Issues();
  checkDecisionTerms(issues, command);
  issues.throwIfAny();
  const person = requirePerson(recorded, command.personId);
  const investigation = requireConcluded(recorded);
  if (person.decision !== null) throw caseErrors.decisionExists(person.personId);
  checkAt('decidedAt', command.decidedAt, command.recordedAt, {
    at: person.notice?.servedAt ?? investigation.concludedAt,
    what: person.notice ? 'the notice of rights' : 'the conclusion of the investigation',
  });
  const heard = rightsHeard(person, command.decidedAt, command.calendar);
  const data: CasePersonDecidedData = {
    caseId: recorded.caseId,
    personId: person.personId,
    ...termsOf(command),
    reasoning: command.reasoning,
    decidedAt: command.decidedAt,
    rightsHeard: heard,
    recordedAt: command.recordedAt,
  };
  return { type: 'CasePersonDecided', data };
}

function decideDepartment(command: DecideDepartment, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'decide');
  const recorded = requireOpen(state, command.caseId);
  const issues = new Issues();
  if (command.measures.length === 0) {
    issues.add(
      'FIELD_REQUIRED',
      'measures',
      'must name 绩效扣分 (performance-deduction) or 通报批评 (circulated-criticism)',
    );
  }
  if (command.points !== undefined) {
    issues.check(
      typeof command.points === 'number' && Number.isFinite(command.points) && command.points > 0,
      'INVALID_FIELD',
      'points',
      'must be a positive number',
    );
  }
  issues.throwIfAny();
  const investigation = requireConcluded(recorded);
  if (!recorded.departments.includes(command.department)) throw caseErrors.departmentNotConcerned(command.department);
  if (recorded.departmentDecisions.some((d) => d.department === command.department)) {
    throw caseErrors.departmentDecisionExists(command.department);
  }
  checkAt('decidedAt', command.decidedAt, command.recordedAt, {
    at: investigation.concludedAt,
    what: 'the conclusion of the investigation',
  });
  return {
    type: 'CaseDepartmentDecided',
    data: {
      caseId: recorded.caseId,
      department: command.department,
      measures: [...new Set(command.measures)],
      ...(command.points !== undefined ? { points: command.points } : {}),
      reasoning: command.reasoning,
      decidedAt: command.decidedAt,
      recordedAt: command.recordedAt,
    },
  };
}

/* Review 复核/复议 and appeal 申诉. */

const pendingReview = (person: CasePerson) => {
  const last = person.reviews[person.reviews.length - 1];
  return last !== undefined && last.conclusion === undefined ? last : undefined;
};

function requestReview(command: RequestReview, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'record a request for review');
  const recorded = requireOpen(state, command.caseId);
  const person = requirePerson(recorded, command.personId);
  const decision = person.decision;
  if (decision === null) throw caseErrors.notDecided(person.personId);
  if (pendingReview(person)) throw caseErrors.reviewPending([person.personId]);
  checkAt('requestedAt', command.requestedAt, command.recordedAt, { at: decision.decidedAt, what: 'the decision' });
  const periodWorkingDays = recorded.opening.reviewPeriodWorkingDays;
  const requestBy = workingDaysAfter(command.calendar, shanghaiDate(decision.decidedAt), periodWorkingDays);
  const requestedOn = shanghaiDate(command.requestedAt);
  if (requestBy !== null && requestedOn > requestBy) {
    throw caseErrors.reviewPeriodExpired(person.personId, requestBy, requestedOn);
  }
  const { kind, reason, requestedAt, recordedAt } = command;
  return {
    type: 'CaseReviewRequested',
    data: {
      caseId: recorded.caseId,
      personId: person.personId,
      kind,
      reason,
      requestedAt,
      periodWorkingDays,
      requestBy,
      recordedAt,
    },
  };
}

function concludeReview(command: ConcludeReview, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'conclude a review');
  const recorded = requireOpen(state, command.caseId);
  const issues = new Issues();
  if (command.result === 'modified') {
    checkDecisionTerms(issues, command);
  } else {
    for (const field of ['outcome', 'tier', 'measures'] as const) {
      issues.check(command[field] === undefined, 'INVALID_FIELD', field, 'is only given when the result is modified');
    }
  }
  issues.throwIfAny();
  const person = requirePerson(recorded, command.personId);
  const review = pendingReview(person);
  if (!review) throw caseErrors.noReviewPending(person.personId);
  checkAt('concludedAt', command.concludedAt, command.recordedAt, { at: review.requestedAt, what: 'the request' });
  const terms = command.result === 'modified' ? termsOf(command) : {};
  return {
    type: 'CaseReviewConcluded',
    data: {
      caseId: recorded.caseId,
      personId: person.personId,
      kind: review.kind,
      result: command.result,
      ...terms,
      reasoning: command.reasoning,
      concludedAt: command.concludedAt,
      recordedAt: command.recordedAt,
    },
  };
}

function addNote(command: AddCaseNote, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'add a note');
  const recorded = requireOpen(state, command.caseId);
  return {
    type: 'CaseNoteAdded',
    data: { caseId: recorded.caseId, text: command.text, recordedAt: command.recordedAt },
  };
}

/* Closure and reopening. */

function close(command: CloseCase, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'close a case');
  const recorded = requireOpen(state, command.caseId);
  const investigation = requireConcluded(recorded);
  const undecided = recorded.persons.filter((p) => p.decision === null).map((p) => p.personId);
  if (undecided.length > 0) throw caseErrors.personsUndecided(undecided);
  const pending = recorded.persons.filter((p) => pendingReview(p) !== undefined).map((p) => p.personId);
  if (pending.length > 0) throw caseErrors.reviewPending(pending);
  checkAt('closedAt', command.closedAt, command.recordedAt, {
    at: investigation.concludedAt,
    what: 'the conclusion of the investigation',
  });
  return {
    type: 'CaseClosed',
    data: {
      caseId: recorded.caseId,
      summary: command.summary,
      closedAt: command.closedAt,
      alertIds: [...recorded.opening.alertIds],
      recordedAt: command.recordedAt,
    },
  };
}

function reopen(command: ReopenCase, state: CaseState): CaseReopened {
  authorize(command.actor, ['investigator'], 'reopen a case');
  const recorded = requireRecorded(state, command.caseId);
  const issues = new Issues();
  issues.check(
    (command.documents?.length ?? 0) + (command.events?.length ?? 0) > 0,
    'EVIDENCE_REQUIRED',
    'documents',
    'a case is reopened on new evidence: give at least one document or event',
  );
  issues.throwIfAny();
  if (recorded.status !== 'closed' || recorded.closure === null) throw caseErrors.notClosed(recorded.caseId);
  checkAt('reopenedAt', command.reopenedAt, command.recordedAt, { at: recorded.closure.closedAt, what: 'the closure' });
  return {
    type: 'CaseReopened',
    data: {
      caseId: recorded.caseId,
      reason: command.reason,
      reopenedAt: command.reopenedAt,
      evidenceId: `E${recorded.evidence.length + 1}`,
      ...evidenceOf(command),
      recordedAt: command.recordedAt,
    },
  };
}

function publish(command: PublishOutcome, state: CaseState): CaseEvent {
  authorize(command.actor, ['investigator'], 'publish an outcome');
  const recorded = requireRecorded(state, command.caseId);
  if (recorded.status !== 'closed' || recorded.closure === null) throw caseErrors.notClosed(recorded.caseId);
  const closedOn = shanghaiDate(recorded.closure.closedAt);
  if (command.publishedOn > shanghaiDate(command.recordedAt)) {
    throw caseErrors.atInFuture('publishedOn', command.publishedOn, command.recordedAt);
  }
  if (command.publishedOn < closedOn) {
    throw caseErrors.atOutOfOrder('publishedOn', command.publishedOn, closedOn, 'the closure');
  }
  const { channel, publishedOn, recordedAt } = command;
  return { type: 'CaseOutcomePublished', data: { caseId: recorded.caseId, channel, publishedOn, recordedAt } };
}

export function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  switch (command.type) {
    case 'OpenCase':
      return [open(command, state)];
    case 'AddEvidence':
      return [addEvidence(command, state)];
    case 'NamePerson':
      return [namePerson(command, state)];
    case 'ConcludeInvestigation':
      return [conclude(command, state)];
    case 'NotifyRights':
      return [notifyRights(command, state)];
    case 'RecordStatement':
      return [recordStatement(command, state)];
    case 'DecidePerson':
      return [decidePerson(command, state)];
    case 'DecideDepartment':
      return [decideDepartment(command, state)];
    case 'RequestReview':
      return [requestReview(command, state)];
    case 'ConcludeReview':
      return [concludeReview(command, state)];
    case 'AddCaseNote':
      return [addNote(command, state)];
    case 'CloseCase':
      return [close(command, state)];
    case 'ReopenCase':
      return [reopen(command, state)];
    case 'PublishOutcome':
      return [publish(command, state)];
    default:
      return assertNever(command, 'case command');
  }
}

/* Folding. */

function withPerson(state: RecordedCase, personId: string, change: (person: CasePerson) => CasePerson): CasePerson[] {
  return state.persons.map((person) => (person.personId === personId ? change(person) : person));
}

function reviewed(person: CasePerson, data: Extract<CaseEvent, { type: 'CaseReviewConcluded' }>['data']) {
  const { caseId: _caseId, personId: _personId, kind: _kind, ...conclusion } = data;
  const reviews = person.reviews.map((review, i) =>
    i === person.reviews.length - 1 && review.conclusion === undefined ? { ...review, conclusion } : review,
  );
  const previous = person.decision!;
  const base = { reasoning: data.reasoning, decidedAt: data.concludedAt, by: data.result };
  const decision: PersonDecision =
    data.result === 'upheld'
      ? { ...previous, ...base }
      : data.result === 'revoked'
        ? { outcome: 'revoked', measures: [], ...base }
        : {
            outcome: data.outcome!,
            ...(data.tier !== undefined ? { tier: data.tier } : {}),
            measures: data.measures ?? [],
            ...base,
          };
  return { ...person, reviews, decision };
}

/** Total: an event that cannot follow the state changes nothing but the version count. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (state.status === 'absent') {
    if (event.type !== 'CaseOpened') return state;
    return {
      status: 'investigating',
      caseId: event.data.caseId,
      opening: event.data,
      departments: [...event.data.departments],
      evidence: [],
      persons: [],
      investigation: null,
      departmentDecisions: [],
      notes: [],
      closure: null,
      reopenings: [],
      publication: null,
      version: 1,
    };
  }
  const version = state.version + 1;
  switch (event.type) {
    case 'CaseOpened':
      return { ...state, version };
    case 'CaseEvidenceAdded': {
      const { caseId: _caseId, ...evidence } = event.data;
      return { ...state, evidence: [...state.evidence, evidence], version };
    }
    case 'CasePersonNamed': {
      const { caseId: _caseId, ...named } = event.data;
      const person: CasePerson = { ...named, notice: null, statements: [], decision: null, reviews: [] };
      const departments = state.departments.includes(named.department)
        ? state.departments
        : [...state.departments, named.department];
      return { ...state, departments, persons: [...state.persons, person], version };
    }
    case 'CaseInvestigationConcluded': {
      const { caseId: _caseId, ...investigation } = event.data;
      return { ...state, status: 'concluded', investigation, version };
    }
    case 'CaseRightsNotified': {
      const { caseId: _caseId, personId, ...notice } = event.data;
      return { ...state, persons: withPerson(state, personId, (p) => ({ ...p, notice })), version };
    }
    case 'CaseStatementRecorded': {
      const { caseId: _caseId, personId, ...statement } = event.data;
      const persons = withPerson(state, personId, (p) => ({ ...p, statements: [...p.statements, statement] }));
      return { ...state, persons, version };
    }
    case 'CasePersonDecided': {
      const { outcome, tier, measures, reasoning, decidedAt } = event.data;
      const decision: PersonDecision = {
        outcome,
        ...(tier !== undefined ? { tier } : {}),
        measures,
        reasoning,
        decidedAt,
        by: 'decision',
      };
      return { ...state, persons: withPerson(state, event.data.personId, (p) => ({ ...p, decision })), version };
    }
    case 'CaseDepartmentDecided': {
      const { caseId: _caseId, ...decision } = event.data;
      return { ...state, departmentDecisions: [...state.departmentDecisions, decision], version };
    }
    case 'CaseReviewRequested': {
      const { caseId: _caseId, personId, ...review } = event.data;
      const persons = withPerson(state, personId, (p) => ({ ...p, reviews: [...p.reviews, review] }));
      return { ...state, persons, version };
    }
    case 'CaseReviewConcluded': {
      const persons = withPerson(state, event.data.personId, (p) =>
        p.decision === null ? p : reviewed(p, event.data),
      );
      return { ...state, persons, version };
    }
    case 'CaseNoteAdded': {
      const { caseId: _caseId, ...note } = event.data;
      return { ...state, notes: [...state.notes, note], version };
    }
    case 'CaseClosed': {
      const { caseId: _caseId, ...closure } = event.data;
      return { ...state, status: 'closed', closure, version };
    }
    case 'CaseReopened': {
      const { caseId: _caseId, ...reopening } = event.data;
      const evidence = {
        evidenceId: reopening.evidenceId,
        description: reopening.reason,
        documents: reopening.documents,
        events: reopening.events,
        recordedAt: reopening.recordedAt,
      };
      return {
        ...state,
        status: 'investigating',
        investigation: null,
        closure: null,
        publication: null,
        evidence: [...state.evidence, evidence],
        reopenings: [...state.reopenings, reopening],
        version,
      };
    }
    case 'CaseOutcomePublished': {
      if (state.status !== 'closed') return { ...state, version };
      const { caseId: _caseId, ...publication } = event.data;
      return { ...state, publication, version };
    }
    default:
      return assertNever(event, 'case event');
  }
}

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  initialState: initialCaseState,
  decide: decideCase,
  evolve: evolveCase,
};
