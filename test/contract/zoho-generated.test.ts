/**
 * The real Zoho client against bodies generated from Zoho's official users.json (the published
 * bytes, test/fixtures/zoho-crm-v8) by json-schema-faker: optional properties sometimes left out,
 * nullable ones sometimes null, every body checked against the spec first. A few hundred runs,
 * each served over HTTP by a server on port 0 that this file closes. Each run is either read
 * exactly as served, or rejected (exit 4) with a sentence that is true of what was served; a few
 * are replayed through the built bin's `resync`, which must leave the mappings file alone when
 * the read is rejected.
 *
 * Seeded: the seed is printed, and PHONEBRIDGE_CONTRACT_SEED=<seed> replays a run set exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { generateSync } from 'json-schema-faker';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Http } from '../../src/clients/http.js';
import { ZohoClient } from '../../src/clients/zoho.js';
import { RemoteError } from '../../src/errors.js';
import { EmulatorServer, type EmulatorRequest, type Reply } from '../../src/sandbox/server.js';
import { runCli, tempDir } from '../support/cli.js';
import { emulatorEnv, FAST, startEmulators, zohoClients, type Emulators } from '../support/emulators.js';
import { zohoSpec } from '../support/zoho-spec.js';

const SEED = Number(process.env.PHONEBRIDGE_CONTRACT_SEED ?? Math.floor(Math.random() * 1_000_000));
const RUNS = 300;
/** Runs replayed through the built bin: a few rejected reads and one that is read. */
const CLI_REJECTED = 3;
const CLI_READ = 1;

const spec = zohoSpec('users.json', { relaxed: false });
const at = (ref: string) => ({ ...spec, $ref: ref });
// RErrorResponse is a oneOf whose INVALID_DATA branches overlap (InvalidError's details fit them
// all), so a body of one branch never passes the oneOf: each branch is generated and checked alone.
const BAD_REQUEST = ['InvalidUrlError', 'InvalidTypeError', 'MandatoryError', 'InvalidError', 'InvalidParamError'] as const;
const SCHEMAS = {
  page: at('#/components/schemas/Response_Wrapper'),
  count: at('#/paths/~1crm~1v8~1users~1actions~1count/get/responses/200/content/application~1json/schema'),
  internal: at('#/components/schemas/InternalError'),
  ...Object.fromEntries(BAD_REQUEST.map((name) => [name, at(`#/components/schemas/${name}`)])),
} as Record<string, Record<string, unknown>>;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const valid = Object.fromEntries(Object.entries(SCHEMAS).map(([k, s]) => [k, ajv.compile(s)]));

interface ServedUser {
  id?: unknown;
  email?: unknown;
  full_name?: unknown;
  first_name?: unknown;
  last_name?: unknown;
}
interface Run {
  seed: number;
  /** What page 1 is: a users page (most runs), or one of the error bodies users.json lists. */
  first: 'page' | 'badRequest' | 'internal';
  /** The bodies served, by page number (1-based) and for the count. */
  pages: Map<number, { users: ServedUser[] }>;
  errorCode?: string;
}

/** One body of a kind, checked against the spec before it is served. maxDepth reaches users[].theme.normal_tab. */
function generate(kind: string, seed: number): unknown {
  const body = generateSync(SCHEMAS[kind]!, { seed, optionalsProbability: 0.75, maxDefaultItems: 4, maxDepth: 10 });
  const check = valid[kind]!;
  if (!check(body)) throw new Error(`json-schema-faker made a ${kind} body that users.json rejects (seed ${seed}): ${ajv.errorsText(check.errors)}`);
  return body;
}

function newRun(seed: number): Run {
  const pick = seed % 20;
  return { seed, first: pick === 0 ? 'badRequest' : pick === 1 ? 'internal' : 'page', pages: new Map() };
}

let served = 0;

/** The server's answer for one request of a run: deterministic per (seed, page), whatever the order. */
function answer(run: Run, req: EmulatorRequest): Reply {
  served++;
  if (req.path === '/crm/v8/users/actions/count') return { status: 200, json: generate('count', run.seed * 1000 + 999) };
  const page = Number(req.query.get('page') ?? '1');
  if (page === 1 && run.first !== 'page') {
    const kind = run.first === 'internal' ? 'internal' : BAD_REQUEST[run.seed % BAD_REQUEST.length]!;
    const body = generate(kind, run.seed * 1000) as { code: string };
    run.errorCode = body.code;
    return { status: run.first === 'badRequest' ? 400 : 500, json: body };
  }
  const body = generate('page', run.seed * 1000 + page) as { users: ServedUser[] };
  run.pages.set(page, body);
  return { status: 200, json: body };
}

