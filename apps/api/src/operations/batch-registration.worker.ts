import { workerData } from 'piscina';
import { setEarliestPlausibleDate } from '@app/contracts';
import { openMigratedDatabase, PostgresEventStore } from '@app/event-store';
import { CalendarProvider, OperationPowers } from '@app/read-models';
import { BatchOutcome, BatchTask, BatchWorkerSettings, contextOf, OperationBatch, refusalOf } from './operation-batch';
import { OperationBatchRegistration } from './operation-registration';
import { runThisThreadInBackground } from '@app/platform';

/**
 * A worker thread of WorkerBatchRegistrations: its own connections to the database, store, power histories and
 * calendars, and the same OperationBatch as the API thread's.
 */
const settings = workerData as BatchWorkerSettings;
runThisThreadInBackground(settings.niceness);
let batch: Promise<OperationBatch> | undefined;

function open(): Promise<OperationBatch> {
  batch ??= (async () => {
    setEarliestPlausibleDate(settings.minPlausibleDate);
    const dataSource = await openMigratedDatabase(settings.databaseUrl, {
      poolSize: settings.poolSize,
      applicationName: 'power-supervision batch worker',
    });
    const store = new PostgresEventStore(dataSource);
    const registration = new OperationBatchRegistration(
      store,
      new OperationPowers(store),
      new CalendarProvider(store),
      settings.minPlausibleDate,
    );
    return new OperationBatch(registration);
  })();
  return batch;
}

/** Opens the thread's connections: WorkerBatchRegistrations waits for it at start-up. */
export async function ready(): Promise<void> {
  await open();
}

export async function registerBatch(task: BatchTask): Promise<BatchOutcome> {
  const handler = await open();
  try {
    return { response: await handler.handle(task.text, contextOf(task)) };
  } catch (error) {
    return { refused: refusalOf(error) };
  }
}
