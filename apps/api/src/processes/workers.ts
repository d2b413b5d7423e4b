import { AddressInfo } from 'node:net';
import { AppConfig } from '@app/config';
import { openAppDatabase, startProjector } from '@app/bootstrap';
import { AppModule } from '../app.module';
import { createApp } from '../configure-app';

/** What a process forked by the supervisor does; it is told by its command-line argument `--worker=<role>`. */
export type WorkerRole = 'http' | 'projector';

const WORKER_ROLES: readonly WorkerRole[] = ['http', 'projector'];
export const workerArgument = (role: WorkerRole): string => `--worker=${role}`;

export function workerRoleOf(argv: readonly string[]): WorkerRole {
  const role = argv.find((arg) => arg.startsWith('--worker='))?.slice('--worker='.length);
  if (!WORKER_ROLES.includes(role as WorkerRole)) throw new Error(`A worker needs --worker=http or --worker=projector`);
  return role as WorkerRole;
}

/**
 * A worker process: its own database pool on the server the supervisor opened (migrations are already applied), then
 * HTTP without the projector, or the projector alone. It shuts down on SIGINT, SIGTERM or SIGHUP (a Ctrl-C reaches
 * it and the supervisor both, and the supervisor forwards the signal: a repeated signal must not cut the shutdown
 * short, the supervisor kills what does not stop in time), and when the supervisor is gone.
 */
export async function runWorker(config: AppConfig, role: WorkerRole): Promise<void> {
  const database = await openAppDatabase(config, { applicationName: `power-supervision ${role}` });
  let close: () => Promise<void> = () => database.close();
  let closing: Promise<void> | undefined;
  const shutdown = (): void => {
    closing ??= close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, shutdown);
  process.on('disconnect', shutdown);
  try {
    if (role === 'projector') {
      const projector = await startProjector(config, database.dataSource);
      close = async () => {
        await projector.close();
        await database.close();
      };
      return;
    }
    const httpConfig = Object.assign(new AppConfig(), config, { RUN_PROJECTOR: false });
    const app = await createApp(AppModule.forRoot({ config: httpConfig, dataSource: database.dataSource }));
    close = async () => {
      await app.close();
      await database.close();
    };
    await app.listen({ port: config.PORT, host: config.HOST });
    process.send?.({ kind: 'listening', port: (app.getHttpServer().address() as AddressInfo).port });
  } catch (error) {
    await close();
    throw error;
  }
}
