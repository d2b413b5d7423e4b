import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALERT_GROUNDS,
  AlertGround,
  CASE_ACCESS_KINDS,
  CASE_EVENT_TYPES,
  CASE_MEASURES,
  CASE_ORIGIN_KINDS,
  CASE_STATUSES,
  CASE_TIERS,
  CaseAccessKind,
  CaseEventType,
  CaseMeasure,
  CaseOriginKind,
  CaseStatus,
  CaseTier,
  DEPARTMENT_MEASURES,
  DepartmentMeasure,
  PERSON_OUTCOMES,
  PersonOutcome,
  RESPONSIBILITIES,
  Responsibility,
  REVIEW_KINDS,
  REVIEW_RESULTS,
  ReviewKind,
  ReviewResult,
  STATEMENT_KINDS,
  StatementKind,
} from '@app/domain';

export class CaseOriginResponse {
  @ApiProperty({ enum: CASE_ORIGIN_KINDS })
  kind!: CaseOriginKind;

  @ApiPropertyOptional({ example: 'op:e2e-0001:g7:committed-deadline-passed' })
  id?: string;
}

export class CaseDocumentResponse {
  @ApiProperty({ example: '调查笔录.pdf' })
  name!: string;

  @ApiProperty({ description: 'SHA-256, lowercase hex' })
  sha256!: string;
}

export class CaseEvidenceEventResponse {
  @ApiProperty()
  eventId!: string;

  @ApiProperty({ example: 'operation-e2e-0001' })
  streamId!: string;
}

export class CaseEvidenceResponse {
  @ApiProperty({ example: 'E1' })
  evidenceId!: string;

  @ApiPropertyOptional()
  description?: string;

  @ApiProperty({ type: [CaseDocumentResponse] })
  documents!: CaseDocumentResponse[];

  @ApiProperty({ type: [CaseEvidenceEventResponse] })
  events!: CaseEvidenceEventResponse[];

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class RightsNoticeResponse {
  @ApiProperty({ format: 'date-time' })
  servedAt!: string;

  @ApiProperty({ format: 'date' })
  servedOn!: string;

  @ApiProperty({ description: 'The period recorded on the case', example: 5 })
  periodWorkingDays!: number;

  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'Last day to answer; null while the calendar does not know its days',
  })
  answerBy!: string | null;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class StatementResponse {
  @ApiProperty({ enum: STATEMENT_KINDS })
  kind!: StatementKind;

  @ApiProperty()
  text!: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class PersonDecisionResponse {
  @ApiProperty({ enum: [...PERSON_OUTCOMES, 'revoked'] })
  outcome!: PersonOutcome | 'revoked';

  @ApiPropertyOptional({ enum: CASE_TIERS })
  tier?: CaseTier;

  @ApiProperty({ enum: CASE_MEASURES, isArray: true })
  measures!: CaseMeasure[];

  @ApiProperty()
  reasoning!: string;

  @ApiProperty({ format: 'date-time', description: 'The decision, or the review conclusion that made it so' })
  decidedAt!: string;

  @ApiProperty({ enum: ['decision', 'upheld', 'modified', 'revoked'] })
  by!: 'decision' | 'upheld' | 'modified' | 'revoked';
}

export class ReviewConclusionResponse {
  @ApiProperty({ enum: REVIEW_RESULTS })
  result!: ReviewResult;

  @ApiPropertyOptional({ enum: PERSON_OUTCOMES })
  outcome?: PersonOutcome;

  @ApiPropertyOptional({ enum: CASE_TIERS })
  tier?: CaseTier;

  @ApiPropertyOptional({ enum: CASE_MEASURES, isArray: true })
  measures?: CaseMeasure[];

  @ApiProperty()
  reasoning!: string;

  @ApiProperty({ format: 'date-time' })
  concludedAt!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class PersonReviewResponse {
  @ApiProperty({ enum: REVIEW_KINDS })
  kind!: ReviewKind;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ example: 20 })
  periodWorkingDays!: number;

  @ApiProperty({ format: 'date', nullable: true, type: String })
  requestBy!: string | null;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiPropertyOptional({ type: ReviewConclusionResponse })
  conclusion?: ReviewConclusionResponse;
}

