/**
 * `map`: at a terminal, one prompt per unresolved Zoho user that needs a person (not the mismatches
 * `fix` sets with no mapping); for scripts, flags: --auto (exact matches only), --zoho X
 * --myoperator Y (ids, e-mails or extension), --unmap X, --ignore X, --import F (validated as a whole before anything is written). Off a terminal with none of
 * these: exit 2 naming them.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import * as zod from 'zod';
import { noPromptReason, type Context } from '../context.js';
import { upperFirst, UsageError } from '../errors.js';
import { USER_TAKES } from '../io/user-takes.js';
import { emailKey, pastable, reveal, visible } from '../core/forensics.js';
import {
  applyPlan,
  ignoredHits,
  ignoredUndoWord,
  leftHits,
  leftUndoCommand,
  mappingOf,
  pairUndoWord,
  reconcile,
  unmapHits,
  withIgnored,
  withIgnoredMyOperator,
  withMapping,
  withMappingRecords,
  zohoPairUndoWord,
  type Ignored,
  type IgnoredMyOperator,
  type Mapping,
  type MappingData,
  type MappingOrigin,
} from '../core/reconcile.js';
import { findMyOperator, findZoho, myOperatorFinder, myOperatorWord, zohoFinder, zohoWord } from '../core/resolve.js';
import { giveForEach, listsShowing, nameGiven, theKinds } from '../core/names-given.js';
import { fixConflict, fixConflictsWhenAsked, fixVerdicts, MISMATCH_MEANS, setByFixAlone, unattributedYet, unfixableYet, wholePlanChanges } from '../core/fix-plan.js';
import { fixForPairs, fixForPlan, MAX_CHANGES_DEFAULT } from '../core/max-changes.js';
import { asLeftUnmapped, asRecorded, ignoreMyOperatorCommand, listedUser, myOperatorWho, recordedUser, tiedLineWaysOut, unmapCommand } from '../core/reasons.js';
import { deletedInZoho, exportOfHeader, headerKey, leftUnmappedIds, MAPPINGS_EXPORT_COLUMNS, spreadsheetNumber, type MyOperatorUser, type ZohoUser } from '../core/users.js';
import { ownLikelyMatch, resemblances, resemblesOthers, shareNoWord, whoseInstead, type Resemblance } from '../core/resembles.js';
import type { MatchResult } from '../core/match.js';
import { isoTime, seatNames, usersNamed, type RecordedUser, type SeatNames } from '../store/history.js';
import { remoteText } from '../clients/remote-text.js';
import { ignoredMyOperatorSchema, mappingSchema, type MappingStore } from '../store/mappings.js';
import { describeIssue } from '../clients/schemas.js';
import { whereJsonStopped } from '../io/json-position.js';
import { confirm } from '../ui/prompts.js';
import { fromCsvCell } from '../io/csv.js';
import { delimiterOf, fromCodePoints, overlongFirstLine, overlongFirstLineSentence } from '../io/csv-cell.js';
import { emptyInput, readInputAs } from '../io/read-input.js';
import { decodeExport, headerExcerpt, HTML_PAGE, isHtmlPage, refuseBinary, refuseBinaryOrPage } from '../io/user-files.js';
import { toJson } from '../io/render.js';
import { EXTENSION_ALONE, isExtensionLabel, labelledExtension } from '../io/option-words.js';
import { withSpinner } from '../ui/spinner.js';
import { seriesUpTo } from '../io/plural.js';

export interface MapOptions {
  auto?: boolean;
  zoho?: string;
  myoperator?: string;
  unmap?: string;
  ignore?: string;
  /** `--ignore-myoperator`: a MyOperator user (a shared line) left unmapped on purpose. */
  ignoreMyoperator?: string;
  import?: string;
  /**
   * --zoho, --myoperator, --ignore or --ignore-myoperator was typed in two words without quotes (`--zoho Gaurav Bose`),
   * and is given here whole: what to say when it is no user's name (cli.ts, io/stray-words.ts).
   */
  cutInTwo?: UsageError;
}

export interface MapDeps {
  fetchUsers: () => Promise<{ zoho: ZohoUser[]; myoperator: MyOperatorUser[] }>;
  store: MappingStore;
}

/** A value as a sentence quotes it: a long one (a stray line of an import) cut, with its length, not repeated whole on stderr. */
function quoted(x: string): string {
  const chars = [...x];
  return chars.length <= 120 ? `"${visible(x)}"` : `"${visible(chars.slice(0, 60).join(''))}…" (${chars.length.toLocaleString('en')} characters)`;
}

/**
 * `elsewhere`: the value names a user of the other side (a pair typed the wrong way round, a
 * MyOperator user given to --ignore), said with what to give instead: "No Zoho user matches" alone
 * sent the admin to `list zoho`, where that user never is.
 */
function one<T>(found: T[], what: string, x: string, describe: (u: T) => string, elsewhere?: { who: string; hint: string }): T {
  if (found.length === 1) return found[0]!;
  if (found.length === 0)
    throw new UsageError(
      `No ${what} matches ${quoted(x)}${elsewhere ? `: it names ${elsewhere.who}` : ''}.`,
      elsewhere?.hint ??
        (what.startsWith('MyOperator')
          ? 'Use a uuid, a user id, an extension or an e-mail; `phonebridge-sync list myoperator` shows them.'
          : // The users map reads leave out those deleted in Zoho (as fix --only says): "list zoho shows
            // them" alone sent the admin of a deleted user to a list where that user never is.
            'Use an id, a zuid or an e-mail; `phonebridge-sync list zoho` shows them. A user deleted in Zoho is not among them (`phonebridge-sync list zoho --status deleted` lists those), and map has nothing to do for one.'),
    );
  throw new UsageError(`${quoted(x)} names ${found.length} ${what}s: ${found.map(describe).join(', ')}.`, 'Use the id instead.');
}

/** What a flag takes, as the sentence for a name given to it says it (as --help says it). */
const NAME_TAKES = { zoho: 'an id, zuid or e-mail', myoperator: 'a uuid, user id, extension or e-mail' } as const;

type Side = keyof typeof NAME_TAKES;

/**
 * A user's name given to --zoho, --myoperator or --ignore (`flag`, one side's users), which take ids
 * and e-mails: said as `fix --only` says it (core/names-given.ts), with the command that names the
 * same users. "No Zoho user matches "Kavita Joshi"" did not say that a Zoho user has that name, nor
 * what the flag takes instead. `found`: the users the value names as an id or e-mail, looked up once
 * by the caller, who goes on with them.
 */
function namesGiven(
  given: ReadonlyArray<{ side: Side; flag: string; value: string; found: readonly unknown[] }>,
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
): UsageError | undefined {
  const said = given.map(({ side, flag, value, found }) => {
    const own = side === 'zoho' ? { zoho: users.zoho, myoperator: [] } : { zoho: [], myoperator: users.myoperator };
    return { side, flag, value, named: found.length ? undefined : nameGiven(value, own, { flag: `--${flag}`, takes: NAME_TAKES[side] }) };
  });
  const named = said.flatMap((s) => (s.named ? [{ ...s, named: s.named }] : []));
  if (named.length === 0) return undefined;
  const lines = named.map((s) => s.named.line).join('\n');
  const vague = named.filter((s) => s.named.instead === undefined);
  if (vague.length)
    return new UsageError(
      lines,
      `${giveForEach(vague.map((s) => s.named.give))}; ${listsShowing(vague.map((s) => s.side))}.`,
    );
  const command = said.map((s) => `--${s.flag} ${pastable(s.named?.instead ?? s.value)}`).join(' ');
  return new UsageError(lines, `Give ${theKinds(named.map((s) => s.named.give))} instead: \`phonebridge-sync map ${command}\`.`);
}

/**
 * The one user --ignore or --ignore-myoperator (`on.flag`) names on its own side. Where it names none
 * there, a name is said as such, and a user of the other side as that, with the flag meant for it
 * (`other.hint`): a MyOperator user's id given to --ignore is not a name.
 */
function oneToLeave<T, O>(
  x: string,
  on: { side: Side; flag: string; found: T[]; what: string; describe: (u: T) => string },
  other: { found: () => O[]; what: string; describe: (u: O) => string; hint: (others: O[]) => string },
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  cutInTwo: UsageError | undefined,
): T {
  const others = on.found.length ? [] : other.found();
  const byName = others.length ? undefined : namesGiven([{ side: on.side, flag: on.flag, value: x, found: on.found }], users);
  if (byName) throw byName;
  if (cutInTwo) throw cutInTwo;
  const elsewhere = others.length ? { who: `${other.what} ${others.map(other.describe).join(', ')}`, hint: other.hint(others) } : undefined;
  return one(on.found, on.what, x, on.describe, elsewhere);
}

/**
 * `--zoho X --myoperator Y` typed the wrong way round: X a MyOperator user and Y a Zoho user, neither
 * the side it was given for (`found`: whom each names on its own side).
 */
function swapped(
  zoho: string,
  myoperator: string,
  found: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] },
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
): { who: string; hint: string } | undefined {
  const m = found.zoho.length === 0 ? findMyOperator(users.myoperator, zoho) : [];
  const z = found.myoperator.length === 0 ? findZoho(users.zoho, myoperator) : [];
  if (m.length !== 1 || z.length !== 1) return undefined;
  return {
    who: `MyOperator user ${mDesc(m[0]!)}, and --myoperator ${quoted(myoperator)} names Zoho user ${zDesc(z[0]!)}`,
    hint: `The two are the wrong way round: \`phonebridge-sync map --zoho ${pastable(myoperator)} --myoperator ${pastable(zoho)}\`.`,
  };
}

