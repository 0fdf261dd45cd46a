/**
 * The sandbox's state file (its day, and what fix changed in its MyOperator) as two sandbox runs
 * with one config dir save it. Another run's save is made to land while this run saves (its read
 * done, its write not yet), as a second terminal's can: the durable write is wrapped to run it
 * there. proper-lockfile's wait (~25 s) is cut to two quick tries where a test holds the lock past it.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import realLockfile from 'proper-lockfile';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/cli.js';

const durable = await import('../../src/store/durable-write.js');
/** Run once, inside the next save of the state file, between its read and its write: another run's save. */
let duringNextSave: (() => void) | undefined;
const writeFileDurably: typeof durable.writeFileDurably = (path, data, opts) => {
  const other = path.endsWith('sandbox-state.json') ? duringNextSave : undefined;
  if (other) duringNextSave = undefined;
  other?.();
  durable.writeFileDurably(path, data, opts);
};
jest.unstable_mockModule('../../src/store/durable-write.js', () => ({ ...durable, writeFileDurably }));
type LockOptions = NonNullable<Parameters<typeof realLockfile.lock>[1]>;
let waitCut = false;
const lock = (file: string, options?: LockOptions) =>
  realLockfile.lock(file, waitCut && typeof options?.retries === 'object' ? { ...options, retries: { retries: 2, minTimeout: 1, maxTimeout: 1 } } : options);
jest.unstable_mockModule('proper-lockfile', () => ({ default: { ...realLockfile, lock } }));
const { advanceSandboxDay, keepStateOrSay, startSandbox } = await import('../../src/sandbox/sandbox.js');
const { sandboxStateFile } = await import('../../src/sandbox/state-file.js');
const { demoCompany } = await import('../../src/sandbox/demo-company.js');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  duringNextSave = undefined;
  waitCut = false;
});
afterEach(() => tmp.cleanup());

/** What the next sandbox run starts from: its day, and the e-mail its MyOperator serves at an extension. */
async function nextRun(dir: string, extension: string): Promise<{ day: number; email: string }> {
  const sb = await startSandbox(dir);
  try {
    return { day: sb.day, email: sb.myoperator.users.find((u) => u.extension === extension)!.email };
  } finally {
    await sb.close();
  }
}

/** Runs `fn` while another run holds the state file's lock, with this run's wait cut short. */
async function whileAnotherRunHoldsTheLock(fn: () => Promise<unknown>): Promise<void> {
  const held = await realLockfile.lock(sandboxStateFile(tmp.dir), { realpath: false, stale: 10_000 });
  waitCut = true;
  try {
    await fn();
  } finally {
    await held();
  }
}

describe('two sandbox runs saving its state at once', () => {
  it("keep both changes: a fix's e-mail and a resync's new day (the later save dropped the other's)", async () => {
    const fix = await startSandbox(tmp.dir);
    // What `fix` sets: Ravi Kumar's MyOperator e-mail to his Zoho one.
    fix.myoperator.users.find((u) => u.extension === '12')!.email = 'Ravi.Kumar@acmetraders.in';
    let resync: unknown;
    duringNextSave = () => (resync = advanceSandboxDay(tmp.dir));
    await fix.close();
    await resync;
    expect(await nextRun(tmp.dir, '12')).toEqual({ day: 2, email: 'Ravi.Kumar@acmetraders.in' });
  });

  it("one whose lock another run holds past the wait says so, and keeps nothing of this run's (the state as the other left it)", async () => {
    const file = sandboxStateFile(tmp.dir);
    const said: string[] = [];
    await whileAnotherRunHoldsTheLock(() => keepStateOrSay((t) => said.push(t), "The sandbox's next run starts from the same day.", () => advanceSandboxDay(tmp.dir)));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      new RegExp(
        `^Note: The sandbox's state file ${file} is locked by another phonebridge-sync run with the same config dir: its lock ${file}\\.lock stayed taken while this run waited\\. ` +
          `The sandbox's next run starts from the same day\\. No other sandbox run going\\? A run killed outright leaves its lock, which is taken over once it is 10 s old \\(in ([1-9]|10) s\\)\\.\\n$`,
      ),
    );
    expect(() => readFileSync(file)).toThrow();
    expect(await nextRun(tmp.dir, '12')).toEqual({ day: 1, email: 'ravi.kumar@acmetraders.in' });
  });

  it("says that it waits, before it waits, for a resync's day and a fix's e-mails alike (it was ~25 s of silence, then the note)", async () => {
    const file = sandboxStateFile(tmp.dir);
    const said: string[] = [];
    const say = (t: string) => said.push(t);
    await whileAnotherRunHoldsTheLock(async () => {
      await keepStateOrSay(say, "The sandbox's next run starts from the same day.", () => advanceSandboxDay(tmp.dir, say));
      const fix = await startSandbox(tmp.dir, { say });
      fix.myoperator.users.find((u) => u.extension === '12')!.email = 'Ravi.Kumar@acmetraders.in';
      await keepStateOrSay(say, "The sandbox's next run shows its MyOperator as it was before this run's changes.", () => fix.close());
    });
    const waiting = `Another phonebridge-sync run with the same config dir holds the lock of the sandbox's state file ${file} (${file}.lock): waiting up to 25 s for it to finish.\n`;
    expect(said.map((t) => (t.startsWith('Note: The sandbox') ? 'the note' : t))).toEqual([waiting, 'the note', waiting, 'the note']);
  });
});

