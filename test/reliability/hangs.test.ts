/**
 * No output mode loops on a degenerate terminal, and every command ends on SIGTERM. `script`
 * (util-linux) gives the command a pseudo-terminal of 0 columns, as some CI runners do: the
 * spinner used to clear endlessly there (475 MB in 12 minutes) and ignore SIGTERM. Where `script`
 * is missing the first two tests are skipped and say why; the SIGTERM test on a normal pipe runs.
 * Ctrl-C ends a read of a named pipe nobody writes to (its open blocks a thread Node's exit waits for).
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorEnv, resetEmulators, withEmulators } from '../support/emulators.js';
import { BIN } from '../support/cli.js';
import { writeReport } from '../support/report.js';

const h = withEmulators();
let noScript: string | undefined;
try {
  execFileSync('script', ['-qec', 'true', '/dev/null'], { stdio: 'ignore' });
} catch (e) {
  noScript = (e as Error).message.split('\n')[0];
}
const withScript = noScript ? it.skip : it;
const skipped = noScript ? ` (skipped: no usable \`script\`: ${noScript})` : '';
const tally = { zeroColumnRuns: 0, sigtermRuns: 0, sigintRuns: 0, hangs: 0 };

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  bytes: number;
  out: string;
  ms: number;
}

/**
 * Runs `node BIN args` (under `script` for a 0-column pseudo-terminal when asked); kills it after `limitMs`.
 * SIGTERM once its output matches `termWhen`, or once `termWhenAsked` says the slow remote has the request.
 */
function launch(args: string[], env: Record<string, string>, opts: { pty: boolean; limitMs: number; termWhen?: RegExp; termWhenAsked?: () => boolean }) {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = opts.pty
    ? spawn('script', ['-qec', `exec ${cmd}`, '/dev/null'], { env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', ...env }, detached: true })
    : spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, detached: true });
  const started = Date.now();
  let bytes = 0;
  let out = '';
  let signalled = false;
  const terminate = () => {
    if (signalled) return;
    signalled = true;
    // Under `script`, the command is script's child: SIGTERM goes to it alone, as `kill <pid>` would.
    const pid = opts.pty ? Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]) : child.pid!;
    process.kill(pid, 'SIGTERM');
  };
  // Polled rather than a fixed wait: a wait long enough for a loaded machine was seconds idle on most.
  const asked = opts.termWhenAsked;
  const timer = asked === undefined ? undefined : setInterval(() => asked() && terminate(), 20);
  const seen = (d: Buffer) => {
    bytes += d.length;
    if (out.length < 100_000) out += d.toString();
    if (opts.termWhen?.test(out)) setTimeout(terminate, 300);
  };
  child.stdout.on('data', seen);
  child.stderr.on('data', seen);
  const killer = setTimeout(() => {
    tally.hangs++;
    process.kill(-child.pid!, 'SIGKILL'); // the whole group: script and the command under it
  }, opts.limitMs);
  return new Promise<Ended>((done) =>
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      clearInterval(timer);
      done({ code, signal, bytes, out, ms: Date.now() - started });
    }),
  );
}

describe(`a terminal of 0 columns${skipped}`, () => {
  withScript('--sandbox list zoho ends on its own, prints the users, and writes a few KB, not an endless spinner', async () => {
    const r = await launch(['--config-dir', join(h.tmp.dir, 'zero'), '--sandbox', 'list', 'zoho'], {}, { pty: true, limitMs: 20_000 });
    tally.zeroColumnRuns++;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.out).toContain('asha.rao@acmetraders.in');
    expect(r.bytes).toBeLessThan(64 * 1024);
  }, 30_000);

  withScript('--sandbox doctor --calls (a progress spinner of its own) ends on its own too, in a few KB', async () => {
    const r = await launch(['--config-dir', join(h.tmp.dir, 'zero-calls'), '--sandbox', 'doctor', '--calls', '--only', 'calls'], {}, { pty: true, limitMs: 20_000 });
    tally.zeroColumnRuns++;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(5);
    expect(r.out).toMatch(/calls: 73 answered calls since/);
    expect(r.bytes).toBeLessThan(64 * 1024);
  }, 30_000);

  withScript('SIGTERM while a slow remote is awaited ends the command at once with exit 143', async () => {
    resetEmulators(h.e);
    h.e.zoho.server.fault('/crm/v8/users', { kind: 'latency', ms: 5_000 }, Infinity);
    const before = h.e.zoho.server.count('GET', '/crm/v8/users');
    try {
      const r = await launch(['--config-dir', join(h.tmp.dir, 'zero-term'), 'list', 'zoho'], { ...emulatorEnv(h.e, 0), PHONEBRIDGE_HTTP_TIMEOUT_MS: '20000' }, {
        pty: true,
        limitMs: 12_000,
        termWhenAsked: () => h.e.zoho.server.count('GET', '/crm/v8/users') > before,
      });
      tally.sigtermRuns++;
      expect(r.signal).toBeNull();
      expect(r.code).toBe(143);
      expect(r.out).toContain('Terminated.');
    } finally {
      h.e.zoho.server.clearFaults();
    }
  }, 30_000);
});

