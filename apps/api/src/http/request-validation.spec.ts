import { ArgumentMetadata } from '@nestjs/common';
import { ArrayMaxSize, IsOptional, IsString } from 'class-validator';
import { DomainError } from '@app/domain';
import { countEventLoopTurns } from '@app/testing/event-loop-turns';
import { TurnBudget } from '@app/platform';
import { RequestValidationPipe, VALIDATION_SLICE, ValidatedInSlices } from './request-validation';
import { IsNested } from '@app/contracts';

class Item {
  @IsString()
  name!: string;
}

class Batch {
  @IsNested(() => Item, { each: true })
  @ValidatedInSlices()
  @ArrayMaxSize(1000)
  items!: Item[];

  @IsOptional()
  @IsString()
  note?: string;
}

const BODY: ArgumentMetadata = { type: 'body', metatype: Batch };

async function failureOf(promise: Promise<unknown>): Promise<DomainError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('RequestValidationPipe, a list validated in slices', () => {
  const pipe = new RequestValidationPipe();
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `item ${i}` }));

  it('answers instances of the classes, every element in its place', async () => {
    const batch = (await pipe.transform({ items: items(1000), note: 'n' }, BODY)) as Batch;
    expect(batch).toBeInstanceOf(Batch);
    expect(batch.items).toHaveLength(1000);
    expect(batch.items.every((item, i) => item instanceof Item && item.name === `item ${i}`)).toBe(true);
    expect(batch.note).toBe('n');
  });

  it('names each faulty element by its index in the whole list, and a fault of the envelope once', async () => {
    const list: unknown[] = items(1000);
    list[3] = { name: 3 };
    list[512] = { name: 'x', colour: 'red' };
    list[999] = { name: 7 };
    const error = await failureOf(pipe.transform({ items: list, note: 5 }, BODY));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fieldErrors).toEqual({
      note: ['note must be a string'],
      'items.3.name': ['name must be a string'],
      'items.512.colour': ['property colour should not exist'],
      'items.999.name': ['name must be a string'],
    });
  });

  it('lets other work run between the slices of a long list once the budget of a turn is spent', async () => {
    // A clock on which every reading is a millisecond later: a 4 ms budget is spent every four slices.
    let now = 0;
    const slowMachine = new RequestValidationPipe(() => new TurnBudget(4, () => (now += 1)));
    const turns = countEventLoopTurns();
    await slowMachine.transform({ items: items(1000) }, BODY);
    expect(turns.stop()).toBeGreaterThanOrEqual(1000 / VALIDATION_SLICE / 4 - 1);
  });

  it('keeps a long list in one turn while the budget lasts', async () => {
    const fastMachine = new RequestValidationPipe(() => new TurnBudget(4, () => 0));
    const turns = countEventLoopTurns();
    await fastMachine.transform({ items: items(1000) }, BODY);
    expect(turns.stop()).toBe(0);
  });

  it('validates a short list in one pass, as any other body', async () => {
    const error = await failureOf(pipe.transform({ items: [{ name: 1 }] }, BODY));
    expect(error.fieldErrors).toEqual({ 'items.0.name': ['name must be a string'] });
  });
});
