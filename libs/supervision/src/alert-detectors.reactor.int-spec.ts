import { alertStreamId, DomainError, operationStreamId } from '@app/domain';
import { AppendRequest, PostgresEventStore, RecordedEvent } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { SettableClock } from '@app/platform';
import { ProjectionRunner } from '@app/projector';
import { AlertDetection } from './alert-detection';
import {
  CALENDAR,
  detectionOn,
  LICENSING_POWER,
  newOperationId,
  newPowerCode,
  nextCheckOf,
  raisedCounts,
  RED_FROM,
  recordingStore,
  REGISTERED_AT,
  Writer,
  YELLOW_FROM,
} from './alert-detection.fixtures';
import { AlertDetectorsReactor } from './alert-detectors.reactor';

describe('AlertDetectorsReactor', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let write: Writer;
  let clock: SettableClock;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    const recording = recordingStore(db.dataSource);
    store = recording.store;
    write = new Writer(store, recording.recordAt);
    clock = new SettableClock();
    runner = new ProjectionRunner(db.dataSource, store, [new AlertDetectorsReactor(detectionOn(store), clock)]);
  });
  afterAll(async () => db.drop());
  beforeEach(() => clock.set(REGISTERED_AT));

  const raised = async (alertId: string): Promise<RecordedEvent[]> =>
    (await store.readStream(alertStreamId(alertId))).filter((e) => e.type === 'AlertRaised');

  it('raises ground 1 red for an operation on a power not in force, citing the registration, once', async () => {
    const id = newOperationId();
    const registration = await write.register(id, {
      power: { ...LICENSING_POWER, inForce: false, notInForceReason: 'cancelled' },
    });
    await runner.catchUp();
    await runner.catchUp();

    const [alert] = await raised(`op:${id}:g1:power-not-in-force`);
    expect(alert.data).toMatchObject({
      ground: 1,
      level: 'red',
      department: 'YCJ',
      subject: { kind: 'operation', id },
      evidence: [registration.append!.events[0].eventId],
      raisedAt: new Date(REGISTERED_AT).toISOString(),
    });
    expect(alert.metadata).toMatchObject({
      raisedBy: 'alert-detectors',
      causationId: registration.append!.events[0].eventId,
      correlationId: `spec-${id}`,
    });
    expect(await raisedCounts(db.dataSource, id)).toEqual({ [`op:${id}:g1:power-not-in-force`]: 1 });
    // Without deadlines nothing can come due by time alone.
    expect(await nextCheckOf(db.dataSource, 'operation', id)).toBeNull();
  });

  it('raises nothing for an operation registered in time, and schedules its yellow card', async () => {
    const id = newOperationId();
    await write.register(id);
    await runner.catchUp();
    expect(await raisedCounts(db.dataSource, id)).toEqual({});
    expect(await nextCheckOf(db.dataSource, 'operation', id)).toBe(new Date(YELLOW_FROM).toISOString());
  });

  it('raises ground 1 yellow for a late registration', async () => {
    const id = newOperationId();
    // Accepted Monday 03-03: Thursday is the third working day after it, Friday the fourth.
    await write.register(id, { recordedAt: '2025-03-07T08:00:00+08:00' });
    clock.set('2025-03-07T08:00:00+08:00');
    await runner.catchUp();
    const counts = await raisedCounts(db.dataSource, id);
    expect(counts[`op:${id}:g1:late-registration`]).toBe(1);
    // Friday is already within the yellow day of its committed deadline: the reactor raises what is due now too.
    expect(counts[`op:${id}:g10:committed-deadline-near`]).toBe(1);
    expect(await nextCheckOf(db.dataSource, 'operation', id)).toBe(new Date(RED_FROM).toISOString());
  });

  it('raises the missing steps of a penalty (ground 1) and a penalty outside its band (ground 5) from the decision', async () => {
    const id = newOperationId();
    await write.register(id);
    await write.step(id, 'investigation', '2025-03-04T10:00:00+08:00');
    await runner.catchUp();
    expect(await raisedCounts(db.dataSource, id)).toEqual({});

    await write.decide(id, { penalty: { amount: 60_000, band: 'general' } });
    await runner.catchUp();
    expect(await raisedCounts(db.dataSource, id)).toEqual({
      [`op:${id}:g1:major-penalty-without-collective-discussion`]: 1,
      [`op:${id}:g1:penalty-without-notice-of-rights`]: 1,
      [`op:${id}:g5:penalty-outside-band`]: 1,
    });
  });

  it('raises nothing for a penalty within its band after a notice of rights', async () => {
    const id = newOperationId();
    await write.register(id);
    await write.step(id, 'notice-of-rights', '2025-03-05T10:00:00+08:00');
    await write.decide(id, { penalty: { amount: 3000, band: 'general' } });
    await write.complete(id, '2025-03-07T10:00:00+08:00');
    await runner.catchUp();
    expect(await raisedCounts(db.dataSource, id)).toEqual({});
    // Completed: nothing more can come due.
    expect(await nextCheckOf(db.dataSource, 'operation', id)).toBeNull();
  });

  it('raises ground 5 for a band the power does not declare and ground 6 for unpublished licensing conditions', async () => {
    const penalty = newOperationId();
    await write.register(penalty);
    await write.step(penalty, 'notice-of-rights', '2025-03-05T10:00:00+08:00');
    await write.decide(penalty, { penalty: { amount: 200, band: 'mitigated' } });
    const licence = newOperationId();
    await write.register(licence, { power: LICENSING_POWER });
    await write.decide(licence, {
      outcome: 'approved',
      penalty: undefined,
      conditionsApplied: ['有固定的经营场所', '须与最近的零售户相距200米以上'],
    });
    await runner.catchUp();
    expect(await raisedCounts(db.dataSource, penalty)).toEqual({ [`op:${penalty}:g5:penalty-band-not-declared`]: 1 });
    expect(await raisedCounts(db.dataSource, licence)).toEqual({ [`op:${licence}:g6:conditions-not-published`]: 1 });
  });

  it('raises ground 10 red for a completion after the committed deadline, and unschedules the operation', async () => {
    const id = newOperationId();
    await write.register(id);
    await runner.catchUp();
    await write.complete(id, '2025-03-11T09:00:00+08:00');
    // The reactor's own clock has not moved: a late completion is proved by the events alone.
    await runner.catchUp();
    const [alert] = await raised(`op:${id}:g10:committed-deadline-passed`);
    expect(alert.data).toMatchObject({ ground: 10, level: 'red', message: expect.stringMatching(/办结时间晚于/) });
    expect(await nextCheckOf(db.dataSource, 'operation', id)).toBeNull();
  });

  it('reads from the database only the part of a stream its batch does not hold', async () => {
    const fresh = newOperationId();
    const known = newOperationId();
    await write.register(known);
    await runner.catchUp();
    await write.register(fresh);
    await write.complete(fresh, '2025-03-11T09:00:00+08:00');
    await write.complete(known, '2025-03-11T09:00:00+08:00');
    const reads: { streamIds: readonly string[]; afterVersions?: ReadonlyMap<string, number> }[] = [];
    const spied = Object.create(store) as PostgresEventStore;
    spied.readStreams = (streamIds, options) => {
      reads.push({ streamIds, afterVersions: options?.afterVersions });
      return store.readStreams(streamIds, options);
    };
    await new ProjectionRunner(db.dataSource, spied, [new AlertDetectorsReactor(detectionOn(spied), clock)]).catchUp();

    // One read of the subjects' streams, then one of the alerts' streams it raises on.
    expect(reads).toHaveLength(2);
    const [{ streamIds, afterVersions }, alertReads] = reads;
    expect(streamIds).toEqual([operationStreamId(fresh), operationStreamId(known)]);
    expect(alertReads.streamIds).toEqual([fresh, known].map((id) => `alert-op:${id}:g10:committed-deadline-passed`));
    // The new operation's whole stream was in the batch; the other one's registration was not.
    expect(afterVersions).toEqual(new Map([[operationStreamId(fresh), 2]]));
    for (const id of [fresh, known]) {
      expect(await raisedCounts(db.dataSource, id)).toEqual({ [`op:${id}:g10:committed-deadline-passed`]: 1 });
    }
  });

  it('sees the events appended after the start of the stream its caller holds', async () => {
    const id = newOperationId();
    const registration = await write.register(id);
    await write.complete(id, '2025-03-11T09:00:00+08:00');
    const [registered] = await store.readStream(operationStreamId(id), { toVersion: 1 });
    expect(registered.eventId).toBe(registration.append!.events[0].eventId);
    const [outcome] = await detectionOn(store).checkMany(
      [
        {
          subject: { kind: 'operation', id },
          trigger: { raisedBy: 'alert-detectors' },
          startOfStream: [registered],
        },
      ],
      new Date(REGISTERED_AT),
    );
    expect(outcome.raised.map((fact) => fact.alertId)).toEqual([`op:${id}:g10:committed-deadline-passed`]);
    expect(outcome.nextCheckAt).toBeNull();
  });

  it('raises ground 10 red at once for an operation registered when its committed deadline had already passed', async () => {
    const id = newOperationId();
    clock.set('2025-03-12T09:00:00+08:00');
    await write.register(id, { recordedAt: '2025-03-05T09:00:00+08:00' });
    await runner.catchUp();
    expect(await raisedCounts(db.dataSource, id)).toEqual({ [`op:${id}:g10:committed-deadline-passed`]: 1 });
    // The legal deadline (03-31) is still to come.
    expect(await nextCheckOf(db.dataSource, 'operation', id)).toBe(new Date('2025-04-01T00:00:00+08:00').toISOString());
  });

  it("schedules a power's publication duty and unschedules it once published in time", async () => {
    const code = newPowerCode();
    await write.grantPower(code, '2025-03-03T10:00:00+08:00');
    await runner.catchUp();
    // 20 working days after Monday 03-03 is Monday 03-31: overdue from the start of 04-01.
    expect(await nextCheckOf(db.dataSource, 'power', code)).toBe(new Date('2025-04-01T00:00:00+08:00').toISOString());
    await write.publishPower(code, '2025-03-20');
    await runner.catchUp();
    expect(await nextCheckOf(db.dataSource, 'power', code)).toBeNull();
    expect(await raisedCounts(db.dataSource, code)).toEqual({});
  });

  it('raises ground 2 for a grant found unpublished past its limit when the reactor reaches it', async () => {
    const code = newPowerCode();
    await write.grantPower(code, '2025-03-03T10:00:00+08:00');
    clock.set('2025-04-01T00:00:00+08:00');
    await runner.catchUp();
    expect(await raisedCounts(db.dataSource, code)).toEqual({ [`power:${code}:g2:grant-not-published:v1`]: 1 });
  });

  it('raises every alert exactly once when it crashes after appending them and before its checkpoint commits', async () => {
    const first = newOperationId();
    const second = newOperationId();
    for (const id of [first, second]) {
      await write.register(id);
      await write.decide(id, { penalty: { amount: 60_000, band: 'general' } });
    }
    // Three alerts each, appended together: the process dies right after, before the schedule and the checkpoint.
    const dying = Object.create(store) as PostgresEventStore;
    dying.appendMany = async (requests: AppendRequest[]) => {
      await store.appendMany(requests);
      throw new Error('process killed');
    };
    const doomed = new ProjectionRunner(db.dataSource, store, [new AlertDetectorsReactor(detectionOn(dying), clock)]);
    const before = await runner.checkpoint('alert-detectors');
    await expect(doomed.catchUp()).rejects.toThrow('process killed');
    expect(await runner.checkpoint('alert-detectors')).toEqual(before);
    expect(Object.keys(await raisedCounts(db.dataSource, first))).toHaveLength(3);
    expect(Object.keys(await raisedCounts(db.dataSource, second))).toHaveLength(3);

    await runner.catchUp();
    for (const id of [first, second]) {
      expect(await raisedCounts(db.dataSource, id)).toEqual({
        [`op:${id}:g1:major-penalty-without-collective-discussion`]: 1,
        [`op:${id}:g1:penalty-without-notice-of-rights`]: 1,
        [`op:${id}:g5:penalty-outside-band`]: 1,
      });
    }
    expect(await nextCheckOf(db.dataSource, 'operation', second)).toBe(new Date(YELLOW_FROM).toISOString());
  });
});

