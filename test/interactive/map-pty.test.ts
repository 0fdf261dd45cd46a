/**
 * `map` at a real pseudo-terminal (node-pty), typing as a person would: the whole sandbox company
 * mapped by hand, one search typed, and Ctrl-C keeping every answer already given.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import { BIN, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
const open: pty.IPty[] = [];
beforeAll(() => {
  tmp = tempDir();
});
afterEach(() => {
  // A failed expectation must not leave a child waiting at its prompt (jest would never exit).
  for (const t of open.splice(0)) {
    try {
      t.kill();
    } catch {
      // already gone
    }
  }
});
afterAll(() => tmp.cleanup());

function terminal(dir: string) {
  const env = { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'xterm-256color', NO_COLOR: '1' }; // no CI: a person at a terminal
  const term = pty.spawn(process.execPath, [BIN, '--config-dir', dir, '--sandbox', 'map'], { cols: 160, rows: 40, env });
  open.push(term);
  let screen = '';
  let exitCode: number | undefined;
  term.onData((d) => (screen += d));
  const exited = new Promise<number>((done) => term.onExit(({ exitCode: c }) => done((exitCode = c))));
  const waitFor = async (re: RegExp, from = 0): Promise<number> => {
    for (let i = 0; i < 400; i++) {
      const m = re.exec(screen.slice(from));
      if (m) return from + m.index + m[0].length;
      if (exitCode !== undefined) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${re}; screen so far:\n${screen.slice(-2000)}`);
  };
  return { term, waitFor, exited, screen: () => screen };
}

const saved = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'), 'utf8')) as {
    mappings: Array<{ zoho: { email: string }; myoperator: { email: string }; how: string }>;
  };

describe('map at a real terminal', () => {
  it('maps the whole sandbox company: Enter takes the suggestion, typing searches', async () => {
    const dir = join(tmp.dir, 'whole');
    const t = terminal(dir);
    let at = await t.waitFor(/4 exact matches are left for `map --auto` or `resync`/);
    for (let k = 1; k <= 14; k++) {
      at = await t.waitFor(new RegExp(`\\[${k}/14\\]`), at);
      if (k === 4) {
        await t.waitFor(/gaurav\.bose@acmetraders\.in> is zoho-only/, at - 20);
        t.term.write('front');
        at = await t.waitFor(/Front Desk <reception@acmetraders\.in>/, at);
      }
      await new Promise((r) => setTimeout(r, 30));
      t.term.write('\r');
    }
    await t.waitFor(/Mapped 14, ignored 0, skipped 0\./, at);
    expect(await t.exited).toBe(0);
    const mappings = saved(dir).mappings;
    expect(mappings).toHaveLength(14);
    expect(mappings.every((m) => m.how === 'manual')).toBe(true);
    expect(mappings.find((m) => m.zoho.email === 'gaurav.bose@acmetraders.in')!.myoperator.email).toBe('reception@acmetraders.in');
    expect(mappings.find((m) => m.zoho.email === 'vikram.singh@acmetraders.in')!.myoperator.email).toBe('vikram\u200b.singh@acmetraders.in');
  });

  it('Ctrl-C exits 130 and keeps every answer already given', async () => {
    const dir = join(tmp.dir, 'cancel');
    const t = terminal(dir);
    let at = await t.waitFor(/\[1\/14\]/);
    t.term.write('\r');
    at = await t.waitFor(/\[2\/14\]/, at);
    t.term.write('\r');
    at = await t.waitFor(/\[3\/14\]/, at);
    t.term.write('\x03');
    expect(await t.exited).toBe(130);
    expect(saved(dir).mappings).toHaveLength(2);
  });
});
