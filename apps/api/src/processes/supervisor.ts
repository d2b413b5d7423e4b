import cluster, { Worker } from 'node:cluster';
import { setPriority } from 'node:os';
import { BACKGROUND_NICENESS } from '@app/platform';
import { AppConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { ApiKeyService } from '@app/access';
import { openAppDatabase } from '@app/bootstrap';
import { onShutdownSignal } from '@app/platform';
import { printBanner } from './banner';
import { RestartBackoff } from './restart-backoff';
import { workerArgument, WorkerRole } from './workers';

/** Workers that have not stopped this long after the signal are killed. */
const STOP_TIMEOUT_MS = 15_000;

interface ReadyMessage {
  kind: 'listening';
  port: number;
}

const isReady = (message: unknown): message is ReadyMessage =>
  typeof message === 'object' && message !== null && (message as ReadyMessage).kind === 'listening';

/**
 * `npm start` with API_WORKERS > 1: this process opens the database (starting the embedded server if need be, and
 * migrating), makes sure there is an admin key, then forks API_WORKERS HTTP workers, which share the port (node's
 * cluster hands each connection to the next worker), and one projector when RUN_PROJECTOR. It serves nothing itself.
 * A worker that dies is replaced; if one dies before every HTTP worker listens, start-up fails. On a signal it stops
 * the workers, then the embedded server if it started it.
 */
export async function runSupervisor(config: AppConfig): Promise<void> {
  if (!config.DATABASE_URL) console.log(`Starting the embedded PostgreSQL (data in ${config.EMBEDDED_PG_DIR}) …`);
  const database = await openAppDatabase(config, { applicationName: 'power-supervision supervisor' });
  const workers = new Map<Worker, { role: WorkerRole; startedAt: number }>();
  const backoff = { http: new RestartBackoff(), projector: new RestartBackoff() };
  let stopping = false;

  const stopWorkers = async (): Promise<void> => {
    stopping = true;
    const exits = [...workers.keys()].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
          worker.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          worker.process.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  };
  onShutdownSignal(async (signal) => {
    console.log(`\n${signal}: shutting down`);
    await stopWorkers();
    await database.close();
    console.log('Stopped.');
  });

  try {
    const admin = await new ApiKeyService(
      database.dataSource,
      new PostgresEventStore(database.dataSource),
    ).ensureAdminKey(config.ADMIN_API_KEY);
    // The workers have pools of their own; this process needs the server, not connections.
    await database.dataSource.destroy();

    const fork = (role: WorkerRole): Worker => {
      cluster.setupPrimary({ args: [workerArgument(role)] });
      const worker = cluster.fork();
      workers.set(worker, { role, startedAt: Date.now() });
      if (role === 'projector') {
        worker.once('online', () => {
          if (worker.process.pid !== undefined) setPriority(worker.process.pid, BACKGROUND_NICENESS);
        });
      }
      return worker;
    };

    const port = await new Promise<number>((resolve, reject) => {
      let listening = 0;
      const onMessage = (_worker: Worker, message: unknown) => {
        if (!isReady(message)) return;
        listening += 1;
        if (listening === config.API_WORKERS) {
          cluster.off('message', onMessage);
          cluster.off('exit', onEarlyExit);
          resolve(message.port);
        }
      };
      const onEarlyExit = (worker: Worker, code: number | null, signal: string | null) => {
        reject(
          new Error(`The ${workers.get(worker)?.role} worker exited during start-up (${signal ?? `code ${code}`})`),
        );
      };
      cluster.on('message', onMessage);
      cluster.on('exit', onEarlyExit);
      if (config.RUN_PROJECTOR) fork('projector');
      for (let i = 0; i < config.API_WORKERS; i += 1) fork('http');
    });

    cluster.on('exit', (worker, code, signal) => {
      const started = workers.get(worker);
      workers.delete(worker);
      if (stopping || started === undefined) return;
      const { role } = started;
      const delayMs = backoff[role].next(Date.now() - started.startedAt);
      console.error(
        `The ${role} worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); restarting it in ${delayMs / 1000} s`,
      );
      setTimeout(() => {
        if (!stopping) fork(role);
      }, delayMs);
    });

    const processes =
      `${config.API_WORKERS} HTTP workers` + (config.RUN_PROJECTOR ? ', 1 projector (lower CPU priority)' : '');
    printBanner(config, database.origin, admin, port, processes);
  } catch (error) {
    await stopWorkers();
    await database.close();
    throw error;
  }
}
