/**
 * The shared HTTP core, on got: a timeout per request; retries with exponential backoff and jitter
 * on network errors, 429 and 5xx, honouring Retry-After; a bound on the total time of one call;
 * bounded concurrency per remote; redacted tracing; typed errors. Bodies are read as text and
 * parsed here, so an HTML page from a proxy or a truncated body becomes one clear sentence.
 * No redirect is followed: every request we send carries a credential (a header, a form body, a
 * query parameter), and a redirect would re-send it to wherever the Location points, https → http
 * included. An unexpected redirect is a remote error naming the location's host.
 * No body may exceed MAX_BODY_BYTES: bodies are asked for and read uncompressed (no gzip bomb can
 * inflate behind our back; a compressed body we did not ask for fails to parse), a Content-Length
 * above the cap is refused before the body is read, and a body that grows past it is cut off.
 */
import got, { HTTPError, RequestError, type CancelableRequest, type Method, type OptionsInit, type Response } from 'got';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { clause, RemoteError } from '../errors.js';
import { visible } from '../core/forensics.js';
import { timeWords } from '../core/utc-time.js';
import { seconds } from '../core/duration-words.js';
import { redact } from './redact.js';
import { errorBodyText } from './remote-text.js';
import { describeIssue } from './schemas.js';

/** 32 MiB: a real page (200 Zoho users, 100 MyOperator users) is well under 1 MiB. README says so. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface HttpOptions {
  /** "Zoho", "Zoho Accounts", "MyOperator": names the remote in every sentence. */
  remote: string;
  timeoutMs?: number;
  retries?: number;
  /** First backoff step; doubles each retry, with jitter. */
  retryBaseMs?: number;
  /** No retry starts once this much time has passed since the call began. */
  maxTotalMs?: number;
  /**
   * The longest Retry-After waited for (90 s: a per-minute limit, as MyOperator's 20 a minute).
   * One such wait may stretch a call past maxTotalMs; a longer one (an hourly limit) is not waited
   * for, and the sentence says how long the remote asked.
   */
  maxRetryAfterMs?: number;
  /** Where a wait the remote asked for is said (stderr): a minute of silence looks like a hang. */
  notice?: (line: string) => void;
  /**
   * Where a retry after an attempt that got no answer is said, for a person watching (a terminal):
   * each such attempt costs a whole timeout, and a spinner alone for a minute looks like a hang. A
   * log gets the closing sentence ("no answer within 15 s, after 5 attempts"), and --verbose each.
   */
  waiting?: (line: string) => void;
  concurrency?: number;
  /**
   * The variable that gave this remote's base URL (PHONEBRIDGE_ZOHO_ACCOUNTS_URL, say): the host
   * out of reach is then its, and --dc or PHONEBRIDGE_ZOHO_DC would not move it.
   */
  baseUrlVar?: string;
  /** Where --verbose traces go; absent when not verbose. */
  trace?: (line: string) => void;
  /**
   * The hint for a request left unanswered on purpose (the sandbox's hang switch), or undefined:
   * "Check the network or a proxy" was said where there is neither.
   */
  unanswered?: (method: string, path: string) => string | undefined;
}

/**
 * The defaults README documents (15 s, 4 retries, 500 ms doubling with jitter, 60 s in all, a
 * Retry-After of up to 90 s waited for); each PHONEBRIDGE_HTTP_* variable overrides one. Exported
 * so a test can hold them to README: every other test passes its own fast options.
 */
export const HTTP_DEFAULTS = { timeoutMs: 15_000, retries: 4, retryBaseMs: 500, maxTotalMs: 60_000, maxRetryAfterMs: 90_000, concurrency: 4 } as const;

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  url: string;
}

export class Http {
  private readonly limit;
  private readonly opts: Required<Omit<HttpOptions, 'trace' | 'notice' | 'waiting' | 'baseUrlVar' | 'unanswered'>> & Pick<HttpOptions, 'trace' | 'notice' | 'waiting' | 'baseUrlVar' | 'unanswered'>;
  /** How many answers were HTTP 429 so far: a pager that reads ahead stops doing so once it is rate-limited. */
  rateLimited = 0;

