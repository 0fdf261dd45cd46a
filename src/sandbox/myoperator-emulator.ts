/**
 * MyOperator's classic API `/user`, as ../shared/reference/myoperator-api.md describes it (§10):
 * `token` in the query (GET) or the body (POST/PUT); errors as HTTP 200 with `status: "error"`
 * (switchable to 400/401), optionally echoing the request URL so tests prove the client redacts
 * it; `page` and hyphenated `page-size`; every value a string; `next_page` in several styles; a
 * rate limiter; type drift.
 */
import { randomBytes } from 'node:crypto';
import type { DemoCall } from './demo-calls.js';
import type { DemoMyOperatorUser } from './demo-company.js';
import { EmulatorServer, type EmulatorRequest, type Reply } from './server.js';

export type NextPageStyle = 'truthy' | 'number' | 'absent' | 'null' | 'false';

/** How a success answer spells its `status` word: the reference shows "success" only (§2). */
type SuccessWord = 'success' | 'Success' | 'SUCCESS';

/**
 * Whether `PUT /user` changes `email` is unconfirmed (reference §4), so each plausible answer is a
 * switch: `accept` changes it; `ignore` answers success and leaves it as it was; `refuse` answers
 * the error envelope; `accept-resets` changes it but, as an update that treats a field left out as
 * its default might, turns `receive_calls` off (which other fields an update touches is unconfirmed);
 * `accept-clears` changes it and empties the fields the request left out (name, numbers, their
 * country code, extension, role), as a partial update read as a whole record would;
 * `accept-lowercased` stores it trimmed and lower-cased, as a service that normalises e-mails
 * might; `accept-later` answers success and shows the change only after `emailHiddenReads` reads
 * of the users list have missed it (eventual consistency; counted in reads, not time, so a test is
 * the same on a loaded machine).
 */
export type EmailUpdateBehaviour = 'accept' | 'ignore' | 'refuse' | 'accept-resets' | 'accept-clears' | 'accept-lowercased' | 'accept-later';

/** What `accept-clears` empties when a request leaves it out; the sandbox keeps the same fields emptied across runs. */
export const CLEARABLE = ['name', 'contact_number', 'alternate_number', 'country_code', 'extension', 'role_id'] as const;

export class MyOperatorEmulator {
  readonly server = new EmulatorServer((req) => this.route(req));
  users: DemoMyOperatorUser[] = [];
  token = `mo_${randomBytes(12).toString('hex')}`;
  errorHttpStatus: 200 | 400 | 401 = 200;
  /** Echo the request URL (token included) in error messages, as some gateways do. */
  echoUrlInErrors = true;
  nextPageStyle: NextPageStyle = 'truthy';
  /** Numbers instead of strings, null e-mails: what integrations report seeing now and then. */
  typeDrift = false;
  /** Requests allowed per window before 429 with an honest Retry-After (reference: 20/min; Infinity: no limit). */
  rateLimit = { max: Infinity, windowMs: 60_000 };
  emailUpdate: EmailUpdateBehaviour = 'accept';
  /** How many reads of the users list (its first page) an `accept-later` change stays unseen by. */
  emailHiddenReads = 1;
  /**
   * An e-mail another user holds (letter case aside) is refused with this HTTP status and the
   * error envelope ("Email already exists"), or allowed when undefined: whether MyOperator keeps
   * e-mails unique, and how it says no, is unconfirmed.
   */
  emailTakenStatus: 200 | 400 | 409 | 422 | undefined = undefined;
  /**
   * The `status` word of a user update's success answer: the reference shows "success" only
   * (§2), but a gateway or API version that capitalises it is plausible, and the client takes any case.
   */
  updateSuccessWord: SuccessWord = 'success';
  /** The same word in a users page (`GET /user`), which the client reads in any case too. */
  listSuccessWord: SuccessWord = 'success';
  /** The same word in a call logs page (`POST /search`). */
  searchSuccessWord: SuccessWord = 'success';
  /** Whether a 429 carries Retry-After: the reference has both (§2, §10). */
  rateLimitRetryAfter = true;
  /** Call logs for `POST /search` (reference §5), newest first once filtered. */
  calls: DemoCall[] = [];
  /** The most calls a `/search` page holds, whatever was asked (the reference's default page is 20). */
  searchMaxPageSize = 100;
  /**
   * Where `/search` reads its parameters, token included: the official page puts them in the query
   * string, one integrator found only a JSON body accepted (reference §5, unconfirmed).
   */
  searchParamsFrom: 'query' | 'body' | 'either' = 'query';
  /**
   * The most users a `/user` page holds, whatever was asked: the reference calls 100 the default
   * and the maximum, unconfirmed (§3), so a server whose pages are smaller than asked is a switch.
   */
  userMaxPageSize = 100;
  private recent: number[] = [];
  private pending: Array<{ user: DemoMyOperatorUser; email: string; hiddenFor: number }> = [];

