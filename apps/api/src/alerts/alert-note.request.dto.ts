import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsText } from '../http/request-fields';

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
