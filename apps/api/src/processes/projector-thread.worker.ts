import { parentPort, workerData } from 'node:worker_threads';
import { AppConfig } from '@app/config';
import { startProjector } from '@app/bootstrap';
import { openMigratedDatabase } from '@app/event-store';
import { runThisThreadInBackground } from '@app/platform';
import { ProjectorThreadData, ProjectorThreadMessage } from './projector-thread';

/**
 * The projector thread (ProjectorThread): its own pool on the database the API opened (migrations already
 * applied), the projector as the projector process runs it, and a clean stop when the API closes.
 */
async function run(): Promise<void> {
  runThisThreadInBackground();
  const data = workerData as ProjectorThreadData;
  const config = Object.assign(new AppConfig(), data.config);
  const dataSource = await openMigratedDatabase(data.databaseUrl, {
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'power-supervision projector',
  });
  try {
    const projector = await startProjector(config, dataSource);
    parentPort!.on('message', (message) => {
      if (message !== 'close') return;
      void projector
        .close()
        // The projector's context may have closed the data source already.
        .then(() => (dataSource.isInitialized ? dataSource.destroy() : undefined))
        .finally(() => parentPort!.close());
    });
    parentPort!.postMessage({ kind: 'ready' } satisfies ProjectorThreadMessage);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

run().catch((error: unknown) => {
  parentPort!.postMessage({ kind: 'failed', error: String(error) } satisfies ProjectorThreadMessage);
  process.exit(1);
});
