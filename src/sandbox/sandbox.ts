/**
 * `--sandbox`: the emulators in this process on 127.0.0.1, seeded with the demo company, and
 * credentials that need no account. Day one is the demo company; from day two on (after a first
 * `resync` in the sandbox that leaves a mapping saved) the new hires have joined and one mapped person has left, so a second
 * resync has something to add and a stale mapping to prune.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { StorageError, UsageError } from '../errors.js';
import { writeFileDurably } from '../store/durable-write.js';
import { cannotWrite } from '../store/file-errors.js';
import { holdBeside, LOCK_STALE_MS, LOCK_WAIT_S, whenTakenOver } from '../store/file-lock.js';
import { visible } from '../core/forensics.js';
import { SANDBOX_STATE, sandboxStateFile } from './state-file.js';
import { stateFaults } from './state-faults.js';
import { isRecord } from '../clients/plain-users.js';
import { demoCalls } from './demo-calls.js';
import { DAY_TWO_LEAVER, deletedZohoUsers, demoCompany, newHires, retireLeaver } from './demo-company.js';
import { pathWord } from '../io/invocation.js';
import { CLEARABLE, MyOperatorEmulator } from './myoperator-emulator.js';
import { emailUpdateChoices, type SandboxEmailUpdate } from './email-update-switch.js';
import { ZohoEmulator } from './zoho-emulator.js';

export interface Sandbox {
  zoho: ZohoEmulator;
  myoperator: MyOperatorEmulator;
  credentials: { clientId: string; clientSecret: string; refreshToken: string; myoperatorToken: string };
  day: number;
  close(): Promise<void>;
}

const CLIENT_ID = '1000.SANDBOXCLIENT0000000000000000';
const CLIENT_SECRET = 'sandbox-client-secret-not-a-real-one';

/**
 * What the demo company has lived through: the day, and what `fix` changed in MyOperator since it
 * was seeded, by uuid: e-mails, `is_enabled` (an update may turn receiving calls off, as the
 * `accept-resets` switch does: the next run must see that too, not the user as seeded), and the
 * fields an update emptied (the `accept-clears` switch).
 */
interface SandboxState {
  day: number;
  emails: Record<string, string>;
  /** MyOperator's is_enabled by uuid, "1" or "0" (true and false in the file read as these). */
  enabled: Record<string, '0' | '1'>;
  cleared: Record<string, string[]>;
}

/**
 * The state, and why a file there was no state: empty or cut short (a kill mid-write by an older
 * version), or not JSON. The demo then starts from day one, as a missing file does, but said (see
 * stateNote), and the next save keeps such a file aside (setAside). Not a file at all is for the
 * save's note and doctor to say. `refused`: a hand edit of a form no save keeps (stateFaults).
 */
function readStateSaying(dir: string): { state: SandboxState; problem?: string; refused?: UsageError } {
  const fresh = { day: 1, emails: {}, enabled: {}, cleared: {} };
  let text: string;
  try {
    text = readFileSync(sandboxStateFile(dir), 'utf8');
  } catch {
    return { state: fresh };
  }
  let raw: { day?: unknown; emails?: unknown; enabled?: unknown; cleared?: unknown } | null;
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    return { state: fresh, problem: text.trim() === '' ? EMPTY : 'it is not valid JSON' };
  }
  if (!isRecord(raw)) return { state: fresh, problem: 'it holds no state' };
  const faults = stateFaults(raw);
  if (faults.length > 0) return { state: fresh, refused: stateRefused(dir, faults) };
  // stateFaults has vouched for their forms (a key left out is a new demo's).
  const kept = raw as { day?: number; emails?: Record<string, string>; enabled?: Record<string, '0' | '1' | boolean>; cleared?: Record<string, string | string[]> };
  const enabled = Object.fromEntries(Object.entries(kept.enabled ?? {}).map(([k, v]) => [k, v === true ? '1' : v === false ? '0' : v]));
  return { state: { day: kept.day ?? 1, emails: { ...kept.emails }, enabled, cleared: fieldLists(kept.cleared) } };
}

