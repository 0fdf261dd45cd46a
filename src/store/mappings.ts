/**
 * The mapping store: which Zoho user is tied to which MyOperator user, and who is never mapped.
 * A file apart from the credentials (mappings are not secret), written durably (durable-write.ts:
 * whole and flushed, or not at all, keeping the mode the file has), stable, sorted and pretty (a
 * CI job keeps it in its repository: small diffs), with a schema version, validated with zod on
 * read. Every change runs under a cross-process lock (proper-lockfile) on a fresh read, so two
 * runs cannot lose each other's writes. A corrupt or hand-broken file is a UsageError naming it;
 * one backup is kept per distinct broken content and the file is never reset.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { copyFileSync, existsSync, lstatSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { LockHeld, StorageError, UsageError } from '../errors.js';
import { describeIssue } from '../clients/schemas.js';
import { isRecord } from '../clients/plain-users.js';
import type { GlobalOptions } from '../context.js';
import type { Ignored, IgnoredMyOperator, Mapping, MappingData } from '../core/reconcile.js';
import { refuseReadOnly, writeFileDurably, writeTarget } from './durable-write.js';
import { cannotWrite, directoryWhereWeKeep, elsewhere, linkLoopHint, unusable, type KeptThere } from './file-errors.js';
import { conflictMarkerLine, directoryNotAFile, endsBeforeItsJson, notUtf8, readStoreFile, resolveMerge } from './read-store-file.js';
import { cutCharacterAtEnd, utf8Text } from '../io/utf8-text.js';
import { configDir, ensureDir, isDirectory, loops, removeIfLeftEmpty } from './paths.js';
import { mappingChanges, type Change } from '../core/mapping-changes.js';
import { homeExpanded } from './home-path.js';
import { historyKept, historyLines, historyPath, isoTime, openHistory, osUser, readHistoryWithGaps, type History, type MappingsPlacedBy, type ReadTo } from './history.js';
import { dropSetAside, pendingPath, recordSetAside, setAside, setAsideHeld, setAsideRefused, type SetAsideRead, type SetAsideRefusal } from './history-journal.js';
import { pastable, visible } from '../core/forensics.js';
import { whereJsonStopped } from '../io/json-position.js';
import { blankWords } from '../io/read-input.js';
import { LOCK_STALE_MS, LOCK_WAIT_S, holdBeside, lockInTheWay, type SyncHold, whenTakenOver } from './file-lock.js';

/**
 * The newest schema this tool reads. A file is written at the lowest version that holds what it
 * holds (versionOf): 1, unless it leaves MyOperator users unmapped on purpose, which is 2. An older
 * tool reads a file strictly, and "ignoredMyOperator: a field the tool does not know … Fix the file
 * by hand" would send its admin to delete what a newer run recorded; at 2 it says instead that a
 * newer phonebridge-sync wrote the file, and to upgrade. A file without such users stays at 1, byte
 * for byte, so an older tool (a CI job pinned to it) goes on reading it.
 */
const VERSION = 2;
const FIRST_VERSION = 1;

function versionOf(data: MappingData): number {
  return data.ignoredMyOperator?.length ? 2 : FIRST_VERSION;
}

/**
 * zod names only the string a nullable field expects: a zuid deleted by hand was "missing
 * (expected string)", and `null`, which is accepted (a user with no zuid), went unsaid.
 */
function stringOrNull() {
  const received = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  return z.string({ error: (issue) => `Invalid input: expected string or null, received ${received(issue.input)}` }).nullable();
}

