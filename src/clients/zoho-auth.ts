/**
 * Zoho OAuth for a Self Client. The grant token is exchanged once (each exchange mints a refresh
 * token and Zoho evicts the oldest past 20); the access token is cached with its expiry and
 * reused across runs (Zoho allows about 10 refreshes per 10 minutes); refreshes are serialised.
 * The token endpoint reports failures as HTTP 200 with an `error` field: success is decided by
 * the presence of `access_token`, never by status.
 */
import { z } from 'zod';
import { AuthError, RemoteError } from '../errors.js';
import type { Http } from './http.js';
import { registerSecret } from './redact.js';

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
} as const;

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
  save(token: CachedToken): void;
}

export interface ZohoAppCredentials {
  dc: DataCentre;
  clientId: string;
  clientSecret: string;
}

/** A token is used until five minutes before it expires, so a long run never sends a dead one. */
const EARLY_MS = 5 * 60_000;

export class ZohoAuth {
  private inFlight: Promise<CachedToken> | undefined;

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
    registerSecret(cache.load()?.accessToken);
  }

  private host(): string {
    return new URL(this.accountsUrl).host;
  }

  /** A valid access token: the cached one while it lives, else one refresh shared by all callers. */
  async token(forceRefresh = false): Promise<CachedToken> {
    const cached = this.cache.load();
    if (!forceRefresh && cached && cached.expiresAt - EARLY_MS > this.now()) return cached;
    this.inFlight ??= this.refresh().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async refresh(): Promise<CachedToken> {
    if (!this.refreshToken)
      throw new AuthError('Not logged in to Zoho: no refresh token.', 'Run `phonebridge-sync login zoho`, or set PHONEBRIDGE_ZOHO_REFRESH_TOKEN.');
    const answer = await this.post({ grant_type: 'refresh_token', refresh_token: this.refreshToken }, 'refresh');
    const token = { accessToken: answer.access_token!, apiDomain: answer.api_domain ?? '', expiresAt: this.now() + (answer.expires_in ?? 3600) * 1000 };
    this.cache.save(token);
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
    const token = { accessToken: answer.access_token!, apiDomain: answer.api_domain ?? '', expiresAt: this.now() + (answer.expires_in ?? 3600) * 1000 };
    this.cache.save(token);
    return { refreshToken: answer.refresh_token, token };
  }

  /** Revokes the refresh token (and with it every access token minted from it). */
  async revoke(): Promise<boolean> {
    if (!this.refreshToken) return false;
    const url = `${this.accountsUrl}/oauth/v2/token/revoke?${new URLSearchParams({ token: this.refreshToken })}`;
    const res = await this.http.request('POST', url);
    return res.status === 200;
  }

  private async post(params: Record<string, string>, kind: 'refresh' | 'grant'): Promise<z.infer<typeof tokenAnswer>> {
    const form = { ...params, client_id: this.app.clientId, client_secret: this.app.clientSecret };
    const res = await this.http.request('POST', `${this.accountsUrl}/oauth/v2/token`, { form });
    const answer = this.http.parse(res, tokenAnswer, 'the token request');
    registerSecret(answer.access_token);
    registerSecret(answer.refresh_token);
    if (answer.access_token) return answer;
    throw this.tokenError(answer.error ?? `HTTP ${res.status}`, answer.error_description, kind);
  }

  private tokenError(error: string, description: string | undefined, kind: 'refresh' | 'grant'): Error {
    const others = DC_NAMES.filter((d) => d !== this.app.dc)
      .map((d) => `${d} (${new URL(DATA_CENTRES[d].accounts).host})`)
      .join(', ');
    if (error === 'invalid_client' || error === 'invalid_client_secret') {
      const what = error === 'invalid_client' ? 'does not know this client id' : 'rejected the client secret';
      return new AuthError(
        `Zoho Accounts at ${this.host()} ${what} (${error}): the data centre is probably wrong — configured "${this.app.dc}".`,
        `A Self Client works only at its own data centre: run login again with --dc set to one of ${others}; or check --client-id / --client-secret.`,
      );
    }
    if (error === 'invalid_code') {
      return kind === 'grant'
        ? new AuthError(
            'Zoho rejected the grant token (invalid_code): it expired (they live 3 to 10 minutes) or was already used.',
            'Generate a new grant token in the Zoho API console (Self Client) and run login again at once.',
          )
        : new AuthError(
            'Zoho rejected the refresh token (invalid_code): it was revoked, evicted (Zoho keeps 20 per user), or minted in another data centre.',
            'Run `phonebridge-sync login zoho --grant-token <new code>` to get a new one.',
          );
    }
    if (/access denied|too many/i.test(`${error} ${description ?? ''}`)) {
      return new RemoteError(
        'rate-limit',
        'Zoho Accounts refused a new access token: too many token requests (Zoho allows about 10 per 10 minutes).',
        'Wait 10 to 30 minutes before running again; retrying sooner keeps the block in place.',
      );
    }
    return new AuthError(
      `Zoho Accounts refused the token request: ${error}${description ? ` (${description})` : ''}.`,
      'Run `phonebridge-sync login zoho` again, or `phonebridge-sync doctor` to see why.',
    );
  }
}
