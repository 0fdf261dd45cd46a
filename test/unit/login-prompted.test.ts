/**
 * `login` of both sides at a terminal: Zoho is saved before MyOperator's token is asked for, so a
 * token refused at its prompt must not be followed by a sentence saying nothing was saved, and the
 * MyOperator token saved after it must stay saved.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { tempDir } from '../support/cli.js';
import { CLIENT_ID, CLIENT_SECRET, emulatorUrls, withEmulators } from '../support/emulators.js';

let answers: string[] = [];
jest.unstable_mockModule('../../src/ui/prompts.js', () => ({
  askText: async () => answers.shift() ?? '',
  askChoice: async () => {
    throw new Error('no choice expected');
  },
}));
const { run } = await import('../../src/commands/login.js');
const { createContext } = await import('../../src/context.js');

const h = withEmulators();
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** A context at a terminal (prompts answered from `answers`), its stderr gathered in `said()`. */
function atTerminal(env: Record<string, string> = {}) {
  let said = '';
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => (said += d.toString()));
  const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false };
  return { ctx: { ...createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env }), interactive: true }, said: () => said };
}

describe('login of both sides, the MyOperator token typed at its prompt', () => {
  it('a token holding a space is refused without saying nothing was saved, as the Zoho login was', async () => {
    const { ctx, said } = atTerminal();
    answers = ['Zq Xy'];
    const e = await run(undefined, { dc: 'in', clientId: '1000.ABC', clientSecret: 'sEcReT', refreshToken: '1000.abc', verify: false }, ctx).then(
      () => new Error('login succeeded'),
      (x: Error & { exitCode?: number }) => x,
    );
    expect(e).toMatchObject({ exitCode: 2 });
    expect(said()).toMatch(/^Logged in to Zoho CRM \(data centre in\) for profile "default" \(not verified\)\. Saved in /);
    const credentials: unknown = JSON.parse(readFileSync(join(tmp.dir, 'credentials.json'), 'utf8'));
    expect(existsSync(join(tmp.dir, 'credentials.json'))).toBe(true);
    expect(JSON.stringify(credentials)).toContain('1000.ABC');
    expect(JSON.stringify(credentials)).not.toContain('Zq');
    expect(e.message).toBe('--token holds a space or an invisible or control character (character 3 of 5), which no credential has: it was not saved.');
    expect(e.message).not.toMatch(/nothing was saved/);
  });
});

describe('login of both sides, every value given, a grant token exchanged', () => {
  it('keeps the MyOperator token it says it saved: the access token, saved off the event loop, put back the file without it', async () => {
    const { ctx, said } = atTerminal(emulatorUrls(h.e));
    const grantToken = h.e.zoho.issueGrantCode(CLIENT_ID);
    await run(undefined, { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, grantToken, token: h.e.mo.token, verify: false }, ctx);
    // As the process would go on to its end: a write still in flight lands.
    await new Promise((done) => setTimeout(done, 200));
    expect(said()).toMatch(/^Logged in to MyOperator for profile "default" \(not verified\)\. Saved in /m);
    const saved = JSON.parse(readFileSync(join(tmp.dir, 'credentials.json'), 'utf8')).profiles.default;
    expect(saved.myoperator).toEqual({ token: h.e.mo.token });
    // The access token of the exchange is kept too, for the next run.
    expect(saved.zoho).toMatchObject({ clientId: CLIENT_ID, token: { accessToken: expect.any(String) } });
  });
});
