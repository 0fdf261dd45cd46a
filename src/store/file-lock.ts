/**
 * The cross-process lock beside a file the tool rewrites (proper-lockfile: `<file>.lock`, an empty
 * directory renewed while held), and the sentences for one another run holds: the mappings store
 * and fix take it beside the mappings file, the sandbox beside its state file, logout beside the
 * credentials file.
 */
import * as fs from 'node:fs';
import { UsageError } from '../errors.js';
import { pathWord } from '../io/invocation.js';

/** A lock (the store's, fix's, the sandbox state's, the credentials') not renewed for this long is a dead run's, and taken over. */
export const LOCK_STALE_MS = 10_000;
/**
 * How far ahead of now a lock's time may read, in whole seconds, when proper-lockfile set it: it
 * stamps a fresh lock with the next whole second, plus 5 ms. A lock further ahead was stamped by
 * another clock, or by hand.
 */
const STAMPED_AHEAD_S = 2;
/** How a change waits for a lock another run holds, and how long that is at most (~25 s). */
const LOCK_RETRIES = { retries: 60, factor: 1.3, minTimeout: 20, maxTimeout: 500 } as const;
export const LOCK_WAIT_S = Math.round(
  Array.from({ length: LOCK_RETRIES.retries }, (_, k) => Math.min(LOCK_RETRIES.minTimeout * LOCK_RETRIES.factor ** k, LOCK_RETRIES.maxTimeout)).reduce((a, b) => a + b, 0) / 1000,
);

/**
 * A lock is an empty directory beside the file (`<file>.lock`, `<file>.fix.lock`). Anything else
 * there (left by hand, or by another tool) is named, before locking: proper-lockfile takes a fresh
 * one for another run's lock and waits it out (~26 s) — and a dangling symlink for ever fresh —
 * while an old one stops it with a raw error ("ENOTEMPTY … rmdir", "a part of the directory").
 * `locked` names the file the lock is for ("the mappings file <path>"). The error's `cure` is its
 * hint without "then run again", for the sandbox, which says it as a note after the command's work.
 */
export function lockInTheWay(lock: string, locked: string): UsageError | undefined {
  let kind: fs.Stats;
  try {
    kind = fs.lstatSync(lock);
  } catch {
    return undefined; // no such path: the lock is made there
  }
  const cannot = `Cannot lock ${locked}: ${lock}`;
  const refused = (is: string, cure: string) => new UsageError(`${cannot} ${is}`, `${cure}, then run again.`, { cure });
  if (kind.isSymbolicLink())
    return refused(`is a symbolic link (to ${fs.readlinkSync(lock)}), where the lock (a directory) goes.`, 'Remove that link (phonebridge-sync makes a directory there, never a link)');
  if (!kind.isDirectory()) return refused('is a file, where the lock (a directory) goes.', 'Remove that file (phonebridge-sync makes a directory there, never a file)');
  let inside: string[] = [];
  try {
    inside = fs.readdirSync(lock);
  } catch {
    // not readable: proper-lockfile's own error says why
  }
  if (inside.length === 0) return undefined;
  return refused(
    `holds ${inside.length === 1 ? inside[0] : `${inside.length} entries, ${inside.sort()[0]} among them`}, which phonebridge-sync did not put there (its lock is an empty directory).`,
    `Move out what you need of it, remove the directory (\`rm -r ${pathWord(lock)}\`)`,
  );
}

export interface LockWait {
  /** What the lock is for, as lockInTheWay names it: "the mappings file <path>". */
  locked: string;
  /** The error to throw for something else where the lock goes (lockInTheWay's, as it is when not given). */
  inTheWay?: (e: UsageError) => Error;
  /** Takes the first try (the mappings store makes its directory again when a fix removed it meanwhile). */
  first?: (take: () => Promise<() => Promise<void>>) => Promise<() => Promise<void>>;
  /** Runs when another run holds the lock, before this one waits up to LOCK_WAIT_S for it. */
  onWait?: () => void;
  /** The error for a failure that is not the lock being held (a read-only directory, a missing one). */
  failed: (e: unknown) => Error;
  /** The error when another run still holds it after the wait. */
  heldTooLong: () => Error;
  /** The file system proper-lockfile works with (holdBeside's keeps a lock taken over at exit). */
  fs?: typeof fs;
  /**
   * Told, from proper-lockfile's heartbeat, that the lock was lost while held (taken over by another
   * run while this one was paused past LOCK_STALE_MS, or removed). Without it proper-lockfile throws
   * inside that timer, which nothing awaits: the run ended in "Unexpected error" midway.
   */
  onCompromised?: (e: Error) => void;
}

/**
 * Locks `base` (`<base>.lock`) and returns its release. proper-lockfile retries on every error, so
 * a read-only directory would wait ~26 s and then blame another run: one try first, and only a lock
 * held by another run is waited for.
 */
