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

export type PowerCommand = GrantPower | ChangePower | TransferPower | CancelPower | PublishPower;
export type PowerCommandType = PowerCommand['type'];
