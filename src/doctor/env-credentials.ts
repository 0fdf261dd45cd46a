/**
 * What the PHONEBRIDGE_* credential variables give on their own, for the checks of what is on disk
 * (config-dir, credentials-file): a CI job that sets them all needs no login saved, so a config dir
 * or credentials file not there yet is nothing to fix; "Run login (or use the PHONEBRIDGE_*
 * environment variables)" was said to the job using them.
 */
import { ZOHO_SETTING, zohoSettingsMissing } from '../clients/connect.js';
import { credentialValue, ENV } from '../store/credentials.js';
import { series } from '../io/plural.js';

/** none: no credential set; all: every one of both sides; else the fix for the rest (the login of the side or sides it lacks). */
export function envCredentials(env: NodeJS.ProcessEnv): 'none' | 'all' | { hint: string } {
  const zoho = zohoSettingsMissing({
    clientId: credentialValue(env[ZOHO_SETTING.clientId[1]]),
    clientSecret: credentialValue(env[ZOHO_SETTING.clientSecret[1]]),
    refreshToken: credentialValue(env[ZOHO_SETTING.refreshToken[1]]),
    dc: credentialValue(env[ZOHO_SETTING.dc[1]]),
  }).map((k) => ZOHO_SETTING[k][1]);
  const myoperator = credentialValue(env[ENV.myoperatorToken]) ? [] : [ENV.myoperatorToken];
  const missing = [...zoho, ...myoperator];
  if (missing.length === 0) return 'all';
  if (missing.length === Object.keys(ZOHO_SETTING).length + 1) return 'none';
  const login = zoho.length && myoperator.length ? 'login' : zoho.length ? 'login zoho' : 'login myoperator';
  return { hint: `Run \`phonebridge-sync ${login}\`, or set ${series(missing, 'and')} as well.` };
}
