/**
 * An HTML page (a login page saved instead of the export) given to match is named as such, for
 * both sides and both extensions, as `map --import` names it: not "not valid JSON (Unexpected
 * token '<'…)" nor "no e-mail column in the header (<html>…)". Each test has its own config dir.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noStack, runCli, tempDir, writeDemoExports } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const PAGE = '\n  <html><body>Sign in</body></html>\n';

describe('match given an HTML page', () => {
  it.each([
    ['zoho', 'page.json'],
    ['zoho', 'page.csv'],
    ['myoperator', 'page.json'],
    ['myoperator', 'page.csv'],
  ])('as --%s-file %s: says it is an HTML page, exit 2', async (side, name) => {
    const { zohoFile, myoperatorFile } = writeDemoExports(tmp.dir);
    const page = join(tmp.dir, name);
    writeFileSync(page, PAGE);
    const files = side === 'zoho' ? ['--zoho-file', page, '--myoperator-file', myoperatorFile] : ['--zoho-file', zohoFile, '--myoperator-file', page];
    const run = await runCli(['--config-dir', join(tmp.dir, 'cfg'), 'match', ...files]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const label = side === 'zoho' ? 'Zoho' : 'MyOperator';
    expect(run.stderr).toBe(
      `${page}: not a users export, but an HTML page (a login or proxy page saved instead of the export?).\n` +
        `Export the ${label} users again (\`phonebridge-sync --config-dir ${join(tmp.dir, 'cfg')} list ${side} --json\` writes one), and pass that file.\n`,
    );
    expect(noStack(run.stderr)).toBe(true);
  });
});
