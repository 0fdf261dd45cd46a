/**
 * The Zoho emulator against Zoho's official OpenAPI files (../shared/specs/zoho-crm-v8): its
 * responses must validate, so the emulator cannot drift from the published shape. Sample-derived
 * `pattern`s and one-value `enum`s that real data breaks are relaxed (reference §3.6).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmulators, type Emulators } from '../support/emulators.js';

const SPECS = resolve('test/fixtures/zoho-crm-v8');

function relax(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relax);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'pattern' || k === 'format' || k === 'example' || k === 'examples') continue;
    if (k === 'enum' && Array.isArray(v) && v.length <= 1) continue;
    out[k] = relax(v);
  }
  // OpenAPI 3.0 `nullable` to JSON Schema
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  delete out.nullable;
  return out;
}

function validator(file: string, ref: string) {
  const spec = relax(JSON.parse(readFileSync(resolve(SPECS, file), 'utf8'))) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ ...spec, $id: 'spec' });
  return ajv.getSchema(`spec${ref}`)!;
}

let e: Emulators;
let token: string;
beforeAll(async () => {
  e = await startEmulators();
  const res = await fetch(`${e.zoho.url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: '1000.TESTCLIENT00000000000000000000',
      client_secret: 'test-client-secret-0123456789abcdef',
      refresh_token: e.refreshToken,
    }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => e.close());

const get = (path: string) => fetch(`${e.zoho.url}${path}`, { headers: { authorization: `Zoho-oauthtoken ${token}` } });

describe('the Zoho emulator follows the official OpenAPI files', () => {
  it('GET /crm/v8/users answers 200 with a body valid against users.json Response_Wrapper', async () => {
    const res = await get('/crm/v8/users?type=AllUsers&page=1&per_page=200');
    expect(res.status).toBe(200);
    const validate = validator('users.json', '#/components/schemas/Response_Wrapper');
    const body = await res.json();
    expect(validate(body) ? [] : validate.errors).toEqual([]);
  });

  it('the schema is not vacuous: a page without info fails it', async () => {
    const validate = validator('users.json', '#/components/schemas/Response_Wrapper');
    const body = (await (await get('/crm/v8/users')).json()) as Record<string, unknown>;
    expect(validate({ users: body.users, info: { per_page: 200 } })).toBe(false);
  });

  it('an empty page is 204 with an empty body, as the spec lists', async () => {
    const res = await get('/crm/v8/users?page=99');
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('a bad type is 400 in the error shape of users.json', async () => {
    const res = await get('/crm/v8/users?type=Nonsense');
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'INVALID_DATA', status: 'error' });
    expect(Object.keys(body).sort()).toEqual(['code', 'details', 'message', 'status']);
  });

  it('GET /crm/v8/users/actions/count and /crm/v8/org answer in the documented shapes', async () => {
    expect(await (await get('/crm/v8/users/actions/count')).json()).toEqual({ count: e.zoho.users.length });
    const org = (await (await get('/crm/v8/org')).json()) as { org: Array<Record<string, unknown>> };
    expect(org.org[0]).toMatchObject({ company_name: 'Acme Traders', type: 'Production' });
  });
});
