import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsDefined, IsOptional } from 'class-validator';
import { ApprovalInput } from './power-fields.request.dto';
import { IsNested, IsTextList } from '../request-fields';

/** 审核 approved: the reviewer's approval document; a classified power also needs its classification approved. */
export class ApprovePowerProposalRequest {
  @ApiProperty({
    type: ApprovalInput,
    description: 'The approval document (审定): the fact records it in place of the one the department proposed with',
  })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => ApprovalInput)
  approval!: ApprovalInput;

  @ApiPropertyOptional({
    description:
      'The reviewer approves the classification (涉密不宜公开) and its reason: required (true) when the proposal ' +
      'classifies the power, otherwise 422 CLASSIFICATION_APPROVAL_REQUIRED',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  classificationApproved?: boolean;
}

/** 审核 rejected, with the reasons the department is told. */
export class RejectPowerProposalRequest {
  @ApiProperty({ type: [String], example: ['法律依据已废止，请重新申报'], minItems: 1, maxItems: 50 })
  @IsDefined({ message: '$property is required' })
  @IsTextList()
  @ArrayMinSize(1, { message: 'reasons must give at least one reason' })
  @ArrayMaxSize(50)
  reasons!: string[];
}
