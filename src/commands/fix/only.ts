/** `fix --only`: the entries of the plan that the values name, and why a user named is not in it. */
import type { Context } from '../../context.js';
import { clause, UsageError } from '../../errors.js';
import { emailKey, pastable, reveal, visible } from '../../core/forensics.js';
import { entriesNamed, inactiveMappedPairs, inactivePairSentence, type FixEntry } from '../../core/fix-plan.js';
import { ignoredUndoWord, leftUndoCommand, staleCount, type Mapping, type MappingData } from '../../core/reconcile.js';
import type { MatchReport } from '../../core/match.js';
import { LikelyZoho, rivalsClause, tieMap, tieSentence } from '../../core/likely-zoho.js';
import { ignoreMyOperatorCommand, myOperatorWho, pruneAlsoTakes, pruneRemoves, unmapCommand } from '../../core/reasons.js';
import { findMyOperator, findZoho, myOperatorWord, zohoWord } from '../../core/resolve.js';
import { deletedInZoho, type MyOperatorUser, type ZohoUser } from '../../core/users.js';
import { leftAlike, markedHolderOf, markedLineWhy, markedMatchOf, markedSteps, unclaimed } from '../../core/marked-match.js';
import { EXTENSION_ALONE, giveApart, isExtensionLabel, joinsWords, labelledExtension, shownValue, wordsOf } from '../../io/option-words.js';
import { giveForEach, listsShowing, nameGiven, theKinds, type NameGiven } from '../../core/names-given.js';
import { series } from '../../io/plural.js';

/**
 * Why a user `--only` names is not in the plan: `holds` where its MyOperator user has the Zoho
 * e-mail already; `onPurpose` where the value names alone a user the admin chose to leave alone (a
 * line left unmapped on purpose, a Zoho user marked "never map"); else a plain sentence of what
 * stands in the way. The first two need nothing: a run, and its dry run, end exit 5 on the plain
 * sentences alone.
 */
type NotPlanned = string | { holds: string } | { onPurpose: string };

/** The sentence of a NotPlanned, whichever it is. */
function sentenceOf(why: NotPlanned): string {
  return typeof why === 'string' ? why : 'holds' in why ? why.holds : why.onPurpose;
}

