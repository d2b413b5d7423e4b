import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { COUNTERPARTY_KINDS, CounterpartyKind, DISCRETION_LEVELS, DiscretionLevel } from '@app/domain';
import { IsText, REQUEST_BOUNDS } from '@app/contracts';

/**
 * The value shapes of operation requests (the HTTP contract's shapes, docs/architecture.md). The shapes are checked
 * here only, every field at once; the operation decider takes typed commands and checks its rules (acceptance not in
 * the future, penalty only with outcome penalty, ...), which live only there.
 */

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
