import { Module } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyPurge } from './idempotency-purge';
import { IdempotencyService } from './idempotency.service';

/** Import it in a feature module whose controllers use @Idempotent(). */
@Module({
  providers: [IdempotencyService, IdempotencyInterceptor, IdempotencyPurge],
  exports: [IdempotencyService, IdempotencyInterceptor],
})
export class IdempotencyModule {}