  /** Forget the requests counted so far, so a test's own limit starts from zero. */
  resetRateWindow(): void {
    this.recent = [];
  }

  get url(): string {
    return this.server.url;
  }

  start(port = 0): Promise<string> {
    return this.server.start(port);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private error(code: number, message: string, req: EmulatorRequest): Reply {
    const echoed = this.echoUrlInErrors ? `${message} (request: ${req.url})` : message;
    return { status: this.errorHttpStatus, json: { status: 'error', code, message: echoed } };
  }

  private route(req: EmulatorRequest): Reply {
    const now = Date.now();
    const { max, windowMs } = this.rateLimit;
    this.recent = this.recent.filter((t) => t > now - windowMs);
    if (this.recent.length >= max) {
      const wait = Math.max(1, Math.ceil((this.recent[0]! + windowMs - now) / 1000));
      return { status: 429, headers: this.rateLimitRetryAfter ? { 'retry-after': String(wait) } : {}, json: { status: 'error', code: 429, message: 'Too many requests' } };
    }
    this.recent.push(now);
    if (req.path !== '/user' && req.path !== '/search') return { status: 404, json: { status: 'error', code: 404, message: 'Not found' } };
    if (req.path === '/search') {
      const p = this.searchParamsFrom === 'query' ? req.query : this.searchParamsFrom === 'body' ? req.bodyParams : req.params;
      if (p.get('token') !== this.token) return this.error(401, 'Invalid token', req);
      return req.method === 'POST' ? this.search(p, req) : this.error(400, 'not an authorized request', req);
    }
    if (req.params.get('token') !== this.token) return this.error(401, 'Invalid token', req);
    if (req.method === 'GET') return this.list(req);
    if (req.method === 'POST') return this.create(req);
    if (req.method === 'PUT') return this.update(req);
    return { status: 405, json: { status: 'error', code: 405, message: 'Method not allowed' } };
  }

  private list(req: EmulatorRequest): Reply {
    const page = Number(req.params.get('page') ?? '1');
    if (page === 1) this.settle();
    const asked = Number(req.params.get('page-size') ?? '100');
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(asked) || asked < 1 || asked > 100) return this.error(400, 'Invalid page or page-size', req);
    const size = Math.min(asked, this.userMaxPageSize);
    const data = this.users
      .slice((page - 1) * size, page * size)
      .map((u) => (this.typeDrift ? { ...u, extension: Number(u.extension), user_id: Number(u.user_id), email: u.email || null } : u));
    const more = page * size < this.users.length;
    const body: Record<string, unknown> = { status: this.listSuccessWord, code: 200, data };
    const style = this.nextPageStyle;
    if (style === 'truthy') body.next_page = more ? `/user?page=${page + 1}` : false;
    else if (style === 'number') body.next_page = more ? page + 1 : 0;
    else if (style === 'null') body.next_page = more ? page + 1 : null;
    else if (style === 'false') body.next_page = more;
    return { status: 200, json: body };
  }

