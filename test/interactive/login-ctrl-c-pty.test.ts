/**
 * Ctrl-C at a `login` prompt, at a real pseudo-terminal (node-pty): the run says what was saved (for
 * that side nothing; the Zoho login, when it was saved before MyOperator's token was asked for), and
 * the prompt goes. Before, it was "Cancelled." alone under the prompt and Inquirer's "ctrl+t toggle
 * visibility", whatever had been saved. No request is made: each case stops before one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli, tempDir } from '../support/cli.js';
import { killedAfterEach, shownLines, startAtTerminal } from '../support/pty.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const open = killedAfterEach();

/** `login …` with its config in `dir`, a person at an 80-column terminal: Ctrl-C (or `key`) once `prompt` is shown; the exit code and the text on the screen after. */
async function ctrlCAt(dir: string, args: string[], prompt: RegExp, key = '\x03'): Promise<{ code: number; shown: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'xterm-256color', NO_COLOR: '1' };
  const run = startAtTerminal([process.execPath, BIN, '--config-dir', dir, 'login', ...args], 80, 40, env);
  open.push(run.term);
  for (let i = 0; i < 800 && !prompt.test(run.output()) && !run.isOver(); i++) await new Promise((r) => setTimeout(r, 25));
  // Inquirer draws the prompt, then reads keys once its first render is done.
  await new Promise((r) => setTimeout(r, 300));
  run.term.write(key);
  const { code, output } = await run.over;
  // Lines joined: the sentences are broken between words at 80 columns.
  return { code, shown: (await shownLines(output, 80, 40)).join('\n').trim().replace(/\s+/g, ' ') };
}

const saved = (dir: string): unknown => (existsSync(join(dir, 'credentials.json')) ? JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) : undefined);

describe('Ctrl-C at a login prompt', () => {
  it('at the data centre, of both sides: nothing saved for either, said; exit 130, the question gone', async () => {
    const dir = join(tmp.dir, 'both-dc');
    const r = await ctrlCAt(dir, [], /Zoho data centre/);
    expect(r).toEqual({ code: 130, shown: 'Cancelled. Nothing was saved: the Zoho login and the MyOperator token of profile "default" are as they were.' });
    expect(saved(dir)).toBeUndefined();
  });

  // Esc did nothing at the list: Ctrl-C alone left it, where Esc answers No at every question and stops map's picker.
  it('Esc at the data centre leaves as Ctrl-C does: nothing saved, said; exit 130, the list gone', async () => {
    const dir = join(tmp.dir, 'zoho-dc-esc');
    const r = await ctrlCAt(dir, ['zoho'], /Zoho data centre/, '\x1b');
    expect(r).toEqual({ code: 130, shown: 'Cancelled. Nothing was saved: the Zoho login of profile "default" is as it was.' });
    expect(saved(dir)).toBeUndefined();
  });

  // Esc did nothing at the text questions either (client id, client secret, grant token, MyOperator's token): only Ctrl-C left.
  it.each([
    ['client id', ['zoho', '--dc', 'in'], /Self Client client id/, 'the Zoho login of profile "default" is as it was'],
    ['client secret', ['zoho', '--dc', 'in', '--client-id', '1000.ABC'], /ctrl\+t/, 'the Zoho login of profile "default" is as it was'],
    ['grant token', ['zoho', '--dc', 'in', '--client-id', '1000.ABC', '--client-secret', 'sEcReT'], /Grant token from the Self Client/, 'the Zoho login of profile "default" is as it was'],
    ["MyOperator's token", ['myoperator'], /MyOperator API token/, 'the MyOperator token of profile "default" is as it was'],
  ])('Esc at the %s leaves as Ctrl-C does: nothing saved, said; exit 130, the question gone', async (what, args, prompt, asWas) => {
    const dir = join(tmp.dir, `esc-${what.replace(/\W+/g, '-')}`);
    const r = await ctrlCAt(dir, args, prompt, '\x1b');
    expect(r).toEqual({ code: 130, shown: `Cancelled. Nothing was saved: ${asWas}.` });
    expect(saved(dir)).toBeUndefined();
  });

  it("at the client secret: Inquirer's \"ctrl+t toggle visibility\" goes with the prompt", async () => {
    const dir = join(tmp.dir, 'zoho-secret');
    const r = await ctrlCAt(dir, ['zoho', '--dc', 'in', '--client-id', '1000.ABC'], /ctrl\+t/);
    expect(r).toEqual({ code: 130, shown: 'Cancelled. Nothing was saved: the Zoho login of profile "default" is as it was.' });
    expect(saved(dir)).toBeUndefined();
  });

  it("at MyOperator's token, the Zoho login saved before it: says the Zoho login is saved and MyOperator's is not", async () => {
    const dir = join(tmp.dir, 'both-token');
    const zoho = ['--dc', 'in', '--client-id', '1000.ABC', '--client-secret', 'sEcReT', '--refresh-token', '1000.rt', '--no-verify'];
    const r = await ctrlCAt(dir, zoho, /MyOperator API token/);
    expect(r.code).toBe(130);
    expect(r.shown).toBe(
      `Logged in to Zoho CRM (data centre in) for profile "default" (not verified). Saved in ${join(dir, 'credentials.json')}. ` +
        `Cancelled. The Zoho login was saved; the MyOperator token was not, and is as it was: \`phonebridge-sync --config-dir ${dir} login myoperator\` asks for it.`,
    );
    expect(r.shown).not.toMatch(/MyOperator API token|ctrl\+t/);
    expect(saved(dir)).toMatchObject({ profiles: { default: { zoho: { clientId: '1000.ABC' } } } });
    expect(JSON.stringify(saved(dir))).not.toContain('myoperator');
  });

  it('at the token of `login myoperator`: the token saved before stays, said', async () => {
    const dir = join(tmp.dir, 'myoperator');
    expect((await runCli(['--config-dir', dir, 'login', 'myoperator', '--token', 'tok-before', '--no-verify'])).code).toBe(0);
    const before = readFileSync(join(dir, 'credentials.json'), 'utf8');
    const r = await ctrlCAt(dir, ['myoperator'], /MyOperator API token/);
    expect(r).toEqual({ code: 130, shown: 'Cancelled. Nothing was saved: the MyOperator token of profile "default" is as it was.' });
    expect(readFileSync(join(dir, 'credentials.json'), 'utf8')).toBe(before);
  });
});