// Ids and extensions come from the APIs too: asRecorded never puts them raw to the terminal.
// Without an e-mail a user is told by name: "(no e-mail) (s5f3b6c3f9b36…)" said nothing a person knows.
// As the user will be recorded (recZ): an import naming one twice said "(id …)" of a saved entry, "(…)" of a typed one.
const zDesc = (u: ZohoUser) => asRecorded(u.email, u.id, undefined, u.name);
/**
 * A MyOperator user as its mark or mapping will record it (asRecorded, recM's form): "(s5f3b0c2d9b30,
 * ext 25)" when left unmapped read "(ext 25, id s5f3b0c2d9b30)" when undone.
 */
const mDesc = (u: MyOperatorUser) => asRecorded(u.email, u.id, u.extension, u.name);
/** A user as a saved record holds it (a mapping's side, a mark, an export's entry): whether or not that user is still there. */
const recZ = (r: { id: string; email: string }) => asRecorded(r.email, r.id);
// A mark left unmapped on purpose keeps the name (--unmap reads no users): "(no e-mail)" alone named nobody.
const recM = (r: { uuid: string; email: string; extension: string | null; name?: string }) => asRecorded(r.email, r.uuid, r.extension, r.name);
/**
 * A saved pair's seat, which the mapping records no name of, by the name MyOperator lists it under: "with no e-mail (ext 31, …)"
 * named nobody. Looked up in the list's index (an import names every saved pair it replaces: a search each was 10^8 steps at 10,000).
 */
const seatOf = (r: Mapping['myoperator'], listed: readonly MyOperatorUser[]) => recM({ ...r, name: findMyOperator(listed, r.uuid).find((u) => u.id === r.uuid)?.name });
/** A line as map's sentences on leaving it unmapped on purpose, and on undoing that, name it: by name, where it has one. */
const leftM = (u: MyOperatorUser) => asLeftUnmapped(u.email, u.id, u.extension, u.name);

/**
 * With --json the one document on stdout is what this run changed in the mappings file: the
 * changes the store recorded in the history under its lock ({action, before, after, result} per
 * Zoho user), whatever the mode; the sentences stay on stderr.
 */
export async function run(opts: MapOptions, ctx: Context, deps: MapDeps): Promise<void> {
  await mapOnce(opts, ctx, deps);
  // The changes as the history records them (list history --json is not retargeted either).
  if (ctx.globals.json) ctx.stdout.write(toJson({ changes: deps.store.changes, mappingsFile: deps.store.path }, ctx.stdoutIsTTY));
}

/**
 * The rest of `--ignore`'s hint when it was given a MyOperator user: "a MyOperator user with no Zoho
 * user … nothing to mark" was untrue of one mapped to a Zoho user, or that user's likely match
 * (Meena's seat, ext 13), where the Zoho user is the one to mark.
 */
function ignoreInstead(given: MyOperatorUser[], users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }, saved: MappingData, now: string): string {
  const unclaimed = `a MyOperator user with no Zoho user (a shared line) is left unmapped on purpose with ${ignoreMyOperatorCommand(given.length === 1 ? myOperatorWord(users, given[0]!) : undefined, '<user>')}.`;
  if (given.length !== 1) return unclaimed;
  const m = given[0]!;
  const mapped = saved.mappings.find((x) => x.myoperator.uuid === m.id);
  const byId = (id: string) => users.zoho.find((u) => u.id === id);
  const whose = mapped
    ? byId(mapped.zoho.id)
    : (() => {
        const claims = reconcile({ ...saved, ...users, auto: false, prune: false, now }).report.results.filter(
          (r) => r.zoho && (r.myoperator?.id === m.id || r.candidates.some((c) => c.user.id === m.id)),
        );
        return claims.length === 1 ? claims[0]!.zoho! : undefined;
      })();
  if (!whose) return unclaimed;
  return `this one is ${mapped ? 'mapped to' : 'the likely match of'} Zoho user ${zDesc(whose)}: \`phonebridge-sync map --ignore ${pastable(whose.id)}\` marks that user.`;
}

/** What each flag takes, as --help says it (and a value left out at the end of the line). */
const EMPTY_VALUE_GIVE = { ...USER_TAKES, import: 'the path of a CSV or JSON file' };

async function mapOnce(given: MapOptions, ctx: Context, deps: MapDeps): Promise<void> {
  // A user is named as the tables show them: an e-mail with an invisible or look-alike character
  // is printed with it as <U+XXXX>, and that text, pasted, was "No MyOperator user matches".
  const typed = (v: string | undefined) => (v === undefined ? v : fromCodePoints(v));
  const opts: MapOptions = {
    ...given,
    zoho: typed(given.zoho),
    myoperator: typed(given.myoperator),
    unmap: typed(given.unmap),
    ignore: typed(given.ignore),
    ignoreMyoperator: typed(given.ignoreMyoperator),
  };
  // `--unmap "$WHO"` with WHO unset must not remove every mapping whose user has no e-mail or
  // extension, nor fall through to another mode because an empty value reads as "not given".
  for (const flag of ['zoho', 'myoperator', 'unmap', 'ignore', 'ignoreMyoperator', 'import'] as const) {
    const value = opts[flag];
    if (value !== undefined && value.trim() === '')
      throw new UsageError(
        `${flag === 'ignoreMyoperator' ? '--ignore-myoperator' : `--${flag}`} was given an empty value, which names nobody.`,
        `Give ${EMPTY_VALUE_GIVE[flag]} (in a script, check that the variable is set).`,
      );
  }
  const modes = [
    opts.auto && '--auto',
    (opts.zoho || opts.myoperator) && '--zoho/--myoperator',
    opts.unmap && '--unmap',
    opts.ignore && '--ignore',
    opts.ignoreMyoperator && '--ignore-myoperator',
    opts.import && '--import',
  ].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} cannot be used together.`, 'Run map once per action.');
  if (Boolean(opts.zoho) !== Boolean(opts.myoperator))
    throw new UsageError(
      `--${opts.zoho ? 'myoperator' : 'zoho'} is missing: --zoho and --myoperator name one pair together.`,
      'Pass both, e.g. --zoho ravi@acme.in --myoperator 14.',
    );
  if (modes.length === 0 && !ctx.interactive) {
    // Not "nothing to map": users may well be waiting; the prompts are what is missing.
    throw new UsageError(
      `map asks user by user only at a terminal, and prompts are off here (${noPromptReason(ctx)}).`,
      'Pass --auto, --zoho X --myoperator Y, --unmap X, --ignore X, --ignore-myoperator X or --import FILE; `phonebridge-sync match` shows who is waiting.',
    );
  }
  const store = deps.store;
  const onDisk = store.read(); // a broken store fails before any network call
  // As do set-aside lines every change stops on (recordSetAside), which stopped the change only
  // once the users were fetched and, at a terminal, the first question answered.
  const stops = store.setAsideRefused();
  if (stops) throw stops;
  if (opts.unmap) return unmap(opts.unmap, ctx, store, onDisk);
  // So does a file that cannot be imported: a typo in its path was "not logged in", or exit 4 with
  // the network down, and otherwise said only after both sides' users were read in full.
  const imported = opts.import ? await readPairs(opts.import) : undefined;
  const users = await withSpinner(ctx, 'Fetching Zoho and MyOperator users…', deps.fetchUsers);
  const now = ctx.now().toISOString();

  if (opts.auto) {
    const result = await store.update((data) => {
      const plan = reconcile({ ...data, ...users, auto: true, prune: false, now });
      return { data: applyPlan(data, plan), result: { add: plan.add, refresh: plan.refresh } };
    });
    const { add: added, refresh } = result;
    ctx.say(
      `Mapped ${added.length} exact match${added.length === 1 ? '' : 'es'}${mappedWho(added, users.myoperator)}.${refresh.length ? ` ${refresh.length} mapping${refresh.length === 1 ? '' : 's'} kept and recorded anew (e-mails retyped to be equal, or a new MyOperator extension).` : ''}\n`,
    );
    return;
  }
  if (opts.ignore) {
    const z = oneToLeave(
      opts.ignore,
      { side: 'zoho', flag: 'ignore', found: findZoho(users.zoho, opts.ignore), what: 'Zoho user', describe: zDesc },
      {
        found: () => findMyOperator(users.myoperator, opts.ignore!),
        what: 'MyOperator user',
        describe: mDesc,
        hint: (other) => `--ignore marks a Zoho user who takes no calls, so that map and resync stop offering it; ${ignoreInstead(other, users, store.read(), now)}`,
      },
      users,
      opts.cutInTwo,
    );
    // Removing a saved mapping is asked, as replacing one is (a question here, --yes elsewhere).
    const before = store.read();
    if (before.ignored.some((x) => x.zohoId === z.id)) {
      ctx.say(`Zoho user ${zDesc(z)} is already marked "never map": nothing to change.\n`);
      return;
    }
    const mapped = before.mappings.find((x) => x.zoho.id === z.id);
    if (mapped && !(await confirm(ctx, `Zoho user ${zDesc(z)} is mapped to MyOperator user ${seatOf(mapped.myoperator, users.myoperator)}. Remove that mapping and never map it?`))) {
      ctx.say('Left as it was.\n');
      return;
    }
    const { removed, after } = await store.update((data) => {
      const after = withIgnored(data, z, now);
      return { data: after, result: { removed: data.mappings.find((x) => x.zoho.id === z.id), after } };
    });
    ctx.say(
      `Zoho user ${reveal(z.email)} will never be mapped${removed ? `; its mapping to MyOperator user ${seatOf(removed.myoperator, users.myoperator)} was removed` : ''} (${ignoreUndo(z, removed, users, after)} undoes it).
