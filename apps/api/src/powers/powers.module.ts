import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { CalendarProvider, CatalogueQueries } from '@app/read-models';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { PowersController } from './powers.controller';
import { PowersService } from './powers.service';

/** The power catalogue: commands, the bitemporal catalogue and each power's timeline. */
@Module({
  imports: [IdempotencyModule],
  controllers: [PowersController],
  providers: [
    {
      provide: CatalogueQueries,
      useFactory: (dataSource: DataSource, config: AppConfig, calendars: CalendarProvider) =>
        new CatalogueQueries(dataSource, {
          publicationLimitWorkingDays: config.PUBLICATION_LIMIT_WORKING_DAYS,
          calendar: async () => (await calendars.current()).calendar,
        }),
      inject: [DataSource, AppConfig, CalendarProvider],
    },
    PowersService,
  ],
})
export class PowersModule {}
