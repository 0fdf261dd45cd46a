/**
 * MyOperator users: `GET /user` with `token`, `page` and the hyphenated `page-size`, until an
 * empty page or a falsy `next_page`. Errors come as HTTP 200 with `status: "error"` too. The
 * token rides in the query string, so the HTTP core redacts every URL and message it prints.
 */
import { AuthError, clause, RemoteError } from '../errors.js';
import { countFrom, morePages, PageGuard, type PageProblem } from '../core/page-guard.js';
import { myOperatorUserFrom, type MyOperatorUser, type MyOperatorUserRecord } from '../core/users.js';
import { proxyRefusal, type Http } from './http.js';
import { readPagesAhead } from './pages-ahead.js';
import { registerSecret, optionPlaceholder } from './redact.js';
import { absence, errorBodyText, remoteText } from './remote-text.js';
import { myOperatorErrorSchema, myOperatorUsersPageSchema } from './schemas.js';
import { isPlainMyOperatorUsersPage } from './plain-users.js';
import { callSearchPageSchema, myOperatorSuccessSchema } from './call-log-schema.js';
import { isSuccessWord } from './success-word.js';
import type { CallLog } from '../core/call-audit.js';
import type { HttpResponse } from './http.js';

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
/** What a proxy's refusal of a MyOperator request says of where the address is set. */
const MYOPERATOR_PROXY = { remote: 'MyOperator', where: 'or PHONEBRIDGE_MYOPERATOR_API_URL, where it is set' } as const;
const SERVER_FAULT = "This is a fault on MyOperator's side (or a proxy's): run again later, and report it with --verbose output if it persists.";
/** `POST /search` pages at most 100 calls (reference §5). */
export const CALL_PAGE_SIZE = 100;
/** 500,000 calls, far beyond a busy month; the paging budget ends a run sooner. */
const MAX_CALL_PAGES = 5_000;

export interface MyOperatorClientOptions {
  pagingBudgetMs?: number;
  /** The token came from PHONEBRIDGE_MYOPERATOR_TOKEN: a rejection's fix is there, not in `login`. */
  tokenFromEnv?: boolean;
  /** Where `login myoperator` pasted would ask nothing ("where CI is set"): the login suggested then carries --token. */
  promptsOff?: string;
}

const LOGIN_HINT = 'Create a token in MyOperator (Dashboard → APIs & Webhook → Calling APIs) and run `phonebridge-sync login myoperator`.';
// The variable wins over a login, so `login` alone would change nothing.
const ENV_HINT = 'The token in use is PHONEBRIDGE_MYOPERATOR_TOKEN (it wins over a saved login): set it to a valid token (MyOperator: Dashboard → APIs & Webhook → Calling APIs), or unset it.';

/** `next_page`: truthy says more, falsy (false, 0, "0", "false", "") says no more; null or missing says nothing. */
function nextPageSays(next: unknown): boolean | undefined {
  if (next === null || next === undefined) return undefined;
  return !(!next || next === '0' || next === 'false');
}

/**
 * MyOperator's error envelope (often inside HTTP 200), or a 401/403: the message (made visible,
 * redacted) and code. A rejected token is an AuthError here, whatever the request was.
 */
function refusalOf(res: HttpResponse, json: unknown, authByMessage: boolean, rejectedHint: string): { message: string; code: string } | undefined {
  // Only `status: "error"` can be the envelope (the schema's literal): every users page of a
  // listing is spared zod's failed parse, and its list of issues.
  const saysError = typeof json === 'object' && json !== null && (json as { status?: unknown }).status === 'error';
  if (!saysError && res.status !== 401 && res.status !== 403) return undefined;
  const failed = myOperatorErrorSchema.safeParse(json);
  if (!failed.success && res.status !== 401 && res.status !== 403) return undefined;
  // Without its own full stop: every sentence it goes into ends with ours, or goes on after it.
  const message = failed.success && failed.data.message ? clause(remoteText(failed.data.message)) : failed.success ? 'no message' : `HTTP ${res.status}`;
  const code = failed.success ? remoteText(String(failed.data.code ?? ''), 40) : String(res.status);
  // Reading users, a message about the token is about the token; a refused e-mail change saying
  // "not authorized to update email" is a refusal, not a bad token: only 401/403 say that there,
  // as the HTTP status or as the envelope's whole code (a code that merely contains them, 14013
  // "email already exists" or 2401, is another error: it stopped fix as a rejected token).
  if (code === '401' || code === '403' || res.status === 401 || res.status === 403 || (authByMessage && /token|auth/i.test(message))) {
    throw new AuthError(`MyOperator rejected the API token: ${message}.`, rejectedHint);
  }
  return { message, code };
}