describe('AlertDetection.check', () => {
  let db: TestDatabase;
  let write: Writer;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    const recording = recordingStore(db.dataSource);
    store = recording.store;
    write = new Writer(store, recording.recordAt);
  });
  afterAll(async () => db.drop());

  it('defers a subject the detectors cannot judge by a rule (a calendar year not published) instead of failing', async () => {
    const id = newOperationId();
    await write.register(id);
    const deferred: string[] = [];
    const detection = new AlertDetection(store, {
      calendar: () => Promise.reject(new DomainError('CALENDAR_YEAR_UNKNOWN', 'rule', 'The year 2025 is unknown')),
      publicationLimitWorkingDays: 20,
      retryAfterMs: 60_000,
      onDeferred: (subject, error) => deferred.push(`${subject.id} ${error.code}`),
    });
    const now = new Date(REGISTERED_AT);
    const outcome = await detection.check({ kind: 'operation', id }, now, { raisedBy: 'deadline-watcher' });
    // Not retried by the clock: publishing the year rechecks it (recheckUndecided), /health says why meanwhile.
    expect(outcome).toEqual({
      raised: [],
      nextCheckAt: null,
      undecided: [{ cause: 'all', code: 'CALENDAR_YEAR_UNKNOWN', reason: 'The year 2025 is unknown' }],
    });
    expect(deferred).toEqual([`${id} CALENDAR_YEAR_UNKNOWN`]);
    await expect(
      detection.check({ kind: 'operation', id }, now, { raisedBy: 'deadline-watcher' }),
    ).resolves.toBeDefined();

    // Any other rule is retried after retryAfterMs.
    const otherRule = new AlertDetection(store, {
      calendar: () => Promise.reject(new DomainError('CALENDAR_INVALID', 'validation', 'The calendar is invalid')),
      publicationLimitWorkingDays: 20,
      retryAfterMs: 60_000,
    });
    const retried = await otherRule.check({ kind: 'operation', id }, now, { raisedBy: 'deadline-watcher' });
    expect(retried.nextCheckAt).toBe(new Date(now.getTime() + 60_000).toISOString());
  });

  it('raises each alert once when another writer raised it between the read and the append', async () => {
    const id = newOperationId();
    await write.register(id);
    await write.complete(id, '2025-03-11T09:00:00+08:00');
    const options = {
      calendar: () => Promise.resolve(CALENDAR),
      publicationLimitWorkingDays: 20,
      retryAfterMs: 60_000,
    };
    const now = new Date('2025-03-12T12:00:00+08:00');
    // This one reads the alert streams before the other writer appends (it sees them empty), then appends.
    const stale = Object.create(store) as PostgresEventStore;
    stale.readStreams = async (streamIds, readOptions) =>
      streamIds.every((streamId) => streamId.startsWith('alert-'))
        ? new Map()
        : store.readStreams(streamIds, readOptions);
    const first = await new AlertDetection(store, options).check({ kind: 'operation', id }, now, {
      raisedBy: 'deadline-watcher',
    });
    expect(first.raised.map((fact) => fact.alertId)).toEqual([`op:${id}:g10:committed-deadline-passed`]);
    // Its batch append meets the version the other writer left: each alert is then decided again on a fresh read.
    const second = await new AlertDetection(stale, options).check({ kind: 'operation', id }, now, {
      raisedBy: 'alert-detectors',
    });
    expect(second.raised).toEqual([]);
    expect(await raisedCounts(db.dataSource, id)).toEqual({ [`op:${id}:g10:committed-deadline-passed`]: 1 });
  });

  it('lets any other failure through: the caller rolls back and tries again', async () => {
    const failing = Object.create(store) as PostgresEventStore;
    failing.readStreams = () => Promise.reject(new Error('connection lost'));
    const detection = new AlertDetection(failing, {
      calendar: () => Promise.resolve(CALENDAR),
      publicationLimitWorkingDays: 20,
      retryAfterMs: 60_000,
    });
    await expect(
      detection.check({ kind: 'power', id: 'YC-XK-0001' }, new Date(), { raisedBy: 'deadline-watcher' }),
    ).rejects.toThrow('connection lost');
  });
});
