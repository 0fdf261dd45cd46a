/**
 * Zoho OAuth for a Self Client. The grant token is exchanged once (each exchange mints a refresh
 * token and Zoho evicts the oldest past 20); the access token is cached with its expiry and
 * reused across runs (Zoho allows about 10 refreshes per 10 minutes); refreshes are serialised.
 * The token endpoint reports failures as HTTP 200 with an `error` field: success is decided by
 * the presence of `access_token`, never by status.
 */
import * as z from 'zod';
import { AuthError, RemoteError } from '../errors.js';
import { visible } from '../core/forensics.js';
import { proxyRefusal, type Http, type HttpResponse } from './http.js';
import { registerSecret, optionPlaceholder } from './redact.js';

export const DATA_CENTRES = {
  us: { accounts: 'https://accounts.zoho.com', api: 'https://www.zohoapis.com' },
  eu: { accounts: 'https://accounts.zoho.eu', api: 'https://www.zohoapis.eu' },
  in: { accounts: 'https://accounts.zoho.in', api: 'https://www.zohoapis.in' },
  au: { accounts: 'https://accounts.zoho.com.au', api: 'https://www.zohoapis.com.au' },
  jp: { accounts: 'https://accounts.zoho.jp', api: 'https://www.zohoapis.jp' },
  ca: { accounts: 'https://accounts.zohocloud.ca', api: 'https://www.zohoapis.ca' },
  sa: { accounts: 'https://accounts.zoho.sa', api: 'https://www.zohoapis.sa' },
  cn: { accounts: 'https://accounts.zoho.com.cn', api: 'https://www.zohoapis.com.cn' },
  uk: { accounts: 'https://accounts.zoho.uk', api: 'https://www.zohoapis.uk' },
  // The API host is unconfirmed (reference §2); the token answer's api_domain, when given, is used.
  ae: { accounts: 'https://accounts.zoho.ae', api: 'https://www.zohoapis.ae' },
} as const;

/** Zoho's revoke request (reference §1.5): where revoke() sends a refresh token, and where a person can. */
const REVOKE_PATH = '/oauth/v2/token/revoke';

/**
 * A proxy's page or 407 answering a token call, said as the data calls say it: it was "an HTML page
 * (perhaps from a proxy or a login portal)" with "Check proxies between you and the API". `again`:
 * false for the revoke, whose command (logout) says what to run again.
 */
const ACCOUNTS_PROXY = { remote: 'Zoho Accounts', where: 'or PHONEBRIDGE_ZOHO_ACCOUNTS_URL, where it is set' } as const;

/**
 * The hint of a revoke answered by something other than Zoho, without "then run again": its command
 * (logout) says what to run again, and it read "…, then run again. Then run `…` again".
 */
const REVOKE_PROXY_HINT = 'Check proxies between you and Zoho Accounts.';

/**
 * What a refresh token left unrevoked stays, for each sentence that leaves one so (logout's
 * --no-revoke, a login it cannot revoke, a credentials file moved aside): "revoke it in the Zoho API
 * console" was said, which the reference does not confirm for a Self Client's refresh token; the
 * revoke request is the one hand revoke it confirms. `dc`: its data centre, when known.
 */
export function liveUntilRevokedByHand(dc?: DataCentre): string {
  const accounts = dc ? DATA_CENTRES[dc].accounts : 'https://<the Zoho Accounts of its data centre, e.g. accounts.zoho.in>';
  return `live at Zoho until it is revoked by hand (a POST to ${accounts}${REVOKE_PATH} with the refresh token as its token parameter)`;
}

/** The domain each data centre's people log in at, for the question `login` asks. */
export const DC_DOMAINS: Record<DataCentre, string> = {
  us: 'zoho.com',
  eu: 'zoho.eu',
  in: 'zoho.in',
  au: 'zoho.com.au',
  jp: 'zoho.jp',
  ca: 'zohocloud.ca',
  sa: 'zoho.sa',
  cn: 'zoho.com.cn',
  uk: 'zoho.uk',
  ae: 'zoho.ae',
};

