import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DECISION_OUTCOMES,
  DecisionOutcome,
  OPERATION_EVENT_TYPES,
  OPERATION_STATUSES,
  OPERATION_STEP_KINDS,
  PAUSE_KINDS,
  PauseKind,
  OperationEventType,
  OperationStatus,
  OperationStepKind,
  POWER_CATEGORIES,
  POWER_NOT_IN_FORCE_REASONS,
  PowerCategory,
  PowerNotInForceReason,
} from '@app/domain';
import { AlertResponse } from '../alerts/alert.response.dto';
import { ActorResponse, TimeLimitResponse } from '../powers/power.response.dto';
import { CounterpartyInput, HandlerInput, PenaltyInput } from './operation-fields.request.dto';
import { DiscretionBandInput, DocumentInput, LegalBasisInput } from '@app/contracts';

/** The OpenAPI shapes of what the operations endpoints answer. */

export class DeadlinesResponse {
  @ApiProperty({ format: 'date-time', example: '2025-10-14T23:59:59.999+08:00', description: 'End of that day' })
  committed!: string;

  @ApiProperty({ format: 'date-time', example: '2025-11-04T23:59:59.999+08:00', description: 'End of that day' })
  legal!: string;
}

export class DeadlinesPendingResponse {
  @ApiProperty({
    type: [Number],
    example: [2027],
    description: 'The calendar years the count reaches that nobody has published yet (POST /v1/admin/calendars)',
  })
  years!: number[];
}

const DEADLINES_PENDING_DESCRIPTION =
  'Set while the deadlines wait for a calendar year to be published; they are computed once it is ' +
  '(event OperationDeadlinesComputed) and deadlines stay null meanwhile: a guess is never shown as a deadline';

export class OperationPowerResponse {
  @ApiProperty({ example: 'YC-CF-0001' })
  code!: string;

  @ApiProperty({ description: 'In force for the department on the acceptance date; false is recorded, and alerted' })
  inForce!: boolean;

  @ApiPropertyOptional({ enum: POWER_NOT_IN_FORCE_REASONS })
  notInForceReason?: PowerNotInForceReason;

  @ApiPropertyOptional()
  name?: string;

  @ApiPropertyOptional({ description: 'The department holding the power on the acceptance date' })
  ownerDepartment?: string;

  @ApiPropertyOptional({ enum: POWER_CATEGORIES })
  category?: PowerCategory;

  @ApiPropertyOptional()
  important?: boolean;

  @ApiPropertyOptional({ type: TimeLimitResponse })
  timeLimit?: TimeLimitResponse;

  @ApiPropertyOptional({ type: [DiscretionBandInput] })
  discretion?: DiscretionBandInput[];

  @ApiPropertyOptional({ type: [String] })
  licensingConditions?: string[];

  @ApiPropertyOptional({ description: 'Version of the power stream read' })
  version?: number;
}

export class OperationRegisteredResponse {
  @ApiProperty({ example: 'operation-0199a5f0-7c4e-7b1a-9c1d-2f1e6b3a4c5d' })
  streamId!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty({ description: 'Stream version after the write; also the ETag' })
  version!: number;

  @ApiProperty({ description: 'Global log position of the event written: pass it as minPosition to read it back' })
  position!: number;

  @ApiProperty({
    format: 'date',
    description: 'The acceptance date in Asia/Shanghai; deadlines count from the next day',
  })
  acceptedOn!: string;

  @ApiProperty({ type: OperationPowerResponse, description: 'The power as in force on the acceptance date' })
  power!: OperationPowerResponse;

  @ApiProperty({ type: TimeLimitResponse, nullable: true })
  timeLimit!: TimeLimitResponse | null;

  @ApiProperty({
    type: DeadlinesResponse,
    nullable: true,
    description: 'Null when the power was not in force, or while the deadlines are pending',
  })
  deadlines!: DeadlinesResponse | null;

  @ApiProperty({ type: DeadlinesPendingResponse, nullable: true, description: DEADLINES_PENDING_DESCRIPTION })
  deadlinesPending!: DeadlinesPendingResponse | null;
}

