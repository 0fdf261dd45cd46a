/**
 * Remotes that try to take credentials elsewhere: redirects (302/307/308) from the token endpoint,
 * the users APIs and the revoke call, and a token answer naming a foreign api_domain. Nothing is
 * followed, nothing reaches the "thief" server, each is one sentence naming the host, and a token
 * answer that failed validation is never cached.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { dirname, join } from 'node:path';
import { RemoteError } from '../../src/errors.js';
import { Http, MAX_BODY_BYTES } from '../../src/clients/http.js';
import { ZohoAuth } from '../../src/clients/zoho-auth.js';
import { ZohoClient } from '../../src/clients/zoho.js';
import { CLIENT_ID, CLIENT_SECRET, FAST, emulatorEnv, memoryCache, rejection, resetEmulators, withEmulators } from '../support/emulators.js';
import { noStack, runCli } from '../support/cli.js';
import { moUser, zohoUser } from '../support/builders.js';
import { run as resync } from '../../src/commands/resync.js';
import { createContext } from '../../src/context.js';
import { MappingStore } from '../../src/store/mappings.js';
import { writeReport } from '../support/report.js';

const h = withEmulators();

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A server on 127.0.0.1:0 that records what it received and answers with `answer`. */
async function serve(answer: (req: Seen) => { status: number; headers?: Record<string, string>; json?: unknown }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      const a = answer(s);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.json === undefined ? '' : JSON.stringify(a.json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, host: new URL(url).host, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

type Served = Awaited<ReturnType<typeof serve>>;
let thief: Served;
let status = 302;
let redirector: Served;
const tally = { redirectRuns: 0, apiDomainsRejected: 0, oversizeRefused: 0, requestsThatReachedTheThief: 0 };

beforeAll(async () => {
  // Answers like both APIs at once, so anything that followed a redirect would "succeed".
  thief = await serve(() => ({
    status: 200,
    json: { access_token: '1000.stolen', api_domain: 'https://www.zohoapis.in', expires_in: 3600, users: [], status: 'success', data: [] },
  }));
  redirector = await serve((req) => ({ status, headers: { location: `${thief.url}${req.url}` } }));
});
afterAll(async () => {
  tally.requestsThatReachedTheThief = thief.seen.length;
  writeReport('hostile-remotes', tally);
  await Promise.all([thief.close(), redirector.close()]);
});

/** The emulators' URLs and MyOperator token, with no Zoho login from the environment: the saved one is used. */
function withoutZohoLogin(env: Record<string, string>): Record<string, string> {
  const { PHONEBRIDGE_ZOHO_CLIENT_ID: _a, PHONEBRIDGE_ZOHO_CLIENT_SECRET: _b, PHONEBRIDGE_ZOHO_REFRESH_TOKEN: _c, PHONEBRIDGE_ZOHO_DC: _d, ...urls } = env;
  return urls;
}

describe('redirects are never followed with credentials', () => {
  // One saved login for the three logouts (each deletes its copy): a login run per code only saved the same file again.
  const saved = () => join(h.tmp.dir, 'redirect-login', 'credentials.json');
  beforeAll(async () => {
    const urls = withoutZohoLogin(emulatorEnv(h.e, 0));
    const login = await runCli(
      ['--config-dir', dirname(saved()), 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', h.e.refreshToken, '--no-verify'],
      urls,
    );
    expect(login.code).toBe(0);
  });

  it.each([302, 307, 308])('HTTP %i from the token endpoint, the users APIs and the revoke call: exit 4 naming the host; the thief gets nothing', async (code) => {
    resetEmulators(h.e);
    status = code;
    const cfg = join(h.tmp.dir, `redirect-${code}`);
    const env = emulatorEnv(h.e, 0);
    const cases: Array<[string, string[], Record<string, string>]> = [
      ['token endpoint', ['list', 'zoho'], { PHONEBRIDGE_ZOHO_ACCOUNTS_URL: redirector.url }],
      ['Zoho users', ['list', 'zoho'], { PHONEBRIDGE_ZOHO_API_URL: redirector.url }],
      ['MyOperator users', ['list', 'myoperator'], { PHONEBRIDGE_MYOPERATOR_API_URL: redirector.url }],
    ];
    for (const [, args, over] of cases) {
      const r = await runCli(['--config-dir', cfg, ...args], { ...env, ...over });
      tally.redirectRuns++;
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(`with a redirect (HTTP ${code}) to ${thief.host}`);
      expect(r.stdout).toBe('');
      expect(noStack(r.stderr)).toBe(true);
    }
    // A redirected revoke must not be reported as done.
    const urls = withoutZohoLogin(env);
    mkdirSync(cfg, { recursive: true, mode: 0o700 });
    copyFileSync(saved(), join(cfg, 'credentials.json'));
    const out = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], { ...urls, PHONEBRIDGE_ZOHO_ACCOUNTS_URL: redirector.url });
    tally.redirectRuns++;
    expect(out.stderr).not.toMatch(/^Revoked/m);
    expect(out.stderr).toContain(`Could not revoke the Zoho refresh token, so it may still be live at Zoho and the Zoho login of profile "default" was kept in ${join(cfg, 'credentials.json')}. Zoho Accounts answered POST ${redirector.url}/oauth/v2/token/revoke with a redirect (HTTP ${code}) to ${thief.host}`);
    expect(thief.seen).toEqual([]);
  });
});

describe("the token answer's api_domain", () => {
  let answerDomain: string | undefined;
  let tokenServer: Served;
  beforeAll(async () => {
    tokenServer = await serve(() => ({ status: 200, json: { access_token: '1000.fresh.access.token', expires_in: 3600, ...(answerDomain === undefined ? {} : { api_domain: answerDomain }) } }));
  });
  afterAll(() => tokenServer.close());

  const auth = (cache = memoryCache()) =>
    new ZohoAuth(new Http({ remote: 'Zoho Accounts', ...FAST }), { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, tokenServer.url, '1000.refresh.token.abc', cache);

  it.each([
    ['http on the right host', 'http://www.zohoapis.in'],
    ['another host', 'https://evil.example'],
    ['a look-alike host', 'https://www.zohoapis.in.evil.example'],
    ['another data centre', 'https://www.zohoapis.com'],
    ['a port', 'https://www.zohoapis.in:8443'],
    ['the thief itself', 'THIEF'],
    ['none at all', undefined],
  ])('%s is refused, named, and never cached', async (_name, domain) => {
    answerDomain = domain === 'THIEF' ? thief.url : domain;
    const cache = memoryCache();
    const a = auth(cache);
    const err = await rejection(a.token());
    tally.apiDomainsRejected++;
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.message).toContain(answerDomain ? `named "${answerDomain}"` : 'named no API domain');
    expect(err.message).toMatch(/only https:\/\/ hosts under zohoapis\.in or zoho\.in are trusted/);
    expect(cache.saves).toBe(0);
    // And a client asking for users never reaches the named host.
    await rejection(new ZohoClient(new Http({ remote: 'Zoho', ...FAST }), a, 'crm').listUsers());
    expect(thief.seen).toEqual([]);
  });

  it.each([['https://www.zohoapis.in'], ['https://zohoapis.in'], ['https://crm.zoho.in']])('%s is accepted', async (domain) => {
    answerDomain = domain;
    expect((await auth().token()).apiDomain).toBe(domain);
  });

  it('a cached token whose api_domain an older version saved unchecked is refreshed, not used', async () => {
    answerDomain = 'https://www.zohoapis.in';
    const before = tokenServer.seen.length;
    const cache = memoryCache({ accessToken: '1000.old.cached', apiDomain: '', expiresAt: Date.now() + 3_000_000 });
    const t = await auth(cache).token();
    expect(t.accessToken).toBe('1000.fresh.access.token');
    expect(tokenServer.seen.length).toBe(before + 1);
  });

  it('the CLI: a foreign api_domain is exit 4 with the sentence, and credentials.json caches no token', async () => {
    resetEmulators(h.e);
    answerDomain = thief.url;
    const cfg = join(h.tmp.dir, 'api-domain');
    const { PHONEBRIDGE_ZOHO_API_URL: _api, ...env } = emulatorEnv(h.e, 0);
    const r = await runCli(['--config-dir', cfg, 'list', 'zoho'], { ...env, PHONEBRIDGE_ZOHO_ACCOUNTS_URL: tokenServer.url });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`named "${thief.url}"`);
    const creds = join(cfg, 'credentials.json');
    expect(existsSync(creds) ? readFileSync(creds, 'utf8') : '').not.toContain('1000.fresh.access.token');
    expect(thief.seen).toEqual([]);
  });
});

