/**
 * Pagination that always ends, and reading what Zoho's users.json allows: the real clients against
 * a scripted server (port 0, closed here) that answers each page as a test says, tokens from the
 * Zoho emulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Http } from '../../src/clients/http.js';
import { MYOPERATOR_MAX_PAGES, MYOPERATOR_PAGES_AHEAD, MyOperatorClient } from '../../src/clients/myoperator.js';
import { ZOHO_MAX_PAGES, ZohoClient } from '../../src/clients/zoho.js';
import { RemoteError } from '../../src/errors.js';
import { EmulatorServer, type EmulatorRequest, type Reply } from '../../src/sandbox/server.js';
import { FAST, rejection, requestsArrived, startEmulators, zohoClients, type Emulators } from '../support/emulators.js';

let e: Emulators;
let answer: (req: EmulatorRequest) => Reply = () => ({ status: 500, json: {} });
const server = new EmulatorServer((req) => answer(req));
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
});

const zoho = (opts: { pagingBudgetMs?: number } = {}) =>
  new ZohoClient(new Http({ remote: 'Zoho', ...FAST, retries: 0 }), zohoClients(e).auth, 'crm', server.url, opts);
const mo = (opts: { pagingBudgetMs?: number } = {}) =>
  new MyOperatorClient(new Http({ remote: 'MyOperator', ...FAST, retries: 0 }), server.url, 'mo-token-123456', opts);
const page = (req: EmulatorRequest) => Number(req.query.get('page') ?? '1');
const zohoUsers = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: String(9000 + from + i), email: `u${from + i}@acme.in` }));
const listed = (path: string) => server.log.filter((r) => r.path === path).length;

/** A Zoho server: `users(page)` is the page's users and info; the count endpoint answers `count`. */
function zohoServer(users: (page: number) => { users: unknown[]; info?: unknown } | null, count: unknown = '0'): void {
  answer = (req) => {
    if (req.path === '/crm/v8/users/actions/count') return { status: 200, json: { count } };
    const body = users(page(req));
    return body ? { status: 200, json: body } : { status: 204, body: '' };
  };
}

