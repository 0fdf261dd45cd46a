/**
 * `list zoho --unmapped` is who is left to map: a Zoho user marked "never map" (`map --ignore`)
 * is settled by choice, so it is left out, and the closing line says how many were. Each test
 * has its own config dir (the sandbox's demo company).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { noStack, runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const sandbox = (args: string[]) => runCli(['--sandbox', '--config-dir', join(tmp.dir, 'cfg'), ...args]);

describe('list zoho --unmapped and ignored users', () => {
  it('leaves out a user marked never map, and says how many were left out', async () => {
    expect((await sandbox(['map', '--ignore', 'gaurav.bose@acmetraders.in'])).code).toBe(0);
    const run = await sandbox(['list', 'zoho', '--unmapped']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('gaurav.bose@acmetraders.in');
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(18);
    expect(run.stderr).toBe('18 Zoho users (unmapped) of 19; 1 more left out as ignored (never map).\n');
    expect(noStack(run.stderr)).toBe(true);
  });

  it('plain list zoho still lists the ignored user; with none ignored the closing line is as before', async () => {
    const none = await sandbox(['list', 'zoho', '--unmapped']);
    expect(none.stderr).toBe('19 Zoho users (unmapped) of 19.\n');
    await sandbox(['map', '--ignore', 'gaurav.bose@acmetraders.in']);
    const all = await sandbox(['list', 'zoho']);
    expect(all.stdout).toContain('gaurav.bose@acmetraders.in');
    expect(all.stderr).toBe('19 Zoho users.\n');
  });

  it('list myoperator --unmapped leaves out a MyOperator user left unmapped on purpose, and says so', async () => {
    expect((await sandbox(['list', 'myoperator', '--unmapped'])).stdout).toContain('reception@acmetraders.in');
    expect((await sandbox(['map', '--ignore-myoperator', '10'])).code).toBe(0);
    const run = await sandbox(['list', 'myoperator', '--unmapped']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('reception@acmetraders.in');
    expect(run.stderr).toMatch(/^\d+ MyOperator users \(unmapped\) of \d+; 1 more left out \(left unmapped on purpose\)\.\n$/);
  });
});