/** Whether a thread of `pid` waits in the kernel on a pipe: for its other end to open, or for data (Linux's wchan). */
function waitsOnPipe(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((t) => /^(wait_for_partner|(anon_)?pipe_read|pipe_wait)$/.test(readFileSync(`/proc/${pid}/task/${t}/wchan`, 'utf8')));
  } catch {
    return false;
  }
}

describe('Ctrl-C while reading a named pipe', () => {
  // Ended by the signal itself (the shell shows 130): an exit would wait for the blocked thread.
  it.each([
    ['nobody writes to', false],
    ['a writer holds open and never writes to', true],
  ])('match --zoho-file on a pipe %s ends at once with "Cancelled.", not a hang', async (_what, silentWriter) => {
    const fifo = join(h.tmp.dir, `zoho-${silentWriter ? 'silent' : 'none'}.fifo`);
    execFileSync('mkfifo', [fifo]);
    // Read and write, so opening never blocks here: a writer that stays and says nothing.
    const writer = silentWriter ? openSync(fifo, 'r+') : undefined;
    const mo = join(h.tmp.dir, 'mo-for-fifo.json');
    writeFileSync(mo, '[]');
    const child = spawn(process.execPath, [BIN, '--config-dir', join(h.tmp.dir, 'fifo-cfg'), 'match', '--zoho-file', fifo, '--myoperator-file', mo], {
      env: { PATH: process.env.PATH ?? '', CI: 'true' },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('close', (code, signal) => done({ code, signal })));
    try {
      // Ctrl-C only once the read is really blocked on the pipe: earlier, it would prove nothing.
      const deadline = Date.now() + 15_000;
      while (!waitsOnPipe(child.pid!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(waitsOnPipe(child.pid!)).toBe(true);
      process.kill(child.pid!, 'SIGINT');
      const killer = setTimeout(() => {
        tally.hangs++;
        child.kill('SIGKILL');
      }, 8_000);
      const r = await ended;
      clearTimeout(killer);
      tally.sigintRuns++;
      expect(r).toEqual({ code: null, signal: 'SIGINT' });
      expect(err).toBe('\nCancelled.\n');
    } finally {
      if (writer !== undefined) closeSync(writer);
    }
  }, 30_000);
});

describe('SIGTERM off a terminal', () => {
  it('ends a command waiting on a slow remote with exit 143 and one line, and leaves the stores whole', async () => {
    resetEmulators(h.e);
    h.e.mo.server.fault('/user', { kind: 'latency', ms: 5_000 }, Infinity);
    try {
      const cfg = join(h.tmp.dir, 'pipe-term');
      const r = await launch(['--config-dir', cfg, '--verbose', 'resync'], { ...emulatorEnv(h.e, 0), CI: 'true', PHONEBRIDGE_HTTP_TIMEOUT_MS: '20000' }, {
        pty: false,
        limitMs: 12_000,
        termWhen: /GET .*\/user/,
      });
      tally.sigtermRuns++;
      expect(r.code).toBe(143);
      expect(r.out).toMatch(/\nTerminated\.\n$/);
      // The token was cached before the users were asked for: the store is whole JSON.
      expect(JSON.parse(readFileSync(join(cfg, 'credentials.json'), 'utf8')).version).toBe(1);
    } finally {
      h.e.mo.server.clearFaults();
      writeReport('hangs', tally);
    }
  }, 30_000);
});