export class OperationBatchItemResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  streamId!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty()
  position!: number;

  @ApiProperty({ type: DeadlinesResponse, nullable: true })
  deadlines!: DeadlinesResponse | null;

  @ApiProperty({ type: DeadlinesPendingResponse, nullable: true, description: DEADLINES_PENDING_DESCRIPTION })
  deadlinesPending!: DeadlinesPendingResponse | null;

  @ApiProperty({ description: 'Whether the power was in force for the department on the acceptance date' })
  inForce!: boolean;
}

export class OperationBatchResponse {
  @ApiProperty({ type: [OperationBatchItemResponse], description: 'In the order of the request' })
  items!: OperationBatchItemResponse[];
}

export class OverdueResponse {
  @ApiProperty()
  committed!: boolean;

  @ApiProperty()
  legal!: boolean;
}

/** A step, a decision or a completion recorded. */
export class OperationWrittenResponse {
  @ApiProperty()
  streamId!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty({ description: 'Stream version after the write; also the ETag' })
  version!: number;

  @ApiProperty({ description: 'Global log position of the last event written' })
  position!: number;

  @ApiProperty({ enum: OPERATION_EVENT_TYPES, isArray: true, description: 'The events written, in order' })
  types!: OperationEventType[];

  @ApiPropertyOptional({ enum: OPERATION_STEP_KINDS })
  kind?: OperationStepKind;

  @ApiPropertyOptional({ description: 'Resume: the working (or calendar) days the clock was stopped' })
  pausedDays?: number;

  @ApiPropertyOptional({ enum: DECISION_OUTCOMES })
  outcome?: DecisionOutcome;

  @ApiPropertyOptional({ format: 'date-time' })
  completedAt?: string;

  @ApiPropertyOptional({
    type: DeadlinesResponse,
    nullable: true,
    description: 'Resume: the deadlines moved by the pause; completion: the deadlines in force',
  })
  deadlines?: DeadlinesResponse | null;

  @ApiPropertyOptional({ type: OverdueResponse, nullable: true, description: 'Completion: after each deadline?' })
  overdue?: OverdueResponse | null;

  @ApiPropertyOptional({
    type: DeadlinesPendingResponse,
    description: 'Resume or completion while the deadlines wait for a calendar year: overdue is judged once computed',
  })
  deadlinesPending?: DeadlinesPendingResponse;
}

export class OperationStepResponse {
  @ApiProperty({ enum: OPERATION_STEP_KINDS })
  kind!: OperationStepKind;

  @ApiProperty({ format: 'date-time', description: 'When the department says it happened' })
  at!: string;

  @ApiProperty()
  by!: string;

  @ApiPropertyOptional({ enum: PAUSE_KINDS, description: 'Pauses only; absent on pauses recorded before kinds' })
  pauseKind?: PauseKind;

  @ApiPropertyOptional()
  note?: string;

  @ApiPropertyOptional({ type: [DocumentInput] })
  documents?: DocumentInput[];

  @ApiProperty({
    format: 'date-time',
    description: 'When it was recorded: the detectors judge order by this, and a record made long after `at` is late',
  })
  recordedAt!: string;

  @ApiProperty({ description: 'Stream version of the event that recorded it' })
  version!: number;
}

export class OperationDecisionResponse {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ enum: DECISION_OUTCOMES })
  outcome!: DecisionOutcome;

  @ApiPropertyOptional({ type: PenaltyInput })
  penalty?: PenaltyInput;

  @ApiPropertyOptional({ type: [String] })
  conditionsApplied?: string[];

  @ApiProperty({ type: [LegalBasisInput] })
  legalBasisCited!: LegalBasisInput[];

  @ApiProperty()
  reasoning!: string;

  @ApiProperty({ format: 'date-time', description: 'When it was recorded, beside the `at` the department claims' })
  recordedAt!: string;

  @ApiProperty()
  version!: number;
}

export class OperationExtensionResponse {
  @ApiProperty({ description: 'Days the clock was stopped, in the unit of the time limit' })
  pausedDays!: number;

  @ApiProperty({ format: 'date-time' })
  pausedAt!: string;

  @ApiProperty({ format: 'date-time' })
  resumedAt!: string;

  @ApiProperty({ description: 'The special procedure: its kind label and note' })
  procedure!: string;

  @ApiProperty({ type: DeadlinesResponse })
  previous!: DeadlinesResponse;