  /**
   * "…, or with --verbose to see each attempt", said only when this run does not trace already:
   * a run with --verbose has them above.
   */
  verboseHint(what: string, lead = ', or'): string {
    return this.opts.trace ? '' : `${lead} with --verbose to see ${what}`;
  }

  constructor(options: HttpOptions) {
    this.opts = { ...HTTP_DEFAULTS, ...options };
    this.limit = pLimit(this.opts.concurrency);
  }

  private redact(s: string): string {
    return redact(s);
  }

  private trace(line: string): void {
    this.opts.trace?.(this.redact(line));
  }

  /**
   * Any status comes back after retries, except 429 and 5xx, which throw once retries are spent.
   * Once `noMoreAttempts` is aborted, no new attempt starts: the one in flight is left to answer or
   * time out (it may already have reached the remote, and its answer says what became of it), and
   * a wait for the next attempt ends at once; the call then fails as its last attempt did.
   * Once `unwanted` is aborted, the call is cancelled outright, attempt in flight and all: only a
   * read whose answer nobody will look at (a page past the end of a listing) is given one.
   */
  request(method: Method, url: string, init: Omit<OptionsInit, 'method' | 'url'> = {}, noMoreAttempts?: AbortSignal, unwanted?: AbortSignal): Promise<HttpResponse> {
    return this.limit(() => this.send(method, url, init, noMoreAttempts, unwanted));
  }

