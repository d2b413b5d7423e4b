import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  buildMessage,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { DISCRETION_LEVELS, DiscretionLevel, isValidDate, TIME_LIMIT_UNITS, TimeLimitUnit } from '@app/domain';
import { IsPlausibleDate, REQUEST_BOUNDS } from '../http/request-bounds';

/**
 * The catalogue's value shapes (the HTTP contract's shapes, docs/architecture.md) as request bodies. These check the shapes and
 * report every field at once; the power decider checks them again with the catalogue rules (committed ≤ legal,
 * discretion only for penalties, ...), which live only there.
 */

const TEXT_MAX = 2000;

/** Lists of a power's parts (legal bases, process steps, conditions, ...): more than this is not a catalogue entry. */
export const LIST_MAX = 100;

const INSTANT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A full ISO-8601 instant, e.g. 2025-09-30T09:00:00+08:00: date, time and offset (a bare date would be ambiguous by
 * a day), on a date that exists (no 2025-02-30T…).
 */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && isValidDate(value.slice(0, 10));
}

/** A calendar date YYYY-MM-DD that exists (no 2025-02-30). */
export function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: isValidDate,
      defaultMessage: buildMessage((each) => `${each}$property must be a valid date YYYY-MM-DD`),
    },
  });
}

/** Non-empty text of reasonable length: one message whatever is wrong with it. */
export function IsText(max = TEXT_MAX, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isText',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim() !== '' && value.length <= max,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a non-empty text of at most ${max} characters`,
        ),
      },
    },
    options,
  );
}

/** A list of non-empty texts, at most LIST_MAX. */
export function IsTextList(): PropertyDecorator {
  return (target, property) => {
    IsArray()(target, property);
    ArrayMaxSize(LIST_MAX)(target, property);
    IsText(TEXT_MAX, { each: true })(target, property);
  };
}

/** A nested object of `type`, validated in turn (unknown fields inside it are rejected too). */
export function IsNested(type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator {
  return (target, property) => {
    if (options.each) IsArray()(target, property);
    ValidateNested({
      each: options.each,
      message: options.each ? '$property must be a list of objects' : '$property must be an object',
    })(target, property);
    Type(type)(target, property);
  };
}

export class LegalBasisInput {
  @ApiProperty({ description: '法律法规名称', example: '中华人民共和国烟草专卖法实施条例' })
  @IsText()
  title!: string;

  @ApiProperty({ description: '条款', example: '第五十六条' })
  @IsText()
  article!: string;

  @ApiPropertyOptional({ description: '条文内容' })
  @IsOptional()
  @IsText(20000)
  text?: string;
}

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
