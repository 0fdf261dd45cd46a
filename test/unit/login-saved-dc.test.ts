/**
 * `login zoho` again at a terminal: the data-centre list starts at the saved login's, where it
 * started at "us" whatever was saved (Enter moved an Indian company's login to the US hosts).
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { tempDir } from '../support/cli.js';

const asked: unknown[][] = [];
jest.unstable_mockModule('../../src/ui/prompts.js', () => ({
  askText: async () => '',
  askChoice: async (...args: unknown[]) => {
    asked.push(args);
    throw new Error('the data-centre question was asked');
  },
}));
const { run } = await import('../../src/commands/login.js');
const { createContext } = await import('../../src/context.js');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  asked.length = 0;
});
afterEach(() => tmp.cleanup());

describe('login zoho at a terminal, asked for the data centre', () => {
  it('starts the list at the saved login\'s data centre, and at none without a saved login', async () => {
    const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false };
    const ctx = { ...createContext(globals, { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} }), interactive: true };
    const ask = () => run('zoho', { clientId: '1000.ABC', clientSecret: 'sEcReT', refreshToken: '1000.abc', verify: false }, ctx).catch((e: Error) => e);
    expect(await ask()).toMatchObject({ message: 'the data-centre question was asked' });
    expect(asked[0]![5]).toBeUndefined();
    await run('zoho', { dc: 'in', clientId: '1000.ABC', clientSecret: 'sEcReT', refreshToken: '1000.abc', verify: false }, ctx);
    expect(await ask()).toMatchObject({ message: 'the data-centre question was asked' });
    expect(asked[1]![1]).toBe('--dc');
    expect(asked[1]![5]).toBe('in');
    // Never a default off a terminal: the fallback stays unset.
    expect(asked[1]![4]).toBeUndefined();
  });
});
