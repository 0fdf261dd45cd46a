/**
 * A call told to make no more attempts (fix's first Ctrl-C): the attempt in flight is left to
 * answer or time out, but no retry is sent, whether the word comes during that attempt or while
 * the call waits to try again (a Retry-After of a minute must not hold the run, then send).
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { Http } from '../../src/clients/http.js';
import { FAST, rejection, withEmulators } from '../support/emulators.js';

const h = withEmulators();
beforeEach(() => {
  h.e.mo.server.clearFaults();
  h.e.mo.server.log.length = 0;
});

const puts = () => h.e.mo.server.count('PUT', '/user');

async function once(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setTimeout(r, 5));
}

describe('no more attempts', () => {
  it('said while an attempt hangs: that attempt times out, and no retry is sent', async () => {
    h.e.mo.server.fault('/user', { kind: 'hang' }, Infinity, 'PUT');
    const stop = new AbortController();
    const call = new Http({ remote: 'MyOperator', ...FAST, retries: 3, timeoutMs: 2000 }).request('PUT', `${h.e.mo.url}/user`, { json: { uuid: 'u1' } }, stop.signal);
    await once(() => puts() === 1);
    stop.abort();
    const err = await rejection(call);
    expect(err.message).toMatch(/^Cannot reach MyOperator \(PUT http:\/\/127\.0\.0\.1:\d+\/user\): no answer within 2 s, after 1 attempt\.$/);
    expect(puts()).toBe(1);
  });

  it('said while the call waits out a Retry-After: the wait ends, no retry is sent, and the call fails as its last attempt did', async () => {
    h.e.mo.server.fault('/user', { kind: 'status', status: 503, retryAfter: '25' }, Infinity, 'PUT');
    const stop = new AbortController();
    const notices: string[] = [];
    const call = new Http({ remote: 'MyOperator', ...FAST, retries: 3, notice: (l) => notices.push(l) }).request('PUT', `${h.e.mo.url}/user`, { json: { uuid: 'u1' } }, stop.signal);
    await once(() => notices.length === 1);
    stop.abort();
    const err = await rejection(call);
    // One answer, not "kept failing … after 1 attempt".
    expect(err.message).toMatch(/^MyOperator answered PUT http:\/\/127\.0\.0\.1:\d+\/user with HTTP 503: /);
    expect(puts()).toBe(1);
  });

  it('never said: the call retries as ever', async () => {
    h.e.mo.server.fault('/user', { kind: 'status', status: 503 }, 2, 'PUT');
    const res = await new Http({ remote: 'MyOperator', ...FAST, retries: 3 }).request('PUT', `${h.e.mo.url}/user`, { json: { uuid: 'u1' } }, new AbortController().signal);
    expect(res.status).toBe(200);
    expect(puts()).toBe(3);
  });
});
