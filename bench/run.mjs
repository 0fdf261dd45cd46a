// `npm run bench`: every timing as a ratio against a baseline measured in the same run, on the same
// machine (these machines are shared and noisy: absolute times alone mean little). Median of runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate } from './generate.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.bench');
mkdirSync(OUT, { recursive: true });
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const N = Number(process.env.BENCH_USERS ?? 100_000);
const report = { machine: `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`, results: [] };

/** Runs a node script as a child; returns wall ms and peak RSS MiB. */
function measure(args, stdoutFile) {
  const peakFile = join(OUT, 'peak.txt');
  const fd = openSync(peakFile, 'w');
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'bench/peak.mjs'), ...args], {
    stdio: ['ignore', out, 'inherit', fd],
    env: { ...process.env, BENCH_PEAK_FD: '3', CI: 'true', NO_COLOR: '1' },
  });
  const ms = performance.now() - t0;
  closeSync(fd);
  if (typeof out === 'number') closeSync(out);
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return { ms, mib: Number(readFileSync(peakFile, 'utf8').trim()) / 1024 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Interleaves baseline and subject runs so load on the machine hits both alike. */
function compare(name, baseline, subject, budget) {
  const b = [];
  const s = [];
  for (let i = 0; i < RUNS; i++) {
    b.push(baseline());
    s.push(subject());
  }
  const bm = median(b.map((x) => x.ms));
  const sm = median(s.map((x) => x.ms));
  const peak = Math.max(...s.map((x) => x.mib ?? 0));
  const ratio = sm / bm;
  const ok = ratio <= budget.ratio && (!budget.mib || peak <= budget.mib) && (!budget.ms || sm <= budget.ms);
  const row = { name, baselineMs: Math.round(bm), ms: Math.round(sm), ratio: Number(ratio.toFixed(2)), peakMiB: Math.round(peak), budget, ok };
  report.results.push(row);
  console.error(`${ok ? 'PASS' : 'FAIL'} ${name}: ${row.ms} ms vs baseline ${row.baselineMs} ms = ${row.ratio}x (budget ${budget.ratio}x)${peak ? `, peak ${row.peakMiB} MiB` : ''}`);
}

// 1. Start-up: --help and --version against `node -e 0`.
const bin = join(ROOT, 'bin/phonebridge-sync.js');
const nodeBare = () => measure(['-e', '0']);
compare('start-up: --help', nodeBare, () => measure([bin, '--help']), { ratio: 1.6 });
compare('start-up: --version', nodeBare, () => measure([bin, '--version']), { ratio: 1.6 });

// 2. match on N x N users, 10% needing fuzzy work.
const { zoho, mo } = generate(N, 0.1);
const zFile = join(OUT, 'zoho.json');
const mFile = join(OUT, 'myoperator.json');
writeFileSync(zFile, JSON.stringify({ users: zoho, info: { per_page: 200, count: N, page: 1, more_records: false } }));
writeFileSync(mFile, JSON.stringify({ status: 'success', code: 200, data: mo }));

compare(
  `match --json, ${N} x ${N} users (whole command)`,
  () => measure([join(ROOT, 'bench/bare-join.mjs'), zFile, mFile], join(OUT, 'bare.json')),
  () => measure([bin, '--json', 'match', '--zoho-file', zFile, '--myoperator-file', mFile], join(OUT, 'match.json')),
  { ratio: 3, mib: 500, ms: 2000 },
);

// 3. The engine alone, in this process, against a bare Map join of the same e-mails.
const { matchUsers } = await import(join(ROOT, 'dist/core/match.js'));
const { zohoUserFrom, myOperatorUserFrom } = await import(join(ROOT, 'dist/core/users.js'));
const Z = zoho.map(zohoUserFrom);
const M = mo.map(myOperatorUserFrom);
const timed = (f) => {
  const t0 = performance.now();
  f();
  return { ms: performance.now() - t0 };
};
compare(
  `matching engine alone, ${N} x ${N}`,
  () => timed(() => {
    const idx = new Map();
    for (const m of M) idx.set(m.email, m);
    return Z.map((z) => ({ z, m: idx.get(z.email) ?? null }));
  }),
  () => timed(() => matchUsers({ zoho: Z, myoperator: M })),
  { ratio: Infinity, ms: 2000 },
);
// 4. resync of 10,000 x 10,000 against the emulators with 50 ms latency, against the critical path.
const { benchResync } = await import('./resync.mjs');
const rs = await benchResync(Number(process.env.BENCH_RESYNC_USERS ?? 10_000), 50);
const rsOk = rs.ratio <= 1.3 && rs.refreshesSecondRun === 0;
report.results.push({ name: `resync ${rs.users} x ${rs.users}, 50 ms latency`, baselineMs: rs.criticalPathMs, ms: rs.firstRunMs, ratio: rs.ratio, peakMiB: rs.peakMiB, budget: { ratio: 1.3, refreshesSecondRun: 0 }, ok: rsOk, detail: rs });
console.error(`${rsOk ? 'PASS' : 'FAIL'} resync ${rs.users} x ${rs.users}: ${rs.firstRunMs} ms vs critical path ${rs.criticalPathMs} ms (${rs.rttMs} ms a round trip) = ${rs.ratio}x (budget 1.3x), peak ${rs.peakMiB} MiB; token refreshes: ${rs.refreshesFirstRun} then ${rs.refreshesSecondRun}`);

// 5. The terminal table of match for 10,000 users at a real pseudo-terminal (120 columns, no pager),
// against the same command's --json: rendering must stay linear (cli-table3 took 12.5 s here).
{
  const TN = 10_000;
  const t = generate(TN, 0.1);
  const tz = join(OUT, 'zoho-10k.json');
  const tm = join(OUT, 'myoperator-10k.json');
  writeFileSync(tz, JSON.stringify({ users: t.zoho, info: { per_page: 200, count: TN, page: 1, more_records: false } }));
  writeFileSync(tm, JSON.stringify({ status: 'success', code: 200, data: t.mo }));
  const { default: pty } = await import('@lydell/node-pty');
  const atTerminal = () =>
    new Promise((done, fail) => {
      const t0 = performance.now();
      const term = pty.spawn(process.execPath, [bin, '--no-pager', 'match', '--zoho-file', tz, '--myoperator-file', tm], {
        cols: 120,
        rows: 40,
        env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1' },
      });
      term.onData(() => {});
      term.onExit(({ exitCode }) => (exitCode === 0 ? done({ ms: performance.now() - t0 }) : fail(new Error(`terminal match exited ${exitCode}`))));
    });
  const b = [];
  const s = [];
  for (let i = 0; i < RUNS; i++) {
    b.push(measure([bin, '--json', 'match', '--zoho-file', tz, '--myoperator-file', tm]));
    s.push(await atTerminal());
  }
  const bm = median(b.map((x) => x.ms));
  const sm = median(s.map((x) => x.ms));
  const row = { name: `match terminal table, ${TN} x ${TN} users, 120 columns`, baselineMs: Math.round(bm), ms: Math.round(sm), ratio: Number((sm / bm).toFixed(2)), budget: { ratio: 3 } };
  row.ok = row.ratio <= 3;
  report.results.push(row);
  console.error(`${row.ok ? 'PASS' : 'FAIL'} ${row.name}: ${row.ms} ms vs --json ${row.baselineMs} ms = ${row.ratio}x (budget 3x)`);
}

const summary = JSON.parse(readFileSync(join(OUT, 'match.json'), 'utf8')).summary;
console.error(`match summary on the generated company: ${JSON.stringify(summary)}`);

writeFileSync(join(OUT, 'report.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.results.every((r) => r.ok) ? 0 : 1;
