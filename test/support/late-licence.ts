import { Clock, SettableClock } from '@app/platform';
import { publishMissingCalendarYears, shanghaiYear } from './calendar-years';
import { createTestApp, TestApp } from './create-test-app';
import { grantPublishedPower } from './powers';

/**
 * The app, at 2025-03-12 12:00 Shanghai time, with a key per role (`YCJ` and `ZFJ` for departments) and YCJ's
 * licensing power `code` (5 committed working days) granted and published: the setting of the tests that need a red
 * ground-7 alert (lateLicenceAlert) to act on. `env` adds configuration.
 */
export async function appWithLicensingPower(
  code: string,
  env: Record<string, string> = {},
): Promise<{ t: TestApp; key: Record<string, string> }> {
  const t = await createTestApp({ CLOCK: 'settable', ...env });
  const clock = t.app.get(Clock);
  if (!(clock instanceof SettableClock)) throw new Error('CLOCK=settable must provide a SettableClock');
  clock.set('2025-03-12T12:00:00+08:00');
  const key: Record<string, string> = {};
  for (const role of ['reviewer', 'supervisor', 'investigator', 'admin'] as const) key[role] = await t.keyFor(role);
  key.YCJ = await t.keyFor('department', 'YCJ');
  key.ZFJ = await t.keyFor('department', 'ZFJ');
  const thisYear = shanghaiYear(Date.now());
  await publishMissingCalendarYears(t, key.admin, [thisYear, thisYear + 1]);
  await grantPublishedPower(t, key.reviewer, code, {
    name: '烟草专卖零售许可',
    category: 'licensing',
    discretion: undefined,
    licensingConditions: ['有固定的经营场所'],
  });
  return { t, key };
}

/**
 * A licence of YCJ accepted Monday 2025-03-03 and completed on 03-12, two working days past its committed deadline:
 * the id of its red ground-7 alert.
 */
export async function lateLicenceAlert(
  t: TestApp,
  key: Record<string, string>,
  operation: { id: string; powerCode: string; caseNumber: string },
): Promise<string> {
  const post = (path: string, body: object) =>
    t
      .http()
      .post(path)
      .set({ Authorization: `Bearer ${key.YCJ}` })
      .send(body);
  const registered = await post('/v1/operations', {
    ...operation,
    counterparty: { kind: 'person', name: '陈小明' },
    handlers: [{ name: '王五', post: '专卖管理科科员' }],
    acceptedAt: '2025-03-03T09:00:00+08:00',
  });
  if (registered.status !== 201) throw new Error(`registration answered ${registered.status}`);
  const completed = await post(`/v1/operations/${operation.id}/completion`, { at: '2025-03-12T10:00:00+08:00' });
  if (completed.status !== 201) throw new Error(`completion answered ${completed.status}`);
  const alerts = await t
    .http()
    .get(`/v1/alerts?limit=500&minPosition=${(completed.body as { position: number }).position}`)
    .set({ Authorization: `Bearer ${key.supervisor}` });
  const alert = (
    (alerts.body as { items: unknown[] }).items as {
      id: string;
      ground: number;
      level: string;
      subject: { id: string };
    }[]
  ).find((a) => a.subject.id === operation.id && a.ground === 7 && a.level === 'red');
  if (alert === undefined) throw new Error(`no red ground-7 alert for ${operation.id}`);
  return alert.id;
}
