import { APPLICATION_ROLE_MIGRATIONS, EVENT_STORE_MIGRATIONS } from '@app/event-store';
import { CreateProjectionCheckpoints1764300100000 } from '@app/projector/1764300100000-create-projection-checkpoints';
import { CreateApiKeys1764300200000 } from '@app/access/api-keys/1764300200000-create-api-keys';
import { CreatePowerCatalogue1764301000000 } from '@app/read-models/catalogue/1764301000000-create-power-catalogue';
import { CreateIdempotencyKeys1764301100000 } from '@app/read-models/idempotency/1764301100000-create-idempotency-keys';
import { CreateDepartments1764302000000 } from '@app/read-models/departments/1764302000000-create-departments';
import { CreateOperations1764304000000 } from '@app/read-models/operations/1764304000000-create-operations';
import { CreateAlerts1764305000000 } from '@app/read-models/alerts/1764305000000-create-alerts';
import { OperationStateAsJson1764500100000 } from '@app/read-models/operations/1764500100000-operation-state-as-json';
import { IdempotencyKeysByAge1764500300000 } from '@app/read-models/idempotency/1764500300000-idempotency-keys-by-age';
import { CatalogueReview1764600300000 } from '@app/read-models/catalogue/1764600300000-catalogue-review';
import { CreateOperationsAwaitingCalendar1764700400000 } from '@app/supervision/1764700400000-create-operations-awaiting-calendar';
import { AlertCases1764600700000 } from '@app/read-models/alerts/1764600700000-alert-cases';
import { CreateCases1764600710000 } from '@app/read-models/cases/1764600710000-create-cases';
import { CreateSupervisionRecords1764800000000 } from '@app/read-models/supervision-office/1764800000000-create-supervision-records';
import { CreateDashboardFacts1764800100000 } from '@app/read-models/dashboard/1764800100000-create-dashboard-facts';
import { OperationsListIndexes1764800200000 } from '@app/read-models/operations/1764800200000-operations-list-indexes';
import { DashboardStatesIndex1764800300000 } from '@app/read-models/dashboard/1764800300000-dashboard-states-index';
import { DashboardCountHistory1764800500000 } from '@app/read-models/dashboard/1764800500000-dashboard-count-history';
import { ProjectionFailures1764600350000 } from '@app/projector/1764600350000-projection-failures';

/** Every migration of the product (TypeORM runs them in the order of their timestamps): apps and tests apply exactly this list. */
export const ALL_MIGRATIONS = [
  ...EVENT_STORE_MIGRATIONS,
  CreateProjectionCheckpoints1764300100000,
  CreateApiKeys1764300200000,
  CreatePowerCatalogue1764301000000,
  CreateIdempotencyKeys1764301100000,
  CreateDepartments1764302000000,
  CreateOperations1764304000000,
  CreateAlerts1764305000000,
  ...APPLICATION_ROLE_MIGRATIONS,
  OperationStateAsJson1764500100000,
  IdempotencyKeysByAge1764500300000,
  CatalogueReview1764600300000,
  CreateOperationsAwaitingCalendar1764700400000,
  AlertCases1764600700000,
  CreateCases1764600710000,
  ProjectionFailures1764600350000,
  CreateSupervisionRecords1764800000000,
  CreateDashboardFacts1764800100000,
  OperationsListIndexes1764800200000,
  DashboardStatesIndex1764800300000,
  DashboardCountHistory1764800500000,
];