/** A state file with hand edits no save keeps, refused before the run starts: each, with its form, and the way out. */
function stateRefused(dir: string, faults: string[]): UsageError {
  const file = sandboxStateFile(dir);
  return new UsageError(`The sandbox's state file ${visible(file)} has ${faults.join(', and ')}.`, `Put it right there, or \`rm ${pathWord(file)}\` starts the demo from day one.`);
}

const EMPTY = 'it is empty';

/** The first free name of sandbox-state.json.broken, -2, …: where the next save keeps a state file that is no state. */
function asideName(file: string): string {
  let aside = `${file}.broken`;
  for (let n = 2; existsSync(aside); n++) aside = `${file}.broken-${n}`;
  return aside;
}

/**
 * The names this run's stateNote said a save keeps the file as: that save says it again only
 * under another name (taken meanwhile). One resync said both, the first with an `rm` that
 * deleted the very edit the second kept.
 */
const asideSaid = new Set<string>();

/**
 * A state file that is no state, not empty, moved out of the save's way (under its lock), to
 * asideName: written over, the demo's day or a hand edit was lost. Said here unless this run's
 * stateNote said it (a save with no sandbox started, or a name taken since).
 */
function setAside(dir: string, problem: string, what: string, say?: (text: string) => void): void {
  const file = sandboxStateFile(dir);
  const aside = asideName(file);
  try {
    renameSync(file, aside);
  } catch (e) {
    throw cannotWrite(file, e, what, { kept: SANDBOX_STATE });
  }
  if (!asideSaid.delete(aside))
    say?.(`Note: ${visible(file)}, where the sandbox keeps its day and the changes fix made, could not be read (${problem}): it is kept as ${visible(aside)}, and the sandbox's state saved anew, from day one.\n`);
}

/**
 * Said before a sandbox run whose state file could not be read: the demo silently went back to
 * day one. An empty one holds nothing to lose (a save writes over it); any other may be an edit,
 * which the next save keeps aside (setAside), so no `rm` is offered for it.
 */
function stateNote(dir: string, problem: string): string {
  const file = sandboxStateFile(dir);
  const head = `Note: ${visible(file)}, where the sandbox keeps its day and the changes fix made, could not be read (${problem}): the demo company starts from day one, its MyOperator as seeded`;
  if (problem === EMPTY) return `${head}. \`rm ${pathWord(file)}\` starts it there without this note.\n`;
  const aside = asideName(file);
  asideSaid.add(aside);
  return `${head}, and the sandbox's next save of its state keeps the file as ${visible(aside)}.\n`;
}

/**
 * The fields emptied, by uuid: a list, or, in a file an earlier version wrote, one string naming them
 * with commas. An empty name is none ("a,,b", ""), and a user with none is left out.
 */
function fieldLists(raw: Record<string, string | string[]> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(raw)) {
    const fields = (typeof v === 'string' ? v.split(',') : v).filter((f) => f !== '');
    if (fields.length > 0) out[k] = fields;
  }
  return out;
}

/**
 * Saves a change to the state, made on a fresh read under the state file's lock (the mappings
 * store's kind): two sandbox runs with one config dir (a fix in one terminal, a resync in another)
 * each read the file and wrote it whole, and the later save dropped the other's change. Nothing is
 * saved where the sandbox's directory is not there. `say` is told before this run waits for another
 * run's lock (up to ~25 s, which passed in silence). A StorageError when it cannot be saved, whose
 * `problem` the caller says as a note: by then the command's own work is done (resync saved the
 * mappings, fix set and verified the e-mails), and the raw error became "Nothing was changed." and exit 6.
 * Returns the state as changed, saved or not.
 */
