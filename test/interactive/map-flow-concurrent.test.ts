/**
 * The map picker while another run writes the same store: the question is shown from the store as
 * it was; the answer must not overwrite what was written meanwhile (a map by flags, an ignore)
 * without asking. The prompts are replaced by scripted answers that write the store "meanwhile".
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { matchUsers } from '../../src/core/match.js';
import { withIgnored, withIgnoredMyOperator, withMapping } from '../../src/core/reconcile.js';
import { MappingStore } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

/** Each search answer: the MyOperator id to pick (or how to pick it from the question), and what another run writes before it is given. */
let script: Array<{ pick: string | ((question: string) => string); meanwhile?: () => Promise<void> }> = [];
/** Each confirm answer, or a function that writes the store "meanwhile" and then answers. */
let confirms: Array<boolean | (() => Promise<boolean>)> = [];
const asked: string[] = [];
const ESC_KEY = '\0esc-key';
jest.unstable_mockModule('@inquirer/prompts', () => ({
  search: async (config: { message: string }, context: { input: NodeJS.EventEmitter }) => {
    asked.push(config.message);
    const step = script.shift();
    if (!step) throw Object.assign(new Error('no more answers'), { name: 'ExitPromptError' });
    // Esc, as readline reports it and inquirer ends on the abort it causes.
    if (step.pick === ESC_KEY) {
      context.input.emit('keypress', '\x1b', { name: 'escape' });
      throw Object.assign(new Error('aborted'), { name: 'AbortPromptError' });
    }
    await step.meanwhile?.();
    return typeof step.pick === 'function' ? step.pick(config.message) : step.pick;
  },
  confirm: async (config: { message: string }) => {
    asked.push(config.message);
    const answer = confirms.shift() ?? false;
    return typeof answer === 'function' ? answer() : answer;
  },
}));
const { IGNORE, SKIP, flowSummary, mapInteractively } = await import('../../src/ui/map-flow.js');
const { createContext } = await import('../../src/context.js');
const map = await import('../../src/commands/map.js');
/** fix's whole plan, never asked for while the pairs to set are few enough to name. */
const few = (): number => {
  throw new Error('the whole plan was asked for');
};

const AT = '2026-12-04T00:00:00.000Z';
const anil = zohoUser('anil@acme.in', { id: 'z-anil', name: 'Anil' });
const deepak = zohoUser('deepak@acme.in', { id: 'z-deepak', name: 'Deepak' });
const phone = moUser('a\u0430nil@acme.in', { id: 'u-15', name: 'Desk 15', extension: '15' });
const other = moUser('night@acme.in', { id: 'u-31', name: 'Night', extension: '31' });

let tmp: ReturnType<typeof tempDir>;
let store: MappingStore;
let said = '';
beforeEach(() => {
  tmp = tempDir();
  store = new MappingStore(join(tmp.dir, 'm.json'));
  said = '';
  asked.length = 0;
  script = [];
  confirms = [];
});
afterEach(() => tmp.cleanup());

async function run(myoperator = [phone, other], zoho = [anil], beforeAsking?: () => Promise<unknown>) {
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => (said += d.toString()));
  const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false };
  const ctx = createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} });
  // The list is worked out from the store as it is now (the basis); the caller may then take a
  // while (resync's tables and its "Map them now?") before the first question.
  const basis = store.read();
  const unresolved = matchUsers({ zoho, myoperator }).results.filter((r) => r.zoho);
  await beforeAsking?.();
  return mapInteractively(ctx, store, unresolved, myoperator, basis, zoho);
}
const pairs = () => store.read().mappings.map((m) => `${m.zoho.id}→${m.myoperator.uuid}`);

