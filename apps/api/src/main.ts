import cluster from 'node:cluster';
import { AddressInfo } from 'node:net';
import { AppConfig, ConfigError, loadConfig } from '@app/config';
import { ApiKeyService } from '@app/access';
import { openAppDatabase } from '@app/bootstrap';
import { onShutdownSignal } from '@app/platform';
import { AppModule } from './app.module';
import { createApp } from './configure-app';
import { printBanner } from './processes/banner';
import { runSupervisor } from './processes/supervisor';
import { runWorker, workerRoleOf } from './processes/workers';
import { databaseUrlOf } from '@app/event-store';
import { ProjectorThread } from './processes/projector-thread';

/**
 * npm start: configuration, the database (the embedded PostgreSQL when DATABASE_URL is unset), migrations,
 * the first admin key, then HTTP, with the projector in a thread of its own; with API_WORKERS > 1 a supervisor does the first steps and forks the workers
 * (processes/supervisor.ts). On Ctrl-C or SIGTERM: Nest closes (HTTP, hooks, the data source), then the
 * embedded server stops.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isWorker) return runWorker(config, workerRoleOf(process.argv));
  if (config.API_WORKERS > 1) return runSupervisor(config);
  return runSingleProcess(config);
}

async function runSingleProcess(config: AppConfig): Promise<void> {
  if (!config.DATABASE_URL) console.log(`Starting the embedded PostgreSQL (data in ${config.EMBEDDED_PG_DIR}) …`);
  const database = await openAppDatabase(config, { applicationName: 'power-supervision' });
  let projector: ProjectorThread | undefined;
  try {
    // The projector follows the log in a thread of its own (ProjectorThread), not in the thread that answers HTTP.
    const httpConfig = Object.assign(new AppConfig(), config, { RUN_PROJECTOR: false });
    const app = await createApp(AppModule.forRoot({ config: httpConfig, dataSource: database.dataSource }));
    if (config.RUN_PROJECTOR) projector = await ProjectorThread.start(config, databaseUrlOf(database.dataSource));
    onShutdownSignal(async (signal) => {
      console.log(`\n${signal}: shutting down`);
      await app.close();
      await projector?.close();
      await database.close();
      console.log('Stopped.');
    });
    const admin = await app.get(ApiKeyService).ensureAdminKey(config.ADMIN_API_KEY);
    await app.listen({ port: config.PORT, host: config.HOST });
    printBanner(config, database.origin, admin, (app.getHttpServer().address() as AddressInfo).port);
  } catch (error) {
    await projector?.close();
    await database.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
