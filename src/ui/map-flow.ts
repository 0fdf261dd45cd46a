/**
 * Mapping by hand at a terminal: one prompt per unresolved Zoho user, a searchable list of
 * MyOperator users (Inquirer's `search`) with the suggested candidates first, their reasons and
 * confidence shown, plus "skip" and "never map (ignore)". Each answer is saved at once, so Ctrl-C
 * loses nothing that was answered. Esc stops asking: the rest are left for a later run, as skipped.
 */
import { statSync } from 'node:fs';
import type { Context } from '../context.js';
import { Cancelled } from '../errors.js';
import { emailKey, pastable, reveal, visible } from '../core/forensics.js';
import { askYesNo, ESC, untilEsc } from './prompts.js';
import { wrapIndented } from './wrap.js';
import { inPicker, whyLines, type MatchResult } from '../core/match.js';
import { asRecorded, myOperatorWho, nobodyInMyOperator, unmapCommand } from '../core/reasons.js';
import { myOperatorWord, zohoWord } from '../core/resolve.js';
import { ignoredUndoWord, withIgnored, withMapping, type MappingData } from '../core/reconcile.js';
import { fixConflict, unfixableYet } from '../core/fix-plan.js';
import { fixForPairs } from '../core/max-changes.js';
import { markedByEmail, markedMark, markedSaid } from '../core/marked-match.js';
import { holdersBy, leftUnmappedIds, type MyOperatorUser, type ZohoUser } from '../core/users.js';
import type { MappingStore, StoreChange } from '../store/mappings.js';

export const SKIP = '\0skip';

/** Inquirer's help line under the list, with the key it does not know of. */
const withEscTip = (keys: Array<[string, string]>) => [...keys, ['esc', 'stop asking']].map(([key, action]) => `${key} ${action}`).join(' • ');
export const IGNORE = '\0ignore';

export interface FlowResult {
  mapped: number;
  /**
   * Of those mapped, the pairs whose e-mails are not byte-equal and fix can set: saved, but
   * attributed only after `fix`. Each as `fix --only` takes it (the extension, or the uuid).
   */
  differ: string[];
  ignored: number;
  skipped: number;
  /** Of the skipped, those another run settled while this one asked: said apart, as that is rare. */
  leftAsSet: number;
}

/**
 * What the answers came to, and what is left for `fix`: the mappings file alone attributes no call.
 * `wholePlan`: how many changes plain `fix` plans now (asked only when the pairs are too many to name).
 */
export function flowSummary(done: FlowResult, wholePlan: () => number): string {
  // `differ` counts the pairs fix can set: "N of those e-mails differ" was untrue beside a pair fix
  // refuses (said when it was mapped), whose e-mails differ too; and "of those" could be read as of
  // the skipped as well, hence "of the N pairs mapped".
  // Plain `fix` plans every mismatch of the accounts, not only the pairs just mapped: a few are
  // named, as `map --import` and `map --zoho … --myoperator …` name theirs.
  const n = done.differ.length;
  const fix = n
    ? ` ${n === done.mapped ? `${n === 1 ? 'The pair mapped has' : n === 2 ? 'Both pairs mapped have' : `All ${n} pairs mapped have`} e-mails that differ` : `Of the ${done.mapped} pairs mapped, ${n} ${n === 1 ? 'has' : 'have'} e-mails that differ and that fix can set`}, so PhoneBridge attributes none of ${n === 1 ? 'its' : 'their'} calls until MyOperator holds the Zoho e-mail${n === 1 ? '' : 's'}: run ${fixForPairs(done.differ, wholePlan)}.`
    : '';
  return `Mapped ${done.mapped}, ignored ${done.ignored}, skipped ${done.skipped}.${fix}\n`;
}

/** MyOperator uuid → the Zoho e-mail it is mapped to now. */
export type MappedTo = ReadonlyMap<string, string>;

