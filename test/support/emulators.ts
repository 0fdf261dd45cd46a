/** Emulators seeded with the demo company, and clients pointed at them with fast retries. */
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { Http, type HttpOptions } from '../../src/clients/http.js';
import { MyOperatorClient } from '../../src/clients/myoperator.js';
import { ZohoClient, type ZohoProduct } from '../../src/clients/zoho.js';
import { ZohoAuth, type CachedToken, type TokenCache } from '../../src/clients/zoho-auth.js';
import { demoCompany } from '../../src/sandbox/demo-company.js';
import { MyOperatorEmulator } from '../../src/sandbox/myoperator-emulator.js';
import type { Fault } from '../../src/sandbox/server.js';
import { ZohoEmulator } from '../../src/sandbox/zoho-emulator.js';
import { tempDir } from './cli.js';

export const CLIENT_ID = '1000.TESTCLIENT00000000000000000000';
export const CLIENT_SECRET = 'test-client-secret-0123456789abcdef';

export interface Emulators {
  zoho: ZohoEmulator;
  mo: MyOperatorEmulator;
  refreshToken: string;
  /** Shared by the clients of these emulators, as the credentials store is across runs: Zoho throttles refreshes. */
  cache: TokenCache;
  close(): Promise<void>;
}

export async function startEmulators(): Promise<Emulators> {
  const demo = demoCompany();
  const zoho = new ZohoEmulator();
  const mo = new MyOperatorEmulator();
  zoho.users = demo.zoho;
  mo.users = demo.myoperator;
  zoho.registerClient(CLIENT_ID, CLIENT_SECRET);
  const refreshToken = zoho.issueRefreshToken(CLIENT_ID);
  await Promise.all([zoho.start(), mo.start()]);
  return { zoho, mo, refreshToken, cache: memoryCache(), close: () => Promise.all([zoho.close(), mo.close()]).then(() => undefined) };
}

export const FAST: Partial<HttpOptions> = { retries: 3, retryBaseMs: 5, timeoutMs: 2000, maxTotalMs: 10_000 };

export function memoryCache(initial?: CachedToken): TokenCache & { saves: number } {
  let t = initial;
  const cache = {
    saves: 0,
    load: () => t,
    save: (x: CachedToken) => {
      t = x;
      cache.saves++;
    },
  };
  return cache;
}

export function zohoClients(
  e: Emulators,
  opts: { cache?: TokenCache; product?: ZohoProduct; refreshToken?: string; http?: Partial<HttpOptions>; trace?: (l: string) => void } = {},
) {
  const http = (remote: string) => new Http({ remote, ...FAST, ...opts.http, trace: opts.trace });
  const auth = new ZohoAuth(
    http('Zoho Accounts'),
    { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, apiUrl: e.zoho.url },
    e.zoho.url,
    opts.refreshToken ?? e.refreshToken,
    opts.cache ?? (opts.refreshToken ? memoryCache() : e.cache),
  );
  return { auth, client: new ZohoClient(http('Zoho'), auth, opts.product ?? 'crm', e.zoho.url) };
}

export function moClient(e: Emulators, token = e.mo.token, http: Partial<HttpOptions> = {}): MyOperatorClient {
  return new MyOperatorClient(new Http({ remote: 'MyOperator', ...FAST, ...http }), e.mo.url, token);
}