export type DataCentre = keyof typeof DATA_CENTRES;
export const DC_NAMES = Object.keys(DATA_CENTRES) as DataCentre[];

export function isDataCentre(v: string): v is DataCentre {
  return v in DATA_CENTRES;
}

const tokenAnswer = z.object({
  access_token: z.string().optional(),
  refresh_token: z.string().optional(),
  api_domain: z.string().optional(),
  expires_in: z.number().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  status: z.string().optional(),
});

export interface CachedToken {
  accessToken: string;
  apiDomain: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Where the access token lives between runs (the credentials store); tests use a Map. */
export interface TokenCache {
  load(): CachedToken | undefined;
  /** Awaited before the token is used: a save that fails is said (or fails the command) before any request. */
  save(token: CachedToken): void | Promise<void>;
}

export interface ZohoAppCredentials {
  dc: DataCentre;
  clientId: string;
  clientSecret: string;
  /**
   * The API base URL when it is set explicitly (PHONEBRIDGE_ZOHO_API_URL for tests and proxies, the
   * sandbox's emulator): the token answer's api_domain is then not used, nor checked.
   */
  apiUrl?: string;
}

/** The domains a data centre's api_domain may be under: its API domain and its accounts domain. */
export function zohoDomains(dc: DataCentre): string[] {
  return [new URL(DATA_CENTRES[dc].api).hostname.replace(/^www\./, ''), new URL(DATA_CENTRES[dc].accounts).hostname.replace(/^accounts\./, '')];
}

/**
 * The origin an api_domain names when it may receive the access token: https, no port or user,
 * a host under the data centre's Zoho domains; else undefined.
 */
export function trustedApiDomain(dc: DataCentre, apiDomain: string | undefined): string | undefined {
  if (!apiDomain) return undefined;
  let u: URL;
  try {
    u = new URL(apiDomain);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' || u.port || u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search) return undefined;
  const host = u.hostname.toLowerCase();
  return zohoDomains(dc).some((d) => host === d || host.endsWith(`.${d}`)) ? u.origin : undefined;
}

/** A token is used until five minutes before it expires, so a long run never sends a dead one. */
const EARLY_MS = 5 * 60_000;

/**
 * How long an access token is used for. Zoho's last an hour; a lifetime that is not a positive
 * number, or one past a day, is not believed: Infinity would be saved as null, and every later run
 * would find the credentials file broken.
 */
function lifetimeMs(expiresIn: number | undefined): number {
  const s = expiresIn ?? 3600;
  return Number.isFinite(s) && s > 0 ? Math.min(s, 86_400) * 1000 : 3600 * 1000;
}

export class ZohoAuth {
  private inFlight: Promise<CachedToken> | undefined;
  /** The token this run last used: the cache is read (a file read and a schema check) only when it is about to expire. */
  private current: CachedToken | undefined;

  /** Set when the refresh token comes from this variable: its rejection is fixed there, not by `login`. */
  refreshTokenVar?: string;
  /**
   * Whether the token in use was refreshed by this run (Zoho accepted the refresh token just now),
   * or read from the cache (nothing was asked of Zoho yet): doctor says which.
   */
  refreshedNow = false;
  /** Likewise for the client id and secret. */
  clientIdVar?: string;
  clientSecretVar?: string;
  /** And for the data centre: a wrong one from this variable is not mended by `login --dc`; savedDc is the saved login's, if any. */
  dcVar?: string;
  savedDc?: () => string | undefined;
  /** Set when this variable names the accounts server: it, not the data centre, chose the host that refused the client id. */
  accountsUrlVar?: string;
  /**
   * Where `login zoho` pasted here would ask nothing ("where CI is set", "off a terminal"), and the
   * product in use: a refusal's "run login, it asks for it" was there a login that stops at its
   * first missing flag.
   */
  promptsOff?: { where: string; product: 'crm' | 'bigin'; savedClient?: boolean };

  constructor(
    private readonly http: Http,
    private readonly app: ZohoAppCredentials,
    private readonly accountsUrl: string,
    private readonly refreshToken: string | undefined,
    private readonly cache: TokenCache,
    private readonly now: () => number = Date.now,
  ) {
    registerSecret(app.clientSecret);
    registerSecret(refreshToken);
  }

  private host(): string {
    return new URL(this.accountsUrl).host;
  }

  /** A valid access token: the cached one while it lives, else one refresh shared by all callers. */
  async token(forceRefresh = false): Promise<CachedToken> {
    const fresh = (t: CachedToken | undefined) => !forceRefresh && t !== undefined && t.expiresAt - EARLY_MS > this.now();
    if (fresh(this.current)) return this.current!;
    // Callers that come while a refresh is under way share it: each read the cache again first
    // (doctor's checks read credentials.json four times over for one token).
    if (this.inFlight) return this.inFlight;
    // Read when a token is wanted, not when the client is made. The cache, which owns the file, is
    // the one that keeps a read: the credentials store's first load is the read its login came
    // from, and later loads read the file, where another run may have refreshed meanwhile.
    const cached = this.cache.load();
    registerSecret(cached?.accessToken);
    // A cached answer an older version saved without checking its api_domain is refreshed, not used.
    const usable = cached && (this.app.apiUrl !== undefined || trustedApiDomain(this.app.dc, cached.apiDomain) !== undefined);
    if (usable && fresh(cached)) {
      this.refreshedNow = false;
      return (this.current = cached);
    }
    this.inFlight ??= this.refresh()
      .then((t) => {
        this.refreshedNow = true;
        return (this.current = t);
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async refresh(): Promise<CachedToken> {
    if (!this.refreshToken)
      throw new AuthError('Not logged in to Zoho: no refresh token.', 'Run `phonebridge-sync login zoho`, or set PHONEBRIDGE_ZOHO_REFRESH_TOKEN.');
    const answer = await this.post({ grant_type: 'refresh_token', refresh_token: this.refreshToken }, 'refresh');
    const token = { accessToken: answer.access_token!, apiDomain: this.apiDomainOf(answer), expiresAt: this.now() + lifetimeMs(answer.expires_in) };
    await this.cache.save(token);
    return token;
  }

  /** The grant code itself is a secret until used. */
  static registerGrant(code: string): void {
    registerSecret(code);
  }

  /** Exchanges a Self Client grant token, once, for a refresh token and a first access token. */
  async exchangeGrant(code: string): Promise<{ refreshToken: string; token: CachedToken }> {
    const answer = await this.post({ grant_type: 'authorization_code', code }, 'grant');
    if (!answer.refresh_token) {
      throw new AuthError(
        'Zoho accepted the grant token but returned no refresh token.',
        'Generate the grant token with "access_type=offline" (a Self Client does by default) and try again.',
      );
    }
    const token = { accessToken: answer.access_token!, apiDomain: this.apiDomainOf(answer), expiresAt: this.now() + lifetimeMs(answer.expires_in) };
    await this.cache.save(token);
    return { refreshToken: answer.refresh_token, token };
  }

  /**
   * Where the access token may go. The answer names the account's API host, and a hostile or
   * broken token endpoint could name any host: only https under the data centre's Zoho domains is
   * accepted, and a rejected answer is never cached (it would break every run for an hour).
   */
  private apiDomainOf(answer: z.infer<typeof tokenAnswer>): string {
    if (this.app.apiUrl !== undefined) return this.app.apiUrl;
    const trusted = trustedApiDomain(this.app.dc, answer.api_domain);
    if (trusted) return trusted;
    const domains = zohoDomains(this.app.dc).join(' or ');
    throw new RemoteError(
      'bad-response',
      `Zoho Accounts at ${this.host()} named ${answer.api_domain ? `"${visible(answer.api_domain)}"` : 'no API domain'} for this account; only https:// hosts under ${domains} are trusted for the "${this.app.dc}" data centre, so the access token was not sent anywhere.`,
      'Check --dc; if you reach Zoho through a proxy, set PHONEBRIDGE_ZOHO_API_URL to its address.',
    );
  }

  /** Revokes the refresh token (and with it every access token minted from it). */
  async revoke(): Promise<boolean> {
    if (!this.refreshToken) return false;
    this.current = undefined;
    const url = `${this.accountsUrl}${REVOKE_PATH}?${new URLSearchParams({ token: this.refreshToken })}`;
    const res = await this.http.request('POST', url);
    const refused = proxyRefusal(res, 'POST', { ...ACCOUNTS_PROXY, what: 'the revoke request', again: false });
    if (refused) throw refused;
    // Any other status (a proxy's 403 page) was "Zoho did not know the refresh token any more" of a token still live.
    if (res.status !== 200 && res.status !== 400) {
      this.revokeAnswer(res);
      throw new RemoteError('remote', `Zoho Accounts answered the revoke request with HTTP ${res.status}, not with what it answers a token it does not know (HTTP 400)`, REVOKE_PROXY_HINT);
    }
    // Zoho answers {"status":"success"}: an HTML page with a 200 (a proxy's, a login portal's) was
    // "Revoked the Zoho refresh token." of a token still live. Not JSON, it is the revoke's error.
    const answer = this.revokeAnswer(res);
    // A token Zoho does not know is a 400 (reference §1.5), and Zoho Accounts answers its errors
    // with a 200 too (§6). The body is unconfirmed: its word for an unknown refresh token
    // (invalid_code) and the OAuth revocation one (invalid_token) are taken, the emulator sends
    // either. Any other 400 (a proxy's JSON) was "already revoked", and the live token deleted.
    const error = answer !== null && typeof answer === 'object' ? (answer as { error?: unknown }).error : undefined;
    if (error === 'invalid_code' || error === 'invalid_token') return false;
    const status = res.status === 400 ? ' (HTTP 400)' : '';
    if (error !== undefined) throw new RemoteError('bad-response', `Zoho Accounts refused the revoke request: "${visible(typeof error === 'string' ? error : JSON.stringify(error))}"${status}`);
    if (status)
      throw new RemoteError(
        'remote',
        'Zoho Accounts answered the revoke request with HTTP 400 without the error it gives a token it does not know ("invalid_token" or "invalid_code")',
        REVOKE_PROXY_HINT,
      );
    // A 200 of another body ({"status":"failure"}, a proxy's {}) was "Revoked" of a token perhaps live, then deleted.
    if ((answer as { status?: unknown } | null)?.status !== 'success')
      throw new RemoteError(
        'bad-response',
        'Zoho Accounts answered the revoke request with HTTP 200 but not with {"status":"success"}, which it answers a token revoked',
        REVOKE_PROXY_HINT,
      );
    return true;
  }

  /** The revoke's answer as JSON; a page or an empty body is the revoke's error, with its hint. */
  private revokeAnswer(res: HttpResponse): unknown {
    try {
      return this.http.json(res, 'the revoke request');
    } catch (e) {
      if (e instanceof RemoteError) throw new RemoteError(e.kind, e.message, REVOKE_PROXY_HINT);
      throw e;
    }
  }

  private async post(params: Record<string, string>, kind: 'refresh' | 'grant'): Promise<z.infer<typeof tokenAnswer>> {
    const form = { ...params, client_id: this.app.clientId, client_secret: this.app.clientSecret };
    const res = await this.http.request('POST', `${this.accountsUrl}/oauth/v2/token`, { form });
    const refused = proxyRefusal(res, 'POST', { ...ACCOUNTS_PROXY, what: kind === 'grant' ? 'the exchange of the grant token' : 'the request for a new access token' });
    if (refused) throw refused;
    const answer = this.http.parse(res, tokenAnswer, 'the token request');
    registerSecret(answer.access_token);
    registerSecret(answer.refresh_token);
    if (answer.access_token) return answer;
    throw this.tokenError(answer.error ?? `HTTP ${res.status}`, answer.error_description, kind, answer.status);
  }

  /** The saved login's data centre, read for the invalid_client sentence alone: a file that cannot be read now leaves it unsaid. */
  private savedLoginDc(): string | undefined {
    try {
      return this.savedDc?.();
    } catch {
      return undefined;
    }
  }

  /**
   * Where the client id to check came from. Where login asks nothing it reuses the saved one, and a
   * command uses it: "check --client-id" named a flag nobody had typed.
   */
  private checkClientId(): string {
    if (this.clientIdVar) return `check --client-id (it comes from ${this.clientIdVar}, which wins over a saved login)`;
    if (this.promptsOff?.savedClient) return 'check the saved client id (login with --client-id and --client-secret to give another)';
    return 'check --client-id';
  }

  private tokenError(error: string, description: string | undefined, kind: 'refresh' | 'grant', status?: string): Error {
    const others = DC_NAMES.filter((d) => d !== this.app.dc)
      .map((d) => `${d} (${new URL(DATA_CENTRES[d].accounts).host})`)
      .join(', ');
    // invalid_client is an id this accounts server does not know: most often the wrong data centre.
    // invalid_client_secret is the id known and the secret wrong (reference §1.3): another data
    // centre would not help, and each try costs a grant token.
    const savedDc = error === 'invalid_client' && this.dcVar ? this.savedLoginDc() : undefined;
    // --dc or PHONEBRIDGE_ZOHO_DC would change nothing there: the variable sends every token request to its host.
    if (error === 'invalid_client' && this.accountsUrlVar)
      return new AuthError(
        `Zoho Accounts at ${this.host()}, which ${this.accountsUrlVar} names, does not know this client id (${error}): it is probably not the Self Client's data centre, or the client id is wrong.`,
        `A Self Client works only at its own data centre: set ${this.accountsUrlVar} to that data centre's Zoho Accounts (or a proxy to it), or unset it to use the "${this.app.dc}" data centre's own (${new URL(DATA_CENTRES[this.app.dc].accounts).host}); or ${this.checkClientId()}.`,
      );
    if (error === 'invalid_client')
      return new AuthError(
        `Zoho Accounts at ${this.host()} does not know this client id (${error}): the data centre is probably wrong — configured "${this.app.dc}".`,
        `A Self Client works only at its own data centre: ${this.dcVar ? `set ${this.dcVar} (it wins over a saved login) to one of ${others}${savedDc && savedDc !== this.app.dc ? `, or unset it to use the saved login's (${savedDc})` : ''}` : this.promptsOff ? this.loginElsewhere(others) : `run login again with --dc set to one of ${others}`}; or ${this.checkClientId()}.`,
      );
    if (error === 'invalid_client_secret')
      return new AuthError(
        `Zoho Accounts at ${this.host()} rejected the client secret (${error}): the client id is known there, so the secret is wrong.`,
        this.clientSecretVar
          ? `The client secret in use is ${this.clientSecretVar} (it wins over a saved login): set it to the Self Client's secret (API console → Self Client → Client Secret), or unset it to use the saved login.`
          : "Copy the Self Client's secret again (API console → Self Client → Client Secret) and run login again with --client-secret.",
      );
    if (error === 'invalid_code') {
      return kind === 'grant'
        ? new AuthError(
            'Zoho rejected the grant token (invalid_code): it expired (they live 3 to 10 minutes) or was already used.',
            'Generate a new grant token in the Zoho API console (Self Client) and run login again at once.',
          )
        : new AuthError(
            'Zoho rejected the refresh token (invalid_code): it was revoked, evicted (Zoho keeps 20 per user), or minted in another data centre.',
            this.refreshTokenVar
              ? `The refresh token in use is ${this.refreshTokenVar} (it wins over a saved login): replace it with a valid one, or unset it to use the saved login.`
              : `Generate a grant token ${newGrantStep(this.app.dc, this.promptsOff?.product, this.promptsOff)}`,
          );
    }
    // Zoho's limits (reference §1.4): access tokens per refresh token, grant codes per client. Its
    // words may be localised (§1.3): "failure" with an error that is none of the codes above is
    // taken for the limit too, and the sentence quotes what Zoho said.
    if (/access[ _]denied|too many/i.test(`${error} ${description ?? ''}`) || status === 'failure') {
      const said = /^access[ _]denied$/i.test(error) ? '' : ` (Zoho said: ${visible(error)})`;
      return new RemoteError(
        'rate-limit',
        kind === 'grant'
          ? `Zoho Accounts refused the grant token: too many grant tokens exchanged for this client (Zoho allows about 10 per 10 minutes)${said}.`
          : `Zoho Accounts refused a new access token: too many token requests (Zoho allows about 10 per 10 minutes)${said}.`,
        kind === 'grant'
          ? 'Wait 10 minutes, then generate a new grant token and run login once; each try sooner extends the block.'
          : 'Wait 10 to 30 minutes before running again; retrying sooner keeps the block in place.',
      );
    }
    return new AuthError(
      `Zoho Accounts refused the token request: ${error}${description ? ` (${description})` : ''}.`,
      `Run ${this.promptsOff ? this.loginCommand() : '`phonebridge-sync login zoho`'} again, or \`phonebridge-sync doctor\` to see why.`,
    );
  }

  /**
   * The login at another data centre where it asks nothing: "run login again with --dc …" there
   * stopped at exit 2 for --client-id, as the saved client is reused at its own data centre only.
   */
  private loginElsewhere(others: string): string {
    const command = zohoLoginCommand(this.promptsOff!.where, undefined, this.promptsOff!.product);
    return `run ${command} with the data centre one of ${others}${this.promptsOff!.savedClient ? ', giving the client id and secret again (at another data centre the saved ones are not reused)' : ''}`;
  }

  /** The `login zoho` that works where prompts are off: every value it would ask for, as a flag. */
  private loginCommand(): string {
    return zohoLoginCommand(this.promptsOff!.where, this.app.dc, this.promptsOff!.product, this.promptsOff!.savedClient);
  }
}

/** The scope a grant token must carry: without it Zoho refuses the user list, and the token is spent. */
export function grantScope(product: 'crm' | 'bigin'): string {
  return product === 'bigin' ? 'ZohoBigin.users.READ' : 'ZohoCRM.users.READ';
}

/**
 * Where a grant token comes from and the login that takes it, said after "Generate a grant token"
 * (a refused refresh token) or "generate a new one" (login's spent one) in one wording. `product`
 * unknown (a refused token where login asks): its prompt names the scope.
 */
export function newGrantStep(dc: string | undefined, product: 'crm' | 'bigin' | undefined, promptsOff?: { where: string; savedClient?: boolean }): string {
  const login = promptsOff ? zohoLoginCommand(promptsOff.where, dc, product ?? 'crm', promptsOff.savedClient) : '`phonebridge-sync login zoho`: it asks for it';
  return `in the Zoho API console (Self Client${product ? `, scope ${grantScope(product)}` : ''}), then run ${login}.`;
}

/**
 * `login zoho` with every value it would ask for as a flag, for where it asks nothing (`where`: "where CI is set", "off a terminal").
 * `savedClient`: the client id and secret in use are the saved login's, of this data centre, which login there takes when not given.
 */
export function zohoLoginCommand(where: string, dc: string | undefined, product: 'crm' | 'bigin', savedClient = false): string {
  return `\`phonebridge-sync login zoho --dc ${dc ?? optionPlaceholder('--dc')}${product === 'bigin' ? ' --product bigin' : ''}${savedClient ? '' : ` --client-id ${optionPlaceholder('--client-id')} --client-secret ${optionPlaceholder('--client-secret')}`} --grant-token ${optionPlaceholder('--grant-token')}\` (login asks for nothing ${where})`;
}