  private async send(method: Method, url: string, init: Omit<OptionsInit, 'method' | 'url'>, noMoreAttempts?: AbortSignal, unwanted?: AbortSignal): Promise<HttpResponse> {
    unwanted?.throwIfAborted();
    const started = Date.now();
    const { retries, maxRetryAfterMs, timeoutMs, remote } = this.opts;
    let askedWait: number | undefined;
    const where = `${method} ${this.redact(new URL(url).origin + new URL(url).pathname)}`;
    let refused: RemoteError | undefined;
    // Between attempts (calculateDelay said wait), the failure of the attempt before: the error
    // the call ends with if it is told to make no more attempts while it waits.
    let waitingAfter: RequestError | undefined;
    let stoppedWaiting = false;
    let call: CancelableRequest<Response<string>> | undefined;
    const stopWaiting = () => {
      if (!waitingAfter || !call) return;
      stoppedWaiting = true;
      call.cancel();
    };
    noMoreAttempts?.addEventListener('abort', stopWaiting, { once: true });
    const drop = () => call?.cancel();
    unwanted?.addEventListener('abort', drop, { once: true });
    try {
      const pending = got(url, {
        ...init,
        headers: { ...init.headers, 'accept-encoding': 'identity' },
        decompress: false,
        method,
        responseType: 'text',
        followRedirect: false,
        timeout: { request: timeoutMs },
        retry: {
          limit: retries,
          methods: ['GET', 'POST', 'PUT', 'DELETE'],
          statusCodes: [429, 500, 502, 503, 504],
          // Past this got gives up without asking calculateDelay, which says why below.
          maxRetryAfter: Number.MAX_SAFE_INTEGER,
          // got checks limit, methods, status and error codes first; we choose the delay: Retry-After
          // when the server sent one (up to maxRetryAfterMs, once past the total bound), else
          // exponential backoff with jitter; 0 (give up) past the total bound.
          enforceRetryRules: true,
          calculateDelay: ({ retryAfter, attemptCount, error }) => {
            if (error.response?.statusCode === 429) this.rateLimited++;
            // 0 is got's "no retry": the call fails with this attempt's error, as when retries are spent.
            if (noMoreAttempts?.aborted) return 0;
            const delay = this.retryDelay(attemptCount, retryAfter, Date.now() - started);
            if (delay > 0) waitingAfter = error;
            if (retryAfter !== undefined && Number.isFinite(retryAfter)) {
              askedWait = retryAfter;
              if (delay > 0 && retryAfter >= 1000)
                this.opts.notice?.(`${remote} asked to wait ${seconds(retryAfter)} before ${where} (HTTP ${error.response?.statusCode}); waiting.`);
            }
            return delay;
          },
        },
        hooks: {
          beforeRequest: [(o) => this.trace(`→ ${method} ${String(o.url)}`)],
          afterResponse: [
            (r) => {
              this.trace(`← ${r.statusCode} ${method} ${r.url} (${Date.now() - started} ms)`);
              return r;
            },
          ],
          beforeRetry: [
            (error, count) => {
              waitingAfter = undefined;
              this.trace(`↻ retry ${count} of ${method} ${String(error.options.url)}: ${error.response ? `HTTP ${error.response.statusCode}` : error.code}`);
              if (error.code === 'ETIMEDOUT') {
                const late = answerArriving(error) ? `${remote}'s answer to ${where} did not finish arriving` : `${remote} did not answer ${where}`;
                this.opts.waiting?.(`${late} within ${seconds(timeoutMs)}; trying again (attempt ${count + 1} of ${retries + 1}).`);
              }
            },
          ],
        },
      }) as unknown as CancelableRequest<Response<string>>;
      call = pending;
      const refusal = (why: string) =>
        new RemoteError(
          'bad-response',
          `${remote} answered ${where} with ${why}, so it was refused.`,
          'A proxy or a broken server may be in between; check the base URL (--dc, or the PHONEBRIDGE_*_URL variables).',
        );
      const tooBig = `more than ${MAX_BODY_BYTES / 1024 / 1024} MiB`;
      // got reports progress once the headers are in (total: the Content-Length), then as bytes arrive.
      pending.on('downloadProgress', (p: { transferred: number; total?: number }) => {
        if (refused) return;
        if (p.total !== undefined && p.total > MAX_BODY_BYTES)
          refused = refusal(`${tooBig} (it announced ${p.total.toLocaleString('en')} bytes; a real answer is far smaller)`);
        else if (p.transferred > MAX_BODY_BYTES) refused = refusal(`${tooBig} (the body kept coming; a real answer is far smaller)`);
        if (refused) pending.cancel();
      });
      const res = await pending;
      if (res.statusCode >= 300 && res.statusCode < 400) throw this.redirected(res.statusCode, res.headers.location, url, where);
      const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity') throw refusal(`a compressed body (${encoding}) although none was asked for`);
      return { status: res.statusCode, headers: res.headers, body: res.body, url: res.url };
    } catch (caught) {
      if (refused) throw refused;
      if (unwanted?.aborted) {
        this.trace(`⊘ ${method} ${url}: dropped, its answer no longer needed (${Date.now() - started} ms)`);
        throw caught;
      }
      // Cancelled while waiting to try again: the call ends as that last attempt did.
      const e = stoppedWaiting && waitingAfter ? waitingAfter : caught;
      if (e instanceof HTTPError) {
        const status = e.response.statusCode;
        if (status >= 300 && status < 400) throw this.redirected(status, e.response.headers.location, url, where);
        const response = { status, headers: e.response.headers, body: String(e.response.body ?? ''), url: e.response.url };
        if (status !== 429 && status < 500) return response;
        const html = /^\s*</.test(response.body) ? ' (an HTML page, perhaps from a proxy)' : '';
        const tries = `${e.request.retryCount + 1} attempts`;
        // One answer is not "kept refusing" nor "kept failing": no retry follows a Retry-After longer
        // than a run waits, nor a stop, nor PHONEBRIDGE_HTTP_RETRIES=0.
        const once = e.request.retryCount === 0;
        // The remote's own word on when to come back, when it gave one longer than a run waits.
        const wait = askedWait !== undefined && askedWait > maxRetryAfterMs ? askedWait : undefined;
        const asked = wait === undefined ? '' : `asked to wait ${seconds(wait)}, longer than phonebridge-sync waits (${seconds(maxRetryAfterMs)})`;
        const waitSaid = asked ? `; it ${asked}` : '';
        if (status === 429) {
          const when = wait === undefined ? undefined : new Date(Date.now() + wait);
          const quota = 'other integrations may be using the same API quota.';
          throw new RemoteError(
            'rate-limit',
            once
              ? `${remote} refused ${where} with HTTP 429 (too many requests)${asked ? ` and ${asked}` : ''}.`
              : `${remote} kept refusing with HTTP 429 (too many requests) for ${where}, after ${tries}${waitSaid}.`,
            when ? `Run again after ${whenSaid(when)}; ${quota}` : `Wait a few minutes and run again; ${quota}`,
            { cure: when ? `Wait until ${whenSaid(when)}; ${quota}` : `Wait a few minutes; ${quota}` },
          );
        }
        // The last answer's own words (code, message, details), sanitised: they often say what is wrong.
        const said = html ? '' : errorBodyText(response.body);
        throw new RemoteError(
          'remote',
          once
            ? `${remote} answered ${where} with HTTP ${status}${html}${said ? `: ${said}` : ''}${asked ? `, and ${asked}` : ''}.`
            : `${remote} kept failing with HTTP ${status}${html} for ${where}, after ${tries}${said ? `: ${said}` : ''}${waitSaid}.`,
          `The service may be down; run again later${this.verboseHint('each attempt')}.`,
          { cure: `The service may be down; wait a while${this.opts.trace ? '' : ' (--verbose shows each attempt)'}.` },
        );
      }
      if (e instanceof RequestError) {
        // An attempt with no answer has no "←": its "→" was the last line --verbose showed of it.
        this.trace(`✗ ${method} ${String(e.options?.url ?? url)}: ${e.code ?? clause(e.message)} (${Date.now() - started} ms in all)`);
        // A system's own words may end a sentence of their own: here they go on (", after …").
        const why =
          e.code === 'ETIMEDOUT'
            ? `${answerArriving(e) ? 'its answer did not finish arriving' : 'no answer'} within ${seconds(timeoutMs)}`
            : e.code === 'ENOTFOUND'
              ? 'the host name does not resolve'
              : e.code === 'ECONNREFUSED'
                ? 'the connection was refused'
                : e.code === 'ECONNRESET'
                  ? 'the connection was reset'
                  : clause(this.redact(e.message));
        throw new RemoteError(
          'network',
          `Cannot reach ${remote} (${where}): ${why}, after ${(e.request?.retryCount ?? 0) + 1} attempt${e.request?.retryCount ? 's' : ''}.`,
          // The data centre chooses Zoho's hosts only; MyOperator has one. Either place it is set,
          // since this layer does not know which (a CI job's PHONEBRIDGE_ZOHO_DC was sent to `--dc`).
          (e.code === 'ETIMEDOUT' ? this.opts.unanswered?.(method, new URL(url).pathname) : undefined) ??
            `Check the network${this.opts.baseUrlVar ? `, a proxy, or ${this.opts.baseUrlVar}, which named that host` : remote.startsWith('Zoho') ? ', a proxy, or the data centre (the --dc of `phonebridge-sync login zoho`, or PHONEBRIDGE_ZOHO_DC)' : ' or a proxy'}${this.verboseHint('each attempt', '; run')}.`,
          { cause: e },
        );
      }
      throw e;
    } finally {
      noMoreAttempts?.removeEventListener('abort', stopWaiting);
      unwanted?.removeEventListener('abort', drop);
    }
  }

