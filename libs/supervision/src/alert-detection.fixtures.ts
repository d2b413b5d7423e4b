import {
  Actor,
  ComputeOperationDeadlines,
  DiscretionBand,
  officialCalendar,
  OperationCommand,
  operationDecider,
  OperationPowerInput,
  OperationStepKind,
  operationStreamId,
  PowerCommand,
  powerDecider,
  RecordDecision,
  RegisterOperation,
} from '@app/domain';
import { handleCommand, newEventId, PostgresEventStore } from '@app/event-store';
import { DataSource } from 'typeorm';
import { AlertDetection } from './alert-detection';

/**
 * Operations and powers for the detectors' integration specs, written through handleCommand as the API writes them,
 * on a store whose recording clock the spec sets (late registration and the publication duty count from it).
 */

export const CALENDAR = officialCalendar();
export const DEPARTMENT = 'YCJ';
const CLERK: Actor = { id: 'u-ycj', role: 'department', department: DEPARTMENT };
const REVIEWER: Actor = { id: 'u-fzb', role: 'reviewer' };
const BASIS = [{ title: '中华人民共和国烟草专卖法实施条例', article: '第五十七条' }];
const APPRAISAL_ORDER = { name: '鉴定委托书.pdf', sha256: 'c'.repeat(64) };
const GENERAL: DiscretionBand = { level: 'general', conditions: '首次违法', min: 1000, max: 5000 };

/**
 * Accepted Monday 2025-03-03 with 5 committed working days: the committed deadline is the end of Monday 03-10, the
 * yellow card comes from the start of Friday 03-07 and the red one from the start of Tuesday 03-11.
 */
export const ACCEPTED_AT = '2025-03-03T09:00:00+08:00';
export const REGISTERED_AT = '2025-03-03T10:00:00+08:00';
export const YELLOW_FROM = '2025-03-07T00:00:00+08:00';
export const RED_FROM = '2025-03-11T00:00:00+08:00';

export const PENALTY_POWER: OperationPowerInput = {
  code: 'YC-CF-0001',
  exists: true,
  inForce: true,
  ownerDepartment: DEPARTMENT,
  category: 'penalty',
  important: true,
  timeLimit: { legalDays: 20, committedDays: 5 },
  discretion: [GENERAL],
};

export const LICENSING_POWER: OperationPowerInput = {
  code: 'YC-XK-0001',
  exists: true,
  inForce: true,
  ownerDepartment: DEPARTMENT,
  category: 'licensing',
  important: true,
  timeLimit: { legalDays: 20, committedDays: 5 },
  licensingConditions: ['有与经营规模相适应的资金', '有固定的经营场所'],
};

/** A store whose recording time is whatever the last command said it was. */
export function recordingStore(dataSource: DataSource): { store: PostgresEventStore; recordAt: (at: string) => void } {
  let now = new Date(REGISTERED_AT);
  return {
    store: new PostgresEventStore(dataSource, { now: () => now }),
    recordAt: (at) => {
      now = new Date(at);
    },
  };
}

let sequence = 0;
/** A fresh operation id per call: specs share one database. */
/** The detectors on the official calendar with the product's defaults, reading `store`. */
export const detectionOn = (store: PostgresEventStore): AlertDetection =>
  new AlertDetection(store, {
    calendar: () => Promise.resolve(CALENDAR),
    publicationLimitWorkingDays: 20,
    retryAfterMs: 60_000,
  });

export const newOperationId = (): string => `OP-${Date.now().toString(36)}-${(sequence += 1)}`;
/** A fresh power code per call. */
export const newPowerCode = (): string => `YC-XK-${String((sequence += 1) + 1000).padStart(4, '0')}`;

