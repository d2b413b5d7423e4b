import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALERT_GROUNDS,
  ALERT_LEVELS,
  ALERT_STATUSES,
  ALERT_SUBJECT_KINDS,
  AlertGround,
  AlertLevel,
  AlertStatus,
  AlertSubjectKind,
} from '@app/domain';

export class AlertSubjectResponse {
  @ApiProperty({ enum: ALERT_SUBJECT_KINDS })
  kind!: AlertSubjectKind;

  @ApiProperty({ description: 'The operation id or the power code', example: '01JQ7Z8K3M2N4P5Q6R7S8T9V0W' })
  id!: string;
}

export class AlertNoteDocumentResponse {
  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'SHA-256, 64 hex digits' })
  sha256!: string;
}

export class AlertNoteResponse {
  @ApiProperty({
    enum: ['acknowledgement', 'resolution', 'answer', 'answer-rejected'],
    description: 'answer: the department’s explanation (解释说明); answer-rejected: the office did not accept it',
  })
  kind!: 'acknowledgement' | 'resolution' | 'answer' | 'answer-rejected';

  @ApiPropertyOptional({ description: 'The note; an answer’s explanation; a rejection’s reason' })
  note?: string;

  @ApiPropertyOptional({ type: [AlertNoteDocumentResponse], description: 'An answer’s documents' })
  documents?: AlertNoteDocumentResponse[];

  @ApiPropertyOptional({ enum: [true], description: 'A resolution by accepting the department’s answer' })
  explained?: true;

  @ApiProperty({ description: 'The principal id of the supervisor, or of the department for an answer' })
  by!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class AlertResponse {
  @ApiProperty({
    description: 'Derived from the cause, so the same cause never raises two alerts',
    example: 'op:01JQ7Z8K3M2N4P5Q6R7S8T9V0W:g7:committed-deadline-passed',
  })
  id!: string;

  @ApiProperty({ enum: ALERT_GROUNDS, description: 'Ground of accountability (docs/domain.md, "Accountability")' })
  ground!: AlertGround;

  @ApiProperty({ enum: ALERT_LEVELS })
  level!: AlertLevel;

  @ApiProperty({ description: 'The department answerable', example: 'YCJ' })
  department!: string;

  @ApiProperty({ type: AlertSubjectResponse })
  subject!: AlertSubjectResponse;

  @ApiProperty({
    description:
      'Stable code of the cause within the ground. Ground 1: power-not-in-force, late-registration, ' +
      'late-record:v<version> (a step, decision, completion or publication recorded long after the date it claims), ' +
      'penalty-without-notice-of-rights, major-penalty-without-collective-discussion, legal-deadline-passed; ' +
      'grounds 2 and 4: <fact>-not-published:v<version>, discretion-standard-not-published; ground 5: ' +
      'penalty-outside-band, penalty-band-not-declared; ground 6: conditions-not-published; ground 7 (licensing) ' +
      'and 10 (other categories): committed-deadline-near, committed-deadline-passed; ground 10: ' +
      'long-pause:v<version>',
    example: 'committed-deadline-passed',
  })
  cause!: string;

  @ApiProperty({ type: [String], description: 'Ids of the events that prove it' })
  evidence!: string[];

  @ApiProperty({ description: 'Chinese, then English' })
  message!: string;

  @ApiProperty({ format: 'date-time' })
  raisedAt!: string;

  @ApiProperty({ enum: ALERT_STATUSES })
  status!: AlertStatus;

  @ApiProperty({
    type: [AlertNoteResponse],
    description: 'The history: acknowledgement, the department’s answers and their verdicts, resolution; oldest first',
  })
  notes!: AlertNoteResponse[];

  @ApiPropertyOptional({
    type: [String],
    description: 'The accountability cases opened from it; its closure resolves the alert',
    example: ['AC-2025-0001'],
  })
  cases?: string[];

  @ApiProperty({ description: "Version of the alert's stream; also the ETag" })
  version!: number;
}

export class AlertPageResponse {
  @ApiProperty({ type: [AlertResponse], description: 'Newest first' })
  items!: AlertResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class AlertWrittenResponse {
  @ApiProperty({ example: 'alert-op:01JQ7Z8K3M2N4P5Q6R7S8T9V0W:g7:committed-deadline-passed' })
  streamId!: string;

  @ApiProperty({ description: 'Stream version after the write; also the ETag' })
  version!: number;

  @ApiProperty({ description: 'Global log position of the event written: pass it as minPosition to read it back' })
  position!: number;

  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ALERT_STATUSES })
  status!: AlertStatus;
}
