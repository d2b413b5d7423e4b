import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor, departmentDecider, departmentStreamId } from '@app/domain';
import { handleCommand, newEventId, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { catalogueCommand, WithDatabase } from '../apps/cli/src/catalogue/catalogue.command';

const SAMPLE = join(__dirname, '../samples/catalogue-seed.csv');

/** `npm run cli -- catalogue import …` as main.ts runs it, on the test's database. */
describe('catalogue import (CLI)', () => {
  let db: TestDatabase;
  let dir: string;
  let opened: number;
  let stdout: string[];
  let stderr: string[];

  const withDatabase: WithDatabase = async (work) => {
    opened += 1;
    await work({ dataSource: db.dataSource, origin: 'external', close: () => Promise.resolve() });
  };
  const countEvents = async () =>
    Number((await db.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0].n);

  async function cli(...args: string[]): Promise<number> {
    process.exitCode = undefined;
    const command = catalogueCommand(withDatabase);
    for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: (text) => stderr.push(text) });
    try {
      await command.parseAsync(args, { from: 'user' });
    } catch {
      return 1;
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return code;
  }

  function file(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content, 'utf8');
    return path;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'catalogue-import-'));
    const store = new PostgresEventStore(db.dataSource);
    const admin: Actor = { id: 'ops-1', role: 'admin' };
    for (const [code, name] of [
      ['CG', '漳州市城市管理行政执法局'],
      ['YC', '漳州市烟草专卖局'],
    ]) {
      await handleCommand(
        store,
        departmentDecider,
        departmentStreamId(code),
        { type: 'RegisterDepartment', actor: admin, code, name, parentRegistered: false },
        { metadata: { actor: admin }, eventIds: (count) => Array.from({ length: count }, newEventId) },
      );
    }
  });
  beforeEach(() => {
    opened = 0;
    stdout = [];
    stderr = [];
    jest.spyOn(console, 'log').mockImplementation((text: string) => void stdout.push(text));
    jest.spyOn(console, 'error').mockImplementation((text: string) => void stderr.push(text));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('validates the sample without writing in a dry run, imports it (exit 0), then finds it all imported', async () => {
    const before = await countEvents();
    expect(await cli('import', SAMPLE, '--dry-run')).toBe(0);
    expect(await countEvents()).toBe(before);
    expect(stdout.join('\n')).toContain('Dry run: nothing was written.');
    expect(stdout.join('\n')).toMatch(/Would import: +23/);

    stdout = [];
    expect(await cli('import', SAMPLE, '--batch-size', '5', '--actor', 'ops:zhang')).toBe(0);
    const printed = stdout.join('\n');
    expect(printed).toMatch(
      /Rows read: +23\nImported: +23\nAlready imported: 0\nRejected: +0\nElapsed: +[\d.]+ s \([\d.]+ rows\/s\)/,
    );
    expect(printed).toContain('row 5 CG-XK-0004: 承诺时限未比法定时限缩短三分之一 (COMMITTED_NOT_ONE_THIRD_SHORTER)');
    expect(await countEvents()).toBe(before + 23);
    const [actor] = await db.dataSource.query<{ actor: unknown }[]>(
      `SELECT metadata -> 'actor' AS actor FROM events WHERE stream_id = 'power-YC-NB-0001'`,
    );
    expect(actor).toEqual({ actor: { id: 'ops:zhang', role: 'reviewer' } });

    stdout = [];
    expect(await cli('import', SAMPLE)).toBe(0);
    expect(stdout.join('\n')).toMatch(/Imported: +0\nAlready imported: 23/);
    expect(await countEvents()).toBe(before + 23);
  });

  it('exits 2 listing each rejected row with its reasons, having imported the valid rows', async () => {
    const header =
      'code,name,category,department,legal_basis,legal_days,committed_days,approval_authority,approval_document_no,approval_date,effective_from';
    const tail = '市规范办,漳城管〔2010〕35号,2010-09-20,2010-10-11';
    const path = file(
      'bad.csv',
      [
        header,
        `CLI-0001,城市绿地占用审批,行政许可,CG,《城市绿化条例》|第二十条,20,10,${tail}`,
        `CLI-0002,无依据的权力,行政许可,CG,,20,30,${tail}`,
        `CLI-0003,部门未登记的权力,行政处罚,ZF,《行政处罚法》|第二十七条,90,60,${tail}`,
      ].join('\n'),
    );
    const before = await countEvents();

    expect(await cli('import', path)).toBe(2);

    expect(stdout.join('\n')).toContain(
      [
        'Rejected rows:',
        '  row 3 CLI-0002',
        '    legal_basis: is required',
        '  row 4 CLI-0003',
        '    department: is not a registered department',
      ].join('\n'),
    );
    expect(stdout.join('\n')).toMatch(/Imported: +1\nAlready imported: 0\nRejected: +2/);
    expect(await countEvents()).toBe(before + 1);
  });

  it('exits 1 without touching the database when the file cannot be read as a catalogue sheet', async () => {
    expect(await cli('import', join(dir, 'missing.csv'))).toBe(1);
    expect(stderr.join('\n')).toContain('missing.csv: ENOENT');
    expect(await cli('import', file('typo.csv', 'code,nmae\n'))).toBe(1);
    expect(stderr.join('\n')).toContain('unknown columns: "nmae"');
    expect(opened).toBe(0);
  });

  it('exits 1 on a malformed option', async () => {
    expect(await cli('import', SAMPLE, '--batch-size', '0')).toBe(1);
    expect(await cli('import', SAMPLE, '--department-scope', 'cg')).toBe(1);
    expect(stderr.join('')).toContain("option '--department-scope <code>' argument 'cg' is invalid");
    expect(opened).toBe(0);
  });
});
