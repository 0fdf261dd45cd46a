/**
 * Zoho CRM / Bigin users (v8 / v2) and PhoneBridge v3 users. Every call carries
 * `Authorization: Zoho-oauthtoken`; INVALID_TOKEN (or AUTHENTICATION_FAILURE) gets one refresh and
 * one retry; OAUTH_SCOPE_MISMATCH names the scope to add.
 */
import { AuthError, RemoteError } from '../errors.js';
import { visible } from '../core/forensics.js';
import { countFrom, morePages, PageGuard, pageCapFromCount, type PageProblem } from '../core/page-guard.js';
import { zohoUserFrom, type ZohoUser, type ZohoUserRecord } from '../core/users.js';
import { proxyRefusal, type Http, type HttpResponse } from './http.js';
import { readPagesAhead } from './pages-ahead.js';
import { absence, errorBodyText, remoteText } from './remote-text.js';
import { phoneBridgeUsersPageSchema, zohoApiErrorSchema, zohoCountSchema, zohoUsersPageSchema } from './schemas.js';
import { isPlainZohoUsersPage } from './plain-users.js';
import type { ZohoAuth } from './zoho-auth.js';

export type ZohoProduct = 'crm' | 'bigin';

/**
 * A `type` of the users list other than the default (reference §3.1). DeletedUsers is in Zoho's
 * documentation but not in users.json's enum, so an organisation (or Bigin) may refuse it.
 */
export type ZohoUsersType = 'DeletedUsers';

/** What a listing of that type holds, for a sentence. */
const TYPE_WORDS: Record<ZohoUsersType, string> = { DeletedUsers: 'deleted users' };

export interface PhoneBridgeUser {
  /** The id every PhoneBridge call carries; equals the CRM user's zuid. */
  zohouser: string;
  email: string;
  name: string;
}

const PER_PAGE = 200;
const PB_PER_PAGE = 1000;
/** Pages a listing may take when Zoho's count is unknown: 100,000 users at 200 a page. */
export const ZOHO_MAX_PAGES = 500;
/** How long a listing may page when nothing (no count) bounds it: a server that never ends stops here. */
export const PAGING_BUDGET_MS = 60_000;
/**
 * Users pages asked for at once once Zoho's count says how many there are (one at a time before
 * that, and past the count). Zoho allows 10 to 25 concurrent calls per organisation by edition;
 * four leaves room for everything else the organisation runs, and each call still honours 429.
 */
export const ZOHO_PAGES_AT_ONCE = 4;

export interface ZohoClientOptions {
  pagingBudgetMs?: number;
}

