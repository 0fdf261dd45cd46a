/**
 * MyOperator users: `GET /user` with `token`, `page` and the hyphenated `page-size`, until a short
 * or empty page or a falsy `next_page`. Errors come as HTTP 200 with `status: "error"` too. The
 * token rides in the query string, so the HTTP core redacts every URL and message it prints.
 */
import { AuthError, RemoteError } from '../errors.js';
import { myOperatorUserFrom, type MyOperatorUser } from '../core/users.js';
import type { Http } from './http.js';
import { redact, registerSecret } from './redact.js';
import { myOperatorErrorSchema, myOperatorUsersPageSchema } from './schemas.js';
import { callSearchPageSchema, myOperatorSuccessSchema } from './call-log-schema.js';
import type { CallLog } from '../core/call-audit.js';
import type { HttpResponse } from './http.js';

const PAGE_SIZE = 100;
/** A guard against a server that never says "last page". */
const MAX_PAGES = 10_000;
/** `POST /search` pages at most 100 calls (reference §5). */
const CALL_PAGE_SIZE = 100;
/** When the call log gives no `total`: 500,000 calls, far beyond a busy month, and a few minutes at most. */
const MAX_CALL_PAGES = 5_000;

/**
 * MyOperator's error envelope (often inside HTTP 200), or a 401/403: the message (redacted) and
 * code. A rejected token is an AuthError here, whatever the request was.
 */
function refusalOf(res: HttpResponse, json: unknown): { message: string; code: string } | undefined {
  const failed = myOperatorErrorSchema.safeParse(json);
  if (!failed.success && res.status !== 401 && res.status !== 403) return undefined;
  const message = redact(failed.success ? (failed.data.message ?? 'no message') : `HTTP ${res.status}`);
  const code = failed.success ? String(failed.data.code ?? '') : String(res.status);
  if (/401|403/.test(code) || res.status === 401 || res.status === 403 || /token|auth/i.test(message)) {
    throw new AuthError(
      `MyOperator rejected the API token: ${message}.`,
      'Create a token in MyOperator (Dashboard → APIs & Webhook → Calling APIs) and run `phonebridge-sync login myoperator`.',
    );
  }
  return { message, code };
}

export type EmailUpdate = { accepted: true } | { accepted: false; message: string };

export class MyOperatorClient {
  constructor(
    private readonly http: Http,
    private readonly baseUrl: string,
    private readonly token: string,
  ) {
    registerSecret(token);
  }

  /** One small page: proves the token works without fetching everyone. */
  async verify(): Promise<void> {
    await this.page(1, 1);
  }

  async listUsers(): Promise<MyOperatorUser[]> {
    const out: MyOperatorUser[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const body = await this.page(page, PAGE_SIZE);
      for (const u of body.data) out.push(myOperatorUserFrom(u));
      const next = body.next_page;
      const saysMore = next === undefined ? true : Boolean(next) && next !== '0' && next !== 'false';
      if (body.data.length < PAGE_SIZE || !saysMore) break;
    }
    return out;
  }

  private async page(page: number, size: number) {
    const url = `${this.baseUrl}/user?${new URLSearchParams({ token: this.token, page: String(page), 'page-size': String(size) })}`;
    const res = await this.http.request('GET', url);
    const json = this.http.json(res, `users page ${page}`);
    const failed = refusalOf(res, json);
    if (failed) {
      throw new RemoteError(
        'remote',
        `MyOperator answered users page ${page} with an error: ${failed.message}${failed.code ? ` (code ${failed.code})` : ''}.`,
        'Run again later, or with --verbose to see the request.',
      );
    }
    if (res.status >= 400)
      throw new RemoteError(
        'remote',
        `MyOperator answered users page ${page} with HTTP ${res.status}.`,
        'Run again later, or with --verbose to see the request.',
      );
    return this.http.parse(res, myOperatorUsersPageSchema, `users page ${page}`);
  }

  /**
   * `PUT /user` with `uuid` and `email`, the token in the JSON body (never the URL). Whether
   * MyOperator accepts `email` is unconfirmed (reference §4), so its error envelope is an answer
   * (`accepted: false` with its message), not a failure; and since a success answer may also
   * leave the user unchanged, the caller verifies by reading the users back.
   */
  async updateEmail(uuid: string, email: string): Promise<EmailUpdate> {
    const what = `the e-mail change of user ${uuid}`;
    const res = await this.http.request('PUT', `${this.baseUrl}/user`, { json: { token: this.token, uuid, email } });
    const json = this.http.json(res, what);
    const refused = refusalOf(res, json);
    if (refused) return { accepted: false, message: `${refused.message}${refused.code ? ` (code ${refused.code})` : ''}` };
    if (res.status >= 400) return { accepted: false, message: `HTTP ${res.status}` };
    this.http.parse(res, myOperatorSuccessSchema, what);
    return { accepted: true };
  }

  /**
   * Call logs between two instants (Unix seconds), one page of up to 100 at a time, paged by
   * `log_from`: the caller keeps counters, never the calls, so memory stays bounded. Ends at an
   * empty or short page or at `total`; a page that repeats an earlier one, or more pages than
   * `total` allows (5,000 without it), is a remote error rather than a loop without end.
   */
  async *callLogs(from: number, to: number, onPage?: (page: number, total: number | undefined) => void): AsyncGenerator<CallLog[]> {
    const firstOfPage = new Set<string>();
    let offset = 0;
    let cap = MAX_CALL_PAGES;
    for (let page = 1; ; page++) {
      const res = await this.http.request('POST', `${this.baseUrl}/search`, {
        json: { token: this.token, from, to, log_from: offset, page_size: CALL_PAGE_SIZE },
      });
      const json = this.http.json(res, `call logs page ${page}`);
      const refused = refusalOf(res, json);
      if (refused || res.status >= 400)
        throw new RemoteError(
          'remote',
          `MyOperator answered call logs page ${page} with an error: ${refused ? `${refused.message}${refused.code ? ` (code ${refused.code})` : ''}` : `HTTP ${res.status}`}.`,
          'Call logs need the classic API token with access to /search; run again later, or with --verbose to see the request.',
        );
      const body = this.http.parse(res, callSearchPageSchema, `call logs page ${page}`);
      const hits = body.data.hits;
      const total = body.data.total === undefined ? undefined : Number(body.data.total);
      if (page === 1 && total !== undefined && Number.isFinite(total)) cap = Math.ceil(total / CALL_PAGE_SIZE) + 1;
      if (hits.length === 0) return;
      const first = JSON.stringify([hits[0]!._id ?? null, hits[0]!._source, hits.length]);
      if (firstOfPage.has(first))
        throw new RemoteError('bad-response', `MyOperator sent call logs page ${page} again (the same calls as an earlier page); stopped reading.`, 'Run again later; if it persists, report it with --verbose output.');
      firstOfPage.add(first);
      yield hits.map((h) => h._source);
      onPage?.(page, total);
      offset += hits.length;
      if ((total !== undefined && Number.isFinite(total) && offset >= total) || hits.length < CALL_PAGE_SIZE) return;
      if (page >= cap)
        throw new RemoteError(
          'bad-response',
          `MyOperator kept sending call log pages past ${cap} (${offset} calls${total !== undefined ? `, of ${total} announced` : ''}); stopped reading.`,
          'Use a shorter --since, or report it with --verbose output.',
        );
    }
  }
}
