import { Piscina, workerData } from 'piscina';
import { setEarliestPlausibleDate } from '@app/contracts';
import { openMigratedDatabase, PostgresEventStore } from '@app/event-store';
import { CalendarProvider, OperationPowers } from '@app/read-models';
import { BatchOutcome, BatchTask, BatchWorkerSettings, contextOf, OperationBatch, refusalOf } from './operation-batch';
import { OperationBatchRegistration } from './operation-registration';
import { jsonBytes } from '../http/json-text';
import { openedOnce, runThisThreadInBackground } from '@app/platform';

/**
 * A worker thread of WorkerBatchRegistrations: its own connections to the database, store, power histories and
 * calendars, and the same OperationBatch as the API thread's.
 */
const settings = workerData as BatchWorkerSettings;
runThisThreadInBackground(settings.niceness);
/** The thread's OperationBatch, its pool opened on first use, and again on the next batch if that failed. */
const open = openedOnce(async (): Promise<OperationBatch> => {
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
});
// Every thread opens its pool as it starts, not only the one asked to (ready): the first batches do not wait for
// it. A failure here is met again, and reported, by the first batch (or by ready).
open().catch(() => undefined);

/** Opens the thread's connections: WorkerBatchRegistrations waits for it at start-up. */
export async function ready(): Promise<void> {
  await open();
}

/** A BatchOutcome: the answer marked to be moved (Piscina.move wraps it; piscina unwraps it as it transfers it). */
export async function registerBatch(
  task: BatchTask,
): Promise<ReturnType<typeof Piscina.move> | Exclude<BatchOutcome, Uint8Array>> {
  const handler = await open();
  try {
    // Serialised here and moved: the HTTP thread sends these bytes as they are.
    return Piscina.move(jsonBytes(await handler.handle(task.text, contextOf(task))));
  } catch (error) {
    return { refused: refusalOf(error) };
  }
}
