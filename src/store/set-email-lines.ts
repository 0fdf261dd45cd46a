/**
 * The history lines of fix's e-mail changes, as they are read back: fix writes them (commands/fix),
 * list history and the next fix pair each `sending` line with its outcome (pairOutcomes), and
 * doctor --calls and --webhook read what MyOperator did not take from them. Kept beside the
 * history store, which both read through: doctor sits below the commands and imports none.
 */
import { CliError } from '../errors.js';
import { redact } from '../clients/redact.js';
import { visible } from '../core/forensics.js';
import type { ChangeNotTaken } from '../core/call-audit.js';
import type { History, HistoryEntry } from './history.js';

/** One change of a MyOperator e-mail: what it was, what MyOperator held after it (as read back), and the result. */
export interface SetEmailLine {
  action: 'set-email';
  /** `name`: the MyOperator user's, where it has one (lines written before it was recorded have none). */
  before: { zoho: { id: string; email: string }; myoperator: { uuid: string; extension: string | null; email: string; name?: string } };
  after: { myoperator: { uuid: string; extension: string | null; email: string | null }; target: string };
  result: string;
  detail?: string;
}

/**
 * How the detail of a change MyOperator refused, or answered success to and left as it was, begins:
 * written by fix's verify, and read back by changesNotTaken, which must not send the admin to the
 * `fix --only` that just failed.
 */
export const NOT_TAKEN = { refused: 'MyOperator refused: ', ignored: 'MyOperator answered success, but ' } as const;

/**
 * How fix's detail of a change not shown on two reads a pause apart ends: true when fix ran, and
 * dropped by changesNotTaken, whose reader sees the e-mail still not set now (doctor read it).
 */
export const MAY_YET_TAKE = '; if MyOperator is only slow to show it, it may yet take';

/**
 * How fix's detail says the read-back showed the user's extension changed with its e-mail: written
 * by fix's verify, and read back by extensionsFixSet, which must not blame fix for a move an admin
 * made later.
 */
export const EXTENSION_NOW = 'its extension is now ';

/** A history entry as the set-email line fix writes, or undefined: a hand-edited one is no change to read. */
export function setEmailLineOf(entry: HistoryEntry): (SetEmailLine & { time: string }) | undefined {
  const line = entry as unknown as Partial<SetEmailLine>;
  if (entry.action !== 'set-email' || typeof line.before?.myoperator?.uuid !== 'string' || typeof line.after?.target !== 'string' || typeof line.before?.zoho?.id !== 'string')
    return undefined;
  return entry as unknown as SetEmailLine & { time: string };
}

/** One of fix's set-email lines as pairOutcomes reads it. */
interface ChangeEntry {
  line: SetEmailLine & { time: string };
  /** Its change: the MyOperator user's uuid and the target, NUL between, which a `sending` line and its outcome share. */
  change: string;
  /** Of a `sending` line: the index of the line giving its outcome, where one followed. */
  outcome?: number;
  /** Of an outcome: the index of the `sending` line it gives the outcome of, where one was open. */
  sending?: number;
}

/** A history entry as pairOutcomes reads it, at the entry's own index: no `line` where it is no change of fix's (another action, or a line edited by hand). */
type PairedEntry = ChangeEntry | { line?: undefined };

/**
 * Each entry with the line it pairs with. fix writes a `sending` line before it sends a change and
 * one with its outcome after (the history is a write-ahead log); lines carry no run id, so an outcome
 * pairs with the earliest `sending` line of its change that no outcome followed yet. list history
 * folds each pair into one row; the next fix records what became of the `sending` lines left open.
 */
export function pairOutcomes(entries: readonly HistoryEntry[]): PairedEntry[] {
  const paired: PairedEntry[] = [];
  // Each change's `sending` lines, oldest first, and how many an outcome followed: appended and stepped
  // past, never copied nor shifted, as a list copied at each line made a long history take minutes.
  const open = new Map<string, { sending: Array<{ at: number; paired: ChangeEntry }>; head: number }>();
  for (const [at, entry] of entries.entries()) {
    const line = setEmailLineOf(entry);
    if (!line) {
      paired.push({});
      continue;
    }
    const change = `${line.before.myoperator.uuid}\0${line.after.target}`;
    const mine: ChangeEntry = { line, change };
    paired.push(mine);
    const queue = open.get(change) ?? { sending: [], head: 0 };
    open.set(change, queue);
    if (line.result === 'sending') queue.sending.push({ at, paired: mine });
    else if (queue.head < queue.sending.length) {
      const first = queue.sending[queue.head++]!;
      first.paired.outcome = at;
      mine.sending = first.at;
    }
  }
  return paired;
}

/**
 * The MyOperator users (by uuid) whose latest change by fix MyOperator refused, or answered success
 * to and left as it was, with when and what it answered: `fix --only` would meet the same, so
 * doctor --calls gives the panel instead. A later line (applied, or a run under way) clears it.
 * Read once, only when a cure would send someone to fix; a history that cannot be read (a broken
 * line, or a directory in its place: list history and doctor's mappings-file name it) gives none, and
 * doctor offers fix as it did before. `read` is the store's read, as list history, map and fix
 * read it: doctor's, whose one read mappings-file shares.
 */