// The mappings store's words for the same case (mapping-store's "a lock directory holding something …").
describe("something other than an empty directory where the state file's lock goes", () => {
  const same = "The sandbox's next run starts from the same day.";
  // The wait is cut, as where another run holds the lock: the old code waited it out (~25 s), blamed
  // another run, or said "…/sandbox is a file, not a directory" of the config dir's sandbox directory.
  const nowhere = () => join(tmp.dir, 'nowhere');
  it.each([
    ['a file', (lock: string) => writeFileSync(lock, ''), () => 'is a file, where the lock (a directory) goes.', () => 'Remove that file (phonebridge-sync makes a directory there, never a file)'],
    [
      'a symbolic link to nothing',
      (lock: string) => symlinkSync(nowhere(), lock),
      () => `is a symbolic link (to ${nowhere()}), where the lock (a directory) goes.`,
      () => 'Remove that link (phonebridge-sync makes a directory there, never a link)',
    ],
    [
      'a directory holding a file',
      (lock: string) => (mkdirSync(lock), writeFileSync(join(lock, 'notes.txt'), 'mine')),
      () => 'holds notes.txt, which phonebridge-sync did not put there (its lock is an empty directory).',
      (lock: string) => `Move out what you need of it, remove the directory (\`rm -r ${lock}\`)`,
    ],
  ])('%s: named at once, as the mappings store names it, and left there; the day stays', async (_kind, put, is, cure) => {
    const file = sandboxStateFile(tmp.dir);
    const lock = `${file}.lock`;
    put(lock);
    const before = lstatSync(lock);
    waitCut = true;
    const said: string[] = [];
    const say = (t: string) => said.push(t);
    await keepStateOrSay(say, same, () => advanceSandboxDay(tmp.dir, say));
    expect(said).toEqual([`Note: Cannot lock the sandbox's state file ${file}: ${lock} ${is()} ${same} ${cure(lock)}, and the next run will save it.\n`]);
    expect(lstatSync(lock)).toMatchObject({ ino: before.ino, mode: before.mode });
    if (before.isSymbolicLink()) expect(readlinkSync(lock)).toBe(nowhere());
    expect(await nextRun(tmp.dir, '12')).toEqual({ day: 1, email: 'ravi.kumar@acmetraders.in' });
  });
});

describe('the fields an e-mail change emptied (PHONEBRIDGE_SANDBOX_EMAIL_UPDATE=accept-clears), as the state keeps them', () => {
  const ravi = demoCompany().myoperator.find((u) => u.extension === '12')!;
  const stateOf = () => JSON.parse(readFileSync(sandboxStateFile(tmp.dir), 'utf8')) as { cleared: Record<string, unknown> };
  const served = async () => {
    const sb = await startSandbox(tmp.dir);
    try {
      const u = sb.myoperator.users.find((x) => x.uuid === ravi.uuid)!;
      return { contact_number: u.contact_number, extension: u.extension, role_id: u.role_id };
    } finally {
      await sb.close();
    }
  };

  it('are a list, added to by a later change, and served empty by the next runs', async () => {
    for (const field of ['contact_number', 'role_id'] as const) {
      const sb = await startSandbox(tmp.dir);
      sb.myoperator.users.find((u) => u.uuid === ravi.uuid)![field] = '';
      await sb.close();
    }
    expect(stateOf().cleared).toEqual({ [ravi.uuid]: ['contact_number', 'role_id'] });
    expect(await served()).toEqual({ contact_number: '', extension: '12', role_id: '' });
  });

  it("an earlier version's file, naming them in one string with commas, is read so, and saved again as a list", async () => {
    writeFileSync(sandboxStateFile(tmp.dir), JSON.stringify({ day: 1, emails: {}, enabled: {}, cleared: { [ravi.uuid]: 'contact_number,extension' } }) + '\n');
    expect(await served()).toEqual({ contact_number: '', extension: '', role_id: ravi.role_id });
    await advanceSandboxDay(tmp.dir);
    expect(stateOf().cleared).toEqual({ [ravi.uuid]: ['contact_number', 'extension'] });
    expect(await served()).toEqual({ contact_number: '', extension: '', role_id: ravi.role_id });
  });
});

