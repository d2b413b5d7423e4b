import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import {
  COMPLAINANT_DISCLOSURES,
  COMPLAINT_CHANNELS,
  COMPLAINT_ID_PATTERN,
  COMPLAINT_RESULTS,
  COMPLAINT_SATISFACTIONS,
  ComplainantDisclosure,
  ComplaintChannel,
  ComplaintResult,
  ComplaintSatisfaction,
  DEPARTMENT_CODE_PATTERN,
} from '@app/domain';
import { DocumentInput, IsCalendarDate, IsInstant, IsNested, IsText } from '@app/contracts';

const OFFICE_CHANNELS = COMPLAINT_CHANNELS.filter((channel) => channel !== 'public-form');

export class ComplaintSubjectInput {
  @ApiProperty({ description: 'The department complained about', example: 'CG' })
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as CG' })
  department!: string;

  @ApiPropertyOptional({ description: 'A power of its catalogue', example: 'CG-XK-001' })
  @IsOptional()
  @IsText(100)
  powerCode?: string;

  @ApiPropertyOptional({ description: 'An operation registered by it', example: 'OP-2025-0001' })
  @IsOptional()
  @IsText(200)
  operationId?: string;

  @ApiPropertyOptional({ description: 'A member of its staff', example: '执法大队王某' })
  @IsOptional()
  @IsText(100)
  person?: string;
}

export class ComplainantInput {
  @ApiProperty({
    enum: COMPLAINANT_DISCLOSURES,
    description: 'named: the department sees who; confidential: only the office does; anonymous: nobody',
    example: 'confidential',
  })
  @IsIn(COMPLAINANT_DISCLOSURES, { message: `disclosure must be one of ${COMPLAINANT_DISCLOSURES.join(', ')}` })
  disclosure!: ComplainantDisclosure;

  @ApiPropertyOptional({ description: 'Required unless anonymous; absent when anonymous', example: '张三' })
  @IsOptional()
  @IsText(100)
  name?: string;

  @ApiPropertyOptional({ description: 'Phone, address or e-mail; absent when anonymous', example: '13800000000' })
  @IsOptional()
  @IsText(200)
  contact?: string;
}

export class ReceiveComplaintRequest {
  @ApiPropertyOptional({ description: 'The complaint id; generated when absent', pattern: COMPLAINT_ID_PATTERN.source })
  @IsOptional()
  @Matches(COMPLAINT_ID_PATTERN, { message: `id must match ${COMPLAINT_ID_PATTERN.source}` })
  id?: string;

  @ApiProperty({ enum: OFFICE_CHANNELS, description: '受理渠道', example: 'phone' })
  @IsIn(OFFICE_CHANNELS, { message: `channel must be one of ${OFFICE_CHANNELS.join(', ')}` })
  channel!: ComplaintChannel;

  @ApiProperty({ format: 'date-time', description: '受理时间', example: '2025-03-03T08:30:00+08:00' })
  @IsInstant()
  receivedAt!: string;

  @ApiProperty({ type: ComplaintSubjectInput })
  @IsNested(() => ComplaintSubjectInput)
  about!: ComplaintSubjectInput;

  @ApiProperty({ type: ComplainantInput })
  @IsNested(() => ComplainantInput)
  complainant!: ComplainantInput;

  @ApiProperty({ description: '投诉内容摘要', example: '申请材料齐全，窗口十个工作日未受理' })
  @IsText()
  summary!: string;
}

export class PublicComplaintRequest {
  @ApiProperty({ type: ComplaintSubjectInput })
  @IsNested(() => ComplaintSubjectInput)
  about!: ComplaintSubjectInput;

  @ApiProperty({ type: ComplainantInput })
  @IsNested(() => ComplainantInput)
  complainant!: ComplainantInput;

  @ApiProperty({ description: '投诉内容', example: '办理营业执照被要求提供规定以外的材料' })
  @IsText()
  summary!: string;
}

export class AssignComplaintRequest {
  @ApiPropertyOptional({
    description: 'Assigned to (交办); the department complained about when absent',
    example: 'CG',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as CG' })
  department?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Day of assignment; today (Asia/Shanghai) when absent' })
  @IsOptional()
  @IsCalendarDate()
  assignedOn?: string;

  @ApiPropertyOptional({
    description: 'Working days to reply; the configured period of the channel when absent (recorded on the complaint)',
    example: 10,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  replyWithinWorkingDays?: number;
}

export class ReplyToComplaintRequest {
  @ApiProperty({ description: '答复内容', example: '经核查，已于3月10日办结并告知申请人' })
  @IsText(20000)
  reply!: string;

  @ApiPropertyOptional({ type: [DocumentInput] })
  @IsOptional()
  @IsNested(() => DocumentInput, { each: true })
  @ArrayMaxSize(100)
  documents?: DocumentInput[];

  @ApiProperty({
    format: 'date-time',
    description: 'When the complainant was answered',
    example: '2025-03-10T10:00:00+08:00',
  })
  @IsInstant()
  repliedAt!: string;
}

export class CloseComplaintRequest {
  @ApiProperty({ enum: COMPLAINT_RESULTS, description: '核查结果', example: 'substantiated' })
  @IsIn(COMPLAINT_RESULTS, { message: `result must be one of ${COMPLAINT_RESULTS.join(', ')}` })
  result!: ComplaintResult;

  @ApiProperty({
    enum: COMPLAINT_SATISFACTIONS,
    nullable: true,
    description: '回访满意度; null when the complainant could not be reached',
    example: 'satisfied',
  })
  @IsIn([...COMPLAINT_SATISFACTIONS, null], {
    message: `satisfaction must be one of ${COMPLAINT_SATISFACTIONS.join(', ')} or null`,
  })
  satisfaction!: ComplaintSatisfaction | null;

  @ApiPropertyOptional({ example: '投诉人表示满意' })
  @IsOptional()
  @IsText()
  note?: string;
}

export class ReopenComplaintRequest {
  @ApiProperty({ description: 'Why: the complainant objects to the reply', example: '投诉人对答复有异议' })
  @IsText()
  reason!: string;

  @ApiPropertyOptional({ description: 'Working days for the new reply; the channel’s period when absent', example: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  replyWithinWorkingDays?: number;
}
