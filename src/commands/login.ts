/**
 * `login [zoho|myoperator]`: store and verify credentials. On a terminal it asks for what is
 * missing (secrets masked); off a terminal a missing value is exit 2 naming its flag. It verifies
 * with a real call before saving (`--no-verify` skips the check; a grant token is always
 * exchanged, exactly once: each exchange mints a refresh token and Zoho evicts the oldest past 20).
 */
import { visible } from '../core/forensics.js';
import { listingNobody, type SideName } from '../core/reasons.js';
import { noPromptReason, pastedPromptsOff, type Context } from '../context.js';
import { Cancelled, CliError, leftPrompt, RemoteError, UsageError } from '../errors.js';
import { endedBy, enterStretch, leaveStretch } from '../io/graceful-stop.js';
import { isSide, NO_SIDE_NOT_REPEATED, sideShown } from '../io/stray-words.js';
import { httpOptions, myOperatorApiUrl, zohoEndpoints, type ZohoEndpoints } from '../clients/connect.js';
import { Http, HTTP_DEFAULTS, type HttpOptions } from '../clients/http.js';
import { optionPlaceholder, printable } from '../clients/redact.js';
import { MyOperatorClient } from '../clients/myoperator.js';
import { ZohoClient } from '../clients/zoho.js';
import { DATA_CENTRES, DC_DOMAINS, DC_NAMES, grantScope, isDataCentre, newGrantStep, ZohoAuth, type CachedToken, type DataCentre } from '../clients/zoho-auth.js';
import { CredentialStore, credentialValue, ENV, overridingEnv, savedOtherThan, type StoredProfile } from '../store/credentials.js';
import { configDir } from '../store/paths.js';
import { askChoice, askText } from '../ui/prompts.js';
import { withSpinner } from '../ui/spinner.js';
import { toJson } from '../io/render.js';

export interface LoginOptions {
  dc?: string;
  clientId?: string;
  clientSecret?: string;
  grantToken?: string;
  refreshToken?: string;
  product?: string;
  token?: string;
  verify: boolean;
}

export async function run(side: string | undefined, opts: LoginOptions, ctx: Context): Promise<void> {
  // A bad side is a bad side in the sandbox too (logout says so there).
  if (side !== undefined && !isSide(side)) {
    const shown = sideShown(side);
    throw new UsageError(`Cannot log in to ${shown ?? NO_SIDE_NOT_REPEATED}.`, `Use \`login zoho\` or \`login myoperator\`${shown ? '' : '; a token goes right after --token'}.`);
  }
  if (ctx.globals.sandbox) {
    ctx.say('The sandbox needs no login: its emulators accept built-in credentials.\n');
    if (ctx.globals.json) ctx.stdout.write(toJson({ sandbox: true, profile: null, loggedIn: [], credentialsFile: null }, ctx.stdoutIsTTY, ctx.retargetJson));
    return;
  }
  if (side === undefined && !ctx.interactive)
    // Why, as the missing-flag sentences say it: with --json or CI=true at a terminal, "when not at
    // a terminal" was untrue of the screen it was read on.
    throw new UsageError(`Say which side to log in to: prompts are off here (${noPromptReason(ctx)}).`, 'Use `login zoho …` or `login myoperator --token …`.');
  // Every credential given is checked before any question or request: an empty one is named at
  // once, not after the data-centre prompt or a whole Zoho login.
  for (const [flag, value] of [['--client-id', opts.clientId], ['--client-secret', opts.clientSecret], ['--grant-token', opts.grantToken], ['--refresh-token', opts.refreshToken], ['--token', opts.token]] as const)
    credential(flag, value);
  if (opts.grantToken !== undefined && opts.refreshToken !== undefined)
    throw new UsageError('--grant-token and --refresh-token cannot be used together.', 'Pass a new grant token, or an existing refresh token, not both.');
  const store = new CredentialStore(configDir(ctx.globals), ctx.globals.profile);
  // --json: one document of what was saved (never a secret), as every command gives.
  const loggedIn: LoggedIn[] = [];
  if (side !== 'myoperator')
    try {
      loggedIn.push(await loginZoho(opts, ctx, store));
    } catch (e) {
      throw cancelledAt(e, 'zoho', side, ctx);
    } finally {
      leaveStretch();
    }
  if (side !== 'zoho') loggedIn.push(await loginMyOperator(opts, ctx, store).catch((e: unknown) => Promise.reject(cancelledAt(e, 'myoperator', side, ctx))));
  if (ctx.globals.json) ctx.stdout.write(toJson({ sandbox: false, profile: ctx.globals.profile, loggedIn, credentialsFile: store.path }, ctx.stdoutIsTTY, ctx.retargetJson));
}

