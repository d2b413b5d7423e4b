import { Piscina, workerData } from 'piscina';
import { setEarliestPlausibleDate } from '@app/contracts';
import { openMigratedDatabase, PostgresEventStore } from '@app/event-store';
import { CalendarProvider, OperationPowers } from '@app/read-models';
import { BatchOutcome, BatchTask, BatchWorkerSettings, contextOf, OperationBatch, refusalOf } from './operation-batch';
import { OperationBatchRegistration } from './operation-registration';
import { jsonBytes } from '../http/json-text';
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
