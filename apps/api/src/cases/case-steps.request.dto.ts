import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsNumber, IsOptional, Matches, Min } from 'class-validator';
import {
  CASE_MEASURES,
  CASE_TIERS,
  CaseMeasure,
  CaseTier,
  DEPARTMENT_CODE_PATTERN,
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
import { DocumentInput, IsCalendarDate, IsInstant, IsNested, IsText } from '@app/contracts';

/**
 * The bodies of the steps of a case. The shapes are checked here only, every field at once; the case decider takes
 * typed commands and checks its rules (measures of the tier, periods, order), which live only there.
 */

export class AddEvidenceRequest {
  @ApiPropertyOptional({ description: 'What the evidence shows', example: '许可申请材料及办理记录' })
  @IsOptional()
  @IsText()
  description?: string;

  @ApiPropertyOptional({ type: [DocumentInput], description: 'Documents by name and SHA-256, never inline' })
  @IsOptional()
  @IsNested(() => DocumentInput, { each: true })
  @ArrayMaxSize(100)
  documents?: DocumentInput[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Ids of events of the log (each must exist)',
    example: ['0190a1b2-0000-7000-8000-000000000001'],
  })
  @IsOptional()
  @IsText(100, { each: true })
  @ArrayMaxSize(200)
  events?: string[];
}

export class NamePersonRequest {
  @ApiProperty({ example: '王五' })
  @IsText(100)
  name!: string;

  @ApiProperty({ description: '职务/岗位', example: '专卖管理科科员' })
  @IsText(200)
  post!: string;

  @ApiProperty({ example: 'YCJ' })
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as YCJ' })
  department!: string;

  @ApiProperty({ enum: RESPONSIBILITIES, description: '责任类型', example: 'direct' })
  @IsIn(RESPONSIBILITIES, { message: `responsibility must be one of ${RESPONSIBILITIES.join(', ')}` })
  responsibility!: Responsibility;
}

export class ConcludeInvestigationRequest {
  @ApiProperty({ description: '查明的事实', example: '承办人未在承诺的5个工作日内办结许可申请，无正当理由' })
  @IsText(20_000)
  facts!: string;

  @ApiProperty({ format: 'date-time', example: '2025-03-20T17:00:00+08:00' })
  @IsInstant()
  concludedAt!: string;
}

export class NotifyRightsRequest {
  @ApiProperty({
    format: 'date-time',
    description: 'When the notice was served; the period (configured, recorded on the case) counts from the next day',
    example: '2025-03-21T10:00:00+08:00',
  })
  @IsInstant()
  servedAt!: string;
}

export class RecordStatementRequest {
  @ApiProperty({ enum: STATEMENT_KINDS, description: '陈述 or 申辩', example: 'defence' })
  @IsIn(STATEMENT_KINDS, { message: `kind must be one of ${STATEMENT_KINDS.join(', ')}` })
  kind!: StatementKind;

  @ApiProperty({ example: '因系统故障导致延误，非本人原因' })
  @IsText(20_000)
  text!: string;

  @ApiProperty({ format: 'date-time', example: '2025-03-24T10:00:00+08:00' })
  @IsInstant()
  receivedAt!: string;
}

/** No responsibility, or a tier with measures of that tier. */
export class DecisionTermsInput {
  @ApiProperty({ enum: PERSON_OUTCOMES, example: 'responsible' })
  @IsIn(PERSON_OUTCOMES, { message: `outcome must be one of ${PERSON_OUTCOMES.join(', ')}` })
  outcome!: PersonOutcome;

  @ApiPropertyOptional({ enum: CASE_TIERS, description: '情节: required when responsible', example: 'serious' })
  @IsOptional()
  @IsIn(CASE_TIERS, { message: `tier must be one of ${CASE_TIERS.join(', ')}` })
  tier?: CaseTier;

  @ApiPropertyOptional({
    enum: CASE_MEASURES,
    isArray: true,
    description: 'Measures of the tier only (422 MEASURE_OUTSIDE_TIER otherwise); required when responsible',
    example: ['circulated-criticism'],
  })
  @IsOptional()
  @IsIn(CASE_MEASURES, { each: true, message: `each measure must be one of ${CASE_MEASURES.join(', ')}` })
  @ArrayMaxSize(CASE_MEASURES.length)
  measures?: CaseMeasure[];
}

export class DecidePersonRequest extends DecisionTermsInput {
  @ApiProperty({ example: '情节较重：延误办结且未及时说明' })
  @IsText(20_000)
  reasoning!: string;