describe('Zoho pagination always ends', () => {
  it('more_records true forever on the same page: exit 4 at page 2, naming both pages', async () => {
    zohoServer(() => ({ users: zohoUsers(0, 200), info: { per_page: 200, count: 200, page: 1, more_records: true } }), 'not a number');
    const err = await rejection(zoho().listUsers());
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe('Zoho sent users page 2 with the same users as users page 1: the user list cannot be trusted, so it was not read.');
    expect(listed('/crm/v8/users')).toBe(2);
  });

  it('an id that comes back on a later page: exit 4 naming the id and both pages', async () => {
    zohoServer((p) => (p <= 2 ? { users: [...zohoUsers(p * 1000, 199), { id: '77', email: 'x@acme.in' }], info: { more_records: true } } : null));
    const err = await rejection(zoho().listUsers());
    expect(err.message).toMatch(/^Zoho sent the user with id 77 on users page 1 and again on users page 2:/);
  });

  it('fresh users forever: stops at twice the pages its count implies', async () => {
    zohoServer((p) => ({ users: zohoUsers(p * 1000, 200), info: { more_records: true } }), '450');
    const err = await rejection(zoho().listUsers());
    expect(err.message).toBe(
      'Zoho still said more users were to come after 6 pages, more than it can hold: the user list cannot be trusted, so it was not read.',
    );
    expect(listed('/crm/v8/users')).toBe(6);
    expect(listed('/crm/v8/users/actions/count')).toBe(1);
  });

  it(`fresh users forever and no count: stops at ${ZOHO_MAX_PAGES} pages`, async () => {
    zohoServer((p) => ({ users: zohoUsers(p * 1000, 200), info: { more_records: true } }), null);
    const err = await rejection(zoho().listUsers());
    expect(err.message).toMatch(new RegExp(`^Zoho still said more users were to come after ${ZOHO_MAX_PAGES} pages`));
    expect(listed('/crm/v8/users')).toBe(ZOHO_MAX_PAGES);
  });

  it('fresh users forever and no count, on a slow server: stops when the paging budget is spent', async () => {
    zohoServer((p) => ({ users: zohoUsers(p * 1000, 200), info: { more_records: true } }), 'n/a');
    server.latencyMs = 20;
    try {
      const err = await rejection(zoho({ pagingBudgetMs: 150 }).listUsers());
      expect(err.message).toMatch(/^Zoho was still sending users pages after \d+ pages and 0\.15 s: the user list cannot be trusted/);
      expect(listed('/crm/v8/users')).toBeLessThan(ZOHO_MAX_PAGES);
    } finally {
      server.latencyMs = 0;
    }
  });

  it.each([
    ['null', { per_page: null, count: null, page: null, more_records: null }],
    ['missing', {}],
  ])('more_records %s: a full page asks for the next, a short page is the last', async (_n, info) => {
    zohoServer((p) => ({ users: zohoUsers(p * 1000, p === 1 ? 200 : 3), info }));
    const users = await zoho().listUsers();
    expect(users).toHaveLength(203);
    expect(listed('/crm/v8/users')).toBe(2);
  });

  it('more_records null with info.per_page smaller than asked: its per_page decides what is short', async () => {
    zohoServer((p) => (p <= 2 ? { users: zohoUsers(p * 1000, 50), info: { per_page: 50, more_records: null } } : null), '100');
    expect(await zoho().listUsers()).toHaveLength(100);
    expect(listed('/crm/v8/users')).toBe(3);
  });

  it('never sends type=AllUsers (not in users.json): the default is all users', async () => {
    zohoServer(() => ({ users: zohoUsers(0, 1), info: { more_records: false } }));
    await zoho().listUsers();
    await zoho().countUsers();
    expect(server.log.map((r) => r.query).join(' ')).not.toMatch(/type=/);
  });
});

describe('ids kept exactly', () => {
  it('a Zoho page whose user id came as a number past 2^53 is refused (exit 4), not read rounded into another id', async () => {
    answer = () => ({ status: 200, body: '{"users":[{"id":4815900000000107919,"email":"a@acme.in"}],"info":{"more_records":false}}' });
    const err = await rejection(zoho().listUsers());
    expect(err.exitCode).toBe(4);
    expect(err.message).toMatch(/users\[0\]\.id: a number too large \(or not whole\) to be read exactly/);
  });
});

describe('PhoneBridge pagination always ends', () => {
  const pbUsers = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ zohouser: String(700 + from + i), email: `u${from + i}@acme.in` }));

  it('a full page forever: exit 4 at page 2, naming both pages', async () => {
    answer = () => ({ status: 200, json: { users: pbUsers(0, 1000), paging: { perPage: 1000, page: 1 } } });
    const err = await rejection(zoho().phoneBridgeUsers());
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe(
      'Zoho sent PhoneBridge users page 2 with the same users as PhoneBridge users page 1: the user list cannot be trusted, so it was not read.',
    );
  });

  it('fresh full pages forever: stops at 100 pages', async () => {
    answer = (req) => ({ status: 200, json: { users: pbUsers(page(req) * 1000, 1000) } });
    const err = await rejection(zoho().phoneBridgeUsers());
    expect(err.message).toMatch(/^Zoho still said more users were to come after 100 pages/);
    expect(listed('/phonebridge/v3/users')).toBe(100);
  });
});