// Strict: a field added by hand ("note": …) was read, then dropped without a word at the next save.
// Refused instead (exit 2 naming it), as every other hand edit the tool cannot keep is. Also what
// `map --import` takes for a whole record (a `list mappings` export holds the store's own entries).
export const mappingSchema = z.strictObject({
  zoho: z.strictObject({ id: z.string().min(1), zuid: stringOrNull(), email: z.string() }),
  myoperator: z.strictObject({ uuid: z.string().min(1), extension: stringOrNull(), email: z.string() }),
  how: z.enum(['auto', 'manual', 'import']),
  // As the tool writes it: a hand-edited "yesterday" was shown by list mappings, and an export of it
  // was not taken back by `map --import` as a record of its own.
  at: isoTime,
});
const ignoredSchema = z.strictObject({ zohoId: z.string().min(1), email: z.string(), at: isoTime });
// A MyOperator user left unmapped on purpose (`map --ignore-myoperator`): optional, as files before it lack it (see VERSION).
// Also what `map --import` takes for one (a `list mappings --json` export holds the store's own entries).
export const ignoredMyOperatorSchema = z.strictObject({ uuid: z.string().min(1), extension: stringOrNull(), email: z.string(), name: z.string().optional(), at: isoTime });
const fileSchema = z
  .strictObject({
    version: z.number().int().min(1, 'the version must be 1 or more'),
    mappings: z.array(mappingSchema),
    ignored: z.array(ignoredSchema).default([]),
    ignoredMyOperator: z.array(ignoredMyOperatorSchema).optional(),
  })
  .superRefine((f, ctx) => {
    // What the tool never writes, a hand edit or a bad merge can: each would map one user twice.
    // The other place is named as the path is, [0] first: "entries 1 and 6" beside mappings[5] read as two counts.
    const seen = (what: string, ids: string[], path: (i: number) => PropertyKey[]) => {
      const at = new Map<string, number>();
      ids.forEach((id, i) => {
        if (at.has(id)) ctx.addIssue({ code: 'custom', path: path(i), message: `${what} "${id}" appears twice: here and at ${String(path(at.get(id)!)[0])}[${at.get(id)!}]` });
        else at.set(id, i);
      });
    };
    seen('Zoho user', f.mappings.map((m) => m.zoho.id), (i) => ['mappings', i, 'zoho', 'id']);
    seen('MyOperator user', f.mappings.map((m) => m.myoperator.uuid), (i) => ['mappings', i, 'myoperator', 'uuid']);
    seen('ignored Zoho user', f.ignored.map((x) => x.zohoId), (i) => ['ignored', i, 'zohoId']);
    const mapped = new Set(f.mappings.map((m) => m.zoho.id));
    f.ignored.forEach((x, i) => {
      if (mapped.has(x.zohoId)) ctx.addIssue({ code: 'custom', path: ['ignored', i, 'zohoId'], message: `Zoho user "${x.zohoId}" is both mapped and ignored` });
    });
    const left = f.ignoredMyOperator ?? [];
    seen('ignored MyOperator user', left.map((x) => x.uuid), (i) => ['ignoredMyOperator', i, 'uuid']);
    const mappedM = new Set(f.mappings.map((m) => m.myoperator.uuid));
    left.forEach((x, i) => {
      if (mappedM.has(x.uuid)) ctx.addIssue({ code: 'custom', path: ['ignoredMyOperator', i, 'uuid'], message: `MyOperator user "${x.uuid}" is both mapped and ignored` });
    });
  });

export function mappingsPath(globals: Pick<GlobalOptions, 'configDir' | 'sandbox' | 'profile'> & { mappings?: string }, env: NodeJS.ProcessEnv): string {
  if (globals.mappings) return globals.mappings;
  // The sandbox keeps to its own config dir: a CI variable left in the environment must not get the
  // demo's mappings. (The CLI clears and refuses --mappings under the sandbox already, in globalsOf;
  // this holds for every other caller that builds the globals itself.)
  if (env.PHONEBRIDGE_MAPPINGS_FILE && !globals.sandbox) return homeExpanded(env.PHONEBRIDGE_MAPPINGS_FILE);
  return join(configDir(globals), 'mappings', `${globals.sandbox ? 'sandbox' : globals.profile}.json`);
}

/** What named the mappings file, when one was named: '--mappings' or 'PHONEBRIDGE_MAPPINGS_FILE'; undefined for the default path. */
export function mappingsNamedBy(globals: Pick<GlobalOptions, 'sandbox' | 'mappings' | 'mappingsFrom'>, env: NodeJS.ProcessEnv): '--mappings' | 'PHONEBRIDGE_MAPPINGS_FILE' | undefined {
  if (globals.mappings) return globals.mappingsFrom === 'env' ? 'PHONEBRIDGE_MAPPINGS_FILE' : '--mappings';
  if (env.PHONEBRIDGE_MAPPINGS_FILE && !globals.sandbox) return 'PHONEBRIDGE_MAPPINGS_FILE';
  return undefined;
}

/** What placed the mappings file (mappingsPath): a flag, the environment, the config dir, or the sandbox's own. */
export function mappingsPlacedBy(globals: Pick<GlobalOptions, 'sandbox' | 'mappings' | 'mappingsFrom'>, env: NodeJS.ProcessEnv): MappingsPlacedBy {
  if (globals.sandbox) return 'sandbox';
  return mappingsNamedBy(globals, env) ?? 'config dir';
}

/**
 * For a command that only reads the mappings: the sentence when the file named (not the default)
 * is not there. Read as an empty store, a mistyped path said "0 mappings" and exit 0; a first
 * resync of a new CI repository names a file that does not exist yet, so it is a note, not an error.
 */
