import { savedForOtherProfiles, setButEmpty, ZOHO_SETTING } from '../../clients/connect.js';
import { CliError } from '../../errors.js';
import { visible } from '../../core/forensics.js';
import { pastedPromptsOff } from '../../context.js';
import { zohoLoginCommand } from '../../clients/zoho-auth.js';
import type { Check } from '../check.js';

export const zohoCredentialsCheck: Check = {
  id: 'zoho-credentials',
  group: 'Zoho',
  async run({ ctx, credentials }) {
    if (ctx.globals.sandbox) return { status: 'pass', message: 'sandbox credentials (built in)' };
    let s;
    try {
      s = credentials.zohoSettings(ctx.env);
    } catch (e) {
      // The error's own fix: a PHONEBRIDGE_ZOHO_DC that names no data centre is told the ones that do.
      return { status: 'fail', message: (e as Error).message, hint: e instanceof CliError ? e.hint : undefined };
    }
    const fields = { 'data centre': s.dc, 'client id': s.clientId, 'client secret': s.clientSecret, 'refresh token': s.refreshToken } as const;
    const missing = Object.entries(fields)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    const sources = Object.entries(fields)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} from ${v!.source === 'env' ? 'the environment' : v!.source}`);
    const data = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v?.source ?? null]));
    // A variable set but empty (a CI secret not defined) is named: "set PHONEBRIDGE_ZOHO_…" alone
    // sent the admin to set what is set.
    const empty = setButEmpty(ctx.env, (Object.keys(ZOHO_SETTING) as Array<keyof typeof ZOHO_SETTING>).filter((k) => !s[k]).map((k) => ZOHO_SETTING[k][1]));
    const promptsOff = pastedPromptsOff(ctx);
    const elsewhere = missing.length ? savedForOtherProfiles(credentials, 'zoho') : '';
    if (missing.length)
      return {
        status: 'fail',
        // The profile, as every other command's "Not logged in" names it: a PHONEBRIDGE_PROFILE left set chose another login.
        message: `missing ${missing.join(', ')} for profile "${visible(ctx.globals.profile)}"${sources.length ? ` (${sources.join(', ')})` : ''}${empty || elsewhere ? `.${empty}${elsewhere}` : ''}`,
        hint: `Run ${promptsOff ? zohoLoginCommand(promptsOff, s.dc?.value, s.product.value) : '`phonebridge-sync login zoho`'}, or set PHONEBRIDGE_ZOHO_CLIENT_ID, _CLIENT_SECRET, _REFRESH_TOKEN and _DC.`,
        data,
      };
    return { status: 'pass', message: `data centre ${s.dc!.value}, ${s.product.value}; ${sources.join(', ')}`, data };
  },
};
