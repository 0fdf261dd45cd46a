/**
 * What went wrong with a store's file, in words a person can act on: one StorageError naming the
 * file, the cause and the fix, shared by every place that reads or saves a file of ours.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StorageError } from '../errors.js';
import { pathWord } from '../io/invocation.js';
import { writeTarget } from './durable-write.js';

/** Why a path could not be used, in words, for the errors a person can act on; else the error's own message. */
export function unusable(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'its directory does not exist';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a directory';
    case 'EEXIST':
      return 'a file is where its directory goes';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'ELOOP':
      return 'its path goes round a loop of symbolic links (or through too many of them)';
    default:
      return (e as Error).message;
  }
}

/** Whether access() grants `mode` (constants.R_OK, W_OK, X_OK) on `path`: root is granted nearly everything. */
export function may(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/**
 * What refused a read or a write of `path` (EACCES), and the chmod that lets it: the file when it is
 * there, else the nearest directory on its way that is (a file is saved by a rename in its
 * directory, and a directory not there yet is made in the nearest one that is). A directory
 * without its x bit hides what is in it, so the walk stops there too, and `u+w` would not help.
 * Where access() sees no refusal (root, an ACL, a sticky directory), "permission denied" and where
 * to look: no chmod is offered that would not help.
 */
export function refusedBy(path: string, need: 'r' | 'w' | 'rw'): { says: string; fix: string } {
  const lacks = fileLacks(path, need);
  if (lacks) return { says: lacks.says, fix: lacks.fix };
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const enter = !may(dir, constants.X_OK);
  // Reading needs only to enter the directories; writing needs the last one writable too.
  const write = need !== 'r' && !may(dir, constants.W_OK);
  if (enter) return { says: `${dir} ${write ? 'is not writable and cannot be entered' : 'cannot be entered'}`, fix: `Let it be entered (\`chmod u+${write ? 'wx' : 'x'} ${pathWord(dir)}\`)` };
  if (write) return { says: `${dir} is not writable`, fix: `Make it writable (\`chmod u+w ${pathWord(dir)}\`)` };
  return { says: 'permission denied', fix: `Check the permissions of ${need === 'r' ? 'the path' : dir}` };
}

/**
 * The bits of `need` an existing file refuses, said with the one chmod that grants them all, else
 * undefined. `rw`: a file opened to read and append (the history: its last byte is read so a new
 * line starts on its own), which a write-only file refused as "permission denied" with its
 * directory to check, and an unreadable one was given `u+w` alone, then refused again.
 */
export function fileLacks(path: string, need: 'r' | 'w' | 'rw'): { is: string; says: string; fix: string } | undefined {
  if (!existsSync(path)) return undefined;
  const bits = [...need].filter((b) => !may(path, b === 'r' ? constants.R_OK : constants.W_OK));
  if (bits.length === 0) return undefined;
  const words = bits.map((b) => (b === 'r' ? 'readable' : 'writable'));
  const is = words.length === 2 ? 'neither readable nor writable' : `not ${words[0]}`;
  return { is, says: `the file is ${is}`, fix: `Make it ${words.join(' and ')} (\`chmod u+${bits.join('')} ${pathWord(path)}\`)` };
}

/**
 * What a save of `file` would be refused by now, before anything is tried: the file (when it is
 * there), and the directory its temp file, rename and locks are made in (the nearest one there,
 * when it is not yet). Both, not the first: a chmod of the file alone met the directory's refusal
 * on the next run. Empty where access() sees no refusal (root may write anything).
 */
export function notWritable(file: string): string[] {
  let dir = dirname(file);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return [...(existsSync(file) && !may(file, constants.W_OK) ? [file] : []), ...(may(dir, constants.W_OK | constants.X_OK) ? [] : [dir])];
}

/**
 * The file that stands where a directory of `path` should be (ENOTDIR), named rather than "a part
 * of <the whole path>": a config dir given as a file, with the store three levels below it.
 */
export function fileInTheWay(path: string): string {
  for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      if (!statSync(dir).isDirectory()) return dir;
    } catch {
      // not there (or not reachable): the one in the way is further up
    }
  }
  return dirname(path);
}

/**
 * The file that stands where the config directory is, or on its way to it; else undefined. Every
 * store under that directory then fails for this one cause, which doctor counts once.
 */
export function fileWhereConfigDirGoes(dir: string): string | undefined {
  try {
    return statSync(dir).isDirectory() ? undefined : dir;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOTDIR' ? fileInTheWay(join(dir, 'credentials.json')) : undefined;
  }
}

/**
 * Where else a store may live: --mappings moves only the mappings and their history, not the
 * credentials, and is refused under --sandbox. The sandbox's are known by their own shape,
 * <config dir>/sandbox/mappings/sandbox.json (and .history.jsonl): a user's path through some
 * directory named sandbox is not one.
 */
