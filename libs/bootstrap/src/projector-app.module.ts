import { DynamicModule, Global, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { EVENT_STORE, EventStore, EventStoreModule } from '@app/event-store';
import { CalendarProvider } from '@app/read-models';
import { ClockModule } from '@app/platform';
import { ALL_PROJECTIONS } from './projections';
import { AlertDetectionModule } from '@app/supervision';
import { ProjectorModule } from '@app/projector';

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

/**
 * The projector on its own: every projection and reactor following the log, and the deadline watcher; no HTTP. Run by
 * `npm run start:projector`, and by `npm start` beside its HTTP workers when API_WORKERS > 1.
 */
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

/** Creates and starts the projector on an open database, logging through pino; the caller closes it. */
export async function startProjector(config: AppConfig, dataSource: DataSource): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config, dataSource), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await app.init();
  return app;
}
