/**
 * Builds the API clients a command needs from the context: credentials (flag > env > file), base
 * URLs (the PHONEBRIDGE_*_URL overrides, else the data centre), tracing under --verbose, and in
 * --sandbox the in-process emulators. Commands receive clients; they never build them.
 */
import { pastedPromptsOff, type Context } from '../context.js';
import { AuthError, CliError, StorageError, UsageError } from '../errors.js';
import { CredentialStore, type ZohoSettings } from '../store/credentials.js';
import { configDir } from '../store/paths.js';
import { Http, HTTP_DEFAULTS, type HttpOptions } from './http.js';
import { MyOperatorClient } from './myoperator.js';
import { ZohoClient, type ZohoProduct } from './zoho.js';
import { emailUpdateChoices, SANDBOX_EMAIL_UPDATES, type SandboxEmailUpdate } from '../sandbox/email-update-switch.js';
import { pastable, visible } from '../core/forensics.js';
import { optionPlaceholder } from './redact.js';
import { series } from '../io/plural.js';
import { DATA_CENTRES, ZohoAuth, zohoLoginCommand, type CachedToken, type DataCentre, type TokenCache } from './zoho-auth.js';

export const MYOPERATOR_API_URL = 'https://developers.myoperator.co';

export interface Clients {
  zoho: ZohoClient;
  myoperator: MyOperatorClient;
  zohoAuth: ZohoAuth;
  store: CredentialStore;
  close(): Promise<void>;
}

/** A PHONEBRIDGE_* variable of milliseconds or retries: undefined when unset or empty; anything but a whole number is exit 2. */
export function num(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  // Node's timers hold at most 2^31 - 1 ms (about 24.8 days): a larger one fires at once, and
  // every request would time out.
  if (!Number.isInteger(n) || n < 0 || n > 2_147_483_647)
    throw new UsageError(`${name}="${visible(v)}" is not a whole number of milliseconds or retries (0 to 2147483647).`, `Unset ${name}, or give it a whole number.`);
  return n;
}

/** Tuning for tests and slow networks: PHONEBRIDGE_HTTP_TIMEOUT_MS, _RETRIES, _RETRY_BASE_MS, _MAX_TOTAL_MS, _MAX_RETRY_AFTER_MS. */
export function httpOptions(ctx: Context, remote: string): HttpOptions {
  const e = ctx.env;
  const opts: HttpOptions = { remote };
  const timeoutMs = num(e, 'PHONEBRIDGE_HTTP_TIMEOUT_MS');
  // 0 is "no limit" to many tools; here it gave every request 0 ms, and each run ended in "Cannot
  // reach … no answer within 0 ms. Check the network", which was never the cause.
  if (timeoutMs === 0)
    throw new UsageError(
      'PHONEBRIDGE_HTTP_TIMEOUT_MS="0" would give every request 0 ms to answer: it is not "no limit" here.',
      `Unset it for the default (${HTTP_DEFAULTS.timeoutMs / 1000} s), or give the milliseconds to wait, e.g. 30000.`,
    );
  const retries = num(e, 'PHONEBRIDGE_HTTP_RETRIES');
  const retryBaseMs = num(e, 'PHONEBRIDGE_HTTP_RETRY_BASE_MS');
  const maxTotalMs = num(e, 'PHONEBRIDGE_HTTP_MAX_TOTAL_MS');
  if (timeoutMs !== undefined) opts.timeoutMs = timeoutMs;
  if (retries !== undefined) opts.retries = retries;
  if (retryBaseMs !== undefined) opts.retryBaseMs = retryBaseMs;
  if (maxTotalMs !== undefined) opts.maxTotalMs = maxTotalMs;
  const maxRetryAfterMs = num(e, 'PHONEBRIDGE_HTTP_MAX_RETRY_AFTER_MS');
  if (maxRetryAfterMs !== undefined) opts.maxRetryAfterMs = maxRetryAfterMs;
  if (ctx.globals.verbose) opts.trace = (line) => ctx.stderr.write(`${line}\n`);
  opts.notice = (line) => ctx.say(`${line}\n`);
  if (ctx.interactive) opts.waiting = opts.notice;
  // As baseUrl reads it: set but empty is unset.
  const baseUrlVar = BASE_URL_VAR[remote];
  if (baseUrlVar && e[baseUrlVar]) opts.baseUrlVar = baseUrlVar;
  return opts;
}

