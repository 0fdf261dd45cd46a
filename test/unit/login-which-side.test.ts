/**
 * `login` with no side where prompts are off: the sentence says why they are off, as the missing
 * flags' do, since at a terminal with --json or CI=true "when not at a terminal" was untrue.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../../src/commands/login.js';
import { createContext } from '../../src/context.js';
import { tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** Streams that say they are a terminal. */
const tty = () => Object.assign(new PassThrough(), { isTTY: true });

type Refusal = Error & { exitCode?: number; hint?: string };

async function loginWithNoSide(json: boolean, env: NodeJS.ProcessEnv, terminal: boolean): Promise<Refusal> {
  const stream = () => (terminal ? tty() : new PassThrough());
  const globals = { profile: 'default', configDir: tmp.dir, json, color: false, verbose: false, sandbox: false, yes: false };
  const ctx = createContext(globals, { stdout: stream(), stderr: stream(), stdin: stream(), env });
  return run(undefined, { verify: false }, ctx).then(
    (): Refusal => new Error('login succeeded'),
    (x: Refusal) => x,
  );
}

describe('login with no side, prompts off', () => {
  it.each([
    ['at a terminal, with --json', true, {}, true, 'with --json'],
    ['at a terminal, CI=true', false, { CI: 'true' }, true, 'CI is set'],
    ['with no terminal', false, {}, false, 'no terminal'],
  ])('%s: says why, exit 2, nothing saved', async (_, json, env, terminal, why) => {
    const e = await loginWithNoSide(json, env, terminal);
    expect({ message: e.message, exitCode: e.exitCode, hint: e.hint }).toEqual({
      message: `Say which side to log in to: prompts are off here (${why}).`,
      exitCode: 2,
      hint: 'Use `login zoho …` or `login myoperator --token …`.',
    });
    expect(existsSync(join(tmp.dir, 'credentials.json'))).toBe(false);
  });
});