async function updateState(dir: string, change: (state: SandboxState) => SandboxState, say?: (text: string) => void): Promise<SandboxState> {
  if (!existsSync(dir)) return change(readStateSaying(dir).state);
  const file = sandboxStateFile(dir);
  const what = "the sandbox's state file";
  const lockPath = `${file}.lock`;
  const hold = await holdBeside(file, {
    locked: `${what} ${file}`,
    // A StorageError, so that keepStateOrSay says it as a note: the command's own work is done.
    inTheWay: (e) => new StorageError(e.message, e.hint, { cure: e.cure }),
    failed: (e) => cannotWrite(file, e, what, { kept: SANDBOX_STATE }),
    onWait: () => say?.(`Another phonebridge-sync run with the same config dir holds the lock of the sandbox's state file ${file} (${lockPath}): waiting up to ${LOCK_WAIT_S} s for it to finish.\n`),
    heldTooLong: () =>
      new StorageError(
        `The sandbox's state file ${file} is locked by another phonebridge-sync run with the same config dir: its lock ${lockPath} stayed taken while this run waited.`,
        `No other sandbox run going? ${whenTakenOver(lockPath)}`,
      ),
  });
  // Nothing here awaits, so a lock taken over is known by its time alone (holdBeside): asked before
  // each write, since the run that took it may have saved the file meanwhile.
  const ours = () => {
    if (!hold.stillOurs())
      throw new StorageError(
        `The sandbox's state file ${file} was not saved: its lock ${lockPath} was taken over by another phonebridge-sync run with the same config dir while this one held it (this run was paused past ${LOCK_STALE_MS / 1000} s, a machine asleep, say), and saving now could overwrite that run's save.`,
        "That run's save stands.",
      );
  };
  try {
    const read = readStateSaying(dir);
    // Edited by hand since this run read it: left as it is, and said as any state not saved.
    if (read.refused) throw new StorageError(read.refused.message, read.refused.hint);
    if (read.problem && read.problem !== EMPTY) {
      ours();
      setAside(dir, read.problem, what, say);
    }
    const changed = change(read.state);
    ours();
    writeFileDurably(file, JSON.stringify(changed) + '\n', { defaultMode: 0o600, what, kept: SANDBOX_STATE });
    return changed;
  } finally {
    await hold.release();
  }
}

/**
 * Saves the sandbox's state after a command's own work is done (resync saved the mappings, fix set
 * and verified the e-mails): a state file that cannot be written is a note with its consequence,
 * not the command's "Nothing was changed." and exit 6. One rule for the day and for MyOperator.
 */
export async function keepStateOrSay(say: (text: string) => void, consequence: string, save: () => unknown): Promise<void> {
  try {
    await save();
  } catch (e) {
    if (!(e instanceof StorageError)) throw e;
    // The command's own work is done: "then run again" would repeat it for the sake of the state.
    const fix = e.cure ? `${e.cure}, and the next run will save it.` : (e.hint ?? '');
    say(`Note: ${e.problem} ${consequence} ${fix}\n`);
  }
}

/** Called by resync in the sandbox: the next run sees the new hires. Returns the day it moved to. */
export async function advanceSandboxDay(dir: string, say?: (text: string) => void): Promise<number> {
  return (await updateState(dir, (state) => ({ ...state, day: state.day + 1 }), say)).day;
}

/**
 * Said once, by the resync that moves the demo company to day two: else the next run's new people
 * (in fix's plan) and the leaver's stale mapping came unannounced, as if the tool had made them.
 */
export function dayTwoNote(dir: string): string {
  const joiners = newHires().zoho.map((u) => u.full_name);
  const leaver = demoCompany().zoho.find((u) => u.email === DAY_TWO_LEAVER)!.full_name;
  return (
    `Note: the demo company moves on to day two for its next run: ${joiners.join(' and ')} join, and ${leaver} leaves, ` +
    `so the mapping saved for ${leaver} goes stale (\`phonebridge-sync resync --prune\` removes it then). ` +
    `To start the demo over at day one: \`rm -r ${pathWord(dir)}\`.\n`
  );
}

/** What `hang` leaves unanswered: MyOperator's e-mail change. */
const HUNG = { method: 'PUT', path: '/user' } as const;

/** The hint for a request `hang` left unanswered, else undefined: it is the switch, not a network or proxy, and it is turned off as it was turned on. */
export function hungBySwitch(method: string, path: string): string | undefined {
  if (method !== HUNG.method || path !== HUNG.path) return undefined;
  return `The sandbox's MyOperator leaves every e-mail change unanswered while PHONEBRIDGE_SANDBOX_EMAIL_UPDATE is hang (the sandbox has no network or proxy to check): unset it, or give it ${emailUpdateChoices(true)}.`;
}

