import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACTOR_ROLES,
  ActorRole,
  POWER_CATEGORIES,
  POWER_EVENT_TYPES,
  POWER_STATUSES,
  POWER_WARNINGS,
  PowerCategory,
  PowerEventType,
  PowerStatus,
  PowerWarning,
  POWER_LIFECYCLE_EVENT_TYPES,
  PROPOSAL_STATUSES,
  ProposalStatus,
  TIME_LIMIT_UNITS,
  TimeLimitUnit,
} from '@app/domain';
import {
  ClassificationInput,
  DisclosureInput,
  DiscretionBandInput,
  FeesInput,
  LegalBasisInput,
  ProcessInput,
} from '@app/contracts';

/** The OpenAPI shapes of what the powers endpoints answer. */

export class TimeLimitResponse {
  @ApiProperty()
  legalDays!: number;

  @ApiProperty()
  committedDays!: number;

  @ApiProperty({ enum: TIME_LIMIT_UNITS })
  unit!: TimeLimitUnit;
}

export class PowerPublicationResponse {
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'Latest publication on or before asOf' })
  lastPublishedOn!: string | null;

  @ApiPropertyOptional({ description: 'Channel of that publication' })
  channel?: string;

  @ApiPropertyOptional()
  url?: string;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'Last day to publish the earliest fact not yet published (working days on the official calendar)',
  })
  dueBy!: string | null;

  @ApiProperty({ description: 'dueBy has passed without a publication' })
  overdue!: boolean;

  @ApiPropertyOptional({ description: 'Set when dueBy falls in a year whose working-day calendar is not published' })
  calendarYearMissing?: number;
}

export class ProposalSummaryResponse {
  @ApiProperty({
    description: 'Numbers the proposals of one power (the stream version it was recorded as)',
    example: 2,
  })
  id!: number;

  @ApiProperty({ enum: POWER_LIFECYCLE_EVENT_TYPES, description: 'The fact proposed' })
  fact!: string;

  @ApiProperty({ description: 'The proposing department', example: 'YCJ' })
  department!: string;

  @ApiProperty({ format: 'date', description: 'When the fact is to take effect, once approved' })
  effectiveFrom!: string;

  @ApiProperty({ enum: PROPOSAL_STATUSES, description: 'As recorded at knownAt' })
  status!: ProposalStatus;

  @ApiProperty({ format: 'date-time' })
  proposedAt!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it was approved or rejected' })
  decidedAt?: string;
}

export class PowerResponse {
  @ApiProperty({ example: 'YC-CF-0001' })
  code!: string;

  @ApiProperty({ example: '对无准运证运输烟草专卖品的处罚' })
  name!: string;

  @ApiProperty({ enum: POWER_CATEGORIES })
  category!: PowerCategory;

  @ApiProperty({ description: 'The department holding the power on asOf', example: 'YCJ' })
  department!: string;

  @ApiPropertyOptional()
  responsibleUnit?: string;

  @ApiPropertyOptional()
  responsiblePerson?: string;

  @ApiPropertyOptional()
  supervisionLevel?: string;

  @ApiProperty({ type: [LegalBasisInput] })
  legalBasis!: LegalBasisInput[];

  @ApiProperty({ type: TimeLimitResponse })
  timeLimit!: TimeLimitResponse;

  @ApiPropertyOptional({ type: FeesInput })
  fees?: FeesInput;

  @ApiPropertyOptional({ type: DisclosureInput })
  disclosure?: DisclosureInput;

  @ApiPropertyOptional({ type: ProcessInput })
  process?: ProcessInput;

  @ApiPropertyOptional({ type: [DiscretionBandInput] })
  discretion?: DiscretionBandInput[];

  @ApiPropertyOptional({ type: [String] })
  licensingConditions?: string[];

  @ApiProperty()
  important!: boolean;

  @ApiProperty({ type: ClassificationInput })
  classification!: ClassificationInput;

  @ApiProperty({ enum: POWER_STATUSES, description: 'On asOf' })
  status!: PowerStatus;

  @ApiProperty({ format: 'date', description: 'When the grant took effect' })
  effectiveFrom!: string;

  @ApiProperty({ description: 'Stream version (as known at knownAt); also the ETag' })
  version!: number;

  @ApiProperty({ type: PowerPublicationResponse })
  publication!: PowerPublicationResponse;

  @ApiProperty({ enum: POWER_WARNINGS, isArray: true })
  warnings!: PowerWarning[];

  @ApiProperty({ format: 'date', description: 'The date this view is for' })
  asOf!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'The recording instant this view is for, when asked' })
  knownAt?: string;

  @ApiPropertyOptional({
    type: [ProposalSummaryResponse],
    description:
      "The department's proposals about this power and their review, as recorded at knownAt, oldest first; shown " +
      'to the department holding it and to reviewers, supervisors and investigators. A pending one has not taken ' +
      'effect: the power is shown as the approved facts make it.',
  })
  proposals?: ProposalSummaryResponse[];
}

export class PowerPageResponse {
  @ApiProperty({ type: [PowerResponse] })
  items!: PowerResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor!: string | null;
}

export class ProposalStateResponse {
  @ApiProperty({ example: 2 })
  id!: number;

  @ApiProperty({ enum: PROPOSAL_STATUSES })
  status!: ProposalStatus;
}

export class PowerWrittenResponse {
  @ApiProperty({ example: 'power-YC-CF-0001' })
  streamId!: string;

  @ApiProperty({ description: 'Stream version after the write; also the ETag' })
  version!: number;

