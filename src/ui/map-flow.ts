/**
 * Mapping by hand at a terminal: one prompt per unresolved Zoho user, a searchable list of
 * MyOperator users (Inquirer's `search`) with the suggested candidates first, their reasons and
 * confidence shown, plus "skip" and "never map (ignore)". Each answer is saved at once, so Ctrl-C
 * loses nothing that was answered.
 */
import type { Context } from '../context.js';
import { visible } from '../core/forensics.js';
import type { MatchResult } from '../core/match.js';
import { withIgnored, withMapping } from '../core/reconcile.js';
import type { MyOperatorUser } from '../core/users.js';
import type { MappingStore } from '../store/mappings.js';

export const SKIP = '\0skip';
export const IGNORE = '\0ignore';

export interface FlowResult {
  mapped: number;
  ignored: number;
  skipped: number;
}

function label(u: MyOperatorUser): string {
  const ext = u.extension ? ` · ext ${visible(u.extension)}` : '';
  return `${visible(u.name) || '(no name)'} <${visible(u.email) || 'no e-mail'}>${ext}${u.active ? '' : ' · inactive'}`;
}

/** The search prompt for one Zoho user: suggested candidates first (★, confidence, reasons), then skip / ignore, then everyone else; typing filters by name, e-mail or extension. */
export function mapPrompt(r: MatchResult, everyone: readonly MyOperatorUser[], index: number, total: number) {
  const z = r.zoho!;
  const why = r.reasons[0] ? ` — ${visible(r.reasons[0].message)}` : '';
  const suggested = r.candidates.map((c) => ({
    value: c.user.id,
    name: `★ ${label(c.user)} (${Math.round(c.confidence * 100)}%: ${[...new Set(c.reasons.map((x) => x.code))].join(', ') || 'same e-mail'})`,
  }));
  const suggestedIds = new Set(suggested.map((s) => s.value));
  return {
    message: `[${index + 1}/${total}] ${visible(z.name)} <${visible(z.email)}> is ${r.status}${why}\n  Map to which MyOperator user? (type to search)`,
    pageSize: 12,
    source: (term: string | undefined) => {
      const t = (term ?? '').toLowerCase();
      const hit = (s: string) => !t || s.toLowerCase().includes(t);
      const others = everyone
        .filter((u) => !suggestedIds.has(u.id) && hit(`${u.name} ${u.email} ${u.extension ?? ''}`))
        .map((u) => ({ value: u.id, name: label(u) }));
      const special = [
        { value: SKIP, name: 'Skip for now' },
        { value: IGNORE, name: 'Never map this Zoho user (ignore)' },
      ];
      // Untouched, the likely answers and the two ways out come first; once the user types, what they typed does.
      return t ? [...suggested.filter((s) => hit(s.name)), ...others, ...special] : [...suggested, ...special, ...others];
    },
  };
}

export async function mapInteractively(ctx: Context, store: MappingStore, unresolved: MatchResult[], everyone: MyOperatorUser[]): Promise<FlowResult> {
  const { search, confirm } = await import('@inquirer/prompts');
  const io = { input: ctx.stdin, output: ctx.stderr };
  const done: FlowResult = { mapped: 0, ignored: 0, skipped: 0 };
  const sorted = [...everyone].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  for (const [i, r] of unresolved.entries()) {
    const z = r.zoho!;
    const answer = await search<string>(mapPrompt(r, sorted, i, unresolved.length), io);
    if (answer === SKIP) {
      done.skipped++;
      continue;
    }
    const now = ctx.now().toISOString();
    if (answer === IGNORE) {
      await store.update((d) => ({ data: withIgnored(d, z, now), result: undefined }));
      done.ignored++;
      continue;
    }
    const m = everyone.find((u) => u.id === answer)!;
    const holder = store.read().mappings.find((x) => x.myoperator.uuid === m.id && x.zoho.id !== z.id);
    if (
      holder &&
      !(await confirm(
        { message: `${label(m)} is mapped to Zoho user ${visible(holder.zoho.email)} (${visible(holder.zoho.id)}). Move it to ${visible(z.email)}?`, default: false },
        io,
      ))
    ) {
      done.skipped++;
      continue;
    }
    await store.update((d) => ({ data: withMapping(d, z, m, 'manual', now), result: undefined }));
    done.mapped++;
  }
  return done;
}
