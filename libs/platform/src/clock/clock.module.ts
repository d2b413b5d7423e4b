import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Clock, SettableClock, SystemClock } from './clock';

/** The one Clock of a process (API or projector), global: CLOCK=settable gives tests a clock they can set. */
@Module({})
export class ClockModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ClockModule,
      global: true,
      providers: [{ provide: Clock, useValue: config.CLOCK === 'settable' ? new SettableClock() : new SystemClock() }],
      exports: [Clock],
    };
  }
}
