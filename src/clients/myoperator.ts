/**
 * MyOperator users: `GET /user` with `token`, `page` and the hyphenated `page-size`, until a short
 * or empty page or a falsy `next_page`. Errors come as HTTP 200 with `status: "error"` too. The
 * token rides in the query string, so the HTTP core redacts every URL and message it prints.
 */
import { AuthError, RemoteError } from '../errors.js';
import { morePages, PageGuard, type PageProblem } from '../core/page-guard.js';
import { myOperatorUserFrom, type MyOperatorUser, type MyOperatorUserRecord } from '../core/users.js';
import type { Http } from './http.js';
import { readPagesAhead } from './pages-ahead.js';
import { registerSecret } from './redact.js';
import { absence, remoteText } from './remote-text.js';
import { myOperatorErrorSchema, myOperatorUsersPageSchema } from './schemas.js';

const PAGE_SIZE = 100;
/**
 * MyOperator gives no count, so a listing stops, with exit 4, past this many pages (20,000 users,
 * far beyond the accounts MyOperator serves) or after PAGING_BUDGET_MS of paging, whichever comes
 * first: a server that never says "last page" cannot keep a command going.
 */
export const MYOPERATOR_MAX_PAGES = 200;
export const PAGING_BUDGET_MS = 60_000;
/**
 * Users pages in flight at once after the first (MyOperator has no count, so the listing runs this
 * many pages ahead of the last one read and drops, unread, the up to three asked for past the end).
 * Bounded so a company of 10,000 users is 100 pages in about 27 round trips, not a burst of 100;
 * each request still honours 429 and Retry-After.
 */
export const MYOPERATOR_PAGES_AHEAD = 4;
const SERVER_FAULT = "This is a fault on MyOperator's side (or a proxy's): run again later, and report it with --verbose output if it persists.";

export interface MyOperatorClientOptions {
  pagingBudgetMs?: number;
}

/** `next_page` says "no more" when falsy; null or missing says nothing (the short-page rule decides). */
function nextPageSays(next: unknown): false | undefined {
  if (next === null || next === undefined) return undefined;
  return !next || next === '0' || next === 'false' ? false : undefined;
}

export class MyOperatorClient {
  constructor(
    private readonly http: Http,
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly options: MyOperatorClientOptions = {},
  ) {
    registerSecret(token);
  }

  /** One small page: proves the token works without fetching everyone. */
  async verify(): Promise<void> {
    await this.page(1, 1);
  }

  /**
   * Every user, page by page, until an empty or short page or a falsy `next_page`. A truthy
   * `next_page` never outweighs a short page: the page size is ours, so a short page is the last.
   */
  async listUsers(): Promise<MyOperatorUser[]> {
    const out: MyOperatorUser[] = [];
    const guard = new PageGuard(MYOPERATOR_MAX_PAGES, 'users page', this.options.pagingBudgetMs ?? PAGING_BUDGET_MS);
    const started = Date.now();
    await readPagesAhead({
      // MyOperator gives no count: the first page alone (most companies have one), then a few ahead.
      inFlight: (page) => (page === 1 ? 1 : MYOPERATOR_PAGES_AHEAD),
      ask: async (page) => {
        const stop = guard.beforePage(page, Date.now() - started);
        if (stop) throw this.pagingError(stop);
        return this.page(page, PAGE_SIZE);
      },
      take: (page, body) => {
        const users = body.data.map((u, i) => myOperatorUserFrom(this.needed(u, i, page)));
        const repeated = guard.admit(
          page,
          users.map((u) => u.id),
        );
        if (repeated) throw this.pagingError(repeated);
        for (const u of users) out.push(u);
        return morePages(nextPageSays(body.next_page), users.length, PAGE_SIZE);
      },
    });
    return out;
  }

  private pagingError(problem: PageProblem): RemoteError {
    return new RemoteError('bad-response', `MyOperator ${problem.sentence}: the user list cannot be trusted, so it was not read.`, SERVER_FAULT);
  }

  /** A user without a uuid cannot be mapped or tracked. (One without e-mail or name still can, by extension.) */
  private needed(u: Omit<MyOperatorUserRecord, 'uuid'> & { uuid?: string | number | null }, index: number, page: number): MyOperatorUserRecord {
    const gone = absence(u.uuid);
    if (gone) {
      const who = u.email
        ? ` (${remoteText(u.email)})`
        : u.name
          ? ` (${remoteText(u.name)})`
          : u.extension != null
            ? ` (extension ${remoteText(String(u.extension))})`
            : '';
      throw new RemoteError(
        'bad-response',
        `MyOperator sent user ${index + 1} on users page ${page}${who} without a uuid (the field is ${gone}): a user without an id cannot be mapped or tracked, so the list was not read.`,
        SERVER_FAULT,
      );
    }
    return u as MyOperatorUserRecord;
  }

  private async page(page: number, size: number) {
    const url = `${this.baseUrl}/user?${new URLSearchParams({ token: this.token, page: String(page), 'page-size': String(size) })}`;
    const res = await this.http.request('GET', url);
    const json = this.http.json(res, `users page ${page}`);
    const failed = myOperatorErrorSchema.safeParse(json);
    if (failed.success || res.status === 401 || res.status === 403) {
      const message = failed.success && failed.data.message ? remoteText(failed.data.message) : failed.success ? 'no message' : `HTTP ${res.status}`;
      const code = failed.success ? remoteText(String(failed.data.code ?? ''), 40) : String(res.status);
      if (/401|403/.test(code) || res.status === 401 || res.status === 403 || /token|auth/i.test(message)) {
        throw new AuthError(
          `MyOperator rejected the API token: ${message}.`,
          'Create a token in MyOperator (Dashboard → APIs & Webhook → Calling APIs) and run `phonebridge-sync login myoperator`.',
        );
      }
      throw new RemoteError(
        'remote',
        `MyOperator answered users page ${page} with an error: ${message}${code ? ` (code ${code})` : ''}.`,
        'Run again later, or with --verbose to see the request.',
      );
    }
    if (res.status >= 400) {
      const said = (json as { message?: unknown } | null)?.message;
      throw new RemoteError(
        'remote',
        `MyOperator answered users page ${page} with HTTP ${res.status}${typeof said === 'string' && said.trim() ? `: ${remoteText(said)}` : ''}.`,
        'Run again later, or with --verbose to see the request.',
      );
    }
    return this.http.parse(res, myOperatorUsersPageSchema, `users page ${page}`);
  }
}
