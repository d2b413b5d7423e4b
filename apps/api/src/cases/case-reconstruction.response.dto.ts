import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALERT_GROUNDS,
  ALERT_LEVELS,
  ALERT_STATUSES,
  AlertGround,
  AlertLevel,
  AlertStatus,
  OPERATION_STATUSES,
  OperationDeadlines,
  OperationPower,
  OperationStatus,
  PowerView,
  TimeLimit,
} from '@app/domain';
import { AlertSubjectResponse } from '../alerts/alert.response.dto';
import { CaseAccessActorResponse } from './case.response.dto';

export class ReconstructedEventResponse {
  @ApiProperty({ description: 'Global position; events are listed in the global order of the log' })
  position!: number;

  @ApiProperty({ example: 'operation-e2e-0001' })
  streamId!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty()
  eventId!: string;

  @ApiProperty({ example: 'OperationRegistered' })
  type!: string;

  @ApiProperty({ format: 'date-time', description: 'When the system recorded it' })
  recordedAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the fact is claimed to have happened (acceptedAt, at, decidedAt, effectiveFrom, …)',
  })
  claimedAt!: string | null;

  @ApiPropertyOptional({ type: CaseAccessActorResponse, description: 'Who recorded it; absent for the detectors' })
  actor?: { id: string; role: string; department?: string };

  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;

  @ApiProperty({ description: 'SHA-256 chain link of the event' })
  hash!: string;

  @ApiProperty()
  prevHash!: string;
}

export class ReconstructedPowerResponse {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'As the registration froze it' })
  frozenAtRegistration!: OperationPower;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'As in force on the acceptance date, by every fact recorded since (effective time)',
  })
  asOfAcceptance!: PowerView | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'As in force on the acceptance date by what the catalogue had recorded at registration (bitemporal)',
  })
  asRecordedAtRegistration!: PowerView | null;
}

export class ReconstructedDeadlinesResponse {
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  registered!: OperationDeadlines | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'After every extension' })
  inForce!: OperationDeadlines | null;
}

export class CalendarYearSourceResponse {
  @ApiProperty({ example: 2025 })
  year!: number;

  @ApiProperty({ enum: ['built-in', 'published'] })
  source!: 'built-in' | 'published';

  @ApiPropertyOptional({ description: 'The publication in force when the deadlines were computed' })
  eventId?: string;
}

export class ReconstructedCalendarResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'Version of the calendar stream used' })
  version!: number | null;

  @ApiProperty({ type: [CalendarYearSourceResponse] })
  years!: CalendarYearSourceResponse[];
}

export class ReconstructedOperationResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  streamId!: string;

  @ApiProperty()
  powerCode!: string;

  @ApiProperty()
  department!: string;

  @ApiProperty({ enum: OPERATION_STATUSES })
  status!: OperationStatus;

  @ApiProperty({ format: 'date-time' })
  acceptedAt!: string;

  @ApiProperty({ format: 'date' })
  acceptedOn!: string;

  @ApiProperty({ format: 'date-time', description: 'When the registration was recorded' })
  registeredAt!: string;

  @ApiProperty({ type: ReconstructedPowerResponse })
  power!: ReconstructedPowerResponse;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  timeLimit!: Required<TimeLimit> | null;

  @ApiProperty({ type: ReconstructedDeadlinesResponse })
  deadlines!: ReconstructedDeadlinesResponse;

  @ApiProperty({ type: ReconstructedCalendarResponse, description: 'The calendar that produced the deadlines' })
  calendar!: ReconstructedCalendarResponse;
}

export class AlertProofResponse {
  @ApiProperty()
  eventId!: string;

  @ApiProperty()
  streamId!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty()
  position!: number;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class ReconstructedAlertResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ALERT_GROUNDS })
  ground!: AlertGround;

  @ApiProperty({ example: '未按承诺时限办结' })
  groundLabel!: string;

  @ApiProperty({ enum: ALERT_LEVELS })
  level!: AlertLevel;

  @ApiProperty({
    description: 'The rule that fired (the cause within the ground)',
    example: 'committed-deadline-passed',
  })
  rule!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ type: AlertSubjectResponse })
  subject!: AlertSubjectResponse;

  @ApiProperty({ format: 'date-time' })
  raisedAt!: string;

  @ApiProperty({ enum: ALERT_STATUSES })
  status!: AlertStatus;

  @ApiProperty({ type: [AlertProofResponse], description: 'The events that prove it' })
  evidence!: AlertProofResponse[];
}

export class ReconstructedStreamResponse {
  @ApiProperty()
  streamId!: string;

  @ApiProperty({ description: 'Events of it in the reconstruction' })
  events!: number;
}

export class StreamIntegrityResponse {
  @ApiProperty()
  streamId!: string;

  @ApiProperty()
  eventsChecked!: number;

  @ApiProperty({ description: 'Every SHA-256 link of the stream recomputed and found intact' })
  intact!: boolean;
}

export class CaseReconstructionResponse {
  @ApiProperty({ example: 'AC-2025-0001' })
  caseId!: string;

  @ApiProperty({ type: [ReconstructedStreamResponse] })
  streams!: ReconstructedStreamResponse[];

  @ApiProperty({ type: [ReconstructedEventResponse], description: 'Every event of those streams, in global order' })
  events!: ReconstructedEventResponse[];

  @ApiProperty({ type: [ReconstructedOperationResponse] })
  operations!: ReconstructedOperationResponse[];

  @ApiProperty({ type: [ReconstructedAlertResponse] })
  alerts!: ReconstructedAlertResponse[];

  @ApiProperty({ type: [StreamIntegrityResponse] })
  integrity!: StreamIntegrityResponse[];
}
