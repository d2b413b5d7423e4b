import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { buildMessage, IsBoolean, IsIn, IsNumber, IsOptional, Matches, Max, Min, ValidateBy } from 'class-validator';
import {
  COUNTERPARTY_KINDS,
  CounterpartyKind,
  DISCRETION_LEVELS,
  DiscretionLevel,
  OPERATION_SHA256_PATTERN,
} from '@app/domain';
import { isPlausibleDate, plausibleDates, REQUEST_BOUNDS } from '../http/request-bounds';
import { isInstant, IsText } from '../powers/power-fields.request.dto';

/**
 * The value shapes of operation requests (the HTTP contract's shapes, docs/architecture.md). These check shapes and report every
 * field at once; the operation decider checks them again with its rules (acceptance not in the future, penalty only
 * with outcome penalty, ...), which live only there.
 */

/**
 * An instant with date, time and offset (isInstant) on a plausible date (isPlausibleDate: the date as written, which
 * an offset moves by a day at most).
 */
export function IsInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => isInstant(value) && isPlausibleDate(value.slice(0, 10)),
      defaultMessage: buildMessage((each, args) =>
        isInstant(args?.value)
          ? `${each}$property must be ${plausibleDates()}`
          : `${each}$property must be a timestamp with time and offset, e.g. 2025-09-30T09:00:00+08:00`,
      ),
    },
  });
}

/** Identity numbers (居民身份证, 统一社会信用代码, passports) are letters and digits, hyphens at most. */
const ID_NUMBER_PATTERN = /^[0-9A-Za-z-]{1,64}$/;

export class CounterpartyInput {
  @ApiProperty({ enum: COUNTERPARTY_KINDS, description: '相对人类型' })
  @IsIn(COUNTERPARTY_KINDS, { message: `kind must be one of ${COUNTERPARTY_KINDS.join(', ')}` })
  kind!: CounterpartyKind;

  @ApiProperty({
    description: '相对人名称 (personal data: shown only to the department, reviewers, supervisors, investigators)',
    example: '张三',
  })
  @IsText(200)
  name!: string;

  @ApiPropertyOptional({
    description: '证件号码 (personal data, masked like 1101**********1234 for other readers)',
    example: '110101199003071234',
  })
  @IsOptional()
  @Matches(ID_NUMBER_PATTERN, { message: 'idNumber must be 1 to 64 letters, digits or hyphens' })
  idNumber?: string;
}

export class HandlerInput {
  @ApiProperty({ description: '承办人', example: '李四' })
  @IsText(100)
  name!: string;

  @ApiProperty({ description: '岗位', example: '执法队员' })
  @IsText(100)
  post!: string;
}

export class DocumentInput {
  @ApiProperty({ example: '行政处罚事先告知书' })
  @IsText(500)
  name!: string;

  @ApiProperty({ description: 'SHA-256 of the document, 64 hex digits; documents are never stored inline' })
  @Matches(OPERATION_SHA256_PATTERN, { message: 'sha256 must be a SHA-256 digest in 64 hex digits' })
  sha256!: string;
}

export class PenaltyInput {
  @ApiProperty({ description: 'yuan', minimum: 0, maximum: REQUEST_BOUNDS.yuan, example: 3000 })
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
    { message: 'amount must be a number of yuan with at most two decimals' },
  )
  @Min(0)
  @Max(REQUEST_BOUNDS.yuan)
  amount!: number;

  @ApiProperty({ enum: DISCRETION_LEVELS, description: 'The discretion band applied' })
  @IsIn(DISCRETION_LEVELS, { message: `band must be one of ${DISCRETION_LEVELS.join(', ')}` })
  band!: DiscretionLevel;

  @ApiPropertyOptional({ description: 'Declared major (重大) whatever the amount' })
  @IsOptional()
  @IsBoolean()
  major?: boolean;
}
