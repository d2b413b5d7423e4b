import { ApiProperty } from '@nestjs/swagger';
import { IsInstant } from '@app/contracts';

/** 办结. */
export class CompleteOperationRequest {
  @ApiProperty({ format: 'date-time', example: '2025-10-14T16:00:00+08:00' })
  @IsInstant()
  at!: string;
}
