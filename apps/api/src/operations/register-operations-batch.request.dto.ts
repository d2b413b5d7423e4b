import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsDefined } from 'class-validator';
import { ValidatedInSlices } from '../http/request-validation';
import { RegisterOperationRequest } from './register-operation.request.dto';
import { IsNested } from '@app/contracts';

export const MAX_BATCH_ITEMS = 1000;

/** Up to 1,000 registrations, each its own stream, written in one transaction: all or nothing. */
export class RegisterOperationsBatchRequest {
  @ApiProperty({ type: [RegisterOperationRequest], minItems: 1, maxItems: MAX_BATCH_ITEMS })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => RegisterOperationRequest, { each: true })
  @ValidatedInSlices()
  @ArrayMinSize(1, { message: 'items must hold at least one registration' })
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `items must hold at most ${MAX_BATCH_ITEMS} registrations` })
  items!: RegisterOperationRequest[];
}
