import { Actor, departmentDecider, departmentStreamId, DomainError } from '@app/domain';
import { handleCommand, newEventId, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { ProjectionRunner } from '@app/projector';
import { ProjectionLaggingError } from '@app/projector';
import { DepartmentDirectoryService } from './department-directory.service';
import { DepartmentsProjection } from './departments.projection';

const ADMIN: Actor = { id: 'ops-1', role: 'admin' };

describe('DepartmentDirectoryService', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let directory: DepartmentDirectoryService;
  const projection = new DepartmentsProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource);
    runner = new ProjectionRunner(db.dataSource, store, [projection], { pollMs: 50 });
    directory = new DepartmentDirectoryService(db.dataSource, store, runner, { minPositionWaitMs: 2000 });
  });
  afterAll(async () => {
    await runner.stop();
    await db.drop();
  });

  const register = (code: string, name: string, parent?: string) =>
    handleCommand(
      store,
      departmentDecider,
      departmentStreamId(code),
      { type: 'RegisterDepartment', actor: ADMIN, code, name, parent, parentRegistered: parent !== undefined },
      { metadata: { actor: ADMIN }, eventIds: (count) => Array.from({ length: count }, newEventId) },
    );

  it('knows a department from its stream at once, before any projection has run', async () => {
    await register('CG', '城市管理行政执法局');
    await register('CG-ZFDD', '执法大队', 'CG');
    expect(await directory.exists('CG-ZFDD')).toBe(true);
    expect(await directory.get('CG-ZFDD')).toEqual({ code: 'CG-ZFDD', name: '执法大队', parent: 'CG', version: 1 });
    expect(await directory.get('CG')).toEqual({ code: 'CG', name: '城市管理行政执法局', version: 1 });
    expect((await directory.list({ limit: 50 })).items).toEqual([]);
  });

  it('does not know codes never registered, nor strings that are no codes', async () => {
    expect(await directory.exists('ZF')).toBe(false);
    expect(await directory.get('ZF')).toBeUndefined();
    expect(await directory.exists('cg')).toBe(false);
    expect(await directory.exists("CG' OR 1=1")).toBe(false);
  });

  it('lists from the read model once it has reached minPosition', async () => {
    await runner.start();
    const { position } = await register('YC', '烟草专卖局');
    const page = await directory.list({ limit: 50, minPosition: position });
    expect(page).toEqual({
      items: [
        { code: 'CG', name: '城市管理行政执法局' },
        { code: 'CG-ZFDD', name: '执法大队', parent: 'CG' },
        { code: 'YC', name: '烟草专卖局' },
      ],
    });
    await runner.stop();
  });

  it('answers PROJECTION_LAGGING when the read model does not reach minPosition in time', async () => {
    const impatient = new DepartmentDirectoryService(db.dataSource, store, runner, { minPositionWaitMs: 100 });
    const { position } = await register('SW', '税务局');
    const error = await impatient.list({ limit: 50, minPosition: position! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectionLaggingError);
    expect(error).toMatchObject({ code: 'PROJECTION_LAGGING', minPosition: position });
    await runner.catchUp();
    expect((await impatient.list({ limit: 50, minPosition: position })).items.map((d) => d.code)).toContain('SW');
  });

  it('pages by code with an opaque cursor and rejects a forged one', async () => {
    await runner.catchUp();
    const first = await directory.list({ limit: 2 });
    expect(first.items.map((d) => d.code)).toEqual(['CG', 'CG-ZFDD']);
    const second = await directory.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((d) => d.code)).toEqual(['SW', 'YC']);
    expect(second.nextCursor).toBeUndefined();
    const error = await directory.list({ limit: 2, cursor: 'not a cursor' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: { cursor: ['invalid cursor'] } });
  });

  it('keeps the first registration when a stray second one is in the log, in the stream and the read model', async () => {
    await register('HB', '环保局');
    await store.append({
      streamId: departmentStreamId('HB'),
      expectedVersion: 'any',
      events: [{ eventId: newEventId(), type: 'DepartmentRegistered', data: { code: 'HB', name: '另一个名称' } }],
    });
    await runner.catchUp();
    expect(await directory.get('HB')).toEqual({ code: 'HB', name: '环保局', version: 2 });
    expect((await directory.list({ limit: 50 })).items).toContainEqual({ code: 'HB', name: '环保局' });
  });

  it('rebuilds the read model from the log', async () => {
    const before = await directory.list({ limit: 50 });
    await db.dataSource.query(`UPDATE departments SET name = 'tampered'`);
    await runner.rebuild(projection);
    expect(await directory.list({ limit: 50 })).toEqual(before);
  });
});
