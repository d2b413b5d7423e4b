import type { TestApp } from './support/create-test-app';
import { appWithLicensingPower, lateLicenceAlert } from './support/late-licence';

const LICENSING = 'YCJ-XK-0401';
const SHA = 'd'.repeat(64);

/**
 * Answers to alerts (解释说明): the department an alert concerns explains it over HTTP; the supervision office accepts
 * (resolved as explained) or rejects the explanation; the alert's notes show every step.
 */
describe('answers to alerts', () => {
  let t: TestApp;
  let key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    ({ t, key } = await appWithLicensingPower(LICENSING));
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, who: string) =>
    t
      .http()
      .post(path)
      .set({ Authorization: `Bearer ${key[who]}` })
      .send(body);
  const get = (path: string, who: string) =>
    t
      .http()
      .get(path)
      .set({ Authorization: `Bearer ${key[who]}` });

  /** A licence completed two days late: its red ground-7 alert's id. */
  const lateLicence = (): Promise<string> => {
    sequence += 1;
    return lateLicenceAlert(t, key, {
      id: `e2e-answer-${sequence}`,
      powerCode: LICENSING,
      caseNumber: `宁烟许〔2025〕4${sequence}号`,
    });
  };

  it('resolves an alert as explained when the supervisor accepts the department’s answer; its history shows both', async () => {
    const alertId = encodeURIComponent(await lateLicence());
    const answered = await post(
      `/v1/alerts/${alertId}/answers`,
      { explanation: '申请人补正材料耗时3个工作日', documents: [{ name: '补正通知书.pdf', sha256: SHA }] },
      'YCJ',
    );
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ status: 'open', version: 2 });
    expect(answered.headers.etag).toBe('"2"');

    const twice = await post(`/v1/alerts/${alertId}/answers`, { explanation: '再次说明' }, 'YCJ');
    expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 422, code: 'ANSWER_PENDING' });

    const accepted = await post(`/v1/alerts/${alertId}/answer-acceptance`, {}, 'supervisor');
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ status: 'resolved', version: 3 });

    const alert = await get(`/v1/alerts/${alertId}?minPosition=${accepted.body.position}`, 'YCJ');
    expect(alert.status).toBe(200);
    expect(alert.body).toMatchObject({ status: 'resolved' });
    expect(alert.body.notes).toEqual([
      {
        kind: 'answer',
        note: '申请人补正材料耗时3个工作日',
        documents: [{ name: '补正通知书.pdf', sha256: SHA }],
        by: expect.any(String),
        at: expect.any(String),
      },
      {
        kind: 'resolution',
        note: '解释说明被采纳：申请人补正材料耗时3个工作日',
        explained: true,
        by: expect.any(String),
        at: expect.any(String),
      },
    ]);
  });

  it('keeps the alert when the answer is rejected, takes a new answer, and refuses what the rules refuse', async () => {
    const alertId = encodeURIComponent(await lateLicence());
    const other = await post(`/v1/alerts/${alertId}/answers`, { explanation: '不是我们的' }, 'ZFJ');
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'ALERT_NOT_FOUND' });
    const early = await post(`/v1/alerts/${alertId}/answer-rejection`, { reason: '无' }, 'supervisor');
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 422, code: 'NO_ANSWER_PENDING' });
    const bySupervisor = await post(`/v1/alerts/${alertId}/answers`, { explanation: '代答' }, 'supervisor');
    expect(bySupervisor.status).toBe(403);

    expect((await post(`/v1/alerts/${alertId}/answers`, { explanation: '系统故障' }, 'YCJ')).status).toBe(201);
    const rejected = await post(`/v1/alerts/${alertId}/answer-rejection`, { reason: '未提供故障证明' }, 'supervisor');
    expect(rejected.status).toBe(201);
    expect(rejected.body).toMatchObject({ status: 'open' });
    const again = await post(`/v1/alerts/${alertId}/answers`, { explanation: '补充故障报告' }, 'YCJ');
    expect(again.status).toBe(201);

    const alert = await get(`/v1/alerts/${alertId}?minPosition=${again.body.position}`, 'supervisor');
    expect((alert.body.notes as { kind: string; note: string }[]).map((n) => [n.kind, n.note])).toEqual([
      ['answer', '系统故障'],
      ['answer-rejected', '未提供故障证明'],
      ['answer', '补充故障报告'],
    ]);
    expect(alert.body.status).toBe('open');
  });
});
