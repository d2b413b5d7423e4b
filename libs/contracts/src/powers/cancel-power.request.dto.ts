import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsDefined, IsOptional } from 'class-validator';
import { ApprovalInput } from './power-fields.request.dto';
import { IsNested, IsText, LegalBasisInput, LIST_MAX } from '../request-fields';
import { IsPlausibleDate } from '../request-bounds';

/** 取消: the power leaves the catalogue from effectiveFrom. */
export class CancelPowerRequest {
  @ApiProperty({ example: '国务院决定取消' })
  @IsText()
  reason!: string;

  @ApiPropertyOptional({ type: [LegalBasisInput], description: 'The basis of the cancellation' })
  @IsOptional()
  @IsNested(() => LegalBasisInput, { each: true })
  @ArrayMaxSize(LIST_MAX)
  legalBasis?: LegalBasisInput[];

  @ApiProperty({ type: ApprovalInput })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => ApprovalInput)
  approval!: ApprovalInput;

  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @IsPlausibleDate()
  effectiveFrom!: string;
}
