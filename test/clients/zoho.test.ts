import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AuthError, RemoteError } from '../../src/errors.js';
import { ZohoAuth } from '../../src/clients/zoho-auth.js';
// A namespace, not a named import: a name the module lacks is then undefined in that test alone.
import * as zohoClient from '../../src/clients/zoho.js';
import { Http } from '../../src/clients/http.js';
import { FULL_SCOPES } from '../../src/sandbox/zoho-emulator.js';
import type { DemoZohoUser } from '../../src/sandbox/demo-company.js';
import { CLIENT_ID, CLIENT_SECRET, FAST, memoryCache, rejection, startEmulators, expectEveryFaultTaken, zohoClients, type Emulators } from '../support/emulators.js';

let e: Emulators;
beforeAll(async () => {
  e = await startEmulators();
});
afterAll(() => e.close());
afterEach(() => expectEveryFaultTaken(e));
beforeEach(() => {
  e.zoho.server.clearFaults();
  e.zoho.clockOffsetMs = 0;
  e.zoho.rejectAllClients = false;
  e.zoho.invalidTokenCode = 'INVALID_TOKEN';
  e.zoho.phoneBridge = 'ok';
});

/** `n` users like the demo company's first, each with its own id, zuid and e-mail, of the status given. */
function manyUsers(n: number, status: (i: number) => DemoZohoUser['status']): DemoZohoUser[] {
  const [first] = e.zoho.users;
  return Array.from({ length: n }, (_, i) => ({ ...first!, id: String(4815900000001000000n + BigInt(i)), zuid: String(70000000 + i), email: `u${i}@acme.in`, status: status(i) }));
}