describe("the token answer's expires_in", () => {
  let expiresIn: unknown;
  let tokenServer: Served;
  beforeAll(async () => {
    tokenServer = await serve(() => ({ status: 200, json: { access_token: '1000.fresh.access.token', api_domain: 'https://www.zohoapis.in', expires_in: expiresIn } }));
  });
  afterAll(() => tokenServer.close());

  it.each([[1e308], [-5], [0], [10 * 86_400]])('%s is not believed past a day: the lifetime saved is a finite time within a day', async (value) => {
    expiresIn = value;
    const cache = memoryCache();
    const before = Date.now();
    await new ZohoAuth(new Http({ remote: 'Zoho Accounts', ...FAST }), { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, tokenServer.url, '1000.refresh.token.abc', cache).token();
    const at = cache.load()!.expiresAt;
    expect(Number.isFinite(at)).toBe(true);
    expect(at - before).toBeGreaterThan(0);
    expect(at - before).toBeLessThanOrEqual(86_400_000 + 1000);
    // Written and read back as JSON, it is still a number (Infinity became null, and the file broken).
    expect(typeof JSON.parse(JSON.stringify({ at })).at).toBe('number');
  });
});


describe('response size', () => {
  /** Raw servers: each answers as a hostile remote would, whatever the path. */
  async function raw(handler: (res: ServerResponse) => void) {
    const server = createServer((_req, res) => handler(res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
  }
  // Written 4 MiB at a time: 64 KiB writes each waited for a drain, ~580 turns of this worker's
  // event loop to feed the cap, each a wait for a core on a loaded machine while the client's
  // request clock ran.
  const chunk = Buffer.alloc(4 * 1024 * 1024, 'a');
  // Endless to any client that keeps its cap: it ends only at twice the cap, so a client whose
  // cap never trips still has an end, and 64 MiB, not all the memory there is.
  const endless = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    let sent = 0;
    const more = () => {
      for (let room = true; room && sent < 2 * MAX_BODY_BYTES; sent += chunk.length) room = res.write(chunk);
      if (sent >= 2 * MAX_BODY_BYTES) res.end();
      else if (!res.destroyed) res.once('drain', more);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    more();
  };
  const announced = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1024 ** 3) });
    res.write('{"users": [');
  };
  const bomb = gzipSync(Buffer.alloc(MAX_BODY_BYTES * 2, ' '));
  const gzipBomb = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
    res.end(bomb);
  };

  it.each([
    ['an endless chunked body', endless, /more than 32 MiB \(the body kept coming/],
    ['a 1 GB Content-Length', announced, /more than 32 MiB \(it announced 1,073,741,824 bytes/],
    [`a gzip bomb (${Math.round(bomb.length / 1024)} KB inflating to 64 MiB)`, gzipBomb, /a compressed body \(gzip\) although none was asked for/],
  ])('%s is refused with the sentence, before it fills memory', async (_name, handler, why) => {
    const server = await raw(handler);
    try {
      const heap = process.memoryUsage().rss;
      // The request's own clock is out of this race: FAST's 2 s bounds the whole request, body and
      // all, and on a loaded machine the 32 MiB took 9 to 12 s to come through, so the clock, not
      // the cap, ended it ("no answer within 2 s"). What is awaited is the cap's refusal, or else the
      // body's end at twice the cap; a minute is past jest's own 30 s for the test.
      const err = await rejection(new Http({ remote: 'MyOperator', ...FAST, retries: 0, timeoutMs: 60_000 }).request('GET', `${server.url}/user`));
      expect(err).toBeInstanceOf(RemoteError);
      expect(err.message).toMatch(why);
      expect(err.message).toContain(`MyOperator answered GET ${server.url}/user with`);
      tally.oversizeRefused++;
      // Far below the 64 MiB the worst of them offers (the cap is 32 MiB of text, held once).
      expect(process.memoryUsage().rss - heap).toBeLessThan(MAX_BODY_BYTES * 3);
    } finally {
      await server.close();
    }
  });

  it.each([
    // The headers and the body's start arrive, then the rest never does: an answer was coming.
    [
      'a body that stops half-way',
      (res: ServerResponse) => (res.writeHead(200, { 'content-type': 'application/json' }), res.write('{"users": [')),
      'its answer did not finish arriving within 300 ms',
      "MyOperator's answer to GET <url> did not finish arriving within 300 ms; trying again (attempt 2 of 2).",
    ],
    ['no answer at all', () => {}, 'no answer within 300 ms', 'MyOperator did not answer GET <url> within 300 ms; trying again (attempt 2 of 2).'],
  ])('the timeout on %s says which it was, in each retry and the closing sentence', async (_name, handler, why, retried) => {
    const server = await raw(handler);
    try {
      const waiting: string[] = [];
      const err = await rejection(new Http({ remote: 'MyOperator', ...FAST, retries: 1, timeoutMs: 300, waiting: (l) => waiting.push(l) }).request('GET', `${server.url}/user`));
      expect(err.message).toBe(`Cannot reach MyOperator (GET ${server.url}/user): ${why}, after 2 attempts.`);
      expect(waiting).toEqual([retried.replace('<url>', `${server.url}/user`)]);
    } finally {
      await server.close();
    }
  });

  // Against the endless body, the 32 MiB had to come through before the CLI's own 15 s clock ran
  // out, a race a loaded machine nearly lost; the cap's two ways of tripping are the same refusal,
  // and each is pinned above. Here the body is refused at its headers, and never ends: the process
  // has to end on its own with the answer still open.
  it('the CLI: list myoperator against a body past the cap, never ending, exits 4 with one sentence', async () => {
    const server = await raw(announced);
    try {
      const r = await runCli(['--config-dir', join(h.tmp.dir, 'past-the-cap'), 'list', 'myoperator'], { ...emulatorEnv(h.e, 0), PHONEBRIDGE_MYOPERATOR_API_URL: server.url });
      expect(r.code).toBe(4);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `MyOperator answered GET ${server.url}/user with more than 32 MiB (it announced 1,073,741,824 bytes; a real answer is far smaller), so it was refused.\n` +
          'A proxy or a broken server may be in between; check the base URL (--dc, or the PHONEBRIDGE_*_URL variables).\n',
      );
    } finally {
      await server.close();
    }
  });
});

