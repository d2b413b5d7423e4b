import { bearerCredentials } from './bearer-token';

describe('bearerCredentials', () => {
  it('reads a bearer token, the scheme in any case', () => {
    expect(bearerCredentials('Bearer psk_a_b')).toEqual({ kind: 'bearer', token: 'psk_a_b' });
    expect(bearerCredentials('bearer  psk_a_b ')).toEqual({ kind: 'bearer', token: 'psk_a_b' });
  });

  it('tells a missing header from a malformed one', () => {
    expect(bearerCredentials(undefined)).toEqual({ kind: 'none' });
    for (const header of ['', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'psk_a_b']) {
      expect(bearerCredentials(header)).toEqual({ kind: 'malformed' });
    }
  });
});
