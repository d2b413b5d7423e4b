import { assertNever, Decider } from '../shared/decider';
import {
  ApprovePowerProposal,
  CancelPower,
  ChangePower,
  GrantPower,
  PowerCommand,
  PowerFactCommand,
  PublishPower,
  RejectPowerProposal,
  TransferPower,
} from './power.commands';
import { powerErrors } from './power.errors';
import {
  PowerCancelled,
  PowerChanged,
  PowerEvent,
  PowerGranted,
  PowerLifecycleEvent,
  PowerProposalRejected,
  PowerProposed,
  PowerPublished,
  PowerTransferred,
} from './power.events';
import {
  CancelledPower,
  factOf,
  GrantedPower,
  initialPowerState,
  ownerOn,
  PowerProposal,
  PowerState,
  recordedPower,
  snapshotOn,
  withFact,
  withReview,
} from './power.state';
import { Actor, PowerAttributes, PowerChanges } from './power.types';
import { checkChangeRules, checkGrantRules, Issues } from './power.issues';
import { normalizeApproval, normalizeAttributes, normalizeChanges, timeLimitWarnings } from './power.normalize';
import { isValidDate, isValidTimestamp, normalizeLegalBasis } from '../shared/values';

type Recorded = GrantedPower | CancelledPower;

/** A department's facts are proposals; a reviewer's or an admin's are approved already (imports of catalogues). */
const ACTING_ROLES: readonly string[] = ['department', 'reviewer', 'admin'];
/** Only the 规范办/法制办 approves or rejects proposals (审核). */
const REVIEWING_ROLES: readonly string[] = ['reviewer'];

function authorizeRole(command: PowerCommand): void {
  const { actor } = command;
  const roles =
    command.type === 'ApprovePowerProposal' || command.type === 'RejectPowerProposal' ? REVIEWING_ROLES : ACTING_ROLES;
  if (!roles.includes(actor.role)) throw powerErrors.forbiddenRole(actor.role);
}

/** A department acts only for itself; a reviewer (规范办/法制办) for any department. */
function authorizeFor(actor: Actor, department: string): void {
  if (actor.role === 'department' && actor.department !== department) {
    throw powerErrors.forbiddenDepartment(actor.department, department);
  }
}

/** The day and the recording time are the edge's, not a request's: whoever builds a command (API, CLI, test) sets them. */
function checkContext(command: PowerCommand): void {
  const issues = new Issues();
  if (!isValidDate(command.today)) issues.add('INVALID_DATE', 'today', 'must be a valid date YYYY-MM-DD');
  if (!isValidTimestamp(command.recordedAt)) {
    issues.add('INVALID_TIMESTAMP', 'recordedAt', 'must be an ISO-8601 timestamp with offset');
  }
  issues.throwIfAny();
}

function requireRecorded(state: PowerState, code: string): Recorded {
  if (state.status === 'absent') throw powerErrors.notFound(code);
  return state;
}

/** Existence, then ownership on `today` (a transfer moves it only once effective), then not cancelled. */
function requireWritable(state: PowerState, command: ChangePower | TransferPower | CancelPower): Recorded {
  const power = requireRecorded(state, command.code);
  authorizeFor(command.actor, ownerOn(power, command.today));
  if (power.status === 'cancelled') throw powerErrors.cancelled(power.code, power.cancelledFrom);
  return power;
}

function requireEffectiveAfterGrant(power: Recorded, effectiveFrom: string): void {
  if (effectiveFrom < power.effectiveFrom) throw powerErrors.effectiveBeforeGrant(effectiveFrom, power.effectiveFrom);
}

