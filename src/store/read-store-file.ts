import { constants } from 'node:buffer';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { StorageError, UsageError } from '../errors.js';
import { pastOneString } from '../io/read-input.js';
import { directoryWhereWeKeep, elsewhere, fileInTheWay, linkLoopHint, refusedBy, unusable, type KeptThere } from './file-errors.js';
import { utf16Bom } from '../io/utf8-text.js';

/**
 * A store's file that is there but cannot be read: a directory in its place, or a permission
 * refused. Exit 6 as a StorageError, yet a reader that goes on without it (a fix recording earlier
 * changes, the set-aside lines) tells it from a failed save, which it must not pass over: the
 * store's next update meets the same read and says it, with the chmod a save needs.
 */
export class UnreadableStore extends StorageError {}

/**
 * A store's file, or undefined when there is none. A config dir that is a file, a directory where
 * the file goes, or a file or directory we may not read, is said as when saving (exit 6), not read
 * as an empty store, and in words (not "EISDIR: illegal operation on a directory, read"). `what`: "the mappings file";
 * `kept`: what it holds, for a file at a path nobody gives (see cannotWrite); `orElse`: what moves
 * a path that was given or placed, said of a directory standing there (see directoryNotAFile).
 */
export function readStoreFile(path: string, what: string, how: { kept?: KeptThere; orElse?: string } = {}): Buffer | undefined {
  return readStoreFileStated(path, what, how)?.bytes;
}

/**
 * readStoreFile's read with the stat it made before reading: which file it read (dev, ino), for a
 * later read to tell it again (the history's readTo) without a stat of its own.
 */
export function readStoreFileStated(path: string, what: string, { kept, orElse }: { kept?: KeptThere; orElse?: string } = {}): { bytes: Buffer; stat: Stats } | undefined {
  try {
    // A device or a pipe named as a store (`--mappings /dev/null`) is refused before it is read (a
    // pipe would wait for ever) and so before anything is written over it: saving replaces the
    // file whole, and would put a file where the device was.
    const kind = statSync(path);
    if (!kind.isFile() && !kind.isDirectory()) {
      // Of a path nobody gives (`kept`), what moves it: "Give the path of a file" named none given.
      if (kept) throw new UsageError(`Cannot read ${what} ${path}: it is not a regular file (a device, a pipe or a socket).`, `Move it aside, or ${kept.elsewhere}.`);
      throw new UsageError(`Cannot use ${path} as ${what}: it is not a regular file (a device, a pipe or a socket).`, 'Give the path of a file; an absent one is created.');
    }
    // Decoded into one string, as an export is (read-input.ts): past the cap the read ended in
    // "Cannot create a string longer than…", called a bug, and past 2 GB in "Check the path".
    if (kind.isFile() && kind.size > constants.MAX_STRING_LENGTH)
      throw new UsageError(
        `Cannot read ${what} ${path}: it ${pastOneString(kind.size)}; it was left as it is.`,
        `phonebridge-sync never writes ${what} this large: restore it from a backup, or move it aside.`,
      );
    return { bytes: readFileSync(path), stat: kind };
  } catch (e) {
    if (e instanceof UsageError || e instanceof StorageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR')
      throw new StorageError(
        `Cannot read ${what} ${path}: ${fileInTheWay(path)} is a file, not a directory.`,
        `Move that file aside, or ${elsewhere(what, path)}`,
        { cause: e },
      );
    // Exit 6, as the exit table says of a file or directory that is unreadable, and as the save says it: it was 2.
    if (code === 'EACCES' || code === 'EPERM') {
      const refused = refusedBy(path, 'r');
      throw new UnreadableStore(`Cannot read ${what} ${path}: ${refused.says}.`, `${refused.fix}.`, { cause: e });
    }
    // A directory where the file goes: its permissions are not the matter ("Check the path and its
    // permissions"). Exit 6, as a file where a directory goes and a save that meets either: it was
    // exit 2 here, so `list history` and `resync` ended 2 and 6 on one directory, said alike.
    if (code === 'EISDIR' && kept) {
      const inTheWay = directoryWhereWeKeep(kept);
      throw new UnreadableStore(`Cannot read ${what} ${path}: ${inTheWay.why}.`, inTheWay.hint, { cause: e });
    }
    if (code === 'EISDIR') throw directoryNotAFile(path, what, orElse);
    throw new UsageError(`Cannot read ${what} ${path}: ${unusable(e)}.`, code === 'ELOOP' ? linkLoopHint(path, what, kept) : 'Check the path and its permissions.');
  }
}

/**
 * A directory at the path of a store that was given or placed (not kept where nobody gives a path:
 * see directoryWhereWeKeep). `orElse`, what else moves that path: only what placed it does (the
 * sandbox refuses --mappings, and --config-dir does not move a PHONEBRIDGE_MAPPINGS_FILE).
 */
export function directoryNotAFile(path: string, what: string, orElse = elsewhere(what, path)): UnreadableStore {
  return new UnreadableStore(`Cannot read ${what} ${path}: it is a directory, not a file.`, `If it was made there by mistake, move it aside; else ${orElse}`);
}

/**
 * What is wrong at the line utf8Text names, said the same way for every store. A file that starts
 * with UTF-16's byte-order mark was saved as UTF-16 (Notepad's "Unicode", PowerShell's `>`), which
 * "such as Latin-1" sent the reader looking for the wrong setting.
 */
export function notUtf8(bytes: Uint8Array): string {
  const saved = utf16Bom(bytes) ? 'as UTF-16, as Notepad\'s "Unicode" and PowerShell\'s `>` save text; save it as UTF-8' : 'in another encoding, such as Latin-1';
  return `a byte that is not UTF-8 (the file was saved ${saved})`;
}

/**
 * The first line of a git merge conflict (`<<<<<<< HEAD`, `=======`, `>>>>>>> branch`, and in
 * git's diff3 style `||||||| base`), 1-based, or undefined; `diff3` when the file has the base's
 * section. A CI job commits the stores (README), so two branches that both changed them merge into
 * a file git left mid-merge, which "not JSON (Expected double-quoted property name …)" or "a broken
 * line" did not name.
 */
export function conflictMarkerLine(text: string): { line: number; text: string; diff3: boolean } | undefined {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^(<{7}|\|{7}|={7}|>{7})(\s|$)/.test(l));
  return i < 0 ? undefined : { line: i + 1, text: lines[i]!.trimEnd(), diff3: lines.some((l) => /^\|{7}(\s|$)/.test(l)) };
}

/**
 * What to do with a store git left mid-merge: both sides' entries are kept, the markers go. In the
 * diff3 style the base's section goes too: "delete the <<<<<<<, ======= and >>>>>>> lines" left its
 * ||||||| line and the entries both sides had changed or removed.
 */
export function resolveMerge(diff3: boolean): string {
  return `delete the <<<<<<<, ======= and >>>>>>> lines${diff3 ? ', and each ||||||| line with the lines under it up to its ======= (the version both sides started from)' : ''}, keeping the entries of both sides (or \`git checkout --ours\` or \`--theirs\` the file to keep one side whole), then run again`;
}

/**
 * Whether JSON.parse's error `said` of `text` is that the text ends before its JSON does ("end of
 * JSON input", or a position at its very end): a store or a history line cut short as it was
 * written or copied, not one broken by hand. One rule for the mappings file and the history.
 */
export function endsBeforeItsJson(text: string, said: string): boolean {
  const at = /at position (\d+)/.exec(said);
  return /end of JSON input/i.test(said) || (at !== null && Number(at[1]) >= text.trimEnd().length);
}