`,
    );
    return;
  }
  if (opts.ignoreMyoperator) return ignoreMyOperator(opts.ignoreMyoperator, ctx, store, users, now, opts.cutInTwo);
  if (opts.zoho && opts.myoperator) {
    const found = { zoho: findZoho(users.zoho, opts.zoho), myoperator: findMyOperator(users.myoperator, opts.myoperator) };
    const wrongWay = swapped(opts.zoho, opts.myoperator, found, users);
    const byName = wrongWay
      ? undefined
      : namesGiven(
          [
            { side: 'zoho', flag: 'zoho', value: opts.zoho, found: found.zoho },
            { side: 'myoperator', flag: 'myoperator', value: opts.myoperator, found: found.myoperator },
          ],
          users,
        );
    if (byName) throw byName;
    if (opts.cutInTwo) throw opts.cutInTwo;
    const labelled = found.myoperator.length === 0 && isExtensionLabel(opts.myoperator) ? labelledExtension(opts.myoperator) : [];
    if (labelled.length && findMyOperator(users.myoperator, labelled[0]!).length === 1)
      throw new UsageError(`No MyOperator user matches ${quoted(opts.myoperator)}.`, `${EXTENSION_ALONE}: \`phonebridge-sync map --zoho ${pastable(opts.zoho)} --myoperator ${labelled[0]}\`.`);
    const z = one(found.zoho, 'Zoho user', opts.zoho, zDesc, wrongWay);
    const m = one(found.myoperator, 'MyOperator user', opts.myoperator, mDesc, wrongWay);
    const stored = store.read();
    const saved = stored.mappings;
    if (saved.some((x) => x.zoho.id === z.id && x.myoperator.uuid === m.id)) {
      ctx.say(`Zoho ${zDesc(z)} is already mapped to MyOperator ${mDesc(m)}: nothing to change.\n`);
      return;
    }
    // Replacing either side's mapping is a question at a terminal and needs --yes elsewhere.
    const holder = saved.find((x) => x.myoperator.uuid === m.id && x.zoho.id !== z.id);
    const previous = saved.find((x) => x.zoho.id === z.id && x.myoperator.uuid !== m.id);
    // So is mapping a line the admin left unmapped on purpose: the mark goes with it.
    const left = leftUnmappedIds(stored).has(m.id);
    const replaced = [
      previous && `Zoho user ${zDesc(z)} is mapped to MyOperator user ${seatOf(previous.myoperator, users.myoperator)}`,
      holder && `MyOperator user ${mDesc(m)} is mapped to Zoho user ${recZ(holder.zoho)}`,
    ].filter(Boolean);
    // A slip of one extension (ext 21 for 18) took another person's seat with nothing said, and
    // `fix` then gave it this Zoho user's e-mail: asked like a replacement, as it takes a seat the
    // matcher gives someone else. Names alone that share no word are said, not asked (a line's
    // name in MyOperator is often not its person's).
    const slip = slipOf(z, m, users, stored, now);
    const asked = [...replaced, left && `MyOperator user ${mDesc(m)} is left unmapped on purpose`, slip.others.length > 0 && slip.said].filter(Boolean);
    const question =
      left || slip.others.length
        ? `Map ${slip.others.length ? `${zName(z)} to it` : 'it'} all the same${replaced.length ? ', replacing that mapping' : ''}?`
        : `Replace ${replaced.length === 1 ? 'that mapping' : 'both mappings'}?`;
    if (asked.length > 0 && !(await confirm(ctx, `${asked.join('; ')}. ${question}`))) {
      ctx.say('Left as it was.\n');
      return;
    }
    const after = await store.update((data) => {
      const next = withMapping(data, z, m, 'manual', now);
      return { data: next, result: next, names: new Map([[m.id, m.name]]) };
    });
    ctx.say(`Mapped Zoho ${zDesc(z)} to MyOperator ${mDesc(m)}.\n`);
    if (previous) ctx.say(`Replaced: Zoho ${reveal(z.email)} was mapped to MyOperator user ${seatOf(previous.myoperator, users.myoperator)}.\n`);
    if (holder) ctx.say(`Replaced: MyOperator ${mDesc(m)} was mapped to Zoho ${recZ(holder.zoho)}, which is now unmapped.\n`);
    if (left) ctx.say(`Replaced: MyOperator ${mDesc(m)} was left unmapped on purpose, and no longer is.\n`);
    // A deleted Zoho user is a record Zoho keeps: none to reactivate.
    if (deletedInZoho(z)) ctx.say(`Note: Zoho user ${reveal(z.email) || visible(z.id)} is deleted in Zoho; PhoneBridge routes no calls to it.\n`);
    else if (!m.active || !z.active) ctx.say('Note: one of the two users is inactive; PhoneBridge will not route calls to it until it is reactivated.\n');
    // A pairing typed by hand may be the slip: the MyOperator user already ties, byte for byte, to
    // another active Zoho user, who gets its calls (and `fix` will not take them away).
    const tied = m.email ? users.zoho.find((u) => u.active && u.id !== z.id && u.email === m.email) : undefined;
    // Just answered at a terminal, the question is on the screen: only its undo is new.
    const answered = slip.others.length > 0 && !ctx.globals.yes;
    if (slip.said && !tied) ctx.say(`${answered ? '' : `Warning: ${slip.said}. `}If this pairing is a slip, ${undoOf(z, m, holder, previous, users, after, ctx.interactive)}.\n`);
    if (tied)
      ctx.say(
        `Note: MyOperator user ${mDesc(m)} has exactly the e-mail of Zoho user ${zDesc(tied)}, so PhoneBridge gives that user its calls. If this pairing is a slip, ${undoOf(z, m, holder, previous, users, after, ctx.interactive)}.\n`,
      );
    // The mappings file is read by neither Zoho nor MyOperator: the pair is attributed only once
    // MyOperator holds the Zoho e-mail byte for byte.
    else if (!z.email)
      ctx.say(`The Zoho user has no e-mail, so PhoneBridge attributes none of the calls of MyOperator user ${myOperatorWho(m)}: add one in Zoho first (then \`phonebridge-sync fix\` copies it to MyOperator).\n`);
    else if (z.email !== m.email) {
      // The hint is fix's own verdict: another MyOperator user already holding the Zoho e-mail (or
      // an e-mail fix will not copy) makes `fix --only` a conflict, not the cure.
      const conflict = fixConflict(z, m, { ...users, mappings: after.mappings });
      ctx.say(
        conflict
          ? `${unfixableYet(m, conflict)}\n`
          : `${unattributedYet(m)}: \`phonebridge-sync fix --only ${pastable(myOperatorWord(users, m))}\` sets MyOperator's to the Zoho one.\n`,
      );
    }
    return;
  }
  if (opts.import && imported) return importPairs(opts.import, imported, ctx, store, users, now);

  // Exact matches need no person: `map --auto` or `resync` maps them.
  const basis = store.read();
  const plan = reconcile({ ...basis, ...users, auto: true, prune: false, now });
  if (plan.add.length > 0)
    ctx.say(`${plan.add.length} exact match${plan.add.length === 1 ? ' is' : 'es are'} left for \`map --auto\` or \`resync\`.\n`);
  // Nor do the mismatches fix sets with no mapping, as resync's picker leaves them out: asked about
  // here too, the admin paired by hand what `fix` sets alone.
  const forFix = setByFixAlone(plan.unresolved, fixConflictsWhenAsked(() => ({ ...users, mappings: basis.mappings })));
  if (forFix.size > 0) {
    // The fix named sends its whole plan, the mapped pairs whose e-mails differ too: over the
    // default cap, plain `fix` is refused (said as resync says it). With no stale mapping, the
    // plan's match is fix's own (every saved pair kept).
    const whole = wholePlanChanges(users, basis, plan.stale.length === 0 ? plan.report : undefined);
    const mapped = whole - forFix.size;
    ctx.say(
      `${forFix.size === 1 ? '1 mismatch' : `${forFix.size} mismatches`} (${MISMATCH_MEANS}) ${forFix.size === 1 ? 'is' : 'are'} left for \`phonebridge-sync ${fixForPlan(whole)}\`, which sets ${forFix.size === 1 ? 'it' : 'them'} with no mapping needed${mapped > 0 ? ` (${whole} MyOperator e-mails in all, with ${mapped === 1 ? 'the mapped pair' : `the ${mapped} mapped pairs`})` : ''}.\n`,
    );
  }
  const forPicker = forFix.size === 0 ? plan.unresolved : plan.unresolved.filter((r) => !forFix.has(r));
  if (forPicker.length === 0) {
    ctx.say(`Every ${forFix.size > 0 ? 'other ' : ''}active Zoho user is mapped, matched exactly or ignored: nothing to map.\n`);
    return;
  }
  const { flowSummary, mapInteractively } = await import('../ui/map-flow.js');
  const done = await mapInteractively(ctx, store, forPicker, users.myoperator, basis, users.zoho);
  ctx.say(flowSummary(done, () => wholePlanChanges(users, store.read())));
}