/** The variable that overrides each remote's base URL (the sandbox's remotes have none). */
const BASE_URL_VAR: Record<string, string | undefined> = {
  'Zoho Accounts': 'PHONEBRIDGE_ZOHO_ACCOUNTS_URL',
  Zoho: 'PHONEBRIDGE_ZOHO_API_URL',
  MyOperator: 'PHONEBRIDGE_MYOPERATOR_API_URL',
};

export interface ZohoEndpoints {
  accounts: string;
  api?: string;
  /** The variable that named `accounts`, when one did. */
  accountsVar?: string;
}

export function zohoEndpoints(env: NodeJS.ProcessEnv, dc: DataCentre): ZohoEndpoints {
  const accounts = baseUrl(env, 'PHONEBRIDGE_ZOHO_ACCOUNTS_URL');
  return { accounts: accounts ?? DATA_CENTRES[dc].accounts, api: baseUrl(env, 'PHONEBRIDGE_ZOHO_API_URL'), ...(accounts ? { accountsVar: 'PHONEBRIDGE_ZOHO_ACCOUNTS_URL' } : {}) };
}

/** MyOperator's API base URL: PHONEBRIDGE_MYOPERATOR_API_URL (a proxy, the tests), else the real one. */
export function myOperatorApiUrl(env: NodeJS.ProcessEnv): string {
  return baseUrl(env, 'PHONEBRIDGE_MYOPERATOR_API_URL') ?? MYOPERATOR_API_URL;
}

/**
 * A base-URL override, checked when read: one that does not parse ("Invalid URL") reached the
 * top-level handler as a bug (exit 1), and an ftp:// one was "cannot reach … check the network".
 */
function baseUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  // A value with a user and password (a proxy's) is not repeated, scheme or not: it may be a secret.
  const shown = value.includes('@') ? `${name} (not shown: it holds an "@", perhaps a password)` : `${name}="${visible(value)}"`;
  const refuse = (what: string) => new UsageError(`${shown} ${what}.`, 'Give it the base URL of the API (or of a proxy to it), e.g. https://proxy.example:8443, or unset it.');
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw refuse('is not an http or https URL');
  // URL() forgives spaces at the ends, which the HTTP client then refuses ("Invalid URL", exit 1).
  if (value !== value.trim()) throw refuse('has spaces or control characters at an end');
  // Paths are appended to the base: a query or a fragment there would end up in the middle of them.
  if (url.search || url.hash) throw refuse('has a query (?…) or a fragment (#…), to which request paths cannot be added');
  return value;
}

/** A token cache that reads the store but keeps new tokens in memory: `doctor` never changes anything. */
function readOnly(cache: TokenCache): TokenCache {
  let fresh: CachedToken | undefined;
  return {
    load: () => fresh ?? cache.load(),
    save: (t) => {
      fresh = t;
    },
  };
}

/** A missing Zoho setting in words, and the variable that gives it (`login zoho` asks for each, or takes its flag). */
export const ZOHO_SETTING = {
  clientId: ['client id', 'PHONEBRIDGE_ZOHO_CLIENT_ID'],
  clientSecret: ['client secret', 'PHONEBRIDGE_ZOHO_CLIENT_SECRET'],
  refreshToken: ['refresh token', 'PHONEBRIDGE_ZOHO_REFRESH_TOKEN'],
  dc: ['data centre', 'PHONEBRIDGE_ZOHO_DC'],
} as const;

/** The Zoho settings not given, in ZOHO_SETTING's order. */
export function zohoSettingsMissing(z: Partial<Record<keyof typeof ZOHO_SETTING, unknown>>): Array<keyof typeof ZOHO_SETTING> {
  return (Object.keys(ZOHO_SETTING) as Array<keyof typeof ZOHO_SETTING>).filter((k) => !z[k]);
}

/**
 * "Not logged in to Zoho" and its fix, as a command and doctor's zoho-credentials say it: doctor
 * said "missing data centre, client id, client secret, refresh token" beside the commands' "no
 * client id, client secret, refresh token, or data centre", with another fix. `given` (doctor's)
 * says where the settings there are come from; `elsewhere`, the other profiles with a login
 * (savedForOtherProfiles); where prompts are off (`promptsOff`), the login to run carries its flags.
 */