  private create(req: EmulatorRequest): Reply {
    const p = req.params;
    if (!p.get('name') || !p.get('contact_number') || !p.get('extension')) return this.error(400, 'name, contact_number and extension are required', req);
    const n = this.users.length + 1;
    const user: DemoMyOperatorUser = {
      uuid: `s${randomBytes(6).toString('hex')}`,
      user_id: String(228000 + n),
      name: p.get('name')!,
      email: p.get('email') ?? '',
      contact_number: p.get('contact_number')!,
      alternate_number: '',
      country_code: p.get('country_code') ?? '91',
      extension: p.get('extension')!,
      role_id: '3',
      is_enabled: '1',
      is_active: '1',
    };
    this.users.push(user);
    return { status: 200, json: { status: 'success', code: 200, data: [user] } };
  }

  private update(req: EmulatorRequest): Reply {
    const user = this.users.find((u) => u.uuid === req.params.get('uuid'));
    if (!user) return this.error(404, 'User not found', req);
    const receive = req.params.get('receive_calls');
    const email = req.params.get('email');
    if (email !== null && this.emailUpdate === 'refuse') return this.error(400, 'email cannot be updated through the API', req);
    const taken = email !== null && this.emailTakenStatus !== undefined && this.users.some((u) => u !== user && u.email.trim().toLowerCase() === email.trim().toLowerCase());
    if (taken) {
      const status = this.emailTakenStatus!;
      return { status, json: { status: 'error', code: status === 200 ? 400 : status, message: 'Email already exists' } };
    }
    if (receive === '0' || receive === '1') user.is_enabled = receive;
    const b = this.emailUpdate;
    if (email !== null && (b === 'accept' || b === 'accept-resets' || b === 'accept-clears')) user.email = email;
    if (email !== null && b === 'accept-lowercased') user.email = email.trim().toLowerCase();
    if (email !== null && b === 'accept-later') this.pending.push({ user, email, hiddenFor: this.emailHiddenReads });
    if (email !== null && b === 'accept-resets' && receive === null) user.is_enabled = '0';
    if (email !== null && b === 'accept-clears')
      for (const field of CLEARABLE) if (req.params.get(field) === null) user[field] = '';
    return { status: 200, json: { status: this.updateSuccessWord, code: 200, message: 'User updated successfully' } };
  }

  /** Every change `accept-later` still holds back is shown: eventually, as a MyOperator that is only slow would. */
  settleAll(): void {
    for (const p of this.pending) p.user.email = p.email;
    this.pending = [];
  }

  /** A new read of the users list: `accept-later` changes it is the first not to miss are made. */
  private settle(): void {
    for (const p of this.pending) if (p.hiddenFor-- <= 0) p.user.email = p.email;
    this.pending = this.pending.filter((p) => p.hiddenFor >= 0);
  }

  /** `POST /search`: calls with `start_time` in [from, to], newest first, `log_from` offset, `page_size` ≤ 100. */
  private search(p: URLSearchParams, req: EmulatorRequest): Reply {
    const from = Number(p.get('from') ?? '0');
    const to = Number(p.get('to') ?? String(Math.floor(Date.now() / 1000)));
    const offset = Number(p.get('log_from') ?? '0');
    const size = Number(p.get('page_size') ?? '20');
    if (![from, to, offset, size].every(Number.isInteger) || offset < 0 || size < 1 || size > 100)
      return this.error(400, 'Invalid from, to, log_from or page_size', req);
    const hits = this.calls.filter((c) => c.start_time >= from && c.start_time <= to).sort((a, b) => b.start_time - a.start_time || (a.id < b.id ? -1 : 1));
    return {
      status: 200,
      json: {
        status: this.searchSuccessWord,
        code: 200,
        data: {
          total: hits.length,
          hits: hits.slice(offset, offset + Math.min(size, this.searchMaxPageSize)).map(({ id, ...source }) => ({ _id: id, _source: { ...source, start_time: String(source.start_time) } })),
        },
      },
    };
  }
}
