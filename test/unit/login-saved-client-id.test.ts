/**
 * `login zoho` again at a terminal: the client id question offers the saved login's, Enter keeps
 * it, as the data-centre list starts at the saved one. It was asked blank, the long id typed again.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { tempDir } from '../support/cli.js';

const asked: Array<{ message: string; default?: string }> = [];
// Enter at each question: the answer is what the prompt shows as its default.
jest.unstable_mockModule('@inquirer/prompts', () => ({
  input: async (config: { message: string; default?: string }) => {
    asked.push(config);
    return config.default ?? '';
  },
}));
const { run } = await import('../../src/commands/login.js');
const { createContext } = await import('../../src/context.js');

describe('login zoho at a terminal, asked for the client id', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it("offers the saved login's client id, which Enter keeps; none without a saved login", async () => {
    const ctx = {
      ...createContext({ profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false }, { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} }),
      interactive: true,
    };
    const again = { dc: 'in', clientSecret: 'sEcReT', refreshToken: '1000.abc', verify: false };
    await expect(run('zoho', again, ctx)).rejects.toThrow('--client-id was given an empty value.');
    expect(asked.splice(0)).toEqual([{ message: 'Self Client client id', validate: expect.any(Function) }]);
    await run('zoho', { ...again, clientId: '1000.ABC' }, ctx);
    await run('zoho', again, ctx);
    expect(asked).toEqual([expect.objectContaining({ message: 'Self Client client id', default: '1000.ABC' })]);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'credentials.json'), 'utf8')).profiles.default.zoho.clientId).toBe('1000.ABC');
  });

  it('offers none at another data centre than the saved login\'s: a Self Client is known at its own alone (Enter sent the "in" client to "eu")', async () => {
    const ctx = {
      ...createContext({ profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false }, { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} }),
      interactive: true,
    };
    asked.splice(0);
    await run('zoho', { dc: 'in', clientId: '1000.ABC', clientSecret: 'sEcReT', refreshToken: '1000.abc', verify: false }, ctx);
    await expect(run('zoho', { dc: 'eu', clientSecret: 'sEcReT', refreshToken: '1000.abc', verify: false }, ctx)).rejects.toThrow('--client-id was given an empty value.');
    expect(asked).toEqual([{ message: 'Self Client client id', validate: expect.any(Function) }]);
  });
});