  @ApiProperty({ description: 'Global log position of the event written: pass it as minPosition to read it back' })
  position!: number;

  @ApiProperty({ example: 'YC-CF-0001' })
  code!: string;

  @ApiProperty({ enum: POWER_EVENT_TYPES })
  type!: PowerEventType;

  @ApiProperty({ enum: POWER_WARNINGS, isArray: true, description: 'E.g. committed limit not one third shorter' })
  warnings!: PowerWarning[];

  @ApiPropertyOptional({ format: 'date' })
  effectiveFrom?: string;

  @ApiPropertyOptional({
    type: ProposalStateResponse,
    description:
      "Set when a department's fact was recorded as a proposal (type PowerProposed, status pending: it takes " +
      'effect only once a reviewer approves it), and on its approval or rejection; absent for facts that take effect ' +
      'at once (recorded by a reviewer or an admin)',
  })
  proposal?: ProposalStateResponse;
}

export class ActorResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ACTOR_ROLES })
  role!: ActorRole;

  @ApiPropertyOptional()
  department?: string;
}

export class PowerTimelineItemResponse {
  @ApiProperty({ enum: POWER_EVENT_TYPES })
  type!: PowerEventType;

  @ApiProperty()
  version!: number;

  @ApiProperty({ description: 'Global log position' })
  position!: number;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ format: 'date-time', description: 'When it was recorded (recorded time)' })
  recordedAt!: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'When it takes effect (effective time); absent for publications',
  })
  effectiveFrom?: string;

  @ApiPropertyOptional({ type: ActorResponse })
  actor?: ActorResponse;

  @ApiPropertyOptional()
  correlationId?: string;

  @ApiPropertyOptional({ description: 'The approval document (审定)' })
  approval?: { authority: string; documentNo: string; date: string };

  @ApiPropertyOptional()
  reason?: string;

  @ApiPropertyOptional({ description: 'PowerChanged: the fields changed, with their new values (null: cleared)' })
  changes?: object;

  @ApiPropertyOptional({ description: 'PowerGranted: the catalogue fields granted' })
  attributes?: object;

  @ApiPropertyOptional({ description: 'PowerChanged: amendment or correction' })
  kind?: string;

  @ApiPropertyOptional()
  fromDepartment?: string;

  @ApiPropertyOptional()
  toDepartment?: string;

  @ApiPropertyOptional({ type: [LegalBasisInput], description: 'The basis of a change or cancellation' })
  legalBasis?: LegalBasisInput[];

  @ApiPropertyOptional()
  channel?: string;

  @ApiPropertyOptional({ format: 'date' })
  publishedOn?: string;

  @ApiPropertyOptional()
  url?: string;

  @ApiPropertyOptional({ enum: POWER_WARNINGS, isArray: true })
  warnings?: PowerWarning[];

  @ApiPropertyOptional({
    description: 'PowerProposed, PowerProposalRejected, and a fact recorded on approval: the proposal concerned',
  })
  proposalId?: number;

  @ApiPropertyOptional({
    description: 'PowerProposed: the proposing department; PowerCancelled: the department holding the power then',
  })
  department?: string;

  @ApiPropertyOptional({ description: 'PowerProposed: the fact proposed, { type, data } as it would be recorded' })
  fact?: object;

  @ApiPropertyOptional({ type: [String], description: 'PowerProposalRejected: why' })
  reasons?: string[];

  @ApiPropertyOptional({ description: 'A fact classifying the power: the reviewer approved the classification' })
  classificationApproved?: boolean;
}

export class PowerTimelineResponse {
  @ApiProperty({ example: 'power-YC-CF-0001' })
  streamId!: string;

  @ApiProperty({ type: [PowerTimelineItemResponse], description: 'Every event of the power, oldest first' })
  items!: PowerTimelineItemResponse[];
}

export class ProposedFactResponse {
  @ApiProperty({ enum: POWER_LIFECYCLE_EVENT_TYPES })
  type!: string;

  @ApiProperty({ description: 'The fact as it would be recorded (the payload of that event type)' })
  data!: object;
}

export class ProposalResponse {
  @ApiProperty({ example: 'YC-CF-0001' })
  code!: string;

  @ApiProperty({ description: 'Numbers the proposals of one power', example: 2 })
  id!: number;

  @ApiProperty({ example: 'YCJ' })
  department!: string;

  @ApiProperty({ enum: PROPOSAL_STATUSES, description: 'As recorded at knownAt' })
  status!: ProposalStatus;

  @ApiProperty({ type: ProposedFactResponse })
  fact!: ProposedFactResponse;

  @ApiProperty({ format: 'date-time' })
  proposedAt!: string;

  @ApiPropertyOptional({ type: ActorResponse })
  proposedBy?: ActorResponse;

  @ApiPropertyOptional({ format: 'date-time' })
  decidedAt?: string;

  @ApiPropertyOptional({ type: ActorResponse })
  decidedBy?: ActorResponse;

  @ApiPropertyOptional({ description: 'Approved: the stream version of the fact recorded' })
  factVersion?: number;

  @ApiPropertyOptional({ description: "Approved: the reviewer's approval document (审定)" })
  approval?: { authority: string; documentNo: string; date: string };

  @ApiPropertyOptional({ type: [String], description: 'Rejected: why' })
  reasons?: string[];

  @ApiProperty({ description: 'Global log position of the proposal' })
  position!: number;
}

export class ProposalPageResponse {
  @ApiProperty({ type: [ProposalResponse] })
  items!: ProposalResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor!: string | null;
}
