import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMPLAINT_STATUSES, INSPECTION_STATUSES, RECTIFICATION_STATUSES } from '@app/domain';

/**
 * The answers of the supervision office's endpoints. A record is its decider's state as recorded (the same shape
 * the reconstruction shows); the schemas name its main fields, the examples show the rest.
 */

export class RecordWrittenResponse {
  @ApiProperty({ example: 'complaint-TS-2025-0001' })
  streamId!: string;

  @ApiProperty({ example: 'TS-2025-0001' })
  id!: string;

  @ApiProperty({ description: 'Stream version after the write; also the ETag' })
  version!: number;

  @ApiProperty({ description: 'Global position of the event written (use as minPosition)' })
  position!: number;

  @ApiProperty({ example: 'ComplaintAssigned' })
  type!: string;
}

export class ComplaintResponse {
  @ApiProperty({ example: 'TS-2025-0001' })
  complaintId!: string;

  @ApiProperty({ enum: COMPLAINT_STATUSES })
  status!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ example: 'CG', description: 'The department it is assigned to' })
  department!: string;

  @ApiProperty({
    description:
      'channel, receivedAt, about, summary, viaPublicForm and the complainant: for a department key only ' +
      '`{ disclosure }` unless the complaint is named',
    example: {
      channel: 'phone',
      receivedAt: '2025-03-03T08:30:00+08:00',
      about: { department: 'CG' },
      complainant: { disclosure: 'confidential' },
      summary: '申请材料齐全，窗口十个工作日未受理',
      viaPublicForm: false,
    },
  })
  received!: object;

  @ApiProperty({
    description: 'Each assignment (reopening adds one) with its deadline and its reply',
    example: [
      { round: 1, department: 'CG', assignedOn: '2025-03-03', replyWithinWorkingDays: 10, replyDueOn: '2025-03-17' },
    ],
  })
  rounds!: object[];

  @ApiPropertyOptional({ description: 'The closure in force: result and satisfaction' })
  closure?: object;

  @ApiProperty({ description: 'Every closure, including those reopened' })
  closures!: object[];
}

export class ComplaintPageResponse {
  @ApiProperty({ type: [ComplaintResponse] })
  items!: ComplaintResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class PublicComplaintReceivedResponse {
  @ApiProperty({
    description:
      'Keep it: the only way to follow the complaint. It is stored nowhere; a lost code cannot be recovered.',
    example: 'K7QM-3XWD-9RTA-PZ4H-B2NE',
  })
  trackingCode!: string;
}

export class PublicComplaintResponse {
  @ApiProperty({ example: 'K7QM-3XWD-9RTA-PZ4H-B2NE' })
  trackingCode!: string;

  @ApiProperty({ enum: COMPLAINT_STATUSES })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ example: [{ repliedAt: '2025-03-10T10:00:00+08:00', reply: '已办结' }] })
  replies!: object[];

  @ApiProperty({ nullable: true, type: String, example: 'substantiated' })
  result!: string | null;
}

export class InspectionResponse {
  @ApiProperty({ enum: INSPECTION_STATUSES })
  status!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({
    example: {
      inspectionId: 'I-2026-01',
      title: '2025年度行政许可不定期抽查',
      kind: 'random',
      manner: 'open',
      scope: { departments: ['CG'], powers: [], from: '2025-01-01', to: '2025-12-31' },
      plannedOn: '2026-01-05',
    },
  })
  plan!: object;

  @ApiPropertyOptional({
    description: 'The sample: position, seed and its source, algorithm and version, population size and digest, ids',
  })
  sample?: object;

  @ApiProperty({ description: 'Interviews, case-file reviews and follow-up visits (回访), A1, A2, …' })
  activities!: object[];

  @ApiPropertyOptional()
  report?: object;
}

export class InspectionPageResponse {
  @ApiProperty({ type: [InspectionResponse] })
  items!: InspectionResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class SampleVerificationResponse {
  @ApiProperty({ description: 'The same seed, population digest and ids, in the same order' })
  matches!: boolean;

  @ApiProperty({ description: 'For a seed derived from the log: derived again, the same' })
  seedMatches!: boolean;

  @ApiProperty({ description: 'The sample as recorded' })
  recorded!: object;

  @ApiProperty({
    description: 'The sample drawn again now from the log: populationSize, populationSha256, seed, operationIds',
  })
  redrawn!: object;
}

export class FindingResponse {
  @ApiProperty({ example: 'recorded' })
  status!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({
    example: {
      findingId: 'F-2025-0001',
      kind: 'slow-action',
      department: 'CG',
      source: { kind: 'inspection', id: 'I-2026-01' },
      operations: ['OP-1'],
      powers: [],
      facts: '受理后二十个工作日未作处理',
      evidence: [],
      ground: 1,
      foundOn: '2026-01-10',
    },
  })
  finding!: object;
}

export class FindingPageResponse {
  @ApiProperty({ type: [FindingResponse] })
  items!: FindingResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class RectificationResponse {
  @ApiProperty({ enum: RECTIFICATION_STATUSES })
  status!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({
    example: {
      rectificationId: 'ZG-2026-0001',
      department: 'CG',
      source: { kind: 'finding', id: 'F-2025-0001' },
      requirements: '十个工作日内办结',
      orderedOn: '2026-01-12',
      withinWorkingDays: 10,
      dueOn: '2026-01-26',
    },
  })
  order!: object;

  @ApiProperty({ description: 'Reports 1, 2, … each pending, accepted or rejected with the decision' })
  reports!: object[];
}

export class RectificationPageResponse {
  @ApiProperty({ type: [RectificationResponse] })
  items!: RectificationResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
