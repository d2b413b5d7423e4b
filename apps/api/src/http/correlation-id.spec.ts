import { correlationIdFrom } from './correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlationIdFrom', () => {
  it.each(['abc', 'req-42', '0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42', 'a.b:c_d'])('keeps the sane id %s', (id) => {
    expect(correlationIdFrom(id)).toBe(id);
  });

  it.each([undefined, '', ' x', 'with space', 'new\nline', '{"json":1}', 'x'.repeat(129), '中文'])(
    'replaces %p with a new UUID',
    (header) => {
      expect(correlationIdFrom(header)).toMatch(UUID);
    },
  );

  it('takes the first of repeated headers', () => {
    expect(correlationIdFrom(['first', 'second'])).toBe('first');
  });
});
