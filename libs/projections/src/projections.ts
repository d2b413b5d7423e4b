import { Type } from '@nestjs/common';
import { AlertsProjection } from './alerts/alerts.projection';
import { CasesProjection } from './cases/cases.projection';
import { CatalogueProjection } from './catalogue/catalogue.projection';
import { DepartmentsProjection } from './departments/departments.projection';
import { OperationsProjection } from './operations/operations.projection';
import { AlertDetectorsReactor } from './reactors/alert-detectors.reactor';
import { PendingDeadlinesReactor } from './reactors/pending-deadlines.reactor';
import { Projection } from './runner/projection';

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
];
