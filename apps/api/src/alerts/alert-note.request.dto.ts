import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { DocumentInput, IsNested, IsText } from '@app/contracts';

export class AcknowledgeAlertRequest {
  @ApiPropertyOptional({ description: 'What the supervision office makes of it', example: '已转效能办核查' })
  @IsOptional()
  @IsText()
  note?: string;
}

export class ResolveAlertRequest {
  @ApiProperty({ description: 'How the alert was dealt with', example: '经核查已责令整改，立案追责' })
  @IsText()
  note!: string;
}

export class AnswerAlertRequest {
  @ApiProperty({
    description: '解释说明: the department’s explanation of the alert',
    example: '申请人补正材料耗时3个工作日，系依申请延长，已附补正通知书',
  })
  @IsText(5000)
  explanation!: string;

  @ApiPropertyOptional({ type: [DocumentInput], description: 'Documents by name and SHA-256 (at most 20)' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsNested(() => DocumentInput, { each: true })
  documents?: DocumentInput[];
}

export class AcceptAlertAnswerRequest {
  @ApiPropertyOptional({
    description: 'The resolution’s note; by default 解释说明被采纳 and the explanation',
    example: '经核实，解释成立',
  })
  @IsOptional()
  @IsText()
  note?: string;
}

export class RejectAlertAnswerRequest {
  @ApiProperty({
    description: 'Why the explanation is not accepted',
    example: '补正通知书日期晚于期限届满日，解释不成立',
  })
  @IsText()
  reason!: string;
}
