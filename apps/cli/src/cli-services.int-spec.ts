import { Actor, departmentDecider, departmentStreamId } from '@app/domain';
import { handleCommand, newEventId } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { cliServices } from './cli-services';

describe('CLI services', () => {
  let db: TestDatabase;
  const admin: Actor = { id: 'tester', role: 'admin' };
  const context = { actor: admin, correlationId: 'cli-test' };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('issues department keys only for registered departments, as the API does', async () => {
    const { store, apiKeys } = cliServices({
      dataSource: db.dataSource,
      origin: 'external',
      close: () => Promise.resolve(),
    });
    await expect(apiKeys.issue({ name: 'x', role: 'department', department: 'ZF' }, context)).rejects.toMatchObject({
      code: 'DEPARTMENT_NOT_FOUND',
    });
    await handleCommand(
      store,
      departmentDecider,
      departmentStreamId('ZF'),
      { type: 'RegisterDepartment', actor: admin, code: 'ZF', name: '市政府办', parentRegistered: false },
      { metadata: { actor: admin }, eventIds: (count) => Array.from({ length: count }, newEventId) },
    );
    const issued = await apiKeys.issue({ name: 'ZF system', role: 'department', department: 'ZF' }, context);
    expect(issued).toMatchObject({ role: 'department', department: 'ZF' });
    expect(issued.key).toMatch(/^psk_/);
  });
});