/**
 * `--ignore-myoperator x`: a MyOperator user no Zoho user is meant to be (a reception or shared
 * line) left unmapped on purpose, so that doctor --calls and match stop asking for one. A mapped
 * user is refused: it has a Zoho user, and leaving it unmapped is an unmap first.
 */
async function ignoreMyOperator(
  x: string,
  ctx: Context,
  store: MappingStore,
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  now: string,
  cutInTwo: UsageError | undefined,
): Promise<void> {
  const m = oneToLeave(
    x,
    { side: 'myoperator', flag: 'ignore-myoperator', found: findMyOperator(users.myoperator, x), what: 'MyOperator user', describe: mDesc },
    {
      found: () => findZoho(users.zoho, x),
      what: 'Zoho user',
      describe: zDesc,
      hint: (other) =>
        `--ignore-myoperator leaves a MyOperator user (a shared line) unmapped on purpose; \`phonebridge-sync map --ignore ${pastable(other.length === 1 ? other[0]!.id : x)}\` marks a Zoho user "never map".`,
    },
    users,
    cutInTwo,
  );
  const word = myOperatorWord(users, m);
  const mappedIn = (data: MappingData) => data.mappings.find((p) => p.myoperator.uuid === m.id);
  const leftIn = (data: MappingData) => leftUnmappedIds(data).has(m.id);
  // PhoneBridge links by the e-mail itself: an active Zoho user with exactly this one takes the
  // line's calls whatever the file says, so "left unmapped" would be untrue from the start. Said
  // before the lock, as a refused --unmap is: no new empty mappings file.
  const tied = m.email === '' ? undefined : users.zoho.find((z) => z.active && z.email === m.email);
  const saved = store.read();
  if (tied && !mappedIn(saved) && !leftIn(saved)) {
    // Named as map's note on the same tie names it (zDesc): "Front Office (4815…)" was a form of its own.
    throw new UsageError(
      `MyOperator user ${mDesc(m)} has exactly the e-mail of Zoho user ${zDesc(tied)}, so PhoneBridge gives that user its calls whatever the mappings file says: it is not left unmapped, and nothing was changed.`,
      `${upperFirst(tiedLineWaysOut(tied, [m], users))}, then run this again.`,
    );
  }
  // Checked again under the lock: another run may have mapped it meanwhile.
  const { mapped, already, after } = await store.update((data) => {
    const mapped = mappedIn(data);
    const already = leftIn(data);
    const after = mapped || already ? data : withIgnoredMyOperator(data, m, now);
    return { data: after, result: { mapped, already, after } };
  });
  // --unmap removes all a word finds: where another pair or mark holds the saved extension, the uuid.
  if (mapped)
    throw new UsageError(
      `MyOperator user ${mDesc(m)} is mapped to Zoho user ${recZ(mapped.zoho)}, so it cannot be left unmapped on purpose while mapped: nothing was changed.`,
      `Unmap it first (${unmapCommand(pairUndoWord(word, m.id, after))}), then run this again.`,
    );
  if (already) {
    ctx.say(`MyOperator user ${leftM(m)} is already left unmapped on purpose: nothing to change.\n`);
    return;
  }
  ctx.say(
    `MyOperator user ${leftM(m)} is left unmapped on purpose: doctor --calls and match no longer ask for a Zoho user for it (${leftUndoCommand(word, m.id, after)} undoes it).\n`,
  );
}

/** A Zoho user as a sentence about people names it: by name first, where it has one. */
const zName = (u: ZohoUser) => visible(u.name) || reveal(u.email) || visible(u.id);
/**
 * What makes `map --zoho z --myoperator m` look like a slip, as one sentence (`said`, empty when
 * nothing does): `m` is another Zoho user's likely match or candidate in the matcher (`others`,
 * which the question asks about), with the map of that pair and of `z`'s own likely match; or the
 * two names share no word.
 */
function slipOf(
  z: ZohoUser,
  m: MyOperatorUser,
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  stored: MappingData,
  now: string,
): { others: Resemblance[]; said: string } {
  if (pairedByEmail(z, m)) return { others: [], said: '' };
  const { results } = reconcile({ ...stored, ...users, auto: false, prune: false, now }).report;
  return slipSaid(z, m, users, results, resemblesOthers(results, z, m));
}

/** The same e-mail byte for byte: the pair PhoneBridge itself makes, nothing to doubt. */
const pairedByEmail = (z: ZohoUser, m: MyOperatorUser) => z.email !== '' && z.email === m.email;

/** slipOf's sentence, given the matcher's results on the store and whom `m` resembles there (`others`). */
function slipSaid(
  z: ZohoUser,
  m: MyOperatorUser,
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  results: readonly MatchResult[],
  others: Resemblance[],
): { others: Resemblance[]; said: string } {
  const strangers = shareNoWord(z.name, m.name);
  if (others.length === 0) return { others, said: strangers ? `Zoho user ${zName(z)} and MyOperator user ${myOperatorWho(m)} share no word of their names` : '' };
  const map = (zoho: ZohoUser, mo: MyOperatorUser) => `\`phonebridge-sync map --zoho ${pastable(zohoWord(users.zoho, zoho))} --myoperator ${pastable(myOperatorWord(users, mo))}\``;
  const own = ownLikelyMatch(results, z, m);
  const said = [
    `MyOperator user ${mDesc(m)} is ${whoseInstead(others, m)}, not of ${zName(z)}${strangers ? `, whose name shares no word with it` : ''}`,
    others.length === 1 && `${map(others[0]!.zoho, m)} maps that pair instead`,
    own && `${zName(z)}'s own likely match is MyOperator user ${myOperatorWho(own)}: ${map(z, own)}`,
  ].filter(Boolean);
  return { others, said: said.join('; ') };
}

/**
 * The commands that put back what `map --zoho z --myoperator m` changed. Unmapping the new pair
 * alone would leave the pairs it replaced unmapped, so each is mapped again instead: the first
 * such command replaces this pairing, a question that needs --yes off a terminal.
 */
function undoOf(
  z: ZohoUser,
  m: MyOperatorUser,
  holder: Mapping | undefined,
  previous: Mapping | undefined,
  users: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] },
  saved: MappingData,
  interactive: boolean,
): string {
  // Named as map's lookup finds them (the e-mail, the extension), as the other hints name users.
  const zWord = (x: Mapping['zoho']) => zohoWord(users.zoho, x);
  const mWord = (x: Mapping['myoperator']) => myOperatorWord(users, { id: x.uuid, extension: x.extension });
  const pairs: Array<[zoho: string, myoperator: string]> = [];
  if (holder) pairs.push([zWord(holder.zoho), myOperatorWord(users, m)]);
  if (previous) pairs.push([zWord(z), mWord(previous.myoperator)]);
  if (pairs.length === 0) {
    // --unmap removes every pair and mark a value names: the e-mail only where it names this pair alone.
    return `${unmapCommand(zohoPairUndoWord(zWord(z), z.id, saved))} undoes it`;
  }
  const commands = pairs.map(([zoho, mo], i) => `\`phonebridge-sync map --zoho ${pastable(zoho)} --myoperator ${pastable(mo)}${i === 0 && !interactive ? ' --yes' : ''}\``);
  return `${commands.join(' then ')} restore${commands.length === 1 ? 's the mapping' : ' the mappings'} it replaced`;
}

/**
 * What undoes `map --ignore` of `z`: --unmap takes the mark off, but a mapping the mark removed is
 * put back only by mapping the pair again (which takes the mark off too), while its MyOperator user
 * is still there to map.
 */
function ignoreUndo(z: ZohoUser, removed: Mapping | undefined, users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }, after: MappingData): string {
  const m = removed && users.myoperator.find((u) => u.id === removed.myoperator.uuid);
  if (m) return `\`phonebridge-sync map --zoho ${pastable(zohoWord(users.zoho, z))} --myoperator ${pastable(myOperatorWord(users, m))}\``;
  return unmapCommand(ignoredUndoWord(zohoWord(users.zoho, z), z.id, after));
}

