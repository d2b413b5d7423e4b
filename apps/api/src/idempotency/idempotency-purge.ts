import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { IdempotencyService } from './idempotency.service';

/** How often expired responses are purged; a key lives between its TTL and its TTL plus this. */
const PURGE_EVERY_MS = 3_600_000;

/**
 * Forgets the responses recorded under Idempotency-Keys once IDEMPOTENCY_KEY_TTL_HOURS have passed, at start-up and
 * then every hour, so that the table holds a day of keys rather than every key ever sent. Every API process does it;
 * the deletes do not conflict.
 */
@Injectable()
export class IdempotencyPurge implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IdempotencyPurge');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.purge();
    this.timer = setInterval(() => this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private purge(): void {
    if (this.running) return;
    this.running = this.idempotency
      .purgeOlderThan(this.config.IDEMPOTENCY_KEY_TTL_HOURS)
      .then((deleted) => {
        if (deleted > 0) this.logger.log(`forgot ${deleted} expired Idempotency-Key responses`);
      })
      .catch((error: unknown) => this.logger.error('purging expired Idempotency-Key responses failed', error))
      .finally(() => (this.running = undefined));
  }
}