/** NotPlanned of the user `--only` names, from the matcher's view of them. */
function notPlanned(
  value: string,
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  report: MatchReport,
  saved: MappingData,
  entries: readonly FixEntry[],
  likelyZoho: () => LikelyZoho,
): NotPlanned {
  const mappings = saved.mappings;
  const z = findZoho(users.zoho, value);
  const m = findMyOperator(users.myoperator, value);
  // The matcher calls a saved pair with an inactive user stale, and was quoted as "zoho-only:
  // nobody on the other side" for a Zoho user the admin had mapped.
  // A value naming a Zoho user speaks of that user's pair only: an e-mail two MyOperator users hold
  // (Arjun's, his old phone's too) must not be answered with the pair of whoever is mapped to the old phone.
  const idle = inactiveMappedPairs({ ...users, mappings }).find((p) => (z.length ? z.some((u) => u.id === p.zoho.id) : m.some((u) => u.id === p.myoperator.id)));
  if (idle)
    return `Zoho user ${reveal(idle.zoho.email) || visible(idle.zoho.id)} is mapped to MyOperator user ${myOperatorWho(idle.myoperator)}, whose e-mail differs, but ${clause(inactivePairSentence(idle.zoho, idle.myoperator))}`;
  // A Zoho user whose saved pair names a MyOperator user MyOperator no longer lists (someone who
  // left): "reactivate it in Zoho first", or "nobody resembles it", left out the pair itself.
  const listed = z.length ? new Set(users.myoperator.map((u) => u.id)) : undefined;
  const gone = listed && mappings.find((mp) => z.some((u) => u.id === mp.zoho.id) && !listed.has(mp.myoperator.uuid));
  if (gone)
    return `Zoho user ${reveal(gone.zoho.email) || visible(gone.zoho.id)} is mapped to MyOperator user ${visible(gone.myoperator.uuid)}${gone.myoperator.email ? ` ("${reveal(gone.myoperator.email)}")` : ''}, whom MyOperator no longer lists: there is no MyOperator user to set the e-mail of (${pruneCure(entries, staleCount(mappings, users))})`;
  // Its mirror, a MyOperator user whose saved pair names a Zoho user Zoho no longer lists (deleted
  // in Zoho, which its users list leaves out), was "myoperator-only: nobody on the other side".
  const zohoListed = z.length === 0 && m.length > 0 ? new Set(users.zoho.map((u) => u.id)) : undefined;
  const orphan = zohoListed && mappings.find((mp) => m.some((u) => u.id === mp.myoperator.uuid) && !zohoListed.has(mp.zoho.id));
  if (orphan)
    return `MyOperator user ${myOperatorWho(m.find((u) => u.id === orphan.myoperator.uuid)!)} is mapped to Zoho user ${reveal(orphan.zoho.email) || visible(orphan.zoho.id)}, whom Zoho no longer lists (deleted in Zoho?): there is no Zoho e-mail to copy (${pruneCure(entries, staleCount(mappings, users))})`;
  const found = report.results.find(
    (x) =>
      (x.zoho && z.some((u) => u.id === x.zoho!.id)) ||
      (x.myoperator && m.some((u) => u.id === x.myoperator!.id)) ||
      x.candidates.some((c) => m.some((u) => u.id === c.user.id)),
  );
  // A MyOperator user found only among a Zoho user's candidates: the first in report order was the
  // example's Zoho user, where another as likely by e-mail (its twin but for case) has its name.
  const candidate = found && !(found.zoho && z.some((u) => u.id === found.zoho!.id)) && !(found.myoperator && m.some((u) => u.id === found.myoperator!.id));
  // Beside a Zoho user marked "never map" whose e-mail it holds but for case: the pair it is suggested for, taken, fix refuses.
  const marked = found && (found.status === 'suggested' || found.status === 'ambiguous') && z.length === 0 && m.length === 1 ? markedMatchOf(m[0]!, report) : undefined;
  if (marked)
    return `MyOperator user ${myOperatorWho(m[0]!)} has "${reveal(m[0]!.email)}", which reads as Zoho user ${reveal(marked.zoho!.email)}'s, marked "never map": fix sets no other Zoho user's e-mail on it (that seat is likelier theirs), so the ${found!.status} pair with Zoho user ${reveal(found!.zoho?.email ?? '') || visible(found!.zoho?.id ?? '')} would be refused: ${markedSteps(myOperatorWord(users, m[0]!), unmapCommand(ignoredUndoWord(zohoWord(users.zoho, marked.zoho!), marked.zoho!.id, saved)))}`;
  const likely = candidate && m.length === 1 ? likelyZoho().of(m[0]!.id, [m[0]!.name]) : undefined;
  if (likely && 'tie' in likely)
    return `MyOperator user ${myOperatorWho(m[0]!)} is ${likely.tie[0]!.status}, not confirmed: ${tieSentence(likely, 'its')}: save the pair with the one that is theirs (${tieMap(myOperatorWord(users, m[0]!))}), then run fix`;
  const r = likely?.result ?? found;
  const rivals = likely?.rivals.length ? ` (${rivalsClause(likely.rivals, "the MyOperator user's")})` : '';
  // A MyOperator user named who is off, and paired with nobody: found only as a candidate of some
  // Zoho user's result, it was explained as that user's ambiguity, with a map hint to another user.
  const off = z.length === 0 && m.length === 1 && !m[0]!.active ? m[0]! : undefined;
  // An old phone that still holds the e-mail of a Zoho user another MyOperator user holds too (Arjun's,
  // ext 23): "switch it back on first" made two active users PhoneBridge cannot tell apart, where
  // doctor says to change or remove its e-mail; and fix has nothing to set for it either way.
  const owner = off?.email ? users.zoho.find((u) => u.email === off.email) : undefined;
  const twins = owner ? users.myoperator.filter((u) => u.id !== off!.id && u.email === off!.email) : [];
  if (off && r?.myoperator?.id !== off.id && owner && twins.length > 0)
    return `MyOperator user ${myOperatorWho(off)} is inactive in MyOperator or does not receive calls, and has "${reveal(off.email)}", exactly the e-mail of Zoho user ${reveal(owner.email)}, which ${twins.map((u) => `MyOperator user ${myOperatorWho(u)}`).join(' and ')} ${twins.length === 1 ? 'has' : 'have'} too: fix has nothing to set for it; change or remove its e-mail in MyOperator's panel (deactivating does not clear it), rather than switch it back on`;
  if (off && r?.myoperator?.id !== off.id)
    return `MyOperator user ${myOperatorWho(off)} is inactive in MyOperator or does not receive calls: switch it back on in MyOperator's panel first, or leave it; fix changes only pairs whose users are both active`;
  if (!r) return 'nobody on the other side resembles that user, so there is nothing to copy';
  const who = r.zoho ? `Zoho user ${reveal(r.zoho.email) || visible(r.zoho.id)}` : `MyOperator user ${visible(r.myoperator!.name) || visible(r.myoperator!.id)}`;
  switch (r.status) {
    case 'exact':
    case 'mapped':
      if (!r.zoho?.email) return `${who} has no e-mail to copy; add one in Zoho first`;
      return { holds: `${who} and its MyOperator user already hold the same e-mail byte for byte` };
    case 'suggested':
    case 'ambiguous': {
      // The user the value names, when it is a candidate: the first was another phone's example.
      const example = r.candidates.find((c) => m.some((u) => u.id === c.user.id))?.user ?? r.candidates[0]?.user;
      // Two MyOperator users holding the Zoho e-mail exactly: once one is saved, fix finds it equal
      // and sets nothing, so "then run fix" sent the admin to a run that says so.
      const then = r.zoho?.email && example?.email === r.zoho.email ? ': its e-mail is the Zoho one already, so fix has nothing to set' : ', then run fix';
      return `${who} is ${r.status}, not confirmed${rivals}: save the pair with \`phonebridge-sync map\` (e.g. \`phonebridge-sync map --zoho ${r.zoho ? pastable(zohoWord(users.zoho, r.zoho)) : 'ZOHO_USER'} --myoperator ${example ? pastable(myOperatorWord(users, example)) : 'MYOPERATOR_USER'}\`)${then}`;
    }
    case 'inactive': {
      // Which side is off, from the users themselves: "paired with an inactive user" was said of a
      // Zoho user disabled itself, and of one deleted with no MyOperator user at all.
      if (deletedInZoho(r.zoho)) return `${who} is deleted in Zoho: there is no user's e-mail to copy`;
      const m = r.myoperator ?? r.candidates[0]?.user;
      const zohoOff = r.zoho !== null && !r.zoho.active;
      const moOff = m !== undefined && m !== null && !m.active;
      const them = m ? `MyOperator user ${myOperatorWho(m)}` : '';
      // E-mails already equal: reactivated, the pair is attributed with nothing for fix to set, and
      // "reactivate it first" promised a fix that would then find nothing (Farhan, Lakshmi, or a
      // user an update switched off while it set the e-mail).
      if (r.zoho?.email && m?.email === r.zoho.email && (zohoOff || moOff))
        return {
          holds: `${who} and ${them} already hold the same e-mail byte for byte, so fix has nothing to set; ${
            zohoOff && moOff
              ? `both are inactive (Zoho: "${visible(r.zoho.status)}"; MyOperator: inactive, or not receiving calls): reactivate both if they should take calls`
              : zohoOff
                ? `the Zoho user is inactive in Zoho ("${visible(r.zoho.status)}"): reactivate it in Zoho if it should take calls`
                : "the MyOperator user is inactive in MyOperator or does not receive calls: switch it back on in MyOperator's panel if it should take calls"
          }`,
        };
      const what =
        zohoOff && moOff
          ? `${who} is inactive in Zoho ("${visible(r.zoho!.status)}"), and so is ${them} in MyOperator (or it does not receive calls): reactivate both first, or leave them`
          : zohoOff
            ? `${who} is inactive in Zoho ("${visible(r.zoho!.status)}"): reactivate it in Zoho first, or leave it`
            : moOff
              ? `${who} is paired with ${them}, which is inactive in MyOperator or does not receive calls: switch it back on in MyOperator's panel first, or leave it`
              : `${who} is paired with an inactive user`;
      return `${what}; fix changes only pairs whose users are both active`;
    }
    case 'ignored': {
      const why = `${who} is marked "never map": fix sets no MyOperator e-mail for it (${unmapCommand(ignoredUndoWord(zohoWord(users.zoho, r.zoho!), r.zoho!.id, saved))} undoes that)`;
      // As of a line left unmapped on purpose, a value naming a MyOperator user too speaks for that one, unless that
      // line is left unmapped on purpose too, or the value is this Zoho user's own e-mail byte for byte and each
      // MyOperator user it names (case aside) is myoperator-only, no Zoho user's partner nor candidate, as Ravi's
      // ext 12 is only because of this mark. Speaking for such a user, it names its steps: "see above for what it
      // needs first" pointed at the mark and its undo alone. One holding this user's e-mail byte for byte needs nothing either.
      const left = m.filter((u) => report.results.some((x) => x.myoperator?.id === u.id && x.status === 'myoperator-ignored'));
      const holds = (u: MyOperatorUser) => markedHolderOf(u, report)?.id === r.zoho!.id;
      const alsoLeft = left.map((u) => `; MyOperator user ${myOperatorWho(u)}, which that e-mail names too, is left unmapped on purpose (${leftUndoCommand(myOperatorWord(users, u), u.id, saved)} undoes that)`);
      if (z.length === 1 && m.every((u) => left.includes(u) || holds(u) || (value.trim() === r.zoho!.email && unclaimed(u, report))))
        return { onPurpose: `${why}${alsoLeft.join('')}` };
      // Unclaimed but for the mark: its steps. One another Zoho user's candidate too is told why that pair would be refused (notPlanned of it alone, below).
      const onlyMarked = (u: MyOperatorUser) => unclaimed(u, report) && markedMatchOf(u, report) === r;
      const steps = m.filter(onlyMarked).map((u) => `; MyOperator user ${myOperatorWho(u)}, which that e-mail names too, has no other match: ${markedSteps(myOperatorWord(users, u))}`);
      // Any other such user needs what `--only` of it alone says (another Zoho user's candidate, say): the closing
      // line's "see above for what it needs first" found only the mark. Asked by a word naming no Zoho user, so this
      // case is not met again through it.
      const needs = (z.length === 1 ? m : []).flatMap((u) => {
        const word = myOperatorWord(users, u);
        if (left.includes(u) || onlyMarked(u) || findZoho(users.zoho, word).length > 0) return [];
        const own = notPlanned(word, users, report, saved, entries, likelyZoho);
        return typeof own === 'string' ? [`; MyOperator user ${myOperatorWho(u)}, which that e-mail names too, is not in the plan either: ${own}`] : [];
      });
      return `${why}${alsoLeft.join('')}${steps.join('')}${needs.join('')}`;
    }
    case 'myoperator-ignored': {
      const why = `${who} is left unmapped on purpose: fix leaves its e-mail as it is (${leftUndoCommand(myOperatorWord(users, r.myoperator!), r.myoperator!.id, saved)} undoes that)`;
      // "Needs nothing" (exit 0) only of a value naming this line alone: an e-mail it shares with
      // another MyOperator user names that one too, whom it would then speak for unasked.
      return z.length === 0 && m.length === 1 ? { onPurpose: why } : why;
    }
    case 'zoho-mapped-elsewhere':
      // Its reason says who holds the pairing and the cure; "nobody on the other side" was the opposite.
      return clause(visible(r.reasons.find((x) => x.code === 'zoho-mapped-elsewhere')?.message ?? `${who} has the e-mail of a Zoho user mapped to another MyOperator user`));
    default: {
      // Unclaimed only because of a mark: "nobody on the other side" hid the user marked, and its undo; its e-mail
      // that user's byte for byte, it was untrue, and that line needs nothing (exit 0).
      const undoMark = (z: ZohoUser) => unmapCommand(ignoredUndoWord(zohoWord(users.zoho, z), z.id, saved));
      const marked = r.status === 'myoperator-only' && r.myoperator ? markedLineWhy(r.myoperator, report, undoMark, myOperatorWord(users, r.myoperator)) : undefined;
      if (marked) return 'holds' in marked ? { holds: `${who} ${marked.holds}` } : `${who} is myoperator-only: ${marked.steps}`;
      // Its match a line left unmapped on purpose: the admin's choice keeps the pair from being made, and needs nothing of a
      // value naming that Zoho user (and those lines) alone, as `--only` of such a line does.
      const left = r.status === 'zoho-only' && r.zoho ? leftAlike(r.zoho, report) : [];
      if (left.length) {
        const one = left.length === 1;
        const why = `${who} is zoho-only: its only ${one ? 'match' : 'matches'}, ${series(left.map((u) => `MyOperator user ${myOperatorWho(u)}`), 'and')}, whose e-mail${one ? ' reads' : 's read'} as its own, ${one ? 'is' : 'are'} left unmapped on purpose: fix leaves ${one ? 'its e-mail as it is' : 'their e-mails as they are'} (${series(left.map((u) => leftUndoCommand(myOperatorWord(users, u), u.id, saved)), 'and')} ${one ? 'undoes' : 'undo'} that)`;
        return z.length === 1 && m.every((u) => left.includes(u)) ? { onPurpose: why } : why;
      }
      return `${who} is ${r.status}: nobody on the other side to copy the e-mail to or from`;
    }
  }
}