export function changesNotTaken(read: () => History): Map<string, ChangeNotTaken> {
  const latest = new Map<string, SetEmailLine & { time: string }>();
  for (const line of readableLines(read)) latest.set(line.before.myoperator.uuid, line);
  const out = new Map<string, ChangeNotTaken>();
  for (const [uuid, line] of latest) {
    if (line.result !== 'not-applied') continue;
    const detail = typeof line.detail === 'string' ? line.detail : '';
    // Only what MyOperator itself said no to: a change never sent, or stopped by a token, the
    // network or a rate limit, is for a later fix, as fix said.
    const { time, after } = line;
    if (detail.startsWith(NOT_TAKEN.refused)) {
      const said = quoted(detail.slice(NOT_TAKEN.refused.length));
      out.set(uuid, { time, target: after.target, answer: said === undefined ? `it refused; ${LIST_HISTORY} its answer` : `it refused: ${onceQuoted(said)}` });
    }
    // Asked only where the e-mail is still not set (call-audit.ts): what may have been on its way then did not take.
    else if (detail.startsWith(NOT_TAKEN.ignored)) {
      const said = quoted(detail.slice(NOT_TAKEN.ignored.length).replace(MAY_YET_TAKE, ''));
      out.set(uuid, {
        time,
        target: after.target,
        answer:
          said === undefined
            ? `it answered success, but left the e-mail as it was, and it is not set now either; ${LIST_HISTORY} what fix read back`
            : `it answered success, but ${said}; not set now either, so it did not take`,
      });
    }
  }
  return out;
}

const LIST_HISTORY = '`list history` shows';

/**
 * The longest record doctor quotes: fix's own detail, with its e-mails at their longest (254
 * characters each), is well under it; a longer one was edited by hand.
 */
const QUOTE_MAX = 1_000;

/**
 * A history detail as doctor quotes it: visible and redacted, whole, or its first whole sentence
 * when it is longer than QUOTE_MAX; undefined when even that is (a hand-edited line). Never cut at
 * a length: "…where PhoneBridge needs the…" quoted half of fix's sentence, and an e-mail cut short
 * reads as another.
 */
function quoted(detail: string): string | undefined {
  const text = visible(redact(detail));
  if (text.length <= QUOTE_MAX) return text;
  const first = /^.*?[.!?](?=\s+\p{Lu})/su.exec(text)?.[0];
  return first !== undefined && first.length <= QUOTE_MAX ? first : undefined;
}

/**
 * A recorded refusal, quoted once: a 4xx body's reason (`HTTP 404: "User not found"`) and a status
 * word of its own (`status "failed": duplicate`) are recorded with MyOperator's words quoted already,
 * and wrapping them again read "(it refused: "HTTP 404: "User not found"")"; a record in
 * MyOperator's bare words (its envelope's message) is wrapped.
 */
function onceQuoted(said: string): string {
  return said.includes('"') ? said : `"${said}"`;
}

/**
 * The extension each MyOperator user held (by extension: uuid and when) when fix set its e-mail
 * and the read-back showed the extension gone with it: an update that empties or changes the fields
 * it was not sent (reference §4, unconfirmed) leaves the call logs naming an extension no user has
 * now, and doctor --calls would call that seat's agent one who has left. Whether the user still
 * lacks it is for the reader, who has the users.
 */
export function extensionsFixSet(read: () => History): Map<string, { uuid: string; time: string }> {
  const out = new Map<string, { uuid: string; time: string }>();
  for (const line of readableLines(read)) {
    const extension = line.before.myoperator.extension;
    const moved = line.result === 'applied' && typeof line.detail === 'string' && line.detail.includes(EXTENSION_NOW);
    if (moved && typeof extension === 'string' && extension.trim()) out.set(extension.trim(), { uuid: line.before.myoperator.uuid, time: line.time });
  }
  return out;
}

/**
 * What CallAudit asks of the history (changesNotTaken, extensionsFixSet), each worked out on its
 * first question and kept: --calls and --webhook made these twice over, and --webhook worked the
 * extensions out again at each question (twice for a seat fix emptied: its cure, then its line).
 */
export function historyAnswers(read: () => History): {
  lastTry: (uuid: string) => ChangeNotTaken | undefined;
  setAt: (extension: string) => { uuid: string; time: string } | undefined;
} {
  let notTaken: Map<string, ChangeNotTaken> | undefined;
  let fixSet: ReturnType<typeof extensionsFixSet> | undefined;
  return {
    lastTry: (uuid) => (notTaken ??= changesNotTaken(read)).get(uuid),
    setAt: (extension) => (fixSet ??= extensionsFixSet(read)).get(extension),
  };
}

/**
 * fix's set-email lines, oldest first; none from a history that cannot be read (a broken line, or
 * a directory in its place: list history and doctor's mappings-file name it), so doctor's cures
 * are what they were without it.
 */
function readableLines(read: () => History): Array<SetEmailLine & { time: string }> {
  let entries: HistoryEntry[];
  try {
    entries = read().entries;
  } catch (e) {
    if (e instanceof CliError) return [];
    throw e;
  }
  return entries.flatMap((entry) => setEmailLineOf(entry) ?? []);
}