describe("a proxy's HTML 403 page to a users read", () => {
  // MyOperator's read said "an HTML page (perhaps from a proxy or a login portal)" with "Check proxies
  // between you and the API", Zoho's "perhaps from a proxy or a firewall, not from Zoho", and fix's
  // e-mail change (commit af7befe) a third way: one sentence now, of each side, still exit 4.
  // Zoho Accounts' token refresh said "answered the token request with an HTML page (perhaps from a
  // proxy or a login portal)" and "Check proxies between you and the API", the wording the data calls left.
  it.each([
    ['MyOperator', ['list', 'myoperator'], 'GET', '/user', 'the read of users page 1', 'or PHONEBRIDGE_MYOPERATOR_API_URL, where it is set', "MyOperator's"],
    ['Zoho', ['list', 'zoho'], 'GET', '/crm/v8/users', 'the read of its users', 'and the base URL: --dc, or PHONEBRIDGE_ZOHO_API_URL', "Zoho's"],
    ['Zoho Accounts', ['list', 'zoho'], 'POST', '/oauth/v2/token', 'the request for a new access token', 'or PHONEBRIDGE_ZOHO_ACCOUNTS_URL, where it is set', "Zoho Accounts'"],
  ] as const)('%s: exit 4, "A proxy or firewall between here and … refused …", and where to look', async (side, args, method, path, what, where, whose) => {
    resetEmulators(h.e);
    (side === 'MyOperator' ? h.e.mo : h.e.zoho).server.fault(path, { kind: 'html', status: 403 }, 1, method);
    const r = await runCli(['--config-dir', join(h.tmp.dir, `proxy-page-${side}`), ...args], emulatorEnv(h.e, 0));
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `A proxy or firewall between here and ${side} refused ${what}: ${method} ${path} was answered with HTTP 403 and an HTML page, not ${whose} JSON.\n` +
        `Check the proxy or firewall between you and ${side} (${where}), then run again.\n`,
    );
  });
});

