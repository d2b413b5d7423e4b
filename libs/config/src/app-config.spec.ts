import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('reads the optional settings, which have no default', () => {
    const env = {
      DATABASE_URL: 'postgres://app@db/supervision',
      DATABASE_MIGRATION_URL: 'postgres://owner@db/supervision',
      ADMIN_API_KEY: 'psk_admin_0123456789abcdefghijklmnop',
    };
    expect(loadConfig(env)).toMatchObject(env);
    expect(loadConfig({})).toMatchObject({
      DATABASE_URL: undefined,
      DATABASE_MIGRATION_URL: undefined,
      ADMIN_API_KEY: undefined,
    });
  });

  it('takes a variable set to the empty string as unset', () => {
    expect(loadConfig({ PORT: '', YELLOW_CARD_FRACTION: '', DATABASE_URL: '' })).toMatchObject({
      PORT: 3000,
      YELLOW_CARD_FRACTION: 0.2,
      DATABASE_URL: undefined,
    });
  });

  it('ignores variables that are not settings', () => {
    expect(loadConfig({ HOME: '/root', PATH: '/usr/bin' })).not.toHaveProperty('HOME');
  });

  it('gives the alert thresholds of docs/domain.md by default', () => {
    expect(loadConfig({})).toMatchObject({
      LATE_REGISTRATION_WORKING_DAYS: 3,
      LATE_RECORD_WORKING_DAYS: 3,
      LONG_PAUSE_WORKING_DAYS: 60,
      MAJOR_PENALTY_AMOUNT: 50_000,
      YELLOW_CARD_FRACTION: 0.2,
    });
  });

  it('bounds request dates from 2000-01-01 and limits public reads and failed authentications, not keys, by default', () => {
    expect(loadConfig({})).toMatchObject({
      MIN_PLAUSIBLE_DATE: '2000-01-01',
      RATE_LIMIT_WINDOW_SECONDS: 60,
      RATE_LIMIT_PUBLIC_REQUESTS: 600,
      RATE_LIMIT_FAILED_AUTH: 30,
      RATE_LIMIT_KEY_READS: 0,
      RATE_LIMIT_KEY_WRITES: 0,
    });
    expect(loadConfig({ MIN_PLAUSIBLE_DATE: '1990-07-01', RATE_LIMIT_KEY_WRITES: '100' })).toMatchObject({
      MIN_PLAUSIBLE_DATE: '1990-07-01',
      RATE_LIMIT_KEY_WRITES: 100,
    });
  });

  it('reads the alert thresholds as numbers', () => {
    expect(
      loadConfig({ LATE_REGISTRATION_WORKING_DAYS: '0', MAJOR_PENALTY_AMOUNT: '10000.50', YELLOW_CARD_FRACTION: '1' }),
    ).toMatchObject({ LATE_REGISTRATION_WORKING_DAYS: 0, MAJOR_PENALTY_AMOUNT: 10_000.5, YELLOW_CARD_FRACTION: 1 });
  });

  it.each([
    ['LATE_REGISTRATION_WORKING_DAYS', '-1'],
    ['LATE_REGISTRATION_WORKING_DAYS', '2.5'],
    ['LATE_REGISTRATION_WORKING_DAYS', 'three'],
    ['LATE_RECORD_WORKING_DAYS', '-1'],
    ['LONG_PAUSE_WORKING_DAYS', '0'],
    ['LONG_PAUSE_WORKING_DAYS', '1.5'],
    ['MAJOR_PENALTY_AMOUNT', '0'],
    ['MAJOR_PENALTY_AMOUNT', '1.234'],
    ['MAJOR_PENALTY_AMOUNT', 'Infinity'],
    ['YELLOW_CARD_FRACTION', '1.5'],
    ['YELLOW_CARD_FRACTION', '-0.1'],
    ['MIN_PLAUSIBLE_DATE', '2000-02-30'],
    ['MIN_PLAUSIBLE_DATE', '2000-01-01T00:00:00Z'],
    ['RATE_LIMIT_FAILED_AUTH', '-1'],
    ['RATE_LIMIT_WINDOW_SECONDS', '0'],
  ])('refuses %s=%p at start-up, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('gives the accountability periods the seed leaves open, and reads them as numbers', () => {
    expect(loadConfig({})).toMatchObject({ CASE_RIGHTS_PERIOD_WORKING_DAYS: 5, CASE_REVIEW_PERIOD_WORKING_DAYS: 20 });
    expect(loadConfig({ CASE_RIGHTS_PERIOD_WORKING_DAYS: '7', CASE_REVIEW_PERIOD_WORKING_DAYS: '10' })).toMatchObject({
      CASE_RIGHTS_PERIOD_WORKING_DAYS: 7,
      CASE_REVIEW_PERIOD_WORKING_DAYS: 10,
    });
    expect(() => loadConfig({ CASE_RIGHTS_PERIOD_WORKING_DAYS: '0' })).toThrow(ConfigError);
    expect(loadConfig({}).CASE_PUBLIC_NAMES).toBe('surname');
    expect(loadConfig({ CASE_PUBLIC_NAMES: 'none' }).CASE_PUBLIC_NAMES).toBe('none');
    expect(() => loadConfig({ CASE_PUBLIC_NAMES: 'full' })).toThrow(ConfigError);
  });
});
