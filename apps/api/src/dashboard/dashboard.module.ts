import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DashboardQueries, EvaluationsQueries } from '@app/read-models';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** The supervision dashboards and evaluations (绩效考评). */
@Module({
  imports: [IdempotencyModule],
  controllers: [DashboardController],
  providers: [
    {
      provide: DashboardQueries,
      useFactory: (dataSource: DataSource) => new DashboardQueries(dataSource),
      inject: [DataSource],
    },
    {
      provide: EvaluationsQueries,
      useFactory: (dataSource: DataSource) => new EvaluationsQueries(dataSource),
      inject: [DataSource],
    },
    DashboardService,
  ],
})
export class DashboardModule {}
