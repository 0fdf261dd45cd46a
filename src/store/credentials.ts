/**
 * Credentials, per profile, in a file of their own (`credentials.json`, mode 0600, in a 0700
 * directory), written durably (durable-write.ts: whole and flushed, or not at all, so a full disk
 * during a token-cache write cannot lose a profile), validated with zod on read. The `PHONEBRIDGE_*` environment variables win over the
 * file, and every value remembers where it came from (flag, environment or file) for `doctor`.
 * The Zoho access token is cached here with its expiry and the refresh token it belongs to.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { LockHeld, UsageError } from '../errors.js';
import { registerSecret } from '../clients/redact.js';
import { DC_NAMES, isDataCentre, liveUntilRevokedByHand, type CachedToken, type DataCentre, type TokenCache } from '../clients/zoho-auth.js';
import { describeIssue } from '../clients/schemas.js';
import { writeFileDurably, writeFileDurablyAsync, writeTarget } from './durable-write.js';
import { notUtf8, readStoreFile } from './read-store-file.js';
import { utf8Text } from '../io/utf8-text.js';
import { ensureDir } from './paths.js';
import { cannotWrite, type KeptThere } from './file-errors.js';
import { LOCK_WAIT_S, lockBeside, whenTakenOver } from './file-lock.js';
import { visible } from '../core/forensics.js';
import { pathWord } from '../io/invocation.js';
import { whereJsonStopped } from '../io/json-position.js';
import { blankWords } from '../io/read-input.js';

/** A broken file's fix for login, before its "and run login again". */
const BROKEN_CURE = 'Fix the file by hand, or move it aside';

/** Always 0600, whatever the file had: it holds secrets. */
const WRITE = { defaultMode: 0o600, forceMode: 0o600, what: 'the credentials file' };

/**
 * What the file holds, said of a directory in its place: nobody gives its path (it is the config
 * dir's), so "Give the path of a file" named one never given; only --config-dir moves it.
 */
function keptThere(reader: StoreReader): KeptThere {
  return {
    keeps: reader === 'sandbox' ? 'the access token the sandbox caches between runs' : 'the Zoho and MyOperator logins of every profile, and the Zoho access token it caches',
    elsewhere: 'choose another place with --config-dir',
  };
}

const tokenCacheSchema = z.object({ accessToken: z.string(), apiDomain: z.string(), expiresAt: z.number(), refreshTokenHash: z.string() });
// Strict, as the mappings file is: a field added by hand would be dropped without a word when a
// token is next cached. (The token cache itself is the tool's alone: one it cannot read is dropped.)
const zohoSchema = z.strictObject({
  dc: z.enum(DC_NAMES as [DataCentre, ...DataCentre[]]).optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  refreshToken: z.string().optional(),
  product: z.enum(['crm', 'bigin']).optional(),
  // A cache: an entry of the wrong shape (a lifetime written as null) is dropped, never a reason
  // to call the whole file broken (its hint, "move it aside", would throw away every login).
  token: tokenCacheSchema.optional().catch(undefined),
});
const profileSchema = z.strictObject({ zoho: zohoSchema.optional(), myoperator: z.strictObject({ token: z.string().optional() }).optional() });
const fileSchema = z.strictObject({ version: z.literal(1).optional(), profiles: z.record(z.string(), profileSchema).optional() });

export type StoredProfile = z.infer<typeof profileSchema>;
/** The whole file as one read found it: every profile. */
type CredentialsFile = z.infer<typeof fileSchema>;
export type Source = 'flag' | 'env' | 'file';
export interface Sourced<T> {
  value: T;
  source: Source;
}

export interface ZohoSettings {
  dc?: Sourced<DataCentre>;
  clientId?: Sourced<string>;
  clientSecret?: Sourced<string>;
  refreshToken?: Sourced<string>;
  product: Sourced<'crm' | 'bigin'>;
  /** The data centre saved with the login, whatever PHONEBRIDGE_ZOHO_DC says: login there reuses the saved client. */
  savedDc?: string;
}

