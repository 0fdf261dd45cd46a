/**
 * The Zoho emulator against Zoho's official OpenAPI files (../shared/specs/zoho-crm-v8): its
 * responses must validate, so the emulator cannot drift from the published shape. Sample-derived
 * `pattern`s and one-value `enum`s that real data breaks are relaxed (reference §3.6); the errors'
 * one-value `code` enums are kept, as they tell RErrorResponse's kinds apart.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulators, type Emulators } from '../support/emulators.js';
import { zohoValidator as validator } from '../support/zoho-spec.js';

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

const COUNT = '#/paths/~1crm~1v8~1users~1actions~1count/get/responses/200/content/application~1json/schema';
const LIST_400 = '#/components/responses/RErrorResponse/content/application~1json/schema';

describe('the Zoho emulator follows the official OpenAPI files', () => {
  it('GET /crm/v8/users answers 200 with a body valid against users.json Response_Wrapper', async () => {
    const res = await get('/crm/v8/users?page=1&per_page=200');
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

  it.each(['Nonsense', 'AllUsers'])('type=%s (not in the enum users.json lists) is 400 in its RErrorResponse shape', async (type) => {
    const res = await get(`/crm/v8/users?type=${type}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'INVALID_DATA', status: 'error' });
    const validate = validator('users.json', LIST_400);
    expect(validate(body) ? [] : validate.errors).toEqual([]);
  });

  it.each(['ActiveUsers', 'CurrentUser', 'ActiveConfirmedUsers', 'DeactiveUsers', 'NotConfirmedUsers', 'ConfirmedUsers'])(
    'type=%s, from the enum, is read',
    async (type) => {
      const res = await get(`/crm/v8/users?type=${type}`);
      expect([200, 204]).toContain(res.status);
    },
  );

  it('GET /crm/v8/users/actions/count answers count as a string, as users.json types it', async () => {
    const body = await (await get('/crm/v8/users/actions/count')).json();
    expect(body).toEqual({ count: String(e.zoho.users.length) });
    const validate = validator('users.json', COUNT);
    expect(validate(body) ? [] : validate.errors).toEqual([]);
    expect(validate({ count: e.zoho.users.length })).toBe(false);
  });

  it('GET /crm/v8/users/{id} answers the Response_Wrapper with that user, and 204 for an unknown id', async () => {
    const user = e.zoho.users[0]!;
    const res = await get(`/crm/v8/users/${user.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { users: Array<{ id: string }> };
    expect(body.users.map((u) => u.id)).toEqual([user.id]);
    const validate = validator('users.json', '#/components/schemas/Response_Wrapper');
    expect(validate(body) ? [] : validate.errors).toEqual([]);
    const none = await get('/crm/v8/users/1');
    expect(none.status).toBe(204);
  });

  it('GET /crm/v8/org answers in the documented shape', async () => {
    const org = (await (await get('/crm/v8/org')).json()) as { org: Array<Record<string, unknown>> };
    expect(org.org[0]).toMatchObject({ company_name: 'Acme Traders', type: 'Production' });
  });
});