/** `now`: the store as the run read it first, offline; the change itself reads it again, under the lock. */
async function unmap(x: string, ctx: Context, store: MappingStore, now: MappingData): Promise<void> {
  let hits = unmapHits(x.trim());
  let ignoredHit = ignoredHits(x.trim());
  let leftHit = leftHits(x.trim());
  const left = (data: MappingData) => data.ignoredMyOperator ?? [];
  const none = () => new UsageError(`No saved mapping or ignored user involves "${visible(x)}".`, '`phonebridge-sync list mappings` shows them (--json lists the ignored users too).');
  // Run twice (a script's retry, a second job), the second --unmap found nothing and failed exit 2:
  // a user this store's history knows, no longer mapped nor ignored, is the state asked for. A
  // value it never held stays an error: a typo must not pass as done.
  const settled = (): void => {
    const who = knownInHistory(store, x.trim());
    if (!who) throw none();
    ctx.say(`${who} is not mapped, nor ignored; nothing to do.\n`);
  };
  // Said before the lock: a refused --unmap leaves the disk as it was (no new empty mappings file).
  // An e-mail as --zoho and --ignore take one: byte for byte first, else as a person reads it (case,
  // spaces, look-alikes) when that names one entry alone. `--ignore GAURAV.BOSE@…` was taken, and
  // the --unmap of the same words said no saved mapping or ignored user involved it.
  if (!now.mappings.some(hits) && !now.ignored.some(ignoredHit) && !left(now).some(leftHit)) {
    const key = emailKey(x.trim());
    const read = (emails: string[]) => emails.some((e) => e !== '' && emailKey(e) === key);
    const foldedHit = (m: Mapping) => read([m.zoho.email, m.myoperator.email]);
    const foldedIgnored = (i: MappingData['ignored'][number]) => read([i.email]);
    const foldedLeft = (i: IgnoredMyOperator) => read([i.email]);
    if (now.mappings.filter(foldedHit).length + now.ignored.filter(foldedIgnored).length + left(now).filter(foldedLeft).length !== 1) return settled();
    [hits, ignoredHit, leftHit] = [foldedHit, foldedIgnored, foldedLeft];
  }
  const [removed, unignored, unleft] = await store.update((data) => ({
    data: {
      mappings: data.mappings.filter((m) => !hits(m)),
      ignored: data.ignored.filter((i) => !ignoredHit(i)),
      ...(data.ignoredMyOperator && { ignoredMyOperator: data.ignoredMyOperator.filter((i) => !leftHit(i)) }),
    },
    result: [data.mappings.filter(hits), data.ignored.filter(ignoredHit), left(data).filter(leftHit)] as const,
  }));
  for (const i of unignored) ctx.say(`Zoho user ${recZ({ id: i.zohoId, email: i.email })} is no longer ignored: map and resync will consider it again.\n`);
  for (const i of unleft)
    ctx.say(`MyOperator user ${asLeftUnmapped(i.email, i.uuid, i.extension, i.name)} is no longer left unmapped on purpose: doctor --calls and match will ask for its Zoho user again.\n`);
  if (removed.length === 0 && unignored.length === 0 && unleft.length === 0) return settled(); // another run removed it meanwhile
  // --unmap reads no users: a seat with no e-mail is named by the name the history last recorded for it, as list history's row names it.
  // The pair is removed by then: a history it cannot read (a line broken by hand) leaves it unnamed, not a done unmap failed.
  let known: SeatNames | undefined;
  const nameOf = (uuid: string) => {
    try {
      known ??= seatNames(store.readHistory().entries);
    } catch {
      known = new Map();
    }
    return known.get(uuid);
  };
  for (const m of removed) {
    // As the pair's users are named everywhere else: "from MyOperator s5f3b6c3f9b36" gave a seat with no e-mail by its uuid alone.
    const seat = recordedUser('MyOperator', m.myoperator.email, m.myoperator.uuid, m.myoperator.extension, m.myoperator.email ? undefined : nameOf(m.myoperator.uuid));
    ctx.say(`Unmapped ${recordedUser('Zoho', m.zoho.email, m.zoho.id)} from ${seat}.\n`);
    // An exact pair came back at the next resync (a CI job's, within the hour) with nothing said here.
    // Offline, the users' state is unknown here: one inactive or gone (often why a pair is unmapped)
    // is never mapped automatically, nor an e-mail another user holds too, so the condition is said.
    if (m.zoho.email !== '' && m.zoho.email === m.myoperator.email)
      ctx.say(
        `Their e-mails were equal when recorded: if both users are still there and active, and still hold that one e-mail, which no other user holds, PhoneBridge ties them by e-mail whatever the mappings say, and the next resync maps them again as an exact match. To keep them unmapped: \`phonebridge-sync map --ignore ${pastable(m.zoho.id)}\`.\n`,
      );
  }
}

/**
 * The user `x` names as the history last recorded it (a mapping's side, or an ignored Zoho user),
 * described as --unmap describes it; undefined when no line names it. Offline, as --unmap is.
 */
function knownInHistory(store: MappingStore, x: string): string | undefined {
  const entries = store.readHistory().entries;
  const key = emailKey(x);
  // As typed first, then an e-mail as a person reads it (see unmap).
  for (const named of [(u: RecordedUser) => u.names.includes(x), (u: RecordedUser) => u.email !== '' && emailKey(u.email) === key])
    for (let i = entries.length - 1; i >= 0; i--)
      for (const u of usersNamed(entries[i]!)) {
        if (!named(u)) continue;
        // A seat with no e-mail by the name the history last recorded for it, as --unmap's own sentence names it.
        return u.side === 'zoho' ? recordedUser('Zoho', u.email, u.id) : recordedUser('MyOperator', u.email, u.uuid, u.extension, u.email ? undefined : seatNames(entries).get(u.uuid));
      }
  return undefined;
}

/**
 * One entry of an import file. `record` is set when the entry is a whole mapping as this tool
 * records it (both sides' ids and e-mails, how and when): an export of our own, restored as it was
 * recorded (see importPairs). Without it the entry is a pair to look up among the users.
 */
type Pair = { zoho: string; myoperator: string; where: string; origin?: { how: MappingOrigin; at: string }; record?: Mapping };
type IgnoredEntry = { zoho: string; where: string; at?: string; record?: Ignored };
const ORIGINS: readonly MappingOrigin[] = ['auto', 'manual', 'import'];
// As the tool writes them (ISO 8601): "1" or a spreadsheet's "12/5/2026 10:01" would be restored as it is.
// The stores' own rule (store/history isoTime, the mappings' `at` too): an import takes back what they hold.
const isDate = (v: unknown): v is string => isoTime.safeParse(v).success;
/**
 * An entry of a `list mappings` export, which holds the store's own entries: one the store's schema
 * takes, with a time as the tool writes it, is a whole record; else undefined (a pair to look up).
 */
function exportedRecord(o: unknown): Mapping | undefined {
  // Its `at` is held to the tool's time by the schema itself (isoTime).
  const r = mappingSchema.safeParse(o);
  return r.success ? (r.data as Mapping) : undefined;
}

/**
 * An exported mapping's `how` that the tool never writes ("Auto", typed over in a spreadsheet or an
 * editor): the row was read as a pair written by hand, and one whose user has left was refused as
 * a typo ("No MyOperator user matches …"), the whole backup with it.
 */
function refuseUnknownHow(file: string, where: string, how: unknown): void {
  if (typeof how === 'string' && how !== '' && !ORIGINS.includes(how as MappingOrigin))
    throw new UsageError(
      `${file}: ${where} has how "${visible(how)}", which \`list mappings\` never writes (it writes ${ORIGINS.join(', ')}).`,
      'Set it back to one of those, as the export wrote it; nothing was imported.',
    );
}

/**
 * A Zoho id that a spreadsheet turned into a number: restored as recorded, it would be a mapping of
 * nobody that only looks stale, so a CSV export opened and saved in a spreadsheet is refused, with
 * what to do instead.
 */
function refuseSpreadsheetNumber(id: string, live: ReadonlySet<string>): void {
  const how = spreadsheetNumber(id, live);
  if (how)
    throw new UsageError(
      `the Zoho id "${visible(id)}" was turned into a number by a spreadsheet (${how}), so it names nobody.`,
      'Import the export as `list mappings --csv` wrote it (a spreadsheet that opens it must keep the ids as text), or use `list mappings --json`.',
    );
}

/** What to give instead of a `list zoho|myoperator` export. */
const USERS_NOT_MAPPINGS = 'Export the mappings with `phonebridge-sync list mappings --json`, or give a CSV with columns zoho,myoperator.';
/** The columns of `list mappings --csv`, as `headerKey` reads a header. */
const EXPORT_CSV = MAPPINGS_EXPORT_COLUMNS.map(headerKey);

/**
 * The pairs of an import file, a CSV (columns zoho, myoperator) or JSON ([{zoho, myoperator}]), and
 * the Zoho users it says to ignore (a `list mappings --json` export carries them).
 */
/** What an import file holds: pairs, Zoho users never to map, and MyOperator users left unmapped on purpose (a JSON export's). */
type ImportFile = { pairs: Pair[]; ignored: IgnoredEntry[]; leftUnmapped?: IgnoredMyOperator[] };

