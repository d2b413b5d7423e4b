import { createTestApp, TestApp } from './support/create-test-app';
import { APPROVAL, penaltyPowerBody, publicationDutyOfToday } from './support/powers';

const PROBLEM_JSON = /^application\/problem\+json/;
const REVIEW_APPROVAL = { authority: '宁国市法制办', documentNo: '宁法审〔2025〕7号', date: '2025-03-09' };
const CLASSIFICATION = { classified: true, reason: '涉及国家秘密' };
const registration = (powerCode: string) => ({
  powerCode,
  caseNumber: '宁烟专罚〔2025〕12号',
  counterparty: { kind: 'organization', name: '某某商行' },
  handlers: [{ name: '李四', post: '执法队员' }],
  acceptedAt: '2025-09-30T10:00:00+08:00',
});

describe('catalogue review: 申报 → 审核 (a department proposes, a reviewer approves or rejects)', () => {
  let t: TestApp;
  const key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['reviewer', 'supervisor', 'investigator', 'admin'] as const) key[role] = await t.keyFor(role);
    key.YCJ = await t.keyFor('department', 'YCJ');
    key.CG = await t.keyFor('department', 'CG');
  });
  afterAll(() => t.close());

  const auth = (who?: string): Record<string, string> => (who ? { Authorization: `Bearer ${key[who]}` } : {});
  const post = (path: string, body: object, who?: string, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set({ ...auth(who), ...headers })
      .send(body);
  const get = (path: string, who?: string) => t.http().get(path).set(auth(who));
  const nextCode = () => `YC-CF-${String((sequence += 1)).padStart(4, '0')}`;
  const approve = (code: string, id: number, body: object = { approval: REVIEW_APPROVAL }, who = 'reviewer') =>
    post(`/v1/powers/${code}/proposals/${id}/approval`, body, who);
  const reject = (code: string, id: number, reasons: unknown = ['法律依据已废止'], who = 'reviewer') =>
    post(`/v1/powers/${code}/proposals/${id}/rejection`, { reasons }, who);
  const read = (code: string, position: number, who?: string, params = '') =>
    get(`/v1/powers/${code}?minPosition=${position}${params}`, who);
  const queue = (position: number, params: string, who = 'reviewer') =>
    get(`/v1/powers/proposals?minPosition=${position}&${params}`, who);
  /** A department's grant proposal of `code`, answered 201. */
  const proposeGrant = async (code: string, fields: Record<string, unknown> = {}) => {
    const res = await post('/v1/powers', penaltyPowerBody(code, 'YCJ', fields), 'YCJ');
    expect(res.status).toBe(201);
    return res.body as { version: number; position: number; proposal: { id: number } };
  };

  it("records a department's grant as a pending proposal, absent from the catalogue and from ground-1 checks", async () => {
    const code = nextCode();
    const res = await post('/v1/powers', penaltyPowerBody(code, 'YCJ'), 'YCJ');
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toEqual({
      streamId: `power-${code}`,
      version: 1,
      position: expect.any(Number),
      code,
      type: 'PowerProposed',
      warnings: [],
      effectiveFrom: '2024-01-01',
      proposal: { id: 1, status: 'pending' },
    });
    const { position } = res.body as { position: number };
    for (const who of [undefined, 'YCJ', 'reviewer', 'supervisor']) {
      expect((await read(code, position, who)).body).toMatchObject({ status: 404, code: 'POWER_NOT_FOUND' });
    }
    const catalogue = await get(`/v1/powers?minPosition=${position}&department=YCJ`, 'reviewer');
    expect(catalogue.body.items.map((p: { code: string }) => p.code)).not.toContain(code);
    const operation = await post('/v1/operations', registration(code), 'YCJ');
    expect(operation.status).toBe(201);
    expect(operation.body.power).toEqual({ code, inForce: false, notInForceReason: 'not-in-catalogue' });
  });

  it('lists proposals to reviewers and the supervising roles, and to a department its own only', async () => {
    const code = nextCode();
    const { position } = await proposeGrant(code);
    const pending = await queue(position, `status=pending&code=${code}`);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({
      items: [
        {
          code,
          id: 1,
          department: 'YCJ',
          status: 'pending',
          fact: { type: 'PowerGranted', data: expect.objectContaining({ code, effectiveFrom: '2024-01-01' }) },
          proposedAt: expect.any(String),
          proposedBy: { id: expect.any(String), role: 'department', department: 'YCJ' },
          position,
        },
      ],
      nextCursor: null,
    });
    for (const who of ['supervisor', 'investigator', 'YCJ']) {
      expect((await queue(position, `code=${code}`, who)).body.items).toHaveLength(1);
    }
    expect((await queue(position, `code=${code}`, 'CG')).body.items).toEqual([]);
    expect((await get('/v1/powers/proposals')).status).toBe(401);
    const admin = await get('/v1/powers/proposals', 'admin');
    expect(admin.status).toBe(403);
    expect(admin.headers['content-type']).toMatch(PROBLEM_JSON);
    const bad = await get('/v1/powers/proposals?status=maybe&cursor=x', 'reviewer');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: { status: expect.any(Array) } });
  });

  it('puts an approved grant in force from its proposed date; knownAt shows it only from the approval on', async () => {
    const code = nextCode();
    const proposal = await proposeGrant(code);
    const res = await approve(code, 1);
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      version: 2,
      type: 'PowerGranted',
      effectiveFrom: '2024-01-01',
      proposal: { id: 1, status: 'approved' },
    });
    const power = await read(code, res.body.position, 'reviewer', '&asOf=2024-01-01');
    expect(power.body).toMatchObject({
      status: 'in-force',
      effectiveFrom: '2024-01-01',
      version: 2,
      publication: { lastPublishedOn: null, ...publicationDutyOfToday() },
      proposals: [{ id: 1, fact: 'PowerGranted', department: 'YCJ', status: 'approved', effectiveFrom: '2024-01-01' }],
    });
    const { proposedAt, decidedAt } = power.body.proposals[0] as { proposedAt: string; decidedAt: string };
    const beforeApproval = new Date(Date.parse(decidedAt) - 1).toISOString();
    const then = await read(code, res.body.position, 'reviewer', `&knownAt=${beforeApproval}`);
    expect(then.body).toMatchObject({ status: 404, code: 'POWER_NOT_FOUND' });
    const queueThen = await queue(res.body.position, `code=${code}&knownAt=${beforeApproval}`);
    expect(queueThen.body.items).toMatchObject([{ status: 'pending', proposedAt }]);
    expect(queueThen.body.items[0]).not.toHaveProperty('decidedAt');
    expect((await queue(res.body.position, `code=${code}`)).body.items).toMatchObject([
      { status: 'approved', decidedAt, factVersion: 2, approval: REVIEW_APPROVAL, decidedBy: { role: 'reviewer' } },
    ]);
    expect(proposal.version).toBe(1);

    const operation = await post('/v1/operations', registration(code), 'YCJ');
    expect(operation.status).toBe(201);
    expect(operation.body).toMatchObject({ power: { inForce: true }, deadlines: expect.any(Object) });

    const timeline = await get(`/v1/powers/${code}/timeline`, 'YCJ');
    expect(timeline.body.items).toMatchObject([
      { type: 'PowerProposed', version: 1, proposalId: 1, department: 'YCJ', fact: { type: 'PowerGranted' } },
      { type: 'PowerGranted', version: 2, proposalId: 1, approval: REVIEW_APPROVAL, actor: { role: 'reviewer' } },
    ]);
  });

  it('never puts a rejected proposal in force, and decides each proposal once', async () => {
    const code = nextCode();
    await proposeGrant(code);
    const res = await reject(code, 1);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'PowerProposalRejected',
      version: 2,
      proposal: { id: 1, status: 'rejected' },
    });
    expect((await read(code, res.body.position, 'reviewer')).status).toBe(404);
    expect((await queue(res.body.position, `code=${code}`, 'YCJ')).body.items).toMatchObject([
      { status: 'rejected', reasons: ['法律依据已废止'] },
    ]);
    const again = await approve(code, 1);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'POWER_PROPOSAL_DECIDED' });
    const timeline = await get(`/v1/powers/${code}/timeline`, 'YCJ');
    expect(timeline.body.items).toMatchObject([
      { type: 'PowerProposed' },
      { type: 'PowerProposalRejected', reasons: ['法律依据已废止'] },
    ]);
    expect((await get(`/v1/powers/${code}/timeline`, 'CG')).status).toBe(403);
  });

  it('lets only a reviewer decide, with an approval document or reasons, and writes nothing otherwise', async () => {
    const code = nextCode();
    await proposeGrant(code);
    for (const who of ['YCJ', 'admin', 'supervisor']) {
      expect((await approve(code, 1, { approval: REVIEW_APPROVAL }, who)).body).toMatchObject({
        status: 403,
        code: 'FORBIDDEN_ROLE',
      });
    }
    expect((await approve(code, 1, { approval: REVIEW_APPROVAL }, '')).status).toBe(401);
    const missing = await approve(code, 1, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ errors: { approval: expect.any(Array) } });
    expect((await approve(code, 1, { approval: REVIEW_APPROVAL, extra: 1 })).status).toBe(400);
    expect((await reject(code, 1, [])).status).toBe(400);
    expect((await reject(code, 1, [''])).status).toBe(400);
    for (const id of ['2', 'abc', '0']) {
      const unknown = await post(
        `/v1/powers/${code}/proposals/${id}/approval`,
        { approval: REVIEW_APPROVAL },
        'reviewer',
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'POWER_PROPOSAL_NOT_FOUND' });
    }
    const events = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [
      `power-${code}`,
    ]);
    expect(events).toEqual([{ n: 1 }]);
  });

  it("needs the reviewer's approval of a classified power's classification and reason", async () => {
    const code = nextCode();
    await proposeGrant(code, { classification: CLASSIFICATION });
    const unapproved = await approve(code, 1);
    expect(unapproved.status).toBe(422);
    expect(unapproved.body).toMatchObject({
      code: 'CLASSIFICATION_APPROVAL_REQUIRED',
      errors: { classificationApproved: expect.any(Array) },
    });
    const approved = await approve(code, 1, { approval: REVIEW_APPROVAL, classificationApproved: true });
    expect(approved.status).toBe(201);
    const timeline = await get(`/v1/powers/${code}/timeline`, 'reviewer');
    expect(timeline.body.items[1]).toMatchObject({ type: 'PowerGranted', classificationApproved: true });
  });

  it('keeps a power in force as it was while changes wait, shows them to its department, and replays approvals', async () => {
    const code = nextCode();
    const granted = await post('/v1/powers', penaltyPowerBody(code, 'YCJ'), 'reviewer');
    expect(granted.body).not.toHaveProperty('proposal');
    await post(`/v1/powers/${code}/publications`, { channel: '政府网站', publishedOn: '2025-01-02' }, 'YCJ');
    const change = (name: string) => ({
      kind: 'amendment',
      changes: { name },
      reason: '名称规范',
      approval: APPROVAL,
      effectiveFrom: '2025-01-01',
    });
    const first = await post(`/v1/powers/${code}/changes`, change('名称甲'), 'YCJ');
    const second = await post(`/v1/powers/${code}/changes`, change('名称乙'), 'YCJ');
    expect([first.body.proposal, second.body.proposal]).toEqual([
      { id: 3, status: 'pending' },
      { id: 4, status: 'pending' },
    ]);
    const pending = await read(code, second.body.position, 'YCJ');
    expect(pending.body).toMatchObject({
      name: '对无准运证运输烟草专卖品的处罚',
      version: 4,
      proposals: [
        { id: 3, fact: 'PowerChanged', status: 'pending' },
        { id: 4, fact: 'PowerChanged', status: 'pending' },
      ],
    });
    expect((await read(code, second.body.position)).body).not.toHaveProperty('proposals');
    expect((await read(code, second.body.position, 'CG')).body).not.toHaveProperty('proposals');

    const headers = { 'Idempotency-Key': `approve-${code}`, 'If-Match': '"4"' };
    const approved = await post(
      `/v1/powers/${code}/proposals/4/approval`,
      { approval: REVIEW_APPROVAL },
      'reviewer',
      headers,
    );
    const replay = await post(
      `/v1/powers/${code}/proposals/4/approval`,
      { approval: REVIEW_APPROVAL },
      'reviewer',
      headers,
    );
    expect(approved.status).toBe(201);
    expect(replay.body).toEqual(approved.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const stale = await post(
      `/v1/powers/${code}/proposals/3/rejection`,
      { reasons: ['已被后一申报取代'] },
      'reviewer',
      {
        'If-Match': '"4"',
      },
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT' });
    const rejected = await reject(code, 3, ['已被后一申报取代']);
    const after = await read(code, rejected.body.position, 'supervisor');
    expect(after.body).toMatchObject({
      name: '名称乙',
      proposals: [
        { id: 3, status: 'rejected' },
        { id: 4, status: 'approved' },
      ],
    });
    // The public sees the last published version: the approved change is not published yet.
    expect((await read(code, rejected.body.position)).body).toMatchObject({ name: '对无准运证运输烟草专卖品的处罚' });
  });

  it('counts a cancellation for ground 1 only once it is approved', async () => {
    const code = nextCode();
    await post('/v1/powers', penaltyPowerBody(code, 'YCJ'), 'reviewer');
    const cancellation = { reason: '上位法废止', approval: APPROVAL, effectiveFrom: '2025-01-01' };
    const proposed = await post(`/v1/powers/${code}/cancellation`, cancellation, 'YCJ');
    expect(proposed.body).toMatchObject({ type: 'PowerProposed', proposal: { id: 2, status: 'pending' } });
    const whilePending = await post('/v1/operations', registration(code), 'YCJ');
    expect(whilePending.body).toMatchObject({ power: { inForce: true }, deadlines: expect.any(Object) });
    expect((await read(code, proposed.body.position, 'YCJ')).body).toMatchObject({ status: 'in-force' });

    const approved = await approve(code, 2);
    expect(approved.body).toMatchObject({ type: 'PowerCancelled', effectiveFrom: '2025-01-01' });
    const afterApproval = await post('/v1/operations', registration(code), 'YCJ');
    expect(afterApproval.body).toMatchObject({
      power: { inForce: false, notInForceReason: 'cancelled' },
      deadlines: null,
    });
    expect((await read(code, approved.body.position, 'YCJ')).body).toMatchObject({ status: 'cancelled' });
  });

  it('lets an admin record an approved fact directly, as an import does', async () => {
    const code = nextCode();
    const res = await post('/v1/powers', penaltyPowerBody(code, 'YCJ'), 'admin');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'PowerGranted', version: 1 });
    expect(res.body).not.toHaveProperty('proposal');
  });

  it('documents the review endpoints with their schemas', async () => {
    const { paths, components } = (await get('/docs-json')).body;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/v1/powers/proposals',
        '/v1/powers/{code}/proposals/{proposalId}/approval',
        '/v1/powers/{code}/proposals/{proposalId}/rejection',
      ]),
    );
    expect(
      paths['/v1/powers/{code}/proposals/{proposalId}/approval'].post.requestBody.content['application/json'].schema,
    ).toEqual({ $ref: '#/components/schemas/ApprovePowerProposalRequest' });
    expect(components.schemas.PowerWrittenResponse.properties).toHaveProperty('proposal');
    expect(components.schemas.PowerResponse.properties).toHaveProperty('proposals');
    expect(components.schemas.ProposalResponse.required).toEqual(
      expect.arrayContaining(['code', 'id', 'department', 'status', 'fact', 'proposedAt', 'position']),
    );
  });
});
