/**
 * Property-based fuzzing of every parser: exports (CSV and JSON), webhook payloads, API bodies
 * served by the emulators, hand-edited store files. Never a crash: a result, or our typed error
 * (exit 2 or 4) with a sentence. And nothing remote reaches the terminal raw.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../../src/errors.js';
import { parseMyOperatorUsers, parseZohoUsers } from '../../src/io/user-files.js';
import { parseCallPayload } from '../../src/io/webhook.js';
import { MappingStore } from '../../src/store/mappings.js';
import { visible } from '../../src/core/forensics.js';
import { toJson, toTsv } from '../../src/io/render.js';
import { expectEveryFaultTaken, moClient, startEmulators, zohoClients, type Emulators } from '../support/emulators.js';
import { tempDir } from '../support/cli.js';
import { writeReport } from '../support/report.js';

const tally: Record<string, { tried: number; failures: number }> = {};
afterAll(() => writeReport('fuzz', tally));
function count(name: string, ok: boolean): void {
  tally[name] ??= { tried: 0, failures: 0 };
  tally[name].tried++;
  if (!ok) tally[name].failures++;
}

/** Runs f; true when it returned or threw one of our typed errors with a sentence. */
function behaves(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    return e instanceof CliError && e.message.length > 10 && !e.message.includes('undefined');
  }
}
async function behavesAsync(f: () => Promise<unknown>): Promise<boolean> {
  try {
    await f();
    return true;
  } catch (e) {
    return e instanceof CliError && e.message.length > 10 && !e.message.includes('undefined');
  }
}

// JSON that looks like the real thing, mutated: wrong types, missing keys, odd values.
const scalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const userish = fc.dictionary(
  fc.constantFrom('id', 'uuid', 'email', 'full_name', 'name', 'status', 'zuid', 'extension', 'is_active', 'is_enabled', 'confirm', 'first_name'),
  fc.oneof(scalar, fc.array(scalar, { maxLength: 2 })),
);
const document = fc.oneof(
  fc.record(
    { users: fc.oneof(fc.array(userish, { maxLength: 4 }), scalar), info: fc.oneof(fc.record({ more_records: scalar }), scalar) },
    { requiredKeys: [] },
  ),
  fc.record(
    { status: fc.oneof(fc.constantFrom('success', 'error'), scalar), data: fc.oneof(fc.array(userish, { maxLength: 4 }), scalar), message: scalar },
    { requiredKeys: [] },
  ),
  fc.array(userish, { maxLength: 4 }),
  fc.jsonValue(),
);
const csvish = fc
  .array(fc.array(fc.oneof(fc.string(), fc.constantFrom('email', 'uuid', 'id', 'name', 'status', '"', ',', '\n', 'a@b.in')), { maxLength: 5 }), {
    maxLength: 5,
  })
  .map((rows) => rows.map((r) => r.join(',')).join('\n'));

describe('fuzzing the parsers', () => {
  it('user exports (JSON and CSV, both sides): a result or a UsageError, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          document.map((d) => JSON.stringify(d)),
          csvish,
          fc.string(),
        ),
        fc.constantFrom('users.json', 'users.csv', 'users'),
        async (text, file) => {
          const ok = (await behavesAsync(() => parseZohoUsers(file, text))) && (await behavesAsync(() => parseMyOperatorUsers(file, text)));
          count('user exports', ok);
          expect(ok).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('webhook payloads: legacy, form-encoded, envelope, and garbage', () => {
    const legacy = fc.record(
      { _ci: scalar, _ld: fc.oneof(fc.array(fc.record({ _rr: fc.oneof(fc.array(userish), userish, scalar) }, { requiredKeys: [] })), scalar) },
      { requiredKeys: [] },
    );
    const payload = fc.oneof(
      legacy.map((d) => JSON.stringify(d)),
      legacy.map((d) => new URLSearchParams({ myoperator: JSON.stringify(d) }).toString()),
      fc.record({ event_type: scalar, payload: fc.oneof(userish, fc.jsonValue()) }).map((d) => JSON.stringify(d)),
      fc.jsonValue().map((d) => JSON.stringify(d)),
      fc.string(),
    );
    fc.assert(
      fc.property(payload, (text) => {
        const ok = behaves(() => parseCallPayload('call.json', text));
        count('webhook payloads', ok);
        expect(ok).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('hand-edited mapping stores: read back, or a UsageError naming the file', () => {
    const tmp = tempDir();
    try {
      const entry = fc.record(
        {
          zoho: fc.oneof(fc.record({ id: scalar, zuid: scalar, email: scalar }), scalar),
          myoperator: fc.oneof(fc.record({ uuid: scalar, extension: scalar, email: scalar }), scalar),
          how: fc.oneof(fc.constantFrom('auto', 'manual', 'import'), scalar),
          at: scalar,
        },
        { requiredKeys: [] },
      );
      const file = fc.oneof(
        fc
          .record(
            {
              version: fc.oneof(fc.constant(1), scalar),
              mappings: fc.oneof(fc.array(entry, { maxLength: 3 }), scalar),
              ignored: fc.oneof(fc.array(fc.dictionary(fc.string(), scalar), { maxLength: 2 }), scalar),
            },
            { requiredKeys: [] },
          )
          .map((d) => JSON.stringify(d)),
        fc.string(),
      );
      let i = 0;
      fc.assert(
        fc.property(file, (text) => {
          const path = join(tmp.dir, `m${i++}.json`);
          writeFileSync(path, text);
          let ok = behaves(() => new MappingStore(path).read());
          try {
            new MappingStore(path).read();
          } catch (e) {
            ok = ok && (e as Error).message.includes(path);
          }
          count('mapping stores', ok);
          expect(ok).toBe(true);
        }),
        { numRuns: 400 },
      );
    } finally {
      tmp.cleanup();
    }
  });
});

describe('fuzzing the API bodies the emulators serve', () => {
  let e: Emulators;
  beforeAll(async () => {
    e = await startEmulators();
  });
  afterAll(() => e.close());
  // A body no request took was never fuzzed: every run's fault must have reached the client.
  afterEach(() => expectEveryFaultTaken(e));

  it('Zoho users pages and MyOperator pages of any shape: users, or a RemoteError naming the problem', async () => {
    await fc.assert(
      fc.asyncProperty(document, fc.boolean(), async (doc, zohoSide) => {
        const server = zohoSide ? e.zoho.server : e.mo.server;
        server.clearFaults();
        server.fault(zohoSide ? '/crm/v8/users' : '/user', { kind: 'body', body: JSON.stringify(doc) }, 1);
        const ok = await behavesAsync(() =>
          zohoSide ? zohoClients(e, { http: { retries: 0 } }).client.listUsers() : moClient(e, e.mo.token, { retries: 0 }).listUsers(),
        );
        server.clearFaults();
        count('API bodies', ok);
        expect(ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('nothing remote reaches the terminal raw', () => {
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
  it('visible(), tab-separated output and JSON never carry raw control, escape or bidi characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const ok = !RAW.test(visible(s)) && !RAW.test(toTsv([[s, s]]).slice(0, -1)) && !RAW.test(toJson({ s }));
        count('terminal output', ok);
        expect(ok).toBe(true);
        expect(JSON.parse(toJson({ s })).s).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });
});
