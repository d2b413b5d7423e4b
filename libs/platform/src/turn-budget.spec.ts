import { TurnBudget } from './turn-budget';

/** A clock the test moves: each step of a loop "costs" what the test says. */
function manualClock() {
  let now = 0;
  return { now: () => now, spend: (ms: number) => (now += ms) };
}

describe('TurnBudget', () => {
  it('lets a loop run on while its budget lasts: no wait, not even a promise', () => {
    const clock = manualClock();
    const budget = new TurnBudget(5, clock.now);
    clock.spend(4.9);
    expect(budget.spent()).toBe(false);
    expect(budget.check()).toBeUndefined();
  });

  it('once spent, waits for the next turn of the event loop, after what was waiting there', async () => {
    const clock = manualClock();
    const budget = new TurnBudget(5, clock.now);
    const order: string[] = [];
    setImmediate(() => order.push('waiting request'));
    clock.spend(5);
    expect(budget.spent()).toBe(true);
    const wait = budget.check();
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    order.push('next step');
    expect(order).toEqual(['waiting request', 'next step']);
  });

  it('starts a new budget in the new turn', async () => {
    const clock = manualClock();
    const budget = new TurnBudget(5, clock.now);
    clock.spend(7);
    await budget.check();
    expect(budget.spent()).toBe(false);
    clock.spend(4);
    expect(budget.check()).toBeUndefined();
  });

  it('yields in proportion to the time spent, not to the number of steps', async () => {
    const clock = manualClock();
    const budget = new TurnBudget(4, clock.now);
    const turnsAfter = async (steps: number, msPerStep: number) => {
      let turns = 0;
      for (let step = 0; step < steps; step += 1) {
        clock.spend(msPerStep);
        const wait = budget.check();
        if (wait) {
          turns += 1;
          await wait;
        }
      }
      return turns;
    };
    expect(await turnsAfter(20, 1)).toBe(5);
    expect(await turnsAfter(20, 0.1)).toBe(0);
    expect(await turnsAfter(5, 10)).toBe(5);
  });
});
