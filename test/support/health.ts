import type { Response } from 'supertest';
import type { TestApp } from './create-test-app';

/**
 * GET /health as of now: a test that asserts what a change did asks for a check made after its request
 * (`Cache-Control: no-cache`), not the previous check's report that /health gives while the process or the database
 * is busy (`fresh: false`).
 */
export async function freshHealth(t: TestApp): Promise<Response> {
  return t.http().get('/health').set('Cache-Control', 'no-cache');
}
