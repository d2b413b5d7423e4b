import { fieldsRejected, validatedBody } from '../http/request-validation.testing';
import { RecordDecisionRequest } from './record-decision.request.dto';
import { RecordStepRequest } from './record-step.request.dto';
import { RegisterOperationRequest } from './register-operation.request.dto';

/**
 * The shapes of operation requests are checked here, once, at the edge (docs/architecture.md, "One validation
 * boundary"): the operation decider takes typed commands and checks only its rules. Every field is reported at once.
 */

const REGISTRATION = {
  id: 'op-1',
  powerCode: 'CG-CF-0001',
  caseNumber: '城管罚〔2025〕1号',
  counterparty: { kind: 'person', name: '张三' },
  handlers: [{ name: '李四', post: '执法队员' }],
  acceptedAt: '2025-03-03T09:00:00+08:00',
};
const AT = '2025-03-04T09:00:00+08:00';

describe('operation requests, checked at the edge', () => {
  it('takes a well-formed registration, step and decision', async () => {
    await expect(validatedBody(REGISTRATION, RegisterOperationRequest)).resolves.toBeInstanceOf(
      RegisterOperationRequest,
    );
    await expect(validatedBody({ kind: 'filing', at: AT, by: '李四' }, RecordStepRequest)).resolves.toEqual(
      expect.objectContaining({ kind: 'filing' }),
    );
    const decision = {
      at: AT,
      outcome: 'approved',
      legalBasisCited: [{ title: '中华人民共和国行政许可法', article: '第三十八条' }],
      reasoning: '符合条件',
    };
    await expect(validatedBody(decision, RecordDecisionRequest)).resolves.toBeInstanceOf(RecordDecisionRequest);
  });

  it('reports every invalid field of a registration at once', async () => {
    const invalid = {
      ...REGISTRATION,
      id: 'op 1',
      caseNumber: ' ',
      counterparty: { kind: 'company', name: '' },
      handlers: [],
      acceptedAt: '2025-03-03',
    };
    expect(await fieldsRejected(invalid, RegisterOperationRequest)).toEqual([
      'acceptedAt',
      'caseNumber',
      'counterparty.kind',
      'counterparty.name',
      'handlers',
      'id',
    ]);
  });

  it('checks each handler', async () => {
    const invalid = { ...REGISTRATION, handlers: [{ name: '张三', post: '' }] };
    expect(await fieldsRejected(invalid, RegisterOperationRequest)).toEqual(['handlers.0.post']);
  });

  it('rejects an unknown step kind, a missing performer and a document reference that is not a SHA-256', async () => {
    const invalid = { kind: 'inspection', at: AT, by: '', documents: [{ name: 'a.pdf', sha256: 'abc' }] };
    expect(await fieldsRejected(invalid, RecordStepRequest)).toEqual(['by', 'documents.0.sha256', 'kind']);
  });

  it('takes a pause kind from the fixed list only', async () => {
    const invalid = {
      kind: 'pause',
      at: AT,
      by: '李四',
      pauseKind: 'lunch',
      documents: [{ name: '听证通知书', sha256: 'ab'.repeat(32) }],
    };
    expect(await fieldsRejected(invalid, RecordStepRequest)).toEqual(['pauseKind']);
  });

  it("checks a decision's amount, band, legal basis and reasoning", async () => {
    const invalid = {
      at: AT,
      outcome: 'penalty',
      penalty: { amount: -1, band: 'harsh' },
      legalBasisCited: [],
      reasoning: ' ',
    };
    expect(await fieldsRejected(invalid, RecordDecisionRequest)).toEqual([
      'legalBasisCited',
      'penalty.amount',
      'penalty.band',
      'reasoning',
    ]);
  });
});