describe('the map picker while another run writes', () => {
  it('a MyOperator user mapped elsewhere meanwhile is not taken unasked: the picker asks to move it, and No keeps it', async () => {
    script = [{ pick: 'u-15', meanwhile: () => store.update((d) => ({ data: withMapping(d, deepak, phone, 'manual', AT), result: undefined })) }, { pick: 'u-31' }];
    confirms = [false];
    const done = await run();
    expect(asked.some((q) => /Desk 15 .* is mapped to Zoho user deepak@acme\.in \(id z-deepak\)\. Move it to anil@acme\.in\?/s.test(q))).toBe(true);
    expect(pairs().sort()).toEqual(['z-anil→u-31', 'z-deepak→u-15']);
    expect(done).toEqual({ mapped: 1, differ: ['31'], ignored: 0, skipped: 0, leftAsSet: 0 });
  });

  it('a Zoho user marked never-map meanwhile stays so: the answer is not saved, and the picker says why', async () => {
    script = [{ pick: 'u-15', meanwhile: () => store.update((d) => ({ data: withIgnored(d, anil, AT), result: undefined })) }];
    const done = await run();
    expect(pairs()).toEqual([]);
    expect(store.read().ignored.map((x) => x.zohoId)).toEqual(['z-anil']);
    expect(said).toContain('Zoho user anil@acme.in was marked never-map by another run meanwhile: left as it is.');
    expect(done).toEqual({ mapped: 0, differ: [], ignored: 0, skipped: 1, leftAsSet: 1 });
  });

  it('Ctrl-C after a user another run settled meanwhile counts it apart from the skips', async () => {
    // Anil is marked never-map while asked; Ctrl-C at Deepak's question. It said "(1 skipped or left
    // as another run set them)" of every skip, where no other run was there.
    script = [{ pick: 'u-15', meanwhile: () => store.update((d) => ({ data: withIgnored(d, anil, AT), result: undefined })) }];
    await expect(run(undefined, [anil, deepak])).rejects.toThrow(
      'Cancelled. Saved so far: mapped 0, ignored 0, skipped 1 (1 of them left as another run set it); `phonebridge-sync map` asks about the rest.',
    );
  });

  it('Esc where only exact matches are left (resync --no-auto) names the whole command that maps them', async () => {
    // It said "left for `map --auto` or `resync`": no command to paste.
    const anilPhone = moUser('anil@acme.in', { id: 'u-11', name: 'Anil', extension: '11' });
    script = [{ pick: ESC_KEY }];
    const done = await run([anilPhone, other], [anil]);
    expect(said).toBe('Stopped at Esc: 1 exact match left for `phonebridge-sync map --auto` or `resync` (counted as skipped).\n');
    expect(done).toEqual({ mapped: 0, differ: [], ignored: 0, skipped: 1, leftAsSet: 0 });
  });

  it('a Zoho user mapped meanwhile is left with that mapping', async () => {
    script = [{ pick: 'u-15', meanwhile: () => store.update((d) => ({ data: withMapping(d, anil, other, 'manual', AT), result: undefined })) }];
    const done = await run();
    expect(pairs()).toEqual(['z-anil→u-31']);
    expect(said).toContain('Zoho user anil@acme.in was mapped by another run meanwhile: left as it is.');
    expect(done).toEqual({ mapped: 0, differ: [], ignored: 0, skipped: 1, leftAsSet: 1 });
  });

  it('a later user settled by another run while an earlier question was open is not asked about, and keeps that mapping', async () => {
    // Deepak is mapped (by flags, in another shell) while Anil's question is open; Deepak's turn
    // then must not offer a pick that would replace it unasked.
    script = [{ pick: 'u-15', meanwhile: () => store.update((d) => ({ data: withMapping(d, deepak, other, 'manual', AT), result: undefined })) }, { pick: 'u-15' }];
    const done = await run([phone, other], [anil, deepak]);
    expect(asked.filter((q) => /Map to which MyOperator user\?/.test(q))).toHaveLength(1);
    expect(pairs().sort()).toEqual(['z-anil→u-15', 'z-deepak→u-31']);
    expect(said).toContain('Zoho user deepak@acme.in was mapped by another run meanwhile: left as it is.');
    expect(done).toEqual({ mapped: 1, differ: ['15'], ignored: 0, skipped: 1, leftAsSet: 1 });
  });

  it('a user settled by another run after the list was worked out, before the first question (resync asking "Map them now?"), is not asked about', async () => {
    script = [{ pick: 'u-31' }];
    const done = await run([phone, other], [anil, deepak], () => store.update((d) => ({ data: withMapping(d, anil, phone, 'manual', AT), result: undefined })));
    expect(asked.filter((q) => /Map to which MyOperator user\?/.test(q))).toHaveLength(1);
    expect(pairs().sort()).toEqual(['z-anil→u-15', 'z-deepak→u-31']);
    expect(said).toContain('Zoho user anil@acme.in was mapped by another run meanwhile: left as it is.');
    expect(done).toEqual({ mapped: 1, differ: ['31'], ignored: 0, skipped: 1, leftAsSet: 1 });
  });

  it('a MyOperator user moved by another run while "Move it?" was open: nothing is saved for it, and the question comes again', async () => {
    const third = zohoUser('x@acme.in', { id: 'z-x', name: 'X' });
    script = [{ pick: 'u-15', meanwhile: () => store.update((d) => ({ data: withMapping(d, deepak, phone, 'manual', AT), result: undefined })) }, { pick: 'u-31' }];
    confirms = [
      async () => {
        await store.update((d) => ({ data: withMapping(d, third, phone, 'manual', AT), result: undefined }));
        return true;
      },
    ];
    const done = await run();
    expect(said).toContain('was mapped or unmapped by another run meanwhile: asking again.');
    expect(pairs().sort()).toEqual(['z-anil→u-31', 'z-x→u-15']);
    expect(done).toEqual({ mapped: 1, differ: ['31'], ignored: 0, skipped: 0, leftAsSet: 0 });
    // It said "Its e-mails differ", "its" standing for no noun before it.
    expect(flowSummary(done, few)).toBe(
      'Mapped 1, ignored 0, skipped 0. The pair mapped has e-mails that differ, so PhoneBridge attributes none of its calls until MyOperator holds the Zoho e-mail: run `phonebridge-sync fix --only 31`.\n',
    );
  });
});

