import { fieldsRejected, validatedBody } from '../http/request-validation.testing';
import {
  AddEvidenceRequest,
  ConcludeInvestigationRequest,
  DecideDepartmentRequest,
  NamePersonRequest,
  PublishOutcomeRequest,
} from './case-steps.request.dto';
import { OpenCaseRequest } from './open-case.request.dto';

/**
 * The shapes of case requests are checked here, once, at the edge (docs/architecture.md, "One validation boundary"):
 * the case decider takes typed commands and checks its rules (an origin's id, evidence given, measures of the tier,
 * times in order). Every field is reported at once.
 */

const AT = '2025-03-12T09:00:00+08:00';

describe('case requests, checked at the edge', () => {
  it('takes a well-formed opening', async () => {
    const opening = {
      origins: [{ kind: 'alert', id: 'op:OP-1:g7:committed-deadline-passed' }],
      grounds: [7],
      departments: ['YCJ'],
      summary: '烟草专卖零售许可超过承诺时限办结',
      openedAt: AT,
    };
    await expect(validatedBody(opening, OpenCaseRequest)).resolves.toBeInstanceOf(OpenCaseRequest);
  });

  it('checks every field of an opening at once', async () => {
    const invalid = {
      id: 'a b',
      origins: [{ kind: 'rumour', id: 'x' }],
      grounds: [11],
      departments: ['ycj'],
      summary: ' ',
      openedAt: 'yesterday',
    };
    expect(await fieldsRejected(invalid, OpenCaseRequest)).toEqual([
      'departments',
      'grounds',
      'id',
      'openedAt',
      'origins.0.kind',
      'summary',
    ]);
  });

  it('refuses a malformed document hash as evidence', async () => {
    const invalid = { documents: [{ name: 'x', sha256: 'xyz' }] };
    expect(await fieldsRejected(invalid, AddEvidenceRequest)).toEqual(['documents.0.sha256']);
  });

  it("takes a person's responsibility from the fixed list", async () => {
    const invalid = { name: '王五', post: '科员', department: 'YCJ', responsibility: 'witness' };
    expect(await fieldsRejected(invalid, NamePersonRequest)).toEqual(['responsibility']);
  });

  it('concludes with the facts found', async () => {
    expect(await fieldsRejected({ facts: '', concludedAt: AT }, ConcludeInvestigationRequest)).toEqual(['facts']);
  });

  it("takes a department's measures from its own list", async () => {
    const invalid = { department: 'YCJ', measures: ['reassignment'], reasoning: '理由', decidedAt: AT };
    expect(await fieldsRejected(invalid, DecideDepartmentRequest)).toEqual(['measures']);
  });

  it('takes a disclosure date that exists', async () => {
    const invalid = { channel: '门户网站', publishedOn: '2025-02-30' };
    expect(await fieldsRejected(invalid, PublishOutcomeRequest)).toEqual(['publishedOn']);
  });
});