/** Awaits a promise that must reject; returns the error. */
export async function rejection(p: Promise<unknown>): Promise<Error & { exitCode?: number; kind?: string; hint?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/**
 * A fault that holds a request until the test lets it go: out for as long as the test needs (until
 * the run has answered a signal, say), where a latency had to be guessed long enough for a loaded
 * machine and was waited out on every run.
 */
export function held(): { fault: Fault; letGo: () => void } {
  let letGo = () => {};
  const until = new Promise<void>((done) => (letGo = done));
  return { fault: { kind: 'held', until }, letGo };
}

/** Where the built CLI finds the emulators, with retries short enough for a test. */
export function emulatorUrls(e: Emulators, retries = 2): Record<string, string> {
  return {
    PHONEBRIDGE_ZOHO_ACCOUNTS_URL: e.zoho.url,
    PHONEBRIDGE_ZOHO_API_URL: e.zoho.url,
    PHONEBRIDGE_MYOPERATOR_API_URL: e.mo.url,
    PHONEBRIDGE_HTTP_RETRIES: String(retries),
    PHONEBRIDGE_HTTP_RETRY_BASE_MS: '5',
  };
}

/** The environment a CI job gives the CLI: the emulators' URLs and every credential from "secrets". */
export function emulatorEnv(e: Emulators, retries = 2): Record<string, string> {
  return {
    ...emulatorUrls(e, retries),
    PHONEBRIDGE_ZOHO_CLIENT_ID: CLIENT_ID,
    PHONEBRIDGE_ZOHO_CLIENT_SECRET: CLIENT_SECRET,
    PHONEBRIDGE_ZOHO_REFRESH_TOKEN: e.refreshToken,
    PHONEBRIDGE_ZOHO_DC: 'in',
    PHONEBRIDGE_MYOPERATOR_TOKEN: e.mo.token,
  };
}

/**
 * One test file's emulators and temporary directory: started before its tests, closed after them.
 * Read `h.e` and `h.tmp` inside tests and hooks, once `beforeAll` has run.
 */
/**
 * As an HTTP stub fails on a request it was given and never saw: a fault no request took means the
 * test did not exercise what it claims. For an afterEach of every suite with emulators.
 */
/**
 * After a test, each of its requests has reached the emulators: a page past the end of a listing is
 * dropped by the client as the listing ends (pages-ahead.ts), and its request, already sent, is read
 * by the server a turn of the event loop later, after the test. Read here, it arrived before the next
 * test's faults, so it cannot take them (EmulatorServer.takeFault), nor land in that test's log.
 */
export async function requestsArrived(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((turn) => setImmediate(turn));
}

export async function expectEveryFaultTaken(e: Emulators): Promise<void> {
  await requestsArrived();
  const unused = [...e.zoho.server.neverUsedFaults().map((f) => `Zoho ${f}`), ...e.mo.server.neverUsedFaults().map((f) => `MyOperator ${f}`)];
  const times = new Map<string, number>();
  for (const f of unused) times.set(f, (times.get(f) ?? 0) + 1);
  const said = [...times].map(([f, n]) => (n > 1 ? `${f} (${n} times)` : f));
  if (unused.length) throw new Error(`Faults injected but never taken by a request: ${said.join('; ')}`);
}

export function withEmulators(): { e: Emulators; tmp: ReturnType<typeof tempDir> } {
  const held = {} as { e: Emulators; tmp: ReturnType<typeof tempDir> };
  beforeAll(async () => {
    held.e = await startEmulators();
    held.tmp = tempDir();
  });
  afterEach(() => expectEveryFaultTaken(held.e));
  afterAll(async () => {
    await held.e.close();
    held.tmp.cleanup();
  });
  return held;
}

/** What each test starts from: the demo company on both sides, no fault, every client accepted. */
export function resetEmulators(e: Emulators): void {
  const demo = demoCompany();
  e.zoho.users = demo.zoho;
  e.mo.users = demo.myoperator;
  e.mo.emailUpdate = 'accept';
  e.mo.emailHiddenReads = 1;
  e.mo.emailTakenStatus = undefined;
  e.mo.updateSuccessWord = 'success';
  e.mo.listSuccessWord = 'success';
  e.mo.searchSuccessWord = 'success';
  e.mo.rateLimitRetryAfter = true;
  e.mo.calls = [];
  e.mo.searchMaxPageSize = 100;
  e.mo.searchParamsFrom = 'query';
  e.mo.userMaxPageSize = 100;
  e.mo.rateLimit = { max: Infinity, windowMs: 60_000 };
  e.mo.resetRateWindow();
  e.zoho.server.clearFaults();
  e.mo.server.clearFaults();
  e.zoho.rejectAllClients = false;
  e.zoho.defaultListIncludesDeleted = false;
  e.zoho.deletedUsersType = true;
}