/**
 * Ctrl-C or Esc at a question (Inquirer's ExitPromptError, LeftAtEsc): what was
 * saved, which "Cancelled." alone left to guess. A side is saved only after its last question, so
 * the side asked for has nothing saved; of both sides, Zoho's login is saved before MyOperator's
 * token is asked for. Any other error as it is.
 */
function cancelledAt(e: unknown, asking: 'zoho' | 'myoperator', side: 'zoho' | 'myoperator' | undefined, ctx: Context): unknown {
  if (!leftPrompt(e)) return e;
  if (asking === 'myoperator' && side === undefined)
    return new Cancelled('Cancelled. The Zoho login was saved; the MyOperator token was not, and is as it was: `phonebridge-sync login myoperator` asks for it.');
  const what = side === undefined ? 'the Zoho login and the MyOperator token' : asking === 'zoho' ? 'the Zoho login' : 'the MyOperator token';
  return new Cancelled(`Cancelled. Nothing was saved: ${what} of profile "${visible(ctx.globals.profile)}" ${side === undefined ? 'are as they were' : 'is as it was'}.`);
}

// "Unless": this run does not know, and a login is often run because Zoho refused the old token.
// With --yes where logout would ask nothing (CI, a log): there it stops at exit 2 without it.
const replacedSentence = (ctx: Context) =>
  `The refresh token saved before was replaced; unless Zoho refused it already, it is still valid there (Zoho keeps 20 per user and drops the oldest in silence, perhaps the one a CI job uses). Next time, \`phonebridge-sync logout zoho${pastedPromptsOff(ctx) ? ' --yes' : ''}\` before \`login zoho\` revokes the old one first.`;

/** Where a refresh token no login here holds is left: Zoho never shows it, and keeps it among the 20 it allows. */
const LIVE_UNSHOWN = 'live at Zoho, never shown, until Zoho drops it (it keeps 20 per user and drops the oldest in silence)';

/** A refresh token whose revoke a signal ended: whether it was unsaved or refused, the same. */
const CUT_SHORT = `its revoke was cut short: it may still be ${LIVE_UNSHOWN}`;

/**
 * What became of the refresh token a grant gave, when this login keeps none: it could not be saved,
 * by its revoke's outcome, or the check refused it and a signal ended its revoke.
 */
const UNKEPT = {
  revoked: 'was revoked at Zoho, as it could not be saved: nothing of this login is left live',
  failed: `could not be saved nor revoked: it stays ${LIVE_UNSHOWN}`,
  'cut short': `could not be saved, and ${CUT_SHORT}`,
  'refused, cut short': `was refused, and ${CUT_SHORT}`,
} as const;

/** The error's sentence, then that the grant is spent and what became of the refresh token it gave. */
const grantSpent = (message: string, outcome: keyof typeof UNKEPT): string =>
  `${message} The grant token was exchanged already, and the refresh token it gave ${UNKEPT[outcome]}.`;

/** An error as a run ended by a signal says it, after "Cancelled.": its sentence and its hint, no raw control character. */
const saidOf = (e: CliError): string => printable(`${e.message}\n${e.hint ? `${e.hint}\n` : ''}`);

/**
 * Until leaveStretch: a revoke of the refresh token a grant gave is under way. A signal (a second
 * Ctrl-C, or the first where none came before) still ends the run at once, as ever, but says what it
 * left: "Cancelled." alone left the admin to guess whether the token was live.
 */
