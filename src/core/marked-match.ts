/**
 * A MyOperator user paired with nobody whose e-mail is that of a Zoho user marked "never map", as a person reads it.
 * Such a seat is likelier the marked user's: fix refuses to give it another Zoho user's e-mail (fix-plan.ts), so the
 * steps that work for it are the mark's (lift it, or leave the line unmapped on purpose), whatever else resembles it.
 */
import { emailKey, reveal } from './forensics.js';
import type { MatchReport, MatchResult } from './match.js';
import { ignoreMyOperatorCommand, myOperatorWho } from './reasons.js';
import type { MyOperatorUser, ZohoUser } from './users.js';

/**
 * The one Zoho user marked "never map" whose e-mail `u` holds but for case or look-alikes (active, where the seat is
 * another Zoho user's candidate: fix refuses that pair only then). Not one it holds byte for byte: PhoneBridge links
 * those whatever the mark, and map refuses to leave such a line unmapped on purpose (markedHolderOf).
 */
export function markedMatchOf(u: MyOperatorUser, report: MatchReport): MatchResult | undefined {
  const marked = markedAlike(u, report);
  const r = marked.length === 1 && marked[0]!.zoho!.email !== u.email ? marked[0] : undefined;
  return r && (unclaimed(u, report) || r.zoho!.active) ? r : undefined;
}

/** The one active Zoho user marked "never map" whose e-mail a myoperator-only user holds byte for byte: PhoneBridge links the two whatever the mark. */
export function markedHolderOf(u: MyOperatorUser, report: MatchReport): ZohoUser | undefined {
  const marked = unclaimed(u, report) ? markedAlike(u, report) : [];
  const z = marked.length === 1 ? marked[0]!.zoho! : undefined;
  return z && z.email === u.email && z.active ? z : undefined;
}

/**
 * The myoperator-only lines whose e-mail is, as a person reads it, a Zoho user's marked "never map": the only ones
 * markedHolderOf and markedMatchOf find. Each of those is a pass over the report, so the rest are left out first.
 */
export function markedAlikeLines(report: MatchReport): MyOperatorUser[] {
  if (!report.summary.ignored) return [];
  const { marked } = indexOf(report);
  return marked.size === 0 ? [] : report.results.filter((x) => x.status === 'myoperator-only' && x.myoperator!.email && marked.has(emailKey(x.myoperator!.email))).map((x) => x.myoperator!);
}

/** Whether `u` is myoperator-only: no Zoho user's partner nor candidate. */
export function unclaimed(u: MyOperatorUser, report: MatchReport): boolean {
  return indexOf(report).alone.has(u.id);
}

/** Statuses that leave a MyOperator user paired with nobody: matched by none, or only suggested for a Zoho user. */
const UNPAIRED: ReadonlySet<MatchResult['status']> = new Set(['myoperator-only', 'suggested', 'ambiguous']);

interface MarkIndex {
  /** The results of Zoho users marked "never map", by their e-mail as a person reads it. */
  marked: Map<string, MatchResult[]>;
  /** MyOperator users some result pairs (not myoperator-only, nor only suggested). */
  paired: Set<string>;
  /** myoperator-only users. */
  alone: Set<string>;
}

/**
 * One pass over a report for every question here: match's table, doctor and fix ask them of each unclaimed line, and
 * each was a pass of its own over the results (thousands of lines times 100,000 results). Reports are not changed
 * once made, so the index is kept per report.
 */
const indexes = new WeakMap<MatchReport, MarkIndex>();
function indexOf(report: MatchReport): MarkIndex {
  let ix = indexes.get(report);
  if (ix) return ix;
  ix = { marked: new Map(), paired: new Set(), alone: new Set() };
  for (const x of report.results) {
    if (x.status === 'ignored' && x.zoho?.email) {
      const key = emailKey(x.zoho.email);
      const same = ix.marked.get(key);
      if (same) same.push(x);
      else ix.marked.set(key, [x]);
    }
    if (x.status === 'myoperator-only' && x.myoperator) ix.alone.add(x.myoperator.id);
    if (UNPAIRED.has(x.status)) continue;
    if (x.myoperator) ix.paired.add(x.myoperator.id);
    for (const c of x.candidates) ix.paired.add(c.user.id);
  }
  indexes.set(report, ix);
  return ix;
}

/** The results of Zoho users marked "never map" whose e-mail `u` holds, as a person reads it, where no result pairs `u` (myoperator-only, or only suggested). */
function markedAlike(u: MyOperatorUser, report: MatchReport): MatchResult[] {
  if (!u.email) return [];
  const ix = indexOf(report);
  if (ix.marked.size === 0 || ix.paired.has(u.id)) return [];
  return ix.marked.get(emailKey(u.email)) ?? [];
}