/**
 * `left`: the MyOperator users left unmapped on purpose (`map --ignore-myoperator`), marked so where they are listed;
 * `marked`: those whose e-mail is a Zoho user's marked "never map" (markedByEmail), said so too.
 */
function label(u: MyOperatorUser, mappedTo: MappedTo = new Map(), left: ReadonlySet<string> = new Set(), marked: MarkedBy = new Map()): string {
  const ext = u.extension ? ` · ext ${visible(u.extension)}` : '';
  const taken = mappedTo.get(u.id);
  const held = taken !== undefined ? ` · mapped to ${reveal(taken)}` : left.has(u.id) ? ` · ${LEFT_UNMAPPED}` : '';
  const mark = marked.get(u.id);
  return `${visible(u.name) || '(no name)'} <${reveal(u.email) || 'no e-mail'}>${ext}${u.active ? '' : ' · INACTIVE'}${held}${mark ? ` · ${markedMark(mark)}` : ''}`;
}

/** MyOperator uuid → the Zoho user marked "never map" whose e-mail it holds as a person reads it. */
type MarkedBy = ReadonlyMap<string, ZohoUser>;

const LEFT_UNMAPPED = 'left unmapped on purpose';

/**
 * What the admin can do for a Zoho user nobody is offered to, in the words of the choices below:
 * "no one resembles" is not "no one is theirs", and a person not yet in MyOperator is skipped, not ignored.
 */
const NOBODY_OFFERED = '; if none below is theirs, Skip for now (add them in MyOperator first), or Never map if they take no calls';

/** Enter may take the ★ candidate only when it is safe: the one candidate, active, free, and likely (80% or more). */
export const SAFE_CONFIDENCE = 0.8;
function safeDefault(r: MatchResult, mappedTo: MappedTo): boolean {
  const c = r.candidates;
  return c.length === 1 && c[0]!.user.active && c[0]!.confidence >= SAFE_CONFIDENCE && !mappedTo.has(c[0]!.user.id);
}

/** Whether picking `m` brings a yes/no question before it is mapped (askEach asks them): inactive, left unmapped on purpose, or mapped to someone else. */
function askedBeforeMapping(m: MyOperatorUser, mappedTo: MappedTo, left: ReadonlySet<string>): boolean {
  return !m.active || left.has(m.id) || mappedTo.has(m.id);
}

/**
 * The search prompt for one Zoho user: suggested candidates (★, confidence, reasons), skip /
 * ignore, then everyone else; typing filters by name, e-mail or extension. The cursor starts on
 * the ★ candidate only when taking it is safe; otherwise on "Skip for now", so Enter never makes a
 * doubtful mapping. Inactive and already-mapped MyOperator users are marked.
 */
