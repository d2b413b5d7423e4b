import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsDefined, IsIn, IsOptional, Matches } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN, POWER_CATEGORIES, POWER_CODE_PATTERN, PowerCategory } from '@app/domain';
import {
  ApprovalInput,
  ClassificationInput,
  DisclosureInput,
  DiscretionBandInput,
  FeesInput,
  ProcessInput,
  TimeLimitInput,
} from './power-fields.request.dto';
import { IsNested, IsText, IsTextList, LegalBasisInput, LIST_MAX } from '../request-fields';
import { IsPlausibleDate } from '../request-bounds';

/** 设定/新增: every catalogue field of docs/domain.md, the approval and the date the power takes effect. */
export class GrantPowerRequest {
  @ApiProperty({ description: '权力编码', example: 'YC-CF-0001', pattern: POWER_CODE_PATTERN.source })
  @Matches(POWER_CODE_PATTERN, { message: 'code must be upper-case letters, digits and hyphens (e.g. YC-CF-0001)' })
  code!: string;

  @ApiProperty({ description: '项目名称', example: '对无准运证运输烟草专卖品的处罚' })
  @IsText(500)
  name!: string;

  @ApiProperty({ enum: POWER_CATEGORIES, description: '权力类别' })
  @IsIn(POWER_CATEGORIES)
  category!: PowerCategory;

  @ApiProperty({
    description: '实施主体 (a registered department)',
    example: 'YCJ',
    pattern: DEPARTMENT_CODE_PATTERN.source,
  })
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as YCJ' })
  department!: string;

  @ApiPropertyOptional({ description: '承办科室/大队' })
  @IsOptional()
  @IsText()
  responsibleUnit?: string;

  @ApiPropertyOptional({ description: '负责人' })
  @IsOptional()
  @IsText()
  responsiblePerson?: string;

  @ApiPropertyOptional({ description: '监管层级' })
  @IsOptional()
  @IsText()
  supervisionLevel?: string;

  @ApiProperty({ type: [LegalBasisInput], description: '权力依据: at least one' })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => LegalBasisInput, { each: true })
  @ArrayMaxSize(LIST_MAX)
  @ArrayMinSize(1, { message: 'legalBasis must name at least one legal basis' })
  legalBasis!: LegalBasisInput[];

  @ApiProperty({ type: TimeLimitInput })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => TimeLimitInput)
  timeLimit!: TimeLimitInput;

  @ApiPropertyOptional({ type: FeesInput, description: '收费及依据标准' })
  @IsOptional()
  @IsNested(() => FeesInput)
  fees?: FeesInput;

  @ApiPropertyOptional({ type: DisclosureInput, description: '公开形式/公开范围/公开时间' })
  @IsOptional()
  @IsNested(() => DisclosureInput)
  disclosure?: DisclosureInput;

  @ApiPropertyOptional({ type: ProcessInput, description: '运行流程' })
  @IsOptional()
  @IsNested(() => ProcessInput)
  process?: ProcessInput;

  @ApiPropertyOptional({ type: [DiscretionBandInput], description: '自由裁量基准 (penalties only)' })
  @IsOptional()
  @IsNested(() => DiscretionBandInput, { each: true })
  @ArrayMaxSize(LIST_MAX)
  discretion?: DiscretionBandInput[];

  @ApiPropertyOptional({ type: [String], description: '许可条件 (licensing only)' })
  @IsOptional()
  @IsTextList()
  licensingConditions?: string[];

  @ApiPropertyOptional({ description: 'Operations on it must be registered (重要行政权力)', default: false })
  @IsOptional()
  @IsBoolean()
  important?: boolean;

  @ApiPropertyOptional({ type: ClassificationInput, description: 'Default: not classified' })
  @IsOptional()
  @IsNested(() => ClassificationInput)
  classification?: ClassificationInput;

  @ApiProperty({ type: ApprovalInput })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => ApprovalInput)
  approval!: ApprovalInput;

  @ApiProperty({ format: 'date', example: '2025-01-01', description: 'May be in the past or the future' })
  @IsPlausibleDate()
  effectiveFrom!: string;
}
