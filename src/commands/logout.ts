/**
 * `logout [zoho|myoperator]`: revoke the Zoho refresh token where the API allows, then delete the
 * stored credentials. It says its plan and asks first (--yes off a terminal; --dry-run stops at the
 * plan). A revoke that fails keeps the Zoho login: deleted, the token stayed live at Zoho with
 * nothing left here to revoke it with; --no-revoke deletes it unrevoked, saying so.
 */
import type { Context } from '../context.js';
import { AttentionNeeded, clause, CliError, EXIT, RemoteError, UsageError } from '../errors.js';
import { pastable, visible } from '../core/forensics.js';
import { series } from '../io/plural.js';
import { httpOptions, savedForOtherProfiles, zohoEndpoints, type ZohoEndpoints } from '../clients/connect.js';
import { Http } from '../clients/http.js';
import { DATA_CENTRES, liveUntilRevokedByHand, ZohoAuth, type DataCentre } from '../clients/zoho-auth.js';
import { CredentialStore, credentialValue, loginToken, overridingEnv, savedOtherThan, type StoredProfile } from '../store/credentials.js';
import { configDir } from '../store/paths.js';
import { toJson } from '../io/render.js';
import { isSide, NO_SIDE_NOT_REPEATED, sideShown } from '../io/stray-words.js';
import { confirm } from '../ui/prompts.js';

export interface LogoutOptions {
  dryRun?: boolean;
  /** false with --no-revoke: the Zoho login is deleted without revoking its refresh token. */
  revoke?: boolean;
}