/** Rules that relate attributes to each other, checked on every state a power would be in. */
function checkConsistency(
  attributes: PowerAttributes,
  fieldOf: (field: 'timeLimit' | 'discretion' | 'licensingConditions') => string,
) {
  const { timeLimit, category } = attributes;
  if (timeLimit.committedDays > timeLimit.legalDays) {
    throw powerErrors.committedExceedsLegal(fieldOf('timeLimit'), timeLimit.legalDays, timeLimit.committedDays);
  }
  if (attributes.discretion?.length && category !== 'penalty') {
    throw powerErrors.discretionOnlyForPenalties(fieldOf('discretion'), category);
  }
  if (attributes.licensingConditions?.length && category !== 'licensing') {
    throw powerErrors.licensingConditionsOnlyForLicensing(fieldOf('licensingConditions'), category);
  }
}

function grant(command: GrantPower, state: PowerState): PowerGranted {
  if (state.status !== 'absent') throw powerErrors.exists(command.code);
  authorizeFor(command.actor, command.department);
  const issues = new Issues();
  checkGrantRules(issues, command);
  issues.throwIfAny();

  const attributes = normalizeAttributes(command);
  checkConsistency(attributes, (field) => field);
  return {
    type: 'PowerGranted',
    data: {
      code: attributes.code,
      attributes,
      approval: normalizeApproval(command.approval),
      effectiveFrom: command.effectiveFrom,
      recordedAt: command.recordedAt,
      warnings: timeLimitWarnings(attributes.timeLimit),
    },
  };
}

/**
 * A change applies at its effective date on top of what holds then, and facts already recorded for later dates
 * apply on top of it; so the consistency rules are checked on every resulting state from that date on.
 */
function change(command: ChangePower, state: PowerState): PowerChanged {
  const power = requireWritable(state, command);
  const issues = new Issues();
  checkChangeRules(issues, command.changes);
  issues.throwIfAny();
  requireEffectiveAfterGrant(power, command.effectiveFrom);

  const before = snapshotOn(power.facts, command.effectiveFrom)!.attributes;
  const changes: PowerChanges = normalizeChanges(command.changes, before);
  if (Object.keys(changes).length === 0) throw powerErrors.nothingChanged(power.code);

  const event: PowerChanged = {
    type: 'PowerChanged',
    data: {
      code: power.code,
      kind: command.kind,
      changes,
      reason: command.reason,
      ...(command.legalBasis?.length ? { legalBasis: normalizeLegalBasis(command.legalBasis) } : {}),
      approval: normalizeApproval(command.approval),
      effectiveFrom: command.effectiveFrom,
      recordedAt: command.recordedAt,
      warnings: changes.timeLimit ? timeLimitWarnings(changes.timeLimit) : [],
    },
  };

  const facts = [...power.facts, factOf(event, power.version + 1)];
  const blame = (field: string) =>
    field !== 'timeLimit' && 'category' in changes ? 'changes.category' : `changes.${field}`;
  const dates = new Set(facts.map((f) => f.effectiveFrom).filter((d) => d >= command.effectiveFrom));
  for (const date of [...dates].sort()) checkConsistency(snapshotOn(facts, date)!.attributes, blame);
  return event;
}

function transfer(command: TransferPower, state: PowerState): PowerTransferred {
  const power = requireWritable(state, command);
  requireEffectiveAfterGrant(power, command.effectiveFrom);

  const fromDepartment = ownerOn(power, command.effectiveFrom);
  if (fromDepartment === command.toDepartment) {
    throw powerErrors.transferToSameDepartment(fromDepartment, command.effectiveFrom);
  }
  return {
    type: 'PowerTransferred',
    data: {
      code: power.code,
      fromDepartment,
      toDepartment: command.toDepartment,
      reason: command.reason,
      approval: normalizeApproval(command.approval),
      effectiveFrom: command.effectiveFrom,
      recordedAt: command.recordedAt,
    },
  };
}

