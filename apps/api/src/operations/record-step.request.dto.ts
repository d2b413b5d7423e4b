import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsOptional } from 'class-validator';
import { OPERATION_STEP_KINDS, OperationStepKind } from '@app/domain';
import { IsNested, IsText } from '../powers/power-fields.request.dto';
import { DocumentInput, IsInstant } from './operation-fields.request.dto';

export class RecordStepRequest {
  @ApiProperty({
    enum: OPERATION_STEP_KINDS,
    description:
      '`pause` stops the clock for a special procedure (hearing, testing, expert review), `resume` restarts it',
  })
  @IsIn(OPERATION_STEP_KINDS, { message: `kind must be one of ${OPERATION_STEP_KINDS.join(', ')}` })
  kind!: OperationStepKind;

  @ApiProperty({ format: 'date-time', example: '2025-10-09T10:00:00+08:00' })
  @IsInstant()
  at!: string;

  @ApiProperty({ description: 'Who performed the step (a handler)', example: '李四' })
  @IsText(100)
  by!: string;

  @ApiPropertyOptional({ description: 'Required for pause: which special procedure stops the clock', example: '听证' })
  @IsOptional()
  @IsText()
  note?: string;

  @ApiPropertyOptional({ type: [DocumentInput], description: 'Referenced by name and SHA-256' })
  @IsOptional()
  @IsNested(() => DocumentInput, { each: true })
  @ArrayMaxSize(100)
  documents?: DocumentInput[];
}