export function missingNamedFile(globals: Pick<GlobalOptions, 'sandbox' | 'mappings' | 'mappingsFrom'>, env: NodeJS.ProcessEnv, path: string): string | undefined {
  const by = missingNamedBy(globals, env, path);
  if (by === undefined) return undefined;
  return `The mappings file ${visible(path)}, named by ${by}, does not exist yet (\`map\` or \`resync\` creates it): is the path right?`;
}

/**
 * What named the mappings file (see mappingsNamedBy) when it is not there, else undefined: a
 * mistyped path, likelier than a new store. Not when a history is beside it: the tool has worked
 * there (fix records before the store exists). list, match and doctor say it, each in its own words.
 */
export function missingNamedBy(globals: Pick<GlobalOptions, 'sandbox' | 'mappings' | 'mappingsFrom'>, env: NodeJS.ProcessEnv, path: string): string | undefined {
  const by = mappingsNamedBy(globals, env);
  return by === undefined || pathExists(path) || pathExists(historyPath(path)) ? undefined : by;
}

/**
 * lstat, so a dangling link counts as there: reading it says what is wrong with it. So does a path
 * through a file (ENOTDIR) or a directory we may not search: "does not exist yet (`map` or `resync`
 * creates it)" stood above the error saying neither could.
 */
function pathExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** The fields that hold an id or an extension, which a hand-edit may leave without quotes. */
const ID_KEYS = new Set(['id', 'zuid', 'uuid', 'extension', 'zohoId']);

/**
 * The cure for an id or extension typed as a number (`path`: where). One JSON kept exactly is shown as
 * it goes, `"extension": "11"`: the cure quoted a 19-digit Zoho id beside an extension of 11, which
 * read as the value to write. A longer one lost its last digits as it was read, so it is not repeated.
 */
function quoteTheNumber(raw: unknown, path: readonly PropertyKey[]): string {
  const value = path.reduce<unknown>((at, key) => (isRecord(at) || Array.isArray(at) ? (at as Record<PropertyKey, unknown>)[key] : undefined), raw);
  if (Number.isSafeInteger(value) && (value as number) >= 0)
    return `Put that number in quotes, as the tool writes ids and extensions: "${String(path.at(-1))}": "${String(value)}".`;
  return 'Put that number in quotes, as the tool writes ids and extensions ("4815900000000107919"): read as a number, a long id loses its last digits.';
}

/**
 * The cure for a pair written into the file by hand, as a person writes one (the e-mails, an
 * extension) without the Zoho id or MyOperator uuid the tool keys it by: `map` looks both users up
 * and writes every field. "Fix the file by hand" sent the admin back to guess ids. Undefined for
 * any other fault (`path`: where the schema first failed).
 */
function addedByHand(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'mappings' || typeof path[1] !== 'number') return undefined;
  const pair = (raw as { mappings: unknown[] }).mappings[path[1]];
  if (!isRecord(pair)) return undefined;
  const { zoho, myoperator } = pair;
  if (isRecord(zoho) && zoho.id !== undefined && isRecord(myoperator) && myoperator.uuid !== undefined) return undefined;
  // What the person wrote for each side, the first a lookup takes (`map --zoho` an e-mail or id, `--myoperator` an extension or e-mail).
  const named = (side: unknown, keys: readonly string[]): string | undefined => {
    const value = typeof side === 'string' ? side : isRecord(side) ? keys.map((k) => side[k]).find((v) => typeof v === 'string' && v.trim() !== '') : undefined;
    return typeof value === 'string' && value.trim() !== '' ? pastable(value) : undefined;
  };
  const z = named(zoho, ['email', 'id', 'zuid']);
  const m = named(myoperator, ['extension', 'email', 'uuid']);
  const run = z !== undefined && m !== undefined ? `--zoho ${z} --myoperator ${m}` : '--zoho <zoho e-mail> --myoperator <extension>';
  return `mappings[${path[1]}] has no Zoho id or MyOperator uuid, which the tool writes for each pair: take it out of the file and add the pair with \`phonebridge-sync map ${run}\`, which looks both users up and writes them (many pairs: \`map --import\`).`;
}

