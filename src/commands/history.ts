/**
 * `list history`: every change the tool made, oldest first, from the history file beside the
 * mappings file: a table at a terminal (one row a change: history-rows.ts), tab-separated lines for programs (`--csv` the same columns
 * under a header row), `--json` an array of the entries as written, `--since` to keep the recent ones.
 */
import { existsSync } from 'node:fs';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { reveal, visible } from '../core/forensics.js';
import { SINCE_FORMS, sinceInstant, sinceProblem, sinceWords } from '../core/period.js';
import { recordedTimeWords, utcInstant } from '../core/utc-time.js';
import { seatNames, type HistoryEntry, type SeatNames } from '../store/history.js';
import type { MappingStore } from '../store/mappings.js';
import { stoppedNote, whyWaiting } from '../store/set-aside-words.js';
import { page } from '../io/pager.js';
import { toJson, toTsv } from '../io/render.js';
import { checkFormat } from './list.js';
import { historyRows, type HistoryRow } from './history-rows.js';
import { plural } from '../io/plural.js';
import { palette } from '../ui/style.js';
import { wrapIndented } from '../ui/wrap.js';

export interface HistoryOptions {
  since?: string;
  csv?: boolean;
}

/**
 * The columns of a line, piped (in this order, no header) or --csv (under this header): the detail
 * (why a change was not applied) and who chose a pair come last, often empty, added after the
 * columns a script already cuts by number.
 */
const HISTORY_COLUMNS = ['time', 'command', 'action', 'result', 'user', 'change', 'detail', 'how'] as const;

function lineOf(e: HistoryEntry, names: SeatNames): string[] {
  return [e.time, e.command, e.action, e.result, e.user, describeChange(e, names), e.detail ?? '', chosenBy(e)];
}

type Side = { id?: unknown; uuid?: unknown; zuid?: unknown; email?: unknown; extension?: unknown; name?: unknown };
type Pair = { zoho?: Side; myoperator?: Side; how?: unknown };

function text(v: unknown): string {
  return typeof v === 'string' ? visible(v) : '';
}

function address(v: unknown): string {
  return typeof v === 'string' ? reveal(v) : '';
}

function zohoOf(p: Pair | null): string {
  return address(p?.zoho?.email) || text(p?.zoho?.id) || '?';
}

/**
 * By its e-mail, as every line names a person; without one, by its name ("Night Shift (no e-mail)",
 * as map's sentences name it), recorded in the line or in another of the history, else by its uuid.
 */
function moOf(p: Pair | null, names?: SeatNames): string {
  const m = p?.myoperator;
  const ext = text(m?.extension);
  const name = text(m?.name) || (typeof m?.uuid === 'string' ? text(names?.get(m.uuid)) : '');
  return `${address(m?.email) || (name && `${name} (no e-mail)`) || text(m?.uuid) || '?'}${ext ? ` (ext ${ext})` : ''}`;
}

/**
 * An action as a row at a terminal says it: "map map" (the command, then the action) read as a
 * stutter. Piped and --json rows keep the recorded word.
 */
const ACTION_WORDS: Record<string, string> = {
  map: 'mapped',
  unmap: 'unmapped',
  remap: 'remapped',
  update: 'updated',
  ignore: 'ignored (never map)',
  unignore: 'un-ignored',
  'ignore-myoperator': 'left unmapped on purpose',
  'unignore-myoperator': 'no longer left unmapped',
  'set-email': 'set e-mail',
};

/**
 * The result a row shows for a `sending` line no outcome followed: fix writes it before it sends the
 * change, so the run was stopped before or after sending it, or is under way (noOutcomeNote).
 */
const NO_OUTCOME = 'no outcome recorded';

/**
 * Who chose a pair, as the mapping records it (`how`), said after a row's action ("mapped by hand")
 * and by an update that changed it ("mapped by import now (was an exact match)"). An admin auditing
 * the history reads it at the terminal, where "resync: mapped" alone said the same of an exact match
 * and of a person's pick at resync's offer to map. A line without it (written by hand) keeps the plain word.
 */
