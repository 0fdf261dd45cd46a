/**
 * Zoho CRM / Bigin users (v8 / v2) and PhoneBridge v3 users. Every call carries
 * `Authorization: Zoho-oauthtoken`; INVALID_TOKEN (or AUTHENTICATION_FAILURE) gets one refresh and
 * one retry; OAUTH_SCOPE_MISMATCH names the scope to add.
 */
import { AuthError, RemoteError } from '../errors.js';
import { zohoUserFrom, type ZohoUser } from '../core/users.js';
import type { Http, HttpResponse } from './http.js';
import { phoneBridgeUsersPageSchema, zohoApiErrorSchema, zohoCountSchema, zohoUsersPageSchema } from './schemas.js';
import type { ZohoAuth } from './zoho-auth.js';

export type ZohoProduct = 'crm' | 'bigin';

export interface PhoneBridgeUser {
  /** The id every PhoneBridge call carries; equals the CRM user's zuid. */
  zohouser: string;
  email: string;
  name: string;
}

const PER_PAGE = 200;
const PB_PER_PAGE = 1000;

export class ZohoClient {
  constructor(
    private readonly http: Http,
    private readonly auth: ZohoAuth,
    private readonly product: ZohoProduct,
    /** PHONEBRIDGE_ZOHO_API_URL: wins over the token's api_domain (tests, proxies). */
    private readonly apiUrlOverride?: string,
  ) {}

  private get usersPath(): string {
    return this.product === 'bigin' ? '/bigin/v2/users' : '/crm/v8/users';
  }

  private async get(path: string, query: Record<string, string>): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.auth.token(attempt > 0);
      const base = this.apiUrlOverride ?? token.apiDomain;
      const res = await this.http.request('GET', `${base}${path}?${new URLSearchParams(query)}`, {
        headers: { authorization: `Zoho-oauthtoken ${token.accessToken}` },
      });
      if (res.status < 400) return res;
      const err = zohoApiErrorSchema.safeParse(safeJson(res.body));
      const code = err.success ? err.data.code : `HTTP ${res.status}`;
      if ((code === 'INVALID_TOKEN' || code === 'AUTHENTICATION_FAILURE') && attempt === 0) continue;
      throw this.apiError(res, code, err.success ? err.data.details : undefined);
    }
  }

  private apiError(res: HttpResponse, code: string, details: Record<string, unknown> | undefined): Error {
    if (code === 'INVALID_TOKEN' || code === 'AUTHENTICATION_FAILURE') {
      return new AuthError(
        `Zoho rejected a freshly refreshed access token (${code}): the token belongs to another data centre or was revoked.`,
        'Check --dc, then run `phonebridge-sync login zoho` again.',
      );
    }
    if (code === 'OAUTH_SCOPE_MISMATCH') {
      const scope =
        typeof details?.required_scope === 'string' ? details.required_scope : this.product === 'bigin' ? 'ZohoBigin.users.READ' : 'ZohoCRM.users.READ';
      return new AuthError(
        `Zoho refused ${new URL(res.url).pathname}: the token lacks the scope ${scope} (OAUTH_SCOPE_MISMATCH).`,
        `Generate a new grant token with scope ${scope} (plus the others you use) and run login again; a refresh token cannot gain scopes.`,
      );
    }
    if (code === 'NO_PERMISSION' || code === 'PROVIDER_NOT_REGISTERED') {
      return new AuthError(
        `Zoho refused ${new URL(res.url).pathname} (${code}).`,
        code === 'NO_PERMISSION'
          ? 'Log in as a Zoho user whose profile has API access and PhoneBridge admin rights.'
          : 'Enable the MyOperator PhoneBridge integration in Zoho (Settings → Telephony) first.',
      );
    }
    return new RemoteError(
      'remote',
      `Zoho answered ${new URL(res.url).pathname} with HTTP ${res.status} (${code}).`,
      'Run with --verbose to see the request; if it persists, report it.',
    );
  }

  /** Every user (active or not) page by page until `info.more_records` is false; 204 means none. */
  async listUsers(): Promise<ZohoUser[]> {
    const out: ZohoUser[] = [];
    for (let page = 1; ; page++) {
      const res = await this.get(this.usersPath, { type: 'AllUsers', page: String(page), per_page: String(PER_PAGE) });
      if (res.status === 204) break;
      const body = this.http.parse(res, zohoUsersPageSchema, `users page ${page}`);
      for (const u of body.users) out.push(zohoUserFrom(u));
      if (!body.info.more_records) break;
    }
    return out;
  }

  async countUsers(): Promise<number> {
    const res = await this.get(`${this.usersPath}/actions/count`, { type: 'AllUsers' });
    return this.http.parse(res, zohoCountSchema, 'the user count').count;
  }

  /** PhoneBridge's view of the users: pages of up to 1000 until a short page (there is no more-records flag). */
  async phoneBridgeUsers(): Promise<PhoneBridgeUser[]> {
    const out: PhoneBridgeUser[] = [];
    for (let page = 1; ; page++) {
      const res = await this.get('/phonebridge/v3/users', { page: String(page), perPage: String(PB_PER_PAGE) });
      if (res.status === 204) break;
      const body = this.http.parse(res, phoneBridgeUsersPageSchema, `PhoneBridge users page ${page}`);
      for (const u of body.users) out.push({ zohouser: String(u.zohouser), email: u.email ?? '', name: u.username ?? '' });
      if (body.users.length < PB_PER_PAGE) break;
    }
    return out;
  }
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