export function mapPrompt(
  r: MatchResult,
  everyone: readonly MyOperatorUser[],
  index: number,
  total: number,
  mappedTo: MappedTo = new Map(),
  columns?: number,
  left: ReadonlySet<string> = new Set(),
  /**
   * Told, before the list is answered, that the pick brings a yes/no question (askedBeforeMapping):
   * the caller clears the answered list then, else "→ Asha Rao" stood above a No, or above a
   * Ctrl-C at the question, as if mapped.
   */
  asksFirst: () => void = () => {},
  marked: MarkedBy = new Map(),
) {
  const z = r.zoho!;
  // Its first "why" as match's table gives it: "zoho-only" alone said nothing of why nobody is offered.
  // Then each other reason no choice's codes show (a same-name beside a typo is on the ★ line): the
  // phone on duty's old phone holding the e-mail, why `fix` will not set it, was on no line.
  const whys = whyLines(r, (x) => visible(inPicker(x.message)));
  const onChoices = new Set(r.candidates.flatMap((c) => c.reasons.map((x) => x.code)));
  const more = whys.length === r.reasons.length ? whys.filter((_, i) => i > 0 && !onChoices.has(r.reasons[i]!.code)) : [];
  const first = whys[0] && [whys[0], ...more].join('; ');
  // Tied by e-mail to a line left unmapped on purpose, the Zoho user has a MyOperator user: none to add.
  const nobody = nobodyInMyOperator(r);
  const why = first ? ` — ${first}${nobody ? NOBODY_OFFERED : ''}` : '';
  const safe = safeDefault(r, mappedTo);
  // A choice wider than the screen is broken between words by us (inquirer would cut it at the
  // edge, e-mail or not), its later lines two columns further in than choices start: inquirer's
  // page may show only the tail of an entry at its top, and that tail must not read as a choice.
  // The answer, name and e-mail, goes on a line of its own under the question: after "(type to
  // search)" it would run off the edge.
  const fit = (text: string) => wrapIndented(text, columns, '    ');
  const short = (u: MyOperatorUser) => `${columns ? '\n  → ' : ''}${visible(u.name) || '(no name)'} <${reveal(u.email) || 'no e-mail'}>`;
  // A switched-off candidate holding the e-mail an active one holds (an old phone beside the new)
  // is no suggestion: doctor says to change its e-mail, not to use it. It is listed after the
  // starred ones, unstarred, saying why; a switched-off candidate alone keeps its star. The e-mails
  // are compared as a person reads them (emailKey), as doctor's duplicate-emails and user-status
  // do: an old phone's "arjun@" beside the new one's "Arjun@" was starred "95%: case".
  const onDuty = holdersBy(r.candidates.map((c) => c.user).filter((u) => u.active), emailKey);
  const suggested = r.candidates
    .map((c) => {
      // An e-mail of invisible characters alone folds to nothing, and nothing is nobody's e-mail.
      const key = c.user.active ? '' : emailKey(c.user.email);
      const twins = key ? (onDuty.get(key) ?? []) : [];
      const who = twins.map(myOperatorWho).join(' and ');
      const why = !twins.length
        ? `${Math.round(c.confidence * 100)}%: ${[...new Set(c.reasons.map((x) => x.code))].join(', ') || 'same e-mail'}`
        : `${
            twins.every((u) => u.email === c.user.email)
              ? `same e-mail, but switched off while ${who} ${twins.length === 1 ? 'holds' : 'hold'} it too`
              : `switched off, with the e-mail ${who} ${twins.length === 1 ? 'holds' : 'hold'} up to case, spaces or look-alike characters`
          }: not suggested; change its e-mail rather than map it`;
      return { value: c.user.id, name: fit(`${twins.length ? '' : '★ '}${label(c.user, mappedTo, new Set(), marked)} (${why})`), short: short(c.user), user: c.user, starred: twins.length === 0 };
    })
    .sort((a, b) => Number(b.starred) - Number(a.starred));
  const suggestedIds = new Set(suggested.map((s) => s.value));
  // What a user is found by: as stored, as shown (<U+200B>), and folded as the matcher folds
  // e-mails, word by word: the admin types the text on screen, and "ravi@acme.in" found no
  // "ravi<U+200B>@acme.in", nor "anil" an "<U+0430>nil", the very users a mismatch is about.
  const folded = (text: string) => text.split(' ').map(emailKey).join(' ');
  const haystacks = new Map<MyOperatorUser, string>();
  const haystack = (u: MyOperatorUser) => {
    let h = haystacks.get(u);
    if (h === undefined) {
      const text = `${u.name} ${u.email} ${u.extension ?? ''}`;
      h = `${text.toLowerCase()}\n${reveal(u.email).toLowerCase()}\n${folded(text)}`;
      haystacks.set(u, h);
    }
    return h;
  };
  return {
    // Broken between words for the terminal, each line under the first after inquirer's "? ".
    message: `${wrapIndented(`[${index + 1}/${total}] ${visible(z.name)} <${reveal(z.email)}>: ${r.status}${why}`, columns, '  ')}\n  Map to which MyOperator user? (type to search)`,
    pageSize: 12,
    validate: (id: string) => {
      const m = everyone.find((u) => u.id === id);
      if (m && askedBeforeMapping(m, mappedTo, left)) asksFirst();
      return true;
    },
    source: (term: string | undefined) => {
      const t = (term ?? '').toLowerCase();
      const plain = folded(term ?? '');
      const found = (u: MyOperatorUser) => !t || haystack(u).includes(t) || (plain !== '' && haystack(u).includes(plain));
      const hit = (s: string) => !t || s.toLowerCase().includes(t);
      const others = everyone
        .filter((u) => !suggestedIds.has(u.id) && found(u))
        .map((u) => ({ value: u.id, name: fit(label(u, mappedTo, left, marked)), short: short(u) }));
      // Answered, on a line of their own as the users are: after "(type to search)" they ran off
      // an 80-column screen mid-word.
      const special = [
        { value: SKIP, name: 'Skip for now', short: `${columns ? '\n  → ' : ''}skipped` },
        { value: IGNORE, name: 'Never map this Zoho user (ignore)', short: `${columns ? '\n  → ' : ''}never map (ignored)` },
      ];
      // Untouched, the likely answers and the two ways out come first; once the user types, what they typed does.
      const choices = suggested.map(({ user: _, starred: __, ...choice }) => choice);
      if (t) return [...choices.filter((s, i) => hit(s.name) || found(suggested[i]!.user)), ...others, ...special];
      return safe ? [...choices, ...special, ...others] : [special[0]!, ...choices, special[1]!, ...others];
    },
  };
}

