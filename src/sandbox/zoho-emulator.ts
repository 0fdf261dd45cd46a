/**
 * Zoho Accounts + CRM/Bigin users + PhoneBridge v3 users, as ../shared/reference/zoho-api.md
 * describes them (§6): token errors as HTTP 200 with `error`, single-use grant codes, refresh
 * throttling (10 per 10 minutes), eviction of the 21st refresh token, one-hour access tokens on an
 * injectable clock, 401 INVALID_TOKEN / OAUTH_SCOPE_MISMATCH, 204 on an empty page, pagination by
 * `info.more_records`, and PhoneBridge's camelCase `perPage` with no more-records flag.
 *
 * The CRM users endpoints follow Zoho's users.json (../shared/specs/zoho-crm-v8; test/contract
 * validates every body against it): `type` takes the six values the spec lists (absent means
 * all users) and DeletedUsers, which Zoho documents but the spec leaves out (switchable: an
 * organisation may refuse it, as any value outside the spec), `count` is a string,
 * `GET /crm/v8/users/{id}` answers the Response_Wrapper or 204, and a bad parameter is a 400
 * InvalidError. The spec lists only 200, 204, 400 and 500 for them;
 * the other statuses sent here come from the reference (zoho-api.md §3.4), not the spec: 401
 * INVALID_TOKEN and OAUTH_SCOPE_MISMATCH, 403 NO_PERMISSION and 404 INVALID_URL_PATTERN.
 */
import { randomBytes } from 'node:crypto';
import type { DemoZohoUser } from './demo-company.js';
import { EmulatorServer, type EmulatorRequest, type Reply } from './server.js';

export const FULL_SCOPES = ['ZohoCRM.users.READ', 'ZohoCRM.org.READ', 'ZohoBigin.users.READ', 'PhoneBridge.zohoone.search'];

interface RefreshToken {
  clientId: string;
  scopes: string[];
  revoked: boolean;
  refreshes: number[];
}

interface AccessToken {
  refresh: string;
  scopes: string[];
  expiresAt: number;
}

