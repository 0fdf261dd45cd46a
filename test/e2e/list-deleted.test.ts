/**
 * `list zoho --status deleted` asks Zoho for its deleted users by name (type=DeletedUsers), `all` does not:
 * whether Zoho's default list holds them is unconfirmed (reference §3.1), so every test runs under
 * both answers the emulator can give. Each test has its own emulators and config dir, and closes them.
 */
import { describe, expect, it } from '@jest/globals';
import { emulatorEnv, startEmulators, type Emulators } from '../support/emulators.js';
import { noStack, runCli, tempDir, type Run } from '../support/cli.js';
import type { DemoZohoUser } from '../../src/sandbox/demo-company.js';

interface Listed {
  id: string;
  email: string;
  status: string;
  active: boolean;
}

/** Two deleted users: one with an e-mail of its own, one an old record of an active user's e-mail. */
function withDeleted(users: DemoZohoUser[]): { users: DemoZohoUser[]; deleted: string[] } {
  const asha = users.find((u) => u.email === 'asha.rao@acmetraders.in')!;
  const gone: DemoZohoUser[] = [
    { ...users[1]!, id: '4815900000000900001', zuid: '60019001', email: 'old.hand@acmetraders.in', full_name: 'Old Hand', status: 'deleted' },
    { ...asha, id: '4815900000000900002', zuid: '60019002', status: 'deleted' },
  ];
  // Deleted users among the others, not only at the end: the merge must not depend on order.
  return { users: [...users.slice(0, 5), gone[0]!, ...users.slice(5), gone[1]!], deleted: gone.map((u) => u.id) };
}

/** Emulators and a config dir for one test, closed when it ends. */
async function scene(
  includesDeleted: boolean,
  test: (e: Emulators, cli: (args: string[], env?: Record<string, string>) => Promise<Run>, deleted: string[]) => Promise<void>,
): Promise<void> {
  const e = await startEmulators();
  const cfg = tempDir();
  try {
    e.zoho.defaultListIncludesDeleted = includesDeleted;
    const seeded = withDeleted(e.zoho.users);
    e.zoho.users = seeded.users;
    await test(e, (args, env = {}) => runCli(['--config-dir', cfg.dir, ...args], { ...emulatorEnv(e), ...env }), seeded.deleted);
  } finally {
    await e.close();
    cfg.cleanup();
  }
}

/** The users listings asked for, by their `type` ('' for none). */
function typesAsked(e: Emulators, path = '/crm/v8/users'): string[] {
  return e.zoho.server.log.filter((r) => r.method === 'GET' && r.path === path).map((r) => new URLSearchParams(r.query).get('type') ?? '');
}

describe.each([true, false])("list zoho, when Zoho's default list includes deleted users: %s", (includesDeleted) => {
  it('--status deleted --json shows exactly the deleted users, from one listing of type=DeletedUsers', () =>
    scene(includesDeleted, async (e, cli, deleted) => {
      const run = await cli(['--json', 'list', 'zoho', '--status', 'deleted']);
      expect(run.code).toBe(0);
      const users = JSON.parse(run.stdout).users as Listed[];
      expect(users.map((u) => u.id)).toEqual(deleted);
      expect(users.every((u) => u.status === 'deleted' && !u.active)).toBe(true);
      expect(typesAsked(e)).toEqual(['DeletedUsers']);
    }));

  it("--status all (plain `list zoho`) is Zoho's users list as it comes, one listing: the deleted users are there only if Zoho puts them there", () =>
    scene(includesDeleted, async (e, cli, deleted) => {
      const run = await cli(['--json', 'list', 'zoho', '--status', 'all']);
      expect(run.code).toBe(0);
      const users = JSON.parse(run.stdout).users as Listed[];
      expect(users.filter((u) => u.status === 'deleted').map((u) => u.id)).toEqual(includesDeleted ? deleted : []);
      expect(users).toHaveLength(includesDeleted ? 21 : 19);
      expect(typesAsked(e)).toEqual(['']);
      const shown = await cli(['list', 'zoho']);
      expect(shown.stderr).toBe(includesDeleted ? '21 Zoho users.\n' : '19 Zoho users.\n');
    }));
});

describe('an organisation that refuses type=DeletedUsers (HTTP 400)', () => {
  it.each(['crm', 'bigin'] as const)('%s: --status deleted is one sentence naming the refusal and a line on what to do, exit 4, no stack', (product) =>
    scene(false, async (e, cli) => {
      e.zoho.deletedUsersType = false;
      const run = await cli(['list', 'zoho', '--status', 'deleted'], { PHONEBRIDGE_ZOHO_PRODUCT: product });
      expect(run.code).toBe(4);
      expect(run.stdout).toBe('');
      const [path, name] = product === 'crm' ? ['/crm/v8/users', 'Zoho CRM'] : ['/bigin/v2/users', 'Bigin'];
      expect(run.stderr).toBe(
        `${name} would not list deleted users: it answered ${path}?type=DeletedUsers with HTTP 400 (INVALID_DATA "invalid data" (api_name: type)), so this organisation does not take that type.\n` +
          `Look them up in ${name} itself (its Users page in settings); listing users without this type still works.\n`,
      );
      expect(noStack(run.stderr)).toBe(true);
      expect(typesAsked(e, path)).toEqual(['DeletedUsers']);
    }),
  );

  it('`list zoho` (all) is untouched by it: one listing, without the type, every user, exit 0', () =>
    scene(false, async (e, cli) => {
      e.zoho.deletedUsersType = false;
      const run = await cli(['list', 'zoho']);
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n')).toHaveLength(19);
      expect(run.stderr).toBe('19 Zoho users.\n');
      expect(typesAsked(e)).toEqual(['']);
    }));
});

describe('a 400 on a later page of the deleted users, after Zoho listed the first ones', () => {
  it("is Zoho's error for that page, naming it, not a refusal of the type: exit 4, no stack", () =>
    scene(false, async (e, cli) => {
      const [first] = e.zoho.users;
      const left = Array.from({ length: 450 }, (_, i) => ({
        ...first!,
        id: String(4815900000009100000n + BigInt(i)),
        zuid: String(61000000 + i),
        email: `left.${i}@acmetraders.in`,
        full_name: `Left ${i}`,
        status: 'deleted' as const,
      }));
      e.zoho.users = [...e.zoho.users, ...left];
      // Pages 1 and 2 (400 users) are served; page 3 starts past the limit.
      e.zoho.pagingLimit = 400;
      const run = await cli(['list', 'zoho', '--status', 'deleted']);
      expect(run.code).toBe(4);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'Zoho answered page 3 of /crm/v8/users?type=DeletedUsers with HTTP 400: DISCRETE_PAGINATION_LIMIT_EXCEEDED "only the first 400 records can be read by page" (limit: 400).\n' +
          'Run with --verbose to see the request; if it persists, report it.\n',
      );
      expect(noStack(run.stderr)).toBe(true);
      const pages = e.zoho.server.log.filter((r) => r.path === '/crm/v8/users').map((r) => new URLSearchParams(r.query));
      expect(pages.map((q) => `${q.get('type')} ${q.get('page')}`)).toEqual(['DeletedUsers 1', 'DeletedUsers 2', 'DeletedUsers 3']);
    }));
});
