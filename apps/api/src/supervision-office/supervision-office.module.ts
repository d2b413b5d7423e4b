import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SupervisionRecordsQueries } from '@app/read-models';
import { AuthModule } from '../auth/auth.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ComplaintsController } from './complaints.controller';
import { FindingsController } from './findings.controller';
import { InspectionsController } from './inspections.controller';
import { PublicComplaintsController } from './public-complaints.controller';
import { RectificationsController } from './rectifications.controller';
import { InspectionSamples } from './inspection-samples';
import { SupervisionOfficeCommands } from './supervision-office.commands';
import { SupervisionOfficeReader } from './supervision-office.reader';

/**
 * The supervision office (监督考评): complaints (with the public form), inspections and their samples, findings and
 * rectification orders.
 */
@Module({
  imports: [IdempotencyModule, AuthModule],
  controllers: [
    ComplaintsController,
    PublicComplaintsController,
    InspectionsController,
    FindingsController,
    RectificationsController,
  ],
  providers: [
    {
      provide: SupervisionRecordsQueries,
      useFactory: (dataSource: DataSource) => new SupervisionRecordsQueries(dataSource),
      inject: [DataSource],
    },
    SupervisionOfficeCommands,
    SupervisionOfficeReader,
    InspectionSamples,
  ],
})
export class SupervisionOfficeModule {}