export function elsewhere(what: string, path: string): string {
  const sandboxOwn = basename(path).startsWith('sandbox.') && basename(dirname(path)) === 'mappings' && basename(dirname(dirname(path))) === 'sandbox';
  return `choose another place with --config-dir${/mappings|history/.test(what) && !sandboxOwn ? ' (or --mappings for the mappings file)' : ''}.`;
}

/**
 * The cure for a path that goes round a loop of symbolic links (ELOOP), read or saved: the link to
 * mend, or what else moves the path. "Check the disk and the permissions" sent the reader to neither.
 */
export function linkLoopHint(path: string, what: string, kept?: KeptThere): string {
  return `Remove or re-point the symbolic link that loops (\`ls -l ${pathWord(path)}\` shows where it points), or ${kept ? `${kept.elsewhere}.` : elsewhere(what, path)}`;
}

/** What the tool keeps at a path nobody gives (the history beside the mappings file, the sandbox's state), and what moves it. */
export interface KeptThere {
  keeps: string;
  /** The fix's second half, true for what placed the path: "choose another place with --config-dir". */
  elsewhere: string;
}

/**
 * A directory where such a file goes, in the words every command and doctor say of it: "Give the
 * path of a file" named a path nobody gave, and only what placed it moves it.
 */
export function directoryWhereWeKeep({ keeps, elsewhere }: KeptThere): { why: string; hint: string } {
  return { why: `it is a directory, where phonebridge-sync keeps ${keeps}`, hint: `Rename or remove that directory, or ${elsewhere}.` };
}

/**
 * One sentence for a file or directory we could not create or write; `path` is the file we meant to
 * save, `kept` what it holds when nobody gave that path (see directoryWhereWeKeep), and `need`
 * what a refused file must allow (see fileLacks; writing alone unless said).
 */
export function cannotWrite(path: string, e: unknown, what: string, { kept, need = 'w' }: { kept?: KeptThere; need?: 'w' | 'rw' } = {}): StorageError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const dir = dirname(path);
  const place = `Cannot save ${what} ${path}`;
  const moveHint = `or ${elsewhere(what, path)}`;
  // The problem and the claim about the file apart: fix, which changed MyOperator before its record
  // failed, says the first and not the second.
  const error = (problem: string, unchanged: 'Nothing was changed.' | 'The file was left as it was.', hint: string, cure?: string) =>
    new StorageError(`${problem}. ${unchanged}`, hint, { cause: e, problem: `${problem}.`, cure });
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT': {
      const free = `Free some space on the disk that holds ${dir}`;
      return error(`${place}: the disk is full`, 'The file was left as it was.', `${free}, then run again.`, free);
    }
    case 'EROFS':
      return error(`${place}: ${dir} is on a read-only file system`, 'Nothing was changed.', `Remount it read-write, ${moveHint}`);
    case 'EACCES':
    case 'EPERM': {
      // The error names the file we meant to save whichever refused: what is on disk decides.
      const refused = refusedBy(path, need);
      return error(`${place}: ${refused.says}`, 'Nothing was changed.', `${refused.fix}, ${moveHint}`);
    }
    case 'ENOTDIR':
    case 'EEXIST':
      return error(`${place}: ${fileInTheWay(path)} is a file, not a directory`, 'Nothing was changed.', `Move that file aside, ${moveHint}`);
    case 'ENOENT': {
      // A link into a directory that is gone (a checkout moved) is saved through: the directory
      // missing is its target's, and the link's own was named, though it is there.
      const target = writeTarget(path, what);
      if (target === path) return error(`${place}: ${dir} does not exist and cannot be created there`, 'Nothing was changed.', `Create it, ${moveHint}`);
      const missing = dirname(target);
      return error(
        `${place}: it is a link to ${target}, and ${missing} does not exist`,
        'Nothing was changed.',
        `Create that directory (\`mkdir -p ${pathWord(missing)}\`), point the link at a directory that exists, ${moveHint}`,
      );
    }
    case 'EISDIR': {
      if (!kept) return error(`${place}: ${path} is a directory`, 'Nothing was changed.', `Give the path of a file, ${moveHint}`);
      const inTheWay = directoryWhereWeKeep(kept);
      return error(`${place}: ${inTheWay.why}`, 'Nothing was changed.', inTheWay.hint);
    }
    case 'ELOOP':
      return error(`${place}: ${unusable(e)}`, 'Nothing was changed.', linkLoopHint(path, what, kept));
    // Ours (see notAFile): a named pipe or a socket where the file goes takes no durable write.
    case 'ENOTREG':
      return error(`${place}: ${path} is a named pipe or a socket, not a file`, 'Nothing was changed.', `Move it aside, ${moveHint}`);
    default: {
      // The cure alone too: a run that goes on past this save (the token cache) has nothing to run again.
      const check = `Check the disk and the permissions of ${dir}`;
      return error(`${place}: ${(e as Error)?.message ?? String(e)}`, 'The file was left as it was.', `${check}, then run again.`, check);
    }
  }
}

/** The error cannotWrite names as "a named pipe or a socket, not a file". */
export function notAFile(): NodeJS.ErrnoException {
  return Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
}
