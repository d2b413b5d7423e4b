import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { OperationPowers, OperationsQueries } from '@app/read-models';
import { AlertsModule } from '../alerts/alerts.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';

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
    OperationsService,
  ],
})
export class OperationsModule {}
