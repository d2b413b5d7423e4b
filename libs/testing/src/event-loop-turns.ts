/**
 * Counts turns of the event loop from now until `stop()`: a setImmediate callback that schedules itself again runs
 * once per turn, so work that runs in one synchronous stretch leaves it at 0 and work that yields lets it count.
 */
export function countEventLoopTurns(): { stop(): number } {
  let turns = 0;
  let counting = true;
  const count = (): void => {
    turns += 1;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  return {
    stop() {
      counting = false;
      return turns;
    },
  };
}