  /**
   * The wait before retry `attempt` (1 for the first) of a call `elapsed` ms old, or 0 to give up:
   * the remote's Retry-After (ms) when it sent one, up to maxRetryAfterMs, once past maxTotalMs;
   * else exponential backoff from retryBaseMs with jitter (`random` in [0, 1): half the step to
   * all of it), none starting past maxTotalMs. A method of its own, pure but for `random`, so the
   * defaults and caps are tested without a clock (test/unit/http-defaults.test.ts).
   */
  retryDelay(attempt: number, retryAfter: number | undefined, elapsed: number, random = Math.random()): number {
    const { retryBaseMs, maxTotalMs, maxRetryAfterMs } = this.opts;
    // An unreadable Retry-After ("soon") reaches here as NaN: backoff, as if none was sent.
    if (retryAfter !== undefined && Number.isFinite(retryAfter)) {
      if (retryAfter > maxRetryAfterMs || elapsed + retryAfter > maxTotalMs + maxRetryAfterMs) return 0;
      return Math.max(1, retryAfter);
    }
    const backoff = retryBaseMs * 2 ** (attempt - 1);
    const delay = Math.max(1, Math.round(backoff / 2 + random * (backoff / 2)));
    return elapsed + delay > maxTotalMs ? 0 : delay;
  }

