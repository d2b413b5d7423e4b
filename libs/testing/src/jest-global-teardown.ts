import { rmSync } from 'node:fs';

/** Drops the template database, stops the embedded server the global setup started and removes its directory. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__TEST_TEMPLATE_CLEANUP__?.();
  await globalThis.__TEST_DATABASE_SERVER__?.stop();
  if (globalThis.__TEST_DATABASE_DIR__) rmSync(globalThis.__TEST_DATABASE_DIR__, { recursive: true, force: true });
}