describe('Zoho users as users.json allows them', () => {
  it('reads users whose optional fields are null or missing', async () => {
    zohoServer(() => ({
      users: [
        { id: '1', email: 'a@acme.in', zuid: null, full_name: null, status: null, confirm: null },
        { id: '2', first_name: 'Ravi', last_name: null },
      ],
      info: { more_records: null },
    }));
    const users = await zoho().listUsers();
    expect(users.map((u) => [u.id, u.email, u.name, u.zuid, u.active])).toEqual([
      ['1', 'a@acme.in', '', null, true],
      ['2', '', 'Ravi', null, true],
    ]);
  });

  it.each([
    ['missing', { email: 'b@acme.in' }, 'Zoho sent user 2 on users page 1 (b@acme.in) without an id (the field is missing)'],
    ['null', { id: null, full_name: 'Bea' }, 'Zoho sent user 2 on users page 1 (Bea) without an id (the field is null)'],
  ])('a user whose id is %s fails the read with exit 4, naming the user and page', async (_n, bad, sentence) => {
    zohoServer(() => ({ users: [{ id: '1', email: 'a@acme.in' }, bad], info: { more_records: false } }));
    const err = await rejection(zoho().listUsers());
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe(`${sentence}: a user without an id cannot be mapped or tracked, so the list was not read.`);
  });

  it('a user with neither e-mail nor name fails the read, saying which fields are missing and which null', async () => {
    zohoServer((p) =>
      p === 1
        ? { users: zohoUsers(0, 200), info: { more_records: true } }
        : { users: [{ id: '5', full_name: null, last_name: '' }], info: { more_records: false } },
    );
    const err = await rejection(zoho().listUsers());
    expect(err.message).toBe(
      'Zoho sent user 1 on users page 2 (id 5) with neither an e-mail nor a name (email missing, full_name null, first_name missing, last_name empty): nobody could tell who it is, so the list was not read.',
    );
  });

  it.each([
    ['a string, as users.json types it', '42', 42],
    ['a number, as the examples show', 42, 42],
    ['not a number', 'many', undefined],
    ['an empty string', '', undefined],
  ])('the user count as %s', async (_n, count, expected) => {
    zohoServer(() => null, count);
    expect(await zoho().countUsers()).toBe(expected);
  });

  it('a count answered with JSON of the wrong shape names the request: it was "Zoho sent the user count of an unexpected shape"', async () => {
    answer = () => ({ status: 200, json: ['42'] });
    const err = await rejection(zoho().countUsers());
    expect(err.message).toMatch(/^Zoho answered the request for the user count with a body of an unexpected shape: .+\.$/);
  });

  it('a count answered with an InternalError body and HTTP 200 (users.json allows it) is a remote error with its message', async () => {
    answer = () => ({ status: 200, json: { code: 'INTERNAL_SERVER_ERROR', details: {}, message: 'Internal Server Error', status: 'error' } });
    const err = await rejection(zoho().countUsers());
    expect(err.message).toBe('Zoho answered /crm/v8/users/actions/count with HTTP 200: INTERNAL_SERVER_ERROR "Internal Server Error".');
  });

  it('a 500 with the InternalError body users.json lists: its code and message are in the sentence', async () => {
    answer = () => ({ status: 500, json: { code: 'INTERNAL_SERVER_ERROR', details: {}, message: 'Internal Server Error', status: 'error' } });
    const err = await rejection(zoho().listUsers());
    expect(err.exitCode).toBe(4);
    expect(err.message).toMatch(
      /^Zoho answered GET http:\/\/127\.0\.0\.1:\d+\/crm\/v8\/users with HTTP 500: INTERNAL_SERVER_ERROR "Internal Server Error"\.$/,
    );
  });

  it("an error body's code, message and details are in the sentence, control characters made visible", async () => {
    answer = () => ({
      status: 400,
      json: { code: 'INVALID_DATA', details: { api_name: 'per_page', expected_data_type: 'integer' }, message: 'invalid\u001b[31m data', status: 'error' },
    });
    const err = await rejection(zoho().listUsers());
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe(
      'Zoho answered /crm/v8/users with HTTP 400: INVALID_DATA "invalid<U+001B>[31m data" (api_name: per_page, expected_data_type: integer).',
    );
  });
});