export interface SandboxOptions {
  /** How the emulated MyOperator answers an e-mail change (real behaviour unconfirmed): try each with `fix`. */
  emailUpdate?: SandboxEmailUpdate;
  /** Where the start says that its state file could not be read (the demo then starts from day one), and the close that it waits for another run's lock on it. */
  say?: (text: string) => void;
}

export async function startSandbox(dir: string, options: SandboxOptions = {}): Promise<Sandbox> {
  const { state, problem, refused } = readStateSaying(dir);
  if (refused) throw refused;
  if (problem && options.say) options.say(stateNote(dir, problem));
  const { day, emails, enabled, cleared } = state;
  // From day two, one mapped person has left (stale: try `resync --prune`) and two have joined.
  const roster = demoCompany();
  const demo = day >= 2 ? retireLeaver(roster) : roster;
  const hires = day >= 2 ? newHires() : { zoho: [], myoperator: [] };
  const zoho = new ZohoEmulator();
  const myoperator = new MyOperatorEmulator();
  // The deleted user is served as a real organisation's: by type=DeletedUsers, not in the users list.
  zoho.users = [...demo.zoho, ...hires.zoho, ...deletedZohoUsers()];
  myoperator.users = [...demo.myoperator, ...hires.myoperator].map((u) => ({
    ...u,
    ...(emails[u.uuid] === undefined ? {} : { email: emails[u.uuid]! }),
    ...(enabled[u.uuid] === undefined ? {} : { is_enabled: enabled[u.uuid] }),
    ...Object.fromEntries(CLEARABLE.filter((f) => cleared[u.uuid]?.includes(f)).map((f) => [f, ''])),
  }));
  const seeded = new Map(myoperator.users.map((u) => [u.uuid, { ...u }]));
  if (options.emailUpdate === 'hang') myoperator.server.fault(HUNG.path, { kind: 'hang' }, Infinity, HUNG.method);
  else if (options.emailUpdate) myoperator.emailUpdate = options.emailUpdate;
  // The week's calls were answered by the day-one staff: a leaver's calls stay in the log, by an
  // agent MyOperator no longer has (the audit's unknown agent), as they would in a real account.
  myoperator.calls = demoCalls(Math.floor(Date.now() / 1000), roster.myoperator);
  zoho.registerClient(CLIENT_ID, CLIENT_SECRET);
  const refreshToken = zoho.issueRefreshToken(CLIENT_ID);
  await Promise.all([zoho.start(), myoperator.start()]);
  return {
    zoho,
    myoperator,
    day,
    credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken, myoperatorToken: myoperator.token },
    close: async () => {
      await Promise.all([zoho.close(), myoperator.close()]);
      // `accept-later`: a change this run's reads missed shows by the next run, as `fix --dry-run` later would find it.
      myoperator.settleAll();
      // A `fix` in the sandbox changes the emulated MyOperator: keep it, so the next run sees the cure.
      const emailed = myoperator.users.filter((u) => seeded.get(u.uuid)?.email !== u.email);
      const switched = myoperator.users.filter((u) => seeded.get(u.uuid)?.is_enabled !== u.is_enabled);
      const emptied = myoperator.users
        .map((u) => [u.uuid, CLEARABLE.filter((f) => u[f] === '' && seeded.get(u.uuid)?.[f] !== '')] as const)
        .filter(([, fields]) => fields.length > 0);
      if (emailed.length > 0 || switched.length > 0 || emptied.length > 0) {
        await updateState(dir, (state) => ({
          ...state,
          emails: { ...state.emails, ...Object.fromEntries(emailed.map((u) => [u.uuid, u.email])) },
          enabled: { ...state.enabled, ...Object.fromEntries(switched.map((u) => [u.uuid, u.is_enabled])) },
          cleared: { ...state.cleared, ...Object.fromEntries(emptied.map(([uuid, fields]) => [uuid, [...new Set([...(state.cleared[uuid] ?? []), ...fields])]])) },
        }), options.say);
      }
    },
  };
}
