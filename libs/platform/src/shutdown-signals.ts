const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `shutdown` once on SIGINT, SIGTERM or SIGHUP, then exits with `exitCode` (1 when shutting down failed).
 * SIGHUP counts because closing the terminal must not leave the embedded PostgreSQL behind. A second signal
 * while shutting down exits at once, for when something hangs.
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => Promise<void>, exitCode = 0): void {
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals) => {
    if (shuttingDown) process.exit(1);
    shuttingDown = true;
    shutdown(signal).then(
      () => process.exit(exitCode),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, handle);
}