export async function run(side: string | undefined, ctx: Context, opts: LogoutOptions = {}): Promise<void> {
  if (side !== undefined && !isSide(side))
    throw new UsageError(`Cannot log out of ${sideShown(side) ?? NO_SIDE_NOT_REPEATED}.`, 'Use `logout`, `logout zoho` or `logout myoperator`.');
  const revoke = opts.revoke !== false;
  const dryRun = Boolean(opts.dryRun);
  // Refused as login refuses the other side's flags: run silently, it let the admin believe a
  // revoke had been skipped (or would be made without it), and hid a `logout myoperator` typed
  // for `logout zoho`.
  if (side === 'myoperator' && !revoke)
    throw new UsageError(
      '--no-revoke does not apply to `logout myoperator`: MyOperator has no API to revoke a token, so its token is only ever deleted here; nothing was changed.',
      `Run \`phonebridge-sync logout myoperator${dryRun ? ' --dry-run' : ''}${ctx.globals.yes ? ' --yes' : ''}\` (without --no-revoke); --no-revoke is for the Zoho login.`,
    );
  if (ctx.globals.sandbox) {
    // As login says: the sandbox's credentials are built in, and none of a real profile's are touched.
    ctx.say('The sandbox needs no logout: its credentials are built in, and nothing of yours is stored or removed.\n');
    if (ctx.globals.json) ctx.stdout.write(toJson({ sandbox: true, profile: null, dryRun, planned: [], removed: [], zohoTokenRevoked: null, zohoTokenRevokeError: null, zohoTokenNotRevoked: null, sharedWith: { zoho: [], myoperator: [] } }, ctx.stdoutIsTTY, ctx.retargetJson));
    return;
  }
  // --json: one document of what was removed, as every command gives.
  const removed: Array<'zoho' | 'myoperator'> = [];
  // true: revoked now; false: Zoho no longer knew it; null: nothing to revoke, or the revoke failed,
  // and then zohoTokenRevokeError says why (the token may still be live, and the login was kept):
  // the one record of a Zoho login kept for its revoke.
  let zohoTokenRevoked: boolean | null = null;
  let zohoTokenRevokeError: string | null = null;
  // Why a refresh token deleted here was not revoked: a login deleted unrevoked with nobody left
  // holding its token (no data centre to revoke at) read in --json as a plain --no-revoke.
  let zohoTokenNotRevoked: 'no-revoke' | 'held-elsewhere' | 'no-data-centre' | null = null;
  const store = new CredentialStore(configDir(ctx.globals), ctx.globals.profile, 'logout');
  const stored = store.read();
  const profile = ctx.globals.profile;
  // Nothing stored for a side: say so, and write nothing (no empty credentials file is created).
  const hasZoho = side !== 'myoperator' && holdsLogin(stored, 'zoho');
  const hasMyOperator = side !== 'zoho' && holdsLogin(stored, 'myoperator');
  if (side !== 'myoperator' && !hasZoho) ctx.say(`No Zoho credentials stored for profile "${profile}": nothing to remove.${savedForOtherProfiles(store, 'zoho')}\n`);
  if (side !== 'zoho' && !hasMyOperator) ctx.say(`No MyOperator credentials stored for profile "${profile}": nothing to remove.${savedForOtherProfiles(store, 'myoperator')}\n`);
  const planned = [...(hasZoho ? (['zoho'] as const) : []), ...(hasMyOperator ? (['myoperator'] as const) : [])];
  const z = stored.zoho;
  // As every command takes it: a line break kept from a paste made the revoke "Zoho did not know
  // the refresh token any more" of a token still live.
  const refreshToken = hasZoho ? credentialValue(z?.refreshToken) : undefined;
  const moToken = hasMyOperator ? credentialValue(stored.myoperator?.token) : undefined;
  // The other profiles that hold the same token (a hand copy, one token given to two logins): the
  // revoke killed their login too, exit 0, and their next run failed with exit 3, unsaid. Found
  // again from the file as it is before the revoke and after each write.
  const sharedWith = { zoho: store.profilesHolding('zoho', refreshToken), myoperator: store.profilesHolding('myoperator', moToken) };
  const document = () => toJson({ sandbox: false, profile, dryRun, planned, removed, zohoTokenRevoked, zohoTokenRevokeError, zohoTokenNotRevoked, sharedWith }, ctx.stdoutIsTTY, ctx.retargetJson);
  // A revoke the plan did not make (the other profiles holding the token logged out meanwhile) with
  // no data centre to revoke at: the plan the admin agreed to deleted it unrevoked, and refusing then
  // (exit 2) failed a logout whose --dry-run had previewed exit 0. Deleted as agreed, said plainly.
  let leftLive = false;
  const revoking = () => Boolean(refreshToken && revoke && sharedWith.zoho.length === 0 && !leftLive);
  // The revoke sends the refresh token alone: a login saved without its client id or secret (a
  // hand-edited file) is revoked too. Without its data centre the host to send it to is unknown,
  // and deleting it would leave it live and nothing here to revoke it with. Unless PHONEBRIDGE_ZOHO_DC
  // names one: every other command sends this refresh token there, and logout refused though they
  // all worked.
  const dcVar = z?.dc ? undefined : 'PHONEBRIDGE_ZOHO_DC';
  const revokeDc = (): { dc: DataCentre; endpoints: ZohoEndpoints } | undefined => {
    const dc = z?.dc ?? store.zohoSettings(ctx.env).dc?.value;
    return dc ? { dc, endpoints: zohoEndpoints(ctx.env, dc) } : undefined;
  };
  const revokeAt = (): { dc: DataCentre; endpoints: ZohoEndpoints } => {
    const found = revokeDc();
    if (!found)
      throw new UsageError(
        `The Zoho login of profile "${profile}" in ${store.path} has no data centre saved with its refresh token, so logout cannot revoke it (the Zoho Accounts host is unknown); nothing was changed.`,
        `Add its data centre to that login in the file ("dc": "in", say) or set PHONEBRIDGE_ZOHO_DC to it, and run logout again; or pass --no-revoke to delete it unrevoked, which leaves it ${liveUntilRevokedByHand()}.`,
      );
    return found;
  };
  // Where the plan's revoke goes; one the plan did not make (the other profiles holding the token
  // logged out meanwhile) finds it when it is decided.
  let at = revoking() ? revokeAt() : undefined;
  const steps = [
    ...(hasZoho
      ? [
          revoking()
            ? `revoke the Zoho refresh token at ${new URL(at!.endpoints.accounts).host}${dcVar ? ` (data centre "${at!.dc}", which ${dcVar} names: none is saved with the login)` : ''}, then delete the Zoho login`
            : refreshToken && revoke
              ? `delete the Zoho login without revoking its refresh token (${holding(sharedWith.zoho, 'one')}: revoking it would log ${sharedWith.zoho.length === 1 ? 'that profile' : 'those'} out too)`
              : refreshToken
              ? 'delete the Zoho login without revoking its refresh token (--no-revoke: it stays live at Zoho)'
              : 'delete the Zoho login (it holds no refresh token to revoke)',
        ]
      : []),
    ...(hasMyOperator ? [`delete the MyOperator token (MyOperator has no API to revoke one${sharedWith.myoperator.length ? `; ${holding(sharedWith.myoperator, 'one')}, and keeps it` : ''})`] : []),
  ];
  if (steps.length === 0) {
    if (ctx.globals.json) ctx.stdout.write(document());
    return;
  }
  const plan = `Log out of profile "${visible(profile)}" (${visible(store.path)}): ${steps.join('; ')}`;
  // Before the question and the revoke, which cannot be taken back: a read-only config dir revoked
  // the token, then failed to delete it and said "Nothing was changed", leaving a dead token saved.
  if (!dryRun) store.checkWritable();
  // At a terminal the question is the plan; off one, the refusal for want of --yes quotes it.
  if (dryRun) {
    ctx.say(`${plan}.\nNothing changed (--dry-run).\n`);
    if (ctx.globals.json) ctx.stdout.write(document());
    return;
  }
  if (!(await confirm(ctx, `${plan}?`))) {
    ctx.say('Nothing changed.\n');
    if (ctx.globals.json) ctx.stdout.write(document());
    return;
  }

  let failed: CliError | undefined;
  const yes = ctx.globals.yes ? ' --yes' : '';
  // Decided under each write, from the file as it is then: a login of this profile saved during the
  // question (another run's) was deleted here though the plan never named it: a Zoho refresh token
  // left live with nothing saved to revoke it, a MyOperator token gone without the panel's note.
  const keptMeanwhile: Array<{ side: 'zoho' | 'myoperator'; sentence: string }> = [];
  // Whether to revoke is decided, and this profile's copy deleted, under the credentials file's lock:
  // two logouts at once of two profiles holding one refresh token each saw the other still holding
  // it, and neither revoked it, live at Zoho with no profile left to revoke it.
  const unlock = await store.lock(ctx.say);
  try {
    // The file as it is now: the same token copied to another profile meanwhile (by hand, or a login
    // moved there) must not be revoked either; and one the plan kept for the other profiles holding
    // it is revoked when none does any more, as the last of them to log out.
    const heldBefore = sharedWith.zoho;
    if (hasZoho && refreshToken && revoke) {
      store.readAgain();
      sharedWith.zoho = store.profilesHolding('zoho', refreshToken);
      if (revoking() && !at) {
        at = revokeDc();
        leftLive = !at;
      }
    }
    if (hasZoho) {
      if (revoking()) {
        const { dc, endpoints } = at!;
        const accounts = endpoints.accounts;
        const http = new Http(httpOptions(ctx, 'Zoho Accounts'));
        try {
          const auth = new ZohoAuth(
            http,
            { dc, clientId: z?.clientId ?? '', clientSecret: z?.clientSecret ?? '' },
            accounts,
            refreshToken,
            { load: () => undefined, save: () => {} },
          );
          const revoked = await auth.revoke();
          zohoTokenRevoked = revoked;
          // The variable's data centre was never checked against this token: Zoho there not
          // knowing it may be another data centre's live token, which deleting would leave so.
          if (!revoked && dcVar) {
            // In --json as a failed revoke: the login kept, the token perhaps live ("false" reads as
            // "already revoked", and a script takes the login for deleted).
            zohoTokenRevoked = null;
            failed = new CliError(
              `Zoho Accounts at ${new URL(accounts).host} did not know the refresh token: it was revoked already, or another data centre than "${dc}" (which ${dcVar} names: none is saved with the login) issued it, so the Zoho login of profile "${profile}" was kept in ${store.path}.`,
              EXIT.remote,
              // The accounts URL variable decides the host whatever the data centre: "set PHONEBRIDGE_ZOHO_DC
              // to that one" sent the next revoke to the same place.
              `If another data centre issued it, ${
                endpoints.accountsVar
                  ? `point ${endpoints.accountsVar}, which sent this revoke to ${new URL(accounts).host} whatever ${dcVar} names, at that data centre's Zoho Accounts (or unset it and set ${dcVar} to that one),`
                  : `set ${dcVar} to that one`
              } and run \`phonebridge-sync logout zoho${yes}\` again; if it was revoked already, \`phonebridge-sync logout zoho --no-revoke${yes}\` deletes it.`,
            );
            zohoTokenRevokeError = failed.message;
          } else ctx.say(revoked ? `Revoked the Zoho refresh token${noLongerHeld(heldBefore)}.\n` : 'Zoho did not know the refresh token any more (already revoked); nothing to revoke.\n');
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          zohoTokenRevokeError = e.message;
          // The shared hint named `login zoho --dc` and PHONEBRIDGE_ZOHO_DC, which do not move a
          // saved login's revoke: it goes where its data centre, or the accounts URL variable, says.
          // A 5xx's or 429's hint without its "run again": the sentence names the run to make.
          const hint =
            e instanceof RemoteError && e.kind === 'network'
              ? `Check the network or a proxy${revokeHost(endpoints, dc, dcVar)}${http.verboseHint('each attempt', '; run')}.`
              : (e.cure ?? e.hint);
          failed = new CliError(
            // The failure's own sentence after ours: set in parentheses, it read "(A proxy or firewall …: POST …)".
            `Could not revoke the Zoho refresh token, so it may still be live at Zoho and the Zoho login of profile "${profile}" was kept in ${store.path}. ${clause(e.message)}.`,
            e.exitCode,
            // --yes as this run had it: pasted where CI is set, the logout without it stops at exit 2.
            `${hint ? `${hint} Then run` : 'Run'} \`phonebridge-sync logout zoho${yes}\` again, or \`phonebridge-sync logout zoho --no-revoke${yes}\` to delete it unrevoked, which leaves it ${liveUntilRevokedByHand(dcVar ? undefined : dc)}.`,
            { cause: e },
          );
        }
      }
      // A revoke that failed keeps the login, its token perhaps live (zohoTokenRevokeError says why).
      if (zohoTokenRevokeError === null) {
        const outcome = removeUnlessReplaced(store, 'zoho', refreshToken);
        if (outcome === 'replaced') {
          const what =
            zohoTokenRevoked === true
              ? 'The refresh token revoked was the one saved when logout began'
              : zohoTokenRevoked === false
                ? 'The refresh token Zoho no longer knew was the one saved when logout began'
                : "Nothing of Zoho's was revoked or deleted";
          keptMeanwhile.push({ side: 'zoho', sentence: savedMeanwhile(what, 'Zoho login', profile, store.path) });
        } else if (outcome === 'gone') ctx.say(goneMeanwhile(store, 'zoho'));
        else {
          removed.push('zoho');
          if (refreshToken && zohoTokenRevoked === null) zohoTokenNotRevoked = !revoke ? 'no-revoke' : leftLive ? 'no-data-centre' : 'held-elsewhere';
          ctx.say(
            `Removed Zoho credentials of profile "${profile}"${
              refreshToken && !revoke
                ? `, not revoked (--no-revoke): the refresh token stays ${liveUntilRevokedByHand(z?.dc)}`
                : leftLive
                  ? `, not revoked, as agreed: ${profilesNamed(heldBefore)}, which held the same refresh token when logout began, ${heldBefore.length === 1 ? 'holds' : 'hold'} it no longer, and no data centre is saved with this login, nor named by PHONEBRIDGE_ZOHO_DC, to revoke it at. That refresh token stays ${liveUntilRevokedByHand()}, and no profile here holds it any more`
                : refreshToken && zohoTokenRevoked === null
                  ? `, not revoked: ${holding(sharedWith.zoho, 'refresh token')}; ${revokedBy(sharedWith.zoho, yes)}`
                  : ''
            }.\n`,
          );
        }
      }
    }
    if (hasMyOperator) {
      const outcome = removeUnlessReplaced(store, 'myoperator', moToken);
      sharedWith.myoperator = store.profilesHolding('myoperator', moToken);
      if (outcome === 'replaced')
        keptMeanwhile.push({ side: 'myoperator', sentence: savedMeanwhile("Nothing of MyOperator's was deleted", 'MyOperator token', profile, store.path) });
      else if (outcome === 'gone') ctx.say(goneMeanwhile(store, 'myoperator'));
      else {
        removed.push('myoperator');
        // Not "delete it in the panel" alone: that logs the other profile out too.
        ctx.say(
          `Removed MyOperator credentials of profile "${profile}" (MyOperator has no API to revoke a token: delete it in the panel if it may have leaked${
            sharedWith.myoperator.length ? `, which logs out ${sharedWith.myoperator.length === 1 ? 'the other' : 'the others'} too: ${holding(sharedWith.myoperator, 'token')}` : ''
          }).\n`,
        );
      }
    }
  } finally {
    await unlock();
  }
  if (keptMeanwhile.length > 0) {
    const sides = keptMeanwhile.map((k) => k.side);
    const named = sides.length === 1 ? ` ${sides[0]}` : '';
    const kept = new AttentionNeeded(
      keptMeanwhile.map((k) => k.sentence).join(' '),
      `Run \`phonebridge-sync logout${named}${revoke || !sides.includes('zoho') ? '' : ' --no-revoke'}${yes}\` to log ${sides.length === 1 ? 'that one' : 'those'} out too.`,
    );
    // Beside a failed revoke (the Zoho login kept for that), its exit code and its step stay the error's.
    if (failed) ctx.say(`${kept.message} ${kept.hint}\n`);
    else failed = kept;
  }
  // What was removed is the file's: a variable set here still logs the commands in. Not of a login
  // kept (a failed revoke, or one saved meanwhile): the note said the variables "still" log in
  // beside a saved login.
  const kept = (x: 'zoho' | 'myoperator') => (x === 'zoho' && zohoTokenRevokeError !== null) || keptMeanwhile.some((k) => k.side === x);
  for (const s of (['zoho', 'myoperator'] as const).filter((x) => (side === undefined || side === x) && !kept(x)))
    ctx.say(overridingEnv(ctx.env, s, 'logout'));
  // At exit 4 as fix does it: a document only of a run that changed something before it failed
  // (the MyOperator token removed, or at exit 5 the token revoked and a newer login kept), the one
  // place a script reads what went, a failed revoke in zohoTokenRevokeError. A run that changed
  // nothing leaves stdout empty, as every other failure does: its `"removed": []` read as a logout
  // that had nothing to remove.
  if (ctx.globals.json && (!failed || removed.length > 0 || zohoTokenRevoked === true)) ctx.stdout.write(document());
  if (failed) throw failed;
}

