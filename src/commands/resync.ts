/**
 * `resync`: fetch both sides at once, reconcile with the saved mappings, add new exact matches,
 * report stale ones, and offer to map the rest at a terminal. Nothing is written until both sides
 * were read in full: a failed page is exit 4 with the store byte-identical. Pruning never happens
 * by default, and never when a side came back empty or more than --max-prune mappings would go,
 * unless --force: a bad read must never wipe the mappings.
 */
import { appendFileSync } from 'node:fs';
import type { Context } from '../context.js';
import { AttentionNeeded, UsageError } from '../errors.js';
import { visible } from '../core/forensics.js';
import { applyPlan, reconcile, type Plan } from '../core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../core/users.js';
import { toJson, toTable, toTsv } from '../io/render.js';
import { MappingStore } from '../store/mappings.js';
import { withSpinner } from '../ui/spinner.js';
import { resultJson } from './match.js';

export interface ResyncOptions {
  auto: boolean;
  dryRun?: boolean;
  prune?: boolean;
  maxPrune: string;
  force?: boolean;
  failOnUnresolved?: boolean;
}

export interface ResyncDeps {
  fetchUsers: () => Promise<{ zoho: ZohoUser[]; myoperator: MyOperatorUser[] }>;
  store: MappingStore;
  /** Runs after a resync that wrote (the sandbox moves to its next day). */
  afterWrite?: () => void | Promise<void>;
}