export interface MyOperatorSettings {
  token?: Sourced<string>;
}

export const ENV = {
  zohoClientId: 'PHONEBRIDGE_ZOHO_CLIENT_ID',
  zohoClientSecret: 'PHONEBRIDGE_ZOHO_CLIENT_SECRET',
  zohoRefreshToken: 'PHONEBRIDGE_ZOHO_REFRESH_TOKEN',
  zohoDc: 'PHONEBRIDGE_ZOHO_DC',
  zohoProduct: 'PHONEBRIDGE_ZOHO_PRODUCT',
  myoperatorToken: 'PHONEBRIDGE_MYOPERATOR_TOKEN',
} as const;

/**
 * A credential as `login` takes one from a flag, from the environment or the file alike: the spaces
 * and line break around it are not part of it (a CI secret, or a token pasted into a hand-edited
 * file, with its newline was sent as it was, and rejected: exit 3 with a token that looked right),
 * and a blank one is not set, as an empty one is (from the environment it took the place of the
 * saved login, though login and logout said nothing overrode it).
 */
export function credentialValue(v: string | undefined): string | undefined {
  return v?.trim() || undefined;
}

/**
 * Whether a credential is saved on disk, and another than the one the run meant (logout's plan, the
 * token login saves): another run's login. Compared as read (credentialValue), so the same token
 * saved with a pasted newline is the same login, not a replaced one.
 */
export function savedOtherThan(onDisk: string | undefined, meant: string | undefined): boolean {
  const t = credentialValue(onDisk);
  return t !== undefined && t !== meant;
}

/** The token a profile's login of `side` is known by: the Zoho refresh token, the MyOperator token, as saved. */
export function loginToken(p: StoredProfile, side: 'zoho' | 'myoperator'): string | undefined {
  return side === 'zoho' ? p.zoho?.refreshToken : p.myoperator?.token;
}

/**
 * The sentence naming the variables set here that win over a saved login of this side (env wins
 * over the file), or '': login and logout say it, since what they save or remove is then not what
 * the commands here use.
 */
