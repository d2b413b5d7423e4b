import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './app-config';

/** Makes the loaded configuration injectable everywhere (`constructor(private readonly config: AppConfig)`). */
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
