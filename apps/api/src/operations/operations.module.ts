import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseUrlOf, EVENT_STORE, EventStore } from '@app/event-store';
import { AppConfig } from '@app/config';
import { CalendarProvider, OperationPowers, OperationsQueries } from '@app/read-models';
import { AlertsModule } from '../alerts/alerts.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';
import { BatchRegistrations, InProcessBatchRegistrations, WorkerBatchRegistrations } from './batch-registrations';
import { OperationBatchRegistration } from './operation-registration';
import { OperationBatch } from './operation-batch';

/** Important power operations: registration (single and batch), follow-ups, the register and each timeline. */
@Module({
  imports: [IdempotencyModule, AlertsModule],
  controllers: [OperationsController],
  providers: [
    { provide: OperationPowers, useFactory: (store: EventStore) => new OperationPowers(store), inject: [EVENT_STORE] },
    {
      provide: OperationsQueries,
      useFactory: (dataSource: DataSource) => new OperationsQueries(dataSource),
      inject: [DataSource],
    },
    {
      provide: BatchRegistrations,
      useFactory: (
        config: AppConfig,
        dataSource: DataSource,
        store: EventStore,
        powers: OperationPowers,
        calendars: CalendarProvider,
      ): BatchRegistrations => {
        if (config.BATCH_THREADS === 0) {
          return new InProcessBatchRegistrations(
            new OperationBatch(new OperationBatchRegistration(store, powers, calendars, config.MIN_PLAUSIBLE_DATE)),
          );
        }
        return new WorkerBatchRegistrations(
          {
            databaseUrl: databaseUrlOf(dataSource),
            poolSize: config.BATCH_THREAD_POOL_SIZE,
            minPlausibleDate: config.MIN_PLAUSIBLE_DATE,
            niceness: config.BATCH_THREAD_NICENESS,
          },
          config.BATCH_THREADS,
        );
      },
      inject: [AppConfig, DataSource, EVENT_STORE, OperationPowers, CalendarProvider],
    },
    OperationsService,
  ],
})
export class OperationsModule {}