async function readPairs(file: string): Promise<ImportFile> {
  // Decoded as match decodes an export: Excel's "Unicode text" (UTF-16) and a Latin-1 save are read or named, not garbled.
  const text = await readInputAs(file, '--import', (bytes) => decodeExport(file, bytes));
  const unmarked = text.replace(/^\uFEFF/, '');
  const trimmed = unmarked.trimStart();
  const give = 'Give a CSV with columns zoho,myoperator, or a `list mappings --json` export.';
  if (trimmed === '') throw emptyInput(file, give, unmarked);
  // Under a .json name too: a workbook or an image was "not valid JSON (Unexpected token 'P', "PK<U+0003>…")".
  refuseBinary(file, text, 'mappings file', give);
  // A .json file is read as JSON whatever it starts with: an HTML page saved under that name is
  // "not valid JSON", not a CSV without the right header.
  if (trimmed.startsWith('[') || trimmed.startsWith('{') || /\.json$/i.test(file)) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new UsageError(
        // Where, by line and column, as a broken mappings file is named: a comma typed into a backup of
        // 150 pretty-printed lines was "at position 311".
        `${file}: not valid JSON${isHtmlPage(trimmed) ? `, but ${HTML_PAGE}` : ` (${visible(whereJsonStopped((e as Error).message, unmarked, { skipped: unmarked.length - trimmed.length }))})`}.`,
        'Give a JSON array of {"zoho": …, "myoperator": …}, or a CSV with columns zoho,myoperator.',
      );
    }
    const side = (doc as { side?: unknown } | null)?.side;
    if (!Array.isArray(doc) && (side === 'zoho' || side === 'myoperator'))
      throw new UsageError(`${file} is a \`list ${side} --json\` export: users, not mappings.`, USERS_NOT_MAPPINGS);
    const list = Array.isArray(doc) ? doc : (doc as { mappings?: unknown } | null)?.mappings;
    if (!Array.isArray(list))
      throw new UsageError(`${file}: expected a JSON array of pairs.`, 'Give [{"zoho": "<id or e-mail>", "myoperator": "<uuid, e-mail or extension>"}, …].');
    const ignoredList = Array.isArray(doc) ? [] : (doc as { ignored?: unknown }).ignored;
    // Not dropped in silence: a backup whose "never map" list is of another shape was restored
    // without one, and said only "Imported N mappings".
    if (ignoredList !== undefined && ignoredList !== null && !Array.isArray(ignoredList))
      throw new UsageError(`${file}: "ignored" is ${typeof ignoredList === 'object' ? 'an object' : `a ${typeof ignoredList}`}, not a list of Zoho users never to map.`, 'Give it as `list mappings --json` writes it, [{"zohoId": …, "email": …, "at": …}, …]; nothing was imported.');
    const ignored = (Array.isArray(ignoredList) ? ignoredList : []).map((x: unknown, i): IgnoredEntry => {
      const zohoId = (x as { zohoId?: unknown })?.zohoId;
      if (typeof zohoId !== 'string') throw new UsageError(`${file}: ignored entry ${i + 1} needs a "zohoId" string.`, 'Fix that entry; nothing was imported.');
      // A restore is whole: an exported "never map" keeps when it was said, as a mapping does.
      const { at: when, email } = x as { at?: unknown; email?: unknown };
      const where = `ignored entry ${i + 1}`;
      // As exported (id, e-mail, date): restored as recorded, also once the Zoho user is gone.
      if (zohoId.trim() !== '' && typeof email === 'string' && isDate(when)) return { zoho: zohoId, where, at: when, record: { zohoId, email, at: when } };
      return { zoho: zohoId, where, ...(isDate(when) ? { at: when } : {}) };
    });
    const pairs = list.map((p: unknown, i) => {
      const o = p as Record<string, unknown>;
      // A `list mappings --json` export is accepted too.
      // A pair typed by hand may name a user as a table shows it (<U+XXXX>), as a CSV pair may.
      const zoho = typeof o?.zoho === 'string' ? fromCodePoints(o.zoho) : (o?.zoho as { id?: unknown })?.id;
      const myoperator = typeof o?.myoperator === 'string' ? fromCodePoints(o.myoperator) : (o?.myoperator as { uuid?: unknown })?.uuid;
      if (typeof zoho !== 'string' || typeof myoperator !== 'string')
        throw new UsageError(`${file}: entry ${i + 1} needs "zoho" and "myoperator" strings.`, 'Fix that entry; nothing was imported.');
      // As in a CSV and on the command line: an empty value names nobody (it matched the one user without an e-mail).
      const empty = zoho.trim() === '' ? 'zoho' : myoperator.trim() === '' ? 'myoperator' : undefined;
      if (empty) throw new UsageError(`${file}: entry ${i + 1} has an empty "${empty}", which names nobody.`, 'Fix that entry; nothing was imported.');
      // A restore is whole: an exported mapping keeps how and when it was made.
      if (typeof o.zoho === 'object') {
        refuseUnknownHow(file, `entry ${i + 1}`, o.how);
        // As a CSV row's: read as a pair typed by hand, a stale one was refused as a typo.
        // A number or null there was restored as a pair imported now, its time dropped without a word.
        if (o.at !== undefined && o.at !== '' && !isDate(o.at))
          throw new UsageError(
            `${file}: entry ${i + 1} has the time ${typeof o.at === 'string' ? `"${visible(o.at)}"` : remoteText(o.at, 40)}, not as \`list mappings --json\` writes it (an ISO time, such as 2026-12-05T17:02:00.000Z).`,
            'Set it back as the export wrote it; nothing was imported.',
          );
      }
      const origin = ORIGINS.includes(o.how as MappingOrigin) && isDate(o.at) ? { how: o.how as MappingOrigin, at: o.at } : undefined;
      return { zoho, myoperator, where: `entry ${i + 1}`, origin, record: exportedRecord(o) };
    });
    // As `list mappings --json` exports them, restored as recorded: a backup taken with some must bring them back.
    const left = Array.isArray(doc) ? undefined : (doc as { ignoredMyOperator?: unknown }).ignoredMyOperator;
    if (left === undefined) return { pairs, ignored };
    const read = zod.array(ignoredMyOperatorSchema).safeParse(left);
    if (!read.success)
      throw new UsageError(`${file}: ${describeIssue(read.error, 'ignoredMyOperator', left)}.`, 'Give it as `list mappings --json` writes it, [{"uuid": …, "extension": …, "email": …, "name": …, "at": …}, …] ("name" may be left out); nothing was imported.');
    return { pairs, ignored, leftUnmapped: read.data };
  }
  // Under any name but .json, a page was read as a CSV whose header lacked the columns.
  refuseBinaryOrPage(file, text, 'mappings file', { binary: give, page: give });
  const overlong = overlongFirstLine(text);
  if (overlong) throw new UsageError(overlongFirstLineSentence(file, overlong), give);
  // Each record with the file line it ends on: blank lines are skipped, and a message names the line an editor shows.
  // So is a row of separators alone (",", a spreadsheet's empty row): it was "line 4 has an empty zoho or myoperator field".
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parseCsv(text, { bom: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_column_count: true, info: true, delimiter: delimiterOf(text) }) as unknown as typeof rows;
  } catch (e) {
    throw new UsageError(`${file}: not a readable CSV file: ${(e as Error).message}.`, 'Give a CSV with columns zoho,myoperator.');
  }
  const header = rows[0]?.record ?? [];
  const head = header.map(headerKey);
  // `list zoho --csv` or `list myoperator --csv`, as its JSON export is named: users, not mappings.
  const users = exportOfHeader(header);
  if (users === 'zoho' || users === 'myoperator')
    throw new UsageError(`${file} is a \`list ${users} --csv\` export: users, not mappings.`, USERS_NOT_MAPPINGS);
  const zi = head.findIndex((h) => h.startsWith('zoho'));
  const mi = head.findIndex((h) => h.startsWith('myoperator'));
  if (zi < 0 || mi < 0)
    throw new UsageError(
      `${file}: the header needs a "zoho" and a "myoperator" column (it has: ${headerExcerpt(header)}).`,
      'Name the columns zoho and myoperator.',
    );
  // A `list mappings --csv` export has every field of the record (e-mails as <U+XXXX> where
  // invisible, null as an empty cell): a row of it with how and a date is rebuilt as recorded.
  const col = EXPORT_CSV.map((c) => head.indexOf(c));
  const whole = col.every((c) => c >= 0);
  const pairs = rows.slice(1).map(({ record: r, info }): Pair => {
    if (!r[zi] || !r[mi]) throw new UsageError(`${file}: line ${info.lines} has an empty zoho or myoperator field.`, 'Fix that line; nothing was imported.');
    const pair = { zoho: fromCsvCell(r[zi]!), myoperator: fromCsvCell(r[mi]!), where: `line ${info.lines}` };
    if (!whole) return pair;
    const [zohoId, zuid, zohoEmail, uuid, extension, myoperatorEmail, how, at] = col.map((c) => fromCsvCell(r[c] ?? ''));
    refuseUnknownHow(file, `line ${info.lines}`, how);
    // A spreadsheet that saves the export rewrites its times ("05/12/2026 17:02"): read as a pair
    // written by hand, the row lost how and when it was mapped (import, now), or a stale one was
    // refused as a typo ("No MyOperator user matches …").
    if (at && !isDate(at))
      throw new UsageError(
        `${file}: line ${info.lines} has the time "${visible(at)}", not as \`list mappings --csv\` writes it (an ISO time, such as 2026-12-05T17:02:00.000Z): a spreadsheet rewrites times when it saves the file.`,
        'Import the export as it was written (a spreadsheet that opens it must keep the times as text), or use `list mappings --json`; nothing was imported.',
      );
    return { ...pair, record: exportedRecord({ zoho: { id: zohoId, zuid: zuid || null, email: zohoEmail }, myoperator: { uuid, extension: extension || null, email: myoperatorEmail }, how, at }) };
  });
  return { pairs, ignored: [] };
}

