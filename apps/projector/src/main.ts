import { ConfigError, loadConfig } from '@app/config';
import { openAppDatabase, startProjector } from '@app/bootstrap';
import { onShutdownSignal } from '@app/platform';

/**
 * npm run start:projector: the projections and reactors in a process of their own, for when the API runs
 * with RUN_PROJECTOR=false. Several may run at once; each batch is claimed with a row lock.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openAppDatabase(config, { applicationName: 'power-supervision projector' });
  const app = await startProjector(config, database.dataSource);
  onShutdownSignal(async () => {
    await app.close();
    await database.close();
  });
  console.log(`Projector running (database: ${database.origin}). Press Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