const CHOSEN: Record<string, { afterAction: string; inUpdate: string }> = {
  auto: { afterAction: ' (exact match)', inUpdate: 'an exact match' },
  manual: { afterAction: ' by hand', inUpdate: 'by hand' },
  import: { afterAction: ' by import', inUpdate: 'by import' },
};

function actionWords(e: HistoryEntry): string {
  const word = Object.hasOwn(ACTION_WORDS, e.action) ? ACTION_WORDS[e.action]! : visible(e.action);
  const how = chosenBy(e);
  if (!Object.hasOwn(CHOSEN, how)) return word;
  return e.action === 'map' && how === 'import' ? 'imported' : `${word}${CHOSEN[how]!.afterAction}`;
}

/**
 * Who chose the pair a map or remap line records, as the mapping keeps it (auto, manual, import),
 * '' for a change that chose none. Piped, its own column: "resync\tmap" said the same of an exact
 * match and of a person's pick, which the terminal tells apart.
 */
export function chosenBy(e: HistoryEntry): string {
  const how = (e.after as { how?: unknown } | null)?.how;
  return (e.action === 'map' || e.action === 'remap') && typeof how === 'string' ? how : '';
}

/**
 * What an update changed of a pair, of the fields a mapping keeps (core/mapping-changes.ts `same`):
 * "recorded e-mails updated" was said of an import that only restored the pair's origin.
 */
function updated(b: Pair | null, a: Pair | null): string {
  const origin = (p: Pair | null) => (typeof p?.how === 'string' && Object.hasOwn(CHOSEN, p.how) ? CHOSEN[p.how]!.inUpdate : text(p?.how) || '?');
  const parts = [
    b?.zoho?.email !== a?.zoho?.email || b?.myoperator?.email !== a?.myoperator?.email ? 'recorded e-mails updated' : '',
    b?.myoperator?.extension !== a?.myoperator?.extension ? `extension ${text(b?.myoperator?.extension) || '-'} → ${text(a?.myoperator?.extension) || '-'}` : '',
    b?.zoho?.zuid !== a?.zoho?.zuid ? 'Zoho zuid updated' : '',
    b?.how !== a?.how ? `mapped ${origin(a)} now (was ${origin(b)})` : '',
  ].filter(Boolean);
  // A line written by hand, or by a version that recorded other fields: the old words, not nothing.
  return parts.length ? parts.join('; ') : 'recorded e-mails updated';
}

/** One line saying what changed, from the entry's before and after. */
export function describeChange(e: HistoryEntry, names?: SeatNames): string {
  const b = (e.before ?? null) as (Pair & { email?: unknown; zohoId?: unknown }) | null;
  const a = (e.after ?? null) as (Pair & { email?: unknown; zohoId?: unknown; target?: unknown }) | null;
  switch (e.action) {
    case 'map':
      return `Zoho ${zohoOf(a)} ↔ MyOperator ${moOf(a, names)}`;
    case 'unmap':
      return `Zoho ${zohoOf(b)} ↮ MyOperator ${moOf(b, names)}`;
    case 'remap':
      return `Zoho ${zohoOf(a)}: MyOperator ${moOf(b, names)} → ${moOf(a, names)}`;
    case 'update':
      return `Zoho ${zohoOf(a)} ↔ MyOperator ${moOf(a, names)}: ${updated(b, a)}`;
    case 'ignore':
    case 'unignore':
      // An e-mail as every other view shows it: a look-alike "о" as <U+043E>, not passing for an "o".
      return `Zoho ${address((a ?? b)?.email) || text((a ?? b)?.zohoId) || '?'}`;
    case 'ignore-myoperator':
    case 'unignore-myoperator':
      // Its record is the MyOperator side alone, as a mapping holds it.
      return `MyOperator ${moOf({ myoperator: (a ?? b) as Pair['myoperator'] }, names)}`;
    case 'set-email': {
      // The pair, as a map line names it; the seat by its name, as the rows of a seat with no e-mail
      // name it (its e-mail is what changed, said after): the one fix recorded, else the last one
      // the history recorded for that uuid (lines written before fix recorded it), else its uuid.
      // Lines written before fix recorded the Zoho side have none to name.
      const zoho = b?.zoho ? `Zoho ${zohoOf(b)} ↔ ` : '';
      const m = b?.myoperator;
      const seat = text(m?.name) || (typeof m?.uuid === 'string' ? text(names?.get(m.uuid)) : '') || text(m?.uuid);
      return `${zoho}MyOperator ${seat}${text(m?.extension) ? ` (ext ${text(m?.extension)})` : ''}: "${address(m?.email)}" → "${address(a?.target ?? a?.myoperator?.email)}"`;
    }
    default:
      return '';
  }
}

