import { AddressInfo } from 'node:net';
import { AppConfig, ConfigError, loadConfig } from '@app/config';
import { AdminKeyBootstrap, ApiKeyService, AppDatabase, onShutdownSignal, openAppDatabase } from '@app/projections';
import { AppModule } from './app.module';
import { createApp } from './configure-app';

/**
 * npm start: configuration, the database (the embedded PostgreSQL when DATABASE_URL is unset), migrations,
 * the first admin key, then HTTP. On Ctrl-C or SIGTERM: Nest closes (HTTP, hooks, the data source), then
 * the embedded server stops.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) console.log(`Starting the embedded PostgreSQL (data in ${config.EMBEDDED_PG_DIR}) …`);
  const database = await openAppDatabase(config);
  try {
    const app = await createApp(AppModule.forRoot({ config, dataSource: database.dataSource }));
    onShutdownSignal(async (signal) => {
      console.log(`\n${signal}: shutting down`);
      await app.close();
      await database.close();
      console.log('Stopped.');
    });
    const admin = await app.get(ApiKeyService).ensureAdminKey(config.ADMIN_API_KEY);
    await app.listen({ port: config.PORT, host: config.HOST });
    printBanner(config, database, admin, (app.getHttpServer().address() as AddressInfo).port);
  } catch (error) {
    await database.close();
    throw error;
  }
}

function printBanner(config: AppConfig, database: AppDatabase, admin: AdminKeyBootstrap, port: number): void {
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? 'localhost' : config.HOST;
  const base = `http://${host}:${port}`;
  const databaseLine = {
    external: 'PostgreSQL at DATABASE_URL',
    'embedded-started': `embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT}, data in ${config.EMBEDDED_PG_DIR}`,
    'embedded-reused': `embedded PostgreSQL already running on 127.0.0.1:${config.EMBEDDED_PG_PORT} (another process owns it)`,
  }[database.origin];
  const lines = [
    '',
    `Power supervision API: ${base}`,
    `  API docs:  ${base}/docs   (OpenAPI document: ${base}/docs-json)`,
    `  Health:    ${base}/health`,
    `  Database:  ${databaseLine}`,
  ];
  if (admin.key) {
    lines.push(
      '',
      '  First admin API key, shown this once only (the server keeps only its hash):',
      `    ${admin.key}`,
      `  Use it as: curl -H "Authorization: Bearer ${admin.key}" ${base}/v1/admin/keys`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