function cancel(command: CancelPower, state: PowerState): PowerCancelled {
  const power = requireWritable(state, command);
  requireEffectiveAfterGrant(power, command.effectiveFrom);

  return {
    type: 'PowerCancelled',
    data: {
      code: power.code,
      department: ownerOn(power, command.effectiveFrom),
      reason: command.reason,
      ...(command.legalBasis?.length ? { legalBasis: normalizeLegalBasis(command.legalBasis) } : {}),
      approval: normalizeApproval(command.approval),
      effectiveFrom: command.effectiveFrom,
      recordedAt: command.recordedAt,
    },
  };
}

/** A cancelled power may still be published: its cancellation has to be disclosed too. */
function publish(command: PublishPower, state: PowerState): PowerPublished {
  const power = requireRecorded(state, command.code);
  authorizeFor(command.actor, ownerOn(power, command.today));
  if (command.publishedOn > command.today) throw powerErrors.publicationInFuture(command.publishedOn, command.today);

  return {
    type: 'PowerPublished',
    data: {
      code: power.code,
      channel: command.channel,
      publishedOn: command.publishedOn,
      ...(command.url !== undefined ? { url: command.url } : {}),
      recordedAt: command.recordedAt,
    },
  };
}

/** The fact a command records once approved, decided on `state` with every rule of its kind. */
function decideFact(command: PowerFactCommand, state: PowerState): PowerLifecycleEvent {
  switch (command.type) {
    case 'GrantPower':
      return grant(command, state);
    case 'ChangePower':
      return change(command, state);
    case 'TransferPower':
      return transfer(command, state);
    case 'CancelPower':
      return cancel(command, state);
    default:
      return assertNever(command, 'power fact command');
  }
}

/**
 * 申报: a department's fact is checked now with every rule, so that a malformed or impossible proposal is refused at
 * once, and recorded as a proposal. Its department is the proposer, who acts for itself only (checked by the rules).
 */
function propose(command: PowerFactCommand, state: PowerState): PowerProposed {
  const fact = decideFact(command, state);
  return {
    type: 'PowerProposed',
    data: {
      code: fact.data.code,
      proposalId: state.version + 1,
      department: command.actor.department!,
      fact,
      recordedAt: command.recordedAt,
    },
  };
}

function requirePendingProposal(state: PowerState, code: string, proposalId: number): PowerProposal {
  const proposal = state.proposals.find((p) => p.id === proposalId);
  if (!proposal) throw powerErrors.proposalNotFound(code, proposalId);
  if (proposal.status !== 'pending') throw powerErrors.proposalDecided(code, proposalId, proposal.status);
  return proposal;
}

/** The command that records a proposed fact, as the reviewer approving it on `context`'s day. */
function approvedCommand(fact: PowerLifecycleEvent, command: ApprovePowerProposal): PowerFactCommand {
  const context = { actor: command.actor, recordedAt: command.recordedAt, today: command.today };
  const { approval } = command;
  switch (fact.type) {
    case 'PowerGranted':
      return {
        type: 'GrantPower',
        ...context,
        ...fact.data.attributes,
        approval,
        effectiveFrom: fact.data.effectiveFrom,
      };
    case 'PowerChanged': {
      const { code, kind, changes, reason, legalBasis, effectiveFrom } = fact.data;
      return {
        type: 'ChangePower',
        ...context,
        code,
        kind,
        changes,
        reason,
        ...(legalBasis ? { legalBasis } : {}),
        approval,
        effectiveFrom,
      };
    }
    case 'PowerTransferred': {
      const { code, toDepartment, reason, effectiveFrom } = fact.data;
      return { type: 'TransferPower', ...context, code, toDepartment, reason, approval, effectiveFrom };
    }
    case 'PowerCancelled': {
      const { code, reason, legalBasis, effectiveFrom } = fact.data;
      return {
        type: 'CancelPower',
        ...context,
        code,
        reason,
        ...(legalBasis ? { legalBasis } : {}),
        approval,
        effectiveFrom,
      };
    }
    default:
      return assertNever(fact, 'power lifecycle event');
  }
}