  @ApiProperty({ format: 'date-time', example: '2025-03-31T10:00:00+08:00' })
  @IsInstant()
  decidedAt!: string;
}

export class DecideDepartmentRequest {
  @ApiProperty({ example: 'YCJ' })
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as YCJ' })
  department!: string;

  @ApiProperty({ enum: DEPARTMENT_MEASURES, isArray: true, example: ['performance-deduction'] })
  @IsIn(DEPARTMENT_MEASURES, { each: true, message: `each measure must be one of ${DEPARTMENT_MEASURES.join(', ')}` })
  @ArrayMaxSize(DEPARTMENT_MEASURES.length)
  measures!: DepartmentMeasure[];

  @ApiPropertyOptional({ description: '绩效扣分: the points deducted', example: 2 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'points must be a number' })
  @Min(0)
  points?: number;

  @ApiProperty({ example: '部门内部管理不到位' })
  @IsText(20_000)
  reasoning!: string;

  @ApiProperty({ format: 'date-time', example: '2025-03-31T10:00:00+08:00' })
  @IsInstant()
  decidedAt!: string;
}

export class RequestReviewRequest {
  @ApiProperty({ enum: REVIEW_KINDS, description: '复核, 复议 or 申诉', example: 'appeal' })
  @IsIn(REVIEW_KINDS, { message: `kind must be one of ${REVIEW_KINDS.join(', ')}` })
  kind!: ReviewKind;

  @ApiProperty({ example: '处理过重' })
  @IsText(20_000)
  reason!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Within the review period (configured, recorded on the case) after the decision',
    example: '2025-04-02T10:00:00+08:00',
  })
  @IsInstant()
  requestedAt!: string;
}

export class ConcludeReviewRequest {
  @ApiProperty({ enum: REVIEW_RESULTS, example: 'modified' })
  @IsIn(REVIEW_RESULTS, { message: `result must be one of ${REVIEW_RESULTS.join(', ')}` })
  result!: ReviewResult;

  @ApiPropertyOptional({ enum: PERSON_OUTCOMES, description: 'For modified: the new decision', example: 'responsible' })
  @IsOptional()
  @IsIn(PERSON_OUTCOMES, { message: `outcome must be one of ${PERSON_OUTCOMES.join(', ')}` })
  outcome?: PersonOutcome;

  @ApiPropertyOptional({ enum: CASE_TIERS, example: 'minor' })
  @IsOptional()
  @IsIn(CASE_TIERS, { message: `tier must be one of ${CASE_TIERS.join(', ')}` })
  tier?: CaseTier;

  @ApiPropertyOptional({ enum: CASE_MEASURES, isArray: true, example: ['admonition'] })
  @IsOptional()
  @IsIn(CASE_MEASURES, { each: true, message: `each measure must be one of ${CASE_MEASURES.join(', ')}` })
  @ArrayMaxSize(CASE_MEASURES.length)
  measures?: CaseMeasure[];

  @ApiProperty({ example: '情节较轻，改为诫勉教育' })
  @IsText(20_000)
  reasoning!: string;

  @ApiProperty({ format: 'date-time', example: '2025-04-10T10:00:00+08:00' })
  @IsInstant()
  concludedAt!: string;
}

export class AddCaseNoteRequest {
  @ApiProperty({ description: 'Internal to the investigators', example: '当事人配合调查' })
  @IsText(20_000)
  text!: string;
}

export class CloseCaseRequest {
  @ApiProperty({ example: '已作出处理决定并执行完毕' })
  @IsText(20_000)
  summary!: string;

  @ApiProperty({ format: 'date-time', example: '2025-04-25T10:00:00+08:00' })
  @IsInstant()
  closedAt!: string;
}

export class ReopenCaseRequest extends AddEvidenceRequest {
  @ApiProperty({ example: '发现新的证据' })
  @IsText(20_000)
  reason!: string;

  @ApiProperty({ format: 'date-time', example: '2025-05-06T10:00:00+08:00' })
  @IsInstant()
  reopenedAt!: string;
}

export class PublishOutcomeRequest {
  @ApiProperty({ description: '公开渠道', example: '局门户网站' })
  @IsText(200)
  channel!: string;

  @ApiProperty({ format: 'date', description: 'Not before the closure', example: '2025-04-28' })
  @IsCalendarDate()
  publishedOn!: string;
}
