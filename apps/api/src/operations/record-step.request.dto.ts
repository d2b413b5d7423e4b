import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsOptional } from 'class-validator';
import { OPERATION_STEP_KINDS, OperationStepKind, PAUSE_KINDS, PauseKind } from '@app/domain';
import { DocumentInput, IsInstant, IsNested, IsText } from '@app/contracts';

export class RecordStepRequest {
  @ApiProperty({
    enum: OPERATION_STEP_KINDS,
    description:
      '`pause` stops the clock for a special procedure (give `pauseKind` and its document), `resume` restarts it',
  })
  @IsIn(OPERATION_STEP_KINDS, { message: `kind must be one of ${OPERATION_STEP_KINDS.join(', ')}` })
  kind!: OperationStepKind;

  @ApiProperty({ format: 'date-time', example: '2025-10-09T10:00:00+08:00' })
  @IsInstant()
  at!: string;

  @ApiProperty({ description: 'Who performed the step (a handler)', example: '李四' })
  @IsText(100)
  by!: string;

  @ApiPropertyOptional({
    enum: PAUSE_KINDS,
    description:
      'Required for pause, and only there: the special procedure that stops the clock (labels in ' +
      '/v1/meta/enums, pauseKind); `other` needs its legal basis in `note`',
    example: 'hearing',
  })
  @IsOptional()
  @IsIn(PAUSE_KINDS, { message: `pauseKind must be one of ${PAUSE_KINDS.join(', ')}` })
  pauseKind?: PauseKind;

  @ApiPropertyOptional({
    description: 'Free text; for a pause of kind other, its legal basis',
    example: '《行政许可法》第四十五条',
  })
  @IsOptional()
  @IsText()
  note?: string;

  @ApiPropertyOptional({
    type: [DocumentInput],
    description: 'Referenced by name and SHA-256; a pause needs at least one, the document that started the procedure',
  })
  @IsOptional()
  @IsNested(() => DocumentInput, { each: true })
  @ArrayMaxSize(100)
  documents?: DocumentInput[];
}