  @ApiProperty({ type: DeadlinesResponse })
  deadlines!: DeadlinesResponse;

  @ApiProperty()
  version!: number;
}

export class OperationResponse {
  @ApiProperty()
  streamId!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty()
  powerCode!: string;

  @ApiProperty()
  department!: string;

  @ApiProperty()
  caseNumber!: string;

  @ApiProperty({
    type: CounterpartyInput,
    description: 'Masked (张*, 1101**********1234) for readers other than the department and the supervision roles',
  })
  counterparty!: CounterpartyInput;

  @ApiProperty({ type: [HandlerInput] })
  handlers!: HandlerInput[];

  @ApiProperty({ format: 'date-time' })
  acceptedAt!: string;

  @ApiProperty({ format: 'date' })
  acceptedOn!: string;

  @ApiProperty({ enum: OPERATION_STATUSES })
  status!: OperationStatus;

  @ApiProperty({ type: OperationPowerResponse, description: 'The power as it stood on the acceptance date' })
  power!: OperationPowerResponse;

  @ApiProperty({ type: TimeLimitResponse, nullable: true })
  timeLimit!: TimeLimitResponse | null;

  @ApiProperty({ type: DeadlinesResponse, nullable: true, description: 'In force, after every pause' })
  deadlines!: DeadlinesResponse | null;

  @ApiProperty({ type: DeadlinesPendingResponse, nullable: true, description: DEADLINES_PENDING_DESCRIPTION })
  deadlinesPending!: DeadlinesPendingResponse | null;

  @ApiProperty({
    type: DeadlinesResponse,
    nullable: true,
    description: 'As computed at registration, or, when they were pending then, as computed once the calendar allowed',
  })
  registeredDeadlines!: DeadlinesResponse | null;

  @ApiProperty({ description: 'Past the committed deadline while open, or paused or completed after it' })
  overdue!: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Set while paused' })
  pausedAt!: string | null;

  @ApiProperty({ type: [OperationStepResponse] })
  steps!: OperationStepResponse[];

  @ApiProperty({ type: [OperationExtensionResponse], description: 'Each pause that moved the deadlines' })
  extensions!: OperationExtensionResponse[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    nullable: true,
    example: { hearing: 5, testing: 12 },
    description:
      'Working days paused so far per kind of special procedure (a pause under way counted up to today); kinds ' +
      'never used are absent, pauses recorded before kinds count as other; null while the calendar does not ' +
      'reach a day to count',
  })
  pausedWorkingDays!: Partial<Record<PauseKind, number>> | null;

  @ApiProperty({ type: OperationDecisionResponse, nullable: true })
  decision!: OperationDecisionResponse | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  completedAt!: string | null;

  @ApiProperty({ type: [AlertResponse], description: 'Alerts raised about it (电子监察 红黄牌), oldest first' })
  alerts!: AlertResponse[];

  @ApiProperty({ description: 'Stream version; also the ETag' })
  version!: number;

  @ApiProperty({ description: 'Global log position of its last event' })
  position!: number;

  @ApiProperty({ format: 'date-time', description: 'When the registration was recorded' })
  registeredAt!: string;
}

export class OperationPageResponse {
  @ApiProperty({ type: [OperationResponse] })
  items!: OperationResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor!: string | null;
}

export class OperationTimelineItemResponse {
  @ApiProperty({ enum: OPERATION_EVENT_TYPES })
  type!: OperationEventType;

  @ApiProperty()
  version!: number;

  @ApiProperty({ description: 'Global log position' })
  position!: number;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ format: 'date-time', description: 'When the store recorded it' })
  recordedAt!: string;

  @ApiPropertyOptional({
    description:
      'The time the event claims (acceptedAt, a step, decision or completion `at`), to read beside recordedAt',
    format: 'date-time',
  })
  claimedAt?: string;

  @ApiPropertyOptional({ type: ActorResponse })
  actor?: ActorResponse;

  @ApiPropertyOptional()
  correlationId?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event as recorded' })
  data!: Record<string, unknown>;
}

export class OperationTimelineResponse {
  @ApiProperty()
  streamId!: string;

  @ApiProperty({ type: [OperationTimelineItemResponse], description: 'Every event of the operation, oldest first' })
  items!: OperationTimelineItemResponse[];
}