/** A line markedMatchOf finds, either step: the mark lifted (`unmap`, a whole command, where not said already), or the line left alone (`word`, as map takes it). */
export function markedSteps(word: string, unmap?: string): string {
  return `lift the mark for fix to set its e-mail${unmap ? ` (${unmap})` : ''}, or leave it unmapped on purpose (${ignoreMyOperatorCommand(word)})`;
}

/** What a line markedHolderOf finds holds, after its subject: `unmap` is the mark's whole undo. Not "leave it unmapped": map refuses that of it. */
export function markedHolderWords(z: ZohoUser, unmap: string): string {
  return `holds exactly the e-mail of Zoho user ${reveal(z.email)}, marked "never map": PhoneBridge gives it that user's calls whatever the mark, so fix has nothing to set (${unmap} lifts the mark)`;
}

/**
 * Why a myoperator-only line is unclaimed, where a mark alone is the cause, after its subject ("this one", "MyOperator user …"):
 * "nobody resembles it" hid the mark, and the shared-line step map refuses of one holding the marked e-mail byte for byte.
 * `unmapOf`: the mark's whole undo; `word`: the line as map takes it.
 */
export function markedLineWhy(u: MyOperatorUser, report: MatchReport, unmapOf: (z: ZohoUser) => string, word: string): { holds: string } | { steps: string } | undefined {
  const holder = markedHolderOf(u, report);
  if (holder) return { holds: markedHolderWords(holder, unmapOf(holder)) };
  const marked = markedMatchOf(u, report);
  return marked && { steps: `its only match is Zoho user ${reveal(marked.zoho!.email)}, marked "never map": ${markedSteps(word, unmapOf(marked.zoho!))}` };
}

/**
 * Of `lines`, each a mark alone keeps from its match, with a sentence of its own in markedLineWhy's words ("MyOperator
 * user … holds exactly …", or "… is `alone`: its only match is …"), in the order given. `wordOf`: a line as map takes it.
 */
export function markedSentences(
  lines: readonly MyOperatorUser[],
  report: MatchReport,
  unmapOf: (z: ZohoUser) => string,
  wordOf: (u: MyOperatorUser) => string,
  alone: string,
): Map<MyOperatorUser, string> {
  const out = new Map<MyOperatorUser, string>();
  for (const u of lines) {
    const why = markedLineWhy(u, report, unmapOf, wordOf(u));
    if (why) out.set(u, `MyOperator user ${myOperatorWho(u)} ${'holds' in why ? why.holds : `is ${alone}: ${why.steps}`}.`);
  }
  return out;
}

/**
 * The MyOperator users whose e-mail is, as a person reads it, that of one Zoho user marked "never map" (`ignored`, their
 * ids), by id: map's picker offered such a line as a plain choice, and picked for another Zoho user, said only that the
 * seat "is likelier" that user's, not that the user is marked.
 */
export function markedByEmail(ignored: ReadonlySet<string>, zoho: readonly ZohoUser[], myoperator: readonly MyOperatorUser[]): Map<string, ZohoUser> {
  const out = new Map<string, ZohoUser>();
  if (ignored.size === 0) return out;
  const byKey = new Map<string, ZohoUser[]>();
  for (const z of zoho) if (ignored.has(z.id) && z.email) byKey.set(emailKey(z.email), [...(byKey.get(emailKey(z.email)) ?? []), z]);
  for (const u of myoperator) {
    const marked = u.email ? byKey.get(emailKey(u.email)) : undefined;
    if (marked?.length === 1) out.set(u.id, marked[0]!);
  }
  return out;
}

/** After map saves a line markedByEmail finds for another Zoho user: the mark, which "the seat is likelier …" left unsaid. `unmap`: its whole undo. */
export function markedSaid(z: ZohoUser, unmap: string): string {
  return `Zoho user ${reveal(z.email)} is marked "never map" (${unmap} lifts the mark).`;
}

/** Beside a line of map's picker that markedByEmail finds: whose e-mail it is, and the mark. */
export function markedMark(z: ZohoUser): string {
  return `e-mail of Zoho user ${reveal(z.email)}, marked "never map"`;
}

/**
 * The lines left unmapped on purpose (`map --ignore-myoperator`) whose e-mail is Zoho user `z`'s as a person reads it: the
 * match the admin declined, which leaves `z` zoho-only ("nobody on the other side" was untrue of it).
 */
export function leftAlike(z: ZohoUser, report: MatchReport): MyOperatorUser[] {
  const key = z.email ? emailKey(z.email) : '';
  return report.results.flatMap((x) => (key && x.status === 'myoperator-ignored' && x.myoperator?.email && emailKey(x.myoperator.email) === key ? [x.myoperator] : []));
}
