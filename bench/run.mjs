// `npm run bench`: every row a ratio against a baseline measured in the same run, on the same
// machine (these machines are shared and noisy: absolute times alone mean little, and no row has a
// fixed limit in milliseconds). Medians of interleaved runs.
//
// Sizes: BENCH_SIZES (users per side, comma-separated; default 10000,100000,300000, a few minutes on
// two cores). The 1M rung, where the peak-memory goal applies, is
//   BENCH_SIZES=10000,100000,1000000 BENCH_RUNS=3 npm run bench      (about 10 minutes on two cores)
// BENCH_RUNS (default 5; rungs of 300,000 users and more run 3 times), BENCH_RESYNC_USERS (10000).
// BENCH_ONLY: some of the sections, comma-separated, for a quick look at one goal (the run then
// says nothing of the others): startup, matching, resync, table. Default: all four.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DISTRIBUTIONS } from './generate.mjs';
import { median } from './median.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.bench');
mkdirSync(OUT, { recursive: true });
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,300000').split(',').map(Number);
const bin = join(ROOT, 'bin/phonebridge-sync.js');
const report = {
  machine: `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  sizes: SIZES,
  results: [],
};

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

function record(row) {
  report.results.push(row);
  console.error(`${row.ok ? 'PASS' : 'FAIL'} ${row.name}: ${row.say}`);
  delete row.say;
}

/**
 * Interleaves baseline and subject runs so load on the machine hits both alike.
 * budget: { ratio, mib? } — the subject's median over the baseline's, and its peak RSS.
 */
function compare(name, baseline, subject, budget, runs = RUNS) {
  const b = [];
  const s = [];
  for (let i = 0; i < runs; i++) {
    b.push(baseline());
    s.push(subject());
  }
  return rowOf(name, b, s, budget);
}

/** The row of runs already made: each side's median, their ratio, the subject's peak. */
function rowOf(name, b, s, budget) {
  const bm = median(b.map((x) => x.ms));
  const sm = median(s.map((x) => x.ms));
  const peak = Math.max(...s.map((x) => x.mib ?? 0));
  const ratio = sm / bm;
  const ok = ratio <= budget.ratio && (!budget.mib || peak <= budget.mib);
  const row = { name, baselineMs: Math.round(bm), ms: Math.round(sm), ratio: Number(ratio.toFixed(2)), peakMiB: Math.round(peak), budget, ok };
  record({
    ...row,
    say: `${row.ms} ms vs baseline ${row.baselineMs} ms = ${row.ratio}x (budget ${budget.ratio}x)${peak ? `, peak ${row.peakMiB} MiB${budget.mib ? ` (budget ${budget.mib} MiB)` : ''}` : ''}`,
  });
  return row;
}

/**
 * The summary at the head of a `match --json` document, read from its first bytes: at a million
 * users of one domain the document is about 1.8 GB, more than one JavaScript string can hold.
 */
function summaryOf(file) {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    const end = text.indexOf(',"results":');
    if (!text.startsWith('{"summary":') || end < 0) throw new Error(`${file} does not start with a summary`);
    return JSON.parse(`${text.slice(0, end)}}`).summary;
  } finally {
    closeSync(fd);
  }
}

/** Least-squares slope of log(ms) on log(users): 1 is linear, 2 quadratic. */
function exponent(points) {
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

// 1. Start-up against `node -e 0`.
const nodeBare = () => measure(['-e', '0']);
function startUp() {
  compare('start-up: --help', nodeBare, () => measure([bin, '--help']), { ratio: 1.6 });
  compare('start-up: --version', nodeBare, () => measure([bin, '--version']), { ratio: 1.6 });
  compare('start-up: --sandbox list zoho --json', nodeBare, () => measure([bin, '--sandbox', 'list', 'zoho', '--json']), { ratio: 3 });
}

// 2. match --json on each distribution up the ladder of sizes, against a bare Map join of the same
// files (read, parse, join, write). Cost must stay linear: the fitted exponent over the rungs of
// 100,000 users and up (smaller ones are mostly start-up), at most 1.1.
//
// The rungs take turns within each run (10,000, 100,000, 1,000,000, then again), as baseline and
// subject do: measured one rung after the other, the rungs of one exponent were minutes apart, and
// a shared machine's drift in between moved it (repeated names gave 1.05 and 1.12 in two runs of the
// same code).
const MIB_AT_1M = 2048;
function matching() {
  for (const [dist, make] of Object.entries(DISTRIBUTIONS)) {
    const rungs = SIZES.map((n) => {
      const { zoho, mo } = make(n);
      const rung = { n, zFile: join(OUT, `zoho-${n}.json`), mFile: join(OUT, `myoperator-${n}.json`), runs: n >= 300_000 ? Math.min(RUNS, 3) : RUNS, b: [], s: [] };
      writeFileSync(rung.zFile, JSON.stringify({ users: zoho, info: { per_page: 200, count: n, page: 1, more_records: false } }));
      writeFileSync(rung.mFile, JSON.stringify({ status: 'success', code: 200, data: mo }));
      return rung;
    });
    for (let i = 0; i < Math.max(...rungs.map((r) => r.runs)); i++) {
      for (const r of rungs.filter((r) => i < r.runs)) {
        r.b.push(measure([join(ROOT, 'bench/bare-join.mjs'), r.zFile, r.mFile], join(OUT, 'bare.json')));
        r.s.push(measure([bin, '--json', 'match', '--zoho-file', r.zFile, '--myoperator-file', r.mFile], join(OUT, 'match.json')));
        r.summary = summaryOf(join(OUT, 'match.json'));
      }
    }
    const points = [];
    const basePoints = [];
    for (const r of rungs) {
      const row = rowOf(`match --json, ${dist}, ${r.n.toLocaleString('en')} x ${r.n.toLocaleString('en')}`, r.b, r.s, r.n >= 1_000_000 ? { ratio: 3, mib: MIB_AT_1M } : { ratio: 3 });
      row.summary = r.summary;
      console.error(`  summary: ${JSON.stringify(r.summary)}`);
      points.push({ n: r.n, ms: row.ms });
      basePoints.push({ n: r.n, ms: row.baselineMs });
      rmSync(r.zFile, { force: true });
      rmSync(r.mFile, { force: true });
    }
    const fit = points.filter((p) => p.n >= 100_000);
    const used = fit.length >= 2 ? fit : points;
    if (used.length < 2) continue;
    const e = exponent(used);
    const be = exponent(basePoints.filter((p) => used.some((u) => u.n === p.n)));
    const span = `${used[0].n.toLocaleString('en')} → ${used.at(-1).n.toLocaleString('en')}`;
    record({
      name: `match --json, ${dist}: growth ${span}`,
      kind: 'growth',
      exponent: Number(e.toFixed(2)),
      baselineExponent: Number(be.toFixed(2)),
      budget: { exponent: 1.1 },
      ok: e <= 1.1,
      say: `fitted exponent ${e.toFixed(2)} (bare join ${be.toFixed(2)}; budget 1.1)`,
    });
  }
  for (const f of ['bare.json', 'match.json']) rmSync(join(OUT, f), { force: true });
}

// 3. resync of 10,000 x 10,000 against the emulators with 50 ms latency, against the critical path.
async function resync() {
  const { benchResync } = await import('./resync.mjs');
  const rs = await benchResync(Number(process.env.BENCH_RESYNC_USERS ?? 10_000), 50, RUNS);
  const ok = rs.ratio <= 1.3 && rs.refreshesSecondRun === 0;
  record({
    name: `resync ${rs.users.toLocaleString('en')} x ${rs.users.toLocaleString('en')}, 50 ms latency`,
    baselineMs: rs.criticalPathMs,
    ms: rs.firstRunMs,
    ratio: rs.ratio,
    peakMiB: rs.peakMiB,
    budget: { ratio: 1.3, refreshesSecondRun: 0 },
    ok,
    detail: rs,
    say: `${rs.firstRunMs} ms (median of ${rs.runs}: ${rs.firstRunsMs.join(', ')}) vs critical path ${rs.criticalPathMs} ms (${rs.criticalTrips} round trips of ${rs.rttMs} ms) = ${rs.ratio}x (budget 1.3x), peak ${rs.peakMiB} MiB; requests made: ${Array.isArray(rs.requests) ? `per run ${JSON.stringify(rs.requests)}` : `MyOperator ${rs.requests.myoperator}, Zoho ${rs.requests.zoho}`}; token refreshes: ${rs.refreshesFirstRun} then ${rs.refreshesSecondRun}`,
  });
}

// 4. The terminal table of match for 10,000 users at a real pseudo-terminal (120 columns, no pager),
// against the same command's --json: rendering must stay linear (cli-table3 took 12.5 s here).
async function terminalTable() {
  const TN = 10_000;
  const t = DISTRIBUTIONS['changed 10%'](TN);
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
  const ratio = Number((sm / bm).toFixed(2));
  record({
    name: `match terminal table, ${TN.toLocaleString('en')} x ${TN.toLocaleString('en')} users, 120 columns`,
    baselineMs: Math.round(bm),
    ms: Math.round(sm),
    ratio,
    budget: { ratio: 3 },
    ok: ratio <= 3,
    say: `${Math.round(sm)} ms vs --json ${Math.round(bm)} ms = ${ratio}x (budget 3x)`,
  });
  for (const f of [tz, tm]) rmSync(f, { force: true });
}

const SECTIONS = ['startup', 'matching', 'resync', 'table'];
const ONLY = new Set((process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(',').map((x) => x.trim()));
for (const s of ONLY) if (!SECTIONS.includes(s)) throw new Error(`BENCH_ONLY: no section "${s}" (the sections: ${SECTIONS.join(', ')})`);
if (ONLY.has('startup')) startUp();
if (ONLY.has('matching')) matching();
if (ONLY.has('resync')) await resync();
if (ONLY.has('table')) await terminalTable();

writeFileSync(join(OUT, 'report.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.results.every((r) => r.ok) ? 0 : 1;