export async function run(opts: HistoryOptions, ctx: Context, store: Pick<MappingStore, 'path' | 'historyPath' | 'setAsidePath' | 'aboutToRead' | 'readHistory' | 'directoryAtPath'>): Promise<void> {
  // The history sits beside the mappings file: a --mappings that is a directory has none to read,
  // which is said as `list mappings` says it, not shown as "0 entries".
  const directory = store.directoryAtPath();
  if (directory) throw directory;
  checkFormat(opts, ctx);
  // A --since it cannot read is said before the file is: not hidden behind a broken line in it.
  const from = opts.since === undefined ? undefined : sinceInstant(opts.since, ctx.now());
  if (opts.since !== undefined && !from) throw new UsageError(`--since "${visible(opts.since)}" ${sinceProblem(opts.since, ctx.now())}.`, SINCE_FORMS);
  store.aboutToRead();
  const read = store.readHistory();
  let entries = read.entries;
  // At a terminal, the rows shown (one a change), which the count and the recovered note count too.
  let rows: HistoryRow[] | undefined;
  // The last ones, set aside by a run stopped between saving the mappings file and its history.
  const recovered = new Set(entries.slice(entries.length - read.setAside));
  const rowRecovered = (r: HistoryRow) => recovered.has(r.entry) || (r.outcome !== undefined && recovered.has(r.outcome));
  // From the whole second the sentence names ("since 12:38:46 UTC", the rows printing seconds):
  // --since 1h is an instant inside a second, and that second's earlier entries went unsaid.
  const fromSecond = from && Math.floor(from.getTime() / 1000) * 1000;
  // From every line, those --since leaves out too; read once, when a row is shown (not for --json).
  let known: SeatNames | undefined;
  const names = () => (known ??= seatNames(read.entries));
  if (fromSecond !== undefined) entries = entries.filter((e) => utcInstant(e.time) >= fromSecond);
  // The entries as written, not given this run's options (as other --json documents' commands are):
  // a record of what a run said then is not rewritten, here or in the table.
  if (ctx.globals.json) ctx.stdout.write(toJson(entries, ctx.stdoutIsTTY));
  else if (opts.csv) ctx.stdout.write((await import('../io/csv.js')).toCsv(HISTORY_COLUMNS, entries.map((e) => lineOf(e, names()))));
  else if (ctx.stdoutIsTTY) {
    // Like `git log`: a line of facts in words ("map: mapped by hand · done · by root"), then the change in
    // full on its own line; an e-mail is never cut to fit a column. One row a change: see history-rows.ts.
    const c = palette(ctx.color);
    rows = historyRows(entries);
    await page(
      ctx,
      rows
        .map((row) => {
          const { entry: e, unanswered } = row;
          const last = row.outcome ?? e;
          const result = unanswered ? NO_OUTCOME : visible(last.result);
          const detail = last.detail && visible(last.detail);
          const shown = result.startsWith('applied') || result === 'done' ? c.green(result) : c.yellow(result);
          const mark = rowRecovered(row) ? ` · ${c.yellow('recovered')}` : '';
          return `${c.dim(visible(recordedTimeWords(e.time, true)))}  ${c.bold(`${visible(e.command)}:`)} ${actionWords(e)} · ${shown} · ${c.dim(`by ${visible(e.user)}`)}${mark}\n${wrapIndented(describeChange(last, names()), ctx.stdout.columns, '      ', '    ')}\n${detail ? `${wrapIndented(detail, ctx.stdout.columns, '      ', '    ')}\n` : ''}`;
        })
        .join(''),
    );
  }
  else ctx.stdout.write(toTsv(entries.map((e) => lineOf(e, names()))));
  // "0 entries, in <file>" named a file that is not there, and not what would fill it.
  if (!ctx.globals.json && read.entries.length === 0 && !existsSync(store.historyPath))
    ctx.say(`No history yet: map, resync and fix write ${visible(store.historyPath)} when they change a mapping or an e-mail.\n`);
  else if (!ctx.globals.json)
    // A row at a terminal is a change's sending line and its outcome's: the lines are said beside it,
    // so the count agrees with the piped one (every line) for the same history.
    ctx.say(
      `${plural(rows?.length ?? entries.length, 'entry', 'entries')}${from ? ` since ${sinceWords(from, true)}` : ''}${rows && rows.length !== entries.length ? `, from ${plural(entries.length, 'line')}` : ''}, in ${visible(store.historyPath)}.\n`,
    );
  // Said with --json too (on stderr): a script reading the array should know a line was left out.
  if (read.cutShort.length) ctx.say(`${incompleteLinesNote(store.historyPath, read.cutShort, read.lastLine)}\n`);
  // Once, under the rows, not under each: a run killed mid-send leaves every change it planned so.
  const unanswered = rows?.filter((r) => r.unanswered).length;
  if (unanswered) ctx.say(`${noOutcomeNote(unanswered)}\n`);
  const shownRecovered = rows ? rows.filter(rowRecovered).length : entries.filter((e) => recovered.has(e)).length;
  if (shownRecovered) ctx.say(`${recoveredNote(store.setAsidePath, shownRecovered)}\n`);
  // Shown without them, not stopped on them as a change is; said with --json too, as the cut lines are.
  if (read.setAsideRefused) ctx.say(stoppedNote(read.setAsideRefused));
}