async function importPairs(
  file: string,
  { pairs, ignored, leftUnmapped = [] }: ImportFile,
  ctx: Context,
  store: MappingStore,
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  now: string,
): Promise<void> {
  // An entry's problem names the file and the entry: the whole file is refused.
  const at = <T>(where: string, resolve: () => T): T => {
    try {
      return resolve();
    } catch (e) {
      throw e instanceof UsageError ? new UsageError(`${file}, ${where}: ${e.message} Nothing was imported.`, e.hint) : e;
    }
  };
  // The seam between a backup and a typo. An entry that is a whole mapping as this tool records it
  // (a `list mappings --json` export, or a `list mappings --csv` one, which has every field) is
  // restored as it was recorded: its ids, its e-mails, how and when, whether or not its users are
  // still there. Stale mappings are kept by default, so most backups hold one whose user has left;
  // looking it up among today's users refused the whole backup, and a store moved aside had no way
  // back. Restored as recorded, it is stale where its user is not there now, and `resync` and
  // `doctor` say so as they would have. A pair written by hand (`zoho,myoperator`, or JSON strings)
  // names users, and a name that matches nobody is a typo, refused as ever. Both kinds are checked
  // as a whole (one user in one pair) before anything is written.
  // `typed`: the users a pair written by hand names, whose pairing is checked as map --zoho's is (slipsOf).
  const resolved: Array<{ rec: Mapping; zDesc: string; mDesc: string; gone: boolean; where: string; typed?: { z: ZohoUser; m: MyOperatorUser } }> = [];
  const seenZ = new Map<string, string>();
  const seenM = new Map<string, string>();
  const liveZ = new Set(users.zoho.map((u) => u.id));
  const liveM = new Set(users.myoperator.map((u) => u.id));
  const [namedZoho, namedMyOperator] = [zohoFinder(users.zoho), myOperatorFinder(users.myoperator)];
  for (const p of pairs) {
    at(p.where, () => {
      let entry: (typeof resolved)[number];
      if (p.record) {
        const rec = p.record;
        const zd = recZ(rec.zoho);
        const md = recM(rec.myoperator);
        if (!liveZ.has(rec.zoho.id)) refuseSpreadsheetNumber(rec.zoho.id, liveZ);
        entry = { rec, zDesc: zd, mDesc: md, gone: !liveZ.has(rec.zoho.id) || !liveM.has(rec.myoperator.uuid), where: p.where };
      } else {
        const z = one(namedZoho(p.zoho), 'Zoho user', p.zoho, zDesc);
        const m = one(namedMyOperator(p.myoperator), 'MyOperator user', p.myoperator, mDesc);
        entry = { rec: mappingOf(z, m, p.origin?.how ?? 'import', p.origin?.at ?? now), zDesc: zDesc(z), mDesc: mDesc(m), gone: false, where: p.where, typed: { z, m } };
      }
      const { zoho: z, myoperator: m } = entry.rec;
      if (seenZ.has(z.id))
        throw new UsageError(`Zoho user ${entry.zDesc} is already paired at ${seenZ.get(z.id)}.`, 'One MyOperator user per Zoho user: keep one pair.');
      if (seenM.has(m.uuid))
        throw new UsageError(`MyOperator user ${entry.mDesc} is already paired at ${seenM.get(m.uuid)}.`, 'One Zoho user per MyOperator user: keep one pair.');
      seenZ.set(z.id, p.where);
      seenM.set(m.uuid, p.where);
      resolved.push(entry);
    });
  }
  const toIgnore = ignored.map((i) =>
    at(i.where, (): Ignored => {
      // A "never map" as exported is restored as recorded too: a Zoho user who has left stays ignored.
      const z = i.record ? { id: i.record.zohoId, email: i.record.email } : one(namedZoho(i.zoho), 'Zoho user', i.zoho, zDesc);
      if (seenZ.has(z.id)) throw new UsageError(`Zoho user ${i.record ? recZ(z) : zDesc(z as ZohoUser)} is paired at ${seenZ.get(z.id)} and ignored here.`, 'Keep one of the two.');
      return { zohoId: z.id, email: z.email, at: i.at ?? now };
    }),
  );
  leftUnmapped.forEach((l, i) => {
    const paired = seenM.get(l.uuid);
    if (paired)
      throw new UsageError(
        `${file}, ignoredMyOperator entry ${i + 1}: MyOperator user ${recM(l)} is paired at ${paired} and left unmapped here. Nothing was imported.`,
        'Keep one of the two.',
      );
  });
  // By id, not pair by pair: a store holds one mapping per user, and so does the file (checked
  // above); 10,000 pairs against 10,000 saved mappings were 10^8 comparisons, three times over.
  const savedAs = (data: MappingData) => {
    const byZoho = new Map(data.mappings.map((x) => [x.zoho.id, x]));
    return ({ rec }: { rec: Mapping }) => byZoho.get(rec.zoho.id)?.myoperator.uuid === rec.myoperator.uuid;
  };
  const saved = store.read();
  const already = resolved.filter(savedAs(saved)).length;
  const fileZ = new Map(resolved.map(({ rec }) => [rec.zoho.id, rec]));
  const fileM = new Map(resolved.map(({ rec }) => [rec.myoperator.uuid, rec]));
  const moved = saved.mappings.filter((x) => {
    const [sameM, sameZ] = [fileM.get(x.myoperator.uuid), fileZ.get(x.zoho.id)];
    return (sameM !== undefined && sameM.zoho.id !== x.zoho.id) || (sameZ !== undefined && sameZ.myoperator.uuid !== x.myoperator.uuid);
  });
  // Ignoring a Zoho user removes its mapping: asked like a replacement, never done in silence.
  const ignoring = new Set(toIgnore.map((z) => z.zohoId));
  const dropped = saved.mappings.filter((x) => ignoring.has(x.zoho.id));
  const droppedSet = new Set(dropped);
  // Named before the question: "1 saved mapping would be replaced" left the person to guess which
  // (off a terminal, the CI log said no more).
  const losing = [...new Set([...moved, ...dropped])];
  const lost = losing.length;
  if (lost > 0) {
    const line = (x: Mapping) =>
      `  Zoho ${recZ(x.zoho)} ↔ MyOperator ${seatOf(x.myoperator, users.myoperator)}${droppedSet.has(x) ? ': the file ignores that Zoho user' : ''}\n`;
    // Under --yes no question follows: the import goes ahead, so it does replace them.
    const does = ctx.globals.yes ? (dropped.length ? 'replaces or removes' : 'replaces') : `would ${dropped.length ? 'replace or remove' : 'replace'}`;
    ctx.say(`Saved mapping${lost === 1 ? '' : 's'} the import ${does}:\n${firstLines(losing.map(line))}`);
  }
  // A pair written by hand that takes another Zoho user's likely match is asked as map --zoho asks
  // it, in its words: the slip of one extension (ext 21 for 18) went through a file in silence, and
  // `fix` then gave that seat this Zoho user's e-mail. One saved as it is was asked when it was made.
  const isSaved = savedAs(saved);
  const slips = slipsOf(
    resolved.filter((r) => r.typed && !isSaved(r)),
    users,
    saved,
    now,
  );
  if (slips.length > 0)
    ctx.say(
      `${slips.length === 1 ? 'Pair of the file that may be a slip' : 'Pairs of the file that may be slips'}${ctx.globals.yes ? ', imported as --yes says' : ''}:\n${firstLines(slips.map((x) => `  ${x.where}: ${x.said}.\n`))}`,
    );
  const replacing = lost > 0 && `${lost} saved mapping${lost === 1 ? '' : 's'} would be ${dropped.length ? 'replaced or removed' : 'replaced'} by the import`;
  const slipping = slips.length > 0 && `${slips.length === 1 ? '1 pair of the file may be a slip' : `${slips.length} pairs of the file may be slips`} (above)`;
  const question =
    replacing && slipping ? `${replacing}, and ${slipping}. Import anyway?` : replacing ? `${replacing}. Import anyway?` : slipping && `${slipping}. Import ${slips.length === 1 ? 'it' : 'them'} all the same?`;
  if (question && !(await confirm(ctx, question))) {
    ctx.say('Nothing imported.\n');
    return;
  }
  const { fresh, stored, keptMapped } = await store.update((data) => {
    // A pair saved as it is stays as it is: its how and its date are not rewritten to "import".
    const isSaved = savedAs(data);
    const added = resolved.filter((r) => !isSaved(r));
    const paired = withMappingRecords(data, added.map(({ rec }) => rec));
    const ignoring = toIgnore.reduce<MappingData>((d, z) => (d.ignored.some((x) => x.zohoId === z.zohoId) ? d : withIgnored(d, { id: z.zohoId, email: z.email }, z.at)), paired);
    // One the store has mapped since stays mapped (a mapped user is never left unmapped), and is said.
    const mappedM = new Set(ignoring.mappings.map((m) => m.myoperator.uuid));
    const keptMapped = leftUnmapped.filter((l) => mappedM.has(l.uuid));
    const next = leftUnmapped.reduce<MappingData>(
      (d, l) => (mappedM.has(l.uuid) || d.ignoredMyOperator?.some((x) => x.uuid === l.uuid) ? d : withIgnoredMyOperator(d, { id: l.uuid, extension: l.extension, email: l.email, ...(l.name && { name: l.name }) }, l.at)),
      ignoring,
    );
    return { data: next, result: { fresh: added, stored: next, keptMapped } };
  });
  const restoredGone = fresh.filter((e) => e.gone).length;
  // As `map --zoho --myoperator` says of one pair: the file maps people, but PhoneBridge attributes
  // a pair's calls only once MyOperator holds the Zoho e-mail. "Imported 2 mappings." alone left
  // them unattributed with nothing said; a pair fix refuses as it stands is told apart.
  const zById = new Map(users.zoho.map((u) => [u.id, u]));
  const mById = new Map(users.myoperator.map((u) => [u.id, u]));
  // Judged as fix's plan judges them: a pair recorded with another MyOperator e-mail than it holds
  // now (a backup of another day, or of another company) is held until `--only` names it, and
  // "run `fix --only 18 19`" counted those with the rest, which plain fix then left alone (exit 5).
  // Indexed only when a pair differs: most imports restore pairs whose e-mails are equal.
  let verdictOf: ReturnType<typeof fixVerdicts> | undefined;
  const differing = fresh.flatMap(({ rec }) => {
    const z = zById.get(rec.zoho.id);
    const m = mById.get(rec.myoperator.uuid);
    if (!z || !m || !z.email || z.email === m.email) return [];
    verdictOf ??= fixVerdicts({ ...users, mappings: stored.mappings, ignored: stored.ignored.map((i) => i.zohoId) });
    return [{ z, m, verdict: verdictOf(rec, z, m) }];
  });
  const settable = differing.filter((d) => d.verdict === 'sets');
  const held = differing.filter((d) => d.verdict === 'holds');
  const crossed = differing.filter((d) => d.verdict === 'crossed');
  const refused = differing.length - settable.length - held.length - crossed.length;
  const forFix = settable.length;
  // Plain `fix` plans every mismatch of the accounts, not only these pairs: a few are named, as
  // `map --zoho … --myoperator …` names its one pair.
  const fixThem = fixForPairs(
    settable.map(({ m }) => pastable(myOperatorWord(users, m))),
    () => wholePlanChanges(users, stored),
  );
  const n = resolved.length - already;
  const newlyIgnored = toIgnore.filter((z) => !saved.ignored.some((x) => x.zohoId === z.zohoId)).length;
  const leftBefore = leftUnmappedIds(saved);
  const newlyLeft = (stored.ignoredMyOperator ?? []).filter((l) => !leftBefore.has(l.uuid)).length;
  // A pair of the file on a line left unmapped on purpose maps it, and the mark goes: said, not done in silence.
  const pairedM = new Set(fresh.map(({ rec }) => rec.myoperator.uuid));
  const unmarked = (saved.ignoredMyOperator ?? []).filter((l) => pairedM.has(l.uuid));
  const s = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const parts = [
    `Imported ${s(n, 'mapping')}${moved.length ? `, replacing ${moved.length}` : ''}`,
    restoredGone &&
      // Not "as when exported": an export marks no pair stale, and one of another day or company
      // restores pairs that were current there.
      `${restoredGone} of them restored as recorded though ${restoredGone === 1 ? 'its user is' : 'their users are'} not among the users now: stale (\`resync\` reports ${restoredGone === 1 ? 'it' : 'them'})`,
    forFix &&
      `${forFix} of them with e-mails that differ, so PhoneBridge attributes none of ${forFix === 1 ? 'its' : 'their'} calls until MyOperator holds the Zoho e-mail: run ${fixThem}`,
    held.length && `${held.length} of them with e-mails that differ, ${heldSaid(held.map(({ m }) => pastable(myOperatorWord(users, m))))}`,
    crossed.length && `${crossed.length} of them with e-mails that differ, ${crossedSaid(crossed.map(({ m }) => pastable(myOperatorWord(users, m))))}`,
    refused && `${refused} of them with e-mails that differ that fix refuses as ${refused === 1 ? 'it stands' : 'they stand'} (\`phonebridge-sync fix --dry-run\` says why)`,
    already && `${already} already saved as ${already === 1 ? 'it is' : 'they are'}`,
    newlyIgnored && `${s(newlyIgnored, 'Zoho user')} ignored, as the file says${dropped.length ? `, removing ${s(dropped.length, 'mapping')}` : ''}`,
    newlyLeft && `${s(newlyLeft, 'MyOperator user')} left unmapped on purpose, as the file says`,
    unmarked.length &&
      `${s(unmarked.length, 'MyOperator user')} left unmapped on purpose ${unmarked.length === 1 ? 'is' : 'are'} mapped now, as the file pairs ${unmarked.length === 1 ? 'it' : 'them'}, and no longer left unmapped: ${seriesUpTo(
        // As --unmap names a mark (recM): "(Night Shift, ext 31 (uuid))" was a form of its own, brackets in brackets.
        unmarked.map(recM),
        3,
      )}`,
    // "`map --unmap` first" named no user, and --unmap alone leaves a user to be asked about, not unmapped on purpose.
    keptMapped.length &&
      `${s(keptMapped.length, 'MyOperator user')} the file leaves unmapped ${keptMapped.length === 1 ? 'is' : 'are'} mapped in the store and ${keptMapped.length === 1 ? 'stays' : 'stay'} mapped: ${leaveAgain(keptMapped, users, stored)}`,
  ];
  ctx.say(`${parts.filter(Boolean).join('; ')}.\n`);
}

