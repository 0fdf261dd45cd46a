/**
 * The built bin against remotes that send what users.json allows, or that never end: every read
 * command stops with exit 4 and one sentence, a bad read changes no mapping, and doctor's exit
 * code says when a side's users could not be read.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorEnv, resetEmulators, withEmulators } from '../support/emulators.js';
import { noStack, runCli } from '../support/cli.js';

const h = withEmulators();
let n = 0;
let file: string;
beforeEach(() => {
  resetEmulators(h.e);
  file = join(h.tmp.dir, `mappings-${++n}.json`);
});
const cli = (args: string[]) => runCli(['--config-dir', h.tmp.dir, ...args], { ...emulatorEnv(h.e, 0), PHONEBRIDGE_MAPPINGS_FILE: file });

const zohoPage = (users: unknown[], moreRecords: boolean | null) =>
  JSON.stringify({ users, info: { per_page: 200, count: users.length, page: 1, more_records: moreRecords } });
const fullZohoPage = Array.from({ length: 200 }, (_, i) => ({ id: String(5000 + i), email: `u${i}@acme.in`, full_name: `User ${i}` }));

describe('a remote that never ends', () => {
  it('list zoho: a page that keeps coming back with more_records true is exit 4 at page 2', async () => {
    h.e.zoho.server.fault('/crm/v8/users', { kind: 'body', body: zohoPage(fullZohoPage, true) }, Infinity);
    const run = await cli(['list', 'zoho']);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe('Zoho sent users page 2 with the same users as users page 1: the user list cannot be trusted, so it was not read.');
    expect(noStack(run.stderr)).toBe(true);
    expect(h.e.zoho.server.count('GET', '/crm/v8/users')).toBe(2);
  });

  it('list myoperator: a full page with a truthy next_page forever is exit 4 at page 2', async () => {
    const data = Array.from({ length: 100 }, (_, i) => ({ uuid: `m${i}`, name: `P ${i}`, email: `p${i}@acme.in` }));
    h.e.mo.server.fault('/user', { kind: 'body', body: JSON.stringify({ status: 'success', code: 200, data, next_page: true }) }, Infinity);
    const run = await cli(['list', 'myoperator', '--json']);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(
      'MyOperator sent users page 2 with the same users as users page 1: the user list cannot be trusted, so it was not read.',
    );
  });
});

describe('a user the tool cannot track', () => {
  it('resync: a Zoho user without an id is exit 4 with the sentence, and the saved mappings are untouched, none reported stale', async () => {
    expect((await cli(['resync', '--yes'])).code).toBe(0);
    const before = readFileSync(file);
    const users = [{ id: null, email: 'ravi@acme.in' }, ...fullZohoPage.slice(0, 3)];
    h.e.zoho.server.fault('/crm/v8/users', { kind: 'body', body: zohoPage(users, null) }, Infinity);
    const run = await cli(['resync', '--yes', '--prune', '--force']);
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n')[0]).toBe(
      'Zoho sent user 1 on users page 1 (ravi@acme.in) without an id (the field is null): a user without an id cannot be mapped or tracked, so the list was not read.',
    );
    expect(run.stdout + run.stderr).not.toMatch(/stale/i);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('doctor', () => {
  const doctor = async () => {
    const run = await cli(['--json', 'doctor']);
    const doc = JSON.parse(run.stdout) as { checks: Array<{ id: string; group: string; status: string; message: string; hint: string | null }> };
    return { run, check: (id: string) => doc.checks.find((c) => c.id === id)!, users: doc.checks.filter((c) => c.group === 'Users') };
  };

  it("a side whose users cannot be read: the first check that needs that side's users is ✗ with the reason, exit 5, the others not checked (skip) for it; a check of the other side alone still runs", async () => {
    h.e.mo.server.fault('/user', { kind: 'body', body: JSON.stringify({ status: 'success', data: [{ name: 'Asha', email: 'asha@acme.in' }] }) }, Infinity);
    const { run, users, check } = await doctor();
    expect(run.code).toBe(5);
    // Zoho's e-mails are Zoho's alone: read and checked whatever MyOperator sent
    expect([check('zoho-emails').status, check('zoho-emails').message]).toEqual(['pass', 'no hidden characters in Zoho e-mails']);
    const needMyOperator = users.filter((c) => c.id !== 'zoho-emails');
    expect(needMyOperator.length).toBeGreaterThan(3);
    // One problem, counted once: the checks after the first could not run for it.
    expect(needMyOperator.map((c) => c.status)).toEqual(['fail', ...needMyOperator.slice(1).map(() => 'skip')]);
    expect(run.stderr).toContain('doctor found 1 problem');
    for (const c of needMyOperator) {
      expect(c.message).toBe(
        'cannot check: MyOperator sent user 1 on users page 1 (asha@acme.in) without a uuid (the field is missing): a user without an id cannot be mapped or tracked, so the list was not read.',
      );
      expect(c.hint).toMatch(/fault on MyOperator's side/);
    }
  });

  it('in text, that reason is printed once, with its fix, and the other checks point to it', async () => {
    h.e.mo.server.fault('/user', { kind: 'body', body: JSON.stringify({ status: 'success', data: [{ name: 'Asha', email: 'asha@acme.in' }] }) }, Infinity);
    const run = await cli(['doctor']);
    expect(run.code).toBe(5);
    expect(run.stdout.split('without a uuid (the field is missing)')).toHaveLength(2);
    expect(run.stdout.split("fault on MyOperator's side")).toHaveLength(2);
    expect(run.stdout).toMatch(/\n {2}✓ zoho-phonebridge: /);
    expect(run.stdout).toMatch(/\n {2}✗ myoperator-emails: cannot check: MyOperator sent user 1 on users page 1 \(asha@acme\.in\)/);
    expect(run.stdout).toMatch(/\n {2}– user-status: skipped, for the same reason as myoperator-emails\n/);
  });

  it('a user count that is not a number is shown as unknown, never NaN', async () => {
    h.e.zoho.server.fault('/crm/v8/users/actions/count', { kind: 'body', body: JSON.stringify({ count: 'lots' }) }, Infinity);
    const { run, check } = await doctor();
    expect(check('zoho-api').status).toBe('pass');
    expect(check('zoho-api').message).toMatch(/^users API reachable, user count unknown \(Zoho did not send a number\) \(\d+ ms\)$/);
    expect(run.stdout).not.toMatch(/NaN/);
  });

  it('the count as users.json types it (a string) is shown as a number', async () => {
    const { check } = await doctor();
    expect(check('zoho-api').message).toMatch(new RegExp(`^users API reachable, ${h.e.zoho.users.length} users visible`));
  });
});