export async function lockBeside(base: string, how: LockWait): Promise<() => Promise<void>> {
  // Asked here, for every lock taken this way: the credentials' lock, added after the others, had no
  // such check, and a file left there made logout wait 25 s and blame "another run".
  const inTheWay = lockInTheWay(`${base}.lock`, how.locked);
  if (inTheWay) throw how.inTheWay ? how.inTheWay(inTheWay) : inTheWay;
  // Loaded when a change is made: a command that only reads does not pay its ~20 ms of start-up (it patches fs).
  const { default: lockfile } = await import('proper-lockfile');
  const options = { realpath: false, stale: LOCK_STALE_MS, ...(how.onCompromised ? { onCompromised: how.onCompromised } : {}), ...(how.fs ? { fs: how.fs } : {}) };
  const take = () => lockfile.lock(base, { ...options, retries: 0 });
  try {
    return await (how.first ? how.first(take) : take());
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw how.failed(e);
  }
  how.onWait?.();
  try {
    return await lockfile.lock(base, { ...options, retries: LOCK_RETRIES });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw how.failed(e);
    // It quoted proper-lockfile ("Lock file is already being held"). After this wait (~25 s) a
    // killed run's lock would have been taken over: one still fresh is renewed by a live run, or
    // stamped ahead of this machine's clock (another machine sharing the file), and such a lock
    // is not taken over until that time has come and gone.
    throw how.heldTooLong();
  }
}

/** A lock held across work that awaits nothing (a read, a change, a save), and whether it is still this run's. */
export interface SyncHold {
  /** False once another run took the lock over (its time is not the one it had when taken), or it was lost. */
  stillOurs(): boolean;
  /** Releases it while it is this run's; one taken over is the other run's, and left to it. */
  release(): Promise<void>;
}

/**
 * lockBeside for work that awaits nothing under the lock. The heartbeat that renews it cannot run
 * meanwhile, so a run paused there past LOCK_STALE_MS (a machine asleep) had its lock taken over
 * unheard: it saved over the other run's save, and its release removed that run's lock. With no
 * heartbeat in between, the lock's time stays the one it had when taken until another run takes it.
 */
export async function holdBeside(base: string, how: LockWait): Promise<SyncHold> {
  let lost = false;
  const lockPath = `${base}.lock`;
  const timeOf = () => fs.statSync(lockPath, { throwIfNoEntry: false })?.mtimeMs;
  let taken: number | undefined;
  const stillOurs = () => !lost && taken !== undefined && timeOf() === taken;
  const release = await lockBeside(base, {
    ...how,
    // Heard only after the work, by the timer the release would have cleared: nothing is left to do then.
    onCompromised: () => (lost = true),
    // proper-lockfile removes the locks it still lists when the process exits, and one left
    // unreleased because it was taken over is listed: the other run's lock went with this run.
    fs: { ...fs, rmdirSync: (path: fs.PathLike) => (stillOurs() ? fs.rmdirSync(path) : undefined) },
  });
  taken = timeOf();
  return { stillOurs, release: () => (stillOurs() ? release() : Promise.resolve()) };
}

/** Seconds until another run's lock is stale and taken over; 0 when it is already, or is gone. */
function secondsToTakeOver(lockPath: string): number {
  const renewed = fs.statSync(lockPath, { throwIfNoEntry: false })?.mtimeMs;
  return renewed === undefined ? 0 : Math.max(0, Math.ceil((renewed + LOCK_STALE_MS - Date.now()) / 1000));
}

/**
 * When another run's lock is taken over, as a sentence. One stamped further ahead than proper-lockfile
 * stamps (another machine's clock, or by hand) is said to be, with how to remove it, for fix's lock
 * as for the mappings lock: fix's said "taken over once it is 10 s old (in 3610 s)" of it, a killed
 * run's lock that would be 10 s old only in an hour.
 */
export function whenTakenOver(lockPath: string): string {
  const left = secondsToTakeOver(lockPath);
  const ahead = left - LOCK_STALE_MS / 1000;
  return ahead > STAMPED_AHEAD_S
    ? `The lock's time is ${ahead} s ahead of this machine's clock (set by another machine, or by hand), so it is taken over only in ${left} s: remove it (\`rmdir ${pathWord(lockPath)}\`).`
    : `${killedRunsLock(left)}.`;
}

/**
 * A run killed outright (kill -9, a closed laptop lid's power cut) leaves its lock, which looks the
 * same as a live run's for up to LOCK_STALE_MS: "another run is going" alone sent the person to
 * wait for a run that was not there, with no word of when the lock would be theirs.
 */
function killedRunsLock(left: number): string {
  // "10 s old (in 11 s)" read as a miscount: only a lock stamped further ahead than proper-lockfile
  // stamps one is taken over later than that, and is said to be.
  const within = left > LOCK_STALE_MS / 1000 && left <= LOCK_STALE_MS / 1000 + STAMPED_AHEAD_S ? LOCK_STALE_MS / 1000 : left;
  return `A run killed outright leaves its lock, which is taken over once it is ${LOCK_STALE_MS / 1000} s old${within > 0 ? ` (in ${within} s)` : ''}`;
}
