import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { EVENT_STORE, EventStore, EventStoreModule } from '@app/event-store';
import {
  ALL_PROJECTIONS,
  AlertDetectionModule,
  CalendarProvider,
  ClockModule,
  ProjectorModule,
} from '@app/projections';

/** The working calendar for the detectors (the API provides its own in its calendars feature). */
@Global()
@Module({
  providers: [
    {
      provide: CalendarProvider,
      useFactory: (store: EventStore) => new CalendarProvider(store),
      inject: [EVENT_STORE],
    },
  ],
  exports: [CalendarProvider],
})
class ProjectorCalendarModule {}

/** The projector on its own: every projection and reactor following the log, and the deadline watcher; no HTTP. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        EventStoreModule.forRoot(dataSource),
        ProjectorCalendarModule,
        ClockModule.forRoot(config),
        AlertDetectionModule.forRoot({ watch: true }),
        ProjectorModule.forRoot({ projections: ALL_PROJECTIONS, run: true }),
      ],
    };
  }
}