/** Fixed key order and sorted lists: the same data always gives the same bytes. */
export function serialize(data: MappingData): string {
  const mappings = [...data.mappings]
    .sort((a, b) => cmp(a.zoho.id, b.zoho.id) || cmp(a.myoperator.uuid, b.myoperator.uuid))
    .map((m) => ({
      zoho: { id: m.zoho.id, zuid: m.zoho.zuid, email: m.zoho.email },
      myoperator: { uuid: m.myoperator.uuid, extension: m.myoperator.extension, email: m.myoperator.email },
      how: m.how,
      at: m.at,
    }));
  const ignored = [...data.ignored].sort((a, b) => cmp(a.zohoId, b.zohoId)).map((i) => ({ zohoId: i.zohoId, email: i.email, at: i.at }));
  // Written only when it holds someone: a store without such users keeps the bytes (and version) it had.
  const left = [...(data.ignoredMyOperator ?? [])].sort((a, b) => cmp(a.uuid, b.uuid)).map((i) => ({ uuid: i.uuid, extension: i.extension, email: i.email, ...(i.name && { name: i.name }), at: i.at }));
  return JSON.stringify({ version: versionOf(data), mappings, ignored, ...(left.length ? { ignoredMyOperator: left } : {}) }, null, 2) + '\n';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a change to the store returns: the new data, the caller's result, and changes to record beyond the store's own. */
export interface StoreChange<T> {
  data: MappingData;
  result: T;
  /** Changes made elsewhere (a remote e-mail set by `fix`) to record in the history with the store's own. */
  history?: Change[];
  /** The MyOperator users' names the run read (uuid → name): the history records that of a pair's user with no e-mail (mappingChanges). */
  names?: ReadonlyMap<string, string>;
  /** Leave the store's own changes out of the history when `history` already tells them. */
  recordDiff?: boolean;
  /**
   * What a later update of this run may save, after what this one records is done (fix's sends):
   * when it differs from the file, a file that could not be saved (read-only) is refused now.
   */
  savedLater?: MappingData;
}

export interface StoreOptions {
  /** The command recorded in the history: `map`, `resync`, `fix`… */
  command?: string;
  now?: () => Date;
  /**
   * Runs once, just before the store (or, for `list history`, its history) is first read: where
   * list, match and fix say that a named mappings file is not there. Not at the start of the
   * command, so that a usage error comes first and alone.
   */
  beforeFirstRead?: () => void;
  /**
   * Runs when a change finds the lock taken by another run, before it waits up to `seconds` for it:
   * the wait was ~25 s of silence, then the refusal.
   */
  onLockWait?: (lockPath: string, seconds: number) => void;
  /** What placed the file, and so its history: the way to move a history path a directory took. */
  placedBy?: MappingsPlacedBy;
  /** Runs when a change first records the history lines a run killed after saving the mappings file left set aside. */
  onHistoryRecovered?: (lines: number) => void;
}

/** `fix`'s hold on its lock: whether it is still this run's, asked before each change is sent. */
export interface FixLock {
  held(): boolean;
  /**
   * Taken over from a run whose heartbeat stopped (killed, or only paused): the `sending` lines it
   * left may be changes still in flight, which that run records when it wakes.
   */
  readonly tookOver: boolean;
  release(): Promise<void>;
}

export class MappingStore {
  readonly historyPath: string;
  /**
   * Where a change's history lines wait until the history file takes them (history-journal.ts), as
   * list history and doctor name it when a stopped run left some there.
   */
  readonly setAsidePath: string;
  /** Every change this store's updates made, as the history recorded them, in order (`map --json` prints them). */
  readonly changes: Change[] = [];

  constructor(
    readonly path: string,
    private readonly options: StoreOptions = {},
  ) {
    this.historyPath = historyPath(path);
    this.setAsidePath = pendingPath(this.historyPath);
  }

  /** One backup per distinct broken content: `doctor` run ten times on the same file keeps one copy. */
  private broken(why: string, bytes: Buffer, hint = 'Fix the file by hand (`git diff` shows what changed if it is in a repository), or move it aside to start again.'): never {
    const backup = `${this.path}.corrupt-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.bak`;
    let kept = `a copy is at ${backup}`;
    try {
      if (!existsSync(backup)) copyFileSync(this.path, backup);
    } catch {
      kept = 'no copy could be made beside it';
    }
    throw new UsageError(
      `The mappings file ${this.path} is not valid: ${why}. It was left as it is; ${kept}.`,
      hint,
    );
  }

  private readBefore = false;
  /** What a first read does before it reads (StoreOptions.beforeFirstRead); `read` calls it. */
  aboutToRead(): void {
    if (this.readBefore) return;
    this.readBefore = true;
    this.options.beforeFirstRead?.();
  }

  /** What the history path holds and what moves it (historyKept): a directory there is said in its words. */
  private historyKept(): KeptThere {
    return historyKept(this.path, this.options.placedBy ?? 'config dir');
  }

  /**
   * The history path taken by a directory, or going round a loop of links, as every command says
   * it, for doctor, which looks before any read or save (each stops at either); else undefined.
   */
  historyInTheWay(): { why: string; hint: string } | undefined {
    if (isDirectory(this.historyPath)) return directoryWhereWeKeep(this.historyKept());
    if (loops(this.historyPath)) return { why: unusable({ code: 'ELOOP' }), hint: linkLoopHint(this.historyPath, 'the history file', this.historyKept()) };
    return undefined;
  }

  /** What moves the mappings file's path, said of a directory standing there: what placed it. */
  private movedBy(): string {
    const placedBy = this.options.placedBy ?? 'config dir';
    if (placedBy === '--mappings') return 'give --mappings the path of a file.';
    if (placedBy === 'PHONEBRIDGE_MAPPINGS_FILE') return 'set PHONEBRIDGE_MAPPINGS_FILE to the path of a file.';
    return elsewhere('the mappings file', this.path);
  }

  /** The mappings path taken by a directory, said as read says it, for list history, which reads only beside it; else undefined. */
  directoryAtPath(): StorageError | undefined {
    return isDirectory(this.path) ? directoryNotAFile(this.path, 'the mappings file', this.movedBy()) : undefined;
  }

  /**
   * The history beside this store (readHistoryWithGaps), for list history, map --unmap, doctor and fix
   * alike, with the lines a run killed after saving the mappings file set aside, which the next change
   * records (history-journal.ts): read before it, the history lacked a change the mappings held.
   * `setAside`: how many of the last entries those are; `setAsideRefused`: why they cannot be, when
   * every change stops there. Only read: a read writes nothing. `heldAside`: those lines, when the
   * caller read them already (doctor: see heldAside). `since`: an earlier read's `readTo`, whose
   * lines are not read again when the file only grew (readHistoryWithGaps).
   */
  readHistory(heldAside: () => SetAsideRead = () => this.heldAside(), since?: ReadTo): History & { setAside: number; setAsideRefused?: SetAsideRefusal } {
    // The set-aside lines first: a change under way sets them aside, saves, appends, then drops
    // them, so a history read after its append is cut back to where they begin, and each is read once.
    const { held, refused } = heldAside();
    const read = readHistoryWithGaps(this.historyPath, this.historyKept(), held?.head.historySize, since);
    const waiting = held?.entries ?? [];
    // The read's own list when nothing waits, as nearly always: a history of 100,000 entries was copied for none.
    return { ...read, entries: waiting.length > 0 ? [...read.entries, ...waiting] : read.entries, setAside: waiting.length, setAsideRefused: refused };
  }

  /**
   * The entries waiting set aside (readHistory's last `setAside`), or why every change stops on
   * them, read without the history: doctor reads them once, and says them beside a history it
   * cannot read, as beside one it can. `stored`: the mappings file's bytes, when the caller read
   * them already (doctor), else they are read when lines are set aside.
   */
  heldAside(stored: () => Buffer | undefined = () => readStoreFile(this.path, 'the mappings file')): SetAsideRead {
    return setAsideHeld(this.historyPath, stored, this.historyKept());
  }

  /** Why every change stops on the lines set aside (heldAside's `refused`), read without the mappings file. */
  setAsideRefused(): SetAsideRefusal | undefined {
    return setAsideRefused(this.historyPath, this.historyKept());
  }

  /** Where a lost store comes back from: the history only when there is one (a store edited by hand, or copied in, may have none). */
  private whereFrom(): string {
    return `\`git checkout\` if it is in a repository${existsSync(this.historyPath) ? `; ${this.historyPath} lists every change made` : ''}`;
  }

  /** The saved mappings; an absent file is an empty store. */
  read(): MappingData {
    return this.parse(this.readBytes());
  }

  /** The mappings file's bytes, undefined when there is none: every read of the file (read, and a change's once, see update). */
  readBytes(): Buffer | undefined {
    this.aboutToRead();
    return readStoreFile(this.path, 'the mappings file', { orElse: this.movedBy() });
  }

  /** The mappings in bytes readBytes gave, as read gives them: for a caller that needs the bytes too (doctor). */
  parse(bytes: Buffer | undefined): MappingData {
    if (!bytes) return { mappings: [], ignored: [] };
    // Not read as an empty store: a file emptied by accident (a failed checkout, an editor's crash)
    // would then be saved over with the next run's pairs, the hand-made ones gone unseen.
    // One of blank lines alone is as empty: it was "cut short, and the rest of it is missing".
    if (bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09))
      throw new UsageError(
        `The mappings file ${this.path} ${blankWords(bytes.toString('latin1'))} (${bytes.length === 0 ? '0 bytes' : `${bytes.length} byte${bytes.length === 1 ? '' : 's'} of white space`}); an empty store is a missing file, or one with {"version": ${FIRST_VERSION}, "mappings": [], "ignored": []}.`,
        `If it was emptied by accident, restore it (${this.whereFrom()}); else delete it.`,
      );
    let raw: unknown;
    const decoded = utf8Text(bytes);
    // A file cut short (a copy or a checkout stopped part-way) is said as such: "saved in another
    // encoding" of one cut inside a character sent the reader to re-encode it, and "Unterminated
    // string" did not say the rest of the file is missing.
    const restore = `Restore it (${this.whereFrom()}), or move it aside to start again.`;
    if ('notUtf8AtLine' in decoded) {
      if (cutCharacterAtEnd(bytes)) this.broken('it ends inside a character: the file was cut short, and the rest of it is missing', bytes, restore);
      this.broken(`not UTF-8 text: line ${decoded.notUtf8AtLine} holds ${notUtf8(bytes)}`, bytes);
    }
    const { text } = decoded;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      const message = (e as Error).message;
      const merge = conflictMarkerLine(text);
      if (merge) this.broken(`a git merge left it unresolved (line ${merge.line}: "${visible(merge.text)}")`, bytes, `Resolve the merge: ${resolveMerge(merge.diff3)}.`);
      if (endsBeforeItsJson(text, message))
        this.broken(`it ends before its JSON does (${whereJsonStopped(message, text)}): the file was cut short, and the rest of it is missing`, bytes, restore);
      this.broken(`not JSON (${whereJsonStopped(message, text)})`, bytes);
    }
    if (raw && typeof raw === 'object' && typeof (raw as { version?: unknown }).version === 'number' && (raw as { version: number }).version > VERSION) {
      throw new UsageError(
        `The mappings file ${this.path} was written by a newer phonebridge-sync (schema version ${(raw as { version: number }).version}).`,
        'Upgrade phonebridge-sync.',
      );
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      // An id or extension typed without its quotes: JSON reads it as a number (a long one loses
      // its last digits), and "Invalid input: expected string, received number" named no cure.
      // Said of ids and extensions alone: of an "at" or an e-mail, quotes around a number make no time or address.
      const issue = parsed.error.issues[0]!;
      const unquoted = issue.code === 'invalid_type' && ID_KEYS.has(String(issue.path.at(-1))) && /expected string( or null)?, received number$/.test(issue.message);
      this.broken(
        describeIssue(parsed.error, '', raw),
        bytes,
        unquoted ? quoteTheNumber(raw, issue.path) : addedByHand(raw, issue.path),
      );
    }
    const left = parsed.data.ignoredMyOperator as IgnoredMyOperator[] | undefined;
    return { mappings: parsed.data.mappings as Mapping[], ignored: parsed.data.ignored as Ignored[], ...(left?.length ? { ignoredMyOperator: left } : {}) };
  }

  /**
   * Runs `change` on a fresh read under the lock and writes the result if it differs. Returns
   * what `change` returned. Nothing is written when the bytes would be the same.
   */
  async update<T>(change: (data: MappingData) => StoreChange<T>): Promise<T> {
    ensureDir(dirname(this.path), this.path, 'the mappings file');
    const hold = await this.lock();
    try {
      // Read once, for both: the lines a killed run set aside are recorded when these bytes are theirs.
      const stored = this.readBytes();
      this.recordLeftAside(stored);
      const before = this.parse(stored);
      const { data, result, history = [], recordDiff = true, savedLater, names } = change(before);
      const bytes = serialize(data);
      const changes = [...(recordDiff ? mappingChanges(before, data, names) : []), ...history];
      // A change to the mappings creates the file even when it holds none (a CI job commits it);
      // an update that only records history (fix, before it sends) leaves a missing file missing,
      // so "saved" is said only of a file that was written.
      const was = serialize(before);
      const written = bytes !== was || (recordDiff && !existsSync(this.path));
      // Before the history is opened (which creates it): a read-only file changes nothing.
      if (written || (savedLater !== undefined && serialize(savedLater) !== was)) refuseReadOnly(this.path, 'the mappings file');
      if ((written || changes.length > 0) && !hold.stillOurs()) throw this.lockTakenOver();
      // Opened first: a history that cannot take the lines stops the change, and "nothing was
      // changed" is then true. Written after the store is on disk, under the same lock: the
      // history never tells of a change the store lacks.
      const historyFile = changes.length > 0 ? openHistory(this.historyPath, this.historyKept()) : undefined;
      try {
        const time = (this.options.now?.() ?? new Date()).toISOString();
        const command = this.options.command ?? 'phonebridge-sync';
        // Asked once: os.userInfo() reads the password database (~13 µs a call, 130 ms for 9,000 changes).
        const user = changes.length > 0 ? osUser() : '';
        // The lines first, beside the history: a kill between the two files leaves them for the next change to record.
        const lines = historyLines({ time, command, user }, changes);
        const setAsideFirst = written && lines.length > 0 && setAside(this.historyPath, bytes, lines);
        try {
          if (written) writeFileDurably(this.path, bytes, { defaultMode: 0o644, what: 'the mappings file' });
          try {
            historyFile?.append(lines);
          } catch (e) {
            throw historyLost(this.historyPath, written ? this.path : undefined, changes.length, e);
          }
        } finally {
          // Recorded; or not saved, so not made; or said lost (historyLost), which a later run must not belie.
          if (setAsideFirst) dropSetAside(this.historyPath);
        }
      } finally {
        historyFile?.close();
      }
      this.changes.push(...changes);
      return result;
    } finally {
      await hold.release();
    }
  }

  /**
   * Where the locks go: beside the file a save writes, the symlinked store's target (see
   * writeTarget), not beside the link. Two runs that reach one file by two paths (the link in the
   * config dir, the file in a dotfiles checkout) must lock each other out; locks beside each path
   * let both write at once, the later save dropping the other's change.
   */
  private lockBase(): string {
    return writeTarget(this.path, 'the mappings file');
  }

  /**
   * Held by a `fix` that may send, from before its plan is read until its results are recorded. Two
   * at once (two CI jobs, a terminal and a job) would plan the same changes from the same read, send
   * each twice and record each twice; the second is refused at once instead, before it reads
   * anything. Beside the mappings file (its target, when it is a link: see lockBase): runs that
   * share the file share the MyOperator account. A lock whose heartbeat stopped (a crash, a sleeping laptop) is stale after
   * 10 s and taken over by the next run; the run that held it stops sending when `held()` says no
   * (the other run plans from what MyOperator holds now), and its release then finds nothing to
   * release, which is no error. `again` is the run's own command, as the refusal names it: plain
   * "run fix again", pasted after a `fix --only 12`, planned every user's change.
   */
  async holdForFix(again = 'phonebridge-sync fix'): Promise<FixLock> {
    let made = ensureDir(dirname(this.path), this.path, 'the mappings file');
    const unmake = () => removeIfLeftEmpty(dirname(this.path), made);
    const base = this.lockBase();
    const lockPath = `${base}.fix.lock`;
    const inTheWay = lockInTheWay(lockPath, `the mappings file ${this.path}`);
    if (inTheWay) throw inTheWay;
    const { default: lockfile } = await import('proper-lockfile');
    // proper-lockfile learns of a takeover on its next heartbeat, through an asynchronous stat: a
    // run woken from a pause answers its pending responses first, and sent every change it had
    // left before it heard (seen: 4 PUTs after a takeover). So `held()` asks the lock itself, at
    // once: it is this run's while its time is one this run set (each time set is noted here).
    // The last few only: a heartbeat every 5 s would grow it for as long as a fix runs, and the lock
    // holds the latest (or one set a moment before, its utimes still on the way).
    const set: number[] = [];
    const tracked = {
      ...fs,
      utimes: (path: string, atime: Date, mtime: Date, done: (e: NodeJS.ErrnoException | null) => void) => {
        set.push(mtime.getTime());
        if (set.length > 4) set.shift();
        fs.utimes(path, atime, mtime, done);
      },
    };
    let compromised = false;
    // There before this run took it: left by a run that went quiet, as a lock still kept fresh refuses this run.
    const tookOver = existsSync(lockPath);
    try {
      // Locked under a name of its own: proper-lockfile keeps one lock per name in a process, and
      // the run takes the mappings lock (`<file>.lock`) inside this one.
      const take = () =>
        lockfile.lock(`${base}.fix`, {
          realpath: false,
          stale: LOCK_STALE_MS,
          retries: 0,
          fs: tracked,
          onCompromised: () => (compromised = true),
        });
      // Made again is removed again if this run ends early too.
      const release = await this.inItsDirectory(take, (again) => (made = again ?? made));
      return {
        tookOver,
        held: () => {
          if (compromised) return false;
          const now = fs.statSync(lockPath, { throwIfNoEntry: false })?.mtimeMs;
          // Or that time cut to its second, as a file system keeping whole seconds (ext3, HFS+, many
          // network mounts) keeps it: the first stamp is a second and 5 ms, so a run's own fresh lock
          // read as taken over, and `fix --yes` sent nothing. A takeover's time is 10 s past ours.
          return now !== undefined && set.some((t) => Math.abs(t - now) < 1 || Math.floor(t / 1000) * 1000 === now);
        },
        release: () =>
          release()
            .catch((e: NodeJS.ErrnoException) => {
              if (e.code !== 'ERELEASED') throw e;
            })
            .then(unmake),
      };
    } catch (e) {
      unmake();
      // Its directory was made above unless the file is a link into one that is gone: said of the
      // mappings file, as resync and map say it, not of a lock file the admin never named.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw cannotWrite(this.path, e, 'the mappings file');
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw cannotWrite(lockPath, e, 'the fix lock');
      throw new LockHeld(
        `Another phonebridge-sync fix is running for the mappings file ${this.path} (it holds ${lockPath}); this one read and changed nothing.`,
        `Wait for it to finish, then run \`${again}\` again: it plans only what still differs. No other fix running? ${whenTakenOver(lockPath)}`,
      );
    }
  }

  /**
   * Records the history lines a run killed after saving the mappings file left set aside (see
   * store/history-journal.ts), under the lock, when there are any: for a run that changes nothing
   * itself (an hourly resync with nothing new), whose update would have recorded them.
   */
  async recordSetAside(): Promise<void> {
    if (!existsSync(this.setAsidePath)) return;
    const hold = await this.lock();
    try {
      let stored: Buffer | undefined;
      try {
        stored = this.readBytes();
      } catch {
        // Not a file it can read (a directory, a pipe, no permission): the lines wait for a change,
        // which says why. None there (undefined): nothing was changed, and they are dropped.
        return;
      }
      this.recordLeftAside(stored);
    } finally {
      await hold.release();
    }
  }

  /** Under the lock: what a run killed between saving the mappings file and its history left set aside. */
  private recordLeftAside(stored: Buffer | undefined): void {
    const recovered = recordSetAside(this.historyPath, stored, this.historyKept());
    if (recovered > 0) this.options.onHistoryRecovered?.(recovered);
  }

  /** Loads what a change needs ahead of it: resync does it while its pages are on their way. */
  async readyToWrite(): Promise<void> {
    await import('proper-lockfile');
  }

  /**
   * A lock taken beside the mappings file, whose directory this run found (or made) just before. A
   * fix that ended before it wrote removes the directories it made, when empty (removeIfLeftEmpty),
   * and may have taken that one in between: on ENOENT it is made again, once (`remade` is told what
   * ensureDir made), and the lock taken again. A link into a directory that is gone fails again, as
   * it did, and its caller says so.
   */
  private async inItsDirectory<T>(take: () => Promise<T>, remade: (made: string | undefined) => void = () => {}): Promise<T> {
    return take().catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
      remade(ensureDir(dirname(this.path), this.path, 'the mappings file'));
      return take();
    });
  }

  private async lock(): Promise<SyncHold> {
    const base = this.lockBase();
    const lockPath = `${base}.lock`;
    // update() awaits nothing under it, so a lock taken over is known by its time alone (holdBeside).
    return holdBeside(base, {
      locked: `the mappings file ${this.path}`,
      first: (take) => this.inItsDirectory(take),
      onWait: () => this.options.onLockWait?.(lockPath, LOCK_WAIT_S),
      failed: (e) => cannotWrite(this.path, e, 'the mappings file'),
      // No word of this run's change: fix quotes the sentence after MyOperator was changed, and adds what to do next.
      heldTooLong: () =>
        new LockHeld(
          `The mappings file ${this.path} is locked by another phonebridge-sync run that uses the same file: its lock ${lockPath} stayed taken while this run retried for ${LOCK_WAIT_S} s.`,
          `Try again when that run ends. No other run going? ${whenTakenOver(lockPath)}`,
        ),
    });
  }

  /**
   * The lock was taken over while this run held it (paused past its staleness): the other run may
   * have saved meanwhile, and this save, from an older read, would drop its change. Said, like
   * heldTooLong, without "nothing was changed": fix says it after MyOperator was.
   */
  private lockTakenOver(): LockHeld {
    return new LockHeld(
      `The mappings file ${this.path} was not saved: its lock ${this.lockBase()}.lock was taken over by another phonebridge-sync run while this one held it (this run was paused past ${LOCK_STALE_MS / 1000} s, a machine asleep, say), and saving now could overwrite that run's save.`,
      'Try again when that run ends: the next run reads the file afresh.',
    );
  }
}

/**
 * The history could not take the lines of a change. When the mappings file was saved, the sentence
 * says so (not "nothing was changed"): the change stands, and its lines are missing.
 */
function historyLost(history: string, saved: string | undefined, lines: number, e: unknown): StorageError {
  if (!saved) return cannotWrite(history, e, 'the history file');
  const why = unusable(e);
  return new StorageError(
    `Saved ${saved}, but the history file ${history} could not take the ${lines === 1 ? 'line that tells' : `${lines} lines that tell`} of the change (${why}): the mappings hold it, the history does not.`,
    `A later run will not add ${lines === 1 ? 'that line' : 'those lines'} (the mappings already hold the change): note the change by hand if you keep the history, then see to the file (${why}).`,
    { cause: e },
  );
}
