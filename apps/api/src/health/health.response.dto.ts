import { ApiProperty } from '@nestjs/swagger';
import { ANSWER_WITHIN_MS, CALENDAR_AHEAD_DAYS, LAG_COUNTED_UP_TO } from './health.limits';

export class DatabaseHealth {
  @ApiProperty()
  reachable!: boolean;

  @ApiProperty({ description: 'Round trip of SELECT 1', example: 0.8 })
  latencyMs!: number;
}

export class ProjectionFailureHealth {
  @ApiProperty({
    nullable: true,
    description: 'Global position of the event it fails on (null when it failed before applying one)',
    example: 1234,
  })
  position!: number | null;

  @ApiProperty({
    description: 'The error, its first line',
    example: 'unsupported Unicode escape sequence',
  })
  error!: string;

  @ApiProperty({ format: 'date-time', description: 'When it first failed there' })
  since!: string;

  @ApiProperty({ description: 'Failed attempts in a row', example: 3 })
  attempts!: number;

  @ApiProperty({
    format: 'date-time',
    description: 'The next attempt, after a wait that doubles up to PROJECTOR_RETRY_MAX_MS',
  })
  retryAt!: string;
}

export class ProjectionHealth {
  @ApiProperty({ example: 'powers' })
  name!: string;

  @ApiProperty({ description: 'Global position of its checkpoint' })
  position!: number;

  @ApiProperty({
    description: `Events after its checkpoint in commit order, not yet applied (counted up to ${LAG_COUNTED_UP_TO.toLocaleString('en')})`,
  })
  lag!: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ description: 'An event has waited over a minute for it' })
  stalled!: boolean;

  @ApiProperty({
    type: ProjectionFailureHealth,
    nullable: true,
    description: 'It fails on an event and stands still there, retrying; null while it works',
  })
  failure!: ProjectionFailureHealth | null;
}

export class CalendarHealth {
  @ApiProperty({
    format: 'date',
    nullable: true,
    description:
      'Last day of the unbroken run of known calendar years from today (Asia/Shanghai); null when not even this ' +
      'year is known. A deadline after it cannot be computed: such operations are recorded with their deadlines ' +
      'pending until an admin publishes the next year (POST /v1/admin/calendars); see awaitingCalendar.',
    example: '2026-12-31',
  })
  knownThrough!: string | null;

  @ApiProperty({ description: 'Calendar days from today to knownThrough (0 when it is null)', example: 32 })
  daysAhead!: number;

  @ApiProperty({
    description:
      `Fewer than ${CALENDAR_AHEAD_DAYS} days ahead: long deadlines will soon reach the unknown year. It does not make the status ` +
      'degraded; it is a chore for an operator, not a fault of this instance.',
  })
  short!: boolean;
}

export class AwaitingCalendarHealth {
  @ApiProperty({ description: 'Operations whose deadlines wait for a calendar year to be published', example: 12 })
  operations!: number;

  @ApiProperty({ type: [Number], description: 'The years they wait for, ascending', example: [2027] })
  years!: number[];
}

export class UndecidedRuleHealth {
  @ApiProperty({
    description: 'The alert cause the rule raises, or `all` when a subject could not be checked at all',
    example: 'late-registration',
  })
  cause!: string;

  @ApiProperty({ example: 'CALENDAR_YEAR_UNKNOWN' })
  code!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The calendar year whose absence stops it', example: 2027 })
  year!: number | null;

  @ApiProperty({ description: 'Operations or powers for which it cannot decide', example: 3 })
  subjects!: number;

  @ApiProperty({ description: 'Why, as the detectors met it (one example)' })
  reason!: string;
}

export class DetectorsHealth {
  @ApiProperty({
    type: [UndecidedRuleHealth],
    description:
      'Rules the alert detectors cannot decide yet; looked at again whenever a calendar year is published. Empty ' +
      'when every rule decided.',
  })
  undecided!: UndecidedRuleHealth[];
}

export class HealthReport {
  @ApiProperty({
    enum: ['ok', 'degraded'],
    description: 'degraded: a projection fails or is stalled, or the database is unreachable',
  })
  status!: 'ok' | 'degraded';

  @ApiProperty({ format: 'date-time', description: 'When the checks of this report were made' })
  checkedAt!: string;

  @ApiProperty({
    description: `false: the database took longer than ${ANSWER_WITHIN_MS} ms to answer (this time, or the check before:
      then the next check is not waited for), or this process was busy, and
      this is the report of the check before, made at checkedAt (never more than a few seconds ago); the fresh check
      goes on and is the next answer. A request with Cache-Control: no-cache always gets a fresh one`,
  })
  fresh!: boolean;

  @ApiProperty()
  database!: DatabaseHealth;

  @ApiProperty({ type: [ProjectionHealth] })
  projections!: ProjectionHealth[];

  @ApiProperty({ description: 'How far ahead the working calendar is known' })
  calendar!: CalendarHealth;

  @ApiProperty({ type: AwaitingCalendarHealth, nullable: true, description: 'Null when the database is unreachable' })
  awaitingCalendar!: AwaitingCalendarHealth | null;

  @ApiProperty({ type: DetectorsHealth, nullable: true, description: 'Null when the database is unreachable' })
  detectors!: DetectorsHealth | null;
}