describe('the map picker alone', () => {
  it('reads the mappings file once per answer, under the lock that saves it (a read of 9,000 mappings is ~0.2 s; each answer took three), and still sees what another run wrote', async () => {
    const third = zohoUser('x@acme.in', { id: 'z-x', name: 'X' });
    const desk = moUser('x.desk@acme.in', { id: 'u-40', name: 'Desk 40', extension: '40' });
    let reads = 0;
    // Every read of the file, read()'s and a change's under its lock alike.
    const count = () => {
      const read = store.readBytes.bind(store);
      store.readBytes = () => (reads++, read());
    };
    script = [{ pick: 'u-15' }, { pick: 'u-31' }, { pick: IGNORE }];
    const done = await run([phone, other, desk], [anil, deepak, third], async () => count());
    expect(done).toEqual({ mapped: 2, differ: ['15', '31'], ignored: 1, skipped: 0, leftAsSet: 0 });
    // It said "All their e-mails differ".
    expect(flowSummary(done, few)).toMatch(/^Mapped 2, ignored 1, skipped 0\. Both pairs mapped have e-mails that differ, so PhoneBridge attributes none of their calls until MyOperator holds the Zoho e-mails: run `phonebridge-sync fix --only 15 31`\.\n$/);
    // The first question's read, then one per answer.
    expect(reads).toBe(1 + 3);
    expect(pairs().sort()).toEqual(['z-anil→u-15', 'z-deepak→u-31']);
    // Written by another run between two questions: the next question reads the file again, and
    // its user, settled there, is not asked about.
    reads = 0;
    said = '';
    asked.length = 0;
    const fourth = zohoUser('y@acme.in', { id: 'z-y', name: 'Y' });
    script = [{ pick: 'u-40', meanwhile: () => store.update((d) => ({ data: withMapping(d, fourth, other, 'manual', AT), result: undefined })) }];
    await run([phone, other, desk], [third, fourth], async () => {
      await store.update((d) => ({ data: { ...d, ignored: [] }, result: undefined }));
      count();
    });
    expect(asked.filter((q) => /Map to which MyOperator user\?/.test(q))).toHaveLength(1);
    expect(said).toContain('Zoho user y@acme.in was mapped by another run meanwhile: left as it is.');
  });
});

describe('the map picker and an inactive MyOperator user', () => {
  const old = moUser('anil.old@acme.in', { id: 'u-9', name: 'Anil (old)', extension: '9', active: false });
  it('asks before mapping one (it takes no calls), naming the Zoho user, as the list answered above it is cleared: No asks the question again, Yes maps it', async () => {
    script = [{ pick: 'u-9' }, { pick: 'u-9' }];
    confirms = [false, true];
    const done = await run([phone, old]);
    expect(asked.filter((q) => /Anil \(old\) <anil\.old@acme\.in> is inactive in MyOperator: it takes no calls until it is switched back on\. Map it to anil@acme\.in anyway\?/s.test(q))).toHaveLength(2);
    expect(asked.filter((q) => /Map to which MyOperator user\?/.test(q))).toHaveLength(2);
    expect(pairs()).toEqual(['z-anil→u-9']);
    expect(done.mapped).toBe(1);
  });

  it('names a Zoho user with no e-mail by name in the questions before a mapping: "Map it to  anyway?" named nobody', async () => {
    const nameless = zohoUser('', { id: 'z-meera', name: 'Meera' });
    await store.update((d) => ({ data: withIgnoredMyOperator(d, other, AT), result: undefined }));
    script = [{ pick: 'u-9' }, { pick: other.id }];
    confirms = [false, false];
    await expect(run([phone, old, other], [nameless])).rejects.toThrow('Cancelled');
    expect(asked.filter((q) => /Map it to Zoho user Meera anyway\?/.test(q))).toHaveLength(2);
    expect(pairs()).toEqual([]);
  });
});

