// `npm run figures`: writes the figures that `npm test` (.reports/) and `npm run bench`
// (.bench/report.json) produced into README, between the figures markers. Nothing is typed by
// hand: run the suites, then this, and commit README.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const read = (p) => {
  const f = join(ROOT, p);
  if (!existsSync(f)) throw new Error(`${p} is missing: run \`npm test\` and \`npm run bench\` first.`);
  return JSON.parse(readFileSync(f, 'utf8'));
};

function reliability() {
  const faults = read('.reports/faults.json');
  const fuzz = read('.reports/fuzz.json');
  const secrets = read('.reports/secrets.json');
  const kill = read('.reports/sigkill.json');
  const storage = read('.reports/storage.json');
  const short = read('.reports/short-write.json');
  const hostile = read('.reports/hostile-remotes.json');
  const crash = read('.reports/secrets-crash.json');
  const terminal = read('.reports/terminal-injection.json');
  const csv = read('.reports/csv.json');
  const hangs = read('.reports/hangs.json');
  return [
    `- **Faults** (${faults.faults.length} faults × each remote each of ${faults.commands.length} commands reaches): ${faults.injected} injected, ` +
      `${faults.completed} completed with the right result, ${faults.exit4} exited 4 with one sentence, ` +
      `${faults.storesIntact} of ${faults.injected} runs left every store byte-identical, ${faults.failures.length} failures.`,
    `  Faults: ${faults.faults.join('; ')}. Commands: ${faults.commands.map((c) => `\`${c}\``).join(', ')}.`,
    `- **SIGKILL in the middle of store writes**: ${kill.kills} kills, ${kill.storesReadBack} stores read back (old or new, never broken), ` +
      `lock taken over after a kill: ${kill.lockTakenOverAfterKill ? 'yes' : 'no'}; ${kill.tempsLeftByKills} temp file${kill.tempsLeftByKills === 1 ? "" : "s"} left by kills, ${kill.tempsLeftAfterNextWrite} after the next write.`,
    `- **Disks that cannot take a write** (tmpfs: ${storage.tmpfs}): ${storage.fullDiskRuns} runs on a full or nearly full disk and ` +
      `${short.shortWritesInjected} injected short writes left ${storage.storesIntact + short.storesIntact} stores byte-identical, exit 6; ` +
      `${storage.readOnlyRuns} runs on a read-only file system and ${storage.notADirectoryRuns} with a config dir that is a file: exit 6 at once, one sentence; ` +
      `${storage.readsCompleted ?? 0} \`list\` runs on such disks, whose only write was the Zoho token's cache, printed their users (exit 0) and said once that it was not kept.`,
    `- **Hostile remotes**: ${hostile.redirectRuns} redirected runs (302/307/308 from the token endpoint, both users APIs, revoke), ` +
      `${hostile.apiDomainsRejected} foreign or malformed \`api_domain\`s refused and never cached, ${hostile.oversizeRefused} oversized bodies refused ` +
      `(endless, 1 GB Content-Length, gzip bomb); requests that reached the other server: ${hostile.requestsThatReachedTheThief}.`,
    `- **Crashes and echoes**: ${crash.crashRuns} crash-path runs (a missing token, errors nobody awaited) and ` +
      `${crash.echoRuns} runs against a token endpoint that echoes the request: ${crash.leaks} leaks.`,
    `- **Terminal and spreadsheet injection**: ${terminal.outputsChecked} outputs with escape sequences in ids and extensions: ${terminal.rawEscapes} raw; ` +
      `${csv.cellsChecked} CSV cells checked, ${csv.formulaCellsNeutralised} formula cells neutralised.`,
    `- **Hangs**: ${hangs.zeroColumnRuns} run${hangs.zeroColumnRuns === 1 ? '' : 's'} on a 0-column terminal, ${hangs.sigtermRuns} SIGTERMs mid-request, ` +
      `${hangs.sigintRuns ?? 0} Ctrl-Cs during a read of a pipe that never ends: ${hangs.hangs} hangs.`,
    `- **Bad input** (fast-check): ${Object.entries(fuzz)
      .map(([k, v]) => `${k} ${v.tried} tried / ${v.failures} failures`)
      .join('; ')}.`,
    `- **Secrets**: ${secrets.commands} commands run with \`--verbose\` (a plain run says the same less the traces), ${secrets.secrets} secrets looked for in ` +
      `${secrets.placesChecked} places (stdout, stderr, stores, GitHub summary): ${secrets.leaks} leaks; ` +
      `${secrets.credentialWritesChecked0600} credential writes checked 0600 in a 0700 directory.`,
  ].join('\n');
}

function performance() {
  const bench = read('.bench/report.json');
  const rows = bench.results.map((r) => {
    if (r.kind === 'growth') {
      return `| ${r.name} | — | — | exponent ${r.exponent} (bare join ${r.baselineExponent}) | — | ≤ ${r.budget.exponent} | ${r.ok ? 'met' : '**missed**'} |`;
    }
    const budget = [
      Number.isFinite(r.budget.ratio) ? `≤ ${r.budget.ratio}x` : '',
      r.budget.mib ? `< ${r.budget.mib} MiB` : '',
      r.budget.refreshesSecondRun === 0 ? '0 refreshes on a 2nd run' : '',
    ]
      .filter(Boolean)
      .join(', ');
    const extra = r.detail ? `; token refreshes ${r.detail.refreshesFirstRun} then ${r.detail.refreshesSecondRun}` : '';
    return `| ${r.name} | ${r.ms} ms | ${r.baselineMs} ms | ${r.ratio}x | ${r.peakMiB ? `${r.peakMiB} MiB` : '—'}${extra} | ${budget || '—'} | ${r.ok ? 'met' : '**missed**'} |`;
  });
  return [
    `Measured on ${bench.machine}; medians of interleaved runs; sizes ${bench.sizes?.map((n) => n.toLocaleString('en')).join(', ') ?? ''} users per side.`,
    '',
    '| what | time | baseline | ratio | peak memory | budget | |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

try {
  const file = join(ROOT, 'README.md');
  let readme = readFileSync(file, 'utf8');
  // `npm run figures -- reliability` writes one block (the bench has not been run, say).
  const only = process.argv[2];
  if (only && only !== 'reliability' && only !== 'performance') throw new Error(`No figures block "${only}": use reliability or performance (or nothing for both).`);
  for (const [name, make] of [['reliability', reliability], ['performance', performance]].filter(([n]) => !only || n === only)) {
    const re = new RegExp(`(<!-- figures:${name} -->)[\\s\\S]*?(<!-- /figures:${name} -->)`);
    if (!re.test(readme)) throw new Error(`README.md has no <!-- figures:${name} --> block.`);
    readme = readme.replace(re, (_, a, b) => `${a}\n${make()}\n${b}`);
  }
  writeFileSync(file, readme);
  console.error('README.md figures written.');
} catch (e) {
  console.error(e.message);
  process.exitCode = 1;
}
