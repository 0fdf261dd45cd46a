/**
 * The HTTP client's defaults, which every other test overrides with fast options of its own: what
 * README promises (15 s a request, 4 retries, 500 ms doubling with jitter, 60 s in all, a
 * Retry-After of up to 90 s waited for). The waits are computed, never timed.
 */
import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_DEFAULTS, Http } from '../../src/clients/http.js';
import { RemoteError } from '../../src/errors.js';

describe('HTTP defaults', () => {
  it('are what README says: 15 s a request, 4 retries, 500 ms doubling, 60 s in all, a Retry-After of up to 90 s; 4 requests at once per remote', () => {
    expect(HTTP_DEFAULTS).toEqual({ timeoutMs: 15_000, retries: 4, retryBaseMs: 500, maxTotalMs: 60_000, maxRetryAfterMs: 90_000, concurrency: 4 });
  });

  it('a remote that keeps failing is asked five times (the first try and 4 retries), and the sentence says so', async () => {
    let asked = 0;
    // Retry-After: 0 makes each retry wait 1 ms, so the defaults run without waiting out their backoff.
    const server = createServer((_req, res) => {
      asked++;
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'text/plain' }).end('down for maintenance');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/users`;
      const err = await new Http({ remote: 'MyOperator' }).request('GET', url).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RemoteError);
      expect((err as RemoteError).message).toMatch(/^MyOperator kept failing with HTTP 503 for GET http:\/\/127\.0\.0\.1:\d+\/v1\/users, after 5 attempts/);
      expect(asked).toBe(5);
      expect((err as RemoteError).hint).toBe('The service may be down; run again later, or with --verbose to see each attempt.');
      // a run with --verbose has each attempt above: it is not told to run with --verbose
      const traced = await new Http({ remote: 'MyOperator', retries: 0, trace: () => {} }).request('GET', url).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((traced as RemoteError).hint).toBe('The service may be down; run again later.');
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});

describe('the wait a request makes', () => {
  it('is the backoff of each retry in turn, from the first (500 ms), with the time the call has taken', async () => {
    const server = createServer((_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('down'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const http = new Http({ remote: 'MyOperator' });
      const asked: Array<[number, number | undefined]> = [];
      const real = http.retryDelay.bind(http);
      // Recorded as asked, then waited 1 ms: the defaults run without waiting out their backoff.
      http.retryDelay = (attempt, retryAfter, elapsed, random) => {
        asked.push([attempt, retryAfter]);
        expect(elapsed).toBeGreaterThanOrEqual(0);
        expect(elapsed).toBeLessThan(10_000);
        return Math.min(1, real(attempt, retryAfter, elapsed, random));
      };
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/users`;
      await expect(http.request('GET', url)).rejects.toBeInstanceOf(RemoteError);
      expect(asked).toEqual([
        [1, undefined],
        [2, undefined],
        [3, undefined],
        [4, undefined],
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});

describe('the wait before a retry, with the defaults', () => {
  const http = new Http({ remote: 'Zoho' });
  const backoff = (random: number, elapsed = 0) => [1, 2, 3, 4].map((attempt) => http.retryDelay(attempt, undefined, elapsed, random));

  it('backs off from 500 ms, doubling each retry, jittered between half the step and all of it', () => {
    expect(backoff(0)).toEqual([250, 500, 1000, 2000]);
    expect(backoff(0.5)).toEqual([375, 750, 1500, 3000]);
    expect(backoff(0.9999)).toEqual([500, 1000, 2000, 4000]);
  });

  it('starts no retry that would begin past 60 s since the call began', () => {
    expect(http.retryDelay(1, undefined, 59_750, 0)).toBe(250); // begins at 60 s exactly
    expect(http.retryDelay(1, undefined, 59_751, 0)).toBe(0);
    expect(http.retryDelay(3, undefined, 58_000, 0)).toBe(1000);
    expect(http.retryDelay(3, undefined, 59_001, 0)).toBe(0);
  });

  it('waits what Retry-After asks, unjittered, up to 90 s; longer is not waited for; an unreadable one (NaN) is backoff', () => {
    expect(http.retryDelay(1, 30_000, 0, 0.5)).toBe(30_000);
    expect(http.retryDelay(2, 90_000, 0, 0.5)).toBe(90_000);
    expect(http.retryDelay(2, 90_001, 0, 0.5)).toBe(0);
    expect(http.retryDelay(1, 0, 0, 0.5)).toBe(1); // "0" is honoured at once, never 0 (which gives up)
    expect(http.retryDelay(1, NaN, 0, 0)).toBe(250);
  });

  it('one asked-for wait may stretch a call past 60 s, until 60 s + 90 s', () => {
    expect(http.retryDelay(3, 90_000, 59_000, 0)).toBe(90_000);
    expect(http.retryDelay(3, 30_000, 120_000, 0)).toBe(30_000); // ends at 150 s exactly
    expect(http.retryDelay(3, 30_000, 120_001, 0)).toBe(0);
  });

  it('each option given replaces its default (the PHONEBRIDGE_HTTP_* variables)', () => {
    const tuned = new Http({ remote: 'Zoho', retryBaseMs: 100, maxTotalMs: 1000, maxRetryAfterMs: 2000 });
    expect(tuned.retryDelay(1, undefined, 0, 0)).toBe(50);
    expect(tuned.retryDelay(1, undefined, 951, 0)).toBe(0);
    expect(tuned.retryDelay(1, 2000, 0, 0)).toBe(2000);
    expect(tuned.retryDelay(1, 2001, 0, 0)).toBe(0);
  });
});

describe('a remote that does not answer', () => {
  it('is said at each retry, and --verbose ends every attempt with a line, the last one too (it ended with no line, after its "→")', async () => {
    // Never answers: each attempt times out.
    const server = createServer(() => {});
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/user`;
      const lines: string[] = [];
      const notices: string[] = [];
      const err = await new Http({ remote: 'MyOperator', retries: 1, timeoutMs: 150, retryBaseMs: 1, trace: (l) => lines.push(l), waiting: (l) => notices.push(l) }).request('GET', url).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RemoteError);
      expect(lines.map((l) => l.replace(/\d+ ms/, 'N ms'))).toEqual([`→ GET ${url}`, `↻ retry 1 of GET ${url}: ETIMEDOUT`, `→ GET ${url}`, `✗ GET ${url}: ETIMEDOUT (N ms in all)`]);
      // Said to a person watching without --verbose too (connect gives `waiting` at a terminal only): each attempt waits a whole timeout (15 s by default), and a terminal showed a spinner alone.
      expect(notices).toEqual([`MyOperator did not answer GET ${url} within 150 ms; trying again (attempt 2 of 2).`]);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});
