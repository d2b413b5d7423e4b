import FakeTimers from '@sinonjs/fake-timers';
import { SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '@app/config';
import { openAppDatabase } from '@app/bootstrap';
import { Clock, SettableClock } from '@app/platform';
import { AppModule } from '../app.module';
import { createApp } from '../configure-app';
import { DemoRefusedError, demoWindow, loadDemo, returnToPresent } from './load-demo';

/**
 * npm run demo: loads the demo data set into the database `npm start` uses (DATABASE_URL, or the embedded
 * PostgreSQL), through the API run in this process, then prints a key per role and the console's address.
 *
 * A year of records needs a year of recording times. The process's Date is replaced (@sinonjs/fake-timers, Date
 * only: timers and I/O run as usual) and moved through the year request by request, as is the detectors' clock
 * (CLOCK=settable), so every event is recorded, and every alert raised, at the time it would have been in real use.
 */
async function main(): Promise<void> {
  // Batches in this thread (BATCH_THREADS=0): a worker thread would record them at the real time, not the year's.
  const config = loadConfig({
    ...process.env,
    CLOCK: 'settable',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    BATCH_THREADS: '0',
  });
  if (!config.DATABASE_URL) console.log(`Starting the embedded PostgreSQL (data in ${config.EMBEDDED_PG_DIR}) …`);
  const database = await openAppDatabase(config, { applicationName: 'power-supervision-demo' });
  const window = demoWindow(Date.now());
  // From here on the process lives in the demo year: set before the app starts, the time only ever moves forwards,
  // as timers and deadlines computed from it expect.
  const fakeDate = FakeTimers.install({ toFake: ['Date'], now: window.setUpAt, shouldAdvanceTime: true });
  const started = performance.now();
  const app = await createApp(AppModule.forRoot({ config, dataSource: database.dataSource }));
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const clock = app.get(Clock);
    if (!(clock instanceof SettableClock)) throw new Error('The demo needs CLOCK=settable');
    const bar = new SingleBar({ format: 'Loading the demo year [{bar}] {value}/{total} requests', hideCursor: true });
    let barStarted = false;
    const summary = await loadDemo(
      app,
      window,
      { set: (instant) => fakeDate.setSystemTime(instant) },
      clock,
      (done, total) => {
        if (!barStarted) bar.start(total, 0);
        barStarted = true;
        bar.setTotal(total);
        bar.update(done);
      },
    );
    if (barStarted) bar.stop();
    const lagging = await returnToPresent(app, fakeDate, clock);
    if (lagging.length > 0) {
      console.warn(
        `Still catching up (${lagging.map((p) => `${p.name}: ${p.lag}`).join(', ')}); npm start will finish the work.`,
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? 'localhost' : config.HOST;
    console.log(
      summary.loaded
        ? `\nDemo loaded in ${seconds} s: ${summary.from} to ${summary.to}, ${summary.operations} operations, ` +
            `${summary.complaints} complaints, ${summary.requests} requests through the API.`
        : `\nThe demo was loaded before (its departments exist): nothing written; new keys issued.`,
    );
    console.log('\nKeys (shown once; the server keeps only their hashes):');
    for (const [who, key] of Object.entries(summary.keys)) console.log(`  ${who.padEnd(13)} ${key}`);
    console.log(`\nStart the server with  npm start  and open  http://${host}:${config.PORT}/console/\n`);
  } finally {
    // Idempotent: after returnToPresent it has nothing left to restore.
    fakeDate.uninstall();
    await app.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DemoRefusedError ? error.message : error);
  process.exit(1);
});