/**
 * `resync --prune` as the cure of the stale pair --only names. It removes every stale pair, also
 * those fix holds because MyOperator's e-mail was retyped since mapping (often still the same
 * person): pasted from here it threw those away unsaid, where resync's closing line and doctor
 * say to `fix --only` them first. `pruned`: every stale pair, which the prune's --max-prune counts;
 * `named`: those --only names.
 */
function pruneCure(entries: readonly FixEntry[], pruned: number, named = 1): string {
  const held = entries.filter((e) => e.untilNamed).length;
  const too = held ? pruneAlsoTakes(held, { where: `, as \`phonebridge-sync fix --dry-run\` names ${held === 1 ? 'it' : 'them'}` }) : '';
  return `${pruneRemoves(pruned, `the stale mapping${named === 1 ? '' : 's'}`)}${too}`;
}

/**
 * The saved mapping a value names when neither side lists that user now: one deleted in Zoho (its
 * users list leaves them out) or from MyOperator. "No user has that" sent the admin to lists that
 * do not show them, when the cure is to prune the mapping.
 */
function savedPairOf(value: string, users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }, mappings: readonly Mapping[]): string | undefined {
  const t = value.trim();
  const key = emailKey(value);
  // The extension too, as `list mappings` shows it: a gone user's extension named nobody (another
  // user holding it now is found before this, by someone()).
  const pair = mappings.find((mp) => [mp.zoho.id, mp.zoho.zuid, mp.myoperator.uuid, mp.myoperator.extension].includes(t) || (key !== '' && [mp.zoho.email, mp.myoperator.email].some((e) => emailKey(e) === key)));
  if (!pair) return undefined;
  const zohoGone = !users.zoho.some((u) => u.id === pair.zoho.id);
  const moGone = !users.myoperator.some((u) => u.id === pair.myoperator.uuid);
  // Both users still listed, under e-mails changed since (an e-mail copied from `list mappings`):
  // the pair is not stale, resync records the new e-mails, and there is no gone user to name.
  if (!zohoGone && !moGone) return undefined;
  const gone = [zohoGone ? 'Zoho no longer lists its Zoho user (deleted in Zoho?)' : '', moGone ? 'MyOperator no longer lists its MyOperator user' : ''].filter(Boolean).join(', and ');
  const mo = `${visible(pair.myoperator.uuid)}${pair.myoperator.email ? ` ("${reveal(pair.myoperator.email)}")` : ''}`;
  return `it names the saved mapping of Zoho user ${reveal(pair.zoho.email) || visible(pair.zoho.id)} and MyOperator user ${mo}, but ${gone}: fix has nothing to set`;
}

