import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';

/**
 * The database and the event store for every Nest process (API, projector): the caller opens and migrates
 * the DataSource and closes it after Nest has shut down.
 */
@Module({})
export class EventStoreModule {
  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: () => Promise.resolve(dataSource),
        }),
      ],
      providers: [
        {
          provide: PostgresEventStore,
          useFactory: (source: DataSource) => new PostgresEventStore(source),
          inject: [DataSource],
        },
        { provide: EVENT_STORE, useExisting: PostgresEventStore },
      ],
      exports: [PostgresEventStore, EVENT_STORE],
    };
  }
}
