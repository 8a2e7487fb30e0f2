// The quick pass of the seeded fuzzer (test/fuzz/fuzz.ts) over every operation of the OpenAPI
// document: no 5xx, the controller alive afterwards. The long pass: `npm run fuzz`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { fuzz } from '../fuzz/fuzz.ts';

let c: TestController;
beforeAll(async () => {
  c = await startController({ listen: false, approval: true });
});
afterAll(async () => {
  await c.close();
});

describe('malformed requests to every route', () => {
  it('never get a 5xx, and the controller keeps answering', { timeout: 120_000 }, async () => {
    const result = await fuzz(c.app, c.adminToken, 20261126, 6);
    expect(result.requests).toBeGreaterThan(400);
    expect(result.serverErrors).toEqual([]);
    expect((await c.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await c.app.inject({ method: 'GET', url: '/api/boards', headers: { authorization: `Bearer ${c.adminToken}` } })).statusCode).toBe(200);
  });
});
