// resync of N x N users against the emulators with 50 ms latency per request, against the critical
// path: the round trips the client needs one after another, times the round-trip time measured in
// the same run. The two sides are read at once, so the longer side is the path. Each side's trips
// are counted as the client makes them (see criticalTrips); the requests it really made are
// reported beside them. Like every other row, medians of interleaved runs: `runs` first runs, each
// in a config dir of its own (so each refreshes the token and adds every mapping), each after a
// round trip is measured; the ratio is the median run over the median round trip's path. Then a
// second run within the hour, on the last one's config, must refresh no token.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate } from './generate.mjs';
import { median } from './median.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { ZohoEmulator } = await import(join(ROOT, 'dist/sandbox/zoho-emulator.js'));
const { MyOperatorEmulator } = await import(join(ROOT, 'dist/sandbox/myoperator-emulator.js'));
const { MYOPERATOR_PAGES_AHEAD } = await import(join(ROOT, 'dist/clients/myoperator.js'));
const { ZOHO_PAGES_AT_ONCE } = await import(join(ROOT, 'dist/clients/zoho.js'));

/**
 * Round trips each side needs, one after another, for n users, as the clients page. MyOperator:
 * pages of 100 until one is short or says there is no next page (the last full page of 10,000
 * users says so: 100 pages, not 101); the first alone, then MYOPERATOR_PAGES_AHEAD in flight.
 * Zoho: the token, the first page of 200, the count, then the rest ZOHO_PAGES_AT_ONCE at a time.
 */
export function criticalTrips(n) {
  const moPages = Math.max(1, Math.ceil(n / 100));
  const zohoPages = Math.max(1, Math.ceil(n / 200));
  const moTrips = 1 + Math.ceil((moPages - 1) / MYOPERATOR_PAGES_AHEAD);
  const zohoTrips = 1 + 1 + (zohoPages > 1 ? 1 + Math.ceil((zohoPages - 1) / ZOHO_PAGES_AT_ONCE) : 0);
  return Math.max(moTrips, zohoTrips);
}

export const concurrency = { myoperator: MYOPERATOR_PAGES_AHEAD, zoho: ZOHO_PAGES_AT_ONCE };

export async function benchResync(n = 10_000, latencyMs = 50, runs = 3) {
  if (!(runs >= 1)) throw new Error(`benchResync: runs must be 1 or more, not ${runs}`);
  const { zoho, mo } = generate(n, 0.1, 7);
  const z = new ZohoEmulator();
  const m = new MyOperatorEmulator();
  z.users = zoho.map((u) => ({ ...u, role: { name: 'Agent', id: '1' }, profile: { name: 'Standard', id: '2' }, Isonline: false }));
  m.users = mo.map((u) => ({ ...u, contact_number: '9800000000', alternate_number: '', country_code: '91', role_id: '3' }));
  z.registerClient('bench-client', 'bench-secret-0123456789');
  const refreshToken = z.issueRefreshToken('bench-client');
  await Promise.all([z.start(), m.start()]);
  z.server.latencyMs = latencyMs;
  m.server.latencyMs = latencyMs;
  const dirs = [];
  // One round trip, measured before each run: the unit of the critical path. A full page of 100 users,
  // as the client asks for (an empty page past the end was ~1 ms quicker, which understated it).
  const roundTrip = async () => {
    const rtts = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await fetch(`${m.url}/user?token=${m.token}&page=1&page-size=100`).then((r) => r.text());
      rtts.push(performance.now() - t0);
    }
    return median(rtts);
  };
  try {
    const trips = criticalTrips(n);
    const env = {
      ...process.env,
      CI: 'true',
      PHONEBRIDGE_ZOHO_ACCOUNTS_URL: z.url,
      PHONEBRIDGE_ZOHO_API_URL: z.url,
      PHONEBRIDGE_MYOPERATOR_API_URL: m.url,
      PHONEBRIDGE_ZOHO_CLIENT_ID: 'bench-client',
      PHONEBRIDGE_ZOHO_CLIENT_SECRET: 'bench-secret-0123456789',
      PHONEBRIDGE_ZOHO_REFRESH_TOKEN: refreshToken,
      PHONEBRIDGE_ZOHO_DC: 'in',
      PHONEBRIDGE_MYOPERATOR_TOKEN: m.token,
    };
    // Asynchronous: the emulators live in this process and must keep answering while the child runs.
    const runAsync = (dir) =>
      new Promise((done, fail) => {
        const t0 = performance.now();
        const child = spawn(
          process.execPath,
          ['--import', join(ROOT, 'bench/peak.mjs'), join(ROOT, 'bin/phonebridge-sync.js'), '--config-dir', dir, '--json', 'resync'],
          { env: { ...env, BENCH_PEAK_FD: '3' }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
        );
        let out = '';
        let err = '';
        let peak = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.stdio[3].on('data', (d) => (peak += d));
        child.on('error', fail);
        child.on('close', (code) => {
          if (code !== 0) return fail(new Error(`resync exited ${code}: ${err}`));
          try {
            done({ ms: performance.now() - t0, mib: Number(peak.trim()) / 1024, doc: JSON.parse(out) });
          } catch (e) {
            fail(e);
          }
        });
      });
    const firsts = [];
    const rttList = [];
    const requestsPerRun = [];
    const refreshesPerRun = [];
    for (let i = 0; i < runs; i++) {
      rttList.push(await roundTrip());
      dirs.push(mkdtempSync(join(tmpdir(), 'pbs-bench-')));
      const before = z.tokenCalls.refresh_token;
      const zLogged = z.server.log.length;
      const mLogged = m.server.log.length;
      firsts.push(await runAsync(dirs.at(-1)));
      requestsPerRun.push({ zoho: z.server.log.length - zLogged, myoperator: m.server.log.length - mLogged });
      refreshesPerRun.push(z.tokenCalls.refresh_token - before);
    }
    // Every first run should make the same requests and one refresh: a run that differs is said.
    const same = (xs) => xs.every((x) => JSON.stringify(x) === JSON.stringify(xs[0]));
    const requests = same(requestsPerRun) ? requestsPerRun[0] : requestsPerRun;
    const refreshesFirstRun = same(refreshesPerRun) ? refreshesPerRun[0] : refreshesPerRun.join('/');
    const afterFirst = z.tokenCalls.refresh_token;
    const second = await runAsync(dirs.at(-1));
    const rtt = median(rttList);
    const critical = rtt * trips;
    const firstMs = median(firsts.map((f) => f.ms));
    return {
      users: n,
      latencyMs,
      runs,
      rttMs: Math.round(rtt),
      criticalTrips: trips,
      criticalPathMs: Math.round(critical),
      requests,
      firstRunMs: Math.round(firstMs),
      firstRunsMs: firsts.map((f) => Math.round(f.ms)),
      secondRunMs: Math.round(second.ms),
      ratio: Number((firstMs / critical).toFixed(2)),
      peakMiB: Math.round(Math.max(...firsts.map((f) => f.mib), second.mib)),
      refreshesFirstRun,
      refreshesSecondRun: z.tokenCalls.refresh_token - afterFirst,
      added: firsts.at(-1).doc.plan.summary.added,
      keptOnSecondRun: second.doc.plan.summary.kept,
    };
  } finally {
    await Promise.all([z.close(), m.close()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchResync(Number(process.argv[2] ?? 10_000), 50, Number(process.argv[3] ?? 3)));