/**
 * The calls `/search` announces: a count, or Elasticsearch 7's `{value, relation}` where only
 * "eq" is exact ("gte" is a lower bound: the total is then unknown, and a short page ends the read).
 */
function totalFrom(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return countFrom(raw);
  const { value, relation } = raw as { value?: unknown; relation?: unknown };
  return relation === undefined || relation === 'eq' ? countFrom(value) : undefined;
}

export type EmailUpdate = { accepted: true } | { accepted: false; message: string };

export class MyOperatorClient {
  constructor(
    private readonly http: Http,
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly options: MyOperatorClientOptions = {},
  ) {
    registerSecret(token);
  }

  private get rejectedHint(): string {
    if (this.options.tokenFromEnv) return ENV_HINT;
    return this.options.promptsOff ? LOGIN_HINT.replace('login myoperator`', `login myoperator --token ${optionPlaceholder('--token')}\` (login asks for nothing ${this.options.promptsOff})`) : LOGIN_HINT;
  }

  /** One small page: proves the token works without fetching everyone. False when it lists nobody. */
  async verify(): Promise<boolean> {
    return (await this.page(1, 1)).data.length > 0;
  }

  /**
   * Every user, page by page, until an empty page or a falsy `next_page`. A short page is not the
   * last while `next_page` says more: whether 100 is MyOperator's maximum page size is unconfirmed
   * (reference §3), and a server that pages by fewer would otherwise be read in part, and its
   * other users taken for gone (a `resync --prune` would remove their mappings). A page without a
   * word (`next_page` null or missing, on some pages or all) is never the last on its own: the
   * listing goes on to an empty page, one request more than needed. A server that never said a word
   * and answers the next page with the same users ignores `page` (simple clients call `/user`
   * once): that is the end of its list, not a fault.
   */
  async listUsers(): Promise<MyOperatorUser[]> {
    const out: MyOperatorUser[] = [];
    let saidNextPage = false;
    let previous: readonly string[] = [];
    const guard = new PageGuard(MYOPERATOR_MAX_PAGES, 'users page', this.options.pagingBudgetMs ?? PAGING_BUDGET_MS);
    const started = Date.now();
    await readPagesAhead({
      // MyOperator gives no count: the first page alone (most companies have one), then a few ahead;
      // one at a time once it answered 429, so no request is spent past the end under a tight limit.
      inFlight: (page) => (page === 1 || this.http.rateLimited > 0 ? 1 : MYOPERATOR_PAGES_AHEAD),
      ask: async (page, unwanted) => {
        const stop = guard.beforePage(page, Date.now() - started);
        if (stop) throw this.pagingError(stop);
        return this.page(page, PAGE_SIZE, unwanted);
      },
      take: (page, body) => {
        const users = body.data.map((u, i) => myOperatorUserFrom(this.needed(u, i, page)));
        const ids = users.map((u) => u.id);
        // Only page 2 repeating page 1: a later repeat is a paging fault, which the guard names (exit 4).
        if (!saidNextPage && page === 2 && ids.length > 0 && ids.length === previous.length && ids.every((id, i) => id === previous[i])) return false;
        const repeated = guard.admit(page, ids);
        if (repeated) throw this.pagingError(repeated);
        for (const u of users) out.push(u);
        previous = ids;
        const says = nextPageSays(body.next_page);
        if (says !== undefined) saidNextPage = true;
        // Without a word from the server, only an empty page ends the listing (received 0 < 1).
        return morePages(says, users.length, 1);
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

  private async page(page: number, size: number, unwanted?: AbortSignal) {
    const url = `${this.baseUrl}/user?${new URLSearchParams({ token: this.token, page: String(page), 'page-size': String(size) })}`;
    const res = await this.http.request('GET', url, {}, undefined, unwanted);
    const refused = proxyRefusal(res, 'GET', { ...MYOPERATOR_PROXY, what: `the read of users page ${page}` });
    if (refused) throw refused;
    const json = this.http.json(res, `users page ${page}`);
    const failed = refusalOf(res, json, true, this.rejectedHint);
    if (failed) {
      throw new RemoteError(
        'remote',
        `MyOperator answered users page ${page} with an error: ${failed.message}${failed.code ? ` (code ${failed.code})` : ''}.`,
        `Run again later${this.http.verboseHint('the request')}.`,
      );
    }
    if (res.status >= 400) {
      // The body's code, message and details, quoted with control characters made visible, as updateEmail and the HTTP core quote a reason (its message alone, bare, dropped the rest).
      const said = errorBodyText(res.body);
      throw new RemoteError(
        'remote',
        `MyOperator answered users page ${page} with HTTP ${res.status}${said ? `: ${said}` : ''}.`,
        `Run again later${this.http.verboseHint('the request')}.`,
      );
    }
    return this.http.check(json, myOperatorUsersPageSchema, `users page ${page}`, isPlainMyOperatorUsersPage);
  }

  /**
   * `PUT /user` with `uuid` and `email`, the token in the JSON body (never the URL). Whether
   * MyOperator accepts `email` is unconfirmed (reference §4), so its error envelope is an answer
   * (`accepted: false` with its message), not a failure; and since a success answer may also
   * leave the user unchanged, the caller verifies by reading the users back. Once `noMoreAttempts`
   * is aborted (fix stopped by Ctrl-C), the attempt in flight may still answer, but no retry is sent.
   * `who` names the user in a proxy's refusal as fix's others do ("MyOperator user Anil Mehta (ext 15)"):
   * a uuid alone sent the admin to look it up. That sentence stops the run, said on its own; under
   * fix's row of that user, which names it already, its `unnamed` is said, as is an answer of the
   * wrong shape, which never names it.
   */
  async updateEmail(uuid: string, email: string, noMoreAttempts?: AbortSignal, who = `user ${uuid}`): Promise<EmailUpdate> {
    const answered = 'the e-mail change';
    const res = await this.http.request('PUT', `${this.baseUrl}/user`, { json: { token: this.token, uuid, email } }, noMoreAttempts);
    let json: unknown;
    try {
      json = this.http.json(res, answered);
    } catch (e) {
      // A whole answer that is not JSON: on a 4xx it is a refusal, not a lost answer that
      // MyOperator might yet act on; an HTML page there is a proxy's or a firewall's (below).
      if (res.status < 400) throw e;
    }
    // MyOperator answers in JSON: a 4xx page is from something in between, which refused the write
    // before MyOperator saw it. A 403 page was "MyOperator rejected the API token" (exit 3, log in
    // again), of a token nobody had looked at; a 400 page "not applied: set it by hand". Every
    // change goes through the same proxy, so it stops the rest (see haltsSending).
    const refusedByProxy = proxyRefusal(res, 'PUT', { ...MYOPERATOR_PROXY, what: answered, whose: who, again: false });
    if (refusedByProxy) throw refusedByProxy;
    const refused = refusalOf(res, json, false, this.rejectedHint);
    if (refused) return { accepted: false, message: `${refused.message}${refused.code ? ` (code ${refused.code})` : ''}` };
    if (res.status >= 400) {
      // Without the envelope, the body's own words (code, message, details) still say why: history and
      // doctor's "set it by hand" line quote them, where "HTTP 404" alone lost MyOperator's reason.
      const said = errorBodyText(res.body);
      return { accepted: false, message: `HTTP ${res.status}${said ? `: ${said}` : ''}` };
    }
    // A status word of its own ("failed") is a refusal in words the reference does not give.
    const status = (json as { status?: unknown } | null)?.status;
    if (typeof status === 'string' && !isSuccessWord(status)) {
      const said = (json as { message?: unknown }).message;
      return { accepted: false, message: `status "${remoteText(status, 40)}"${said !== undefined ? `: ${remoteText(String(said))}` : ''}` };
    }
    this.http.parse(res, myOperatorSuccessSchema, answered);
    return { accepted: true };
  }

  /**
   * Call logs between two instants (Unix seconds), one page of up to 100 at a time, paged by
   * `log_from`: the caller keeps counters, never the calls, so memory stays bounded. With a
   * `total`, paging goes on until that many calls were read (a server may send pages shorter than
   * asked: the reference gives 20 as its default), and an early empty page is an error, since the
   * audit would be incomplete; without one, a short or empty page is the last. A page that repeats
   * an earlier one, or paging past PAGING_BUDGET_MS or 5,000 pages, stops with a sentence, so no
   * remote can keep `doctor --calls` going.
   */
  async *callLogs(from: number, to: number, onPage?: (page: number, total: number | undefined) => void): AsyncGenerator<CallLog[]> {
    const seen = new Set<string>();
    const started = Date.now();
    const budget = this.options.pagingBudgetMs ?? PAGING_BUDGET_MS;
    let offset = 0;
    let total: number | undefined;
    for (let page = 1; ; page++) {
      if (page > MAX_CALL_PAGES || (page > 1 && Date.now() - started > budget))
        throw new RemoteError(
          'bad-response',
          `MyOperator was still sending call log pages after ${page - 1} pages and ${Math.round((Date.now() - started) / 1000)} s (${offset} calls${total === undefined ? '' : ` of ${total} announced`}); stopped reading.`,
          'Use a shorter --since, or report it with --verbose output.',
        );
      // In the query string (the official page) and in a JSON body (what one integrator found the
      // only way): which MyOperator reads is unconfirmed (reference §5), so both carry them.
      const params = { token: this.token, from, to, log_from: offset, page_size: CALL_PAGE_SIZE };
      const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
      const res = await this.http.request('POST', `${this.baseUrl}/search?${query}`, { json: params });
      const json = this.http.json(res, `call logs page ${page}`);
      const refused = refusalOf(res, json, false, this.rejectedHint);
      if (refused || res.status >= 400) {
        // Without the envelope, the body's own words still say why, as the users page quotes them: "HTTP 404" alone lost "Search not enabled".
        const said = refused ? '' : errorBodyText(res.body);
        throw new RemoteError(
          'remote',
          `MyOperator answered call logs page ${page} with an error: ${refused ? `${refused.message}${refused.code ? ` (code ${refused.code})` : ''}` : `HTTP ${res.status}${said ? `: ${said}` : ''}`}.`,
          `Call logs need the classic API token with access to /search; run again later${this.http.verboseHint('the request')}.`,
        );
      }
      const hits = this.http.parse(res, callSearchPageSchema, `call logs page ${page}`).data.hits;
      if (page === 1) total = totalFrom((json as { data?: { total?: unknown } }).data?.total);
      if (hits.length === 0) {
        if (total !== undefined && offset < total)
          throw new RemoteError(
            'bad-response',
            `MyOperator announced ${total} calls but sent none after the first ${offset}; stopped reading, since the audit would be incomplete.`,
            'Run again later; if it persists, report it with --verbose output.',
          );
        // Yielded though empty: it was read, and an empty period (one page asked for, none of its
        // calls) was counted "pages": 0 by doctor --calls --json.
        yield [];
        return;
      }
      const key = JSON.stringify([hits[0]!._id ?? null, hits[0]!._source, hits.length]);
      if (seen.has(key))
        throw new RemoteError(
          'bad-response',
          `MyOperator sent call logs page ${page} again (the same calls as an earlier page); stopped reading.`,
          'Run again later; if it persists, report it with --verbose output.',
        );
      seen.add(key);
      yield hits.map((h) => h._source);
      onPage?.(page, total);
      offset += hits.length;
      if (total !== undefined ? offset >= total : hits.length < CALL_PAGE_SIZE) return;
    }
  }
}