/**
 * `basis`: the store the unresolved users were worked out from. What another run wrote after it
 * (while the caller showed tables, or asked "Map them now?") is then said and left as it is.
 */
export async function mapInteractively(ctx: Context, store: MappingStore, unresolved: MatchResult[], everyone: MyOperatorUser[], basis: MappingData, zoho: readonly ZohoUser[]): Promise<FlowResult> {
  const { search } = await import('@inquirer/prompts');
  const io = { input: ctx.stdin, output: ctx.stderr };
  const done: FlowResult = { mapped: 0, differ: [], ignored: 0, skipped: 0, leftAsSet: 0 };
  const asking = { at: 0 };
  try {
    await askEach(ctx, store, unresolved, { zoho, myoperator: everyone }, basis, done, search, io, asking);
  } catch (e) {
    // Ctrl-C at a prompt: every answer given is already saved; say how many. A Ctrl-C at a question,
    // as at resync's offer before it: its CI page (ci-page's failureToSay) says no failure for it.
    const name = (e as Error)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError') {
      const given = done.mapped + done.ignored + done.skipped;
      const exact = exactLeft(unresolved, asking.at);
      throw new Cancelled(
        `Cancelled. ${given === 0 ? 'No answer was given' : `Saved so far: mapped ${done.mapped}, ignored ${done.ignored}, skipped ${done.skipped}${done.leftAsSet ? ` (${done.leftAsSet} of them left as another run set ${done.leftAsSet === 1 ? 'it' : 'them'})` : ''}`}; \`phonebridge-sync map\` asks about the rest${exact ? ` (\`map --auto\` or \`resync\` for the ${exact === 1 ? 'exact match' : `${exact} exact matches`} among them, which map does not ask about)` : ''}.`,
      );
    }
    throw e;
  }
  return done;
}

async function askEach(
  ctx: Context,
  store: MappingStore,
  unresolved: MatchResult[],
  users: { zoho: readonly ZohoUser[]; myoperator: MyOperatorUser[] },
  began: MappingData,
  done: FlowResult,
  search: typeof import('@inquirer/prompts').search,
  io: { input: Context['stdin']; output: Context['stderr'] },
  asking: { at: number },
): Promise<void> {
  const everyone = users.myoperator;
  const sorted = [...everyone].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  // The store as last read or written here, and the file as it stood then: a read of 9,000
  // mappings is ~0.2 s, and an answer read it three times (for the question, for "Move it?", and
  // under the lock to write). Read again only when the file changed since; a change missed between
  // this run's write and its look at the file is caught where it matters, under the lock, where
  // every answer is checked against a fresh read (and asked again, or left as the other run set it).
  const fileNow = () => {
    const st = statSync(store.path, { throwIfNoEntry: false });
    return st ? `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}` : '';
  };
  let known: { file: string; data: MappingData } | undefined;
  const current = (): MappingData => {
    const file = fileNow();
    if (known?.file !== file) known = { file, data: store.read() };
    return known.data;
  };
  const wrote = (data: MappingData) => (known = { file: fileNow(), data });
  // The users to ask about were chosen from `began`. Another run (a map by flags, a resync) may
  // settle one of them since, or while earlier questions are open: that one is said and left as
  // it is, never asked about from the store as it is later (which already holds the other run's
  // answer, and would let this one replace it unasked).
  for (const [i, r] of unresolved.entries()) {
    asking.at = i;
    const z = r.zoho!;
    // Who a question before the mapping maps to: the list answered above it is cleared (asksFirst).
    const whom = reveal(z.email) || `Zoho user ${visible(z.name) || visible(z.id)}`;
    const ownMapping = (d: MappingData) => d.mappings.find((x) => x.zoho.id === z.id)?.myoperator.uuid;
    const settledElsewhere = (d: MappingData) =>
      d.ignored.some((x) => x.zohoId === z.id) && !began.ignored.some((x) => x.zohoId === z.id)
        ? 'marked never-map'
        : ownMapping(d) !== undefined && ownMapping(d) !== ownMapping(began)
          ? 'mapped'
          : undefined;
    // Asked again after a "No" to moving someone else's MyOperator user: a No is not a skip.
    for (;;) {
      const shown = current();
      const before = settledElsewhere(shown);
      if (before) {
        leftAsItIs(ctx, z, before, done);
        break;
      }
      const saved = shown.mappings;
      const mappedTo = new Map(saved.filter((x) => x.zoho.id !== z.id).map((x) => [x.myoperator.uuid, x.zoho.email] as const));
      const leftAlone = leftUnmappedIds(shown);
      const marked = markedByEmail(new Set(shown.ignored.map((x) => x.zohoId)), users.zoho, everyone);
      const answer = await untilEsc(io.input, (stop) =>
        search<string>(
          { ...mapPrompt(r, sorted, i, unresolved.length, mappedTo, ctx.stderr.columns, leftAlone, () => (stop.clearPromptOnDone = true), marked), theme: { style: { keysHelpTip: withEscTip } } },
          Object.assign(stop, io),
        ),
      );
      if (answer === ESC) {
        const left = unresolved.length - i;
        done.skipped += left;
        const exact = exactLeft(unresolved, i);
        const byHand = left - exact;
        // The first command named is whole, to paste (say gives it this run's --sandbox and
        // --config-dir), as Ctrl-C's ending names it: "left for a later `map`" was not one.
        const what = [
          byHand ? `${byHand} Zoho user${byHand === 1 ? '' : 's'} left for \`phonebridge-sync map\`` : '',
          exact ? `${exact} exact match${exact === 1 ? '' : 'es'} left for \`${byHand ? '' : 'phonebridge-sync '}map --auto\` or \`resync\`` : '',
        ].filter(Boolean).join(', and ');
        // At the first question there is no answer before it to speak of.
        ctx.say(`Stopped at Esc: ${what} (counted as skipped)${i > 0 ? '; every answer before it is saved' : ''}.\n`);
        return;
      }
      if (answer === SKIP) {
        done.skipped++;
        break;
      }
      const now = ctx.now().toISOString();
      // Each answer is checked again under the lock, against the store as it is then: another run
      // may have written while the question was open.
      if (answer === IGNORE) {
        const [clash, after] = await store.update((d): StoreChange<[string | undefined, MappingData]> => {
          const other = settledElsewhere(d);
          const next = other ? d : withIgnored(d, z, now);
          return { data: next, result: [other, next] };
        });
        wrote(after);
        if (clash) leftAsItIs(ctx, z, clash, done);
        else done.ignored++;
        break;
      }
      const m = everyone.find((u) => u.id === answer)!;
      // An inactive user takes no calls: mapped by a slip of the arrow keys, PhoneBridge would
      // attribute nothing, and only doctor would say why. Chosen on purpose (an account about to
      // be switched back on), it is one more key.
      if (!m.active && !(await askYesNo(ctx, `${visible(m.name) || visible(m.id)} <${reveal(m.email) || 'no e-mail'}> is inactive in MyOperator: it takes no calls until it is switched back on. Map it to ${whom} anyway?`)))
        continue;
      // The admin left it unmapped on purpose (a shared line): picked from the list, it is one more key, never a slip.
      if (leftAlone.has(m.id) && !(await askYesNo(ctx, `${label(m)} is ${LEFT_UNMAPPED} (a shared line). Map it to ${whom} anyway?`))) continue;
      const holder = current().mappings.find((x) => x.myoperator.uuid === m.id && x.zoho.id !== z.id);
      // Named as `map --zoho … --myoperator …` names the same holder: "(4815…)" here, "(id 4815…)" there.
      if (holder && !(await askYesNo(ctx, `${label(m)} is mapped to Zoho user ${asRecorded(holder.zoho.email, holder.zoho.id)}. Move it to ${whom}?`))) continue;
      // The mappings as saved come back with the outcome: read again for fix's verdict, a store of
      // 9,000 mappings was another 200 ms after each answer whose e-mails differ.
      const { outcome, written } = await store.update((d): StoreChange<{ outcome: string; written: MappingData }> => {
        const other = settledElsewhere(d);
        if (other) return { data: d, result: { outcome: other, written: d } };
        // Mapped to someone else since the question (or freed): asked again, never moved unasked.
        if (d.mappings.find((x) => x.myoperator.uuid === m.id && x.zoho.id !== z.id)?.zoho.id !== holder?.zoho.id) return { data: d, result: { outcome: 'moved', written: d } };
        const next = withMapping(d, z, m, 'manual', now);
        return { data: next, result: { outcome: 'saved', written: next }, names: new Map([[m.id, m.name]]) };
      });
      wrote(written);
      if (outcome === 'moved') {
        ctx.say(`${label(m)} was mapped or unmapped by another run meanwhile: asking again.\n`);
        continue;
      }
      if (outcome !== 'saved') leftAsItIs(ctx, z, outcome, done);
      else {
        done.mapped++;
        // Those `fix` can cure: a Zoho user without an e-mail needs one in Zoho first (match says so).
        // One fix refuses as it stands (the MyOperator user is another Zoho user's by e-mail, an
        // inactive user taken on purpose) is said now, with its cure, and not sent to `fix` by the
        // summary, where fix would only have said "conflict".
        if (z.email && z.email !== m.email) {
          const conflict = fixConflict(z, m, { zoho: [...users.zoho], myoperator: everyone, mappings: written.mappings });
          if (conflict) ctx.say(`${unfixableYet(m, conflict)}\n`);
          else done.differ.push(pastable(myOperatorWord(users, m)));
        }
        const mark = marked.get(m.id);
        if (mark) ctx.say(`${markedSaid(mark, unmapCommand(ignoredUndoWord(zohoWord(users.zoho, mark), mark.id, written)))}\n`);
      }
      break;
    }
  }
}

/**
 * Of the users from the i-th on, the exact matches: there only under resync --no-auto, and a later
 * plain `map` does not ask about them (`map --auto` maps them).
 */
const exactLeft = (unresolved: readonly MatchResult[], i: number): number => unresolved.slice(i).filter((x) => x.status === 'exact').length;

/** Another run settled this Zoho user while the question was open: said, counted as skipped, not overwritten. */
function leftAsItIs(ctx: Context, z: ZohoUser, how: string, done: FlowResult): void {
  ctx.say(`Zoho user ${reveal(z.email)} was ${how} by another run meanwhile: left as it is.\n`);
  done.skipped++;
  done.leftAsSet++;
}
