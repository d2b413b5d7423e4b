import { setPriority } from 'node:os';

/**
 * The niceness of the work that may wait for the answers to HTTP requests: the projector (process or thread) and
 * the batch worker threads. Under load the kernel then lets the thread answering HTTP run first, and the
 * projections and batches take the CPU it leaves.
 */
export const BACKGROUND_NICENESS = 10;

/**
 * Gives the calling thread `niceness` (BACKGROUND_NICENESS unless told). On Linux a thread's nice value is its own (setpriority on the
 * calling thread, which is what `os.setPriority` without a pid does), so a worker thread can lower itself without
 * lowering the thread that answers HTTP.
 */
export function runThisThreadInBackground(niceness = BACKGROUND_NICENESS): void {
  setPriority(niceness);
}