/** Whether the fact makes the power classified, or gives its classification another reason. */
function classifies(fact: PowerLifecycleEvent): boolean {
  if (fact.type === 'PowerGranted') return fact.data.attributes.classification.classified;
  return fact.type === 'PowerChanged' && fact.data.changes.classification?.classified === true;
}

/**
 * 审核 approved: the proposed fact is decided again on the state of the day of approval, as the reviewer's, with the
 * reviewer's approval document; so a proposal that another approved fact made impossible (a second grant, a change
 * to a cancelled power) cannot be approved, only rejected. It takes effect on its proposed effective date and is
 * recorded now: the bitemporal views show it from the approval on, and its publication duty runs from there.
 */
function approve(command: ApprovePowerProposal, state: PowerState): PowerLifecycleEvent {
  const proposal = requirePendingProposal(state, command.code, command.proposalId);
  const fact = decideFact(approvedCommand(proposal.fact, command), state);
  const classifying = classifies(fact);
  if (classifying && command.classificationApproved !== true) {
    throw powerErrors.classificationApprovalRequired(command.code, command.proposalId);
  }
  return {
    ...fact,
    data: { ...fact.data, proposalId: proposal.id, ...(classifying ? { classificationApproved: true } : {}) },
  } as PowerLifecycleEvent;
}

function reject(command: RejectPowerProposal, state: PowerState): PowerProposalRejected {
  requirePendingProposal(state, command.code, command.proposalId);
  return {
    type: 'PowerProposalRejected',
    data: {
      code: command.code,
      proposalId: command.proposalId,
      reasons: [...command.reasons],
      recordedAt: command.recordedAt,
    },
  };
}

export function decidePower(command: PowerCommand, state: PowerState): PowerEvent[] {
  authorizeRole(command);
  checkContext(command);
  switch (command.type) {
    case 'GrantPower':
    case 'ChangePower':
    case 'TransferPower':
    case 'CancelPower':
      return [command.actor.role === 'department' ? propose(command, state) : decideFact(command, state)];
    case 'PublishPower':
      return [publish(command, state)];
    case 'ApprovePowerProposal':
      return [approve(command, state)];
    case 'RejectPowerProposal':
      return [reject(command, state)];
    default:
      return assertNever(command, 'power command');
  }
}

/**
 * Total: an event that cannot follow the state (a second grant, a change before any grant) changes nothing but the
 * version count, since decide never emits one and replay must not fail on history.
 */
export function evolvePower(state: PowerState, event: PowerEvent): PowerState {
  switch (event.type) {
    case 'PowerGranted':
      return state.status === 'absent' ? recordedPower(state, event) : { ...state, version: state.version + 1 };
    case 'PowerChanged':
    case 'PowerTransferred':
      return state.status === 'absent' ? { ...state, version: state.version + 1 } : withFact(state, event);
    case 'PowerCancelled':
      if (state.status === 'absent') return { ...state, version: state.version + 1 };
      return {
        ...withFact(state, event),
        status: 'cancelled',
        cancelledFrom: state.status === 'cancelled' ? state.cancelledFrom : event.data.effectiveFrom,
      };
    case 'PowerProposed':
    case 'PowerProposalRejected':
      return withReview(state, event);
    case 'PowerPublished': {
      if (state.status === 'absent') return { ...state, version: state.version + 1 };
      const version = state.version + 1;
      const { channel, publishedOn, url, recordedAt } = event.data;
      const publication = { channel, publishedOn, ...(url !== undefined ? { url } : {}), recordedAt, version };
      const last = state.lastPublication;
      return {
        ...state,
        version,
        lastPublication: last && last.publishedOn > publishedOn ? last : publication,
      };
    }
    default:
      return assertNever(event, 'power event');
  }
}

export const powerDecider: Decider<PowerCommand, PowerEvent, PowerState> = {
  initialState: initialPowerState,
  decide: decidePower,
  evolve: evolvePower,
};