describe('the map picker and a pair fix will refuse', () => {
  const deskDeepak = moUser('deepak@acme.in', { id: 'u-18', name: 'Desk 18', extension: '18' });
  const old = moUser('anil.old@acme.in', { id: 'u-9', name: 'Anil (old)', extension: '9', active: false });

  it('a MyOperator user another Zoho user has by e-mail: says fix refuses it and why, and the summary does not send it to fix', async () => {
    // Deepak's own question (his exact match is unsaved) is skipped.
    script = [{ pick: 'u-18' }, { pick: SKIP }];
    const done = await run([phone, deskDeepak], [anil, deepak]);
    expect(pairs()).toEqual(['z-anil→u-18']);
    expect(done).toEqual({ mapped: 1, differ: [], ignored: 0, skipped: 1, leftAsSet: 0 });
    expect(flowSummary(done, few)).toBe('Mapped 1, ignored 0, skipped 1.\n');
    expect(said).toContain(
      "Their e-mails differ, so PhoneBridge attributes none of the calls of MyOperator user Desk 18 (ext 18) yet, and `fix` cannot set MyOperator's until this is settled: PhoneBridge gives the calls of MyOperator user Desk 18 (ext 18) to Zoho user Deepak <deepak@acme.in> now: both have \"deepak@acme.in\".",
    );
  });

  it('beside a pair fix can set, the summary does not say the refused pair\'s e-mails are the only ones that differ', async () => {
    const ravi = zohoUser('Ravi@acme.in', { id: 'z-ravi', name: 'Ravi' });
    const ravisPhone = moUser('ravi@acme.in', { id: 'u-12', name: 'Ravi', extension: '12' });
    // Anil is given Deepak's desk (fix refuses it), Ravi his own phone (case: fix sets it).
    // Deepak's own question (his exact match is unsaved) is skipped.
    script = [{ pick: 'u-18' }, { pick: SKIP }, { pick: 'u-12' }];
    const done = await run([deskDeepak, ravisPhone], [anil, deepak, ravi]);
    expect(pairs().sort()).toEqual(['z-anil→u-18', 'z-ravi→u-12']);
    expect(said).toContain('`fix` cannot set MyOperator\'s until this is settled');
    // Both pairs' e-mails differ: "1 of those e-mails differ" was untrue of the other.
    expect(flowSummary(done, few)).toBe(
      'Mapped 2, ignored 0, skipped 1. Of the 2 pairs mapped, 1 has e-mails that differ and that fix can set, so PhoneBridge attributes none of its calls until MyOperator holds the Zoho e-mail: run `phonebridge-sync fix --only 12`.\n',
    );
  });

  it('some of the pairs mapped for fix: says of which pairs it speaks, not "5 of those fix can set" (of the 6 mapped? of the 9 asked?)', () => {
    const done = { mapped: 6, differ: ['12', '13', '14', '16', '19'], ignored: 1, skipped: 2, leftAsSet: 0 };
    expect(flowSummary(done, few)).toBe(
      'Mapped 6, ignored 1, skipped 2. Of the 6 pairs mapped, 5 have e-mails that differ and that fix can set, so PhoneBridge attributes none of their calls until MyOperator holds the Zoho e-mails: run `phonebridge-sync fix --only 12 13 14 16 19`.\n',
    );
  });

  it('an inactive MyOperator user taken on purpose: says fix leaves the pair alone, and the summary names no fix', async () => {
    script = [{ pick: 'u-9' }];
    confirms = [true];
    const done = await run([phone, old]);
    expect(pairs()).toEqual(['z-anil→u-9']);
    expect(said).toContain('fix leaves a pair with an inactive user alone');
    expect(done).toEqual({ mapped: 1, differ: [], ignored: 0, skipped: 0, leftAsSet: 0 });
    expect(flowSummary(done, few)).toBe('Mapped 1, ignored 0, skipped 0.\n');
  });
});

describe('the map picker and a large store', () => {
  it('an answer whose e-mails differ: fix is judged on the mappings as just saved, with no read of the store beyond the question and the lock', async () => {
    script = [{ pick: 'u-31' }];
    const reads = jest.spyOn(store, 'readBytes');
    const done = await run();
    expect(done).toEqual({ mapped: 1, differ: ['31'], ignored: 0, skipped: 0, leftAsSet: 0 });
    expect(flowSummary(done, few)).toContain('run `phonebridge-sync fix --only 31`');
    // One more read after the save cost each such answer ~200 ms at 9,000 mappings, and so did the
    // holder check's, of a file unchanged since the question. run() reads the basis first.
    expect(reads).toHaveBeenCalledTimes(3);
  });
});

