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

const PAGE_SIZE = 100;
/** A guard against a server that never says "last page". */
const MAX_PAGES = 10_000;

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
    const failed = myOperatorErrorSchema.safeParse(json);
    if (failed.success || res.status === 401 || res.status === 403) {
      const message = redact(failed.success ? (failed.data.message ?? 'no message') : `HTTP ${res.status}`);
      const code = failed.success ? String(failed.data.code ?? '') : String(res.status);
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
    if (res.status >= 400)
      throw new RemoteError(
        'remote',
        `MyOperator answered users page ${page} with HTTP ${res.status}.`,
        'Run again later, or with --verbose to see the request.',
      );
    return this.http.parse(res, myOperatorUsersPageSchema, `users page ${page}`);
  }
}
