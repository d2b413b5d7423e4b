import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RestartBackoff } from './restart-backoff';

/** The thread's entry in the build (a worker thread runs JavaScript: the TypeScript sources cannot start it). */
export const PROJECTOR_THREAD_FILE = join(__dirname, 'projector-thread.worker.js');

/** How long a closing projector may take to finish its batch before its thread is stopped. */
const CLOSE_TIMEOUT_MS = 10_000;

/** What the thread is given: the configuration as plain data and the database the API opened. */
export interface ProjectorThreadData {
  config: Record<string, unknown>;
  databaseUrl: string;
}

export type ProjectorThreadMessage = { kind: 'ready' } | { kind: 'failed'; error: string };

/**
 * The projector of a single-process `npm start` (API_WORKERS=1), in a worker thread: the projections, detectors and
 * reactors follow the log with their own connections, heap and event loop, as the projector process does with
 * API_WORKERS > 1, so that projecting a flood of registrations does not hold the API's answers (/health included)
 * behind its turns and garbage collections. A thread that dies is replaced after a backoff (RestartBackoff), as the
 * supervisor replaces a process.
 */
export class ProjectorThread {
  private readonly logger = new Logger(ProjectorThread.name);
  private readonly backoff = new RestartBackoff();
  private worker!: Worker;
  private startedAt = 0;
  private closing = false;
  private restart: NodeJS.Timeout | undefined;

  private constructor(
    private readonly data: ProjectorThreadData,
    private readonly filename: string,
  ) {}

  /** Starts the thread and waits until its projector runs; a first start that fails fails the caller. */
  static async start(
    config: AppConfig,
    databaseUrl: string,
    filename = PROJECTOR_THREAD_FILE,
  ): Promise<ProjectorThread> {
    if (!existsSync(filename)) {
      throw new Error(`The projector thread needs the build (${filename}): start the API with npm start`);
    }
    const thread = new ProjectorThread({ config: { ...config }, databaseUrl }, filename);
    await thread.spawn();
    return thread;
  }

  private spawn(): Promise<void> {
    this.startedAt = Date.now();
    const worker = new Worker(this.filename, { workerData: this.data });
    this.worker = worker;
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (message: ProjectorThreadMessage) =>
        message.kind === 'ready' ? resolve() : reject(new Error(`The projector did not start: ${message.error}`)),
      );
      worker.once('exit', (code) => reject(new Error(`The projector thread exited with code ${code} while starting`)));
    });
    worker.on('error', (error) =>
      this.logger.error({ error: error.message, stack: error.stack }, 'Projector thread failed'),
    );
    ready.then(
      () => worker.once('exit', (code) => this.replace(code)),
      () => undefined,
    );
    return ready;
  }

  private replace(code: number): void {
    if (this.closing) return;
    const delay = this.backoff.next(Date.now() - this.startedAt);
    this.logger.error(`The projector thread stopped (exit code ${code}); starting another in ${delay} ms`);
    this.restart = setTimeout(() => {
      this.spawn().catch((error: unknown) => {
        this.logger.error({ error: String(error) }, 'The projector thread did not start again');
        this.replace(1);
      });
    }, delay);
  }

  /** Lets the projector finish what it is writing and stops the thread. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restart);
    if (this.worker.threadId === -1) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    const timer = setTimeout(() => void this.worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
