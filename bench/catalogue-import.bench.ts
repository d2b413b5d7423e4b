import { Actor, departmentDecider, departmentStreamId } from '@app/domain';
import { handleCommand, newEventId, openDatabase, PostgresEventStore } from '@app/event-store';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { ProjectionRunner } from '@app/projector';
import { DepartmentDirectoryService } from '@app/read-models';
import { CATALOGUE_COLUMNS, readCatalogueCsv } from '../apps/cli/src/catalogue/catalogue-csv.reader';
import {
  CatalogueImportOptions,
  CatalogueImportReport,
  CatalogueImportService,
  DEFAULT_IMPORT_BATCH_SIZE,
} from '../apps/cli/src/catalogue/catalogue-import.service';
import { benchDatabase } from './bench-database';

/**
 * `catalogue import` on a generated sheet of 1,000 powers, as the CLI runs it (the CLI's pool of 2 connections, the
 * default batch size): the first import, the same sheet again (every row already imported), a dry run, and the
 * sheet with new rows spread through it (every batch then holds imported rows, so every batch goes row by row, the
 * slowest case). Prints rows per second for each.
 */

const ROWS = 1_000;
// main.ts opens the CLI's database with two connections.
const CLI_POOL_SIZE = 2;

const COMMON = {
  approval_authority: '漳州市规范行政权力运行工作领导小组办公室',
  approval_document_no: '漳城管〔2010〕35号',
  approval_date: '2010-09-20',
  effective_from: '2010-10-11',
  responsible_unit: '执法支队一大队',
  responsible_person: '陈建明',
};

/** Penalties with discretion bands, licences with conditions and a fee, inspections: the shapes a real sheet holds. */
function generatedRow(i: number): Record<string, string> {
  const department = i % 2 === 0 ? 'CG' : 'YC';
  const code = `${department}-${['CF', 'XK', 'JC'][i % 3]}-${String(i).padStart(4, '0')}`;
  const base = {
    ...COMMON,
    code,
    department,
    legal_days: '20',
    committed_days: '10',
    important: i % 10 === 0 ? '是' : '否',
  };
  switch (i % 3) {
    case 0:
      return {
        ...base,
        name: `对违法行为的处罚（第${i}项）`,
        category: '行政处罚',
        legal_basis: '《城市市容和环境卫生管理条例》|第三十六条；《中华人民共和国行政处罚法》|第二十七条',
        legal_days: '90',
        committed_days: '60',
        time_unit: 'calendar',
        discretion:
          'exempt:0:初次违法且及时改正的；lenient:50-200:及时改正的；general:200-500:逾期未改正的；severe:500-1000:拒不改正的',
      };
    case 1:
      return {
        ...base,
        name: `临时占用城市道路审批（第${i}项）`,
        category: '行政许可',
        legal_basis: '《城市道路管理条例》|第三十一条',
        licensing_conditions: '确需临时占用城市道路；占用期限不超过一年；有安全防护措施',
        fees: '按占用面积和期限计收|《城市道路管理条例》第三十七条',
      };
    default:
      return {
        ...base,
        name: `烟草专卖市场监督检查（第${i}项）`,
        category: '监督检查',
        legal_basis: '《中华人民共和国烟草专卖法实施条例》|第四十九条',
      };
  }
}

function generatedSheet(numbers: number[]): Buffer {
  const quote = (cell = '') => `"${cell.replace(/"/g, '""')}"`;
  const lines = numbers.map((i) => {
    const cells = generatedRow(i);
    return CATALOGUE_COLUMNS.map((column) => quote(cells[column])).join(',');
  });
  return Buffer.from(`\uFEFF${[CATALOGUE_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`, 'utf8');
}

async function timed(work: () => Promise<CatalogueImportReport>) {
  const started = process.hrtime.bigint();
  const report = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { report, seconds };
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  console.log(`Benchmark database: ${database.description}`);
  const dataSource = await openDatabase(database.url, { migrations: ALL_MIGRATIONS, poolSize: CLI_POOL_SIZE });
  try {
    const store = new PostgresEventStore(dataSource);
    const admin: Actor = { id: 'bench', role: 'admin' };
    for (const code of ['CG', 'YC']) {
      await handleCommand(
        store,
        departmentDecider,
        departmentStreamId(code),
        { type: 'RegisterDepartment', actor: admin, code, name: code, parentRegistered: false },
        { metadata: { actor: admin }, eventIds: (count) => Array.from({ length: count }, newEventId) },
      );
    }
    const runner = new ProjectionRunner(dataSource, store, []);
    const departments = new DepartmentDirectoryService(dataSource, store, runner, { minPositionWaitMs: 0 });
    const service = new CatalogueImportService(store, departments);
    const options: CatalogueImportOptions = {
      actorId: 'bench',
      correlationId: 'bench',
      dryRun: false,
      batchSize: DEFAULT_IMPORT_BATCH_SIZE,
    };

    const numbers = Array.from({ length: ROWS }, (_, i) => i + 1);
    const content = generatedSheet(numbers);
    const parseStarted = process.hrtime.bigint();
    const rows = readCatalogueCsv(content);
    const parseSeconds = Number(process.hrtime.bigint() - parseStarted) / 1e9;
    const newRowEvery = DEFAULT_IMPORT_BATCH_SIZE / 2;
    const spread = readCatalogueCsv(
      generatedSheet(numbers.flatMap((i) => (i % newRowEvery === 0 ? [i, ROWS + i / newRowEvery] : [i]))),
    );

    const runs = [
      { run: 'first import', ...(await timed(() => service.import(rows, options))) },
      { run: 'same sheet again', ...(await timed(() => service.import(rows, options))) },
      { run: 'dry run', ...(await timed(() => service.import(rows, { ...options, dryRun: true }))) },
      { run: 'new rows in every batch', ...(await timed(() => service.import(spread, options))) },
    ];
    console.log(
      `${ROWS} rows, ${(content.length / 1024).toFixed(0)} KiB, parsed in ${(parseSeconds * 1000).toFixed(0)} ms`,
    );
    console.table(
      runs.map(({ run, report, seconds }) => ({
        run,
        imported: report.imported,
        'already imported': report.alreadyImported,
        rejected: report.rejected.length,
        seconds: Number(seconds.toFixed(2)),
        'rows/s': Math.round(report.rowsRead / seconds),
      })),
    );
  } finally {
    await dataSource.destroy();
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
