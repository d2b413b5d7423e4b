import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, Matches } from 'class-validator';
import {
  ALERT_GROUNDS,
  AlertGround,
  CASE_ID_PATTERN,
  CASE_ORIGIN_KINDS,
  CaseOriginKind,
  DEPARTMENT_CODE_PATTERN,
} from '@app/domain';
import { IsInstant, IsNested, IsText } from '@app/contracts';

export class CaseOriginInput {
  @ApiProperty({ enum: CASE_ORIGIN_KINDS, description: '案件来源', example: 'alert' })
  @IsIn(CASE_ORIGIN_KINDS, { message: `kind must be one of ${CASE_ORIGIN_KINDS.join(', ')}` })
  kind!: CaseOriginKind;

  @ApiPropertyOptional({
    description: 'The alert, finding, complaint or referral; absent for own-initiative. An alert must exist.',
    example: 'op:e2e-0001:g7:committed-deadline-passed',
  })
  @IsOptional()
  @IsText(300)
  id?: string;
}

export class OpenCaseRequest {
  @ApiPropertyOptional({
    description: 'The case id (立案编号); generated when absent',
    example: 'AC-2025-0001',
    pattern: CASE_ID_PATTERN.source,
  })
  @IsOptional()
  @Matches(CASE_ID_PATTERN, { message: `id must match ${CASE_ID_PATTERN.source}` })
  id?: string;

  @ApiProperty({ type: [CaseOriginInput], description: 'Where the case comes from: one or more' })
  @IsNested(() => CaseOriginInput, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  origins!: CaseOriginInput[];

  @ApiProperty({ enum: ALERT_GROUNDS, isArray: true, description: 'Grounds 1–10 (责任追究制度 第五条)', example: [7] })
  @IsIn(ALERT_GROUNDS, { each: true, message: 'each ground must be an integer from 1 to 10' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  grounds!: AlertGround[];

  @ApiProperty({ type: [String], description: 'The departments concerned', example: ['YCJ'] })
  @Matches(DEPARTMENT_CODE_PATTERN, { each: true, message: 'each department must be a department code such as YCJ' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  departments!: string[];

  @ApiProperty({ description: '案由', example: '烟草专卖零售许可超过承诺时限办结' })
  @IsText()
  summary!: string;

  @ApiProperty({ format: 'date-time', description: '立案时间', example: '2025-03-12T09:00:00+08:00' })
  @IsInstant()
  openedAt!: string;
}
