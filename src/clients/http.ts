/**
 * The shared HTTP core, on got: a timeout per request; retries with exponential backoff and jitter
 * on network errors, 429 and 5xx, honouring Retry-After; a bound on the total time of one call;
 * bounded concurrency per remote; redacted tracing; typed errors. Bodies are read as text and
 * parsed here, so an HTML page from a proxy or a truncated body becomes one clear sentence.
 */
import got, { HTTPError, RequestError, type Method, type OptionsInit, type Response } from 'got';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { RemoteError } from '../errors.js';
import { redact } from './redact.js';
import { errorBodyText } from './remote-text.js';
import { describeIssue } from './schemas.js';

export interface HttpOptions {
  /** "Zoho", "Zoho Accounts", "MyOperator": names the remote in every sentence. */
  remote: string;
  timeoutMs?: number;
  retries?: number;
  /** First backoff step; doubles each retry, with jitter. */
  retryBaseMs?: number;
  /** No retry starts once this much time has passed since the call began. */
  maxTotalMs?: number;
  concurrency?: number;
  /** Where --verbose traces go; absent when not verbose. */
  trace?: (line: string) => void;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  url: string;
}

export class Http {
  private readonly limit;
  private readonly opts: Required<Omit<HttpOptions, 'trace'>> & Pick<HttpOptions, 'trace'>;

  constructor(options: HttpOptions) {
    this.opts = { timeoutMs: 15_000, retries: 4, retryBaseMs: 500, maxTotalMs: 60_000, concurrency: 4, ...options };
    this.limit = pLimit(this.opts.concurrency);
  }

  private redact(s: string): string {
    return redact(s);
  }

  private trace(line: string): void {
    this.opts.trace?.(this.redact(line));
  }

  /** Any status comes back after retries, except 429 and 5xx, which throw once retries are spent. */
  request(method: Method, url: string, init: Omit<OptionsInit, 'method' | 'url'> = {}): Promise<HttpResponse> {
    return this.limit(() => this.send(method, url, init));
  }

  private async send(method: Method, url: string, init: Omit<OptionsInit, 'method' | 'url'>): Promise<HttpResponse> {
    const started = Date.now();
    const { retries, retryBaseMs, maxTotalMs, timeoutMs, remote } = this.opts;
    const where = `${method} ${this.redact(new URL(url).origin + new URL(url).pathname)}`;
    try {
      const res = (await got(url, {
        ...init,
        method,
        responseType: 'text',
        timeout: { request: timeoutMs },
        retry: {
          limit: retries,
          methods: ['GET', 'POST', 'PUT', 'DELETE'],
          statusCodes: [429, 500, 502, 503, 504],
          maxRetryAfter: maxTotalMs,
          // got checks limit, methods, status and error codes first; we choose the delay: Retry-After
          // when the server sent one, else exponential backoff with jitter; 0 (give up) past the total bound.
          enforceRetryRules: true,
          calculateDelay: ({ retryAfter, attemptCount }) => {
            const backoff = retryBaseMs * 2 ** (attemptCount - 1);
            const delay = Math.max(1, retryAfter ?? Math.round(backoff / 2 + Math.random() * (backoff / 2)));
            return Date.now() - started + delay > maxTotalMs ? 0 : delay;
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
            (error, count) =>
              this.trace(`↻ retry ${count} of ${method} ${String(error.options.url)}: ${error.response ? `HTTP ${error.response.statusCode}` : error.code}`),
          ],
        },
      })) as unknown as Response<string>;
      return { status: res.statusCode, headers: res.headers, body: res.body, url: res.url };
    } catch (e) {
      if (e instanceof HTTPError) {
        const status = e.response.statusCode;
        const response = { status, headers: e.response.headers, body: String(e.response.body ?? ''), url: e.response.url };
        if (status !== 429 && status < 500) return response;
        const html = /^\s*</.test(response.body) ? ' (an HTML page, perhaps from a proxy)' : '';
        if (status === 429) {
          throw new RemoteError(
            'rate-limit',
            `${remote} kept refusing with HTTP 429 (too many requests) for ${where}, after ${e.request.retryCount + 1} attempts.`,
            'Wait a few minutes and run again; other integrations may be using the same API quota.',
          );
        }
        // The last answer's own words (code, message, details), sanitised: they often say what is wrong.
        const said = html ? '' : errorBodyText(response.body);
        throw new RemoteError(
          'remote',
          `${remote} kept failing with HTTP ${status}${html} for ${where}, after ${e.request.retryCount + 1} attempts${said ? `: ${said}` : ''}.`,
          'The service may be down; run again later, or with --verbose to see each attempt.',
        );
      }
      if (e instanceof RequestError) {
        const why =
          e.code === 'ETIMEDOUT'
            ? `no answer within ${Math.round(timeoutMs / 1000)} s`
            : e.code === 'ENOTFOUND'
              ? 'the host name does not resolve'
              : e.code === 'ECONNREFUSED'
                ? 'the connection was refused'
                : e.code === 'ECONNRESET'
                  ? 'the connection was reset'
                  : this.redact(e.message);
        throw new RemoteError(
          'network',
          `Cannot reach ${remote} (${where}): ${why}, after ${(e.request?.retryCount ?? 0) + 1} attempts.`,
          'Check the network, a proxy, or the data centre (--dc); run with --verbose to see each attempt.',
          { cause: e },
        );
      }
      throw e;
    }
  }

  /** Parses a body as JSON then with a schema; anything else is a bad-response error naming the field. */
  parse<T>(res: HttpResponse, schema: z.ZodType<T>, what: string): T {
    const data = this.json(res, what);
    const r = schema.safeParse(data);
    if (!r.success) {
      throw new RemoteError(
        'bad-response',
        `${this.opts.remote} sent ${what} of an unexpected shape: ${describeIssue(r.error)}.`,
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
