import { assertNever } from '../shared/decider';
import { PowerLifecycleEvent, PowerProposalRejected, PowerProposed } from './power.events';
import { PowerAttributes, PowerChanges, PowerStatus, PowerWarning, ProposalStatus } from './power.types';

/**
 * One lifecycle fact as the state keeps it. `version` is the fact's stream version (events are numbered from 1),
 * which orders facts that take effect on the same day.
 */
export interface PowerFact {
  kind: 'granted' | 'changed' | 'transferred' | 'cancelled';
  version: number;
  recordedAt: string;
  effectiveFrom: string;
  event: PowerLifecycleEvent;
}

export interface OwnerPeriod {
  department: string;
  effectiveFrom: string;
  version: number;
}

export interface PowerPublication {
  channel: string;
  publishedOn: string;
  url?: string;
  recordedAt: string;
  version: number;
}

/** A department's proposal (申报) and where its review (审核) stands. */
export interface PowerProposal {
  id: number;
  department: string;
  fact: PowerLifecycleEvent;
  proposedAt: string;
  status: ProposalStatus;
  /** When it was approved or rejected. */
  decidedAt?: string;
  /** The stream version of the fact its approval recorded. */
  factVersion?: number;
  reasons?: string[];
}

/** No grant has taken effect; there may be proposals, a grant among them, waiting for review. */
export interface AbsentPower {
  status: 'absent';
  proposals: PowerProposal[];
  /** Stream version of the last event folded (0 for a stream not yet written). */
  version: number;
}

/**
 * What decide needs of a recorded power. `status` is the recorded lifecycle (a cancellation taking effect next year
 * already makes it 'cancelled' here); what holds on a given date is `snapshotOn(facts, date)`.
 */
interface RecordedPower {
  code: string;
  /** The attributes once every recorded fact has taken effect. */
  attributes: PowerAttributes;
  /** Who holds the power from when, in effective order; the first period is the grant's. */
  owners: OwnerPeriod[];
  /** The grant's effective date: nothing may take effect before it. */
  effectiveFrom: string;
  warnings: PowerWarning[];
  /** Lifecycle facts in recording order. */
  facts: PowerFact[];
  /** The publication with the latest `publishedOn`: it covers every fact recorded on or before that day. */
  lastPublication: PowerPublication | null;
  /** Stream version of the last event folded. */
  version: number;
  /** Every proposal recorded, in recording order. */
  proposals: PowerProposal[];
}

export interface GrantedPower extends RecordedPower {
  status: 'granted';
}

export interface CancelledPower extends RecordedPower {
  status: 'cancelled';
  cancelledFrom: string;
}

export type PowerState = AbsentPower | GrantedPower | CancelledPower;

export const initialPowerState: PowerState = { status: 'absent', proposals: [], version: 0 };

export function factOf(event: PowerLifecycleEvent, version: number): PowerFact {
  const { recordedAt, effectiveFrom } = event.data;
  switch (event.type) {
    case 'PowerGranted':
      return { kind: 'granted', version, recordedAt, effectiveFrom, event };
    case 'PowerChanged':
      return { kind: 'changed', version, recordedAt, effectiveFrom, event };
    case 'PowerTransferred':
      return { kind: 'transferred', version, recordedAt, effectiveFrom, event };
    case 'PowerCancelled':
      return { kind: 'cancelled', version, recordedAt, effectiveFrom, event };
    default:
      return assertNever(event, 'power lifecycle event');
  }
}

/** Effective order: by effective date, then by stream version. */
export function inEffectiveOrder<T extends { effectiveFrom: string; version: number }>(facts: readonly T[]): T[] {
  return [...facts].sort((a, b) =>
    a.effectiveFrom === b.effectiveFrom ? a.version - b.version : a.effectiveFrom < b.effectiveFrom ? -1 : 1,
  );
}

export function applyChanges(attributes: PowerAttributes, changes: PowerChanges): PowerAttributes {
  const next: Record<string, unknown> = { ...attributes };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as unknown as PowerAttributes;
}

export interface PowerSnapshot {
  attributes: PowerAttributes;
  status: PowerStatus;
  /** Warnings of the fact that last set the time limits. */
  warnings: PowerWarning[];
  /** The grant's effective date. */
  effectiveFrom: string;
}

/**
 * The power on a date: the grant, then every fact effective on or before `asOf` (every fact when `asOf` is absent)
 * in effective order. Before the grant takes effect the power shows its granted attributes, 'not-yet-in-force'.
 * Undefined when the facts hold no grant.
 */