describe('users', () => {
  it('pages through /crm/v8/users until more_records is false, inactive users included', async () => {
    const saved = e.zoho.users;
    e.zoho.users = manyUsers(450, (i) => (i % 50 === 0 ? 'disabled' : 'active'));
    try {
      const before = e.zoho.server.count('GET', '/crm/v8/users');
      const users = await zohoClients(e).client.listUsers();
      expect(users).toHaveLength(450);
      expect(users.filter((u) => !u.active)).toHaveLength(9);
      expect(e.zoho.server.count('GET', '/crm/v8/users') - before).toBe(3);
      expect(e.zoho.server.log.filter((r) => r.path === '/crm/v8/users').at(-1)!.query).toContain('per_page=200');
    } finally {
      e.zoho.users = saved;
    }
  });

  it('lists by type (DeletedUsers) as the default list pages: per page, its count of that type, each user deleted', async () => {
    const saved = e.zoho.users;
    e.zoho.users = manyUsers(450, (i) => (i % 3 === 0 ? 'active' : 'deleted'));
    try {
      const from = e.zoho.server.log.length;
      const users = await zohoClients(e).client.listUsers('DeletedUsers');
      expect(users).toHaveLength(300);
      expect(users.every((u) => u.status === 'deleted' && !u.active)).toBe(true);
      const asked = e.zoho.server.log.slice(from).filter((r) => r.path.startsWith('/crm/v8/users'));
      expect(asked.map((r) => `${r.path}?${new URLSearchParams(r.query).get('type')}`).sort()).toEqual([
        '/crm/v8/users/actions/count?DeletedUsers',
        '/crm/v8/users?DeletedUsers',
        '/crm/v8/users?DeletedUsers',
      ]);
    } finally {
      e.zoho.users = saved;
    }
  });

  it('a user on the DeletedUsers list is deleted whatever its status field says (its value there is unconfirmed)', async () => {
    const [one] = e.zoho.users;
    e.zoho.server.fault('/crm/v8/users', { kind: 'body', body: JSON.stringify({ users: [{ ...one, status: 'active' }], info: { per_page: 200, count: 1, page: 1, more_records: false } }) });
    const users = await zohoClients(e).client.listUsers('DeletedUsers');
    expect(users.map((u) => [u.id, u.status, u.active])).toEqual([[one!.id, 'deleted', false]]);
  });

  it('a 400 to a typed listing names the type refused and is exit 4; the same 400 untyped is not', async () => {
    e.zoho.server.fault('/crm/v8/users', { kind: 'status', status: 400, body: JSON.stringify({ code: 'API_NOT_SUPPORTED', details: {}, message: 'not supported', status: 'error' }) }, 2);
    const typed = await rejection(zohoClients(e).client.listUsers('DeletedUsers'));
    expect(typed.message).toBe(
      'Zoho CRM would not list deleted users: it answered /crm/v8/users?type=DeletedUsers with HTTP 400 (API_NOT_SUPPORTED "not supported"), so this organisation does not take that type.',
    );
    expect(typed).toBeInstanceOf(zohoClient.UsersTypeRefused);
    expect(typed.exitCode).toBe(4);
    const plain = await rejection(zohoClients(e).client.listUsers());
    expect(plain).toBeInstanceOf(RemoteError);
    expect(plain).not.toBeInstanceOf(zohoClient.UsersTypeRefused);
  });

  it('treats 204 No Content as no users', async () => {
    const saved = e.zoho.users;
    e.zoho.users = [];
    try {
      expect(await zohoClients(e).client.listUsers()).toEqual([]);
    } finally {
      e.zoho.users = saved;
    }
  });

  it('reads Bigin users from /bigin/v2/users', async () => {
    const users = await zohoClients(e, { product: 'bigin' }).client.listUsers();
    expect(users).toHaveLength(e.zoho.users.length);
    expect(e.zoho.server.log.at(-1)!.path).toBe('/bigin/v2/users');
  });

  it('reads PhoneBridge users (perPage camelCase), whose zohouser is the CRM zuid', async () => {
    const pb = await zohoClients(e).client.phoneBridgeUsers();
    const active = e.zoho.users.filter((u) => u.status === 'active');
    expect(pb.map((u) => u.zohouser)).toEqual(active.map((u) => u.zuid));
    expect(e.zoho.server.log.at(-1)!.query).toContain('perPage=1000');
  });

  it.each([
    ['NO_PERMISSION', /PhoneBridge admin rights/],
    ['PROVIDER_NOT_REGISTERED', /Enable the MyOperator PhoneBridge integration/],
  ] as const)('PhoneBridge %s is an auth error with its own fix', async (code, hint) => {
    e.zoho.phoneBridge = code;
    try {
      const err = await rejection(zohoClients(e).client.phoneBridgeUsers());
      expect(err).toBeInstanceOf(AuthError);
      expect(err.message).toContain(code);
      expect(err.hint).toMatch(hint);
    } finally {
      e.zoho.phoneBridge = 'ok';
    }
  });
});

it('NO_PERMISSION names the permissions Zoho lists as missing', async () => {
  const body = { code: 'NO_PERMISSION', details: { permissions: ['Crm_Implied_Api_Access'] }, message: 'permission denied', status: 'error' };
  e.zoho.server.fault('/crm/v8/users', { kind: 'body', status: 403, body: JSON.stringify(body) }, 1);
  const err = await rejection(zohoClients(e).client.listUsers());
  expect(err.message).toBe('Zoho refused /crm/v8/users (NO_PERMISSION; missing permission: Crm_Implied_Api_Access).');
});

