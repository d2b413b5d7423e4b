import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  ValidateIf,
} from 'class-validator';
import { CHANGE_KINDS, ChangeKind, POWER_CATEGORIES, PowerCategory } from '@app/domain';
import {
  ApprovalInput,
  ClassificationInput,
  DisclosureInput,
  DiscretionBandInput,
  FeesInput,
  ProcessInput,
  TimeLimitChangeInput,
} from './power-fields.request.dto';
import { IsNested, IsText, IsTextList, LegalBasisInput, LIST_MAX } from '../request-fields';
import { IsPlausibleDate } from '../request-bounds';

/** Present, and then not null: a field that a change may set but not clear. */
const Given = () => ValidateIf((_input: object, value: unknown) => value !== undefined);

/**
 * The fields to change. `null` clears an optional field (responsibleUnit, fees, process, ...); required ones (name,
 * category, legalBasis, timeLimit, important, classification) may be replaced but not cleared.
 */
export class PowerChangesInput {
  // Declared (and undocumented) only to answer these two with a clearer message than "should not exist".
  @Equals(undefined, { message: 'code is permanent and cannot be changed' })
  code?: never;

  @Equals(undefined, { message: 'department moves only by transfer (POST /v1/powers/{code}/transfers)' })
  department?: never;

  @ApiPropertyOptional()
  @Given()
  @IsText(500)
  name?: string;

  @ApiPropertyOptional({ enum: POWER_CATEGORIES })
  @Given()
  @IsIn(POWER_CATEGORIES)
  category?: PowerCategory;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsText()
  responsibleUnit?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsText()
  responsiblePerson?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsText()
  supervisionLevel?: string | null;

  @ApiPropertyOptional({ type: [LegalBasisInput], description: 'Replaces the whole list' })
  @Given()
  @IsNested(() => LegalBasisInput, { each: true })
  @ArrayMaxSize(LIST_MAX)
  @ArrayMinSize(1, { message: 'legalBasis must name at least one legal basis' })
  legalBasis?: LegalBasisInput[];

  @ApiPropertyOptional({ type: TimeLimitChangeInput, description: 'Only the parts given change' })
  @Given()
  @IsNested(() => TimeLimitChangeInput)
  timeLimit?: TimeLimitChangeInput;

  @ApiPropertyOptional({ type: FeesInput, nullable: true })
  @IsOptional()
  @IsNested(() => FeesInput)
  fees?: FeesInput | null;

  @ApiPropertyOptional({ type: DisclosureInput, nullable: true })
  @IsOptional()
  @IsNested(() => DisclosureInput)
  disclosure?: DisclosureInput | null;

  @ApiPropertyOptional({ type: ProcessInput, nullable: true })
  @IsOptional()
  @IsNested(() => ProcessInput)
  process?: ProcessInput | null;

  @ApiPropertyOptional({ type: [DiscretionBandInput], nullable: true })
  @IsOptional()
  @IsNested(() => DiscretionBandInput, { each: true })
  @ArrayMaxSize(LIST_MAX)
  discretion?: DiscretionBandInput[] | null;

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsTextList()
  licensingConditions?: string[] | null;

  @ApiPropertyOptional()
  @Given()
  @IsBoolean()
  important?: boolean;

  @ApiPropertyOptional({ type: ClassificationInput })
  @Given()
  @IsNested(() => ClassificationInput)
  classification?: ClassificationInput;
}

/** 变更: an amendment, or the correction of a recording error. */
export class ChangePowerRequest {
  @ApiProperty({ enum: CHANGE_KINDS })
  @IsIn(CHANGE_KINDS)
  kind!: ChangeKind;

  @ApiProperty({ type: PowerChangesInput })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => PowerChangesInput)
  changes!: PowerChangesInput;

  @ApiProperty({ example: '压缩承诺时限' })
  @IsText()
  reason!: string;

  @ApiPropertyOptional({ type: [LegalBasisInput], description: 'The basis of the change itself' })
  @IsOptional()
  @IsNested(() => LegalBasisInput, { each: true })
  @ArrayMaxSize(LIST_MAX)
  legalBasis?: LegalBasisInput[];

  @ApiProperty({ type: ApprovalInput })
  @IsDefined({ message: '$property is required' })
  @IsNested(() => ApprovalInput)
  approval!: ApprovalInput;

  @ApiProperty({ format: 'date', example: '2025-01-01' })
  @IsPlausibleDate()
  effectiveFrom!: string;
}
