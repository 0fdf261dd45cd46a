/**
 * `doctor`: every check in its own module, run concurrently, printed in a fixed order grouped
 * Config, Zoho, MyOperator, Users, Mappings (and Calls with --webhook), each ✓ / ! / ✗ / – with its
 * one-line fix, then a summary. A check that crashes shows as ✗ with its error; it never aborts
 * the run. Exit 5 when any check fails, 0 with warnings only. It changes nothing: a refreshed
 * Zoho token is kept in memory, not written.
 */
import type { Context } from '../context.js';
import { AttentionNeeded, CliError, UsageError } from '../errors.js';
import type { Clients } from '../clients/connect.js';
import { savedPairs, type MappingData } from '../core/reconcile.js';
import { matchUsers } from '../core/match.js';
import { toJson } from '../io/render.js';
import { CredentialStore } from '../store/credentials.js';
import { MappingStore, mappingsPath } from '../store/mappings.js';
import { configDir } from '../store/paths.js';
import { palette } from '../ui/style.js';
import type { Check, CheckStatus, DoctorEnv, Outcome } from '../doctor/check.js';
import { configDirCheck } from '../doctor/checks/config-dir.js';
import { credentialsFileCheck } from '../doctor/checks/credentials-file.js';
import { mappingsFileCheck } from '../doctor/checks/mappings-file.js';
import { zohoCredentialsCheck } from '../doctor/checks/zoho-credentials.js';
import { zohoTokenCheck } from '../doctor/checks/zoho-token.js';
import { zohoApiCheck } from '../doctor/checks/zoho-api.js';
import { zohoPhoneBridgeCheck } from '../doctor/checks/zoho-phonebridge.js';
import { myOperatorApiCheck } from '../doctor/checks/myoperator-api.js';
import { myOperatorEmailsCheck, zohoEmailsCheck } from '../doctor/checks/email-forensics.js';
import { duplicateEmailsCheck } from '../doctor/checks/duplicate-emails.js';
import { userStatusCheck } from '../doctor/checks/user-status.js';
import { mismatchesCheck, oneSideOnlyCheck } from '../doctor/checks/matching.js';
import { mappingHealthCheck } from '../doctor/checks/mapping-health.js';
import { webhookCheck } from '../doctor/checks/webhook.js';

export const CHECKS: readonly Check[] = [
  configDirCheck,
  credentialsFileCheck,
  mappingsFileCheck,
  zohoCredentialsCheck,
  zohoTokenCheck,
  zohoApiCheck,
  zohoPhoneBridgeCheck,
  myOperatorApiCheck,
  zohoEmailsCheck,
  myOperatorEmailsCheck,
  duplicateEmailsCheck,
  userStatusCheck,
  mismatchesCheck,
  oneSideOnlyCheck,
  mappingHealthCheck,
];

export interface DoctorOptions {
  only?: string[];
  webhook?: string;
}

const MARK: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '–' };

function memo<T>(f: () => T): () => T {
  let v: { value: T } | undefined;
  return () => (v ??= { value: f() }).value;
}

export async function run(opts: DoctorOptions, ctx: Context): Promise<void> {
  const all = opts.webhook ? [...CHECKS, webhookCheck] : CHECKS;
  const only = (opts.only ?? []).map((o) => o.toLowerCase());
  const known = new Set([...all.map((c) => c.id), ...all.map((c) => c.group.toLowerCase())]);
  const unknown = only.filter((o) => !known.has(o));
  if (unknown.length)
    throw new UsageError(
      `--only ${unknown.join(', ')}: no such check.`,
      `Checks: ${all.map((c) => c.id).join(', ')} (or a group: config, zoho, myoperator, users, mappings${opts.webhook ? ', calls' : ''}).`,
    );
  const checks = only.length ? all.filter((c) => only.includes(c.id) || only.includes(c.group.toLowerCase()) || c.id === 'webhook') : all;

  const dir = configDir(ctx.globals);
  const store = new MappingStore(mappingsPath(ctx.globals, ctx.env));
  let opened: Clients | undefined;
  const clients = memo(async () => (opened = await (await import('../clients/connect.js')).connect(ctx, { persistToken: false })));
  const env: DoctorEnv = {
    ctx,
    dir,
    credentials: new CredentialStore(dir, ctx.globals.sandbox ? 'sandbox' : ctx.globals.profile),
    mappingsStore: store,
    clients,
    users: memo(async () => (await import('../clients/connect.js')).fetchBothSides(await clients())),
    mappings: memo((): MappingData => store.read()),
    report: memo(async () => matchUsers({ ...(await env.users()), ...savedPairs(env.mappings()) })),
    webhookFile: opts.webhook,
  };
  const outcomes = await Promise.all(
    checks.map(async (c): Promise<Outcome> => {
      try {
        return await c.run(env);
      } catch (e) {
        if (e instanceof UsageError && c.id === 'webhook') throw e;
        // A remote or a credential said no: that is the check's finding, in the error's own words and fix.
        if (e instanceof CliError) return { status: 'fail', message: e.message, hint: e.hint };
        return { status: 'fail', message: `the check itself failed: ${(e as Error).message}`, hint: 'Run with --verbose for details.' };
      }
    }),
  ).finally(() => opened?.close());

  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const o of outcomes) summary[o.status]++;
  if (ctx.globals.json) {
    ctx.stdout.write(
      toJson(
        {
          checks: checks.map((c, i) => ({ id: c.id, group: c.group, ...outcomes[i]!, hint: outcomes[i]!.hint ?? null, data: outcomes[i]!.data ?? null })),
          summary,
        },
        ctx.stdoutIsTTY,
      ),
    );
  } else {
    const c = palette(ctx.color);
    const colour: Record<CheckStatus, (s: string) => string> = { pass: c.green, warn: c.yellow, fail: c.red, skip: c.gray };
    let out = '';
    let group = '';
    // One unreadable side fails every check that needs its users: say the reason once, then point to it.
    const firstWith = new Map<string, string>();
    checks.forEach((check, i) => {
      let o = outcomes[i]!;
      if (check.group !== group) out += `${out ? '\n' : ''}${c.bold((group = check.group))}\n`;
      const earlier = o.message.startsWith('cannot check: ') ? firstWith.get(o.message) : undefined;
      if (earlier) o = { ...o, message: `cannot check, for the same reason as ${earlier}`, hint: undefined };
      else if (o.message.startsWith('cannot check: ')) firstWith.set(o.message, check.id);
      const [first, ...rest] = o.message.split('\n');
      out += `  ${colour[o.status](MARK[o.status])} ${check.id}: ${first}\n${rest.map((l) => `      ${l}\n`).join('')}`;
      if (o.hint && o.status !== 'pass') out += `      ${c.dim('fix:')} ${o.hint}\n`;
    });
    out += `\n${summary.pass} passed, ${summary.warn} warning${summary.warn === 1 ? '' : 's'}, ${summary.fail} failed, ${summary.skip} skipped.\n`;
    ctx.stdout.write(out);
  }
  if (summary.fail > 0) throw new AttentionNeeded(`doctor found ${summary.fail} problem${summary.fail === 1 ? '' : 's'} (✗ above).`);
}
