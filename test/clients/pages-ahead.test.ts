/**
 * Pages read a few at a time: the real clients against a scripted server (port 0, closed here) that
 * holds back every page after the first until as many requests as the client promises to have in
 * flight are waiting, so a client that read one page at a time would never finish.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Http } from '../../src/clients/http.js';
import { MYOPERATOR_PAGES_AHEAD, MyOperatorClient } from '../../src/clients/myoperator.js';
import { readPagesAhead } from '../../src/clients/pages-ahead.js';
import { ZOHO_PAGES_AT_ONCE, ZohoClient } from '../../src/clients/zoho.js';
import { EmulatorServer, type EmulatorRequest, type Reply } from '../../src/sandbox/server.js';
import { FAST, rejection, requestsArrived, startEmulators, zohoClients, type Emulators } from '../support/emulators.js';

let e: Emulators;
let answer: (req: EmulatorRequest) => Reply = () => ({ status: 500, json: {} });
/** Pages after the first wait here until `gate` of them are waiting (once; then none wait). */
let gate = Infinity;
let waiting: Array<() => void> = [];
const server = new EmulatorServer(async (req) => {
  if (Number(req.query.get('page') ?? '1') > 1 && !req.path.endsWith('/count')) {
    await new Promise<void>((release) => {
      waiting.push(release);
      if (waiting.length >= gate) {
        for (const r of waiting) r();
        waiting = [];
        gate = 1; // held once: the first batch proves they were in flight together
      }
    });
  }
  return answer(req);
});
beforeAll(async () => {
  e = await startEmulators();
  await server.start();
});
afterAll(async () => {
  await server.close();
  await e.close();
});
afterEach(async () => {
  await requestsArrived();
  server.log.length = 0;
  gate = Infinity;
});

const page = (req: EmulatorRequest) => Number(req.query.get('page') ?? '1');
const asked = (path: string) => server.log.filter((r) => r.path === path).map((r) => Number(/page=(\d+)/.exec(r.query)?.[1]));

describe('pages read a few at a time, used in page order', () => {
  it(`Zoho: once the count says 1,000 users, pages 2 to 5 are asked for ${ZOHO_PAGES_AT_ONCE} at once, and the users come back in page order`, async () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({ id: String(5000 + i), email: `u${i}@acme.in` }));
    answer = (req) =>
      req.path.endsWith('/count')
        ? { status: 200, json: { count: '1000' } }
        : { status: 200, json: { users: users.slice((page(req) - 1) * 200, page(req) * 200), info: { per_page: 200, more_records: page(req) < 5 } } };
    gate = ZOHO_PAGES_AT_ONCE;
    const client = new ZohoClient(new Http({ remote: 'Zoho', ...FAST, retries: 0 }), zohoClients(e).auth, 'crm', server.url, {});
    const got = await client.listUsers();
    expect(got.map((u) => u.id)).toEqual(users.map((u) => u.id));
    expect(asked('/crm/v8/users').sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it(`MyOperator: after the first page, ${MYOPERATOR_PAGES_AHEAD} pages in flight; the users in page order, nothing past the end kept`, async () => {
    const users = Array.from({ length: 450 }, (_, i) => ({ uuid: `u${i}`, name: `P ${i}`, email: `p${i}@acme.in` }));
    answer = (req) => ({ status: 200, json: { status: 'success', code: 200, data: users.slice((page(req) - 1) * 100, page(req) * 100) } });
    gate = MYOPERATOR_PAGES_AHEAD;
    const client = new MyOperatorClient(new Http({ remote: 'MyOperator', ...FAST, retries: 0 }), server.url, 'mo-token-123456', {});
    const got = await client.listUsers();
    expect(got.map((u) => u.id)).toEqual(users.map((u) => u.uuid));
    // Page 5 is short but no next_page says it is the last, so the empty page 6 ends the listing; at
    // most MYOPERATOR_PAGES_AHEAD - 1 asked past it (dropped as it ends: some may never be sent).
    await requestsArrived();
    expect(asked('/user').filter((p) => p <= 6).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Math.max(...asked('/user'))).toBeLessThanOrEqual(6 + MYOPERATOR_PAGES_AHEAD - 1);
  });
  it('MyOperator: the pages asked for past the last one are dropped, not waited for (their answers would cost a round trip more)', async () => {
    const users = Array.from({ length: 300 }, (_, i) => ({ uuid: `u${i}`, name: `P ${i}`, email: `p${i}@acme.in` }));
    // Page 3 says it is the last, and is answered once the pages asked for past it have all arrived;
    // the server never answers those until the test ends.
    const never: Array<() => void> = [];
    let pastEndArrived = () => {};
    const page3 = new Promise<void>((go) => (pastEndArrived = go));
    answer = (req) => ({ status: 200, json: { status: 'success', code: 200, data: users.slice((page(req) - 1) * 100, page(req) * 100), next_page: page(req) < 3 ? page(req) + 1 : false } });
    const held = new EmulatorServer(async (req) => {
      if (page(req) > 3) {
        if (never.length === MYOPERATOR_PAGES_AHEAD - 2) pastEndArrived();
        await new Promise<void>((release) => never.push(release));
      }
      if (page(req) === 3) await page3;
      return answer(req);
    });
    await held.start();
    try {
      // No timeout ends the wait for them: a listing that waited for its pages past the end would never return.
      const client = new MyOperatorClient(new Http({ remote: 'MyOperator', ...FAST, retries: 0, timeoutMs: 600_000 }), held.url, 'mo-token-123456', {});
      const got = await client.listUsers();
      expect(got.map((u) => u.id)).toEqual(users.map((u) => u.uuid));
      // They were asked for (a few ahead), and listUsers returned with them unanswered.
      expect(held.log.filter((r) => /page=[4-9]/.test(r.query)).length).toBe(MYOPERATOR_PAGES_AHEAD - 1);
      expect(never.length).toBe(MYOPERATOR_PAGES_AHEAD - 1);
    } finally {
      for (const release of never) release();
      await held.close();
    }
  });
});

describe('readPagesAhead', () => {
  it('a page that fails fails the listing when its turn comes; one past the last page never does', async () => {
    const taken: number[] = [];
    await readPagesAhead({
      inFlight: () => 3,
      ask: async (p) => (p > 4 ? Promise.reject(new Error(`page ${p} past the end`)) : p),
      take: (p) => (taken.push(p), p < 4),
    });
    expect(taken).toEqual([1, 2, 3, 4]);

    const seen: number[] = [];
    const err = await rejection(
      readPagesAhead({
        inFlight: () => 3,
        ask: async (p) => (p === 3 ? Promise.reject(new Error('page 3 failed')) : p),
        take: (p) => (seen.push(p), true),
      }),
    );
    expect(err.message).toBe('page 3 failed');
    expect(seen).toEqual([1, 2]);
  });
});
