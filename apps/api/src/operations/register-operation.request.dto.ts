import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsDefined, IsOptional, Matches } from 'class-validator';
import { OPERATION_ID_PATTERN, POWER_CODE_PATTERN } from '@app/domain';
import { CounterpartyInput, HandlerInput } from './operation-fields.request.dto';
import { IsInstant, IsNested, IsText } from '@app/contracts';

/** 重要行政权力运行动态登记: one matter accepted or filed on an important power of the department. */
export class RegisterOperationRequest {
  @ApiPropertyOptional({
    description:
      'The operation id; generated (UUIDv7) when absent. A client-chosen id makes retries safe: the same ' +
      'registration again answers with the first, another one under the id is 409 OPERATION_EXISTS.',
    pattern: OPERATION_ID_PATTERN.source,
    example: '0199a5f0-7c4e-7b1a-9c1d-2f1e6b3a4c5d',
  })
  @IsOptional()
  @Matches(OPERATION_ID_PATTERN, { message: 'id must be 1 to 64 letters, digits, "-" or "_" (a UUID fits)' })
  id?: string;

  @ApiProperty({ description: '权力编码', example: 'YC-CF-0001', pattern: POWER_CODE_PATTERN.source })
  @Matches(POWER_CODE_PATTERN, {
    message: 'powerCode must be upper-case letters, digits and hyphens (e.g. YC-CF-0001)',
  })
  powerCode!: string;

  @ApiProperty({ description: '案件编号', example: '宁烟专罚〔2025〕12号' })
  @IsText(200)
  caseNumber!: string;

  @ApiProperty({ type: CounterpartyInput, description: '相对人' })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => CounterpartyInput)
  counterparty!: CounterpartyInput;

  @ApiProperty({ type: [HandlerInput], description: '承办人: at least one' })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => HandlerInput, { each: true })
  @ArrayMinSize(1, { message: 'handlers must name at least one handler' })
  @ArrayMaxSize(50)
  handlers!: HandlerInput[];

  @ApiProperty({
    format: 'date-time',
    description: '受理/立案: when the matter was accepted or filed; its Asia/Shanghai date starts the deadlines',
    example: '2025-09-30T09:00:00+08:00',
  })
  @IsInstant()
  acceptedAt!: string;
}
