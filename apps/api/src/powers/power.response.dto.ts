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
} from './power-fields.request.dto';

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
}

export class PowerPageResponse {
  @ApiProperty({ type: [PowerResponse] })
  items!: PowerResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor!: string | null;
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
}

export class PowerTimelineResponse {
  @ApiProperty({ example: 'power-YC-CF-0001' })
  streamId!: string;

  @ApiProperty({ type: [PowerTimelineItemResponse], description: 'Every event of the power, oldest first' })
  items!: PowerTimelineItemResponse[];
}