function revoking(ctx: Context, left: CliError): void {
  enterStretch({ note: '', stop: (signal) => endOnSignal(ctx, signal, saidOf(left)) });
}

/**
 * Ends the run at once on a signal in one of login's stretches, by the signal's code: how it is said
 * ("Cancelled."), then `left`, what it left of the refresh token the grant gave.
 */
function endOnSignal(ctx: Context, signal: NodeJS.Signals, left: string): never {
  const ended = endedBy(signal);
  ctx.say(`\n${ended.said}. ${left}`);
  process.exit(ended.code);
}

/** How long a Ctrl-C's revoke of a refresh token it could not save may take: one attempt. */
const STOP_REVOKE_MS = 5_000;

/** `usersVisible`: the users the check saw, null where it did not run or the API gives no count (MyOperator, Bigin) and its first page held someone. */
type LoggedIn = { side: 'zoho' | 'myoperator'; verified: boolean; dc?: string; product?: string; usersVisible: number | null };

/**
 * A credential as given: spaces and line breaks around it are not part of it (a paste, a `$(cat
 * file)`), and an empty one (a variable left unset) is refused here rather than saved over a
 * working login, or sent.
 */
function credential(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') throw new UsageError(`${flag} was given an empty value.`, `Give the value itself (in a script, check that the variable is set).`);
  // No credential of Zoho's or MyOperator's holds a space or a control character: one is a paste
  // that brought a terminal's escape or a second line with it, saved it would fail every run. Said
  // by position only: the value is a secret. "It", not "nothing": `login` of both sides asks for
  // MyOperator's token after the Zoho login was saved.
  const odd = oddCharacter(v);
  if (odd >= 0)
    throw new UsageError(
      `${flag} holds a space or an invisible or control character (character ${odd + 1} of ${[...v].length}), which no credential has: it was not saved.`,
      'Copy the value again from where it was issued, on its own (a paste can bring a terminal\'s escape sequence or a second line with it).',
    );
  return v;
}

/**
 * The fix for a secret missing where nothing is asked (CI, a script): its variable first, which
 * every command reads in place of a saved login; the option only after it, as a secret typed on
 * the command line stays in shell history and shows in the process list and a CI log ("Pass
 * --client-secret <value>." alone sent a CI author there). Zoho's variables go together.
 */
function secretOffTerminal(ctx: Context, variable: string, option: string): string {
  const others = variable === ENV.myoperatorToken ? [] : [ENV.zohoClientId, ENV.zohoClientSecret, ENV.zohoRefreshToken, ENV.zohoDc].filter((v) => v !== variable);
  const with_ = others.length ? ` (with ${others.slice(0, -1).join(', ')} and ${others.at(-1)})` : '';
  const seen = 'which shell history, the process list and a CI log can show';
  if (ctx.env[variable]?.trim())
    return `${variable} is set here, and every command reads it in place of a saved login${with_}, so no login is needed; to save one anyway, ${option}, ${seen}.`;
  return `Set ${variable} instead${with_}: every command reads ${others.length ? 'them' : 'it'} in place of a saved login, so a CI job needs no login; or ${option}, ${seen}.`;
}

/** Where in a credential a space or an invisible or control character is (-1: none). */
function oddCharacter(v: string): number {
  return [...v].findIndex((ch) => /[\p{Cc}\p{Cf}\s]/u.test(ch));
}

/**
 * Off a terminal, the client id and secret not given are the saved login's (a new grant token in
 * CI, as the hints of a refused refresh token send there): they were "--client-id is required".
 * The secret only with its own id. At another data centre than the saved one, the missing one is
 * asked for by name, with why the saved one is not used.
 */