export function parseMaxPrune(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--max-prune ${v} is not a whole number.`, 'Pass --max-prune 10, say, or --force to prune any number.');
  return n;
}

/** Why pruning must not happen now, or undefined when it may. */
function pruneRefusal(plan: Plan, users: { zoho: unknown[]; myoperator: unknown[] }, maxPrune: number, force: boolean): string | undefined {
  if (force || plan.remove.length === 0) return undefined;
  if (users.zoho.length === 0) return 'Zoho returned no users at all';
  if (users.myoperator.length === 0) return 'MyOperator returned no users at all';
  if (plan.remove.length > maxPrune) return `${plan.remove.length} mappings would be removed, more than --max-prune ${maxPrune}`;
  return undefined;
}

export async function run(opts: ResyncOptions, ctx: Context, deps: ResyncDeps): Promise<void> {
  const maxPrune = parseMaxPrune(opts.maxPrune);
  const saved = deps.store.read(); // a broken store fails before any network call
  const users = await withSpinner(ctx, 'Fetching Zoho and MyOperator users…', deps.fetchUsers);
  const now = ctx.now().toISOString();
  let plan = reconcile({ ...saved, ...users, auto: opts.auto, prune: Boolean(opts.prune), now });
  const refusal = opts.prune ? pruneRefusal(plan, users, maxPrune, Boolean(opts.force)) : undefined;
  if (refusal) plan = { ...plan, remove: [] };

  let written = false;
  if (!opts.dryRun && (plan.add.length > 0 || plan.remove.length > 0)) {
    // The plan was made before the lock: what is applied is re-checked against the store as it is
    // now, and the report says what was applied (a concurrent `map --ignore X` keeps X out).
    const planned = plan;
    plan = await deps.store.update((data) => {
      const next = applyPlan(data, planned);
      const added = new Set(next.mappings.map((m) => `${m.zoho.id}\0${m.myoperator.uuid}`));
      return { data: next, result: { ...planned, add: planned.add.filter((a) => added.has(`${a.zoho.id}\0${a.myoperator.uuid}`)) } };
    });
    written = true;
  }
  if (!opts.dryRun) await deps.afterWrite?.();

  const summary = {
    added: plan.add.length,
    kept: plan.keep.length,
    stale: plan.stale.length,
    pruned: plan.remove.length,
    unresolved: plan.unresolved.length,
    ignored: plan.ignored.length,
    unclaimed: plan.unclaimed.length,
  };
  if (ctx.globals.json) {
    ctx.stdout.write(
      toJson(
        {
          plan: {
            summary,
            add: plan.add,
            stale: plan.stale,
            remove: plan.remove,
            unresolved: plan.unresolved.map(resultJson),
            ignored: plan.ignored,
          },
          result: { dryRun: Boolean(opts.dryRun), written, mappingsFile: deps.store.path, pruneRefused: refusal ?? null },
        },
        ctx.stdoutIsTTY,
      ),
    );
  } else {
    ctx.stdout.write(ctx.stdoutIsTTY ? renderTables(plan, summary, ctx) : renderTsv(plan, summary));
    const verb = opts.dryRun ? 'Dry run: nothing written' : written ? `Saved ${deps.store.path}` : 'Nothing to change';
    ctx.stderr.write(
      `${verb}. ${summary.added} added, ${summary.kept} kept, ${summary.stale} stale${opts.prune ? ` (${summary.pruned} pruned)` : ''}, ${summary.unresolved} unresolved, ${summary.ignored} ignored.\n`,
    );
  }
  if (ctx.env.GITHUB_STEP_SUMMARY) appendFileSync(ctx.env.GITHUB_STEP_SUMMARY, markdown(plan, summary, Boolean(opts.dryRun)));

  if (ctx.interactive && !opts.dryRun && plan.unresolved.length > 0) {
    const { confirm } = await import('@inquirer/prompts');
    if (await confirm({ message: `Map the ${plan.unresolved.length} unresolved Zoho users now?`, default: true }, { input: ctx.stdin, output: ctx.stderr })) {
      const { mapInteractively } = await import('../ui/map-flow.js');
      const done = await mapInteractively(ctx, deps.store, plan.unresolved, users.myoperator);
      ctx.stderr.write(`Mapped ${done.mapped}, ignored ${done.ignored}, skipped ${done.skipped}.\n`);
      return;
    }
  }
  if (refusal)
    throw new AttentionNeeded(`Did not prune: ${refusal}. A bad read must never wipe the mappings; check both sides, then use --force to prune anyway.`);
  if (opts.failOnUnresolved && plan.unresolved.length > 0) {
    throw new AttentionNeeded(`${plan.unresolved.length} active Zoho user${plan.unresolved.length === 1 ? ' is' : 's are'} left unresolved.`);
  }
}

function reasonsOf(r: Plan['unresolved'][number]): string {
  return r.reasons.map((x) => visible(x.message)).join('\n') || (r.status === 'zoho-only' ? 'no MyOperator user resembles this one' : '');
}

function renderTables(plan: Plan, summary: Record<string, number>, ctx: Context): string {
  let out = toTable(Object.keys(summary), [Object.values(summary).map(String)]);
  if (plan.stale.length > 0) {
    out += '\nStale mappings\n';
    out += toTable(
      ['Zoho user', 'MyOperator user', 'why'],
      plan.stale.map((s) => [
        visible(s.mapping.zoho.email),
        visible(s.mapping.myoperator.email || s.mapping.myoperator.uuid),
        s.reasons.map((r) => visible(r.message)).join('\n'),
      ]),
      ctx.stdout.columns,
    );
  }
  if (plan.unresolved.length > 0) {
    out += '\nUnresolved Zoho users\n';
    out += toTable(
      ['Zoho user', 'status', 'why'],
      plan.unresolved.map((r) => [`${visible(r.zoho!.name)}\n${visible(r.zoho!.email)}`, r.status, reasonsOf(r)]),
      ctx.stdout.columns,
    );
  }
  return out;
}

/** `summary <key> <n>` lines, then `added|stale|unresolved` lines with ids, e-mails and reason codes. */
function renderTsv(plan: Plan, summary: Record<string, number>): string {
  return toTsv([
    ...Object.entries(summary).map(([k, v]) => ['summary', k, v]),
    ...plan.add.map((m) => ['added', m.zoho.id, m.zoho.email, m.myoperator.uuid, m.myoperator.email]),
    ...plan.stale.map((s) => ['stale', s.mapping.zoho.id, s.mapping.zoho.email, s.mapping.myoperator.uuid, s.reasons.map((r) => r.code).join(',')]),
    ...plan.unresolved.map((r) => ['unresolved', r.zoho!.id, r.zoho!.email, r.status, [...new Set(r.reasons.map((x) => x.code))].join(',')]),
  ]);
}

function md(s: string): string {
  return visible(s).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

function markdown(plan: Plan, summary: Record<string, number>, dryRun: boolean): string {
  const keys = Object.keys(summary);
  let out = `## phonebridge-sync resync${dryRun ? ' (dry run)' : ''}\n\n| ${keys.join(' | ')} |\n|${keys.map(() => '---').join('|')}|\n| ${Object.values(summary).join(' | ')} |\n`;
  if (plan.stale.length > 0)
    out += `\n### Stale mappings\n\n${plan.stale.map((s) => `- ${md(s.mapping.zoho.email)} → ${md(s.mapping.myoperator.email || s.mapping.myoperator.uuid)}: ${s.reasons.map((r) => md(r.message)).join('; ')}`).join('\n')}\n`;
  if (plan.unresolved.length > 0)
    out += `\n### Unresolved Zoho users\n\n${plan.unresolved.map((r) => `- ${md(r.zoho!.email)} (${r.status}): ${md(reasonsOf(r).replace(/\n/g, '; '))}`).join('\n')}\n`;
  return out + '\n';
}