/** 'profile "work" holds the same refresh token', or of several profiles. */
function holding(profiles: string[], what: 'refresh token' | 'token' | 'one'): string {
  return `${profilesNamed(profiles)} ${profiles.length === 1 ? 'holds' : 'hold'} the same ${what}`;
}

/** 'profile "work"', or 'profiles "a" and "b"'. */
function profilesNamed(profiles: string[]): string {
  return `${profiles.length === 1 ? 'profile' : 'profiles'} ${series(profiles.map((p) => `"${visible(p)}"`), 'and')}`;
}

/**
 * Of a revoke the plan did not make: the profiles it named as holding the token too hold it no
 * longer (they logged out meanwhile), so this logout was the last to hold it. '' where it named none.
 */
function noLongerHeld(profiles: string[]): string {
  if (profiles.length === 0) return '';
  return ` (${profilesNamed(profiles)}, which held it too when logout began, ${profiles.length === 1 ? 'holds' : 'hold'} it no longer)`;
}

/** The logout that revokes a refresh token other profiles hold: the last of them to log out revokes it. */
function revokedBy(profiles: string[], yes: string): string {
  return profiles.length === 1 ? `\`phonebridge-sync --profile ${pastable(profiles[0]!)} logout zoho${yes}\` revokes it` : 'the logout of the last of them revokes it';
}

