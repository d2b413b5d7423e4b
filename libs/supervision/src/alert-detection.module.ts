import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { CalendarErrorCode } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { CalendarProvider } from '@app/read-models';
import { Clock } from '@app/platform';
import { AlertDetection } from './alert-detection';
import { DeadlineWatcher } from './alert-deadline.watcher';

const WATCH = Symbol('WATCH_DEADLINES');

/** Starts the deadline watcher with the application and stops it before the database closes. */
@Injectable()
class DeadlineWatcherLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly watcher: DeadlineWatcher,
    @Inject(WATCH) private readonly watch: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.watch) await this.watcher.start();
  }

  /**
   * Before, not on, application shutdown: TypeORM's module destroys the data source in its own onApplicationShutdown,
   * which may run first, and a pass still under way would then fail on a closed pool.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.watcher.stop();
  }
}

export interface AlertDetectionModuleOptions {
  /** Run the deadline watcher in this process: wherever the projector runs. */
  watch: boolean;
}

/**
 * What the alert detectors need in a process that runs the projections (the API by default, or the projector):
 * AlertDetection for the reactor in ALL_PROJECTIONS, and the deadline watcher. Needs a global CalendarProvider and
 * Clock (ClockModule).
 */
@Module({})
export class AlertDetectionModule {
  static forRoot({ watch }: AlertDetectionModuleOptions): DynamicModule {
    return {
      module: AlertDetectionModule,
      global: true,
      providers: [
        {
          provide: AlertDetection,
          useFactory: (store: EventStore, calendars: CalendarProvider, config: AppConfig) => {
            const logger = new Logger('AlertDetection');
            return new AlertDetection(store, {
              calendar: () => calendars.calendar(),
              publicationLimitWorkingDays: config.PUBLICATION_LIMIT_WORKING_DAYS,
              operationSettings: {
                lateRegistrationWorkingDays: config.LATE_REGISTRATION_WORKING_DAYS,
                majorPenaltyAmount: config.MAJOR_PENALTY_AMOUNT,
                yellowFraction: config.YELLOW_CARD_FRACTION,
                lateRecordWorkingDays: config.LATE_RECORD_WORKING_DAYS,
                longPauseWorkingDays: config.LONG_PAUSE_WORKING_DAYS,
              },
              retryAfterMs: config.ALERT_WATCHER_MAX_SLEEP_MS,
              onDeferred: (subject, error) =>
                logger.warn(
                  `${subject.kind} ${subject.id} could not be checked (${error.code}: ${error.message}); ` +
                    (error.code === CalendarErrorCode.yearUnknown
                      ? 'checked again when a calendar year is published (see /health)'
                      : `retried in ${config.ALERT_WATCHER_MAX_SLEEP_MS} ms`),
                ),
            });
          },
          inject: [EVENT_STORE, CalendarProvider, AppConfig],
        },
        {
          provide: DeadlineWatcher,
          useFactory: (dataSource: DataSource, detection: AlertDetection, clock: Clock, config: AppConfig) => {
            const logger = new Logger('DeadlineWatcher');
            return new DeadlineWatcher(dataSource, detection, clock, {
              maxSleepMs: config.ALERT_WATCHER_MAX_SLEEP_MS,
              onError: (error) => logger.error('deadline check failed; the subjects stay due', error as Error),
            });
          },
          inject: [DataSource, AlertDetection, Clock, AppConfig],
        },
        { provide: WATCH, useValue: watch },
        DeadlineWatcherLifecycle,
      ],
      exports: [AlertDetection, DeadlineWatcher],
    };
  }
}