/** Resolves after the event loop has polled once more: input already waiting is handled first. */
function afterWaitingIo(): Promise<void> {
  // One setImmediate runs before the next poll; a second one, queued from it, runs after it.
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

const SERVER_FAULT = "This is a fault on Zoho's side (or a proxy's): run again later, and report it with --verbose output if it persists.";

/** A Zoho error body: `code`, `message` and `details`, as errorBodyText() prints them. */
interface ZohoApiError {
  code: string;
  message?: unknown;
  details?: unknown;
}

/**
 * What a request is, for the sentence its failure makes. `firstOfType`: the request is the first
 * read of that type (a listing's page 1), so a 400 to it refuses the type;
 * `what`: the request as the sentence names it, when its path alone would not say (a later page).
 */
interface Asked {
  firstOfType?: ZohoUsersType;
  what?: string;
}

/** Zoho answered the first read of a users `type` with HTTP 400: this organisation does not take that type. */
export class UsersTypeRefused extends RemoteError {
  constructor(
    readonly type: ZohoUsersType,
    message: string,
    hint: string,
  ) {
    super('remote', message, hint);
  }
}

/** Zoho refused a path for a scope the token lacks (OAUTH_SCOPE_MISMATCH): `scope` names it. */
export class ScopeMissing extends AuthError {
  constructor(
    readonly scope: string,
    message: string,
    hint: string,
  ) {
    super(message, hint);
  }
}

export class ZohoClient {
  constructor(
    private readonly http: Http,
    private readonly auth: ZohoAuth,
    private readonly product: ZohoProduct,
    /** PHONEBRIDGE_ZOHO_API_URL: wins over the token's api_domain (tests, proxies). */
    private readonly apiUrlOverride?: string,
    private readonly options: ZohoClientOptions = {},
  ) {}

  /** Whether the product documents a user count: Bigin does not (reference §5). */
  get countsUsers(): boolean {
    return this.product !== 'bigin';
  }

  private get usersPath(): string {
    return this.product === 'bigin' ? '/bigin/v2/users' : '/crm/v8/users';
  }

  private async get(path: string, query: Record<string, string>, asked: Asked = {}): Promise<HttpResponse> {
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
      throw this.apiError(res, code, err.success ? err.data : undefined, asked);
    }
  }

  private apiError(res: HttpResponse, code: string, body: ZohoApiError | undefined, asked: Asked = {}): Error {
    // The same page and per_page are read without a type, so Zoho's 400 to the first read of a
    // type is about the type itself (INVALID_DATA for an unknown value, API_NOT_SUPPORTED for a
    // product without it); a 400 that is not Zoho's JSON (a proxy's page) is said as one below.
    const type = asked.firstOfType;
    if (type && res.status === 400 && body) {
      const product = this.product === 'bigin' ? 'Bigin' : 'Zoho CRM';
      return new UsersTypeRefused(
        type,
        `${product} would not list ${TYPE_WORDS[type]}: it answered ${new URL(res.url).pathname}?type=${type} with HTTP 400 (${errorBodyText(body)}), so this organisation does not take that type.`,
        `Look them up in ${product} itself (its Users page in settings); listing users without this type still works.`,
      );
    }
    const details = body?.details && typeof body.details === 'object' ? (body.details as Record<string, unknown>) : undefined;
    if (code === 'INVALID_TOKEN' || code === 'AUTHENTICATION_FAILURE') {
      return new AuthError(
        `Zoho rejected a freshly refreshed access token (${code}): the token belongs to another data centre or was revoked.`,
        'Check --dc, then run `phonebridge-sync login zoho` again.',
      );
    }
    if (code === 'OAUTH_SCOPE_MISMATCH') {
      // The scope the refused path needs (reference §1.6); a required_scope in the answer, if any, wins.
      const path = new URL(res.url).pathname;
      const needed = /\/phonebridge\//.test(path)
        ? 'PhoneBridge.zohoone.search'
        : /\/org\b/.test(path)
          ? 'ZohoCRM.org.READ'
          : this.product === 'bigin'
            ? 'ZohoBigin.users.READ'
            : 'ZohoCRM.users.READ';
      const scope = typeof details?.required_scope === 'string' ? visible(details.required_scope) : needed;
      return new ScopeMissing(
        scope,
        `Zoho refused ${path}: the token lacks the scope ${scope} (OAUTH_SCOPE_MISMATCH).`,
        /^PhoneBridge\./.test(scope)
          ? 'Zoho issues PhoneBridge scopes only to registered telephony providers, so a Self Client cannot have it; only this view of PhoneBridge users needs it.'
          : `Generate a new grant token with scope ${scope} (plus the others you use) and run login again; a refresh token cannot gain scopes.`,
      );
    }
    if (code === 'NO_PERMISSION' || code === 'PROVIDER_NOT_REGISTERED') {
      // Zoho may name the permissions missing (e.g. Crm_Implied_Api_Access): they say what to grant.
      const wanted = Array.isArray(details?.permissions) ? details.permissions.filter((p): p is string => typeof p === 'string').map((p) => visible(p)) : [];
      return new AuthError(
        `Zoho refused ${new URL(res.url).pathname} (${code}${wanted.length ? `; missing permission${wanted.length === 1 ? '' : 's'}: ${wanted.join(', ')}` : ''}).`,
        code === 'NO_PERMISSION'
          ? 'Log in as a Zoho user whose profile has API access and PhoneBridge admin rights.'
          : 'Enable the MyOperator PhoneBridge integration in Zoho (Settings → Telephony) first.',
      );
    }
    // A refusal that is a web page is not Zoho's (Zoho answers in JSON): a proxy's or a firewall's,
    // whose fix is there, not in a report to us. 407 is a proxy asking for its own login.
    const refused = proxyRefusal(res, 'GET', { remote: 'Zoho', what: `the read of ${asked.what ?? 'its users'}`, where: 'and the base URL: --dc, or PHONEBRIDGE_ZOHO_API_URL' });
    if (refused) return refused;
    return new RemoteError(
      'remote',
      `Zoho answered ${asked.what ?? new URL(res.url).pathname} with HTTP ${res.status}${body ? `: ${errorBodyText(body)}` : ''}.`,
      `${this.http.verboseHint('the request', 'Run') || 'The request is traced above'}; if it persists, report it.`,
    );
  }

  private pagingError(problem: PageProblem): RemoteError {
    return new RemoteError('bad-response', `Zoho ${problem.sentence}: the user list cannot be trusted, so it was not read.`, SERVER_FAULT);
  }

  /**
   * Every user (active or not), page by page, until `info.more_records` is false (or, where Zoho
   * leaves it null, a page shorter than `per_page`); 204 means none. Without `type` the parameter
   * is left out: its default is all users, and `AllUsers` is not among the values users.json lists
   * (whether that default holds deleted users is unconfirmed, reference §3.1). With one, the
   * listing and its count are of that type, and a 400 to page 1 is UsersTypeRefused;
   * a 400 to a later page is Zoho's error for that page (see `ask` below).
   * Bounded whatever the server says: a repeated page or id stops the read, and so does passing
   * twice the pages Zoho's own count implies (asked once the first page says there is more), or,
   * when the count is unknown, ZOHO_MAX_PAGES pages or PAGING_BUDGET_MS of paging.
   */
  async listUsers(type?: ZohoUsersType): Promise<ZohoUser[]> {
    const out: ZohoUser[] = [];
    const typed: Record<string, string> = type ? { type } : {};
    const guard = new PageGuard(ZOHO_MAX_PAGES, 'users page', this.options.pagingBudgetMs ?? PAGING_BUDGET_MS);
    const started = Date.now();
    // Pages the count says exist; up to ZOHO_PAGES_AT_ONCE of them are asked for at once.
    let expected: number | undefined;
    await readPagesAhead({
      inFlight: (page) => (expected !== undefined && page <= expected ? Math.min(ZOHO_PAGES_AT_ONCE, expected - page + 1) : 1),
      ask: async (page) => {
        const stop = guard.beforePage(page, Date.now() - started);
        if (stop) throw this.pagingError(stop);
        // Only page 1 can tell that the organisation does not take the type. Once Zoho has listed
        // a page of it, a 400 on a later page is about that page (a paging limit, a fault), not
        // the type: "does not take that type" would be untrue there and send the admin to the
        // settings page for nothing, so it is said as Zoho's own error, naming the page.
        const path = this.usersPath;
        const asked: Asked = page === 1 ? { firstOfType: type } : { what: `page ${page} of ${path}${type ? `?type=${type}` : ''}` };
        return this.get(path, { ...typed, page: String(page), per_page: String(PER_PAGE) }, asked);
      },
      take: async (page, res) => {
        if (res.status === 204) return false;
        // Zoho's pages take fewer round trips than MyOperator's (a count, 200 users a page, several
        // at once): MyOperator's answers that came in meanwhile go first, so the next of its pages
        // is asked for without waiting behind this page's parse.
        if (expected !== undefined) await afterWaitingIo();
        const body = this.http.parse(res, zohoUsersPageSchema, `users page ${page}`, isPlainZohoUsersPage);
        const users = body.users.map((u, i) => zohoUserFrom(this.needed(u, i, page)));
        // Which status a deleted user carries is unconfirmed (reference §3.3): the listing asked
        // for deleted users, so that is what they are, whatever (or if anything) the field says.
        if (type === 'DeletedUsers') for (const u of users) Object.assign(u, { status: 'deleted', active: false });
        const repeated = guard.admit(
          page,
          users.map((u) => u.id),
        );
        if (repeated) throw this.pagingError(repeated);
        for (const u of users) out.push(u);
        const perPage = body.info?.per_page && body.info.per_page > 0 ? body.info.per_page : PER_PAGE;
        if (!morePages(body.info?.more_records, users.length, perPage)) return false;
        if (page === 1) {
          const count = await this.countUsers(type).catch((e: unknown) => {
            if (e instanceof RemoteError) return undefined;
            throw e;
          });
          if (count !== undefined) {
            guard.maxPages = pageCapFromCount(count, perPage);
            guard.budgetMs = Infinity;
            expected = Math.ceil(count / perPage);
          }
        }
        return true;
      },
    });
    return out;
  }

  /** A user without an id cannot be mapped or tracked, and one with neither e-mail nor name cannot be told apart. */
  private needed(u: { id?: string | number | null } & Omit<ZohoUserRecord, 'id'>, index: number, page: number): ZohoUserRecord {
    // Built only for a sentence: this runs for every user of every page.
    const who = () => `user ${index + 1} on users page ${page}`;
    const idGone = absence(u.id);
    if (idGone) {
      const hint = u.email ? ` (${visible(u.email)})` : u.full_name ? ` (${visible(u.full_name)})` : '';
      throw new RemoteError(
        'bad-response',
        `Zoho sent ${who()}${hint} without an id (the field is ${idGone}): a user without an id cannot be mapped or tracked, so the list was not read.`,
        SERVER_FAULT,
      );
    }
    if (absence(u.email) && absence(u.full_name) && absence(u.first_name) && absence(u.last_name)) {
      const fields = { email: u.email, full_name: u.full_name, first_name: u.first_name, last_name: u.last_name };
      const how = Object.entries(fields)
        .map(([k, v]) => `${k} ${absence(v)}`)
        .join(', ');
      throw new RemoteError(
        'bad-response',
        `Zoho sent ${who()} (id ${remoteText(String(u.id))}) with neither an e-mail nor a name (${how}): nobody could tell who it is, so the list was not read.`,
        'Check that user in Zoho (Setup → Users); if it looks right there, report this with --verbose output.',
      );
    }
    return u as ZohoUserRecord;
  }

  /**
   * Proves the token reads users: one user asked for, then the count when Zoho gives one
   * (undefined when it does not: Bigin documents no count endpoint, reference §5). A login check.
   * Without a count, an empty first page still says 0: a Bigin login that lists nobody was
   * "users readable (Zoho did not say how many)".
   */
  async verifyUsers(): Promise<number | undefined> {
    const res = await this.get(this.usersPath, { page: '1', per_page: '1' });
    const listed = res.status === 204 ? 0 : this.http.parse(res, zohoUsersPageSchema, 'users page 1', isPlainZohoUsersPage).users.length;
    const count = await this.countUsers().catch((e: unknown) => {
      if (e instanceof RemoteError) return undefined;
      throw e;
    });
    return count ?? (listed === 0 ? 0 : undefined);
  }

  /** The number of users (of `type`, if given) Zoho says it holds; undefined when the answer is not a number (users.json types it as a string). */
  async countUsers(type?: ZohoUsersType): Promise<number | undefined> {
    // Asked only after page 1 was read (a listing's failed count is passed over): never the first read of a type.
    const res = await this.get(`${this.usersPath}/actions/count`, type ? { type } : {});
    const body = safeJson(res.body);
    // users.json allows an InternalError body with HTTP 200 here.
    const err = zohoApiErrorSchema.safeParse(body);
    if (err.success && err.data.status === 'error') throw this.apiError(res, err.data.code, err.data);
    return countFrom(this.http.parse(res, zohoCountSchema, 'the request for the user count').count);
  }

  /**
   * PhoneBridge's view of the users: pages of up to 1000 until a short page (there is no
   * more-records flag), bounded like the CRM list: a repeated page or id, 100 pages (100,000
   * users) or PAGING_BUDGET_MS of paging stop it with exit 4.
   */
  async phoneBridgeUsers(): Promise<PhoneBridgeUser[]> {
    const out: PhoneBridgeUser[] = [];
    const guard = new PageGuard(ZOHO_MAX_PAGES / 5, 'PhoneBridge users page', this.options.pagingBudgetMs ?? PAGING_BUDGET_MS);
    const started = Date.now();
    for (let page = 1; ; page++) {
      const stop = guard.beforePage(page, Date.now() - started);
      if (stop) throw this.pagingError(stop);
      const res = await this.get('/phonebridge/v3/users', { page: String(page), perPage: String(PB_PER_PAGE) });
      if (res.status === 204) break;
      const body = this.http.parse(res, phoneBridgeUsersPageSchema, `PhoneBridge users page ${page}`);
      const users = body.users.map((u) => ({ zohouser: String(u.zohouser), email: u.email ?? '', name: u.username ?? '' }));
      const repeated = guard.admit(
        page,
        users.map((u) => u.zohouser),
      );
      if (repeated) throw this.pagingError(repeated);
      out.push(...users);
      if (!morePages(undefined, users.length, PB_PER_PAGE)) break;
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
