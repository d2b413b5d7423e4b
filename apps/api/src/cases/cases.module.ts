import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CasesQueries } from '@app/read-models';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { CaseOutcomesController } from './case-outcomes.controller';
import { CaseDossierService } from './case-dossier.service';
import { CaseReconstructionService } from './case-reconstruction.service';
import { CasesController } from './cases.controller';
import { CaseAccessLog } from './case-access-log';
import { CaseCommands } from './case-commands';
import { CaseReader } from './case-reader';

/**
 * Accountability cases (责任追究): their steps, the list, each case, its reconstruction, its access log and the
 * disclosed outcomes.
 */
@Module({
  imports: [IdempotencyModule],
  controllers: [CasesController, CaseOutcomesController],
  providers: [
    {
      provide: CasesQueries,
      useFactory: (dataSource: DataSource) => new CasesQueries(dataSource),
      inject: [DataSource],
    },
    CaseCommands,
    CaseReader,
    CaseAccessLog,
    CaseReconstructionService,
    CaseDossierService,
  ],
})
export class CasesModule {}
