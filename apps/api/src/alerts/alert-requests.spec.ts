import { fieldsRejected, validatedBody } from '../http/request-validation.testing';
import { AnswerAlertRequest, RejectAlertAnswerRequest, ResolveAlertRequest } from './alert-note.request.dto';

/**
 * The bodies of a supervisor's and a department's acts on an alert are checked here, once, at the edge
 * (docs/architecture.md, "One validation boundary"); the alert decider checks the id from the path and its rules.
 */

describe('alert requests, checked at the edge', () => {
  it('takes a resolution with a note, none without', async () => {
    await expect(validatedBody({ note: '已整改' }, ResolveAlertRequest)).resolves.toBeInstanceOf(ResolveAlertRequest);
    expect(await fieldsRejected({ note: '  ' }, ResolveAlertRequest)).toEqual(['note']);
  });

  it('takes an answer that explains, with documents by SHA-256', async () => {
    const documents = [{ name: '说明.pdf', sha256: 'ab'.repeat(32) }];
    await expect(validatedBody({ explanation: '系统故障', documents }, AnswerAlertRequest)).resolves.toBeInstanceOf(
      AnswerAlertRequest,
    );
    expect(await fieldsRejected({ explanation: ' ' }, AnswerAlertRequest)).toEqual(['explanation']);
    const badDocument = { explanation: '系统故障', documents: [{ name: 'x.pdf', sha256: 'nope' }] };
    expect(await fieldsRejected(badDocument, AnswerAlertRequest)).toEqual(['documents.0.sha256']);
  });

  it('rejects an answer only with a reason', async () => {
    expect(await fieldsRejected({ reason: '' }, RejectAlertAnswerRequest)).toEqual(['reason']);
  });
});