export class CasePersonResponse {
  @ApiProperty({ example: 'P1' })
  personId!: string;

  @ApiProperty({ example: '王五' })
  name!: string;

  @ApiProperty({ example: '专卖管理科科员' })
  post!: string;

  @ApiProperty({ example: 'YCJ' })
  department!: string;

  @ApiProperty({ enum: RESPONSIBILITIES })
  responsibility!: Responsibility;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiProperty({ type: RightsNoticeResponse, nullable: true })
  notice!: RightsNoticeResponse | null;

  @ApiProperty({ type: [StatementResponse] })
  statements!: StatementResponse[];

  @ApiProperty({ type: PersonDecisionResponse, nullable: true, description: 'The decision in force' })
  decision!: PersonDecisionResponse | null;

  @ApiProperty({ type: [PersonReviewResponse] })
  reviews!: PersonReviewResponse[];
}

export class InvestigationResponse {
  @ApiProperty()
  facts!: string;

  @ApiProperty({ format: 'date-time' })
  concludedAt!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class DepartmentDecisionResponse {
  @ApiProperty({ example: 'YCJ' })
  department!: string;

  @ApiProperty({ enum: DEPARTMENT_MEASURES, isArray: true })
  measures!: DepartmentMeasure[];

  @ApiPropertyOptional({ example: 2 })
  points?: number;

  @ApiProperty()
  reasoning!: string;

  @ApiProperty({ format: 'date-time' })
  decidedAt!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class CaseNoteResponse {
  @ApiProperty()
  text!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class CaseClosureResponse {
  @ApiProperty()
  summary!: string;

  @ApiProperty({ format: 'date-time' })
  closedAt!: string;

  @ApiProperty({ type: [String] })
  alertIds!: string[];

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class CaseReopeningResponse {
  @ApiProperty()
  reason!: string;

  @ApiProperty({ format: 'date-time' })
  reopenedAt!: string;

  @ApiProperty({ example: 'E2' })
  evidenceId!: string;

  @ApiProperty({ type: [CaseDocumentResponse] })
  documents!: CaseDocumentResponse[];

  @ApiProperty({ type: [CaseEvidenceEventResponse] })
  events!: CaseEvidenceEventResponse[];

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class CasePublicationResponse {
  @ApiProperty({ example: '局门户网站' })
  channel!: string;

  @ApiProperty({ format: 'date' })
  publishedOn!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class CaseResponse {
  @ApiProperty({ example: 'case-AC-2025-0001' })
  streamId!: string;

  @ApiProperty({ example: 'AC-2025-0001' })
  id!: string;

  @ApiProperty({ enum: CASE_STATUSES })
  status!: CaseStatus;

  @ApiProperty({ type: [CaseOriginResponse] })
  origins!: CaseOriginResponse[];

  @ApiProperty({ enum: ALERT_GROUNDS, isArray: true })
  grounds!: AlertGround[];

  @ApiProperty({ type: [String], description: 'Named at opening, and every named person’s department' })
  departments!: string[];

  @ApiProperty()
  summary!: string;

  @ApiProperty({ format: 'date-time', description: 'Claimed; `recordedAt` is when it was recorded' })
  openedAt!: string;

  @ApiProperty({ type: [String], description: 'The alerts it was opened from; resolved when it closes' })
  alerts!: string[];

  @ApiProperty({ description: 'The rights period in force when opened', example: 5 })
  rightsPeriodWorkingDays!: number;

  @ApiProperty({ description: 'The review period in force when opened', example: 20 })
  reviewPeriodWorkingDays!: number;

  @ApiProperty({ type: [CaseEvidenceResponse] })
  evidence!: CaseEvidenceResponse[];

  @ApiProperty({ type: [CasePersonResponse] })
  persons!: CasePersonResponse[];

  @ApiProperty({ type: InvestigationResponse, nullable: true })
  investigation!: InvestigationResponse | null;

  @ApiProperty({ type: [DepartmentDecisionResponse] })
  departmentDecisions!: DepartmentDecisionResponse[];

  @ApiPropertyOptional({ type: [CaseNoteResponse], description: 'Investigators’ internal notes; not for departments' })
  notes?: CaseNoteResponse[];

  @ApiProperty({ type: CaseClosureResponse, nullable: true })
  closure!: CaseClosureResponse | null;

  @ApiProperty({ type: [CaseReopeningResponse] })
  reopenings!: CaseReopeningResponse[];

  @ApiProperty({
    type: CasePublicationResponse,
    nullable: true,
    description: 'The disclosure (通报) since the closure',
  })
  publication!: CasePublicationResponse | null;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiProperty({ description: "Version of the case's stream; also the ETag" })
  version!: number;
}

export class CasePageResponse {
  @ApiProperty({ type: [CaseResponse], description: 'Newest first' })
  items!: CaseResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class CaseWrittenResponse {
  @ApiProperty({ example: 'case-AC-2025-0001' })
  streamId!: string;

  @ApiProperty({ example: 'AC-2025-0001' })
  id!: string;

  @ApiProperty({ description: 'Stream version after the write; also the ETag' })
  version!: number;

  @ApiProperty({ description: 'Global position of the event written' })
  position!: number;

  @ApiProperty({ enum: CASE_EVENT_TYPES })
  type!: CaseEventType;

  @ApiPropertyOptional({ description: 'The person named', example: 'P1' })
  personId?: string;

  @ApiPropertyOptional({ description: 'The evidence added', example: 'E1' })
  evidenceId?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'A rights notice’s last day' })
  answerBy?: string | null;
}

export class CaseAccessActorResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty({ example: 'investigator' })
  role!: string;

  @ApiPropertyOptional()
  department?: string;
}

export class CaseAccessResponse {
  @ApiProperty({ enum: CASE_ACCESS_KINDS })
  what!: CaseAccessKind;

  @ApiProperty({ type: CaseAccessActorResponse })
  by!: CaseAccessActorResponse;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'Global position of the access record' })
  position!: number;
}

export class CaseAccessPageResponse {
  @ApiProperty({ type: [CaseAccessResponse], description: 'Oldest first' })
  items!: CaseAccessResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class OutcomeGroundResponse {
  @ApiProperty({ enum: ALERT_GROUNDS })
  ground!: AlertGround;

  @ApiProperty({ example: '未按承诺时限办结' })
  label!: string;
}

export class OutcomePersonResponse {
  @ApiPropertyOptional({ description: 'Masked (王*), or absent, per CASE_PUBLIC_NAMES', example: '王*' })
  name?: string;

  @ApiProperty({ example: '专卖管理科科员' })
  post!: string;

  @ApiProperty({ example: 'YCJ' })
  department!: string;

  @ApiProperty({ enum: RESPONSIBILITIES })
  responsibility!: Responsibility;

  @ApiProperty({ enum: CASE_TIERS })
  tier!: CaseTier;

  @ApiProperty({ enum: CASE_MEASURES, isArray: true })
  measures!: CaseMeasure[];
}

export class OutcomeDepartmentDecisionResponse {
  @ApiProperty({ example: 'YCJ' })
  department!: string;

  @ApiProperty({ enum: DEPARTMENT_MEASURES, isArray: true })
  measures!: string[];

  @ApiPropertyOptional({ example: 2 })
  points?: number;
}

export class CaseOutcomeResponse {
  @ApiProperty({ example: 'AC-2025-0001' })
  id!: string;

  @ApiProperty({ type: [OutcomeGroundResponse] })
  grounds!: OutcomeGroundResponse[];

  @ApiProperty({ type: [String] })
  departments!: string[];

  @ApiProperty({ format: 'date-time' })
  closedAt!: string;

  @ApiProperty({ type: CasePublicationResponse })
  publication!: { channel: string; publishedOn: string };

  @ApiProperty({ type: [OutcomePersonResponse], description: 'Those held responsible, with the decisions in force' })
  persons!: OutcomePersonResponse[];

  @ApiProperty({ type: [OutcomeDepartmentDecisionResponse] })
  departmentDecisions!: OutcomeDepartmentDecisionResponse[];
}

export class CaseOutcomePageResponse {
  @ApiProperty({ type: [CaseOutcomeResponse], description: 'Newest case first' })
  items!: CaseOutcomeResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