/** Whether the profile holds anything of `side`'s login: a value in it, whichever. */
function holdsLogin(p: StoredProfile, side: 'zoho' | 'myoperator'): boolean {
  return Object.values(p[side] ?? {}).some((v) => v !== undefined);
}

/**
 * Deletes the profile's login of `side` unless the write finds another one saved there than the one
 * the plan read (`meant`): another run's, saved during the question, which the plan never named. Or
 * none at all ('gone'): then nothing is written.
 */
function removeUnlessReplaced(store: CredentialStore, side: 'zoho' | 'myoperator', meant: string | undefined): 'removed' | 'replaced' | 'gone' {
  const replaced = (p: StoredProfile) => savedOtherThan(loginToken(p, side), meant);
  const found = store.update((p) => (replaced(p) || !holdsLogin(p, side) ? p : { ...p, [side]: undefined }));
  return replaced(found) ? 'replaced' : holdsLogin(found, side) ? 'removed' : 'gone';
}

/**
 * Of a login removed after logout read it (another run's logout, a hand edit moving it to another
 * profile): "Removed …" was said of it, though nothing was. Said as a login not stored at all is,
 * with the other profiles that hold one.
 */
function goneMeanwhile(store: CredentialStore, side: 'zoho' | 'myoperator'): string {
  return `No ${side === 'zoho' ? 'Zoho' : 'MyOperator'} credentials stored for profile "${store.profile}" any more: nothing to remove (another run or a hand edit removed them from ${visible(store.path)} after logout read it).${savedForOtherProfiles(store, side)}\n`;
}

/** Where the revoke went and what chose it, for the hint of a revoke that could not reach it. */
function revokeHost(endpoints: ZohoEndpoints, dc: DataCentre, dcVar: string | undefined): string {
  const own = `${new URL(DATA_CENTRES[dc].accounts).host}, the Zoho Accounts of the data centre "${dc}"${dcVar ? `, which ${dcVar} names; none is saved with this login` : ' saved with this login'}`;
  return endpoints.accountsVar
    ? `, and ${endpoints.accountsVar}, which sent the revoke to ${new URL(endpoints.accounts).host} (unset, it goes to ${own})`
    : ` (the revoke goes to ${own})`;
}

/**
 * Of a login another run saved while logout asked: kept, never a token named. The path made visible
 * as the plan's is: beside a failed revoke this goes out through ctx.say, which escapes nothing.
 */
function savedMeanwhile(what: string, login: 'Zoho login' | 'MyOperator token', profile: string, path: string): string {
  return `${what}: another ${login} of profile "${profile}" was saved in ${visible(path)} meanwhile, and was kept${login === 'Zoho login' ? ', its refresh token not revoked' : ''}.`;
}
