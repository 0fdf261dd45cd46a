/**
 * What every emulator shares: a node:http server on 127.0.0.1 (port 0 unless told), a request log
 * with secrets redacted, global latency, and faults injected per path for a number of requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactUrl } from '../clients/redact.js';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'html'; status?: number }
  | { kind: 'truncated' }
  | { kind: 'reset' }
  | { kind: 'latency'; ms: number }
  /**
   * Held until `until` settles, then answered as usual: a slow remote whose answer comes when the
   * test says (once the run has answered a signal sent while the request was out), where a latency
   * guessed long enough for a loaded machine made every run wait it out.
   */
  | { kind: 'held'; until: Promise<unknown> }
  /**
   * Never answers, and never acts on the request: a remote that stopped answering. The connection
   * is held until the client gives up (its timeout) or the server closes; unlike a long latency,
   * nothing reaches the handler later, so no test is changed by a request another one sent.
   */
  | { kind: 'hang' }
  /**
   * Acted on, then its answer lost: the connection is cut (`reset`), or held until the client's
   * timeout (`silence`). A change a client must not take for "not applied" because it heard nothing.
   */
  | { kind: 'answer-lost'; then: 'reset' | 'silence' }
  | { kind: 'body'; body: string; status?: number };

export interface EmulatorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Query parameters, then form or JSON body fields: the APIs accept either. */
  params: URLSearchParams;
  /** The form or JSON body fields alone, for an endpoint whose reading of the query is in doubt. */
  bodyParams: URLSearchParams;
  url: string;
}

export interface Reply {
  status: number;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** The query string with token-like values redacted. */
  query: string;
  /** Form or JSON body fields, token-like ones left out. */
  body: Record<string, string>;
  at: number;
}

const SECRET_FIELD = /token|secret|password|code/i;

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>';

function paramsOf(query: URLSearchParams, body: string, type: string | undefined): URLSearchParams {
  const out = new URLSearchParams(query);
  if (!body) return out;
  if (type?.includes('application/json')) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, unknown>)) out.set(k, String(v));
    } catch {
      // a malformed body simply carries no parameters, as on the real services
    }
  } else {
    for (const [k, v] of new URLSearchParams(body)) out.set(k, v);
  }
  return out;
}

export class EmulatorServer {
  latencyMs = 0;
  readonly log: LoggedRequest[] = [];
  private faults: Array<{ path: string; fault: Fault; times: number; method?: string; used: number; serial: number }> = [];
  /** How many faults were ever injected: a request takes only those injected before it arrived. */
  private injected = 0;
  /** Faults cleared before any request took them (see neverUsedFaults). */
  private cleared: string[] = [];
  private server: Server | undefined;
  url = '';

  constructor(private readonly handle: (req: EmulatorRequest) => Reply | Promise<Reply>) {}

  /** Injects a fault on requests whose path starts with `path` (and of `method`, if given), for `times` requests (Infinity: always). */
  fault(path: string, fault: Fault, times = 1, method?: string): void {
    this.faults.push({ path, fault, times, method, used: 0, serial: ++this.injected });
  }

  /** `untakenAllowed`: faults queued as a supply (an endless server) that the client may rightly stop short of. */
  clearFaults(options: { untakenAllowed?: boolean } = {}): void {
    if (!options.untakenAllowed) this.cleared.push(...this.untaken());
    this.faults = [];
    this.latencyMs = 0;
  }

  /**
   * The faults injected since the last call that no request ever took, and forgets them: a test
   * whose fault never fired proved nothing about it (as an HTTP stub fails on an unused request).
   */
  neverUsedFaults(): string[] {
    const out = [...this.cleared, ...this.untaken()];
    this.cleared = [];
    for (const f of this.faults) f.used = Math.max(f.used, 1);
    return out;
  }

  private untaken(): string[] {
    return this.faults.filter((f) => f.used === 0).map((f) => `${f.method ?? 'any'} ${f.path}: ${f.fault.kind}`);
  }

  count(method: string, path: string): number {
    return this.log.filter((r) => r.method === method && r.path === path).length;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((done) => this.server!.listen(port, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server!.close(() => done()));
    this.server = undefined;
  }

  /**
   * A fault injected after a request arrived is not for it (`arrived`: the faults injected by then).
   * A request a test gave up on, still waiting out a latency, used to wake and take the next test's
   * fault: that fault was then "taken" by no client, and the request it was for answered as usual.
   */
  private takeFault(path: string, method: string, arrived: number): Fault | undefined {
    const f = this.faults.find((x) => x.serial <= arrived && x.times > 0 && path.startsWith(x.path) && (!x.method || x.method === method));
    if (!f) return undefined;
    f.times--;
    f.used++;
    return f.fault;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Arrived once its head did: a request the client gave up on (a page past the end of a listing,
    // dropped) may be read after the test that sent it ended, and must not take the next test's fault.
    const arrived = this.injected;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const sent = paramsOf(new URLSearchParams(), Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
    for (const k of [...sent.keys()]) if (SECRET_FIELD.test(k)) sent.delete(k);
    this.log.push({ method: req.method ?? 'GET', path: url.pathname, query: redactUrl(url.search), body: Object.fromEntries(sent), at: Date.now() });
    if (this.latencyMs) await delay(this.latencyMs);
    let fault = this.takeFault(url.pathname, req.method ?? 'GET', arrived);
    while (fault?.kind === 'latency' || fault?.kind === 'held') {
      await (fault.kind === 'latency' ? delay(fault.ms) : fault.until);
      fault = this.takeFault(url.pathname, req.method ?? 'GET', arrived);
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return;
    let reply: Reply;
    if (fault?.kind === 'status') {
      reply = {
        status: fault.status,
        body: fault.body ?? JSON.stringify({ status: 'error', code: fault.status, message: 'injected fault' }),
        headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      };
    } else if (fault?.kind === 'html') {
      reply = { status: fault.status ?? 502, body: HTML_PAGE, headers: { 'content-type': 'text/html' } };
    } else if (fault?.kind === 'body') {
      reply = { status: fault.status ?? 200, body: fault.body };
    } else {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        reply = await this.handle({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          params: paramsOf(url.searchParams, body, req.headers['content-type']),
          bodyParams: paramsOf(new URLSearchParams(), body, req.headers['content-type']),
          url: url.pathname + url.search,
        });
      } catch (e) {
        reply = { status: 500, json: { status: 'error', code: 'INTERNAL_ERROR', message: (e as Error).message } };
      }
      if (fault?.kind === 'answer-lost') {
        if (fault.then === 'reset') req.socket.destroy();
        return;
      }
      if (fault?.kind === 'truncated') {
        const full = reply.body ?? JSON.stringify(reply.json);
        reply = { status: reply.status, body: full.slice(0, Math.max(1, Math.floor(full.length / 2))) };
      }
    }
    const body = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
    res.writeHead(reply.status, {
      'content-type': reply.json !== undefined ? 'application/json;charset=UTF-8' : 'text/plain',
      ...reply.headers,
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  }
}

/**
 * A remote's slowness, which never keeps the process alive: a request whose client was killed
 * (a test's Ctrl-C) would otherwise hold the test runner open for the rest of a minute's latency
 * after the server closed.
 */
function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms).unref());
}
