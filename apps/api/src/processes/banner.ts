import { AppConfig } from '@app/config';
import { AdminKeyBootstrap } from '@app/access';
import { DatabaseOrigin } from '@app/bootstrap';

/** What `npm start` prints once the API answers: where it is, its database, and a first admin key if it made one. */
export function printBanner(
  config: AppConfig,
  origin: DatabaseOrigin,
  admin: AdminKeyBootstrap,
  port: number,
  processes?: string,
): void {
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? 'localhost' : config.HOST;
  const base = `http://${host}:${port}`;
  const databaseLine = {
    external: 'PostgreSQL at DATABASE_URL',
    'embedded-started': `embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT}, data in ${config.EMBEDDED_PG_DIR}`,
    'embedded-reused': `embedded PostgreSQL already running on 127.0.0.1:${config.EMBEDDED_PG_PORT} (another process owns it)`,
  }[origin];
  const lines = [
    '',
    `Power supervision API: ${base}`,
    `  Console:   ${base}/console/   (sign in with an API key; npm run demo loads a year of demo data and prints keys)`,
    `  API docs:  ${base}/docs   (OpenAPI document: ${base}/docs-json)`,
    `  Health:    ${base}/health`,
    `  Database:  ${databaseLine}`,
  ];
  if (processes) lines.push(`  Processes: ${processes}`);
  if (admin.key) {
    lines.push(
      '',
      '  First admin API key, shown this once only (the server keeps only its hash):',
      `    ${admin.key}`,
      `  Use it as: curl -H "Authorization: Bearer ${admin.key}" ${base}/v1/admin/keys`,
    );
  }
  if (admin.revoked) {
    lines.push(
      '',
      `  ADMIN_API_KEY (id ${admin.id}) has been revoked and opens nothing. For another admin key run`,
      '    npm run cli -- keys create --role admin',
      '  and unset ADMIN_API_KEY or set it to the new key.',
    );
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}