export function snapshotOn(facts: readonly PowerFact[], asOf?: string): PowerSnapshot | undefined {
  const grant = facts.find((f) => f.event.type === 'PowerGranted')?.event;
  if (grant?.type !== 'PowerGranted') return undefined;
  let attributes = grant.data.attributes;
  let warnings = grant.data.warnings;
  let cancelled = false;
  for (const { event } of inEffectiveOrder(facts)) {
    if (asOf !== undefined && event.data.effectiveFrom > asOf) break;
    switch (event.type) {
      case 'PowerGranted':
        break;
      case 'PowerChanged':
        attributes = applyChanges(attributes, event.data.changes);
        if (event.data.changes.timeLimit) warnings = event.data.warnings;
        break;
      case 'PowerTransferred':
        attributes = { ...attributes, department: event.data.toDepartment };
        break;
      case 'PowerCancelled':
        cancelled = true;
        break;
      default:
        return assertNever(event, 'power lifecycle event');
    }
  }
  const effectiveFrom = grant.data.effectiveFrom;
  const status: PowerStatus = cancelled
    ? 'cancelled'
    : asOf !== undefined && asOf < effectiveFrom
      ? 'not-yet-in-force'
      : 'in-force';
  return { attributes, status, warnings, effectiveFrom };
}

/** Who holds the power on `date`; before the grant takes effect, the granting department. */
export function ownerOn(state: GrantedPower | CancelledPower, date: string): string {
  let owner = state.owners[0].department;
  for (const period of state.owners) if (period.effectiveFrom <= date) owner = period.department;
  return owner;
}

function ownersOf(facts: readonly PowerFact[]): OwnerPeriod[] {
  const owners: OwnerPeriod[] = [];
  for (const { event, version } of inEffectiveOrder(facts)) {
    if (event.type === 'PowerGranted') {
      owners.push({ department: event.data.attributes.department, effectiveFrom: event.data.effectiveFrom, version });
    } else if (event.type === 'PowerTransferred') {
      owners.push({ department: event.data.toDepartment, effectiveFrom: event.data.effectiveFrom, version });
    }
  }
  return owners;
}

/** Folds one more lifecycle fact into a recorded power, recomputing what depends on effective order. */
export function withFact(
  state: GrantedPower | CancelledPower,
  event: PowerLifecycleEvent,
): GrantedPower | CancelledPower {
  const version = state.version + 1;
  const facts = [...state.facts, factOf(event, version)];
  const latest = snapshotOn(facts)!;
  return {
    ...state,
    attributes: latest.attributes,
    warnings: latest.warnings,
    owners: ownersOf(facts),
    facts,
    version,
    proposals: withApproval(state.proposals, event, version),
  };
}

export function recordedPower(state: AbsentPower, event: PowerLifecycleEvent & { type: 'PowerGranted' }): GrantedPower {
  const version = state.version + 1;
  const facts = [factOf(event, version)];
  return {
    status: 'granted',
    code: event.data.code,
    attributes: event.data.attributes,
    owners: ownersOf(facts),
    effectiveFrom: event.data.effectiveFrom,
    warnings: event.data.warnings,
    facts,
    lastPublication: null,
    version,
    proposals: withApproval(state.proposals, event, version),
  };
}

/** Marks the proposal a fact approves, if any. */
export function withApproval(proposals: PowerProposal[], event: PowerLifecycleEvent, version: number): PowerProposal[] {
  const { proposalId, recordedAt } = event.data;
  if (proposalId === undefined) return proposals;
  return proposals.map((p) =>
    p.id === proposalId ? { ...p, status: 'approved' as const, decidedAt: recordedAt, factVersion: version } : p,
  );
}

/** Folds a proposal or its rejection: the catalogue itself stays as it is. */
export function withReview<S extends PowerState>(state: S, event: PowerProposed | PowerProposalRejected): S {
  const version = state.version + 1;
  if (event.type === 'PowerProposed') {
    const { proposalId, department, fact, recordedAt } = event.data;
    const proposal: PowerProposal = { id: proposalId, department, fact, proposedAt: recordedAt, status: 'pending' };
    return { ...state, version, proposals: [...state.proposals, proposal] };
  }
  const { proposalId, reasons, recordedAt } = event.data;
  const proposals = state.proposals.map((p) =>
    p.id === proposalId ? { ...p, status: 'rejected' as const, decidedAt: recordedAt, reasons } : p,
  );
  return { ...state, version, proposals };
}
