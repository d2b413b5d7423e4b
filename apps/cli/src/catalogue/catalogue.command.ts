import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { isDepartmentCode } from '@app/domain';
import { AppDatabase } from '@app/bootstrap';
import { CatalogueCsvRow, readCatalogueCsv } from './catalogue-csv.reader';
import { formatImportReport } from './catalogue-import.report';
import { cliServices } from '../cli-services';
import { CatalogueImportService, DEFAULT_IMPORT_ACTOR_ID, DEFAULT_IMPORT_BATCH_SIZE } from './catalogue-import.service';

/** Opens the CLI's database for the duration of `work` (main.ts's, so every command handles it alike). */
export type WithDatabase = (work: (database: AppDatabase) => Promise<void>) => Promise<void>;

interface ImportFlags {
  departmentScope?: string;
  dryRun?: boolean;
  batchSize: number;
  actor: string;
}

/** Exit code when the file was read and some rows were rejected (the valid ones are imported all the same). */
export const EXIT_ROWS_REJECTED = 2;

function batchSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 5000) throw new InvalidArgumentError('must be from 1 to 5000');
  return size;
}

function departmentCode(value: string): string {
  if (!isDepartmentCode(value)) throw new InvalidArgumentError('must be a department code such as CG');
  return value;
}

async function importCatalogue(file: string, flags: ImportFlags, withDatabase: WithDatabase): Promise<void> {
  let rows: CatalogueCsvRow[];
  try {
    rows = readCatalogueCsv(await readFile(file));
  } catch (error) {
    // A file that cannot be read, or read as a catalogue sheet, is the operator's to fix: a message, no stack.
    console.error(`Cannot import ${file}: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  await withDatabase(async (database) => {
    const { store, departments } = cliServices(database);
    const service = new CatalogueImportService(store, departments);
    const bar = new SingleBar({ format: 'Importing [{bar}] {value}/{total} rows', hideCursor: true }, Presets.legacy);
    const started = performance.now();
    bar.start(rows.length, 0);
    let report;
    try {
      report = await service.import(
        rows,
        {
          actorId: flags.actor,
          correlationId: randomUUID(),
          departmentScope: flags.departmentScope,
          dryRun: flags.dryRun ?? false,
          batchSize: flags.batchSize,
        },
        (done) => bar.update(done),
      );
    } finally {
      bar.stop();
    }
    console.log(formatImportReport(report, (performance.now() - started) / 1000));
    if (report.rejected.length > 0) process.exitCode = EXIT_ROWS_REJECTED;
  });
}

/** `catalogue import <file.csv>`: a department's catalogue inventory sheet into the power catalogue. */
export function catalogueCommand(withDatabase: WithDatabase): Command {
  const catalogue = new Command('catalogue').description('the power catalogue (职权目录)');
  catalogue
    .command('import')
    .description(
      'grant every power of a catalogue sheet (UTF-8 CSV, one power per row, columns in samples/README.md); ' +
        'exits 2 when some rows were rejected, having imported the others',
    )
    .argument('<file>', 'the CSV file')
    .option('--department-scope <code>', 'reject the rows of any other department', departmentCode)
    .option('--dry-run', 'validate and report only; write nothing')
    .option('--batch-size <rows>', 'rows appended per transaction', batchSize, DEFAULT_IMPORT_BATCH_SIZE)
    .option('--actor <id>', 'actor id recorded on the events (role reviewer)', DEFAULT_IMPORT_ACTOR_ID)
    .action((file: string, flags: ImportFlags) => importCatalogue(file, flags, withDatabase));
  return catalogue;
}
