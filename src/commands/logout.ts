/** `logout [zoho|myoperator]`: revoke the Zoho refresh token where the API allows, then delete the stored credentials. */
import type { Context } from '../context.js';
import { clause, CliError, UsageError } from '../errors.js';
import { httpOptions, savedForOtherProfiles, zohoEndpoints } from '../clients/connect.js';
import { Http } from '../clients/http.js';
import { ZohoAuth } from '../clients/zoho-auth.js';
import { CredentialStore, credentialValue, overridingEnv } from '../store/credentials.js';
import { configDir } from '../store/paths.js';
import { toJson } from '../io/render.js';

export async function run(side: string | undefined, ctx: Context): Promise<void> {
  if (side !== undefined && side !== 'zoho' && side !== 'myoperator')
    throw new UsageError(`Cannot log out of "${side}".`, 'Use `logout`, `logout zoho` or `logout myoperator`.');
  if (ctx.globals.sandbox) {
    // As login says: the sandbox's credentials are built in, and none of a real profile's are touched.
    ctx.say('The sandbox needs no logout: its credentials are built in, and nothing of yours is stored or removed.\n');
    if (ctx.globals.json) ctx.stdout.write(toJson({ sandbox: true, profile: null, removed: [], zohoTokenRevoked: null, zohoTokenRevokeError: null }, ctx.stdoutIsTTY, ctx.retargetJson));
    return;
  }
  // --json: one document of what was removed, as every command gives.
  const removed: Array<'zoho' | 'myoperator'> = [];
  // true: revoked now; false: Zoho no longer knew it; null: nothing to revoke, or the revoke failed,
  // and then zohoTokenRevokeError says why (the token may still be live).
  let zohoTokenRevoked: boolean | null = null;
  let zohoTokenRevokeError: string | null = null;
  const store = new CredentialStore(configDir(ctx.globals), ctx.globals.profile);
  const stored = store.read();
  const profile = ctx.globals.profile;
  // Nothing stored for a side: say so, and write nothing (no empty credentials file is created).
  const hasZoho = stored.zoho !== undefined && Object.values(stored.zoho).some((v) => v !== undefined);
  const hasMyOperator = stored.myoperator !== undefined && Object.values(stored.myoperator).some((v) => v !== undefined);
  if (side !== 'myoperator' && !hasZoho) ctx.say(`No Zoho credentials stored for profile "${profile}": nothing to remove.${savedForOtherProfiles(store, 'zoho')}\n`);
  if (side !== 'zoho' && !hasMyOperator) ctx.say(`No MyOperator credentials stored for profile "${profile}": nothing to remove.${savedForOtherProfiles(store, 'myoperator')}\n`);
  // Before the revoke, which cannot be taken back: a read-only config dir revoked the token, then
  // failed to delete it and said "Nothing was changed", leaving a dead token saved.
  if ((side !== 'myoperator' && hasZoho) || (side !== 'zoho' && hasMyOperator)) store.checkWritable();
  if (side !== 'myoperator' && hasZoho) {
    const z = stored.zoho;
    // As every command takes it: a line break kept from a paste made the revoke "Zoho did not know
    // the refresh token any more" of a token still live.
    const refreshToken = credentialValue(z?.refreshToken);
    // The revoke sends the refresh token alone: a login saved without its client id or secret (a
    // hand-edited file) was deleted unrevoked, and unsaid, the token still live at Zoho.
    if (refreshToken && z?.dc) {
      try {
        const auth = new ZohoAuth(
          new Http(httpOptions(ctx, 'Zoho Accounts')),
          { dc: z.dc, clientId: z.clientId ?? '', clientSecret: z.clientSecret ?? '' },
          zohoEndpoints(ctx.env, z.dc).accounts,
          refreshToken,
          { load: () => undefined, save: () => {} },
        );
        const revoked = await auth.revoke();
        zohoTokenRevoked = revoked;
        ctx.say(
          revoked ? 'Revoked the Zoho refresh token.\n' : 'Zoho did not know the refresh token any more (already revoked); nothing to revoke.\n',
        );
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        zohoTokenRevokeError = e.message;
        ctx.say(
          `Could not revoke the Zoho refresh token (${clause(e.message)}); deleting it here anyway. Revoke it in the Zoho API console if it may have leaked.\n`,
        );
      }
    } else if (refreshToken) {
      zohoTokenRevokeError = 'no data centre is saved with the refresh token, so the Zoho Accounts host to revoke it at is unknown';
      ctx.say(`Could not revoke the Zoho refresh token (${zohoTokenRevokeError}); deleting it here anyway. Revoke it in the Zoho API console if it may have leaked.\n`);
    }
    store.update((p) => ({ ...p, zoho: undefined }));
    removed.push('zoho');
    ctx.say(`Removed Zoho credentials of profile "${ctx.globals.profile}".\n`);
  }
  if (side !== 'zoho' && hasMyOperator) {
    store.update((p) => ({ ...p, myoperator: undefined }));
    removed.push('myoperator');
    ctx.say(
      `Removed MyOperator credentials of profile "${ctx.globals.profile}" (MyOperator has no API to revoke a token: delete it in the panel if it may have leaked).\n`,
    );
  }
  // What was removed is the file's: a variable set here still logs the commands in.
  for (const s of (['zoho', 'myoperator'] as const).filter((x) => side === undefined || side === x)) ctx.say(overridingEnv(ctx.env, s, 'logout'));
  if (ctx.globals.json) ctx.stdout.write(toJson({ sandbox: false, profile, removed, zohoTokenRevoked, zohoTokenRevokeError }, ctx.stdoutIsTTY, ctx.retargetJson));
}