describe("plain map at a terminal and fix's cap", () => {
  // 11 Zoho users whom no MyOperator user resembles, each given a desk by hand (the e-mails differ),
  // and Mira's mismatch, which fix sets with no mapping: 12 changes in fix's plan once they are mapped.
  const agents = Array.from({ length: 11 }, (_, i) => zohoUser(`agent${i}@acme.in`, { id: `z-agent${i}`, name: `Agent ${i}` }));
  const desks = Array.from({ length: 11 }, (_, i) => moUser(`desk${i}@acme.in`, { id: `u-desk${i}`, name: `Desk ${i}`, extension: `${40 + i}` }));
  const mira = zohoUser('Mira@acme.in', { id: 'z-mira', name: 'Mira' });
  const mirasPhone = moUser('mira@acme.in', { id: 'u-60', name: 'Mira', extension: '60' });
  const mapAtTerminal = async () => {
    const stderr = new PassThrough();
    stderr.on('data', (d: Buffer) => (said += d.toString()));
    const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false };
    const ctx = { ...createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} }), interactive: true };
    await map.run({}, ctx, { store, fetchUsers: async () => ({ zoho: [...agents, mira], myoperator: [...desks, mirasPhone] }) });
  };

  it('the closing summary of 11 pairs to set names the fix that runs: plain `fix` was refused, 12 changes over --max-changes 10', async () => {
    script = agents.map(() => ({ pick: (question: string) => `u-desk${/<agent(\d+)@/.exec(question)![1]}` }));
    await mapAtTerminal();
    expect(pairs()).toHaveLength(11);
    expect(said).toBe(
      '1 mismatch (one address on both sides but for case, spaces or look-alike characters) is left for `phonebridge-sync fix`, which sets it with no mapping needed.\n' +
        'Mapped 11, ignored 0, skipped 0. All 11 pairs mapped have e-mails that differ, so PhoneBridge attributes none of their calls until MyOperator holds the Zoho e-mails: run `phonebridge-sync fix --max-changes 12` (12 MyOperator e-mails in all: fix plans 1 more beside these).\n',
    );
  });

  it('with only the mismatches fix sets left, says there is nothing to map and names the fix that sends them with the pairs mapped before', async () => {
    await store.update((d) => ({ data: agents.reduce((x, z, i) => withMapping(x, z, desks[i]!, 'manual', AT), d), result: undefined }));
    await mapAtTerminal();
    expect(asked).toEqual([]);
    expect(said).toBe(
      '1 mismatch (one address on both sides but for case, spaces or look-alike characters) is left for `phonebridge-sync fix --max-changes 12`, which sets it with no mapping needed (12 MyOperator e-mails in all, with the 11 mapped pairs).\n' +
        'Every other active Zoho user is mapped, matched exactly or ignored: nothing to map.\n',
    );
  });
});

describe('the map picker beside a Zoho user marked "never map"', () => {
  it('a line holding that user\'s e-mail, picked for another Zoho user, is saved and the mark is named beside "the seat is likelier …"', async () => {
    const ravi = zohoUser('Ravi@acme.in', { id: 'z-ravi', name: 'Ravi' });
    const seat = moUser('ravi@acme.in', { id: 'u-12', name: 'Ravi', extension: '12' });
    await store.update((d) => ({ data: withIgnored(d, ravi, AT), result: undefined }));
    script = [{ pick: 'u-12' }];
    const stderr = new PassThrough();
    stderr.on('data', (d: Buffer) => (said += d.toString()));
    const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false };
    const ctx = createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} });
    const users = { zoho: [anil, ravi], myoperator: [seat, other] };
    const unresolved = matchUsers(users).results.filter((r) => r.zoho?.id === anil.id);
    await mapInteractively(ctx, store, unresolved, users.myoperator, store.read(), users.zoho);
    expect(pairs()).toEqual(['z-anil→u-12']);
    // It said the seat "is likelier Ravi's" and nothing of the mark that keeps Ravi from it.
    expect(said).toMatch(/the seat is likelier that Zoho user's, and the change would give it to Zoho user Anil <anil@acme\.in>, [^\n]* first\.\nZoho user Ravi@acme\.in is marked "never map" \(`phonebridge-sync map --unmap Ravi@acme\.in` lifts the mark\)\.\n$/);
  });
});
