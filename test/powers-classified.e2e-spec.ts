import { createTestApp, TestApp } from './support/create-test-app';
import { penaltyPowerBody } from './support/powers';

const SECRET_NAME = '涉密专项执法事项';
const CLASSIFIED = 'YC-NB-0001';
const OPEN = 'YC-CF-0001';
const registration = (id: string, powerCode: string) => ({
  id,
  powerCode,
  caseNumber: '宁城罚〔2025〕3号',
  counterparty: { kind: 'organization', name: '某某商行' },
  handlers: [{ name: '王五', post: '执法队员' }],
  acceptedAt: '2025-09-30T10:00:00+08:00',
});
const MASKED = { code: CLASSIFIED, inForce: false, notInForceReason: 'not-in-catalogue' };

describe('classified content never leaks (涉密不宜公开)', () => {
  let t: TestApp;
  const key: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['reviewer', 'supervisor', 'investigator', 'admin'] as const) key[role] = await t.keyFor(role);
    key.YCJ = await t.keyFor('department', 'YCJ');
    key.CG = await t.keyFor('department', 'CG');
    const grant = async (body: object) => expect((await post('/v1/powers', body, 'reviewer')).status).toBe(201);
    await grant(
      penaltyPowerBody(CLASSIFIED, 'YCJ', {
        name: SECRET_NAME,
        classification: { classified: true, reason: '涉及国家秘密' },
      }),
    );
    await grant(penaltyPowerBody(OPEN, 'YCJ'));
  });
  afterAll(() => t.close());

  const auth = (who?: string): Record<string, string> => (who ? { Authorization: `Bearer ${key[who]}` } : {});
  const post = (path: string, body: object, who?: string) => t.http().post(path).set(auth(who)).send(body);
  const get = (path: string, who?: string) => t.http().get(path).set(auth(who));

  describe("another department's operation on a classified power", () => {
    let position = 0;

    beforeAll(async () => {
      const res = await post('/v1/operations', registration('cg-on-secret', CLASSIFIED), 'CG');
      expect(res.status).toBe(201);
      position = res.body.position;
      await post('/v1/operations', registration('cg-on-open', OPEN), 'CG');
      const own = await post('/v1/operations', registration('ycj-on-secret', CLASSIFIED), 'YCJ');
      position = Math.max(position, own.body.position);
    });

    it('is recorded, and its answer shows the department nothing of the power but its code', async () => {
      const res = await post('/v1/operations', registration('cg-on-secret-2', CLASSIFIED), 'CG');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ power: MASKED, deadlines: null, timeLimit: null });
      expect(res.body.power).toEqual(MASKED);
      expect(JSON.stringify(res.body)).not.toContain(SECRET_NAME);
    });

    it('shows the department nothing of it in its register, its lists and its timelines', async () => {
      const one = await get(`/v1/operations/cg-on-secret?minPosition=${position}`, 'CG');
      expect(one.status).toBe(200);
      expect(one.body.power).toEqual(MASKED);
      const list = await get(`/v1/operations?minPosition=${position}&powerCode=${CLASSIFIED}`, 'CG');
      expect(list.body.items.length).toBeGreaterThan(0);
      for (const item of list.body.items as { power: unknown }[]) expect(item.power).toEqual(MASKED);
      const timeline = await get('/v1/operations/cg-on-secret/timeline', 'CG');
      expect(timeline.body.items[0].data.power).toEqual(MASKED);
      for (const body of [one.body, list.body, timeline.body]) expect(JSON.stringify(body)).not.toContain(SECRET_NAME);
      expect((await get(`/v1/powers/${CLASSIFIED}?minPosition=${position}`, 'CG')).status).toBe(404);
    });

    it('answers it exactly as a code the catalogue does not hold: 201, and the same red card', async () => {
      const UNKNOWN = 'YC-NB-9999';
      const secret = await post('/v1/operations', registration('cg-on-secret-3', CLASSIFIED), 'CG');
      const unknown = await post('/v1/operations', registration('cg-on-nothing', UNKNOWN), 'CG');
      expect(unknown.status).toBe(secret.status);
      const shape = (body: Record<string, unknown>, code: string): unknown =>
        JSON.parse(
          JSON.stringify({ ...body, id: 'x', streamId: 'x', position: 0 })
            .split(code)
            .join('CODE'),
        );
      expect(shape(unknown.body, UNKNOWN)).toEqual(shape(secret.body, CLASSIFIED));
      const at = Math.max(secret.body.position, unknown.body.position);
      const alerts = await get(`/v1/alerts?minPosition=${at}&ground=1`, 'CG');
      const messageOf = (id: string, code: string) => {
        const alert = (alerts.body.items as { subject: { id: string }; message: string }[]).find(
          (a) => a.subject.id === id,
        );
        return alert?.message.split(code).join('CODE');
      };
      expect(messageOf('cg-on-nothing', UNKNOWN)).toBeDefined();
      expect(messageOf('cg-on-nothing', UNKNOWN)).toEqual(messageOf('cg-on-secret-3', CLASSIFIED));
    });

    it('shows an admin nothing of it either', async () => {
      const one = await get(`/v1/operations/cg-on-secret?minPosition=${position}`, 'admin');
      expect(one.body.power).toEqual({ code: CLASSIFIED, inForce: false, notInForceReason: 'other-department' });
      const timeline = await get('/v1/operations/ycj-on-secret/timeline', 'admin');
      expect(timeline.body.items[0].data.power).toEqual({ code: CLASSIFIED, inForce: true });
    });

    it('shows the power whole to its own department and to the supervising roles', async () => {
      const own = await get(`/v1/operations/ycj-on-secret?minPosition=${position}`, 'YCJ');
      expect(own.body.power).toMatchObject({ name: SECRET_NAME, inForce: true, classified: true });
      for (const who of ['supervisor', 'investigator', 'reviewer']) {
        const res = await get(`/v1/operations/cg-on-secret?minPosition=${position}`, who);
        expect(res.body.power).toMatchObject({ name: SECRET_NAME, ownerDepartment: 'YCJ', category: 'penalty' });
        const timeline = await get('/v1/operations/cg-on-secret/timeline', who);
        expect(timeline.body.items[0].data.power).toMatchObject({ name: SECRET_NAME });
      }
    });

    it("still shows another department's unclassified power as the catalogue does", async () => {
      const res = await get(`/v1/operations/cg-on-open?minPosition=${position}`, 'CG');
      expect(res.body.power).toMatchObject({ name: '对无准运证运输烟草专卖品的处罚', ownerDepartment: 'YCJ' });
    });
  });

  describe("the public's asOf and knownAt views", () => {
    it('show nothing of a power classified now, whatever it was on the date or at the instant asked about', async () => {
      const code = 'YC-CF-0002';
      await post('/v1/powers', penaltyPowerBody(code, 'YCJ'), 'reviewer');
      const published = await post(
        `/v1/powers/${code}/publications`,
        { channel: '政府网站', publishedOn: '2025-01-02' },
        'YCJ',
      );
      const before = await get(`/v1/powers/${code}?minPosition=${published.body.position}`);
      expect(before.status).toBe(200);
      const beforeClassification = new Date().toISOString();
      const classified = await post(
        `/v1/powers/${code}/changes`,
        {
          kind: 'amendment',
          changes: { classification: { classified: true, reason: '涉及国家秘密' } },
          reason: '定密',
          approval: { authority: '宁国市保密局', documentNo: '宁保〔2025〕1号', date: '2025-05-20' },
          effectiveFrom: '2025-06-01',
        },
        'reviewer',
      );
      expect(classified.status).toBe(201);
      const at = `minPosition=${classified.body.position}`;
      for (const params of ['', '&asOf=2025-03-01', `&knownAt=${beforeClassification}`]) {
        const res = await get(`/v1/powers/${code}?${at}${params}`);
        expect({ params, status: res.status, code: res.body.code }).toEqual({
          params,
          status: 404,
          code: 'POWER_NOT_FOUND',
        });
        const list = await get(`/v1/powers?${at}&department=YCJ${params}`);
        expect(list.body.items.map((p: { code: string }) => p.code)).not.toContain(code);
      }
      expect((await get(`/v1/powers/${code}?${at}&asOf=2025-03-01`, 'supervisor')).body).toMatchObject({
        classification: { classified: false },
      });
    });

    it('show the last published version, never an amendment not yet published', async () => {
      const code = 'YC-CF-0003';
      await post('/v1/powers', penaltyPowerBody(code, 'YCJ'), 'reviewer');
      await post(`/v1/powers/${code}/publications`, { channel: '政府网站', publishedOn: '2025-01-02' }, 'YCJ');
      const amended = await post(
        `/v1/powers/${code}/changes`,
        {
          kind: 'amendment',
          changes: { name: '尚未公开的新名称', timeLimit: { committedDays: 3 } },
          reason: '调整',
          approval: { authority: '宁国市法制办', documentNo: '宁法审〔2025〕9号', date: '2025-02-01' },
          effectiveFrom: '2025-02-01',
        },
        'reviewer',
      );
      const at = `minPosition=${amended.body.position}`;
      for (const params of ['', '&asOf=2025-06-01', `&knownAt=${new Date().toISOString()}`]) {
        const res = await get(`/v1/powers/${code}?${at}${params}`);
        expect(res.body).toMatchObject({
          name: '对无准运证运输烟草专卖品的处罚',
          timeLimit: { committedDays: 5 },
          version: 2,
        });
        const list = await get(`/v1/powers?${at}&q=${encodeURIComponent('尚未公开')}${params}`);
        expect(list.body.items).toEqual([]);
      }
      expect((await get(`/v1/powers/${code}?${at}`, 'CG')).body).toMatchObject({
        name: '尚未公开的新名称',
        version: 3,
      });
    });
  });
});