function savedClientReused(
  opts: LoginOptions,
  same: { id?: string; secret?: string } | undefined,
  ctx: Context,
  dc: DataCentre,
  savedDc: string | undefined,
  file: string,
): { id?: string; secret?: string } {
  const given = credential('--client-id', opts.clientId);
  const id = given === undefined ? same?.id : undefined;
  const secret = opts.clientSecret === undefined && same?.secret && (given ?? id) === same.id ? same.secret : undefined;
  const missing = [...(given === undefined && !id ? ['--client-id'] : []), ...(opts.clientSecret === undefined && !secret ? ['--client-secret'] : [])];
  if (missing.length && !same && savedDc && savedDc !== dc)
    throw new UsageError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required for --dc ${dc}: the Self Client saved for profile "${visible(ctx.globals.profile)}" is of data centre ${visible(savedDc)}, and a Self Client is known at its own data centre only; prompts are off here (${noPromptReason(ctx)}).`,
      `Pass ${missing.join(' and ')} of a Self Client of data centre ${dc} (API console at ${DC_DOMAINS[dc]}), or --dc ${visible(savedDc)} to use the saved one.`,
    );
  // A hand-edited file's value, reused: checked as a typed one is, but said of the file, as
  // "--client-secret holds a space" named a flag nobody had typed.
  for (const [what, v] of [['client id', id], ['client secret', secret]] as const) {
    const odd = v === undefined ? -1 : oddCharacter(v);
    if (odd >= 0)
      throw new UsageError(
        `The ${what} saved for profile "${visible(ctx.globals.profile)}" in ${visible(file)} holds a space or an invisible or control character (character ${odd + 1} of ${[...v!].length}), which no credential has: nothing was sent or saved.`,
        'Pass --client-id and --client-secret of the Self Client (login saves them over the saved ones), or fix the file by hand.',
      );
  }
  return { id, secret };
}

/**
 * Where a reused client goes when PHONEBRIDGE_ZOHO_ACCOUNTS_URL names the accounts server, else ''.
 * The saved client is reused by data centre alone: the variable is a route read at each run (a
 * proxy, the emulator), as every command's refresh goes where it says, and it is not saved (a
 * proxy's URL may hold a password; an emulator's port changes each run). "At data centre in" alone
 * read as if it went to that data centre's own server.
 */
function elsewhere(endpoints: ZohoEndpoints, dc: DataCentre): string {
  if (!endpoints.accountsVar) return '';
  return ` It goes to Zoho Accounts at ${visible(new URL(endpoints.accounts).host)}, which ${endpoints.accountsVar} names in place of ${new URL(DATA_CENTRES[dc].accounts).host}; the saved login keeps its data centre, not the accounts server it was made at.`;
}

/** The saved Zoho login, if one is saved and readable (a broken file is said later, where it is read for the save). */
function savedZoho(store: CredentialStore): StoredProfile['zoho'] {
  try {
    return store.read().zoho;
  } catch {
    return undefined;
  }
}

async function loginZoho(opts: LoginOptions, ctx: Context, store: CredentialStore): Promise<LoggedIn> {
  const dcChoices = DC_NAMES.map((d) => ({ value: d, name: `${d}  (${DC_DOMAINS[d]})` }));
  // A login again (a new refresh token, say) starts the list at the saved data centre: it started
  // at "us" whatever was saved, and Enter moved an Indian company's login to the US hosts.
  const saved = savedZoho(store);
  const savedDc = saved?.dc && isDataCentre(saved.dc) ? saved.dc : undefined;
  const dc = opts.dc ?? (await askChoice<DataCentre>(ctx, '--dc', 'Zoho data centre (the domain you log in to Zoho at)', dcChoices, undefined, savedDc));
  if (!isDataCentre(dc)) throw new UsageError(`--dc ${dc} is not a Zoho data centre.`, `Use one of: ${DC_NAMES.join(', ')}.`);
  // As the data centre: a login again (a new grant token) keeps the saved product; it was crm
  // unless --product was given, and a Bigin login became a CRM one.
  const product = opts.product ?? saved?.product ?? 'crm';
  if (product !== 'crm' && product !== 'bigin')
    throw new UsageError(`--product ${product} is not crm or bigin.`, 'Use --product crm (the default) or --product bigin.');
  const scope = grantScope(product);
  let grant = credential('--grant-token', opts.grantToken);
  let refreshToken = credential('--refresh-token', opts.refreshToken);
  // Only at the data centre it was saved for: a Self Client is known at its own data centre alone,
  // and another's id sent there is invalid_client, the grant token spent for nothing.
  const savedClient = saved?.dc === dc ? { id: credentialValue(saved.clientId), secret: credentialValue(saved.clientSecret) } : undefined;
  const reused = !ctx.interactive ? savedClientReused(opts, savedClient, ctx, dc, saved?.dc, store.path) : {};
  // The saved one is Enter away, as the data centre is: a new grant token for the same Self Client
  // had its long id typed again.
  const clientId = credential('--client-id', opts.clientId ?? reused.id ?? (await askText(ctx, '--client-id', 'Self Client client id', { default: savedClient?.id })))!;
  const clientSecret = credential('--client-secret', opts.clientSecret ?? reused.secret ?? (await askText(ctx, '--client-secret', 'Self Client client secret', { secret: true, offTerminal: secretOffTerminal(ctx, ENV.zohoClientSecret, `pass --client-secret ${optionPlaceholder('--client-secret')}`) })))!;
  if (!grant && !refreshToken) {
    if (!ctx.interactive)
      throw new UsageError(
        `--grant-token or --refresh-token is required: prompts are off here (${noPromptReason(ctx)}).`,
        secretOffTerminal(ctx, ENV.zohoRefreshToken, `generate a grant token in the Zoho API console (Self Client, scope ${scope}) and pass --grant-token ${optionPlaceholder('--grant-token')}`),
      );
    grant = credential('--grant-token', await askText(ctx, '--grant-token', `Grant token from the Self Client (scope ${scope})`, { secret: true }));
  }
  const endpoints = zohoEndpoints(ctx.env, dc);
  // Which client the grant token goes with, as it cannot be seen in the command: never the secret.
  if (reused.id || reused.secret)
    ctx.say(
      `Using the ${reused.id && reused.secret ? 'Self Client' : reused.id ? 'client id' : 'client secret'} saved for profile "${visible(ctx.globals.profile)}" at data centre ${dc}: client id ${visible(clientId)}${reused.secret ? `, ${reused.id ? 'its secret' : 'the secret saved with it'} not shown` : ', with the --client-secret given'}.${elsewhere(endpoints, dc)}\n`,
    );
  if (grant) ZohoAuth.registerGrant(grant);
  let cached: CachedToken | undefined;
  const cache = {
    load: () => cached,
    save: (t: CachedToken) => {
      cached = t;
    },
  };
  // A refusal's "run login, it asks for it" was untrue where this login asked nothing (CI, a log):
  // its hint gives the flags, as a command's does.
  const where = pastedPromptsOff(ctx);
  const promptsOff = where ? { where, product, savedClient: savedClient?.id === clientId && savedClient.secret === clientSecret } : undefined;
  const auth = (rt: string | undefined, http: HttpOptions = httpOptions(ctx, 'Zoho Accounts')) =>
    Object.assign(new ZohoAuth(new Http(http), { dc, clientId, clientSecret, apiUrl: endpoints.api }, endpoints.accounts, rt, cache), {
      accountsUrlVar: endpoints.accountsVar,
      promptsOff,
    });
  // The refresh token the save overwrote, as the save found the file: the read above was made
  // before the questions, and another login of this profile may have saved since.
  const save = () => store.saveZohoLogin({ dc, clientId, clientSecret, refreshToken, product }, cached).zoho?.refreshToken;
  /**
   * Revokes the refresh token the grant gave, `as` why, in the stretch that says what a signal left
   * (`left`; none for an error of no words of its own); whether Zoho took it. Said at a terminal by a
   * spinner: with a command's retries it may take a minute, and the screen was blank while it ran.
   */
  const revokeGiven = async (as: string, left: CliError | undefined, http = httpOptions(ctx, 'Zoho Accounts')): Promise<boolean> => {
    if (left) revoking(ctx, left);
    const revoked = await withSpinner(ctx, `Revoking the refresh token the grant gave, as ${as}…`, () => auth(refreshToken, http).revoke()).then(
      () => true,
      () => false,
    );
    leaveStretch();
    return revoked;
  };
  // A file broken or made read-only during the exchange or the check: the refresh token the grant
  // gave would be neither saved nor revoked, live at Zoho with nothing to name it (among the 20 Zoho
  // keeps per user). Revoked then, as a refused one is; one typed (--refresh-token) is the user's.
  // `stopping`: a Ctrl-C's save, whose revoke gets one attempt of at most STOP_REVOKE_MS, as the
  // one who pressed it is leaving (with a command's retries, a silent Zoho Accounts held it a minute).
  const saveOrRevoke = async (stopping = false) => {
    try {
      return save();
    } catch (e) {
      if (!grant || !(e instanceof CliError)) throw e;
      // "Run login again" alone sent the user back with the spent grant token, which Zoho refuses (invalid_code).
      const unsaved = (revoke: 'revoked' | 'failed' | 'cut short') =>
        new CliError(
          grantSpent(e.message, revoke),
          e.exitCode,
          `${e.cure ? `${e.cure}.` : (e.hint ?? '')} The grant token given is spent (Zoho takes each one once): generate a new one ${newGrantStep(dc, product, promptsOff)}`.trim(),
          { cause: e },
        );
      const http = httpOptions(ctx, 'Zoho Accounts');
      const once = { ...http, retries: 0, timeoutMs: Math.min(http.timeoutMs ?? HTTP_DEFAULTS.timeoutMs, STOP_REVOKE_MS) };
      const revoked = await revokeGiven('it could not be saved', unsaved('cut short'), stopping ? once : http);
      throw unsaved(revoked ? 'revoked' : 'failed');
    }
  };
  // The signal the stretch below took, if one came: what the check is raced against.
  let took: (signal: NodeJS.Signals) => void = () => {};
  const stopped = new Promise<NodeJS.Signals>((done) => (took = done));
  // A broken file is said here, before a grant token is spent or a check is made (savedZoho kept
  // quiet): as it is now, since a hand edit during the questions was found only by the save.
  store.readAgain();
  if (grant) {
    // Zoho exchanges a grant token once: a store that cannot be saved is said before it is spent.
    store.checkWritable();
    refreshToken = (await withSpinner(ctx, 'Exchanging the grant token…', () => auth(undefined).exchangeGrant(grant))).refreshToken;
    // From here a Ctrl-C would lose the refresh token the grant gave: the check is not waited for,
    // and the token is saved, unverified, or revoked where the save fails, as at the end.
    enterStretch({ note: '', stop: (signal) => took(signal) });
  }
  // The run ends here, by the signal's code: the check's request is still out, and would hold it.
  const endStopped = async (signal: NodeJS.Signals): Promise<never> => {
    const said = await saveOrRevoke(true).then(
      () =>
        `The grant token was exchanged already (Zoho takes each one once), so the refresh token it gave was saved, not verified, in ${visible(store.path)}; \`phonebridge-sync doctor\` checks it.\n`,
      (e: unknown) => {
        if (!(e instanceof CliError)) throw e;
        return saidOf(e);
      },
    );
    return endOnSignal(ctx, signal, said);
  };
  let seen: number | undefined;
  if (opts.verify) {
    const client = new ZohoClient(new Http(httpOptions(ctx, 'Zoho')), auth(refreshToken), product, endpoints.api);
    let checked: { users: number | undefined } | { signal: NodeJS.Signals };
    try {
      checked = await withSpinner(ctx, 'Checking access to Zoho users…', () =>
        Promise.race([client.verifyUsers().then((users) => ({ users })), stopped.then((signal) => ({ signal }))]),
      );
    } catch (e) {
      // Zoho takes a grant token once: when the check failed for a passing reason (a 500, the
      // network, a rate limit) the refresh token it gave is kept, or the admin would need a new
      // grant token. A refusal (a missing scope) means the token is no good: the login saved
      // before, if any, stays as it was.
      if (!grant || !(e instanceof RemoteError)) {
        // A refusal (a missing scope): the refresh token it gave is of no use, and it would count
        // toward the 20 Zoho keeps per user, evicting the oldest (perhaps a CI job's) in silence.
        // Out of the check's stretch first: a Ctrl-C during the revoke must not save the token refused.
        leaveStretch();
        if (grant && refreshToken) {
          const left = e instanceof CliError ? new CliError(grantSpent(e.message, 'refused, cut short'), e.exitCode, e.hint, { cause: e }) : undefined;
          await revokeGiven('Zoho refused it', left);
        }
        throw e;
      }
      const replaced = await saveOrRevoke();
      // The one it replaced is as live as after a login that succeeds, and was not said here.
      // The hint without "run again" (a 5xx's, a 429's): this login is saved, and doctor is the re-run.
      const hint = e.cure ?? e.hint;
      throw new CliError(
        `${e.message} The grant token was exchanged already (Zoho takes each one once), so the refresh token it gave was saved in ${store.path}.${savedOtherThan(replaced, refreshToken) ? ` ${replacedSentence(ctx)}` : ''}`,
        e.exitCode,
        `${hint ? `${hint} ` : ''}Once the cause is fixed, \`phonebridge-sync doctor\` checks the saved login again.`,
        { cause: e },
      );
    }
    if ('signal' in checked) return endStopped(checked.signal);
    seen = checked.users;
  }
  const replaced = await saveOrRevoke();
  leaveStretch();
  ctx.say(
    `Logged in to Zoho ${product === 'bigin' ? 'Bigin' : 'CRM'} (data centre ${dc}) for profile "${ctx.globals.profile}"${!opts.verify ? ' (not verified)' : seen === undefined ? ': users readable (Zoho did not say how many)' : `: ${seen} users visible`}. Saved in ${visible(store.path)}.\n`,
  );
  if (seen === 0) ctx.say(listsNobody('Zoho'));
  // Not revoked here: a CI job may have been given the same token. It stays live at Zoho, among the
  // 20 Zoho keeps per user (the oldest evicted in silence), so the user is told how to retire it.
  if (savedOtherThan(replaced, refreshToken))
    ctx.say(`${replacedSentence(ctx)}\n`);
  sayOverridden(ctx, 'zoho');
  return { side: 'zoho', verified: Boolean(opts.verify), dc, product, usersVisible: seen ?? null };
}

