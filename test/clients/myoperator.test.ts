import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AuthError, RemoteError } from '../../src/errors.js';
import { Http } from '../../src/clients/http.js';
import { MYOPERATOR_PAGES_AHEAD, MyOperatorClient } from '../../src/clients/myoperator.js';
import type { DemoMyOperatorUser } from '../../src/sandbox/demo-company.js';
import { FAST, moClient, rejection, requestsArrived, startEmulators, expectEveryFaultTaken, type Emulators } from '../support/emulators.js';

let e: Emulators;
let demo: DemoMyOperatorUser[];
beforeAll(async () => {
  e = await startEmulators();
  demo = e.mo.users;
});
afterAll(() => e.close());
afterEach(() => expectEveryFaultTaken(e));
beforeEach(() => {
  e.mo.server.clearFaults();
  e.mo.users = demo;
  e.mo.nextPageStyle = 'truthy';
  e.mo.errorHttpStatus = 200;
  e.mo.typeDrift = false;
  e.mo.rateLimit = { max: Infinity, windowMs: 60_000 };
});

const many = (n: number): DemoMyOperatorUser[] =>
  Array.from({ length: n }, (_, i) => ({ ...demo[0]!, uuid: `u${i}`, email: `p${i}@acme.in`, extension: String(100 + i) }));

