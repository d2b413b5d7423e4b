import { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, Observable } from 'rxjs';
import { loadConfig } from '@app/config';
import { BatchAdmission } from './batch-admission.interceptor';

/** A handler that records when it starts and finishes only when told to. */
function handler(log: string[], name: string) {
  let finish!: (outcome: 'ok' | Error) => void;
  const next: CallHandler = {
    handle: () =>
      new Observable((subscriber) => {
        log.push(`${name} starts`);
        finish = (outcome) => {
          log.push(`${name} ends`);
          if (outcome instanceof Error) return subscriber.error(outcome);
          subscriber.next(outcome);
          subscriber.complete();
        };
      }),
  };
  return { next, finish: (outcome: 'ok' | Error = 'ok') => finish(outcome) };
}

const context = {} as ExecutionContext;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchAdmission', () => {
  it('lets BATCH_CONCURRENCY batches through at a time, the next one once one is done, in order of arrival', async () => {
    const admission = new BatchAdmission(loadConfig({ BATCH_CONCURRENCY: '2' }));
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => handler(log, name));
    const answers = [a, b, c, d].map(({ next }) => lastValueFrom(admission.intercept(context, next)));
    await turn();
    expect(log).toEqual(['a starts', 'b starts']);
    b.finish();
    await turn();
    expect(log).toEqual(['a starts', 'b starts', 'b ends', 'c starts']);
    a.finish();
    await turn();
    c.finish();
    d.finish();
    await expect(Promise.all(answers)).resolves.toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(log.slice(4)).toEqual(['a ends', 'd starts', 'c ends', 'd ends']);
  });

  it('gives the turn on when a batch fails, and passes the failure on', async () => {
    const admission = new BatchAdmission(loadConfig({ BATCH_CONCURRENCY: '1' }));
    const log: string[] = [];
    const [a, b] = ['a', 'b'].map((name) => handler(log, name));
    const first = lastValueFrom(admission.intercept(context, a.next));
    const second = lastValueFrom(admission.intercept(context, b.next));
    await turn();
    expect(log).toEqual(['a starts']);
    a.finish(new Error('invalid item'));
    await expect(first).rejects.toThrow('invalid item');
    await turn();
    expect(log).toEqual(['a starts', 'a ends', 'b starts']);
    b.finish();
    await expect(second).resolves.toBe('ok');
  });

  it('lets every batch through at once when BATCH_CONCURRENCY is 0', async () => {
    const admission = new BatchAdmission(loadConfig({ BATCH_CONCURRENCY: '0' }));
    const log: string[] = [];
    const handlers = ['a', 'b', 'c'].map((name) => handler(log, name));
    const answers = handlers.map(({ next }) => lastValueFrom(admission.intercept(context, next)));
    await turn();
    expect(log).toEqual(['a starts', 'b starts', 'c starts']);
    handlers.forEach(({ finish }) => finish());
    await expect(Promise.all(answers)).resolves.toEqual(['ok', 'ok', 'ok']);
  });
});
