import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { ProjectionRunner } from '@app/projector';
import { AlertQueries } from '@app/read-models';
import { ALERT_DETECTORS_REACTOR } from '@app/supervision';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { AlertFeedService } from './alert-feed.service';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

/** Alerts (电子监察): list, one alert, the live stream, acknowledgement and resolution. Exports AlertQueries. */
@Module({
  imports: [IdempotencyModule],
  controllers: [AlertsController],
  providers: [
    {
      provide: AlertQueries,
      useFactory: (dataSource: DataSource, runner: ProjectionRunner, config: AppConfig) =>
        new AlertQueries(dataSource, runner, {
          minPositionWaitMs: config.MIN_POSITION_WAIT_MS,
          detectors: ALERT_DETECTORS_REACTOR,
        }),
      inject: [DataSource, ProjectionRunner, AppConfig],
    },
    AlertsService,
    AlertFeedService,
  ],
  exports: [AlertQueries],
})
export class AlertsModule {}