describe('tokens', () => {
  it('reuses a cached access token: no refresh on a second client within the hour', async () => {
    const cache = memoryCache();
    const before = e.zoho.tokenCalls.refresh_token;
    await zohoClients(e, { cache }).client.listUsers();
    await zohoClients(e, { cache }).client.listUsers();
    expect(e.zoho.tokenCalls.refresh_token - before).toBe(1);
  });

  it('serialises concurrent refreshes into one', async () => {
    const { client } = zohoClients(e, { cache: memoryCache() });
    const before = e.zoho.tokenCalls.refresh_token;
    await Promise.all([client.listUsers(), client.listUsers(), client.countUsers()]);
    expect(e.zoho.tokenCalls.refresh_token - before).toBe(1);
  });

  it('reads the token cache once, for a token it holds and for none, however many callers ask at once: each read was one of credentials.json', async () => {
    const cache = memoryCache();
    let loads = 0;
    const counted = { load: () => (loads++, cache.load()), save: cache.save };
    const threeAtOnce = async () => {
      const { client } = zohoClients(e, { cache: counted });
      await Promise.all([client.listUsers(), client.listUsers(), client.countUsers()]);
    };
    // Nothing cached: the first call reads it, and the other two share its refresh without a read
    // of their own (each read the cache first: it was 4 reads). The client reads nothing when it is
    // made: it did, and the first call read again (2), a first read kept here and in the credentials
    // store's cache both.
    await threeAtOnce();
    expect([loads, cache.saves]).toEqual([1, 1]);
    // A live token cached: the read made with the client serves the first call (it was 2 reads).
    loads = 0;
    await threeAtOnce();
    expect([loads, cache.saves]).toEqual([1, 1]);
  });

  it.each(['INVALID_TOKEN', 'AUTHENTICATION_FAILURE'] as const)('a token the server considers expired (%s) gets one refresh and one retry', async (code) => {
    e.zoho.invalidTokenCode = code;
    const cache = memoryCache();
    await zohoClients(e, { cache }).client.countUsers();
    e.zoho.clockOffsetMs = 2 * 3600_000; // the server's clock says the token is two hours old
    const before = e.zoho.tokenCalls.refresh_token;
    expect(await zohoClients(e, { cache }).client.countUsers()).toBe(e.zoho.users.length);
    expect(e.zoho.tokenCalls.refresh_token - before).toBe(1);
  });

  it('refresh throttling (Access Denied, HTTP 200 or 400) is one sentence telling the user to wait, not a retry storm', async () => {
    const rt = e.zoho.issueRefreshToken(CLIENT_ID);
    for (const status of [200, 400] as const) {
      e.zoho.throttleStatus = status;
      for (let i = 0; i < 10; i++)
        await zohoClients(e, { refreshToken: rt })
          .auth.token(true)
          .catch(() => undefined);
      const before = e.zoho.tokenCalls.refresh_token;
      const err = await rejection(zohoClients(e, { refreshToken: rt }).client.countUsers());
      expect(err).toBeInstanceOf(RemoteError);
      expect(err.kind).toBe('rate-limit');
      expect(err.message).toMatch(/too many token requests/);
      expect(err.hint).toMatch(/Wait 10 to 30 minutes/);
      expect(e.zoho.tokenCalls.refresh_token - before).toBe(1);
    }
  });

  it('the throttle in other words (a localised "Access Denied", status "failure") is still the throttle, quoting what Zoho said', async () => {
    const rt = e.zoho.issueRefreshToken(CLIENT_ID);
    e.zoho.throttleText = 'Accès refusé';
    try {
      for (let i = 0; i < 10; i++)
        await zohoClients(e, { refreshToken: rt })
          .auth.token(true)
          .catch(() => undefined);
      const err = await rejection(zohoClients(e, { refreshToken: rt }).client.countUsers());
      expect(err.kind).toBe('rate-limit');
      expect(err.message).toBe('Zoho Accounts refused a new access token: too many token requests (Zoho allows about 10 per 10 minutes) (Zoho said: Accès refusé).');
    } finally {
      e.zoho.throttleText = 'Access Denied';
    }
  });

  it('too many grant tokens exchanged (access_denied) says to wait, not to log in again at once', async () => {
    const limit = e.zoho.grantExchangesPer10Min;
    e.zoho.grantExchangesPer10Min = 0;
    try {
      const err = await rejection(zohoClients(e, { cache: memoryCache() }).auth.exchangeGrant(e.zoho.issueGrantCode(CLIENT_ID)));
      expect(err.kind).toBe('rate-limit');
      expect(err.message).toMatch(/^Zoho Accounts refused the grant token: too many grant tokens exchanged for this client/);
      expect(err.hint).toMatch(/^Wait 10 minutes/);
    } finally {
      e.zoho.grantExchangesPer10Min = limit;
    }
  });

  it('wrong data centre (invalid_client) names the configured DC and the others to try', async () => {
    e.zoho.rejectAllClients = true;
    const err = await rejection(zohoClients(e, { cache: memoryCache() }).client.listUsers());
    expect(err).toBeInstanceOf(AuthError);
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/invalid_client.*configured "in"/);
    expect(err.hint).toMatch(/--dc.*us \(accounts\.zoho\.com\)/);
    // Where login asks nothing, a login at another data centre does not reuse the saved client: the command carries its flags.
    const { auth, client } = zohoClients(e, { cache: memoryCache() });
    auth.promptsOff = { where: 'where CI is set', product: 'crm', savedClient: true };
    const inCi = await rejection(client.listUsers());
    expect(inCi.hint).toMatch(
      /^A Self Client works only at its own data centre: run `phonebridge-sync login zoho --dc <dc> --client-id <client-id> --client-secret <client-secret> --grant-token <grant-token>` \(login asks for nothing where CI is set\) with the data centre one of us \(accounts\.zoho\.com\), .*, ae \(accounts\.zoho\.ae\), giving the client id and secret again \(at another data centre the saved ones are not reused\); or check the saved client id/,
    );
  });

  it('invalid_client with the data centre from PHONEBRIDGE_ZOHO_DC names the variable to change (and the saved login\'s), not `login --dc`, which the variable would still win over', async () => {
    e.zoho.rejectAllClients = true;
    const { auth, client } = zohoClients(e, { cache: memoryCache() });
    auth.dcVar = 'PHONEBRIDGE_ZOHO_DC';
    auth.savedDc = () => 'eu';
    const err = await rejection(client.listUsers());
    expect(err.hint).toMatch(/^A Self Client works only at its own data centre: set PHONEBRIDGE_ZOHO_DC \(it wins over a saved login\) to one of us \(accounts\.zoho\.com\), eu \(accounts\.zoho\.eu\), .*, or unset it to use the saved login's \(eu\); or check --client-id\.$/);
    expect(err.hint).not.toContain('run login again');
  });

  it('a revoked refresh token (invalid_code) says to log in again', async () => {
    const rt = e.zoho.issueRefreshToken(CLIENT_ID);
    await zohoClients(e, { refreshToken: rt }).auth.revoke();
    const err = await rejection(zohoClients(e, { refreshToken: rt }).client.listUsers());
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/invalid_code/);
    expect(err.hint).toMatch(/then run `phonebridge-sync login zoho`: it asks for it\./);
  });

  it('the 21st refresh token evicts the oldest', async () => {
    const own = await startEmulators(); // its own Zoho: eviction must not kill the other tests' token
    try {
      for (let i = 0; i < 20; i++) own.zoho.issueRefreshToken(CLIENT_ID);
      expect(await rejection(zohoClients(own).auth.token())).toBeInstanceOf(AuthError);
      const newest = own.zoho.issueRefreshToken(CLIENT_ID);
      expect((await zohoClients(own, { refreshToken: newest }).auth.token()).accessToken).toMatch(/^1000\./);
    } finally {
      await own.close();
    }
  });

  it('a grant token is exchanged once; a second exchange of the same code is invalid_code', async () => {
    const code = e.zoho.issueGrantCode(CLIENT_ID);
    const auth = () =>
      new ZohoAuth(
        new Http({ remote: 'Zoho Accounts', ...FAST }),
        { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, apiUrl: e.zoho.url },
        e.zoho.url,
        undefined,
        memoryCache(),
      );
    const { refreshToken } = await auth().exchangeGrant(code);
    expect(refreshToken).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    const err = await rejection(auth().exchangeGrant(code));
    expect(err.message).toMatch(/grant token \(invalid_code\)/);
  });

  it('a missing scope names the scope to add (OAUTH_SCOPE_MISMATCH)', async () => {
    const rt = e.zoho.issueRefreshToken(
      CLIENT_ID,
      FULL_SCOPES.filter((s) => s !== 'ZohoCRM.users.READ'),
    );
    const err = await rejection(zohoClients(e, { refreshToken: rt }).client.listUsers());
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toContain('ZohoCRM.users.READ');
  });

  it("names the scope of the path refused, though Zoho's answer does not (reference §1.6): PhoneBridge's is a provider's, not the admin's", async () => {
    const rt = e.zoho.issueRefreshToken(CLIENT_ID, ['ZohoCRM.users.READ']);
    const err = await rejection(zohoClients(e, { refreshToken: rt }).client.phoneBridgeUsers());
    expect(err.message).toMatch(/^Zoho refused \/phonebridge\/v3\/users: the token lacks the scope PhoneBridge\.zohoone\.search \(OAUTH_SCOPE_MISMATCH\)\.$/);
    expect(err.hint).toMatch(/^Zoho issues PhoneBridge scopes only to registered telephony providers/);
    const bigin = e.zoho.issueRefreshToken(CLIENT_ID, ['ZohoCRM.users.READ']);
    expect((await rejection(zohoClients(e, { refreshToken: bigin, product: 'bigin' }).client.listUsers())).message).toContain('ZohoBigin.users.READ');
  });
});

