import { Global, Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { CalendarProvider } from '@app/read-models';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { AdminCalendarsController } from './admin-calendars.controller';
import { CalendarsController } from './calendars.controller';
import { CalendarsService } from './calendars.service';

/** Global so that every feature computing deadlines injects the one CalendarProvider of the process. */
@Global()
@Module({
  imports: [IdempotencyModule],
  controllers: [AdminCalendarsController, CalendarsController],
  providers: [
    {
      provide: CalendarProvider,
      useFactory: (store: EventStore) => new CalendarProvider(store),
      inject: [EVENT_STORE],
    },
    CalendarsService,
  ],
  exports: [CalendarProvider],
})
export class CalendarsModule {}
