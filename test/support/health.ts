import type { Response } from 'supertest';
import type { TestApp } from './create-test-app';

/**
 * GET /health as of now: when the database is slow to answer (a busy test machine), /health gives the previous
 * check's report marked `fresh: false`; a test that asserts what a change did asks again until the answer is fresh.
 */
export async function freshHealth(t: TestApp): Promise<Response> {
  for (const deadline = Date.now() + 10_000; ;) {
    const res = await t.http().get('/health');
    if ((res.body as { fresh?: boolean }).fresh !== false || Date.now() > deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
