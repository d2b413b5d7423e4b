import { Actor, Approval, ChangeKind, LegalBasis, PowerChangesInput, PowerInput } from './power.types';

/** What every power command carries besides its own fields: who asks, when it is recorded, and which day it is. */
export interface PowerCommandContext {
  actor: Actor;
  /** ISO-8601 timestamp with offset: the time of recording, given by the caller. */
  recordedAt: string;
  /** YYYY-MM-DD: the Asia/Shanghai date of the request; ownership is decided as of this day. */
  today: string;
}

export interface GrantPower extends PowerCommandContext, PowerInput {
  type: 'GrantPower';
  approval: Approval;
  effectiveFrom: string;
}

export interface ChangePower extends PowerCommandContext {
  type: 'ChangePower';
  code: string;
  kind: ChangeKind;
  changes: PowerChangesInput;
  reason: string;
  /** The basis of the change itself (not the power's `legalBasis`, which `changes` may replace). */
  legalBasis?: LegalBasis[];
  approval: Approval;
  effectiveFrom: string;
}

export interface TransferPower extends PowerCommandContext {
  type: 'TransferPower';
  code: string;
  toDepartment: string;
  reason: string;
  approval: Approval;
  effectiveFrom: string;
}

export interface CancelPower extends PowerCommandContext {
  type: 'CancelPower';
  code: string;
  reason: string;
  legalBasis?: LegalBasis[];
  approval: Approval;
  effectiveFrom: string;
}

export interface PublishPower extends PowerCommandContext {
  type: 'PublishPower';
  code: string;
  channel: string;
  publishedOn: string;
  url?: string;
}

/** 审核: a reviewer approves a department's proposal with the approval document; the fact takes effect. */
export interface ApprovePowerProposal extends PowerCommandContext {
  type: 'ApprovePowerProposal';
  code: string;
  proposalId: number;
  approval: Approval;
  /** Required when the fact classifies the power: the reviewer approves the classification and its reason. */
  classificationApproved?: boolean;
}

/** A reviewer rejects a department's proposal with reasons; it never takes effect. */
export interface RejectPowerProposal extends PowerCommandContext {
  type: 'RejectPowerProposal';
  code: string;
  proposalId: number;
  reasons: string[];
}

/** Commands that record a lifecycle fact: a department's are proposals, a reviewer's or an admin's take effect. */
export type PowerFactCommand = GrantPower | ChangePower | TransferPower | CancelPower;
export type PowerReviewCommand = ApprovePowerProposal | RejectPowerProposal;
export type PowerCommand = PowerFactCommand | PublishPower | PowerReviewCommand;
export type PowerCommandType = PowerCommand['type'];