describe("whether a MyOperator user takes calls, in the sandbox's state file", () => {
  const byExt = (ext: string) => demoCompany().myoperator.find((u) => u.extension === ext)!;
  const start = async (enabled: Record<string, unknown>) => {
    writeFileSync(sandboxStateFile(tmp.dir), JSON.stringify({ day: 1, emails: {}, enabled, cleared: {} }) + '\n');
    const said: string[] = [];
    const sb = await startSandbox(tmp.dir, { say: (t) => said.push(t) });
    try {
      return { said, served: (ext: string) => sb.myoperator.users.find((u) => u.extension === ext)!.is_enabled };
    } finally {
      await sb.close();
    }
  };

  it('is read from true and false as from "1" and "0" (a boolean was dropped without a word, the user served as seeded)', async () => {
    const { said, served } = await start({ [byExt('23').uuid]: true, [byExt('22').uuid]: false, [byExt('12').uuid]: '0' });
    expect(said).toEqual([]);
    expect([served('23'), served('22'), served('12')]).toEqual(['1', '0', '0']);
  });

  // An entry of any other form was once only noted, the user served as seeded, while a bad "emails" or
  // "cleared" entry was refused: one hand edit, two rules. It is refused as they are (below).
  it('of any other form is refused before the run, as every other entry of no form a save keeps', async () => {
    const [ravi, other] = [byExt('12'), byExt('22')];
    const file = sandboxStateFile(tmp.dir);
    const text = JSON.stringify({ day: 1, emails: {}, enabled: { [ravi.uuid]: 'yes', [other.uuid]: null }, cleared: {} }) + '\n';
    writeFileSync(file, text);
    await expect(startSandbox(tmp.dir)).rejects.toMatchObject({
      exitCode: 2,
      message: `The sandbox's state file ${file} has "enabled" entries "${ravi.uuid}": "yes" and "${other.uuid}": null, which are not "1" or true (takes calls) or "0" or false (switched off).`,
    });
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('a switch this run made is saved as MyOperator has it, true and false in the file written as "1" and "0"', async () => {
    const [ravi, arjunOld] = [byExt('12'), byExt('23')];
    writeFileSync(sandboxStateFile(tmp.dir), JSON.stringify({ day: 1, emails: {}, enabled: { [arjunOld.uuid]: true }, cleared: {} }) + '\n');
    const sb = await startSandbox(tmp.dir);
    sb.myoperator.users.find((u) => u.uuid === ravi.uuid)!.is_enabled = ravi.is_enabled === '1' ? '0' : '1';
    await sb.close();
    const saved = JSON.parse(readFileSync(sandboxStateFile(tmp.dir), 'utf8')) as { enabled: unknown };
    expect(saved.enabled).toEqual({ [arjunOld.uuid]: '1', [ravi.uuid]: ravi.is_enabled === '1' ? '0' : '1' });
  });
});

describe('hand edits to the state file the sandbox cannot keep', () => {
  const ravi = demoCompany().myoperator.find((u) => u.extension === '12')!;
  const refusal = (faults: string) => {
    const file = sandboxStateFile(tmp.dir);
    return { exitCode: 2, message: `The sandbox's state file ${file} has ${faults}.`, hint: `Put it right there, or \`rm ${file}\` starts the demo from day one.` };
  };

  // Each was dropped by the next save (a fix's, a resync's), the edit lost without a word.
  it.each([
    [{ day: 1, enabled: 'all' }, '"enabled": "all", which is not an object of MyOperator uuids, each "1" or true (takes calls) or "0" or false (switched off)'],
    [{ day: 1, enabled: [] }, '"enabled": [], which is not an object of MyOperator uuids, each "1" or true (takes calls) or "0" or false (switched off)'],
    [{ day: 1, emails: { [ravi.uuid]: 42 } }, `"emails" entry "${ravi.uuid}": 42, which is not an e-mail (a string)`],
    [{ day: 1, emails: 'ravi@acme.in' }, '"emails": "ravi@acme.in", which is not an object of MyOperator uuids, each with the e-mail fix set (a string)'],
    [{ day: 1, enable: {} }, 'a key "enable" it does not keep (it keeps "day", "emails", "enabled" and "cleared")'],
    [{ day: '2' }, '"day": "2", which is not a whole number from 1 (the demo\'s day)'],
    [{ cleared: { [ravi.uuid]: [1] } }, `"cleared" entry "${ravi.uuid}": [1], which is not a list of field names`],
    // Every fault at once, so the file is put right once.
    [{ day: 0, emails: { a: 1, b: 'x', c: null }, notes: 'mine', more: 1 }, '"day": 0, which is not a whole number from 1 (the demo\'s day), and "emails" entries "a": 1 and "c": null, which are not e-mails (strings), and keys "notes" and "more" it does not keep (it keeps "day", "emails", "enabled" and "cleared")'],
  ])('%j: refused before the run starts, with the key and the form, and the file left as it was', async (state, faults) => {
    const file = sandboxStateFile(tmp.dir);
    const text = `${JSON.stringify(state, null, 2)}\n`;
    writeFileSync(file, text);
    // Started, its servers are closed, so that a run that took the file ends.
    const outcome = await startSandbox(tmp.dir).then(
      async (sb) => (await sb.close(), 'started'),
      (e: unknown) => e,
    );
    expect(outcome).toMatchObject(refusal(faults));
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('made while a run goes on: its save says so and leaves the file as it was', async () => {
    const file = sandboxStateFile(tmp.dir);
    const sb = await startSandbox(tmp.dir);
    sb.myoperator.users.find((u) => u.uuid === ravi.uuid)!.email = 'Ravi.Kumar@acmetraders.in';
    const text = JSON.stringify({ day: 3, enabled: 'all' });
    writeFileSync(file, text);
    const said: string[] = [];
    await keepStateOrSay((t) => said.push(t), "The sandbox's next run shows its MyOperator as it was before this run's changes.", () => sb.close());
    const { message, hint } = refusal('"enabled": "all", which is not an object of MyOperator uuids, each "1" or true (takes calls) or "0" or false (switched off)');
    expect(said).toEqual([`Note: ${message} The sandbox's next run shows its MyOperator as it was before this run's changes. ${hint}\n`]);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('not JSON: the next save keeps it as sandbox-state.json.broken, and says so (it was written over)', async () => {
    const file = sandboxStateFile(tmp.dir);
    for (const [text, aside] of [['{"day": 3, "emails": {', `${file}.broken`], ['day 4', `${file}.broken-2`]] as const) {
      writeFileSync(file, text);
      const said: string[] = [];
      await advanceSandboxDay(tmp.dir, (t) => said.push(t));
      expect(said).toEqual([`Note: ${file}, where the sandbox keeps its day and the changes fix made, could not be read (it is not valid JSON): it is kept as ${aside}, and the sandbox's state saved anew, from day one.\n`]);
      expect(readFileSync(aside, 'utf8')).toBe(text);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ day: 2, emails: {}, enabled: {}, cleared: {} });
    }
  });

  it('not JSON, said at the start with the name its save keeps it as: the save says it again only where that name was taken meanwhile', async () => {
    const file = sandboxStateFile(tmp.dir);
    const noted = (aside: string) =>
      `Note: ${file}, where the sandbox keeps its day and the changes fix made, could not be read (it is not valid JSON): the demo company starts from day one, its MyOperator as seeded, and the sandbox's next save of its state keeps the file as ${aside}.\n`;
    const kept = (aside: string) => `Note: ${file}, where the sandbox keeps its day and the changes fix made, could not be read (it is not valid JSON): it is kept as ${aside}, and the sandbox's state saved anew, from day one.\n`;
    for (const [text, takenMeanwhile, said, aside] of [
      ['{day: 2}', false, [noted(`${file}.broken`)], `${file}.broken`],
      ['{day: 3}', true, [noted(`${file}.broken-2`), kept(`${file}.broken-3`)], `${file}.broken-3`],
    ] as const) {
      writeFileSync(file, text);
      const say: string[] = [];
      const sb = await startSandbox(tmp.dir, { say: (t) => say.push(t) });
      await sb.close();
      if (takenMeanwhile) writeFileSync(`${file}.broken-2`, 'another run kept its own');
      await advanceSandboxDay(tmp.dir, (t) => say.push(t));
      expect(say).toEqual(said);
      expect(readFileSync(aside, 'utf8')).toBe(text);
    }
  });
});