/**
 * The refusal of a value that is a Zoho user's id or zuid and a MyOperator user's uuid, user id or
 * extension, where those users are not one pair (`--only 12`, Ravi's extension and another
 * person's zuid): it kept both pairs, and fix set both where one was meant. Neither side is
 * documented to win, so the admin names one. Undefined for any other value: an e-mail that names a
 * pair on both sides is the usual way to name it.
 */
function bothSides(
  value: string,
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  report: MatchReport,
  entries: readonly FixEntry[],
): UsageError | undefined {
  const t = value.trim();
  const z = users.zoho.filter((u) => u.id === t || u.zuid === t);
  const m = users.myoperator.filter((u) => u.id === t || u.userId === t || u.extension === t);
  if (z.length === 0 || m.length === 0) return undefined;
  const paired = (a: ZohoUser, b: MyOperatorUser) =>
    entries.some((e) => e.zoho.id === a.id && e.myoperator.id === b.id) || report.results.some((r) => r.zoho?.id === a.id && r.myoperator?.id === b.id);
  if (z.length === 1 && m.length === 1 && paired(z[0]!, m[0]!)) return undefined;
  const whose = [
    ...z.map((u) => `the ${u.id === t ? 'id' : 'zuid'} of Zoho user ${reveal(u.email) || visible(u.id)}`),
    ...m.map((u) => `the ${u.id === t ? 'uuid' : u.userId === t ? 'user id' : 'extension'} of MyOperator user ${myOperatorWho(u)}`),
  ];
  const words = [
    ...z.map((u) => `--only ${pastable(zohoWord(users.zoho, u))} for the Zoho user${z.length > 1 ? ` ${reveal(u.email) || visible(u.id)}` : ''}`),
    ...m.map((u) => `--only ${pastable(myOperatorWord(users, u))} for the MyOperator user${m.length > 1 ? ` ${myOperatorWho(u)}` : ''}`),
  ];
  return new UsageError(
    `--only ${visible(value)} is ${series(whose, 'and')}, who are not one pair: it does not say which of them you mean.`,
    `Give a value that names one of them alone instead: ${series(words)}.`,
  );
}

