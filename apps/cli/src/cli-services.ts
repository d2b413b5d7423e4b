import { PostgresEventStore } from '@app/event-store';
import { ApiKeyService } from '@app/access';
import { AppDatabase } from '@app/bootstrap';
import { ProjectionRunner } from '@app/projector';
import { DepartmentDirectoryService } from '@app/read-models';

/** The services a CLI command needs, built over the command's own database connection. */
export function cliServices(database: AppDatabase) {
  const store = new PostgresEventStore(database.dataSource);
  // exists()/get() read the department's own stream; the runner only serves list(), which no command calls.
  const runner = new ProjectionRunner(database.dataSource, store, []);
  const departments = new DepartmentDirectoryService(database.dataSource, store, runner, { minPositionWaitMs: 0 });
  return { store, departments, apiKeys: new ApiKeyService(database.dataSource, store, departments) };
}