const gone = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Why an outcome is wrong, or undefined when it is right for what was served. */
function judge(run: Run, outcome: { users?: Array<{ id: string; email: string }>; error?: unknown }): string | undefined {
  const served = [...run.pages.entries()].sort(([a], [b]) => a - b).flatMap(([, p]) => p.users);
  if (outcome.users) {
    if (run.first !== 'page') return `an error body (${run.first}) was read as users`;
    const read = outcome.users.map((u) => [u.id, u.email]);
    const sent = served.map((u) => [String(u.id), typeof u.email === 'string' ? u.email : '']);
    return JSON.stringify(read) === JSON.stringify(sent) ? undefined : `read ${JSON.stringify(read)} but was served ${JSON.stringify(sent)}`;
  }
  const err = outcome.error;
  if (!(err instanceof RemoteError)) return `rejected with ${String(err)}, not a RemoteError`;
  if (err.exitCode !== 4) return `exit ${err.exitCode}`;
  const m = err.message;
  if (run.first !== 'page') return m.includes(run.errorCode ?? '?') ? undefined : `the sentence lacks the error code ${run.errorCode}: ${m}`;
  const who = /^Zoho sent user (\d+) on users page (\d+)/.exec(m);
  if (who) {
    const user = run.pages.get(Number(who[2]))?.users[Number(who[1]) - 1];
    if (!user) return `names a user that was not served: ${m}`;
    const kind = /without an id \(the field is (missing|null|empty)\)/.exec(m)?.[1];
    if (kind)
      return gone(user.id) && kind === (user.id === undefined ? 'missing' : user.id === null ? 'null' : 'empty') ? undefined : `wrong about the id: ${m}`;
    if (/with neither an e-mail nor a name/.test(m))
      return [user.email, user.full_name, user.first_name, user.last_name].every(gone) ? undefined : `wrong about e-mail and name: ${m}`;
    return `unknown sentence: ${m}`;
  }
  if (
    /^Zoho (sent users page \d+ with the same users as|sent the user with id .+ (twice on|on users page \d+ and again on)|still said more users|was still sending)/.test(
      m,
    )
  )
    return undefined;
  return `unexpected sentence: ${m}`;
}

function kindOf(err: unknown): string {
  const m = (err as Error).message;
  return (
    /without an id \(the field is (\w+)/.exec(m)?.[0].replace(/^without an id \(the field is /, 'id ') ??
    (/neither an e-mail nor a name/.test(m) ? 'no e-mail or name' : (/HTTP (400|500)/.exec(m)?.[0] ?? (/cannot be trusted/.test(m) ? 'paging' : 'other')))
  );
}

let e: Emulators;
let current: Run = newRun(0);
const server = new EmulatorServer((req) => answer(current, req));
const tmp = tempDir();
beforeAll(async () => {
  console.log(`generated-body seed ${SEED} (replay: PHONEBRIDGE_CONTRACT_SEED=${SEED})`);
  e = await startEmulators();
  await server.start();
});
afterAll(async () => {
  await server.close();
  await e.close();
  tmp.cleanup();
});

describe(`Zoho bodies generated from users.json (seed ${SEED})`, () => {
  const outcomes: Array<{ run: Run; rejected: boolean; why?: string }> = [];

  it(`${RUNS} runs: each is read exactly as served, or rejected with a true sentence`, async () => {
    const auth = zohoClients(e).auth;
    const wrong: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      current = newRun(SEED + i);
      const client = new ZohoClient(new Http({ remote: 'Zoho', ...FAST, retries: 0 }), auth, 'crm', server.url, { pagingBudgetMs: 10_000 });
      const outcome = await client.listUsers().then(
        (users) => ({ users }),
        (error: unknown) => ({ error }),
      );
      const problem = judge(current, outcome);
      if (problem) wrong.push(`seed ${current.seed}: ${problem}`);
      const why = 'error' in outcome ? kindOf(outcome.error) : undefined;
      outcomes.push({ run: current, rejected: 'error' in outcome, why });
    }
    expect(wrong).toEqual([]);
    // Not vacuous: the spec's nullable, optional id makes many runs fail, and many pass.
    const rejected = outcomes.filter((o) => o.rejected).length;
    const tally: Record<string, number> = {};
    for (const o of outcomes) if (o.why) tally[o.why] = (tally[o.why] ?? 0) + 1;
    console.log(`${RUNS} runs, ${served} bodies served: ${RUNS - rejected} read, ${rejected} rejected (${JSON.stringify(tally)})`);
    expect(rejected).toBeGreaterThan(RUNS / 10);
    expect(RUNS - rejected).toBeGreaterThan(RUNS / 10);
  });

  it('resync through the built bin: a rejected read is exit 4 and leaves the mappings file byte for byte', async () => {
    const file = join(tmp.dir, 'mappings.json');
    const env = { ...emulatorEnv(e, 0), PHONEBRIDGE_MAPPINGS_FILE: file };
    expect((await runCli(['--config-dir', tmp.dir, 'resync', '--yes'], env)).code).toBe(0);
    const saved = readFileSync(file);
    const picks = [
      ...outcomes.filter((o) => o.rejected && o.run.first === 'page').slice(0, CLI_REJECTED),
      ...outcomes.filter((o) => !o.rejected).slice(0, CLI_READ),
    ];
    expect(picks).toHaveLength(CLI_REJECTED + CLI_READ);
    for (const { run, rejected } of picks) {
      writeFileSync(file, saved);
      current = newRun(run.seed);
      const cli = await runCli(['--config-dir', tmp.dir, 'resync', '--yes', '--prune', '--force'], { ...env, PHONEBRIDGE_ZOHO_API_URL: server.url });
      const what = `seed ${run.seed}: exit ${cli.code}, ${cli.stderr.split('\n')[0]}`;
      if (rejected) {
        expect(what).toMatch(/: exit 4, Zoho /);
        expect(readFileSync(file).equals(saved)).toBe(true);
      } else {
        expect(what).toMatch(/: exit [05], /);
      }
    }
  });
});
