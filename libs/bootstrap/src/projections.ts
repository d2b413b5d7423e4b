import { Type } from '@nestjs/common';
import { AlertsProjection } from '@app/read-models';
import { CasesProjection } from '@app/read-models';
import { CatalogueProjection } from '@app/read-models';
import { DepartmentsProjection } from '@app/read-models';
import { OperationsProjection } from '@app/read-models';
import { SupervisionRecordsProjection } from '@app/read-models';
import { DashboardFactsProjection } from '@app/read-models';
import { EvaluationsProjection } from '@app/read-models';
import { AlertDetectorsReactor } from '@app/supervision';
import { PendingDeadlinesReactor } from '@app/supervision';
import { Projection } from '@app/projector';

/**
 * Every asynchronous projection of the product, run by the projector (in the API process by default, or
 * alone with `npm run start:projector`). Each is a Nest provider, so it can inject what it needs.
 */
export const ALL_PROJECTIONS: Type<Projection>[] = [
  DepartmentsProjection,
  CatalogueProjection,
  OperationsProjection,
  AlertDetectorsReactor,
  AlertsProjection,
  PendingDeadlinesReactor,
  CasesProjection,
  SupervisionRecordsProjection,
  DashboardFactsProjection,
  EvaluationsProjection,
];
