import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, Matches } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '@app/domain';
import { ApprovalInput } from './power-fields.request.dto';
import { IsNested, IsText } from '../request-fields';
import { IsPlausibleDate } from '../request-bounds';

/** 转移/下放: another department exercises the power from effectiveFrom. */
export class TransferPowerRequest {
  @ApiProperty({ description: 'A registered department', example: 'ZFJ', pattern: DEPARTMENT_CODE_PATTERN.source })
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'toDepartment must be a department code such as ZFJ' })
  toDepartment!: string;

  @ApiProperty({ example: '相对集中行政许可权改革' })
  @IsText()
  reason!: string;

  @ApiProperty({ type: ApprovalInput })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => ApprovalInput)
  approval!: ApprovalInput;

  @ApiProperty({ format: 'date', example: '2025-06-01' })
  @IsPlausibleDate()
  effectiveFrom!: string;
}