export function notLoggedInToZoho(
  profile: string,
  missing: ReadonlyArray<keyof typeof ZOHO_SETTING>,
  env: NodeJS.ProcessEnv,
  more: { given?: string; elsewhere?: string; promptsOff?: string; dc?: string; product: 'crm' | 'bigin'; savedClient?: boolean },
): { message: string; hint: string } {
  const login = more.promptsOff ? zohoLoginCommand(more.promptsOff, more.dc, more.product, more.savedClient) : '`phonebridge-sync login zoho`';
  return {
    message: `Not logged in to Zoho (profile "${visible(profile)}"): no ${series(missing.map((k) => ZOHO_SETTING[k][0]))}${more.given ? ` (${more.given})` : ''}.${setButEmpty(env, missing.map((k) => ZOHO_SETTING[k][1]))}${more.elsewhere ?? ''}`,
    hint: `Run ${login}, or set ${series(missing.map((k) => ZOHO_SETTING[k][1]), 'and')}; try \`--sandbox\` to see the tool without an account.`,
  };
}

/**
 * Whether the client id and secret in use are the saved login's, saved for the data centre in use:
 * `login zoho --dc <that one>` off a terminal then takes them, and its hint needs no --client-id.
 * The accounts server is no part of it: PHONEBRIDGE_ZOHO_ACCOUNTS_URL is read at each run and not
 * saved, and that login sends the saved client wherever it names (and says so).
 */
export function savedClientInUse(z: ZohoSettings): boolean {
  return z.clientId?.source === 'file' && z.clientSecret?.source === 'file' && z.dc !== undefined && z.savedDc === z.dc.value;
}

/**
 * A token cache whose save may fail without failing the command: a run that only reads (list,
 * match, a dry run) must not end with exit 6 and no output because the config directory is
 * read-only. Said once, with the fix the same error gives where it stops a command; every run then
 * asks Zoho for a new token, which Zoho rate-limits. A save that fails in its own read (the file
 * became a directory, or unreadable, since the run read it) is a note too, not exit 6: this run
 * holds its login and wrote nothing, and the next run stops on that read, saying it.
 */
function bestEffort(cache: TokenCache, ctx: Context): TokenCache {
  let said = false;
  return {
    load: () => cache.load(),
    save: async (t) => {
      try {
        await cache.save(t);
      } catch (e) {
        // A bug (a second save while one is in flight) stays one.
        if (!(e instanceof CliError)) throw e;
        if (!said) ctx.say(`Could not keep the Zoho access token for the next run: ${notKept(e, cache)}\n`);
        said = true;
      }
    },
  };
}

/** Why the token was not kept, what that means for the runs to come, and the fix: the file read again says whether it is the read that fails. */
function notKept(e: CliError, cache: TokenCache): string {
  const unreadable = readError(cache);
  if (unreadable) return `${unreadable.message} This run goes on; the next run stops at that read until it is fixed.${fixOf(unreadable)}`;
  const problem = e instanceof StorageError ? e.problem : e.message;
  // "then run again" was untrue of a run that goes on: once space is freed, the next run keeps the token.
  const fix = e instanceof StorageError && e.cure ? ` ${e.cure}, and the next run will keep the token.` : fixOf(e);
  return `${problem} This run goes on; until that is fixed, each run asks Zoho for a new token (Zoho allows about 10 in 10 minutes).${fix}`;
}

function readError(cache: TokenCache): CliError | undefined {
  try {
    cache.load();
    return undefined;
  } catch (e) {
    return e instanceof CliError ? e : undefined;
  }
}

const fixOf = (e: CliError) => (e.hint ? ` ${e.hint}` : '');