describe('MyOperator pagination always ends', () => {
  const moUsers = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({ uuid: `u${from + i}`, name: `P ${from + i}`, email: `p${from + i}@acme.in` }));
  const moServer = (data: (page: number) => unknown[], next: (page: number) => unknown) => {
    answer = (req) => {
      const body: Record<string, unknown> = { status: 'success', code: 200, data: data(page(req)) };
      const n = next(page(req));
      if (n !== undefined) body.next_page = n;
      return { status: 200, json: body };
    };
  };

  it('a truthy next_page on the same full page forever: exit 4 at page 2', async () => {
    moServer(
      () => moUsers(0, 100),
      () => true,
    );
    const err = await rejection(mo().listUsers());
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe('MyOperator sent users page 2 with the same users as users page 1: the user list cannot be trusted, so it was not read.');
  });

  it(`fresh full pages forever: stops with exit 4 at ${MYOPERATOR_MAX_PAGES} pages, never silently`, async () => {
    moServer(
      (p) => moUsers(p * 1000, 100),
      (p) => p + 1,
    );
    const err = await rejection(mo().listUsers());
    expect(err.exitCode).toBe(4);
    expect(err.message).toMatch(new RegExp(`^MyOperator still said more users were to come after ${MYOPERATOR_MAX_PAGES} pages`));
    expect(listed('/user')).toBe(MYOPERATOR_MAX_PAGES);
  });

  it('fresh full pages forever on a slow server: stops when the paging budget is spent', async () => {
    moServer(
      (p) => moUsers(p * 1000, 100),
      (p) => p + 1,
    );
    server.latencyMs = 20;
    try {
      const err = await rejection(mo({ pagingBudgetMs: 150 }).listUsers());
      expect(err.message).toMatch(/^MyOperator was still sending users pages after \d+ pages and 0\.15 s/);
    } finally {
      server.latencyMs = 0;
    }
  });

  it.each([
    ['null', null],
    ['missing', undefined],
  ])('next_page %s on every page: read until an empty page, a short one included', async (_n, next) => {
    moServer(
      (p) => (p === 1 ? moUsers(1000, 100) : p === 2 ? moUsers(2000, 7) : []),
      () => next,
    );
    expect(await mo().listUsers()).toHaveLength(107);
    // The first page alone, then MYOPERATOR_PAGES_AHEAD at once (pages 2 to 5), page 6 once page 2 is
    // read; the empty page 3 ends it, and those past it are dropped (some perhaps before they were sent).
    await requestsArrived();
    const pages = server.log.filter((r) => r.path === '/user').map((r) => Number(/page=(\d+)/.exec(r.query)?.[1]));
    expect(pages.filter((p) => p <= 3).sort()).toEqual([1, 2, 3]);
    expect(Math.max(...pages)).toBeLessThanOrEqual(2 + MYOPERATOR_PAGES_AHEAD);
  });

  it('a user without a uuid fails the read with exit 4, naming the user, the page and null', async () => {
    moServer(
      () => [...moUsers(0, 2), { uuid: null, name: 'Asha', extension: '12' }],
      () => false,
    );
    const err = await rejection(mo().listUsers());
    expect(err.message).toBe(
      'MyOperator sent user 3 on users page 1 (Asha) without a uuid (the field is null): a user without an id cannot be mapped or tracked, so the list was not read.',
    );
  });

  it("an HTTP error's message is in the sentence, the token redacted", async () => {
    // Quoted whole, its own full stop inside the quotes, as errorBodyText quotes every body's reason
    // (it was bare, its full stop dropped: "…page-size=100.").
    answer = (req) => ({ status: 400, json: { message: `bad page-size for ${req.url}.` } });
    const err = await rejection(mo().listUsers());
    expect(err.message).toMatch(/^MyOperator answered users page 1 with HTTP 400: "bad page-size for \/user\?token=<redacted>&page=1&page-size=100\."\.$/);
    expect(err.message).not.toContain('mo-token-123456');
  });
});
