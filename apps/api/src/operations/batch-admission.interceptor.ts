import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Semaphore } from 'async-mutex';
import { from, lastValueFrom, Observable } from 'rxjs';
import { AppConfig } from '@app/config';

/**
 * Lets BATCH_CONCURRENCY batches of registrations through at a time in this process; the others wait, in order of
 * arrival, before their body is validated (an interceptor wraps the pipes and the handler). What a batch costs is
 * mostly this process's CPU, and a waiting batch costs none, so the process keeps time for /health and for every
 * other request during a flood of batches.
 */
@Injectable()
export class BatchAdmission implements NestInterceptor {
  private readonly turns: Semaphore | undefined;

  constructor(config: AppConfig) {
    this.turns = config.BATCH_CONCURRENCY > 0 ? new Semaphore(config.BATCH_CONCURRENCY) : undefined;
  }

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const turns = this.turns;
    if (turns === undefined) return next.handle();
    return from(turns.runExclusive(() => lastValueFrom(next.handle())));
  }
}
