/**
 * Every fault the emulators inject × every command that talks to a remote: the command either
 * completes with the right result, or exits 4 with one sentence and no stack; every store stays
 * byte-identical when it fails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fault } from '../../src/sandbox/server.js';
import { emulatorEnv, expectEveryFaultTaken, startEmulators, type Emulators } from '../support/emulators.js';
import { noStack, runCli, tempDir } from '../support/cli.js';
import { writeReport } from '../support/report.js';

const FAULTS: Array<[string, Fault, number]> = [
  ['500 always', { kind: 'status', status: 500 }, Infinity],
  ['503 once', { kind: 'status', status: 503 }, 1],
  ['429 with Retry-After always', { kind: 'status', status: 429, retryAfter: '0' }, Infinity],
  ['429 without Retry-After once', { kind: 'status', status: 429 }, 1],
  ['HTML 502 always', { kind: 'html' }, Infinity],
  ['HTML 200 once', { kind: 'body', body: '<html><body>proxy login</body></html>' }, 1],
  ['truncated body once', { kind: 'truncated' }, 1],
  ['wrong shape once', { kind: 'body', body: '{"unexpected": true, "users": 42, "data": "x", "status": "success"}' }, 1],
  ['connection reset always', { kind: 'reset' }, Infinity],
  ['connection reset once', { kind: 'reset' }, 1],
  ['latency past the timeout always', { kind: 'latency', ms: 200 }, Infinity],
];

const COMMANDS: Array<[string, string[], Array<'zoho' | 'myoperator'>]> = [
  ['list zoho', ['list', 'zoho'], ['zoho']],
  ['list myoperator', ['list', 'myoperator'], ['myoperator']],
  ['match', ['--json', 'match'], ['zoho', 'myoperator']],
  ['resync', ['--json', 'resync', '--prune'], ['zoho', 'myoperator']],
  ['map --auto', ['map', '--auto'], ['zoho', 'myoperator']],
];

const PATHS = { zoho: '/crm/v8/users', myoperator: '/user' };

let e: Emulators;
let tmp: ReturnType<typeof tempDir>;
const tally = { injected: 0, completed: 0, exit4: 0, storesIntact: 0, failures: [] as string[] };
beforeAll(async () => {
  e = await startEmulators();
  tmp = tempDir();
});
// Every fault of the matrix must reach its command: one that no request took would count as a
// run that "completed with the right result" while testing nothing.
afterEach(() => expectEveryFaultTaken(e));
afterAll(async () => {
  writeReport('faults', { ...tally, commands: COMMANDS.map((c) => c[0]), faults: FAULTS.map((f) => f[0]) });
  await e.close();
  tmp.cleanup();
});

function env(dir: string, timeoutMs = 300): Record<string, string> {
  return { ...emulatorEnv(e), PHONEBRIDGE_MAPPINGS_FILE: join(dir, 'mappings.json'), PHONEBRIDGE_HTTP_TIMEOUT_MS: String(timeoutMs) };
}
/**
 * The latency case waits out the timeout on each of its 3 attempts: 100 ms there. A healthy request
 * that missed it too would end the run as the fault does, and the faulted one is still sent (a
 * command reads both sides at once), so the case asserts what it did at 300 ms.
 */
const timeoutFor = (f: Fault) => (f.kind === 'latency' ? 100 : 300);
const read = (f: string) => (existsSync(f) ? readFileSync(f) : Buffer.alloc(0));

describe.each(COMMANDS)('%s', (name, args, sides) => {
  const dir = () => join(tmp.dir, name.replace(/\W+/g, '-'));
  beforeAll(async () => {
    // A warm store: a token cached and some mappings saved, so a failing run has something to lose.
    const warm = await runCli(['--config-dir', dir(), 'resync'], env(dir()));
    expect(warm.code).toBe(0);
  });

  const cases = sides.flatMap((side) => FAULTS.map(([fault, f, times]) => [side, fault, f, times] as const));
  it.each(cases)('%s side, %s', async (side, fault, f, times) => {
    const stores = [join(dir(), 'mappings.json'), join(dir(), 'credentials.json')];
    const before = stores.map(read);
    const server = side === 'zoho' ? e.zoho.server : e.mo.server;
    server.clearFaults();
    server.fault(PATHS[side], f, times);
    tally.injected++;
    const run = await runCli(['--config-dir', dir(), ...args], env(dir(), timeoutFor(f)));
    server.clearFaults();
    const lines = run.stderr.trim().split('\n');
    if (run.code === 0) {
      tally.completed++;
      if (args.includes('--json')) expect(() => JSON.parse(run.stdout)).not.toThrow();
    } else {
      if (run.code !== 4) tally.failures.push(`${name} / ${side} / ${fault}: exit ${run.code}: ${run.stderr}`);
      expect(run.code).toBe(4);
      tally.exit4++;
      expect(lines[0]).toMatch(/^(Zoho|MyOperator|Cannot reach) .+\.$/);
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(noStack(run.stderr)).toBe(true);
      expect(run.stdout).toBe('');
      stores.forEach((s, i) => expect(read(s).equals(before[i]!)).toBe(true));
    }
    tally.storesIntact++;
    if (times === 1 && !['wrong shape once', 'truncated body once', 'HTML 200 once'].includes(fault)) expect(run.code).toBe(0);
  });
});