const token = (): string => `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;

function apiError(status: number, code: string, message: string, details: Record<string, unknown> = {}): Reply {
  return { status, json: { code, details, message, status: 'error' } };
}

export class ZohoEmulator {
  readonly server = new EmulatorServer((req) => this.route(req));
  users: DemoZohoUser[] = [];
  /** Milliseconds added to the real clock: tests expire tokens without waiting. */
  clockOffsetMs = 0;
  /** Wrong data centre: this accounts server knows none of the clients. */
  rejectAllClients = false;
  throttleStatus: 200 | 400 = 200;
  invalidTokenCode: 'INVALID_TOKEN' | 'AUTHENTICATION_FAILURE' = 'INVALID_TOKEN';
  phoneBridge: 'ok' | 'NO_PERMISSION' | 'PROVIDER_NOT_REGISTERED' = 'ok';
  /**
   * Whether OAUTH_SCOPE_MISMATCH names the scope in `details.required_scope`: the reference shows
   * only the message (§1.6), so off by default; the client must name the right scope either way.
   */
  scopeErrorNamesScope = false;
  /** Whether the users list without `type` includes deleted users (the reference leaves it open, §3.1). */
  defaultListIncludesDeleted = false;
  /** Whether `type=DeletedUsers` is taken: Zoho's docs list it, users.json's enum does not (§3.1); refused, it is 400 INVALID_DATA. */
  deletedUsersType = true;
  /**
   * How many users a listing may reach by `page` before Zoho answers 400: the Records API's rule
   * (2,000 records by `page`, `page_token` past them), which the reference says does not appear to
   * apply to `/users` (§3.2, unconfirmed), so off (undefined) by default. Set, a page that starts
   * past that many users, of any `type` or none, is 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED: a
   * refusal on a later page of a listing whose first pages were served.
   */
  pagingLimit: number | undefined = undefined;
  /** Whether Bigin answers `/bigin/v2/users/actions/count` (the reference documents none, §5). */
  biginCount = false;
  /** The throttle's `error` text: "Access Denied", or as a localised account might send it (§1.3, unconfirmed). */
  throttleText = 'Access Denied';
  /**
   * What the revoke answers of a token it does not know: a 400 (reference §1.5), with a body the
   * reference does not give; Zoho's word for an unknown refresh token is invalid_code (§1.3), the
   * OAuth revocation one invalid_token, and Zoho Accounts answers its other errors with a 200 (§6).
   */
  revokeUnknown: { status: 200 | 400; error: 'invalid_token' | 'invalid_code' } = { status: 400, error: 'invalid_token' };
  /** Grant codes exchanged per client per 10 minutes before `access_denied` (§1.4: 10). */
  grantExchangesPer10Min = 10;
  private exchanges = new Map<string, number[]>();
  maxLiveAccessTokens = 10;
  readonly clients = new Map<string, string>();
  private readonly codes = new Map<string, { clientId: string; scopes: string[]; expiresAt: number; used: boolean }>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly accessTokens = new Map<string, AccessToken>();
  /** Token-endpoint calls, by grant type: tests count refreshes and exchanges. */
  readonly tokenCalls = { authorization_code: 0, refresh_token: 0, revoke: 0 };

  get url(): string {
    return this.server.url;
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  start(port = 0): Promise<string> {
    return this.server.start(port);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** Every token and code this server ever issued: tests prove none of them is printed. */
  allSecrets(): string[] {
    return [...this.codes.keys(), ...this.refreshTokens.keys(), ...this.accessTokens.keys(), ...this.clients.values()];
  }

  registerClient(clientId: string, secret: string): void {
    this.clients.set(clientId, secret);
  }

  issueGrantCode(clientId: string, scopes = FULL_SCOPES, lifetimeMs = 180_000): string {
    const code = token();
    this.codes.set(code, { clientId, scopes, expiresAt: this.now() + lifetimeMs, used: false });
    return code;
  }

  issueRefreshToken(clientId: string, scopes = FULL_SCOPES): string {
    const t = token();
    this.refreshTokens.set(t, { clientId, scopes, revoked: false, refreshes: [] });
    const mine = [...this.refreshTokens].filter(([, r]) => !r.revoked);
    // Zoho keeps 20 refresh tokens per user: the 21st silently invalidates the oldest.
    if (mine.length > 20) mine[0]![1].revoked = true;
    return t;
  }

  private mintAccess(refresh: string, scopes: string[]): string {
    const t = token();
    this.accessTokens.set(t, { refresh, scopes, expiresAt: this.now() + 3600_000 });
    const live = [...this.accessTokens].filter(([, a]) => a.refresh === refresh);
    if (live.length > this.maxLiveAccessTokens) this.accessTokens.delete(live[0]![0]);
    return t;
  }

  private route(req: EmulatorRequest): Reply {
    if (req.method === 'POST' && req.path === '/oauth/v2/token') return this.tokenEndpoint(req.params);
    if (req.method === 'POST' && (req.path === '/oauth/v2/token/revoke' || req.path === '/oauth/v2/revoke/token')) return this.revoke(req.params);
    const auth = this.authorise(req);
    if ('reply' in auth) return auth.reply;
    const need = (scope: RegExp, name: string): Reply | undefined =>
      auth.scopes.some((s) => scope.test(s))
        ? undefined
        : apiError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL', this.scopeErrorNamesScope ? { required_scope: name } : {});
    if (req.method === 'GET' && (req.path === '/crm/v8/users' || req.path === '/bigin/v2/users')) {
      const crm = req.path.startsWith('/crm');
      return (
        need(crm ? /^ZohoCRM\.users\.(READ|ALL)$/i : /^ZohoBigin\.users\.(READ|ALL)$/i, crm ? 'ZohoCRM.users.READ' : 'ZohoBigin.users.READ') ??
        this.listUsers(req.query)
      );
    }
    if (req.method === 'GET' && (req.path === '/crm/v8/users/actions/count' || (this.biginCount && req.path === '/bigin/v2/users/actions/count'))) {
      const users = this.filterByType(req.query.get('type'));
      const crm = req.path.startsWith('/crm');
      return (
        need(crm ? /^ZohoCRM\.users\.(READ|ALL)$/i : /^ZohoBigin\.users\.(READ|ALL)$/i, crm ? 'ZohoCRM.users.READ' : 'ZohoBigin.users.READ') ??
        // users.json types `count` as a string.
        (users ? { status: 200, json: { count: String(users.length) } } : apiError(400, 'INVALID_DATA', 'invalid data', { api_name: 'type' }))
      );
    }
    const one = /^\/crm\/v8\/users\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && one) return need(/^ZohoCRM\.users\.(READ|ALL)$/i, 'ZohoCRM.users.READ') ?? this.oneUser(decodeURIComponent(one[1]!));
    if (req.method === 'GET' && req.path === '/crm/v8/org') {
      return (
        need(/^ZohoCRM\.org\.(READ|ALL)$/i, 'ZohoCRM.org.READ') ?? {
          status: 200,
          json: {
            org: [
              {
                id: '4815900000000000001',
                company_name: 'Acme Traders',
                primary_zuid: this.users[0]?.zuid ?? null,
                domain_name: 'org60012037',
                country_code: 'IN',
                time_zone: 'Asia/Kolkata',
                type: 'Production',
                max_per_page: 200,
              },
            ],
          },
        }
      );
    }
    if (req.method === 'GET' && req.path === '/phonebridge/v3/users')
      return need(/^PhoneBridge\./, 'PhoneBridge.zohoone.search') ?? this.phoneBridgeUsers(req.query);
    return apiError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
  }

  private tokenEndpoint(p: URLSearchParams): Reply {
    const grant = p.get('grant_type');
    const clientId = p.get('client_id') ?? '';
    const ok = (json: Record<string, unknown>): Reply => ({ status: 200, json: { ...json, api_domain: this.url, token_type: 'Bearer', expires_in: 3600 } });
    const fail = (error: string, status = 200): Reply => ({ status, json: { error } });
    if (grant === 'authorization_code' || grant === 'refresh_token') this.tokenCalls[grant]++;
    if (this.rejectAllClients || !this.clients.has(clientId)) return fail('invalid_client');
    if (this.clients.get(clientId) !== p.get('client_secret')) return fail('invalid_client_secret');
    if (grant === 'authorization_code') {
      const now = this.now();
      const recent = (this.exchanges.get(clientId) ?? []).filter((t) => t > now - 600_000);
      this.exchanges.set(clientId, recent);
      if (recent.length >= this.grantExchangesPer10Min) return fail('access_denied');
      recent.push(now);
      const code = this.codes.get(p.get('code') ?? '');
      if (!code || code.used || code.expiresAt < this.now() || code.clientId !== clientId) return fail('invalid_code');
      code.used = true;
      const refresh = this.issueRefreshToken(clientId, code.scopes);
      return ok({ access_token: this.mintAccess(refresh, code.scopes), refresh_token: refresh, scope: code.scopes.join(',') });
    }
    if (grant === 'refresh_token') {
      const refresh = p.get('refresh_token') ?? '';
      const r = this.refreshTokens.get(refresh);
      if (!r || r.revoked || r.clientId !== clientId) return fail('invalid_code');
      const now = this.now();
      r.refreshes = r.refreshes.filter((t) => t > now - 600_000);
      if (r.refreshes.length >= 10) {
        return {
          status: this.throttleStatus,
          json: {
            error: this.throttleText,
            error_description: 'You have made too many requests continuously. Please try again after some time.',
            status: 'failure',
          },
        };
      }
      r.refreshes.push(now);
      return ok({ access_token: this.mintAccess(refresh, r.scopes) });
    }
    return fail('unsupported_grant_type');
  }

  private revoke(p: URLSearchParams): Reply {
    this.tokenCalls.revoke++;
    const t = p.get('token') ?? '';
    const r = this.refreshTokens.get(t);
    if (!r || r.revoked) return { status: this.revokeUnknown.status, json: { error: this.revokeUnknown.error } };
    r.revoked = true;
    for (const [k, a] of this.accessTokens) if (a.refresh === t) this.accessTokens.delete(k);
    return { status: 200, json: { status: 'success' } };
  }

  private authorise(req: EmulatorRequest): { scopes: string[] } | { reply: Reply } {
    const m = /^Zoho-oauthtoken (\S+)$/.exec(String(req.headers.authorization ?? ''));
    const a = m ? this.accessTokens.get(m[1]!) : undefined;
    if (!a || a.expiresAt < this.now() || this.refreshTokens.get(a.refresh)?.revoked) {
      return { reply: apiError(401, this.invalidTokenCode, 'invalid oauth token') };
    }
    return { scopes: a.scopes };
  }

  /** The `type` values users.json lists, and DeletedUsers; absent means every user, the deleted ones as `defaultListIncludesDeleted` says. */
  private filterByType(type: string | null): DemoZohoUser[] | undefined {
    const u = this.users;
    if (type === null) return this.defaultListIncludesDeleted ? u : u.filter((x) => x.status !== 'deleted');
    const types: Record<string, () => DemoZohoUser[]> = {
      ActiveUsers: () => u.filter((x) => x.status === 'active'),
      CurrentUser: () => u.slice(0, 1),
      ActiveConfirmedUsers: () => u.filter((x) => x.status === 'active' && x.confirm),
      DeactiveUsers: () => u.filter((x) => x.status === 'disabled'),
      NotConfirmedUsers: () => u.filter((x) => !x.confirm && x.status !== 'deleted'),
      ConfirmedUsers: () => u.filter((x) => x.confirm && x.status !== 'deleted'),
      ...(this.deletedUsersType ? { DeletedUsers: () => u.filter((x) => x.status === 'deleted') } : {}),
    };
    return Object.hasOwn(types, type) ? types[type]!() : undefined;
  }

  /** `GET /crm/v8/users/{id}`: the Response_Wrapper with that one user, or 204 when there is none. */
  private oneUser(id: string): Reply {
    const user = this.users.find((x) => x.id === id && x.status !== 'deleted');
    if (!user) return { status: 204, body: '' };
    return { status: 200, json: { users: [user], info: { per_page: 200, count: 1, page: 1, more_records: false } } };
  }

  private listUsers(q: URLSearchParams): Reply {
    const users = this.filterByType(q.get('type'));
    if (!users) return apiError(400, 'INVALID_DATA', 'invalid data', { api_name: 'type' });
    const page = Number(q.get('page') ?? '1');
    const perPage = Math.min(200, Number(q.get('per_page') ?? '200'));
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1)
      return apiError(400, 'INVALID_DATA', 'invalid data', { api_name: Number.isInteger(page) && page >= 1 ? 'per_page' : 'page' });
    // The wording is the emulator's own; the Records API's is not confirmed for /users.
    if (this.pagingLimit !== undefined && (page - 1) * perPage >= this.pagingLimit)
      return apiError(400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', `only the first ${this.pagingLimit} records can be read by page`, { limit: this.pagingLimit });
    const ids = q.get('ids')?.split(',');
    const selected = ids ? users.filter((x) => ids.includes(x.id)) : users;
    const slice = selected.slice((page - 1) * perPage, page * perPage);
    if (slice.length === 0) return { status: 204, body: '' };
    return { status: 200, json: { users: slice, info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < selected.length } } };
  }

  private phoneBridgeUsers(q: URLSearchParams): Reply {
    if (this.phoneBridge === 'NO_PERMISSION') return apiError(403, 'NO_PERMISSION', 'permission denied');
    if (this.phoneBridge === 'PROVIDER_NOT_REGISTERED') return apiError(400, 'PROVIDER_NOT_REGISTERED', 'provider not registered');
    const page = Number(q.get('page') ?? '1');
    const perPage = Number(q.get('perPage') ?? '1000');
    if (!(perPage >= 1 && perPage <= 1000)) return apiError(400, 'INVALID_DATA', 'perPage must be 1 to 1000', { param_name: 'perPage' });
    const active = this.users.filter((u) => u.status === 'active');
    const slice = active.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(1, Math.ceil(active.length / perPage));
    return {
      status: 200,
      json: {
        navigation: {
          firstPage: { uri: `/phonebridge/v3/users?page=1&perPage=${perPage}` },
          lastPage: { uri: `/phonebridge/v3/users?page=${last}&perPage=${perPage}` },
        },
        users: slice.map((u) => ({ zohouser: u.zuid, email: u.email, username: u.full_name })),
        paging: { perPage, page },
      },
    };
  }
}