/** Why n rows say "no outcome recorded", and what records it. */
function noOutcomeNote(n: number): string {
  const [them, were, change] = n === 1 ? ['it', 'was', 'The change'] : ['them', 'were', `The ${n} changes`];
  return (
    `${change} marked "${NO_OUTCOME}" ${were} recorded by fix as it was about to send ${them}, and nothing after: the fix that recorded ${them} was stopped (before or after sending ${them}), or is sending still. ` +
    `The next \`phonebridge-sync fix\` that sends records what MyOperator holds then; \`phonebridge-sync fix --dry-run\` shows whether ${n === 1 ? 'the e-mail still differs' : 'the e-mails still differ'}.`
  );
}

/**
 * The entries shown from the lines a stopped run set aside: not in the history file yet, which the
 * next change writes them to (history-journal.ts). Read-only, list history leaves them there.
 */
function recoveredNote(file: string, n: number): string {
  return `The last ${n === 1 ? 'entry is' : `${n} entries are`} recovered from ${visible(file)}: ${whyWaiting(n)}.`;
}

/**
 * One sentence for the lines cut short: which, that nothing else is lost, and how to end the note.
 * The next append starts on a line of its own, so a cut line may have entries after it.
 */
function incompleteLinesNote(file: string, lines: readonly number[], lastLine: number): string {
  const one = lines.length === 1;
  const which = one ? `line ${lines[0]}` : `lines ${lines.slice(0, -1).join(', ')} and ${lines.at(-1)}`;
  // Only the last line is surely a run stopped mid-append; one with entries after it may be that
  // (the next run starts on a line of its own) or a hand edit, and "a run was stopped" alone sent
  // the reader away from an edit that also cut it.
  const why = lines.every((l) => l === lastLine)
    ? `${one ? 'a run was' : 'runs were'} stopped while writing ${one ? 'it' : 'them'}`
    : `cut short by ${one ? 'a run stopped while writing it, or by a hand edit' : 'runs stopped while writing them, or by hand edits'}`;
  return `The history file ${visible(file)} has ${one ? 'an incomplete line' : `${lines.length} incomplete lines`} (${which}: ${why}), left out; the entries on every other line are whole. Delete ${one ? 'that line' : 'those lines'} if you want this note gone.`;
}
