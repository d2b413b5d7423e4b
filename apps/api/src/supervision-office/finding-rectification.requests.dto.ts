import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import {
  ALERT_GROUNDS,
  AlertGround,
  DEPARTMENT_CODE_PATTERN,
  FINDING_ID_PATTERN,
  FINDING_KINDS,
  FINDING_SOURCE_KINDS,
  FindingKind,
  FindingSourceKind,
  RECTIFICATION_ID_PATTERN,
  RECTIFICATION_SOURCE_KINDS,
  RectificationSourceKind,
} from '@app/domain';
import { DocumentInput, IsCalendarDate, IsInstant, IsNested, IsText } from '@app/contracts';

export class FindingSourceInput {
  @ApiProperty({ enum: FINDING_SOURCE_KINDS, example: 'inspection' })
  @IsIn(FINDING_SOURCE_KINDS, { message: `kind must be one of ${FINDING_SOURCE_KINDS.join(', ')}` })
  kind!: FindingSourceKind;

  @ApiPropertyOptional({ description: 'The inspection, complaint or alert (must exist); absent for own-initiative' })
  @IsOptional()
  @IsText(300)
  id?: string;
}

export class RecordFindingRequest {
  @ApiPropertyOptional({ description: 'The finding id; generated when absent', pattern: FINDING_ID_PATTERN.source })
  @IsOptional()
  @Matches(FINDING_ID_PATTERN, { message: `id must match ${FINDING_ID_PATTERN.source}` })
  id?: string;

  @ApiProperty({ enum: FINDING_KINDS, description: '问题类型', example: 'slow-action' })
  @IsIn(FINDING_KINDS, { message: `kind must be one of ${FINDING_KINDS.join(', ')}` })
  kind!: FindingKind;

  @ApiProperty({ example: 'CG' })
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as CG' })
  department!: string;

  @ApiProperty({ type: FindingSourceInput })
  @IsNested(() => FindingSourceInput)
  source!: FindingSourceInput;

  @ApiPropertyOptional({ type: [String], description: 'Operations concerned', example: ['OP-2025-0001'] })
  @IsOptional()
  @IsText(200, { each: true })
  @ArrayMaxSize(200)
  operations?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Powers concerned', example: ['CG-XK-001'] })
  @IsOptional()
  @IsText(100, { each: true })
  @ArrayMaxSize(200)
  powers?: string[];

  @ApiProperty({ description: '查实的事实', example: '受理后二十个工作日未作任何处理' })
  @IsText(20000)
  facts!: string;

  @ApiPropertyOptional({ type: [DocumentInput] })
  @IsOptional()
  @IsNested(() => DocumentInput, { each: true })
  @ArrayMaxSize(100)
  evidence?: DocumentInput[];

  @ApiProperty({
    enum: ALERT_GROUNDS,
    description: 'The ground of accountability it supports; 3, 8 and 10 raise an alert',
    example: 1,
  })
  @IsIn(ALERT_GROUNDS, { message: 'ground must be an integer from 1 to 10' })
  ground!: AlertGround;

  @ApiProperty({ format: 'date', example: '2025-03-03' })
  @IsCalendarDate()
  foundOn!: string;
}

export class RectificationSourceInput {
  @ApiProperty({ enum: RECTIFICATION_SOURCE_KINDS, example: 'finding' })
  @IsIn(RECTIFICATION_SOURCE_KINDS, { message: `kind must be one of ${RECTIFICATION_SOURCE_KINDS.join(', ')}` })
  kind!: RectificationSourceKind;

  @ApiProperty({
    description: 'The finding, alert, complaint, inspection or case (must exist)',
    example: 'F-2025-0001',
  })
  @IsText(300)
  id!: string;
}

export class OrderRectificationRequest {
  @ApiPropertyOptional({ description: 'The order id; generated when absent', pattern: RECTIFICATION_ID_PATTERN.source })
  @IsOptional()
  @Matches(RECTIFICATION_ID_PATTERN, { message: `id must match ${RECTIFICATION_ID_PATTERN.source}` })
  id?: string;

  @ApiProperty({ example: 'CG' })
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as CG' })
  department!: string;

  @ApiProperty({ type: RectificationSourceInput })
  @IsNested(() => RectificationSourceInput)
  source!: RectificationSourceInput;

  @ApiProperty({ description: '整改要求', example: '十个工作日内办结积压案件并报送整改报告' })
  @IsText(20000)
  requirements!: string;

  @ApiPropertyOptional({ format: 'date', description: 'Day of the order; today (Asia/Shanghai) when absent' })
  @IsOptional()
  @IsCalendarDate()
  orderedOn?: string;

  @ApiProperty({ description: 'Working days to report (限期)', example: 10 })
  @IsInt()
  @Min(1)
  @Max(365)
  withinWorkingDays!: number;
}

export class ReportRectificationRequest {
  @ApiProperty({ description: '整改情况', example: '积压案件已全部办结' })
  @IsText(20000)
  actions!: string;

  @ApiProperty({ type: [DocumentInput], description: 'At least one document' })
  @IsNested(() => DocumentInput, { each: true })
  @ArrayMaxSize(100)
  documents!: DocumentInput[];

  @ApiProperty({ format: 'date-time', example: '2025-03-12T10:00:00+08:00' })
  @IsInstant()
  reportedAt!: string;
}

export class AcceptRectificationRequest {
  @ApiPropertyOptional({ example: '整改到位' })
  @IsOptional()
  @IsText()
  note?: string;
}

export class RejectRectificationRequest {
  @ApiProperty({ example: '未附办结文书' })
  @IsText()
  reasons!: string;
}
