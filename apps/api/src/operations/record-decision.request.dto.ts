import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsDefined, IsIn, IsOptional } from 'class-validator';
import { DECISION_OUTCOMES, DecisionOutcome } from '@app/domain';
import { PenaltyInput } from './operation-fields.request.dto';
import { IsInstant, IsNested, IsText, IsTextList, LegalBasisInput, LIST_MAX } from '@app/contracts';

export class RecordDecisionRequest {
  @ApiProperty({ format: 'date-time', example: '2025-10-13T15:00:00+08:00' })
  @IsInstant()
  at!: string;

  @ApiProperty({ enum: DECISION_OUTCOMES })
  @IsIn(DECISION_OUTCOMES, { message: `outcome must be one of ${DECISION_OUTCOMES.join(', ')}` })
  outcome!: DecisionOutcome;

  @ApiPropertyOptional({ type: PenaltyInput, description: 'Required when, and only when, outcome is penalty' })
  @IsOptional()
  @IsNested(() => PenaltyInput)
  penalty?: PenaltyInput;

  @ApiPropertyOptional({ type: [String], description: 'Licensing conditions applied (licensing powers)' })
  @IsOptional()
  @IsTextList()
  conditionsApplied?: string[];

  @ApiProperty({ type: [LegalBasisInput], description: 'At least one' })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => LegalBasisInput, { each: true })
  @ArrayMaxSize(LIST_MAX)
  @ArrayMinSize(1, { message: 'legalBasisCited must cite at least one legal basis' })
  legalBasisCited!: LegalBasisInput[];

  @ApiProperty({ example: '当事人无准运证运输卷烟，情节一般' })
  @IsText(20000)
  reasoning!: string;
}