/** Lines of a list said before a question: the first ten, and how many more. */
function firstLines(lines: readonly string[]): string {
  const SHOWN = 10;
  return `${lines.slice(0, SHOWN).join('')}${lines.length > SHOWN ? `  … and ${lines.length - SHOWN} more\n` : ''}`;
}

/**
 * The pairs of an import written by hand (`typed`) that slipOf would ask about, each with where it
 * is and slipOf's sentence: the matcher run once on the store for them all, not once per pair.
 */
function slipsOf(
  entries: ReadonlyArray<{ where: string; typed?: { z: ZohoUser; m: MyOperatorUser } }>,
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  stored: MappingData,
  now: string,
): Array<{ where: string; said: string }> {
  const doubted = entries.flatMap(({ where, typed }) => (typed && !pairedByEmail(typed.z, typed.m) ? [{ where, ...typed }] : []));
  if (doubted.length === 0) return [];
  const { results } = reconcile({ ...stored, ...users, auto: false, prune: false, now }).report;
  const resembled = resemblances(results);
  return doubted.flatMap(({ where, z, m }) => {
    const others = resembled(z, m);
    return others.length ? [{ where, said: slipSaid(z, m, users, results, others).said }] : [];
  });
}

/**
 * The pairs just imported that fix holds (see fixVerdicts), each by the word `--only` takes: their
 * `fix --only` while they fit under fix's cap, else `fix --dry-run`, which names each one's.
 */
function heldSaid(words: readonly string[]): string {
  const one = words.length === 1;
  const first = `recorded with another MyOperator e-mail than ${one ? 'it holds' : 'they hold'} now, which fix leaves alone until told`;
  // Past the cap their words would make a sentence of hundreds, and a run --max-changes must let through.
  if (words.length > MAX_CHANGES_DEFAULT) return `${first}: each is set only by the \`fix --only\` that \`phonebridge-sync fix --dry-run\` names for it, where it is still the same person`;
  // "says what each had": of another day's or company's export, what this MyOperator had is not known.
  return `${first} (\`phonebridge-sync fix --dry-run\` says what ${one ? 'it' : 'each'} holds and was recorded with): \`phonebridge-sync fix --only ${words.join(' ')}\` sets ${one ? 'it where it is still the same person' : 'them where each is still the same person (leave out any that is someone else now)'}`;
}

/**
 * The pairs just imported whose MyOperator user is another Zoho user's likely match, which fix holds
 * (see fixVerdicts) as it holds a retyped one (heldSaid): their `fix --only` while under fix's cap.
 */
function crossedSaid(words: readonly string[]): string {
  const one = words.length === 1;
  const first = `whose MyOperator ${one ? 'user is' : 'users are'} another Zoho user's likely match or candidate, which fix leaves alone until told`;
  if (words.length > MAX_CHANGES_DEFAULT) return `${first}: each is set only by the \`fix --only\` that \`phonebridge-sync fix --dry-run\` names for it, where the seat is its pair's`;
  return `${first}: \`phonebridge-sync fix --only ${words.join(' ')}\` sets ${one ? 'it where the seat is its pair\'s' : 'them where each seat is its pair\'s (leave out any that is not)'}`;
}

/** The two commands that leave mapped users unmapped on purpose: by the user's word where one is meant, else with a placeholder. */
function leaveAgain(kept: readonly IgnoredMyOperator[], users: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] }, stored: MappingData): string {
  const word = kept.length === 1 ? myOperatorWord(users, { id: kept[0]!.uuid, extension: kept[0]!.extension }) : undefined;
  // The unmap by the uuid where the word finds another pair or mark too: --unmap removes all it finds.
  return `${unmapCommand(word === undefined ? undefined : pairUndoWord(word, kept[0]!.uuid, stored))}, then ${ignoreMyOperatorCommand(word, '<user>')} leave ${kept.length === 1 ? 'it' : 'each'} unmapped on purpose`;
}

/**
 * Who `map --auto` mapped, as resync's table names them: "Mapped 1 exact match." named no one, and
 * the admin looked in the history for whom. Past 10, the first 9 and where the rest are listed.
 */
function mappedWho(added: readonly Mapping[], myoperator: readonly MyOperatorUser[]): string {
  if (added.length === 0) return '';
  const byUuid = new Map(myoperator.map((u) => [u.id, u]));
  const words = added.map((m) => {
    const u = byUuid.get(m.myoperator.uuid);
    return u ? listedUser(u) : `${reveal(m.myoperator.email)} (ext ${visible(m.myoperator.extension ?? '-')})`;
  });
  return `: ${seriesUpTo(words, 10)}${added.length > 10 ? ' (`phonebridge-sync list mappings` lists them all)' : ''}`;
}
