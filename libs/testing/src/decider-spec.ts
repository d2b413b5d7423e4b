import { Decider, DomainError } from '@app/domain';

/**
 * Given/when/then for deciders:
 *   given([granted]).when(cancel(...)).then([cancelled])
 *   given([]).when(grant(...)).thenThrows('POWER_EXISTS')
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  return (history: E[]) => ({
    when: (command: C) => {
      const run = (): E[] => {
        const state = history.reduce((s, e) => decider.evolve(s, e), decider.initialState);
        return decider.decide(command, state);
      };
      return {
        then: (expected: E[]): E[] => {
          const events = run();
          expect(events).toEqual(expected);
          return events;
        },
        thenMatches: (expected: unknown[]): E[] => {
          const events = run();
          expect(events).toMatchObject(expected);
          expect(events).toHaveLength(expected.length);
          return events;
        },
        thenThrows: (code: string): DomainError => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
          return thrown as DomainError;
        },
      };
    },
  });
}
