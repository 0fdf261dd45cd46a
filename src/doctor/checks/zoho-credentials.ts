import { notLoggedInToZoho, savedClientInUse, savedForOtherProfiles, ZOHO_SETTING, zohoSettingsMissing } from '../../clients/connect.js';
import { CliError } from '../../errors.js';
import { pastedPromptsOff } from '../../context.js';
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
    const sources = (Object.keys(ZOHO_SETTING) as Array<keyof typeof ZOHO_SETTING>)
      .filter((k) => s[k])
      .map((k) => `${ZOHO_SETTING[k][0]} from ${s[k]!.source === 'env' ? 'the environment' : s[k]!.source}`);
    const data = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v?.source ?? null]));
    const missing = zohoSettingsMissing(s);
    if (missing.length)
      return {
        status: 'fail',
        // The commands' own sentence and fix (the profile, and a variable set but empty, named in it),
        // with where the settings there are come from.
        ...notLoggedInToZoho(ctx.globals.profile, missing, ctx.env, {
          given: sources.join(', '),
          elsewhere: savedForOtherProfiles(credentials, 'zoho'),
          promptsOff: pastedPromptsOff(ctx),
          dc: s.dc?.value,
          product: s.product.value,
          savedClient: savedClientInUse(s),
        }),
        data,
      };
    return { status: 'pass', message: `data centre ${s.dc!.value}, ${s.product.value}; ${sources.join(', ')}`, data };
  },
};
