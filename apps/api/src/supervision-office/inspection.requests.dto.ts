import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import {
  DEPARTMENT_CODE_PATTERN,
  INSPECTION_ACTIVITY_KINDS,
  INSPECTION_ID_PATTERN,
  INSPECTION_KINDS,
  INSPECTION_MANNERS,
  InspectionActivityKind,
  InspectionKind,
  InspectionManner,
  VISIT_FORMS,
  VisitForm,
} from '@app/domain';
import { DocumentInput, IsCalendarDate, IsInstant, IsNested, IsText } from '@app/contracts';

export class InspectionScopeInput {
  @ApiProperty({ type: [String], example: ['CG'] })
  @Matches(DEPARTMENT_CODE_PATTERN, { each: true, message: 'each department must be a department code such as CG' })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  departments!: string[];

  @ApiPropertyOptional({ type: [String], description: 'Only these powers; all when absent or empty' })
  @IsOptional()
  @IsText(100, { each: true })
  @ArrayMaxSize(500)
  powers?: string[];

  @ApiProperty({ format: 'date', description: 'Operations accepted on or after this day', example: '2025-01-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ format: 'date', description: 'Operations accepted on or before this day', example: '2025-12-31' })
  @IsCalendarDate()
  to!: string;
}

export class PlanInspectionRequest {
  @ApiPropertyOptional({
    description: 'The inspection id; generated when absent',
    pattern: INSPECTION_ID_PATTERN.source,
  })
  @IsOptional()
  @Matches(INSPECTION_ID_PATTERN, { message: `id must match ${INSPECTION_ID_PATTERN.source}` })
  id?: string;

  @ApiProperty({ example: '2025年度行政许可不定期抽查' })
  @IsText(500)
  title!: string;

  @ApiProperty({ enum: INSPECTION_KINDS, example: 'random' })
  @IsIn(INSPECTION_KINDS, { message: `kind must be one of ${INSPECTION_KINDS.join(', ')}` })
  kind!: InspectionKind;

  @ApiProperty({ enum: INSPECTION_MANNERS, example: 'open' })
  @IsIn(INSPECTION_MANNERS, { message: `manner must be one of ${INSPECTION_MANNERS.join(', ')}` })
  manner!: InspectionManner;

  @ApiProperty({ type: InspectionScopeInput })
  @IsNested(() => InspectionScopeInput)
  scope!: InspectionScopeInput;

  @ApiPropertyOptional({ format: 'date', description: 'Today (Asia/Shanghai) when absent' })
  @IsOptional()
  @IsCalendarDate()
  plannedOn?: string;
}

export class DrawSampleRequest {
  @ApiProperty({ description: 'How many operations to draw', example: 10 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  size!: number;

  @ApiPropertyOptional({
    description: 'The global log position the population is taken at; the head of the log when absent',
    example: 1200,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  atPosition?: number;

  @ApiPropertyOptional({
    description: 'The seed; when absent, derived from the log: SHA-256 of the position and the hash of its event',
    example: '2026-01-05 抽签 0417',
  })
  @IsOptional()
  @IsText(200)
  seed?: string;
}

export class RecordActivityRequest {
  @ApiProperty({ enum: INSPECTION_ACTIVITY_KINDS, example: 'follow-up-visit' })
  @IsIn(INSPECTION_ACTIVITY_KINDS, { message: `kind must be one of ${INSPECTION_ACTIVITY_KINDS.join(', ')}` })
  kind!: InspectionActivityKind;

  @ApiProperty({ format: 'date-time', example: '2026-01-07T10:00:00+08:00' })
  @IsInstant()
  at!: string;

  @ApiProperty({ description: 'Who was interviewed or visited, or whose files were read', example: '申请人李四' })
  @IsText(500)
  who!: string;

  @ApiPropertyOptional({ enum: VISIT_FORMS, description: '回访形式', example: 'phone' })
  @IsOptional()
  @IsIn(VISIT_FORMS, { message: `form must be one of ${VISIT_FORMS.join(', ')}` })
  form?: VisitForm;

  @ApiPropertyOptional({ example: 'OP-2025-0001' })
  @IsOptional()
  @IsText(200)
  operationId?: string;

  @ApiProperty({ description: 'Opinions heard, or what the files showed', example: '对办理时限表示满意' })
  @IsText(20000)
  opinions!: string;
}

export class ReportInspectionRequest {
  @ApiProperty({ example: '抽查10件，发现缓作为1件，已责令整改' })
  @IsText(20000)
  summary!: string;

  @ApiPropertyOptional({ type: [DocumentInput] })
  @IsOptional()
  @IsNested(() => DocumentInput, { each: true })
  @ArrayMaxSize(100)
  documents?: DocumentInput[];

  @ApiPropertyOptional({ format: 'date', description: 'Today (Asia/Shanghai) when absent' })
  @IsOptional()
  @IsCalendarDate()
  reportedOn?: string;
}