/** stderr's line for a value --only named whose user is not in the plan, and why. */
export const notInPlan = (value: string, why: string): string => `--only ${visible(value)}: not in the plan: ${why}.\n`;

/** A value --only named whose user the plan leaves out, and why (stderr's sentence after "not in the plan:"). */
export interface LeftOut {
  only: string;
  why: string;
}

/**
 * The entries --only names, and `left`: the values naming a user the plan leaves out who does not
 * hold the Zoho e-mail already (only suggested, inactive, …), each said on stderr with what it needs,
 * but `inDocument`: a --json run that may send, its document at the terminal, whose leftOut says it
 * (on stderr too, the reason came twice: above the document, and pointed at in it by the closing line).
 */
export function selectOnly(
  entries: FixEntry[],
  only: readonly string[],
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  report: MatchReport,
  saved: MappingData,
  ctx: Context,
  inDocument = false,
): { entries: FixEntry[]; left: LeftOut[] } {
  const mappings = saved.mappings;
  // It walks the whole report: made once, for the first value out of the plan that asks, not for each.
  let likely: LikelyZoho | undefined;
  const likelyZoho = () => (likely ??= new LikelyZoho(report));
  // Every value nobody has, said at once: one per run made a list of typos a run each.
  const someone = (v: string) => findZoho(users.zoho, v).length > 0 || findMyOperator(users.myoperator, v).length > 0;
  const nobody = only.filter((v) => !someone(v));
  if (nobody.length > 0) {
    // A value naming a saved mapping whose user is gone gets that said, also beside others: among
    // several it was lumped with the typos under "no user has any of those".
    const said = nobody.map((v) => ({ v, saved: savedPairOf(v, users, mappings) }));
    const stale = said.flatMap(({ v, saved }) => (saved ? [`--only ${visible(v)}: ${saved}.`] : []));
    // A name (a user's, or a word of it) is said as one, with the value that names that user.
    const names = new Map(said.flatMap(({ v, saved }) => (saved ? [] : [[v, nameGiven(v, users)] as const])).filter((e): e is [string, NameGiven] => e[1] !== undefined));
    const unknown = said.flatMap(({ v, saved }) => (saved || names.has(v) ? [] : [v]));
    // "--only 12,13" is a list, as many tools write one: said as such, not as a user nobody has.
    // Typed "12, 13", the shell gives "12," apart: its empty part is the comma's, not a user nobody has.
    // And "12 13" quoted as one value (a script's "$USERS") is two users, said as such too.
    const commas = unknown.filter((v) => joinsWords(v) && wordsOf(v).length > 0 && wordsOf(v).every(someone));
    const given = only.filter((v) => !said.some((x) => x.v === v && x.saved));
    const labels = unknown.filter(isExtensionLabel);
    const unlabelled = [...new Set(given.flatMap((v) => (labels.includes(v) ? labelledExtension(v) : [v])))];
    const labelsOnly = labels.length === unknown.length && labels.flatMap(labelledExtension).every(someone) && unlabelled.length > 0;
    const prune = stale.length ? `${pruneCure(entries, staleCount(mappings, users), stale.length)}.` : '';
    // A name that picks one user the plan leaves out is said so now, as `--only` of that user would
    // say it: "Give the e-mail instead" sent the admin to a run that ended 5 on why (Gaurav, zoho-only).
    const outOfPlan = new Map(
      [...names].flatMap(([v, n]) => {
        const why = n.instead === undefined || entriesNamed(entries, n.instead).length > 0 ? undefined : notPlanned(n.instead, users, report, saved, entries, likelyZoho);
        return why === undefined ? [] : [[v, notInPlan(n.instead!, sentenceOf(why)).trimEnd()] as const];
      }),
    );
    const named = [...names].flatMap(([v, n]) => (outOfPlan.has(v) ? [] : [n]));
    // Said once, after the first name of that user: `--only Gaurav Bose` is two names of one.
    const saidWhy = new Set<string>();
    const whyOnce = (v: string): string => {
      const why = outOfPlan.get(v);
      if (why === undefined || saidWhy.has(why)) return '';
      saidWhy.add(why);
      return why;
    };
    // Where to find it, unless the lists are named for a value nobody has.
    const shownIn = unknown.length ? '' : `; ${listsShowing(named.map((n) => (n.give === 'extension' || n.give === 'uuid' ? 'myoperator' : 'zoho')))}`;
    // What to give is said as map says it, by what names each user: "the extension or e-mail" was
    // said of a uuid (an extension two users share), of a Zoho user's id, and of an extension alone.
    const instead = !named.length
      ? ''
      : unknown.length || stale.length || named.some((n) => n.instead === undefined)
        ? `${giveForEach(named.map((n) => n.give))}${shownIn}.`
        : `Give ${theKinds([...new Map(named.map((n) => [n.instead, n.give])).values()])} instead: --only ${[...new Set(only.flatMap((v) => (outOfPlan.has(v) ? [] : [names.get(v)?.instead ?? v])))].map(pastable).join(' ')}.`;
    const where = !unknown.length
      ? ''
      : labelsOnly
        ? `${EXTENSION_ALONE}: --only ${unlabelled.map(pastable).join(' ')}.`
        : commas.length === unknown.length
          ? `${giveApart(commas, 'user')}: --only ${given
              .flatMap((v) => (commas.includes(v) ? wordsOf(v) : [v]))
              .map(pastable)
              .join(' ')}.`
          : // Zoho's users list may leave out its deleted users, and fix reads that list: "list zoho
          // shows them" sent the admin of a deleted user to a list that did not show it either.
          // "ext" beside a value nobody has (`--only ext 99`) is still the label: said so first, or the lists alone hid it.
          `${labels.length ? `${EXTENSION_ALONE}. ` : ''}` +
          '`phonebridge-sync list zoho` and `phonebridge-sync list myoperator` show them; a user deleted in Zoho is not among them (`phonebridge-sync list zoho --status deleted` lists those), and fix has nothing to set for one.';
    throw new UsageError(
      [
        ...stale,
        ...[...names].flatMap(([v, n]) => [n.line, whyOnce(v)]),
        unknown.length
          ? // "No Zoho user has it" was untrue of a user deleted in Zoho, whom the hint then named: the lists fix reads leave such a user out.
            `--only ${unknown.map(shownValue).join(', ')}: no user in Zoho's or MyOperator's users list has ${unknown.length === 1 ? 'that id, e-mail or extension' : 'any of those as id, e-mail or extension'}.`
          : '',
      ]
        .filter(Boolean)
        .join('\n'),
      [instead, where, prune].filter(Boolean).join(' ') || undefined,
    );
  }
  for (const value of only) {
    const refusal = bothSides(value, users, report, entries);
    if (refusal) throw refusal;
  }
  const kept = new Set<FixEntry>();
  const left: LeftOut[] = [];
  for (const value of only) {
    // An extension two MyOperator users share names both: pasted from a hint, it would change a
    // user it does not name. Refused as map refuses it, through map's resolver (a uuid or user id
    // wins over an extension; a Zoho user's id or zuid beside it was bothSides' refusal, above).
    const sharing = findMyOperator(users.myoperator, value);
    if (sharing.length > 1 && sharing.every((u) => u.extension === value.trim()) && findZoho(users.zoho, value).length === 0)
      throw new UsageError(
        `--only ${visible(value)} names ${sharing.length} MyOperator users by extension: ${sharing.map((u) => `${visible(u.name) || '(no name)'} (${visible(u.id)})`).join(', ')}.`,
        'Give the uuid of the one you mean instead.',
      );
    const named = entriesNamed(entries, value);
    if (named.length === 0) {
      const why = notPlanned(value, users, report, saved, entries, likelyZoho);
      // A line left unmapped on purpose needs nothing, as one holding the Zoho e-mail: it ended a dry
      // run 5, and a CI job gating on it failed on what the admin chose.
      const needsNothing = typeof why === 'object';
      if (!needsNothing) left.push({ only: value, why });
      // `inDocument`: the JSON document on the screen below says it (its leftOut), and the closing line points there.
      if (needsNothing || !inDocument) ctx.say(notInPlan(value, sentenceOf(why)));
    }
    for (const e of named) kept.add(e);
  }
  return { entries: entries.filter((e) => kept.has(e)), left };
}

/**
 * What a run that sends ends on, exit 5, for the users --only named that it left out (`left`):
 * ended 0, with the reason on stderr alone, a CI job took the run for done. `sent`: whether the
 * run went on to send the others (its results and counts then say what changed). `inDocument`: the
 * reason is in the --json document at the terminal (its `leftOut`), not on stderr (selectOnly): there
 * "see above" pointed at the document. Piped, stderr said it above this line.
 */
export function leftOutOfPlan(left: readonly LeftOut[], sent: boolean, inDocument: boolean): string {
  const where = inDocument ? "the JSON document's leftOut says what" : 'see above for what';
  return `${sent ? '' : 'Nothing changed: '}--only ${left.map((l) => visible(l.only)).join(' ')} ${left.length === 1 ? 'is' : 'are'} not in the plan (${where} ${left.length === 1 ? 'it' : 'each'} needs first).`;
}

/** leftOutOfPlan as the CI page says it: each value's reason itself, as the page never held stderr's ("see above" pointed at nothing there). */
export function leftOutOnPage(left: readonly LeftOut[], sent: boolean): string {
  return `${sent ? '' : 'Nothing changed: '}${left.map((l) => `--only ${visible(l.only)} is not in the plan: ${l.why}.`).join(' ')}`;
}
