/** Drops the template database and stops the embedded server the global setup started. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__TEST_TEMPLATE_CLEANUP__?.();
  await globalThis.__TEST_DATABASE_SERVER__?.stop();
}