describe('an e-mail made of invisible characters', () => {
  // One sentence per character, each quoting its place, made a million-character e-mail cost 4 GB
  // and then the heap (doctor and fix --dry-run died after two minutes). The same character in a
  // row is one reason now, and at most 20 are described. 20,000 is a thousand times that cap: 200,000
  // proved no more and cost ~8 s of the two runs (~34 bytes out per character, both commands).
  it('20,000 zero-width spaces in a MyOperator e-mail: one reason for the run in fix --dry-run and doctor, not 20,000', async () => {
    resetEmulators(h.e);
    const meena = h.e.mo.users.find((u) => u.email === 'meena.iyer@acmetraders.in ')!;
    meena.email = `${'\u200b'.repeat(20_000)}meena.iyer@acmetraders.in`;
    try {
      const fix = await runCli(['--config-dir', join(h.tmp.dir, 'zw'), '--json', 'fix', '--dry-run'], emulatorEnv(h.e));
      expect(fix.code).toBe(0);
      const entry = (JSON.parse(fix.stdout) as { entries: Array<{ to: string; reasons: Array<{ message: string }> }> }).entries.find((c) => c.to === 'meena.iyer@acmetraders.in')!;
      expect(entry.reasons.map((r) => r.message)).toEqual(['MyOperator e-mail has a zero-width space (U+200B), 20,000 times in a row, at the start']);
      const doctor = await runCli(['--config-dir', join(h.tmp.dir, 'zw'), '--json', 'doctor', '--only', 'users'], emulatorEnv(h.e));
      expect(doctor.stdout.match(/20,000 times in a row/g)?.length).toBeGreaterThan(0);
      expect(doctor.stdout).not.toMatch(/at position 3, after/);
      // The address itself is shown whole (<U+200B> each), once per place it is named: not per reason
      // (~0.7 MB here; the bound is the 30 MiB it was at 200,000, scaled with the address).
      expect(doctor.stdout.length + fix.stdout.length).toBeLessThan(3 * 2 ** 20);
    } finally {
      resetEmulators(h.e);
    }
  }, 60_000);
});