async function loginMyOperator(opts: LoginOptions, ctx: Context, store: CredentialStore): Promise<LoggedIn> {
  const token = credential('--token', opts.token ?? (await askText(ctx, '--token', 'MyOperator API token (Dashboard → APIs & Webhook → Calling APIs)', { secret: true, offTerminal: secretOffTerminal(ctx, ENV.myoperatorToken, `pass --token ${optionPlaceholder('--token')}`) })))!;
  let listsSomeone = true;
  if (opts.verify) {
    const client = new MyOperatorClient(new Http(httpOptions(ctx, 'MyOperator')), myOperatorApiUrl(ctx.env), token, { promptsOff: pastedPromptsOff(ctx) });
    listsSomeone = await withSpinner(ctx, 'Checking the MyOperator token…', () => client.verify());
  }
  store.update((p) => ({ ...p, myoperator: { token } }));
  ctx.say(`Logged in to MyOperator for profile "${ctx.globals.profile}"${opts.verify ? '' : ' (not verified)'}. Saved in ${visible(store.path)}.\n`);
  if (!listsSomeone) ctx.say(listsNobody('MyOperator'));
  sayOverridden(ctx, 'myoperator');
  return { side: 'myoperator', verified: Boolean(opts.verify), usersVisible: opts.verify && !listsSomeone ? 0 : null };
}

/**
 * A login that lists nobody is saved, exit 0: an empty account is no wrong login, and only the admin
 * knows which it is. But it is far likelier a bad read than an empty company, as doctor's check of
 * the login warns: "0 users visible" alone (Zoho), or nothing at all (MyOperator), read as all well.
 */
function listsNobody(side: SideName): string {
  return `Note: ${listingNobody([side], { justLoggedIn: true })}.\n`;
}

function sayOverridden(ctx: Context, side: 'zoho' | 'myoperator'): void {
  ctx.say(overridingEnv(ctx.env, side, 'login'));
}