/** `store`: the caller's credentials, where it reads them too (doctor's checks), so the run reads the file once. */
export async function connect(ctx: Context, opts: { persistToken?: boolean; store?: CredentialStore } = {}): Promise<Clients> {
  const keep = (c: TokenCache) => (opts.persistToken === false ? readOnly(c) : bestEffort(c, ctx));
  const dir = configDir(ctx.globals);
  if (ctx.globals.sandbox) {
    const { hungBySwitch, keepStateOrSay, startSandbox } = await import('../sandbox/sandbox.js');
    const emailUpdate = ctx.env.PHONEBRIDGE_SANDBOX_EMAIL_UPDATE || undefined;
    if (emailUpdate && !SANDBOX_EMAIL_UPDATES.includes(emailUpdate as SandboxEmailUpdate))
      throw new UsageError(`PHONEBRIDGE_SANDBOX_EMAIL_UPDATE="${visible(emailUpdate)}" is not ${emailUpdateChoices()}.`, 'Unset it, or give one of those.');
    const sb = await startSandbox(dir, { emailUpdate: emailUpdate as SandboxEmailUpdate | undefined, say: ctx.say });
    try {
      const store = opts.store ?? new CredentialStore(dir, 'sandbox', 'sandbox');
      // Read now, as a login is read below: the first load of the token cache takes it, and a file
      // that cannot be read (its directory shut) stops the sandbox here, for every check alike.
      store.read();
      const zohoAuth = new ZohoAuth(
        new Http(httpOptions(ctx, 'Zoho Accounts (sandbox)')),
        { dc: 'in', clientId: sb.credentials.clientId, clientSecret: sb.credentials.clientSecret, apiUrl: sb.zoho.url },
        sb.zoho.url,
        sb.credentials.refreshToken,
        keep(store.tokenCache({ dc: 'in', clientId: sb.credentials.clientId, refreshToken: sb.credentials.refreshToken })),
      );
      return {
        zohoAuth,
        store,
        zoho: new ZohoClient(new Http(httpOptions(ctx, 'Zoho (sandbox)')), zohoAuth, 'crm', sb.zoho.url),
        myoperator: new MyOperatorClient(
          new Http({ ...httpOptions(ctx, 'MyOperator (sandbox)'), ...(emailUpdate === 'hang' ? { unanswered: hungBySwitch } : {}) }),
          sb.myoperator.url,
          sb.credentials.myoperatorToken,
        ),
        close: () => keepStateOrSay(ctx.say, "The sandbox's next run shows its MyOperator as it was before this run's changes.", () => sb.close()),
      };
    } catch (e) {
      // Its servers are running: left open, the process would wait forever after the sentence.
      await sb.close();
      throw e;
    }
  }
  const store = opts.store ?? new CredentialStore(dir, ctx.globals.profile);
  const profile = ctx.globals.profile;
  // Each side is built on first use, so `list zoho` needs no MyOperator token and vice versa.
  let auth: ZohoAuth | undefined;
  let zoho: ZohoClient | undefined;
  let myoperator: MyOperatorClient | undefined;
  // Where a login pasted from a hint would ask nothing: the hints then give its flags.
  const promptsOff = pastedPromptsOff(ctx);
  const zohoAuth = (): ZohoAuth => {
    if (auth) return auth;
    const z = store.zohoSettings(ctx.env);
    const missing = zohoSettingsMissing(z);
    if (missing.length > 0) {
      const { message, hint } = notLoggedInToZoho(profile, missing, ctx.env, {
        elsewhere: savedForOtherProfiles(store, 'zoho'),
        promptsOff,
        dc: z.dc?.value,
        product: z.product.value,
        savedClient: savedClientInUse(z),
      });
      throw new AuthError(message, hint);
    }
    const endpoints = zohoEndpoints(ctx.env, z.dc!.value);
    auth = new ZohoAuth(
      new Http(httpOptions(ctx, 'Zoho Accounts')),
      { dc: z.dc!.value, clientId: z.clientId!.value, clientSecret: z.clientSecret!.value, apiUrl: endpoints.api },
      endpoints.accounts,
      z.refreshToken!.value,
      keep(store.tokenCache({ dc: z.dc!.value, clientId: z.clientId!.value, refreshToken: z.refreshToken!.value })),
    );
    auth.accountsUrlVar = endpoints.accountsVar;
    if (promptsOff) auth.promptsOff = { where: promptsOff, product: z.product.value, savedClient: savedClientInUse(z) };
    if (z.refreshToken!.source === 'env') auth.refreshTokenVar = 'PHONEBRIDGE_ZOHO_REFRESH_TOKEN';
    if (z.clientId!.source === 'env') auth.clientIdVar = 'PHONEBRIDGE_ZOHO_CLIENT_ID';
    if (z.clientSecret!.source === 'env') auth.clientSecretVar = 'PHONEBRIDGE_ZOHO_CLIENT_SECRET';
    if (z.dc!.source === 'env') {
      auth.dcVar = 'PHONEBRIDGE_ZOHO_DC';
      // For the sentence said only if Zoho refuses the client there: the saved login's, from the read above.
      auth.savedDc = () => z.savedDc;
    }
    zoho = new ZohoClient(new Http(httpOptions(ctx, 'Zoho')), auth, z.product.value as ZohoProduct, endpoints.api);
    return auth;
  };
  return {
    store,
    get zohoAuth() {
      return zohoAuth();
    },
    get zoho() {
      zohoAuth();
      return zoho!;
    },
    get myoperator() {
      if (myoperator) return myoperator;
      const mo = store.myOperatorSettings(ctx.env);
      if (!mo.token)
        throw new AuthError(
          `Not logged in to MyOperator (profile "${profile}"): no API token.${setButEmpty(ctx.env, ['PHONEBRIDGE_MYOPERATOR_TOKEN'])}${savedForOtherProfiles(store, 'myoperator')}`,
          `Run \`phonebridge-sync login myoperator${promptsOff ? ` --token ${optionPlaceholder('--token')}` : ''}\`${promptsOff ? ` (login asks for nothing ${promptsOff})` : ''}, or set PHONEBRIDGE_MYOPERATOR_TOKEN.`,
        );
      myoperator = new MyOperatorClient(new Http(httpOptions(ctx, 'MyOperator')), myOperatorApiUrl(ctx.env), mo.token.value, {
        tokenFromEnv: mo.token.source === 'env',
        promptsOff,
      });
      return myoperator;
    },
    close: async () => {},
  };
}