describe("names on resync's CI page (GITHUB_STEP_SUMMARY)", () => {
  const HOSTILE = '@org/team :rocket: https://evil.example www.evil.example';
  it("a name's lone backtick is text, not the start of a code span that swallows the sentence up to our own `fix`; ~ and & are text too", async () => {
    const dir = join(h.tmp.dir, 'step-summary');
    mkdirSync(dir, { recursive: true });
    const page = join(dir, 'summary.md');
    const zoho = [
      zohoUser('suresh.pillai@acme.in', { name: 'Suresh `Pillai' }),
      zohoUser('neha.k@acme.in', { name: 'Neha ~~gone~~ &lt;b&gt;' }),
      zohoUser('ops@acme.in', { name: HOSTILE }),
    ];
    const myoperator = [moUser('', { name: 'Suresh `Pillai' }), moUser('nkapoor@gmail.com', { name: 'Neha ~~gone~~ &lt;b&gt;' }), moUser('ops.team@gmail.com', { name: HOSTILE })];
    const quiet = () => new Writable({ write: (_c, _e, done) => done() });
    const ctx = createContext(
      { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false },
      { stdout: quiet(), stderr: quiet(), stdin: Readable.from([]), env: { GITHUB_STEP_SUMMARY: page } },
    );
    await resync({ auto: true, maxPrune: 10, dryRun: true }, ctx, { store: new MappingStore(join(dir, 'mappings.json'), { command: 'resync' }), fetchUsers: async () => ({ zoho, myoperator }) });
    const lines = readFileSync(page, 'utf8').split('\n');
    expect(lines.find((l) => l.startsWith('- suresh.pillai@acme.in'))).toBe(
      '- suresh.pillai@acme.in (suggested): Same name "Suresh \\`Pillai" on both sides; MyOperator user has no e-mail, so PhoneBridge attributes none of its calls until it holds its Zoho user\'s (`map` asks about the pair; once it is mapped, `fix` sets it)',
    );
    expect(lines.find((l) => l.startsWith('- neha.k@acme.in'))).toBe('- neha.k@acme.in (suggested): Same name "Neha \\~\\~gone\\~\\~ \\&lt;b\\&gt;" on both sides, with e-mails that do not match');
    // GitHub pinged the team, drew a rocket and linked both addresses (a backslash stops none of them,
    // as they are found after the Markdown is parsed); an empty comment in each shows the name as it
    // is and leaves nothing in what is copied. The e-mails beside it stay as they are.
    expect(lines.find((l) => l.startsWith('- ops@acme.in'))).toBe(
      '- ops@acme.in (suggested): Same name "@<!-- -->org/team :<!-- -->rocket: https:<!-- -->//evil.example www<!-- -->.evil.example" on both sides, with e-mails that do not match',
    );
  });
});
