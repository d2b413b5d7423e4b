import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { DISCRETION_LEVELS, DiscretionLevel, TIME_LIMIT_UNITS, TimeLimitUnit } from '@app/domain';
import { IsPlausibleDate, REQUEST_BOUNDS } from '../request-bounds';
import { LIST_MAX, IsText, IsTextList, IsNested } from '../request-fields';

/**
 * The catalogue's value shapes (the HTTP contract's shapes, docs/architecture.md) as request bodies, for the API and
 * the CLI's catalogue import. These check the shapes and report every field at once; the catalogue rules that relate
 * fields (committed ≤ legal, discretion only for penalties, a classified power's reason) are the power decider's.
 */

export class ApprovalInput {
  @ApiProperty({ description: '审定机关', example: '宁国市规范行政权力运行工作领导小组' })
  @IsText()
  authority!: string;

  @ApiProperty({ description: '审定文号', example: '宁城监〔2009〕35号' })
  @IsText(200)
  documentNo!: string;

  @ApiProperty({ description: '审定日期', example: '2024-12-20', format: 'date' })
  @IsPlausibleDate()
  date!: string;
}

export class TimeLimitInput {
  @ApiProperty({ description: '法定时限', example: 20, minimum: 1, maximum: REQUEST_BOUNDS.days })
  @IsInt()
  @Min(1)
  @Max(REQUEST_BOUNDS.days)
  legalDays!: number;

  @ApiProperty({
    description: '承诺时限 (at most legalDays; one third shorter is recommended)',
    example: 10,
    minimum: 1,
    maximum: REQUEST_BOUNDS.days,
  })
  @IsInt()
  @Min(1)
  @Max(REQUEST_BOUNDS.days)
  committedDays!: number;

  @ApiPropertyOptional({ enum: TIME_LIMIT_UNITS, default: 'working' })
  @IsOptional()
  @IsIn(TIME_LIMIT_UNITS)
  unit?: TimeLimitUnit;
}

/** A change may give only the parts of the time limit that change. */
export class TimeLimitChangeInput {
  @ApiPropertyOptional({ minimum: 1, maximum: REQUEST_BOUNDS.days })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(REQUEST_BOUNDS.days)
  legalDays?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: REQUEST_BOUNDS.days })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(REQUEST_BOUNDS.days)
  committedDays?: number;

  @ApiPropertyOptional({ enum: TIME_LIMIT_UNITS })
  @IsOptional()
  @IsIn(TIME_LIMIT_UNITS)
  unit?: TimeLimitUnit;
}

export class FeesInput {
  @ApiProperty({ description: '是否收费' })
  @IsBoolean()
  charged!: boolean;

  @ApiPropertyOptional({ description: '收费标准' })
  @IsOptional()
  @IsText()
  standard?: string;

  @ApiPropertyOptional({ description: '收费依据' })
  @IsOptional()
  @IsText()
  basis?: string;
}

export class DisclosureInput {
  @ApiPropertyOptional({ description: '公开形式' })
  @IsOptional()
  @IsText()
  form?: string;

  @ApiPropertyOptional({ description: '公开范围' })
  @IsOptional()
  @IsText()
  scope?: string;

  @ApiPropertyOptional({ description: '公开时间' })
  @IsOptional()
  @IsText()
  timing?: string;
}

export class ProcessStepInput {
  @ApiProperty({ example: '受理' })
  @IsText()
  name!: string;

  @ApiProperty({ description: '承办岗位', example: '窗口受理岗' })
  @IsText()
  post!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: REQUEST_BOUNDS.days })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(REQUEST_BOUNDS.days)
  days?: number;
}

export class ProcessInput {
  @ApiPropertyOptional({ description: '行使条件', type: [String] })
  @IsOptional()
  @IsTextList()
  conditions?: string[];

  @ApiPropertyOptional({ type: [ProcessStepInput], maxItems: LIST_MAX })
  @IsOptional()
  @IsNested(() => ProcessStepInput, { each: true })
  @ArrayMaxSize(LIST_MAX)
  steps?: ProcessStepInput[];

  @ApiPropertyOptional({ description: '相关接口', type: [String] })
  @IsOptional()
  @IsTextList()
  interfaces?: string[];

  @ApiPropertyOptional({ description: '监督制约环节', type: [String] })
  @IsOptional()
  @IsTextList()
  checkpoints?: string[];

  @ApiPropertyOptional({ description: '相对人权利 (陈述, 申辩, 听证, 复议, 诉讼)', type: [String] })
  @IsOptional()
  @IsTextList()
  counterpartyRights?: string[];

  @ApiPropertyOptional({ description: '投诉举报途径', type: [String] })
  @IsOptional()
  @IsTextList()
  complaintChannels?: string[];
}

export class DiscretionBandInput {
  @ApiProperty({ enum: DISCRETION_LEVELS })
  @IsIn(DISCRETION_LEVELS)
  level!: DiscretionLevel;

  @ApiProperty({ example: '初次违法且数量较小' })
  @IsText()
  conditions!: string;

  @ApiProperty({ description: 'yuan', minimum: 0, maximum: REQUEST_BOUNDS.yuan })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(REQUEST_BOUNDS.yuan)
  min!: number;

  @ApiProperty({ description: 'yuan', minimum: 0, maximum: REQUEST_BOUNDS.yuan })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(REQUEST_BOUNDS.yuan)
  max!: number;
}

export class ClassificationInput {
  @ApiProperty({ description: '涉密不宜公开' })
  @IsBoolean()
  classified!: boolean;

  @ApiPropertyOptional({ description: 'Required when classified' })
  @IsOptional()
  @IsText()
  reason?: string;
}
