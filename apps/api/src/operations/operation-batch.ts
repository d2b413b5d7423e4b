import { HttpException } from '@nestjs/common';
import { Principal } from '@app/access';
import { checkRequestInput } from '@app/contracts';
import { DomainError, DomainErrorCategory } from '@app/domain';
import { MalformedJsonBody, parseJsonText } from '../http/json-text';
import { RequestValidationPipe } from '../http/request-validation';
import { WriteContext } from '../http/write-context';
import { WriteScope, WriteScopeParts } from '../idempotency/write-scope';
import { OperationBatchRegistration } from './operation-registration';
import { OperationBatchResponse } from './operation.response.dto';
import { RegisterOperationsBatchRequest } from './register-operations-batch.request.dto';

/**
 * A batch of registrations from the JSON text that arrived (its bytes) to the answer: parsed as Fastify parses,
 * checked by the input limits and the global pipe as every other body is, then decided and written
 * (OperationBatchRegistration). It runs in the API's thread or in a batch worker thread (BatchRegistrations), with
 * the same result.
 */
export class OperationBatch {
  private readonly pipe = new RequestValidationPipe();

  constructor(private readonly registration: OperationBatchRegistration) {}

  /** Throws MalformedJsonBody, a DomainError or an HttpException for a batch it refuses. */
  async handle(text: Uint8Array, context: WriteContext): Promise<OperationBatchResponse> {
    const body = parseJsonText(text);
    checkRequestInput(body, 'body');
    const request = (await this.pipe.transform(body, {
      type: 'body',
      metatype: RegisterOperationsBatchRequest,
    })) as RegisterOperationsBatchRequest;
    return this.registration.register(request, context);
  }
}

/** What a batch worker thread needs to open its own connections and judge as the API does. */
export interface BatchWorkerSettings {
  databaseUrl: string;
  /** The thread's own pool, beside the API's DATABASE_POOL_SIZE. */
  poolSize: number;
  minPlausibleDate: string;
  /** BATCH_THREAD_NICENESS. */
  niceness: number;
}

/** One batch as it crosses to a worker thread: plain data only (structured clone), the body's bytes moved. */
export interface BatchTask {
  text: Uint8Array;
  context: { actor: Principal; correlationId: string; scope: WriteScopeParts };
}

export type BatchRefusal =
  | { kind: 'malformed-json' }
  | {
      kind: 'domain';
      code: string;
      category: DomainErrorCategory;
      message: string;
      details: Record<string, unknown>;
      fieldErrors: Record<string, string[]>;
    }
  | { kind: 'http'; status: number; response: string | object };

/**
 * A registered batch comes back as its answer, OperationBatchResponse as JSON (jsonBytes, moved); a refused batch as
 * its refusal; anything else a worker throws is unexpected (500).
 */
export type BatchOutcome = Uint8Array | { refused: BatchRefusal };

export function taskOf(text: Uint8Array, context: WriteContext): BatchTask {
  return { text, context: { actor: context.actor, correlationId: context.correlationId, scope: context.scope.parts } };
}

export function contextOf(task: BatchTask): WriteContext {
  return { ...task.context, scope: WriteScope.restore(task.context.scope) };
}

/** The refusal of an error OperationBatch.handle threw, or the error again when it is no refusal. */
export function refusalOf(error: unknown): BatchRefusal {
  if (error instanceof MalformedJsonBody) return { kind: 'malformed-json' };
  if (error instanceof DomainError) {
    const { code, category, message, details, fieldErrors } = error;
    return { kind: 'domain', code, category, message, details, fieldErrors };
  }
  if (error instanceof HttpException) return { kind: 'http', status: error.getStatus(), response: error.getResponse() };
  throw error;
}