describe('MyOperator users', () => {
  it.each(['truthy', 'number', 'absent', 'null', 'false'] as const)('pages with page-size 100 until the last page (next_page %s)', async (style) => {
    e.mo.users = many(250);
    e.mo.nextPageStyle = style;
    const before = e.mo.server.log.length;
    const users = await moClient(e).listUsers();
    expect(users.map((u) => u.id)).toEqual(e.mo.users.map((u) => u.uuid));
    // Page 1 alone, then MYOPERATOR_PAGES_AHEAD in flight: up to page 3 + 3, the three past the end
    // dropped (those dropped before they were sent never reach the server). Where the last page says
    // nothing (null, absent), the listing reads on to the empty page 4: one page more.
    await requestsArrived();
    const asked = e.mo.server.log.slice(before).filter((r) => r.path === '/user');
    const last = style === 'absent' || style === 'null' ? 4 : 3;
    const pages = asked.map((r) => Number(/page=(\d+)&page-size=100/.exec(r.query)?.[1])).sort((a, b) => a - b);
    expect(pages.filter((p) => p <= last)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(new Set(pages).size).toBe(pages.length);
    expect(Math.max(...pages)).toBeLessThanOrEqual(last + MYOPERATOR_PAGES_AHEAD - 1);
  });

  it.each([
    ['some pages', ['2', null, null, null]],
    ['the first page only', [true, undefined, undefined, undefined]],
  ])('next_page said on %s, then nothing: full pages without a word are read on, never taken for the last', async (_n, says) => {
    e.mo.users = many(250);
    const pages = [0, 100, 200, 250].map((from, i) => {
      const body: Record<string, unknown> = { status: 'success', code: 200, data: e.mo.users.slice(from, from + 100) };
      if (says[i] !== undefined) body.next_page = says[i];
      return body;
    });
    for (const p of pages) e.mo.server.fault('/user', { kind: 'body', body: JSON.stringify(p) }, 1);
    expect(await moClient(e).listUsers()).toHaveLength(250);
  });

  it('a later page repeating the one before (page 3 = page 2) is a paging fault, exit 4, not the end of the list', async () => {
    e.mo.users = many(250);
    const body = (from: number) => JSON.stringify({ status: 'success', code: 200, data: e.mo.users.slice(from, from + 100) });
    for (const from of [0, 100, 100, 200]) e.mo.server.fault('/user', { kind: 'body', body: body(from) }, 1);
    const err = await rejection(moClient(e).listUsers());
    expect(err.exitCode).toBe(4);
    expect(err.message).toMatch(/users page 3 with the same users as users page 2/);
  });

  it('a server that ignores page (and never says next_page) answers page 2 with page 1: that is its whole list', async () => {
    e.mo.users = many(5);
    const page = JSON.stringify({ status: 'success', code: 200, data: e.mo.users });
    e.mo.server.fault('/user', { kind: 'body', body: page }, 5);
    expect((await moClient(e).listUsers()).map((u) => u.id)).toEqual(e.mo.users.map((u) => u.uuid));
  });

  it.each(['truthy', 'number', 'absent', 'null', 'false'] as const)(
    'a server whose pages hold fewer users than asked is read to the end, not taken as done after one short page (next_page %s)',
    async (style) => {
      e.mo.users = many(250);
      e.mo.nextPageStyle = style;
      e.mo.userMaxPageSize = 40;
      try {
        expect((await moClient(e).listUsers()).map((u) => u.id)).toEqual(e.mo.users.map((u) => u.uuid));
      } finally {
        e.mo.userMaxPageSize = 100;
      }
    },
  );

  it('stops on an empty page when the count is a multiple of the page size', async () => {
    e.mo.users = many(200);
    e.mo.nextPageStyle = 'absent';
    expect(await moClient(e).listUsers()).toHaveLength(200);
  });

  it('keeps users with an empty e-mail, and reads is_enabled "0" as inactive', async () => {
    const users = await moClient(e).listUsers();
    expect(users.filter((u) => u.email === '')).toHaveLength(2);
    expect(users.find((u) => u.email === 'lakshmi.menon@acmetraders.in')!.active).toBe(false);
  });

  it('accepts type drift: numbers for strings, null e-mails', async () => {
    e.mo.typeDrift = true;
    const users = await moClient(e).listUsers();
    expect(users[0]!.extension).toBe('11');
    expect(users.filter((u) => u.email === '')).toHaveLength(2);
  });

  it.each([200, 400, 401] as const)('a rejected token (HTTP %s, status "error") is an AuthError whose message carries no token', async (status) => {
    e.mo.errorHttpStatus = status;
    const bad = 'mo_wrong_token_0123456789';
    const err = await rejection(moClient(e, bad).listUsers());
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/MyOperator rejected the API token: Invalid token/);
    expect(err.message).toContain('token=<redacted>');
    expect(err.message).not.toContain(bad);
  });

  it('status "error" that is not about the token is a RemoteError, one sentence with one full stop', async () => {
    e.mo.server.fault('/user', { kind: 'body', body: JSON.stringify({ status: 'error', code: 500, message: 'Service temporarily unavailable.' }) }, 1);
    const err = await rejection(moClient(e).listUsers());
    expect(err).toBeInstanceOf(RemoteError);
    // MyOperator's own full stop went inside ours: "…unavailable. (code 500).".
    expect(err.message).toBe('MyOperator answered users page 1 with an error: Service temporarily unavailable (code 500).');
  });

  // A 4xx without MyOperator's envelope quoted only `message`, bare ("with HTTP 404: User not found."),
  // dropping code and details, where the e-mail change quotes all three (errorBodyText).
  it("a 4xx users page without MyOperator's envelope quotes the body's code, message and details, as the e-mail change does", async () => {
    const answer = async (status: number, body: string) => {
      e.mo.server.fault('/user', { kind: 'status', status, body }, 1, 'GET');
      return (await rejection(moClient(e).listUsers())).message;
    };
    expect(await answer(404, JSON.stringify({ message: 'User not found' }))).toBe('MyOperator answered users page 1 with HTTP 404: "User not found".');
    expect(await answer(422, JSON.stringify({ code: 'E_PAGE', message: 'Invalid page\u001b[2J', details: { field: 'page' } }))).toBe(
      'MyOperator answered users page 1 with HTTP 422: E_PAGE "Invalid page<U+001B>[2J" (field: page).',
    );
    // A body that says nothing of its own: the status alone.
    expect(await answer(404, JSON.stringify({}))).toBe('MyOperator answered users page 1 with HTTP 404.');
  });

  it('a rate limit answers 429 with Retry-After, and the client waits and goes on', async () => {
    e.mo.users = many(150);
    e.mo.rateLimit = { max: 1, windowMs: 1000 };
    const t0 = Date.now();
    const users = await moClient(e, e.mo.token, { maxTotalMs: 5000 }).listUsers();
    expect(users).toHaveLength(150);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it('a Retry-After longer than a run waits is not waited for: the sentence says how long MyOperator asked, and when to come back', async () => {
    e.mo.users = many(150);
    e.mo.rateLimit = { max: 1, windowMs: 60_000 };
    e.mo.resetRateWindow();
    const t0 = Date.now();
    const said: string[] = [];
    const err = await rejection(moClient(e, e.mo.token, { maxRetryAfterMs: 1000, notice: (l) => said.push(l) }).listUsers());
    expect(Date.now() - t0).toBeLessThan(5000);
    // Not waited for, so never announced as "waiting"
    expect(said.filter((l) => /waiting/.test(l))).toEqual([]);
    // It was "MyOperator kept refusing with HTTP 429 … after 1 attempt; …": one refusal, worded as repeated.
    expect(err.message).toMatch(/^MyOperator refused GET .*\/user with HTTP 429 \(too many requests\) and asked to wait (59|60) s, longer than phonebridge-sync waits \(1 s\)\.$/);
    // The clock alone when that is today (UTC); just before midnight, the date comes with it.
    expect(err.hint).toMatch(/^Run again after (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC;/);
  });

  it('a wait under a second that a run allows is said in ms: "asked to wait 1 s, longer than phonebridge-sync waits (1 s)" contradicted itself', async () => {
    e.mo.server.fault('/user', { kind: 'status', status: 429, retryAfter: '1' }, 1);
    const err = await rejection(moClient(e, e.mo.token, { maxRetryAfterMs: 500 }).listUsers());
    expect(err.message).toMatch(/^MyOperator refused GET \S+\/user with HTTP 429 \(too many requests\) and asked to wait 1 s, longer than phonebridge-sync waits \(500 ms\)\.$/);
  });

  it('a Retry-After of more than a day names the date too, not a clock time that reads as today', async () => {
    e.mo.server.fault('/user', { kind: 'status', status: 429, retryAfter: '90000' }, 1);
    const err = await rejection(moClient(e, e.mo.token, { maxRetryAfterMs: 1000 }).listUsers());
    const when = new Date(Date.now() + 90_000_000).toISOString();
    expect(err.hint).toMatch(new RegExp(`^Run again after ${when.slice(0, 10)} \\d\\d:\\d\\d UTC;`));
  });

  it('an unreadable Retry-After ("soon") is retried with backoff, as if none was sent', async () => {
    e.mo.server.fault('/user', { kind: 'status', status: 503, retryAfter: 'soon' }, 1);
    expect(await moClient(e).listUsers()).toHaveLength(e.mo.users.length);
  });

  it('a 503 whose Retry-After is longer than a run waits says how long it asked', async () => {
    e.mo.server.fault('/user', { kind: 'status', status: 503, retryAfter: '200' }, Infinity);
    const err = await rejection(moClient(e).listUsers());
    // It was "MyOperator kept failing with HTTP 503 for GET …, after 1 attempt: …; it asked to wait 200 s, longer than a run waits (90 s).": one answer, worded as repeated.
    expect(err.message).toMatch(/^MyOperator answered GET \S+\/user with HTTP 503: 503 "injected fault", and asked to wait 200 s, longer than phonebridge-sync waits \(90 s\)\.$/);
  });

  it('a 429 not tried again (no retries allowed) is one refusal, not "kept refusing … after 1 attempt"', async () => {
    e.mo.server.fault('/user', { kind: 'status', status: 429 }, 1);
    const err = await rejection(moClient(e, e.mo.token, { retries: 0 }).listUsers());
    expect(err.message).toMatch(/^MyOperator refused GET \S+\/user with HTTP 429 \(too many requests\)\.$/);
  });

  it('once rate-limited, a listing asks one page at a time (no request past the end), and says each wait it was asked for', async () => {
    e.mo.users = many(650); // 7 pages, the last short
    e.mo.rateLimit = { max: 3, windowMs: 1000 };
    e.mo.resetRateWindow();
    const said: string[] = [];
    const before = e.mo.server.log.length;
    const users = await moClient(e, e.mo.token, { maxTotalMs: 20_000, notice: (l) => said.push(l) }).listUsers();
    expect(users).toHaveLength(650);
    const pages = e.mo.server.log.slice(before).map((r) => Number(/page=(\d+)/.exec(r.query)?.[1]));
    // Pages 2 to 5 were in flight when the first 429 came; after it, none past page 7 was asked.
    expect(Math.max(...pages)).toBe(7);
    expect(said.length).toBeGreaterThan(0);
    expect(said[0]).toMatch(/^MyOperator asked to wait 1 s before GET .*\/user \(HTTP 429\); waiting\.$/);
  });

  it('an unreachable MyOperator is exit 4 whose hint does not send the user to --dc, a Zoho-only option', async () => {
    const err = await rejection(new MyOperatorClient(new Http({ remote: 'MyOperator', ...FAST, retries: 0 }), 'http://127.0.0.1:1', e.mo.token).listUsers());
    expect(err.message).toMatch(/^Cannot reach MyOperator \(GET http:\/\/127\.0\.0\.1:1\/user\): the connection was refused, after 1 attempt\.$/);
    expect(err.hint).toBe('Check the network or a proxy; run with --verbose to see each attempt.');
  });

  it('an HTML error page and a truncated body are bad responses', async () => {
    e.mo.server.fault('/user', { kind: 'body', body: '<!DOCTYPE html><p>Gateway</p>' }, 1);
    expect((await rejection(moClient(e).listUsers())).message).toMatch(/HTML page/);
    e.mo.server.fault('/user', { kind: 'truncated' }, 1);
    expect((await rejection(moClient(e).listUsers())).message).toMatch(/cut short/);
  });

  it('5xx and resets are retried', async () => {
    e.mo.server.fault('/user', { kind: 'status', status: 503 }, 1);
    e.mo.server.fault('/user', { kind: 'reset' }, 1);
    expect(await moClient(e).listUsers()).toHaveLength(demo.length);
  });
});

describe('MyOperator e-mail changes and call logs', () => {
  beforeEach(() => {
    e.mo.emailUpdate = 'accept';
    e.mo.searchMaxPageSize = 100;
    e.mo.calls = Array.from({ length: 250 }, (_, i) => ({
      id: `c${i}`,
      caller_number: '+919800000000',
      caller_number_raw: '9800000000',
      start_time: 1_700_000_000 + i,
      end_time: 1_700_000_100 + i,
      duration: '00:01:40',
      event: '1' as const,
      status: '1' as const,
      department_name: 'Sales',
      log_details: [{ action: 'received' as const, _ds: 'ANSWER', duration: '00:01:40', start_time: '0', received_by: [{ name: 'Asha', extension: '11' }] }],
    }));
  });
  const read = async (client = moClient(e)) => {
    let calls = 0;
    for await (const page of client.callLogs(1_600_000_000, 1_800_000_000)) calls += page.length;
    return calls;
  };

  it.each(['query', 'body', 'either'] as const)(
    'reads the call log whether MyOperator takes the search parameters from the query string or the JSON body (reading %s)',
    async (from) => {
      e.mo.searchParamsFrom = from;
      try {
        expect(await read()).toBe(250);
      } finally {
        e.mo.searchParamsFrom = 'query';
      }
    },
  );

  // The users page and call logs schemas took only "success", where updateEmail takes any case: a page
  // answered "Success" stopped the whole read ("… with a body of an unexpected shape: status: expected "success"").
  it.each(['Success', 'SUCCESS'] as const)('a users page answered with status "%s" is read, as "success" is', async (word) => {
    e.mo.users = many(150);
    e.mo.listSuccessWord = word;
    try {
      expect((await moClient(e).listUsers()).map((u) => u.id)).toEqual(e.mo.users.map((u) => u.uuid));
    } finally {
      e.mo.listSuccessWord = 'success';
    }
  });

  it.each(['Success', 'SUCCESS'] as const)('a call logs page answered with status "%s" is read, as "success" is', async (word) => {
    e.mo.searchSuccessWord = word;
    try {
      expect(await read()).toBe(250);
    } finally {
      e.mo.searchSuccessWord = 'success';
    }
  });

  it('reads every call a total announces, even when the server sends pages shorter than asked', async () => {
    e.mo.searchMaxPageSize = 20;
    const before = e.mo.server.count('POST', '/search');
    expect(await read()).toBe(250);
    expect(e.mo.server.count('POST', '/search') - before).toBe(13);
  });

  it.each([
    ['{value, relation: "eq"}', { value: 250, relation: 'eq' }],
    ['{value, relation: "gte"} (a lower bound: unknown)', { value: 10, relation: 'gte' }],
    ['something else (unknown)', { count: 'many' }],
  ])('a total given as %s still reads every call', async (_n, total) => {
    const pages = [0, 100, 200].map((from) => ({ status: 'success', code: 200, data: { total, hits: e.mo.calls.slice(from, from + 100).map((c) => ({ _id: c.id, _source: c })) } }));
    for (const p of pages) e.mo.server.fault('/search', { kind: 'body', body: JSON.stringify(p) }, 1);
    expect(await read()).toBe(250);
  });

  // A call logs page refused with a 4xx and no error envelope said the status alone ("… with an error: HTTP 404."),
  // though the body said why ({"message":"Search not enabled"}): the users page and the e-mail change quote it.
  it("a 4xx call logs page without MyOperator's envelope quotes the body's code, message and details, as the users page does", async () => {
    const answer = async (status: number, body: string) => {
      e.mo.server.fault('/search', { kind: 'status', status, body }, 1);
      const err = await rejection(read());
      expect(err).toBeInstanceOf(RemoteError);
      return err.message;
    };
    expect(await answer(404, JSON.stringify({ message: 'Search not enabled' }))).toBe('MyOperator answered call logs page 1 with an error: HTTP 404: "Search not enabled".');
    expect(await answer(422, JSON.stringify({ code: 'E_RANGE', message: 'Bad range\u001b[2J', details: { field: 'from' } }))).toBe(
      'MyOperator answered call logs page 1 with an error: HTTP 422: E_RANGE "Bad range<U+001B>[2J" (field: from).',
    );
    // A body that says nothing of its own: the status alone, as before.
    expect(await answer(404, JSON.stringify({}))).toBe('MyOperator answered call logs page 1 with an error: HTTP 404.');
  });

  it('a log that ends before its announced total is an error, not a quietly short audit', async () => {
    const page = { status: 'success', code: 200, data: { total: 500, hits: [] } };
    const first = { status: 'success', code: 200, data: { total: 500, hits: e.mo.calls.slice(0, 100).map((c) => ({ _id: c.id, _source: c })) } };
    e.mo.server.fault('/search', { kind: 'body', body: JSON.stringify(first) }, 1);
    e.mo.server.fault('/search', { kind: 'body', body: JSON.stringify(page) }, 1);
    const err = await rejection(read());
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.message).toMatch(/announced 500 calls but sent none after the first 100/);
  });

  it('a server that never ends stops within the paging budget, even with a huge announced total', async () => {
    let n = 0;
    const endless = () => ({
      status: 'success',
      code: 200,
      data: { total: 1e12, hits: e.mo.calls.slice(0, 100).map((c) => ({ _id: `${c.id}-${n}`, _source: { ...c, start_time: n++ } })) },
    });
    for (let i = 0; i < 400; i++) e.mo.server.fault('/search', { kind: 'body', body: JSON.stringify(endless()) }, 1);
    const client = new (await import('../../src/clients/myoperator.js')).MyOperatorClient(
      new (await import('../../src/clients/http.js')).Http({ remote: 'MyOperator', retries: 0 }),
      e.mo.url,
      e.mo.token,
      { pagingBudgetMs: 300 },
    );
    const err = await rejection(read(client));
    expect(err.message).toMatch(/MyOperator was still sending call log pages after \d+ pages/);
    // A supply of 400 distinct pages: the budget stops the client well before the last is taken.
    e.mo.server.clearFaults({ untakenAllowed: true });
  });

  it('a refused e-mail change is an answer with its message, even when the message speaks of authorisation; only 401/403 is a bad token', async () => {
    const uuid = e.mo.users[1]!.uuid;
    e.mo.server.fault(
      '/user',
      { kind: 'body', body: JSON.stringify({ status: 'error', code: 400, message: 'You are not authorized to update email' }) },
      1,
      'PUT',
    );
    expect(await moClient(e).updateEmail(uuid, 'x@acme.in')).toEqual({ accepted: false, message: 'You are not authorized to update email (code 400)' });
    e.mo.server.fault('/user', { kind: 'status', status: 401, body: JSON.stringify({ status: 'error', code: 401, message: 'Invalid token' }) }, 1, 'PUT');
    expect(await rejection(moClient(e).updateEmail(uuid, 'x@acme.in'))).toBeInstanceOf(AuthError);
    // The envelope's code is 401 or 403 whole, not a code that contains the digits.
    e.mo.server.fault('/user', { kind: 'body', body: JSON.stringify({ status: 'error', code: 14013, message: 'email already exists' }) }, 1, 'PUT');
    expect(await moClient(e).updateEmail(uuid, 'x@acme.in')).toEqual({ accepted: false, message: 'email already exists (code 14013)' });
    e.mo.server.fault('/user', { kind: 'body', body: JSON.stringify({ status: 'error', code: '403', message: 'Forbidden' }) }, 1, 'PUT');
    expect(await rejection(moClient(e).updateEmail(uuid, 'x@acme.in'))).toBeInstanceOf(AuthError);
  });

  it('a whole answer that is not the success envelope is a refusal: a status word of its own; a 4xx HTML page is a proxy\'s or a firewall\'s, not the token, named as fix\'s other sentences name it', async () => {
    const uuid = e.mo.users[1]!.uuid;
    e.mo.server.fault('/user', { kind: 'body', body: JSON.stringify({ status: 'failed', message: 'duplicate' }) }, 1, 'PUT');
    expect(await moClient(e).updateEmail(uuid, 'x@acme.in')).toEqual({ accepted: false, message: 'status "failed": duplicate' });
    // MyOperator answers in JSON. A 400 page was "not applied" (set it by hand), a 401 or 403 page a rejected token (exit 3, log in again).
    for (const status of [400, 401, 403] as const) {
      e.mo.server.fault('/user', { kind: 'status', status, body: '<!DOCTYPE html><html><body>Request blocked</body></html>' }, 1, 'PUT');
      const err = await rejection(moClient(e).updateEmail(uuid, 'x@acme.in', undefined, 'MyOperator user Anil Mehta (ext 15)'));
      expect(err).toBeInstanceOf(RemoteError);
      // It was "… the e-mail change of user s5f3a6c0f9b26: …", a uuid where fix's other sentences name the user.
      expect({ kind: (err as RemoteError).kind, code: err.exitCode, message: err.message }).toEqual({
        kind: 'proxy',
        code: 4,
        message: `A proxy or firewall between here and MyOperator refused the e-mail change of MyOperator user Anil Mehta (ext 15): PUT /user was answered with HTTP ${status} and an HTML page, not MyOperator's JSON.`,
      });
    }
  });

  // The client let any letter case of the word through, the schema after it only "success": a
  // change MyOperator applied was a bad answer, a request that failed.
  it.each(['Success', 'SUCCESS'] as const)('an e-mail change answered with status "%s" is accepted, as "success" is', async (word) => {
    const user = e.mo.users[1]!;
    const before = user.email;
    e.mo.updateSuccessWord = word;
    try {
      expect(await moClient(e).updateEmail(user.uuid, 'x@acme.in')).toEqual({ accepted: true });
      expect(user.email).toBe('x@acme.in');
    } finally {
      e.mo.updateSuccessWord = 'success';
      user.email = before;
    }
  });

  // A 4xx without MyOperator's envelope was "HTTP 404" alone: the reason its body gave was lost, as the
  // users page's error keeps it.
  it("a 4xx e-mail change answer without MyOperator's envelope is a refusal quoting the body's code, message and details", async () => {
    const uuid = e.mo.users[1]!.uuid;
    const answer = async (status: number, body: string) => {
      e.mo.server.fault('/user', { kind: 'status', status, body }, 1, 'PUT');
      return moClient(e).updateEmail(uuid, 'x@acme.in');
    };
    expect(await answer(404, JSON.stringify({ message: 'User not found' }))).toEqual({ accepted: false, message: 'HTTP 404: "User not found"' });
    expect(await answer(422, JSON.stringify({ code: 'E_EMAIL', message: 'Invalid email\u001b[2J', details: { field: 'email' } }))).toEqual({
      accepted: false,
      message: 'HTTP 422: E_EMAIL "Invalid email<U+001B>[2J" (field: email)',
    });
    // A gateway that echoes the request: the token it quotes is not passed on.
    const echoed = await answer(404, JSON.stringify({ message: `No such user (PUT /user?token=${e.mo.token})` }));
    expect(echoed.accepted === false && echoed.message).toMatch(/^HTTP 404: "No such user \(PUT \/user\?token=.+\)"$/);
    expect(JSON.stringify(echoed)).not.toContain(e.mo.token);
    // A body that says nothing of its own: the status alone, as before.
    expect(await answer(404, JSON.stringify({}))).toEqual({ accepted: false, message: 'HTTP 404' });
    expect(await answer(409, 'Conflict')).toEqual({ accepted: false, message: 'HTTP 409' });
  });

  it('a listing refused with a code that merely contains 401 is a remote error, not a rejected token', async () => {
    e.mo.server.fault('/user', { kind: 'body', body: JSON.stringify({ status: 'error', code: 2401, message: 'Service temporarily unavailable' }) }, 1, 'GET');
    const err = await rejection(moClient(e).listUsers());
    expect(err).not.toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/Service temporarily unavailable/);
  });
});