export function overridingEnv(env: NodeJS.ProcessEnv, side: 'zoho' | 'myoperator', after: 'login' | 'logout'): string {
  const names = side === 'zoho' ? [ENV.zohoClientId, ENV.zohoClientSecret, ENV.zohoRefreshToken, ENV.zohoDc, ENV.zohoProduct] : [ENV.myoperatorToken];
  const set = names.filter((n) => Boolean(env[n]?.trim()));
  if (set.length === 0) return '';
  const one = set.length === 1;
  return after === 'login'
    ? `Note: ${set.join(', ')} ${one ? 'is' : 'are'} set here and ${one ? 'wins' : 'win'} over the saved login: commands here use ${one ? 'it' : 'them'} until unset.\n`
    : `Note: ${set.join(', ')} ${one ? 'is' : 'are'} still set here: commands here keep using ${one ? 'it' : 'them'} until unset.\n`;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

/** Which login a cached access token belongs to (its refresh token, client id and data centre). */
function tokenHash(login: { dc: string; clientId: string; refreshToken: string }): string {
  return hash(`${login.dc}\0${login.clientId}\0${login.refreshToken}`);
}

/**
 * Who reads the store, for the fix of a file broken by hand: a command that logs in with it, the
 * sandbox (whose file holds only its cached token), or logout, which must revoke what is in it.
 */
export type StoreReader = 'login' | 'sandbox' | 'logout';

export class CredentialStore {
  readonly path: string;
  /**
   * The file as this store last read or wrote it, or what that read threw: a run reads it once (doctor's
   * checks and clients, logout's plan and its other profiles each read it for themselves, and each
   * had the read passed through their signatures to avoid it). A write reads it again first, and a
   * later load of the token cache does, for what another run saved meanwhile. What that read found,
   * or threw, is what every caller gets from then on: one version at a time. A read kept for the
   * token alone would pair another run's token with this run's older logins, and doctor's checks
   * after it would speak of a file no longer on disk.
   */
  private last?: { file: CredentialsFile } | { error: unknown };

  constructor(
    readonly dir: string,
    readonly profile: string,
    private readonly reader: StoreReader = 'login',
  ) {
    this.path = join(dir, 'credentials.json');
  }

  private get brokenHint(): string {
    switch (this.reader) {
      case 'sandbox':
        return `It holds only the sandbox's cached token: delete it (\`rm ${pathWord(this.path)}\`), and the next run makes a new one.`;
      // Not "move it aside and log in again": logout is how the refresh token inside gets revoked,
      // and a file moved aside leaves it live at Zoho.
      case 'logout':
        return `Fix the file by hand and run logout again, which revokes any Zoho refresh token saved in it: moved aside or deleted, the file leaves such a token ${liveUntilRevokedByHand()}.`;
      default:
        return `${BROKEN_CURE} and run \`phonebridge-sync login\` again.`;
    }
  }

  /** A broken file's error, with the fix alone as its cure where the hint is login's (see UsageError.cure). */
  private broken(message: string): UsageError {
    return new UsageError(message, this.brokenHint, this.reader === 'login' ? { cure: BROKEN_CURE } : undefined);
  }

  private raw(): unknown {
    const bytes = readStoreFile(this.path, 'the credentials file', { kept: keptThere(this.reader) });
    if (bytes === undefined) return {};
    const decoded = utf8Text(bytes);
    if ('notUtf8AtLine' in decoded) throw this.broken(`${this.path} is not UTF-8 text: line ${decoded.notUtf8AtLine} holds ${notUtf8(bytes)}; it was left untouched.`);
    // Said as what it is, as the mappings file's is: "not valid JSON (Unexpected end of JSON input)"
    // sent the reader looking for a cut in a file with nothing in it, and no token to revoke. Its fix
    // is any broken file's: a hint of its own told logout to "run `phonebridge-sync login` again".
    const unmarked = decoded.text.replace(/^\uFEFF/, '');
    if (unmarked.trim() === '') throw this.broken(`${this.path} ${blankWords(unmarked)}: no credentials are in it; it was left untouched.`);
    try {
      return JSON.parse(decoded.text);
    } catch (e) {
      throw this.broken(
        // Without what V8 quotes of the file ("Unexpected token 's', …"s3cr…" is not valid JSON"): here
        // any of it can be a secret, and the sentence goes to a terminal or a CI log. Its other
        // messages give a position and no content.
        `${this.path} is not valid JSON (${whereJsonStopped((e as Error).message.replace(/^Unexpected token .*/s, 'an unexpected character'), decoded.text)}); it was left untouched.`,
      );
    }
  }

  /** The file as this run read it first, or as it last wrote it. */
  private file(): CredentialsFile {
    this.last ??= this.readNow();
    if ('error' in this.last) throw this.last.error;
    return this.last.file;
  }

  /** The file as it is on disk now: before a write, and for a token another run may have saved. */
  private fileNow(): CredentialsFile {
    this.last = undefined;
    return this.file();
  }

  private readNow(): { file: CredentialsFile } | { error: unknown } {
    try {
      return { file: this.parsed() };
    } catch (error) {
      return { error };
    }
  }

  /** Reading changes nothing: an absent file is an empty store, and no directory is created. */
  private parsed(): CredentialsFile {
    const raw = this.raw();
    // Not "move it aside and log in again": for Zoho that spends a new grant token and leaves the
    // saved refresh token live, and the newer tool's file is fine as it is.
    const version = (raw as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > 1)
      throw new UsageError(`${this.path} was written by a newer phonebridge-sync (schema version ${version}); it was left untouched.`, 'Upgrade phonebridge-sync.');
    // JSON.parse keeps a "__proto__" key as a profile of that name, and the schema's record drops it
    // without a word: the login was never found, and the next save of any profile erased it.
    const profiles = (raw as { profiles?: unknown } | null)?.profiles;
    if (typeof profiles === 'object' && profiles !== null && Object.hasOwn(profiles, '__proto__'))
      throw new UsageError(
        `${this.path} holds a profile named "__proto__", a name no profile can have (the file could never read it back); it was left untouched.`,
        'Rename that profile in the file, e.g. to "work", then choose it with --profile work.',
      );
    const r = fileSchema.safeParse(raw);
    if (!r.success) {
      throw this.broken(`${this.path} has an unexpected shape at ${describeIssue(r.error, '', raw)}; it was left untouched.`);
    }
    return r.data;
  }

  /**
   * Before a step that cannot be taken back (a grant token, which Zoho exchanges once): the file and
   * its directory can be written (a broken file is found by the read the caller makes first). A
   * config dir that is a file, or a read-only one, is said before the token is spent, not after.
   */
  checkWritable(): void {
    ensureDir(this.dir, this.path, 'the credentials file');
    // A symlinked file is saved in its target's directory: that one must take the write.
    const target = writeTarget(this.path, 'the credentials file');
    for (const p of existsSync(target) ? [dirname(target), target] : [dirname(target)]) {
      try {
        accessSync(p, constants.W_OK);
      } catch (e) {
        throw cannotWrite(target, e, 'the credentials file');
      }
    }
  }

  /**
   * Takes the lock beside the file (`credentials.json.lock`) and returns its release: logout decides
   * there whether another profile still holds the refresh token it would revoke, and deletes its own
   * copy, so that of two logouts at once the second sees the first's delete. `say` is told before
   * this run waits for another's lock (up to LOCK_WAIT_S), as the sandbox's state file says it.
   */
  async lock(say: (text: string) => void): Promise<() => Promise<void>> {
    const lockPath = `${this.path}.lock`;
    // A lock lost while held (this run paused past its staleness during the revoke, and another
    // logout took it over) does not stop logout midway: the revoke sent cannot be taken back, and
    // its delete is right whatever that logout decided, which found this profile still holding the
    // token and left the revoke to it. Only heard during the revoke, the one wait under the lock.
    let lost = false;
    const release = await lockBeside(this.path, {
      locked: `the credentials file ${this.path}`,
      onCompromised: () => (lost = true),
      failed: (e) => cannotWrite(this.path, e, 'the credentials file', { kept: keptThere(this.reader) }),
      // visible(): said through `say`, which escapes nothing, as the error's printing does.
      onWait: () => say(`Another phonebridge-sync run holds the lock of the credentials file ${visible(this.path)} (${visible(lockPath)}): waiting up to ${LOCK_WAIT_S} s for it.\n`),
      heldTooLong: () =>
        new LockHeld(
          `The credentials file ${this.path} is locked by another phonebridge-sync run with the same config dir: its lock ${lockPath} stayed taken while this run waited ${LOCK_WAIT_S} s; nothing was changed.`,
          `Try again when that run ends. No other run going? ${whenTakenOver(lockPath)}`,
        ),
    });
    // A lost lock's release is refused (ERELEASED): there is nothing of this run's left to release.
    return () => (lost ? Promise.resolve() : release());
  }

  /** This profile, as the run read it (see `last`). */
  read(): StoredProfile {
    return this.profileIn(this.file());
  }

  /**
   * The file as it is on disk now becomes the run's read: after questions, which take their time. A
   * broken file throws here. Its secrets are registered for redaction as any read's are.
   */
  readAgain(): void {
    this.profileIn(this.fileNow());
  }

  private profileIn(file: CredentialsFile): StoredProfile {
    const p = file.profiles?.[this.profile] ?? {};
    registerSecret(p.zoho?.clientSecret);
    registerSecret(p.zoho?.refreshToken);
    registerSecret(p.zoho?.token?.accessToken);
    registerSecret(p.myoperator?.token);
    return p;
  }

  /**
   * Returns this profile as the write found it on disk: what it replaced, which the run's read (made
   * before login's questions, say) may not be, when another run saved meanwhile.
   */
  update(change: (p: StoredProfile) => StoredProfile): StoredProfile {
    const { next, before } = this.changed(change);
    // A change that keeps the profile (logout keeping a login saved meanwhile) writes nothing: the
    // file stays as the other run or the hand edit left it, and a read-only one is no failure.
    if (next === undefined) return before;
    writeFileDurably(this.path, JSON.stringify(next, null, '\t'), { ...WRITE, kept: keptThere(this.reader) });
    this.last = { file: next };
    return before;
  }

  /** update, with the disk's part off the event loop: the access token's save while pages are in flight. */
  async updateAsync(change: (p: StoredProfile) => StoredProfile): Promise<void> {
    const { next } = this.changed(change);
    if (next === undefined) return;
    await writeFileDurablyAsync(this.path, JSON.stringify(next, null, '\t'), { ...WRITE, kept: keptThere(this.reader) });
    this.last = { file: next };
  }

  /**
   * The file with `change` made to this profile, its directory made, and the profile it changed.
   * Read from disk, not as the run read it: another run's save since (a login of another profile, a
   * token) would be put back. No file (`next` undefined) when `change` returns the profile itself.
   */
  private changed(change: (p: StoredProfile) => StoredProfile): { next?: CredentialsFile; before: StoredProfile } {
    const file = this.fileNow();
    const before = this.profileIn(file);
    const after = change(before);
    if (after === before) return { before };
    const profiles = { ...file.profiles, [this.profile]: after };
    ensureDir(this.dir, this.path, 'the credentials file');
    return { next: { version: 1, profiles }, before };
  }

  /**
   * A Zoho login with the access token its exchange or check was given, in one synchronous write.
   * The cache's own save is off the event loop: made here, it was still in flight when login saved
   * the MyOperator side, and its rename put back the file it had read, the MyOperator token gone.
   * Returns the profile as the write found it (see update).
   */
  saveZohoLogin(zoho: Omit<NonNullable<StoredProfile['zoho']>, 'token'>, token?: CachedToken): StoredProfile {
    const { dc, clientId, refreshToken } = zoho;
    const cached = token && dc && clientId && refreshToken ? { ...token, refreshTokenHash: tokenHash({ dc, clientId, refreshToken }) } : undefined;
    return this.update((p) => ({ ...p, zoho: { ...zoho, ...(cached ? { token: cached } : {}) } }));
  }

  /** The other profiles with a login of `side` saved (a cached token alone is none), in the file's order; none when the file cannot be read. */
  otherLogins(side: 'zoho' | 'myoperator'): string[] {
    const values = (p: StoredProfile) => (side === 'zoho' ? [p.zoho?.clientId, p.zoho?.clientSecret, p.zoho?.refreshToken] : [p.myoperator?.token]);
    // Only a note beside what the command says ("A Zoho login is saved for profile …"): the file's own
    // error is said where it is read for the command's work.
    try {
      return this.otherProfiles((p) => values(p).some((v) => credentialValue(v) !== undefined));
    } catch {
      return [];
    }
  }

  /**
   * The other profiles that hold `token` as their login of `side` (the Zoho refresh token, the
   * MyOperator token), compared as read (credentialValue), in the file's order: a hand copy, or one
   * token given to two logins. Revoked for this profile, it would log those out too. A broken file
   * throws, unlike otherLogins: none found there would let logout revoke a token it cannot see is shared.
   */
  profilesHolding(side: 'zoho' | 'myoperator', token: string | undefined): string[] {
    if (token === undefined) return [];
    return this.otherProfiles((p) => credentialValue(loginToken(p, side)) === token);
  }

  /** The profiles other than this one for which `holds` is true, in the file's order. */
  private otherProfiles(holds: (p: StoredProfile) => boolean): string[] {
    return Object.entries(this.file().profiles ?? {})
      .filter(([name, p]) => name !== this.profile && holds(p))
      .map(([name]) => name);
  }

  zohoSettings(env: NodeJS.ProcessEnv): ZohoSettings {
    const z = this.read().zoho ?? {};
    const pick = <T extends string>(envName: string, stored: T | undefined): Sourced<T> | undefined => {
      const v = credentialValue(env[envName]);
      if (v) {
        registerSecret(v);
        return { value: v as T, source: 'env' };
      }
      const saved = credentialValue(stored) as T | undefined;
      return saved ? { value: saved, source: 'file' } : undefined;
    };
    const dc = pick(ENV.zohoDc, z.dc);
    if (dc && !isDataCentre(dc.value)) throw new UsageError(`${ENV.zohoDc}="${dc.value}" is not a Zoho data centre.`, `Use one of: ${DC_NAMES.join(', ')}.`);
    return {
      dc: dc as Sourced<DataCentre> | undefined,
      clientId: pick(ENV.zohoClientId, z.clientId),
      clientSecret: pick(ENV.zohoClientSecret, z.clientSecret),
      refreshToken: pick(ENV.zohoRefreshToken, z.refreshToken),
      product: this.product(env, z.product),
      savedDc: z.dc,
    };
  }

  /** crm unless told: a Bigin job in CI, with no login saved, says so in the environment. Not a secret. */
  private product(env: NodeJS.ProcessEnv, stored: 'crm' | 'bigin' | undefined): Sourced<'crm' | 'bigin'> {
    // Trimmed, and blank as unset, as the credentials beside it are (credentialValue): "crm\n" from a
    // CI's YAML block was "not a Zoho product" while the data centre beside it was taken.
    const v = credentialValue(env[ENV.zohoProduct]);
    if (v === undefined) return { value: stored ?? 'crm', source: 'file' };
    if (v !== 'crm' && v !== 'bigin') throw new UsageError(`${ENV.zohoProduct}="${v}" is not a Zoho product phonebridge-sync reads.`, 'Use crm (Zoho CRM) or bigin (Bigin), or unset it to use the saved login\'s.');
    return { value: v, source: 'env' };
  }

  /** The file is read only when the environment gives no token. */
  myOperatorSettings(env: NodeJS.ProcessEnv): MyOperatorSettings {
    const v = credentialValue(env[ENV.myoperatorToken]);
    if (v) {
      registerSecret(v);
      return { token: { value: v, source: 'env' } };
    }
    const stored = credentialValue(this.read().myoperator?.token);
    return { token: stored ? { value: stored, source: 'file' } : undefined };
  }

  /**
   * The access-token cache, tied to the login in use: its refresh token, client id and data centre
   * (an env token must not reuse a file token's cache). A CI job whose PHONEBRIDGE_ZOHO_CLIENT_ID is
   * not the saved login's reused that login's access token until it expired, and doctor showed ✓
   * for a login that could not refresh: now it refreshes at once, and is told then. (Stored as
   * `refreshTokenHash`, the name the file has always had.) The first load takes the run's read, the
   * one its login came from (ZohoAuth keeps no read of its own); later loads read the file, where
   * another run may have saved a newer token.
   */
  tokenCache(login: { dc: string; clientId: string; refreshToken: string }): TokenCache {
    const h = tokenHash(login);
    let first = true;
    return {
      load: () => {
        const t = this.profileIn(first ? this.file() : this.fileNow()).zoho?.token;
        first = false;
        return t && t.refreshTokenHash === h ? { accessToken: t.accessToken, apiDomain: t.apiDomain, expiresAt: t.expiresAt } : undefined;
      },
      save: (t: CachedToken) => this.updateAsync((p) => ({ ...p, zoho: { ...p.zoho, token: { ...t, refreshTokenHash: h } } })),
    };
  }
}
