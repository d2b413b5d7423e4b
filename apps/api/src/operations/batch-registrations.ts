import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HttpException, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { DomainError } from '@app/domain';
import { JsonText, jsonBytes, malformedJsonBody, ownBuffer } from '../http/json-text';
import { WriteContext } from '../http/write-context';
import {
  BatchOutcome,
  BatchRefusal,
  BatchTask,
  BatchWorkerSettings,
  OperationBatch,
  refusalOf,
  taskOf,
} from './operation-batch';

/**
 * POST /v1/operations/batch behind the controller: parsing and validating up to 1,000 registrations, deciding and
 * writing them. That is tens of milliseconds of CPU and megabytes of short-lived objects per batch; done in the
 * thread that serves HTTP, a flood of batches holds every other request (/health included) behind its turns and
 * garbage collections. With BATCH_THREADS > 0 it runs in worker threads (WorkerBatchRegistrations), the body's
 * bytes moved there as they arrived and the answer moved back as JSON; with 0 in the API's thread
 * (InProcessBatchRegistrations). Both run OperationBatch, so the answers are the same.
 */
export abstract class BatchRegistrations {
  /** The answer, an OperationBatchResponse, as JSON (jsonBytes): the controller sends it as it is. */
  abstract register(body: JsonText, context: WriteContext): Promise<Uint8Array>;
}

/** The error a refusal is answered with: the one the API's thread would have thrown. */
function refusedWith(refusal: BatchRefusal): Error {
  switch (refusal.kind) {
    case 'malformed-json':
      return malformedJsonBody();
    case 'http':
      return new HttpException(refusal.response, refusal.status);
    case 'domain':
      return new DomainError(refusal.code, refusal.category, refusal.message, refusal.details, refusal.fieldErrors);
  }
}

export class InProcessBatchRegistrations extends BatchRegistrations {
  constructor(private readonly batch: OperationBatch) {
    super();
  }

  async register(body: JsonText, context: WriteContext): Promise<Uint8Array> {
    try {
      return jsonBytes(await this.batch.handle(body.bytes, context));
    } catch (error) {
      throw refusedWith(refusalOf(error));
    }
  }
}

/** The worker's entry in the build (piscina loads it with require: the TypeScript sources cannot run it). */
export const BATCH_WORKER_FILE = join(__dirname, 'batch-registration.worker.js');

/**
 * Batches handled in BATCH_THREADS worker threads (piscina), each with its own connections to the database: the
 * API's thread moves the body's bytes on and sends the answer's. A thread works on up to TASKS_PER_THREAD batches at
 * once, as their waits for the database leave it idle; further batches queue.
 */
export class WorkerBatchRegistrations
  extends BatchRegistrations
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  static readonly TASKS_PER_THREAD = 4;
  private readonly pool: Piscina<BatchTask, BatchOutcome>;

  constructor(settings: BatchWorkerSettings, threads: number, filename = BATCH_WORKER_FILE) {
    super();
    if (!existsSync(filename)) {
      throw new Error(
        `BATCH_THREADS=${threads} needs the built batch worker (${filename}): run the build (npm start does), ` +
          'or set BATCH_THREADS=0 to handle batches in the API thread',
      );
    }
    this.pool = new Piscina<BatchTask, BatchOutcome>({
      filename,
      name: 'registerBatch',
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: WorkerBatchRegistrations.TASKS_PER_THREAD,
      idleTimeout: Number.POSITIVE_INFINITY,
      // By default an idle piscina thread waits for its next task in Atomics.wait, which stops its event loop: its
      // pool's connections would go unattended between batches (a connection the server closed, an idle timeout),
      // and a thread could not open its pool before its first task. Messages instead.
      atomics: 'disabled',
      workerData: settings,
    });
  }

  /**
   * A thread that cannot reach the database fails the start-up, not the first batch: one thread is asked (every
   * thread opens its pool as it starts; one that failed tries again on its next batch).
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.pool.run(undefined as unknown as BatchTask, { name: 'ready' });
  }

  async register(body: JsonText, context: WriteContext): Promise<Uint8Array> {
    // Moved, not copied: a batch's hundreds of kilobytes cross without a copy, in either direction.
    const text = ownBuffer(body.bytes);
    const outcome = await this.pool.run(taskOf(text, context), { transferList: [text.buffer] });
    if (outcome instanceof Uint8Array) return outcome;
    throw refusedWith(outcome.refused);
  }

  /** After the HTTP server has closed, so the batches it was answering are done. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
