import { createTestDatabase, TestDatabase } from '@app/testing';
import { openDatabase } from './database';

describe('the application’s database sessions', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(1);
  });
  afterAll(async () => db.drop());

  const jitOf = async (url: string): Promise<string> => {
    const dataSource = await openDatabase(url, { migrations: [], poolSize: 1, runMigrations: false });
    try {
      const [{ jit }] = await dataSource.query<{ jit: string }[]>('SHOW jit');
      return jit;
    } finally {
      await dataSource.destroy();
    }
  };

  it('run without JIT compilation, unless the URL says otherwise', async () => {
    expect(await jitOf(db.url)).toBe('off');
    const url = new URL(db.url);
    url.searchParams.set('options', '-c jit=on');
    expect(await jitOf(url.toString())).toBe('on');
  });
});