describe('faults', () => {
  it.each([
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '0' }],
    ['429 without Retry-After', { kind: 'status', status: 429 }],
    ['500', { kind: 'status', status: 500 }],
    ['an HTML 502 from a proxy', { kind: 'html' }],
    ['a connection reset', { kind: 'reset' }],
  ] as const)('recovers from %s by retrying', async (_name, fault) => {
    e.zoho.server.fault('/crm/v8/users', fault, 2);
    expect(await zohoClients(e).client.listUsers()).toHaveLength(e.zoho.users.length);
  });

  it('honours Retry-After: waits at least the seconds it says', async () => {
    e.zoho.server.fault('/crm/v8/users', { kind: 'status', status: 429, retryAfter: '1' }, 1);
    const t0 = Date.now();
    await zohoClients(e).client.listUsers();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('one 429 asking a wait longer than a run waits is said as one refusal, with the wait it asked', async () => {
    e.zoho.server.fault('/crm/v8/users', { kind: 'status', status: 429, retryAfter: '600' }, 1);
    const err = await rejection(zohoClients(e).client.listUsers());
    expect(err.kind).toBe('rate-limit');
    // It was "Zoho kept refusing with HTTP 429 … after 1 attempt; it asked to wait 600 s, longer than a run waits (90 s).".
    expect(err.message).toMatch(/^Zoho refused GET \S+\/crm\/v8\/users with HTTP 429 \(too many requests\) and asked to wait 600 s, longer than phonebridge-sync waits \(90 s\)\.$/);
  });

  it.each([
    ['429', { kind: 'status', status: 429 }, 'rate-limit', /HTTP 429/],
    ['500', { kind: 'status', status: 500 }, 'remote', /kept failing with HTTP 500/],
    ['an HTML 502', { kind: 'html' }, 'remote', /HTTP 502 \(an HTML page, perhaps from a proxy\)/],
    ['a reset', { kind: 'reset' }, 'network', /connection was reset/],
  ] as const)('a remote that keeps failing with %s is a RemoteError (exit 4) after the retries', async (_n, fault, kind, message) => {
    e.zoho.server.fault('/crm/v8/users', fault, Infinity);
    const before = e.zoho.server.count('GET', '/crm/v8/users');
    const err = await rejection(zohoClients(e).client.listUsers());
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.exitCode).toBe(4);
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
    expect(e.zoho.server.count('GET', '/crm/v8/users') - before).toBe(4);
  });

  it.each([401, 403, 404, 407] as const)('an HTML %i (a proxy or a firewall, not Zoho: Zoho answers in JSON) says so, and where to look, not "report it"', async (status) => {
    e.zoho.server.fault('/crm/v8/users', { kind: 'html', status }, 1);
    const err = await rejection(zohoClients(e).client.listUsers());
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe(
      `A proxy or firewall between here and Zoho refused the read of its users: GET /crm/v8/users was answered with HTTP ${status}${status === 407 ? ' (the proxy asks for its own login)' : " and an HTML page, not Zoho's JSON"}.`,
    );
    expect(err.hint).toMatch(/^Check the proxy or firewall between you and Zoho/);
  });

  it.each([
    ['its data centre chose the host', undefined, "Check the network, a proxy, or the data centre (the --dc of `phonebridge-sync login zoho`, or PHONEBRIDGE_ZOHO_DC); run with --verbose to see each attempt."],
    ['a variable named the host', 'PHONEBRIDGE_ZOHO_ACCOUNTS_URL', 'Check the network, a proxy, or PHONEBRIDGE_ZOHO_ACCOUNTS_URL, which named that host; run with --verbose to see each attempt.'],
  ])('Zoho Accounts out of reach, %s: the hint names what would move the host', async (_, baseUrlVar, hint) => {
    e.zoho.server.fault('/oauth/v2/token', { kind: 'reset' }, 1);
    const http = new Http({ remote: 'Zoho Accounts', ...FAST, retries: 0, ...(baseUrlVar ? { baseUrlVar } : {}) });
    const auth = new ZohoAuth(http, { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, e.zoho.url, e.refreshToken, memoryCache());
    const err = await rejection(auth.token());
    expect({ kind: (err as RemoteError).kind, hint: err.hint }).toEqual({ kind: 'network', hint });
  });

  it('a fault injected while a request is on its way is for the requests after it, not for that one', async () => {
    // A request a test gave up on (its client timed out) waited out its latency and took the next
    // test's fault: that test's request was answered as usual, and "expected a rejection" (seen under load).
    e.zoho.server.fault('/crm/v8/users', { kind: 'latency', ms: 1000 }, 1);
    const before = e.zoho.server.count('GET', '/crm/v8/users');
    const slow = zohoClients(e, { http: { timeoutMs: 10_000 } }).client.listUsers();
    while (e.zoho.server.count('GET', '/crm/v8/users') === before) await new Promise((r) => setTimeout(r, 5));
    e.zoho.server.fault('/crm/v8/users', { kind: 'body', body: JSON.stringify({ users: 'none', info: {} }) }, 1);
    expect(await slow).toHaveLength(e.zoho.users.length);
    expect((await rejection(zohoClients(e).client.listUsers())).message).toMatch(/users: /);
  });

  it('a timeout is a network error naming the wait', async () => {
    e.zoho.server.fault('/crm/v8/users', { kind: 'latency', ms: 400 }, Infinity);
    const err = await rejection(zohoClients(e, { http: { timeoutMs: 100, retries: 1 } }).client.listUsers());
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.message).toMatch(/no answer within/);
  });

  it.each([
    ['an HTML page with HTTP 200', { kind: 'body', body: '<html><body>Login</body></html>' }, /HTML page/],
    ['a truncated body', { kind: 'truncated' }, /not JSON, or was cut short/],
    [
      'a body of the wrong shape',
      { kind: 'body', body: JSON.stringify({ users: [{ id: '1', email: 42 }], info: { more_records: false } }) },
      /users\[0\]\.email/,
    ],
    ['users that are not a list', { kind: 'body', body: JSON.stringify({ users: 'none', info: {} }) }, /users: /],
  ] as const)('%s is a bad-response error naming what is wrong', async (_n, fault, message) => {
    e.zoho.server.fault('/crm/v8/users', fault, 1);
    const err = await rejection(zohoClients(e).client.listUsers());
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.kind).toBe('bad-response');
    expect(err.message).toMatch(message);
  });

  it('bounds the total time: no retry starts past maxTotalMs', async () => {
    e.zoho.server.fault('/crm/v8/users', { kind: 'status', status: 503 }, Infinity);
    const before = e.zoho.server.count('GET', '/crm/v8/users');
    await rejection(zohoClients(e, { http: { retries: 10, retryBaseMs: 200, maxTotalMs: 300 } }).client.listUsers());
    expect(e.zoho.server.count('GET', '/crm/v8/users') - before).toBeLessThanOrEqual(3);
  });
});