  private redirected(status: number, location: string | undefined, url: string, where: string): RemoteError {
    let to = 'no location';
    try {
      if (location) to = new URL(location, url).host;
    } catch {
      to = 'an unreadable location';
    }
    return new RemoteError(
      'redirect',
      `${this.opts.remote} answered ${where} with a redirect (HTTP ${status}) to ${visible(to)}; it was not followed, so no credential was sent there.`,
      'Check the base URL (--dc, or the PHONEBRIDGE_*_URL variables) and any proxy in between; the API itself never redirects.',
    );
  }

  /**
   * Parses a body as JSON then with a schema; anything else is a bad-response error naming the field.
   * `plain`, a check that admits only what the schema admits (plain-users.ts), spares zod's copy of
   * a well-formed body; zod still decides, and names the problem, when it says no.
   */
  parse<T>(res: HttpResponse, schema: z.ZodType<T>, what: string, plain?: (data: unknown) => data is T): T {
    return this.check(this.json(res, what), schema, what, plain);
  }

  /** `parse` for a body already parsed as JSON. */
  check<T>(data: unknown, schema: z.ZodType<T>, what: string, plain?: (data: unknown) => data is T): T {
    if (plain?.(data)) return data;
    const r = schema.safeParse(data);
    if (!r.success) {
      throw new RemoteError(
        'bad-response',
        // `what` is a request or a page, as json()'s frame takes it: "MyOperator sent the e-mail change of … of
        // an unexpected shape" read as if MyOperator had sent the change.
        `${this.opts.remote} answered ${what} with a body of an unexpected shape: ${describeIssue(r.error)}.`,
        'The API may have changed, or a proxy altered the answer; run with --verbose and report it.',
      );
    }
    return r.data;
  }

  json(res: HttpResponse, what: string): unknown {
    try {
      return JSON.parse(res.body);
    } catch {
      const kind = /^\s*</.test(res.body)
        ? 'an HTML page (perhaps from a proxy or a login portal)'
        : res.body.trim() === ''
          ? 'an empty body'
          : 'a body that is not JSON, or was cut short';
      throw new RemoteError(
        'bad-response',
        `${this.opts.remote} answered ${what} with ${kind} (HTTP ${res.status}).`,
        'Check proxies between you and the API, then run again.',
      );
    }
  }
}

/**
 * A 4xx answered with an HTML page, or a 407: neither API answers so (both speak JSON), so
 * something in between refused the request before the API saw it. One sentence for every request
 * of either side (fix's e-mail change, each users read, Zoho Accounts' token calls), which had drifted three ways apart; no
 * error where the answer may be the API's. `what` names the request ("the read of users page 1"),
 * `whose` the user it is of, if any (kept out of the error's `unnamed`), `where` where its address
 * is set; `again` ends the hint with "then run again" (fix says its own).
 */
export function proxyRefusal(
  res: HttpResponse,
  method: string,
  { remote, what, whose, where, again = true }: { remote: string; what: string; whose?: string; where: string; again?: boolean },
): RemoteError | undefined {
  if (res.status !== 407 && !(res.status >= 400 && res.status < 500 && /^\s*</.test(res.body))) return undefined;
  const said = (request: string) =>
    `A proxy or firewall between here and ${remote} refused ${request}: ${method} ${new URL(res.url).pathname} was answered with HTTP ${res.status}${res.status === 407 ? ' (the proxy asks for its own login)' : ` and an HTML page, not ${remote}${remote.endsWith('s') ? "'" : "'s"} JSON`}.`;
  return new RemoteError(
    'proxy',
    said(whose ? `${what} of ${whose}` : what),
    `Check the proxy or firewall between you and ${remote} (${where})${again ? ', then run again' : ''}.`,
    { cure: `Check the proxy or firewall between you and ${remote} (${where}).`, ...(whose ? { unnamed: said(what) } : {}) },
  );
}

/** A time to come back, as every time the tool prints: the clock alone today ("15:06 UTC"), with the date on another day. */
function whenSaid(when: Date, now = new Date()): string {
  const said = timeWords(when);
  return said.slice(0, 10) === timeWords(now).slice(0, 10) ? said.slice(11) : said;
}

/**
 * Whether a request the timeout ended had its answer on the way (the headers were in, the body
 * still coming): "no answer" would be untrue of a remote that answered too slowly or without end.
 */
function answerArriving(e: RequestError): boolean {
  return e.timings?.response !== undefined;
}
