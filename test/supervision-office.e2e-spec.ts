import { Clock, SettableClock } from '@app/platform';
import type { TestApp } from './support/create-test-app';
import { appWithLicensingPower } from './support/late-licence';
import { until } from './support/until';

const LICENSING = 'YCJ-XK-0501';
const SHA = 'e'.repeat(64);
const COMPLAINANT = { disclosure: 'confidential', name: '郑保密', contact: '13912345678' };

interface Alert {
  id: string;
  ground: number;
  level: string;
  department: string;
  subject: { kind: string; id: string };
}

/**
 * The supervision office over HTTP (issue acceptance): complaints with a protected complainant, the public form and
 * its tracking code, a reproducible inspection sample, a finding and a rectification order that ends in a red card.
 * The app's clock stands at 2025-03-12 12:00 Shanghai time and is moved forward to pass deadlines.
 */
describe('supervision office', () => {
  let t: TestApp;
  let key: Record<string, string> = {};
  let clock: SettableClock;

  beforeAll(async () => {
    ({ t, key } = await appWithLicensingPower(LICENSING));
    clock = t.app.get<Clock, SettableClock>(Clock);
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, who: string, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set({ Authorization: `Bearer ${key[who]}`, ...headers })
      .send(body);
  const get = (path: string, who?: string) => {
    const request = t.http().get(path);
    return who === undefined ? request : request.set({ Authorization: `Bearer ${key[who]}` });
  };
  const alertsOf = async (kind: string, id: string): Promise<Alert[]> =>
    ((await get('/v1/alerts?limit=500', 'supervisor')).body as { items: Alert[] }).items.filter(
      (a) => a.subject.kind === kind && a.subject.id === id,
    );

  describe('complaints', () => {
    it('a confidential complaint by phone: assigned with its deadline, the complainant hidden from the department, an alert when no reply comes in time, then reply and closure', async () => {
      clock.set('2025-03-12T12:00:00+08:00');
      const received = await post(
        '/v1/complaints',
        {
          id: 'TS-2025-0001',
          channel: 'phone',
          receivedAt: '2025-03-12T09:30:00+08:00',
          about: { department: 'YCJ', powerCode: LICENSING },
          complainant: COMPLAINANT,
          summary: '申请烟草零售许可材料齐全，十日未获受理',
        },
        'supervisor',
      );
      expect(received.status).toBe(201);
      expect(received.body).toMatchObject({ id: 'TS-2025-0001', version: 1, type: 'ComplaintReceived' });

      const assigned = await post(
        '/v1/complaints/TS-2025-0001/assignment',
        { replyWithinWorkingDays: 10 },
        'supervisor',
        {
          'If-Match': '"1"',
        },
      );
      expect(assigned.status).toBe(201);
      const complaint = await get('/v1/complaints/TS-2025-0001', 'YCJ');
      expect(complaint.status).toBe(200);
      expect(complaint.body.rounds).toEqual([
        expect.objectContaining({ round: 1, department: 'YCJ', assignedOn: '2025-03-12', replyDueOn: '2025-03-26' }),
      ]);
      expect(complaint.body.received.complainant).toEqual({ disclosure: 'confidential' });
      expect(JSON.stringify(complaint.body)).not.toMatch(/郑保密|13912345678/);
      const listed = await get(`/v1/complaints?minPosition=${assigned.body.position}`, 'YCJ');
      expect(listed.body.items.map((c: { complaintId: string }) => c.complaintId)).toContain('TS-2025-0001');
      expect(JSON.stringify(listed.body)).not.toMatch(/郑保密|13912345678/);
      const office = await get('/v1/complaints/TS-2025-0001', 'supervisor');
      expect(office.body.received.complainant).toEqual(COMPLAINANT);
      expect((await get('/v1/complaints/TS-2025-0001', 'ZFJ')).status).toBe(404);
      expect((await get('/v1/complaints?department=YCJ', 'ZFJ')).status).toBe(403);

      expect(await alertsOf('complaint', 'TS-2025-0001')).toEqual([]);
      clock.set('2025-03-27T00:00:01+08:00');
      const [alert] = await until(
        () => alertsOf('complaint', 'TS-2025-0001'),
        (alerts) => alerts.length > 0,
      );
      expect(alert).toMatchObject({
        id: 'complaint:TS-2025-0001:r1:g9:complaint-reply-overdue',
        ground: 9,
        level: 'yellow',
        department: 'YCJ',
      });
      const overdue = await get('/v1/complaints?overdue=true', 'supervisor');
      expect(overdue.body.items.map((c: { complaintId: string }) => c.complaintId)).toContain('TS-2025-0001');

      expect(
        (
          await post(
            '/v1/complaints/TS-2025-0001/replies',
            { reply: '不应由我局答复', repliedAt: '2025-03-27T09:00:00+08:00' },
            'ZFJ',
          )
        ).status,
      ).toBe(404);
      const replied = await post(
        '/v1/complaints/TS-2025-0001/replies',
        {
          reply: '已受理并于3月28日发证',
          repliedAt: '2025-03-28T09:00:00+08:00',
          documents: [{ name: '答复函.pdf', sha256: SHA }],
        },
        'YCJ',
      );
      expect(replied.status).toBe(201);
      const closed = await post(
        '/v1/complaints/TS-2025-0001/closure',
        { result: 'substantiated', satisfaction: 'basically-satisfied' },
        'supervisor',
      );
      expect(closed.status).toBe(201);
      expect((await get('/v1/complaints/TS-2025-0001', 'supervisor')).body).toMatchObject({
        status: 'closed',
        closure: { result: 'substantiated', satisfaction: 'basically-satisfied' },
      });
      clock.set('2025-03-12T12:00:00+08:00');
    });

    it('the public form answers a tracking code that shows the status and the reply, nothing else; a burst from one address gets 429', async () => {
      const filed = await t
        .http()
        .post('/v1/public/complaints')
        .send({
          about: { department: 'YCJ' },
          complainant: { disclosure: 'anonymous' },
          summary: '窗口要求提供规定以外的证明材料',
        });
      expect(filed.status).toBe(201);
      expect(Object.keys(filed.body)).toEqual(['trackingCode']);
      const code = filed.body.trackingCode as string;
      expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);

      const status = await get(`/v1/public/complaints/${code}`);
      expect(status.status).toBe(200);
      expect(status.body).toEqual({
        trackingCode: code,
        status: 'received',
        receivedAt: expect.any(String),
        replies: [],
        result: null,
      });

      // The answer carries no position (nothing but the code): wait for the list to show the complaint.
      type Listed = { complaintId: string; received: { channel: string } };
      const list = await until(
        () => get('/v1/complaints?limit=500', 'supervisor'),
        (response) => (response.body.items as Listed[]).some((c) => c.received.channel === 'public-form'),
      );
      const complaintId = (list.body.items as Listed[]).find((c) => c.received.channel === 'public-form')?.complaintId;
      expect(complaintId).toBeDefined();
      expect(JSON.stringify(list.body)).not.toContain(code);
      await post(`/v1/complaints/${complaintId}/assignment`, {}, 'supervisor');
      await post(
        `/v1/complaints/${complaintId}/replies`,
        { reply: '已纠正，致歉', repliedAt: '2025-03-13T10:00:00+08:00' },
        'YCJ',
      );
      const answered = await get(`/v1/public/complaints/${code.toLowerCase()}`);
      expect(answered.body).toMatchObject({ status: 'replied', replies: [{ reply: '已纠正，致歉' }] });
      expect(Object.keys(answered.body).sort()).toEqual(['receivedAt', 'replies', 'result', 'status', 'trackingCode']);
      expect((await get('/v1/public/complaints/AAAA-AAAA-AAAA-AAAA-AAAA')).status).toBe(404);
      expect((await get(`/v1/public/complaints/${complaintId}`)).status).toBe(404);

      const statuses: number[] = [];
      for (let i = 0; i < t.config.RATE_LIMIT_PUBLIC_COMPLAINTS + 1; i += 1) {
        const response = await t
          .http()
          .post('/v1/public/complaints')
          .send({ about: { department: 'YCJ' }, complainant: { disclosure: 'anonymous' }, summary: `第${i}次` });
        statuses.push(response.status);
        if (response.status === 429) {
          expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(response.headers['retry-after']).toBeDefined();
        }
      }
      expect(statuses[statuses.length - 1]).toBe(429);
    });

    it('refuses a malformed complaint with problem+json and writes nothing', async () => {
      const head = async (): Promise<string> =>
        (await t.db.dataSource.query<{ head: string }[]>('SELECT max(global_position)::text AS head FROM events'))[0]
          .head;
      const before = await head();
      const bad = await post(
        '/v1/complaints',
        {
          channel: 'pigeon',
          receivedAt: '2025-03-12',
          about: { department: 'YCJ' },
          complainant: { disclosure: 'anonymous', name: '不该有' },
          summary: '',
        },
        'supervisor',
      );
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      const anonymousWithName = await post(
        '/v1/complaints',
        {
          channel: 'letter',
          receivedAt: '2025-03-12T09:00:00+08:00',
          about: { department: 'YCJ' },
          complainant: { disclosure: 'anonymous', name: '不该有' },
          summary: '匿名信',
        },
        'supervisor',
      );
      expect({ status: anonymousWithName.status, code: anonymousWithName.body.code }).toEqual({
        status: 400,
        code: 'COMPLAINANT_INCONSISTENT',
      });
      expect((await post('/v1/complaints', {}, 'YCJ')).status).toBe(403);
      expect(await head()).toBe(before);
    });
  });

  describe('inspections', () => {
    const register = async (n: number): Promise<{ id: string; position: number }> => {
      const id = `insp-op-${n}`;
      const response = await post(
        '/v1/operations',
        {
          id,
          powerCode: LICENSING,
          caseNumber: `宁烟许〔2025〕6${n}号`,
          counterparty: { kind: 'person', name: '陈小明' },
          handlers: [{ name: '王五', post: '专卖管理科科员' }],
          acceptedAt: `2025-03-${String(1 + (n % 9)).padStart(2, '0')}T09:00:00+08:00`,
        },
        'YCJ',
      );
      expect(response.status).toBe(201);
      return { id, position: response.body.position as number };
    };
    const plan = async (id: string) =>
      post(
        '/v1/inspections',
        {
          id,
          title: '2025年烟草零售许可不定期抽查',
          kind: 'random',
          manner: 'open',
          scope: { departments: ['YCJ'], from: '2025-01-01', to: '2025-12-31' },
        },
        'supervisor',
      );

    it('draws a sample at a log position that the verification redraws; another seed or position gives another; later operations never enter', async () => {
      const before: string[] = [];
      let position = 0;
      for (let n = 1; n <= 12; n += 1) {
        const op = await register(n);
        before.push(op.id);
        position = op.position;
      }
      const later = [(await register(13)).id, (await register(14)).id, (await register(15)).id];

      expect((await plan('I-2025-01')).status).toBe(201);
      const drawn = await post(
        '/v1/inspections/I-2025-01/sample',
        { size: 5, atPosition: position, seed: '抽签-0417' },
        'supervisor',
      );
      expect(drawn.status).toBe(201);
      const inspection = await get('/v1/inspections/I-2025-01', 'supervisor');
      const sample = inspection.body.sample;
      expect(sample).toMatchObject({
        atPosition: position,
        seed: '抽签-0417',
        seedSource: 'given',
        algorithm: 'sha256-rank',
        algorithmVersion: 1,
        size: 5,
        populationSize: 12,
      });
      expect(sample.operationIds).toHaveLength(5);
      for (const id of sample.operationIds) expect(before).toContain(id);

      const verification = await get('/v1/inspections/I-2025-01/sample/verification', 'investigator');
      expect(verification.status).toBe(200);
      expect(verification.body).toMatchObject({ matches: true, seedMatches: true });
      expect(verification.body.redrawn.operationIds).toEqual(sample.operationIds);
      const again = await post('/v1/inspections/I-2025-01/sample', { size: 5 }, 'supervisor');
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'SAMPLE_DRAWN' });

      await plan('I-2025-02');
      await post(
        '/v1/inspections/I-2025-02/sample',
        { size: 5, atPosition: position, seed: '抽签-0418' },
        'supervisor',
      );
      const otherSeed = (await get('/v1/inspections/I-2025-02', 'supervisor')).body.sample;
      expect(otherSeed.populationSha256).toBe(sample.populationSha256);
      expect(otherSeed.operationIds).not.toEqual(sample.operationIds);

      await plan('I-2025-03');
      await post('/v1/inspections/I-2025-03/sample', { size: 100, atPosition: position }, 'supervisor');
      const whole = (await get('/v1/inspections/I-2025-03', 'supervisor')).body.sample;
      expect(whole.seedSource).toBe('log');
      expect([...whole.operationIds].sort()).toEqual([...before].sort());
      for (const id of later) expect(whole.operationIds).not.toContain(id);
      expect((await get('/v1/inspections/I-2025-03/sample/verification', 'supervisor')).body.matches).toBe(true);

      await plan('I-2025-04');
      await post('/v1/inspections/I-2025-04/sample', { size: 5, seed: '抽签-0417' }, 'supervisor');
      const atHead = (await get('/v1/inspections/I-2025-04', 'supervisor')).body.sample;
      expect(atHead.atPosition).toBeGreaterThan(position);
      expect(atHead.populationSize).toBe(15);
      expect(atHead.populationSha256).not.toBe(sample.populationSha256);

      const beyond = await post('/v1/inspections/I-2025-04/sample', { size: 5, atPosition: 10_000_000 }, 'supervisor');
      expect(beyond.status).toBe(409);
    });

    it('records a follow-up visit and a report; the department sees an open inspection of its operations', async () => {
      await plan('I-2025-05');
      const visit = await post(
        '/v1/inspections/I-2025-05/activities',
        {
          kind: 'follow-up-visit',
          at: '2025-03-12T10:00:00+08:00',
          who: '申请人陈小明',
          form: 'phone',
          operationId: 'insp-op-1',
          opinions: '办理及时',
        },
        'supervisor',
      );
      expect(visit.status).toBe(201);
      const reported = await post('/v1/inspections/I-2025-05/report', { summary: '未发现问题' }, 'supervisor');
      expect(reported.status).toBe(201);
      const seen = await get('/v1/inspections/I-2025-05', 'YCJ');
      expect(seen.body).toMatchObject({
        status: 'reported',
        activities: [
          { activityId: 'A1', kind: 'follow-up-visit', who: '申请人陈小明', form: 'phone', opinions: '办理及时' },
        ],
      });
      expect((await get('/v1/inspections/I-2025-05', 'ZFJ')).status).toBe(404);
    });
  });

  describe('findings and rectification', () => {
    it('a finding of 缓作为 → an order of 10 working days → report rejected → deadline passes → red ground 9', async () => {
      clock.set('2025-03-12T12:00:00+08:00');
      const finding = await post(
        '/v1/findings',
        {
          id: 'F-2025-0001',
          kind: 'slow-action',
          department: 'YCJ',
          source: { kind: 'own-initiative' },
          operations: ['insp-op-1'],
          facts: '受理后长期搁置',
          ground: 1,
          foundOn: '2025-03-12',
        },
        'supervisor',
      );
      expect(finding.status).toBe(201);
      const order = await post(
        '/v1/rectifications',
        {
          id: 'ZG-2025-0001',
          department: 'YCJ',
          source: { kind: 'finding', id: 'F-2025-0001' },
          requirements: '十个工作日内办结并报送整改报告',
          withinWorkingDays: 10,
        },
        'supervisor',
      );
      expect(order.status).toBe(201);
      const ordered = await get('/v1/rectifications/ZG-2025-0001', 'YCJ');
      expect(ordered.body.order).toMatchObject({ orderedOn: '2025-03-12', withinWorkingDays: 10, dueOn: '2025-03-26' });

      const reported = await post(
        '/v1/rectifications/ZG-2025-0001/reports',
        {
          actions: '已办结',
          documents: [{ name: '整改报告.pdf', sha256: SHA }],
          reportedAt: '2025-03-20T10:00:00+08:00',
        },
        'YCJ',
      );
      expect(reported.status).toBe(201);
      expect((await post('/v1/rectifications/ZG-2025-0001/acceptance', {}, 'YCJ')).status).toBe(403);
      const rejected = await post(
        '/v1/rectifications/ZG-2025-0001/rejection',
        { reasons: '未附办结文书' },
        'supervisor',
      );
      expect(rejected.status).toBe(201);
      expect((await get('/v1/rectifications/ZG-2025-0001', 'supervisor')).body).toMatchObject({
        status: 'ordered',
        reports: [{ reportNo: 1, outcome: 'rejected', decision: { reasons: '未附办结文书' } }],
      });

      clock.set('2025-03-27T00:00:01+08:00');
      const [alert] = await until(
        () => alertsOf('rectification', 'ZG-2025-0001'),
        (alerts) => alerts.length > 0,
      );
      expect(alert).toMatchObject({
        id: 'rectification:ZG-2025-0001:g9:rectification-overdue',
        ground: 9,
        level: 'red',
        department: 'YCJ',
      });
      clock.set('2025-03-12T12:00:00+08:00');
    });

    it('a finding of ground 8 raises a red alert; a source that does not exist is refused', async () => {
      const falsified = await post(
        '/v1/findings',
        {
          id: 'F-2025-0002',
          kind: 'abuse-of-authority',
          department: 'YCJ',
          source: { kind: 'own-initiative' },
          facts: '伪造送达回证',
          ground: 8,
          foundOn: '2025-03-12',
        },
        'supervisor',
      );
      expect(falsified.status).toBe(201);
      const [alert] = await until(
        () => alertsOf('finding', 'F-2025-0002'),
        (alerts) => alerts.length > 0,
      );
      expect(alert).toMatchObject({ ground: 8, level: 'red', department: 'YCJ' });

      const orphan = await post(
        '/v1/rectifications',
        {
          department: 'YCJ',
          source: { kind: 'finding', id: 'F-NONE' },
          requirements: '整改',
          withinWorkingDays: 5,
        },
        'supervisor',
      );
      expect({ status: orphan.status, code: orphan.body.code }).toEqual({ status: 422, code: 'SOURCE_NOT_FOUND' });
      const findings = await get(`/v1/findings?minPosition=${falsified.body.position}`, 'YCJ');
      expect(findings.body.items.map((f: { finding: { findingId: string } }) => f.finding.findingId)).toEqual(
        expect.arrayContaining(['F-2025-0001', 'F-2025-0002']),
      );
      expect((await get('/v1/findings', 'ZFJ')).body.items).toEqual([]);
    });
  });

  it('a case opened from a finding of an inspection reconstructs the finding, the inspection with its sample and the operations', async () => {
    const finding = await post(
      '/v1/findings',
      {
        id: 'F-2025-0003',
        kind: 'procedural-violation',
        department: 'YCJ',
        source: { kind: 'inspection', id: 'I-2025-01' },
        operations: ['insp-op-2'],
        facts: '未告知申请人权利',
        ground: 1,
        foundOn: '2025-03-12',
      },
      'supervisor',
    );
    expect(finding.status).toBe(201);
    const opened = await post(
      '/v1/cases',
      {
        id: 'AC-2025-0301',
        origins: [{ kind: 'finding', id: 'F-2025-0003' }],
        grounds: [1],
        departments: ['YCJ'],
        summary: '查访发现程序违法',
        openedAt: '2025-03-12T15:00:00+08:00',
      },
      'investigator',
    );
    expect(opened.status).toBe(201);
    const reconstruction = await get('/v1/cases/AC-2025-0301/reconstruction', 'investigator');
    expect(reconstruction.status).toBe(200);
    const streams = (reconstruction.body.streams as { streamId: string }[]).map((s) => s.streamId);
    expect(streams).toEqual(
      expect.arrayContaining([
        'case-AC-2025-0301',
        'finding-F-2025-0003',
        'inspection-I-2025-01',
        'operation-insp-op-2',
        `power-${LICENSING}`,
      ]),
    );
    const types = (reconstruction.body.events as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['InspectionSampleDrawn', 'FindingRecorded', 'CaseOpened']));
    expect(reconstruction.body.integrity.every((stream: { intact: boolean }) => stream.intact)).toBe(true);
  });

  it('labels every new enumeration in Chinese', async () => {
    const enums = (await get('/v1/meta/enums')).body;
    expect(enums.complaintChannel).toEqual(expect.arrayContaining([{ value: 'hotline-12345', label: '12345热线' }]));
    expect(enums.findingKind).toEqual(expect.arrayContaining([{ value: 'slow-action', label: '缓作为' }]));
    expect(enums.inspectionManner).toEqual([
      { value: 'open', label: '明查' },
      { value: 'covert', label: '暗访' },
    ]);
    expect(enums.alertSubjectKind).toEqual(expect.arrayContaining([{ value: 'rectification', label: '整改通知' }]));
  });
});