/**
 * " A Zoho login is saved for profile "work" (pass `--profile work`)." when this profile has none
 * and others do, else '': "Not logged in" alone sent the admin to log in again, spending a grant
 * token, when the login was saved under the name they forgot to pass.
 */
export function savedForOtherProfiles(store: CredentialStore, side: 'zoho' | 'myoperator'): string {
  const others = store.otherLogins(side);
  const name = side === 'zoho' ? 'Zoho' : 'MyOperator';
  if (others.length === 0) return '';
  if (others.length === 1) return ` A ${name} login is saved for profile "${visible(others[0]!)}" (pass \`--profile ${pastable(others[0]!)}\`).`;
  return ` ${name} logins are saved for profiles ${series(others.map((o) => `"${visible(o)}"`), 'and')} (pass --profile with one of them).`;
}

/**
 * " X is set, but empty …" for the variables among `names` that are: a CI secret that was never
 * defined arrives as an empty variable, and "set X" alone sent the admin looking at the wrong thing.
 */
export function setButEmpty(env: NodeJS.ProcessEnv, names: readonly string[]): string {
  const empty = names.filter((n) => env[n]?.trim() === '');
  if (empty.length === 0) return '';
  return ` ${series(empty, 'and')} ${empty.length === 1 ? 'is' : 'are'} set, but empty (in CI, a secret that is not defined arrives empty).`;
}

export async function fetchBothSides(clients: Clients) {
  // Both clients exist before either request starts: a missing MyOperator token must not leave a
  // Zoho request running with nobody to catch its failure (Node would dump it, secrets and all).
  const side = <T>(get: () => T): T | AuthError => {
    try {
      return get();
    } catch (e) {
      if (e instanceof AuthError) return e;
      throw e;
    }
  };
  const zoho = side(() => clients.zoho);
  const myoperator = side(() => clients.myoperator);
  // Logged in to neither: both said at once, where "Not logged in to Zoho" alone left MyOperator
  // for the next run's exit 3.
  if (zoho instanceof AuthError && myoperator instanceof AuthError) throw new AuthError(`${zoho.message} ${myoperator.message}`, `${zoho.hint} For MyOperator, ${myoperator.hint?.replace(/^Run/, 'run')}`);
  if (zoho instanceof AuthError) throw zoho;
  if (myoperator instanceof AuthError) throw myoperator;
  return bothSides(zoho.listUsers(), myoperator.listUsers());
}

/** Both reads settled, each failure caught; when both fail, the Zoho error is the one reported, so the outcome is deterministic. */
export async function bothSides<Z, M>(zohoRead: Promise<Z>, myOperatorRead: Promise<M>): Promise<{ zoho: Z; myoperator: M }> {
  const [zoho, myoperator] = await Promise.allSettled([zohoRead, myOperatorRead]);
  if (zoho.status === 'rejected') throw zoho.reason;
  if (myoperator.status === 'rejected') throw myoperator.reason;
  return { zoho: zoho.value, myoperator: myoperator.value };
}
