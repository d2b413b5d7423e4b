import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * How long a long loop (a batch's validation, decisions, hashing) may hold the event loop before it lets the process
 * serve what waits: a /health probe, a read, another request's slice. Measured on the batch flood of issue 11:
 * slices of a fixed count (100 items) took 15–25 ms each on a busy two-core machine, and four batches in flight put
 * four of them in one turn of the event loop, over 100 ms during which the API answered nobody.
 */
export const TURN_BUDGET_MS = 4;

/**
 * Cooperative yielding by elapsed time rather than by count: `await budget.check()` between steps costs a clock
 * read until the budget is spent, then waits for the next turn of the event loop (after pending I/O) and starts a
 * new budget. A loop over cheap steps thus yields rarely, and one over costly steps (or on a slow machine) often.
 */
export class TurnBudget {
  private turnStarted: number;

  /** `now` reads a monotonic clock in milliseconds (tests give their own). */
  constructor(
    private readonly budgetMs: number = TURN_BUDGET_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.turnStarted = now();
  }

  /** True when the current turn's budget is spent: the caller should `await next()` before its next step. */
  spent(): boolean {
    return this.now() - this.turnStarted >= this.budgetMs;
  }

  /** Waits for the next turn of the event loop, and starts a new budget there. */
  async next(): Promise<void> {
    await nextTurn();
    this.turnStarted = this.now();
  }

  /** `next()` when the budget is spent, otherwise undefined: `await budget.check()` between the steps of a loop. */
  check(): Promise<void> | undefined {
    return this.spent() ? this.next() : undefined;
  }
}