export class Writer {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly recordAt: (at: string) => void,
  ) {}

  register(id: string, overrides: Partial<RegisterOperation> = {}) {
    const recordedAt = overrides.recordedAt ?? REGISTERED_AT;
    return this.operation(id, {
      type: 'RegisterOperation',
      actor: CLERK,
      recordedAt,
      id,
      powerCode: (overrides.power ?? PENALTY_POWER).code,
      department: DEPARTMENT,
      caseNumber: `宁烟罚〔2025〕${id}号`,
      counterparty: { kind: 'person', name: '李四' },
      handlers: [{ name: '王五', post: '专卖稽查员' }],
      acceptedAt: ACCEPTED_AT,
      power: PENALTY_POWER,
      calendar: CALENDAR,
      ...overrides,
    });
  }

  step(id: string, kind: OperationStepKind, at: string) {
    return this.operation(id, {
      type: 'RecordStep',
      actor: CLERK,
      recordedAt: at,
      id,
      kind,
      at,
      by: '王五',
      calendar: CALENDAR,
      ...(kind === 'pause' ? { pauseKind: 'appraisal', documents: [APPRAISAL_ORDER] } : {}),
    });
  }

  decide(id: string, overrides: Partial<RecordDecision> = {}) {
    const at = overrides.at ?? '2025-03-06T15:00:00+08:00';
    return this.operation(id, {
      type: 'RecordDecision',
      actor: CLERK,
      recordedAt: at,
      id,
      at,
      outcome: 'penalty',
      penalty: { amount: 2000, band: 'general' },
      legalBasisCited: BASIS,
      reasoning: '无准运证运输烟草专卖品',
      ...overrides,
    });
  }

  complete(id: string, at: string) {
    return this.operation(id, { type: 'CompleteOperation', actor: CLERK, recordedAt: at, id, at });
  }

  grantPower(code: string, recordedAt: string) {
    return this.power(code, {
      type: 'GrantPower',
      actor: REVIEWER,
      recordedAt,
      today: recordedAt.slice(0, 10),
      code,
      name: '烟草专卖零售许可',
      category: 'licensing',
      department: DEPARTMENT,
      legalBasis: BASIS,
      timeLimit: { legalDays: 20, committedDays: 10 },
      approval: { authority: '县规范办', documentNo: '宁规范〔2025〕3号', date: '2025-02-20' },
      effectiveFrom: '2025-03-01',
    });
  }

  publishPower(code: string, publishedOn: string) {
    const recordedAt = `${publishedOn}T12:00:00+08:00`;
    return this.power(code, {
      type: 'PublishPower',
      actor: REVIEWER,
      recordedAt,
      today: publishedOn,
      code,
      channel: '政府网站',
      publishedOn,
    });
  }

  private operation(id: string, command: Exclude<OperationCommand, ComputeOperationDeadlines>) {
    this.recordAt(command.recordedAt);
    return handleCommand(this.store, operationDecider, operationStreamId(id), command, {
      metadata: { actor: command.actor, correlationId: `spec-${id}` },
      eventIds: (count) => Array.from({ length: count }, newEventId),
    });
  }

  private power(code: string, command: PowerCommand) {
    this.recordAt(command.recordedAt);
    return handleCommand(this.store, powerDecider, `power-${code}`, command, {
      metadata: { actor: command.actor, correlationId: `spec-${code}` },
      eventIds: (count) => Array.from({ length: count }, newEventId),
    });
  }
}

/** How many AlertRaised events each alert stream holds, by alert id, for alerts about `subjectId`. */
export async function raisedCounts(dataSource: DataSource, subjectId: string): Promise<Record<string, number>> {
  const rows = await dataSource.query<{ stream_id: string; n: string }[]>(
    `SELECT stream_id, count(*) AS n FROM events
      WHERE type = 'AlertRaised' AND data -> 'subject' ->> 'id' = $1
      GROUP BY stream_id ORDER BY stream_id`,
    [subjectId],
  );
  return Object.fromEntries(rows.map((row) => [row.stream_id.replace(/^alert-/, ''), Number(row.n)]));
}

/** The subject's next check in the deadline watcher's schedule, or null when it is not scheduled. */
export async function nextCheckOf(dataSource: DataSource, kind: string, id: string): Promise<string | null> {
  const rows = await dataSource.query<{ next_check_at: Date }[]>(
    'SELECT next_check_at FROM alert_schedule WHERE subject_kind = $1 AND subject_id = $2',
    [kind, id],
  );
  return rows.length === 0 ? null : rows[0].next_check_at.toISOString();
}
