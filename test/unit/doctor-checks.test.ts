/** Single doctor checks on small fixtures: what each one names, and what it leaves out. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Clients } from '../../src/clients/connect.js';
import type { PhoneBridgeUser } from '../../src/clients/zoho.js';
import type { CallLog } from '../../src/core/call-audit.js';
import { run as doctor } from '../../src/commands/doctor.js';
import { callsCheck } from '../../src/doctor/checks/calls.js';
import { duplicateEmailsCheck } from '../../src/doctor/checks/duplicate-emails.js';
import { myOperatorEmailsCheck, zohoEmailsCheck } from '../../src/doctor/checks/email-forensics.js';
import { mismatchesCheck, oneSideOnlyCheck } from '../../src/doctor/checks/matching.js';
import { userStatusCheck } from '../../src/doctor/checks/user-status.js';
import { mappingHealthCheck } from '../../src/doctor/checks/mapping-health.js';
import { fixConflict, planFix } from '../../src/core/fix-plan.js';
import { zohoPhoneBridgeCheck } from '../../src/doctor/checks/zoho-phonebridge.js';
import { ScopeMissing } from '../../src/clients/zoho.js';
import { webhookCheck } from '../../src/doctor/checks/webhook.js';
import { zohoCredentialsCheck } from '../../src/doctor/checks/zoho-credentials.js';
import { configDirCheck } from '../../src/doctor/checks/config-dir.js';
import { credentialsFileCheck } from '../../src/doctor/checks/credentials-file.js';
import type { DoctorEnv, DoctorOutput } from '../../src/doctor/check.js';
import { matchUsers } from '../../src/core/match.js';
import { createContext } from '../../src/context.js';
import { mappingOf, savedPairs, type Ignored, type Mapping } from '../../src/core/reconcile.js';
import { AuthError, RemoteError, StorageError, UsageError } from '../../src/errors.js';
import { zohoTokenCheck } from '../../src/doctor/checks/zoho-token.js';
import { zohoApiCheck } from '../../src/doctor/checks/zoho-api.js';
import { CredentialStore } from '../../src/store/credentials.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';
import { MappingStore } from '../../src/store/mappings.js';

/** Doctor's read of that history file (through the store whose history it is). */
const historyAt = (history: string) => () => new MappingStore(history.replace(/\.history\.jsonl$/, '.json')).readHistory();

/** A run off a terminal (piped, a log): no width to fit a fix to. */
const offTerminal = { stdoutIsTTY: false };

const oneSide = (zoho: ZohoUser[], myoperator: MyOperatorUser[]) =>
  oneSideOnlyCheck.run({ mappings: async () => ({ mappings: [], ignored: [] }), report: async () => matchUsers({ zoho, myoperator }), users: async () => ({ zoho, myoperator }), ctx: offTerminal } as unknown as DoctorEnv);

describe('one-side-only', () => {
  it('names active users with nobody on the other side, and leaves out inactive ones (they take no calls)', async () => {
    const o = await oneSide([zohoUser('gaurav@acme.in'), zohoUser('left@acme.in', { active: false, status: 'disabled' })], [moUser('night@acme.in', { name: 'Night' }), moUser('old@acme.in', { active: false })]);
    expect(o.status).toBe('warn');
    expect(o.message).toContain('1 Zoho user with no MyOperator user: gaurav@acme.in');
    expect(o.message).not.toContain('left@acme.in');
    expect(o.message).not.toContain('old@acme.in');
  });

  it('offers a MyOperator user listed the choice to stay unclaimed, as doctor --calls and fix\'s "Left to settle" do; a Zoho user listed alone gets no such word', async () => {
    // It said "Create the missing user on the other side" of Front Desk and Night Shift alone, while
    // --calls, --webhook and fix offered the same users "a shared line can stay as it is".
    const gaurav = () => zohoUser('gaurav@acme.in', { name: 'Gaurav' });
    // Asha is matched: a side that listed nobody is not checked at all.
    const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10' });
    expect((await oneSide([zohoUser('asha@acme.in')], [moUser('asha@acme.in'), desk])).hint).toBe(
      'Create the missing user on the other side; a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 10` leaves it unmapped on purpose.',
    );
    expect((await oneSide([gaurav()], [desk])).hint).toBe(
      'Create the missing user on the other side; if Gaurav takes no calls, `phonebridge-sync map --ignore gaurav@acme.in` marks them so; a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 10` leaves it unmapped on purpose.',
    );
    // Only Gaurav is listed: no shared line is on screen to stay.
    const alone = await oneSide([gaurav(), zohoUser('asha@acme.in')], [moUser('asha@acme.in')]);
    expect(alone.message).toBe('1 Zoho user with no MyOperator user: Gaurav <gaurav@acme.in>');
    expect(alone.hint).toBe('Create the missing user on the other side; if Gaurav takes no calls, `phonebridge-sync map --ignore gaurav@acme.in` marks them so.');
  });

  it('a Zoho user whose exact e-mail a line left unmapped on purpose holds is not said to lack a MyOperator user: the line is tied to them by e-mail', async () => {
    // It said "1 Zoho user with no MyOperator user: Gaurav <reception@acme.in>" and "Create the missing user on the other side".
    const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10' });
    const run = (zoho: ZohoUser[]) =>
      oneSideOnlyCheck.run({
        mappings: async () => ({ mappings: [], ignored: [], ignoredMyOperator: [{ uuid: desk.id, extension: '10', email: desk.email, at: '2026-11-25T10:00:00.000Z' }] }),
        report: async () => matchUsers({ zoho, myoperator: [desk], ignoredMyOperator: [desk.id] }),
        users: async () => ({ zoho, myoperator: [desk] }),
        ctx: offTerminal,
      } as unknown as DoctorEnv);
    expect(await run([zohoUser('reception@acme.in', { name: 'Gaurav' })])).toMatchObject({ status: 'pass', message: 'every active user has someone on the other side' });
    // But for case, PhoneBridge ties nobody: Gaurav has no MyOperator user.
    expect((await run([zohoUser('Reception@acme.in', { name: 'Gaurav' })])).message).toBe('1 Zoho user with no MyOperator user: Gaurav <Reception@acme.in>');
  });

  // With Ravi's Zoho user marked "never map" (`--sandbox map --ignore Ravi.Kumar@acmetraders.in`), it listed "Ravi Kumar (ext 12)
  // <ravi.kumar@acmetraders.in>" among MyOperator users with no Zoho user, "fix: Create the missing user on the other side",
  // though Ravi is there: added again, fix refuses to give the seat his twin's e-mail. As `fix --only 12` and match say it now.
  it('a line whose only match is a Zoho user marked "never map" is not said to lack one: its own line names the mark and the steps; one holding that e-mail exactly has someone', async () => {
    const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi' });
    const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10' });
    const run = (line: MyOperatorUser, others: MyOperatorUser[] = []) =>
      oneSideOnlyCheck.run({
        mappings: async () => ({ mappings: [], ignored: [{ zohoId: ravi.id, email: ravi.email, at: '2026-11-25T10:00:00.000Z' }] }),
        report: async () => matchUsers({ zoho: [ravi], myoperator: [line, ...others], ignored: [ravi.id] }),
        users: async () => ({ zoho: [ravi], myoperator: [line, ...others] }),
        ctx: offTerminal,
      } as unknown as DoctorEnv);
    const steps = 'MyOperator user Ravi (ext 12) <ravi@acme.in>: its only match is Zoho user Ravi@acme.in, marked "never map": lift the mark for fix to set its e-mail (`phonebridge-sync map --unmap Ravi@acme.in`), or leave it unmapped on purpose (`phonebridge-sync map --ignore-myoperator 12`)';
    const alike = moUser('ravi@acme.in', { name: 'Ravi', extension: '12' });
    expect(await run(alike)).toMatchObject({ status: 'warn', message: steps, hint: 'Lift the "never map" mark the line above names, then `phonebridge-sync fix`; or leave that line unmapped on purpose, as it says.' });
    const withDesk = await run(alike, [desk]);
    expect(withDesk.message).toBe(`1 MyOperator user with no Zoho user: Front Desk (ext 10) <reception@acme.in>\n${steps}`);
    expect(withDesk.hint).toBe(
      'Create the missing user on the other side; a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 10` leaves it unmapped on purpose. Lift the "never map" mark the line above names, then `phonebridge-sync fix`; or leave that line unmapped on purpose, as it says.',
    );
    // Its e-mail Ravi's byte for byte, PhoneBridge ties the line to Ravi whatever the mark (and map refuses to leave it unmapped).
    expect(await run(moUser('Ravi@acme.in', { name: 'Ravi', extension: '12' }))).toMatchObject({ status: 'pass', message: 'every active user has someone on the other side' });
  });

  it('a side that listed nobody: the other side\'s users are not said to lack one, nor is the admin sent to create them all', async () => {
    // It said "2 Zoho users with no MyOperator user: …" with "fix: Create the missing user on the other
    // side", beside mapping-health's "check which account that side's login belongs to … before anything else".
    for (const [side, other, zoho, myoperator] of [
      ['MyOperator', 'Zoho', [zohoUser('gaurav@acme.in'), zohoUser('asha@acme.in'), zohoUser('left@acme.in', { active: false, status: 'disabled' })], []],
      ['Zoho', 'MyOperator', [], [moUser('night@acme.in'), moUser('desk@acme.in')]],
    ] as const) {
      const o = await oneSide([...zoho], [...myoperator]);
      expect({ status: o.status, message: o.message }).toEqual({ status: 'fail', message: `2 active ${other} users not checked: ${side} returned no users at all` });
      // The cause the other checks of users share: doctor says it once.
      expect(o.reason).toBe(`not checked: ${side} returned no users at all`);
      expect(o.hint).toBe(
        `${side} listing nobody is far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it: check which account that side's login belongs to and what it may list, before anything else.`,
      );
    }
    // Both empty: it passed, "every active user has someone on the other side"; then its fix spoke of "Zoho listing nobody" alone.
    expect(await oneSide([], [])).toEqual({
      status: 'fail',
      message: 'not checked: Zoho and MyOperator returned no users at all',
      reason: 'not checked: Zoho and MyOperator returned no users at all',
      madeOf: ['not checked: Zoho returned no users at all', 'not checked: MyOperator returned no users at all'],
      hint: "Zoho and MyOperator listing nobody is far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it: check which account each side's login belongs to and what it may list, before anything else.",
      data: { notChecked: 0, emptySide: 'both' },
    });
  });
});

/** The mismatches check over these users, no mapping saved, with fix's plan of them. */
const mismatchesAmong = (zoho: ZohoUser[], myoperator: MyOperatorUser[]) =>
  mismatchesCheck.run({
    users: async () => ({ zoho, myoperator }),
    mappings: async () => ({ mappings: [], ignored: [] }),
    report: async () => matchUsers({ zoho, myoperator }),
    fixPlan: async () => planFix({ zoho, myoperator, mappings: [], report: matchUsers({ zoho, myoperator }) }),
  } as unknown as DoctorEnv);

describe('mismatches, of a pair the matcher only suggests (a typo in the domain, the same name)', () => {
  const mismatches = mismatchesAmong;

  it('is a warning naming both e-mails and why, with map then fix: PhoneBridge attributes none of the Zoho user\'s calls', async () => {
    // It said "no pair differs only by case, spaces or look-alike characters" and passed: no check named Kavita.
    const o = await mismatches(
      [zohoUser('kavita.joshi@acmetraders.in', { name: 'Kavita Joshi' }), zohoUser('asha@acmetraders.in')],
      [moUser('kavita.joshi@acmetrader.in', { name: 'Kavita Joshi', extension: '19' }), moUser('asha@acmetraders.in')],
    );
    expect(o.status).toBe('warn');
    expect(o.message).toMatch(/^1 Zoho user not mapped whose MyOperator user is probably theirs under another e-mail, so PhoneBridge attributes none of their calls:\n {2}kavita\.joshi@acmetraders\.in ≠ kavita\.joshi@acmetrader\.in of Kavita Joshi \(ext 19\): MyOperator e-mail's domain "acmetrader\.in" looks like a typo/);
    expect(o.hint).toBe('`phonebridge-sync map` asks about each (confirm the pair), then `phonebridge-sync fix` sets each MyOperator e-mail to the Zoho one.');
  });

  it("gives a MyOperator user without an e-mail its cure in whole commands, as its fix line does: it said \"(`map` asks about the pair; once it is mapped, `fix` sets it)\"", async () => {
    const o = await mismatches([zohoUser('suresh.pillai@acme.in', { name: 'Suresh Pillai' })], [moUser('', { name: 'Suresh Pillai', extension: '24' })]);
    expect(o.message.split('\n')[1]).toBe(
      "  suresh.pillai@acme.in ≠ the empty e-mail of Suresh Pillai (ext 24): Same name \"Suresh Pillai\" on both sides; MyOperator user has no e-mail, so PhoneBridge attributes none of its calls until it holds its Zoho user's (`phonebridge-sync map` asks about the pair; once it is mapped, `phonebridge-sync fix --only 24` sets it)",
    );
    // Its data keeps the matcher's reason as match's row says it.
    expect(JSON.stringify(o.data)).toContain('(`map` asks about the pair; once it is mapped, `fix` sets it)');
  });

  it('beside mismatches, each heading stands out from the pairs under it: the pairs are indented, as --calls indents the fix under each agent', async () => {
    // The second heading sat at the indent of the pairs above and below it, and read as one more pair.
    const o = await mismatches(
      [zohoUser('Ravi.Kumar@acmetraders.in', { name: 'Ravi Kumar' }), zohoUser('kavita.joshi@acmetraders.in', { name: 'Kavita Joshi' })],
      [moUser('ravi.kumar@acmetraders.in', { name: 'Ravi Kumar', extension: '12' }), moUser('kavita.joshi@acmetrader.in', { name: 'Kavita Joshi', extension: '19' })],
    );
    expect(o.status).toBe('fail');
    expect(o.message.split('\n').map((l) => l.replace(/(≠ \S+).*/, '$1'))).toEqual([
      '1 user not syncing because the e-mails differ by case, spaces or look-alike characters:',
      '  Ravi.Kumar@acmetraders.in ≠ ravi.kumar@acmetraders.in:',
      '1 Zoho user not mapped whose MyOperator user is probably theirs under another e-mail, so PhoneBridge attributes none of their calls:',
      '  kavita.joshi@acmetraders.in ≠ kavita.joshi@acmetrader.in',
    ]);
  });
});

describe("mismatches, fix's step", () => {
  it("asks for fix's plan once: its count and the `fix` it names (with the --max-changes it needs) are of one plan", async () => {
    // fixStep asked for the plan, then fixForWholePlan asked for it again to name the command.
    const zoho = [zohoUser('Ravi@acme.in', { name: 'Ravi Kumar' })];
    const myoperator = [moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' })];
    let asked = 0;
    const o = await mismatchesCheck.run({
      users: async () => ({ zoho, myoperator }),
      mappings: async () => ({ mappings: [], ignored: [] }),
      report: async () => matchUsers({ zoho, myoperator }),
      fixPlan: async () => (asked++, planFix({ zoho, myoperator, mappings: [], report: matchUsers({ zoho, myoperator }) })),
    } as unknown as DoctorEnv);
    expect(o.brief).toBe('`phonebridge-sync fix` sets each MyOperator e-mail to the Zoho one.');
    expect(asked).toBe(1);
  });

  it('names the --max-changes a plan over the cap needs, from that plan', async () => {
    const ids = Array.from({ length: 11 }, (_, i) => i + 1);
    const o = await mismatchesAmong(
      ids.map((i) => zohoUser(`Agent${i}@acme.in`, { name: `Agent ${i}` })),
      ids.map((i) => moUser(`agent${i}@acme.in`, { name: `Agent ${i}`, extension: `${100 + i}` })),
    );
    expect(o.brief).toBe('`phonebridge-sync fix --max-changes 11` sets each MyOperator e-mail to the Zoho one.');
  });
});

describe("mismatches, where fix refuses one (a switched-off old phone holds its Zoho e-mail exactly)", () => {
  const mismatches = mismatchesAmong;
  const arjun = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
  const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi Kumar' });
  const phones = [
    moUser('Arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' }),
    moUser('arjun@acme.in', { name: 'Arjun M. (old)', extension: '23', active: false }),
    moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' }),
  ];
  const refused =
    "Not arjun@acme.in's, which fix refuses as it stands: MyOperator user Arjun M. (old) (ext 23, switched off) still has \"arjun@acme.in\" exactly, and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets the e-mail of Arjun Malhotra (ext 22).";

  it("says fix sets the others, and for that one fix's own cure, the old phone's e-mail first, not that fix sets each", async () => {
    // Its fix line said "`phonebridge-sync fix` sets each MyOperator e-mail to the Zoho one" of both,
    // where fix --dry-run lists Arjun's as a conflict.
    const o = await mismatches([arjun, ravi], phones);
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/^2 users not syncing because/);
    expect(o.hint).toBe(`\`phonebridge-sync fix\` sets 1 of these 2 MyOperator e-mails to the Zoho one (Zoho is never changed); \`phonebridge-sync fix --dry-run\` shows the plan. ${refused}`);
    expect(o.brief).toBe(`\`phonebridge-sync fix\` sets 1 of these 2 MyOperator e-mails to the Zoho one. ${refused}`);
    // Alone, it is not sent to a fix that sets nothing.
    const alone = await mismatches([arjun], phones.slice(0, 2));
    const itself = refused.replace("Not arjun@acme.in's, which fix refuses", "fix refuses arjun@acme.in's");
    expect(alone.hint).toBe(itself);
    expect(alone.brief).toBe(itself);
  });
});

describe("mismatches, fix's step past ten refused, with none set, and with one its plan leaves out", () => {
  const mismatches = mismatchesAmong;
  const ravi = () => [zohoUser('Ravi@acme.in', { name: 'Ravi Kumar' }), moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' })] as const;
  /** `n` Zoho users, each beside its phone on duty (its e-mail in capitals) and a switched-off old phone still holding its e-mail exactly: fix refuses each. */
  const withOldPhones = (n: number) => {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    return {
      zoho: ids.map((i) => zohoUser(`agent${i}@acme.in`, { name: `Agent ${i}` })),
      myoperator: ids.flatMap((i) => [
        moUser(`Agent${i}@acme.in`, { name: `Agent ${i}`, extension: `${100 + i}` }),
        moUser(`agent${i}@acme.in`, { name: `Agent ${i} (old)`, extension: `${200 + i}`, active: false }),
      ]),
    };
  };
  const countedAfterSets = 'Not the other 11, which fix refuses as they stand (`phonebridge-sync fix --dry-run` says why).';

  it('more than ten refused are counted, not each given its sentence; ten are still named', async () => {
    const [z, m] = ravi();
    const eleven = withOldPhones(11);
    const o = await mismatches([z, ...eleven.zoho], [m, ...eleven.myoperator]);
    expect(o.status).toBe('fail');
    expect(o.hint).toBe(`\`phonebridge-sync fix\` sets 1 of these 12 MyOperator e-mails to the Zoho one (Zoho is never changed); \`phonebridge-sync fix --dry-run\` shows the plan. ${countedAfterSets}`);
    expect(o.brief).toBe(`\`phonebridge-sync fix\` sets 1 of these 12 MyOperator e-mails to the Zoho one. ${countedAfterSets}`);
    // None set: the count is the whole step, at a terminal as everywhere.
    const alone = await mismatches(eleven.zoho, eleven.myoperator);
    const counted = 'fix refuses these 11 as they stand (`phonebridge-sync fix --dry-run` says why).';
    expect({ hint: alone.hint, brief: alone.brief }).toEqual({ hint: counted, brief: counted });
    // Up to ten, each is named with fix's own cure.
    const ten = withOldPhones(10);
    const named = await mismatches([z, ...ten.zoho], [m, ...ten.myoperator]);
    expect(named.hint).toContain("Not agent10@acme.in's, which fix refuses as it stands: MyOperator user Agent 10 (old) (ext 210, switched off) still has \"agent10@acme.in\" exactly");
    expect(named.hint!.match(/which fix refuses as it stands/g)).toHaveLength(10);
  });

  it('none set: no "fix sets" at all, and a pair only suggested is sent to map, then fix', async () => {
    const two = withOldPhones(2);
    const kavita = [zohoUser('kavita.joshi@acmetraders.in', { name: 'Kavita Joshi' }), moUser('kavita.joshi@acmetrader.in', { name: 'Kavita Joshi', extension: '19' })] as const;
    const o = await mismatches([...two.zoho, kavita[0]], [...two.myoperator, kavita[1]]);
    expect(o.status).toBe('fail');
    // Each refused one's cure says what `fix` sets once it is settled; no sentence says fix sets any now.
    expect(o.hint).not.toMatch(/`phonebridge-sync fix` sets (each|\d+ of these)/);
    // Not "set too": fix sets none of them.
    expect(o.hint).toMatch(/^fix refuses agent1@acme\.in's as it stands: .* fix refuses agent2@acme\.in's as it stands: .* `phonebridge-sync map` confirms a pair only suggested, then `phonebridge-sync fix` sets it\.$/);
    // At a terminal: the two counted, then map's step for the pair only suggested.
    expect(o.brief).toBe('fix refuses these 2 as they stand (`phonebridge-sync fix --dry-run` says why). `phonebridge-sync map` confirms a pair only suggested, then `phonebridge-sync fix` sets it.');
  });

  it("a mismatch fix's plan leaves out is said to be left out, with the dry run that shows the plan, not counted among those fix sets", async () => {
    // fix plans mismatches by its own rule (fix-plan's takenUnmapped), not the report's: a plan
    // without one, here one made without Meena's phone, must not count her among those fix sets.
    const [z, m] = ravi();
    const meena = zohoUser('meena@acme.in', { name: 'Meena Iyer' });
    const hers = moUser('meena@acme.in ', { name: 'Meena Iyer', extension: '13' });
    const o = await mismatchesCheck.run({
      users: async () => ({ zoho: [z, meena], myoperator: [m, hers] }),
      mappings: async () => ({ mappings: [], ignored: [] }),
      report: async () => matchUsers({ zoho: [z, meena], myoperator: [m, hers] }),
      fixPlan: async () => planFix({ zoho: [z], myoperator: [m], mappings: [], report: matchUsers({ zoho: [z], myoperator: [m] }) }),
    } as unknown as DoctorEnv);
    expect(o.message).toMatch(/^2 users not syncing because/);
    const leftOut = "fix leaves meena@acme.in's out of its plan (`phonebridge-sync fix --dry-run` shows what it plans).";
    expect(o.hint).toBe(`\`phonebridge-sync fix\` sets 1 of these 2 MyOperator e-mails to the Zoho one (Zoho is never changed); \`phonebridge-sync fix --dry-run\` shows the plan. ${leftOut}`);
    expect(o.brief).toBe(`\`phonebridge-sync fix\` sets 1 of these 2 MyOperator e-mails to the Zoho one. ${leftOut}`);
  });
});

describe('a side that listed nobody: user-status, mismatches, zoho-phonebridge and the e-mail checks vouch for none of its users', () => {
  const likely = (side: string) =>
    `${side} listing nobody is far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it: check which account ${side.includes(' and ') ? 'each' : 'that'} side's login belongs to and what it may list, before anything else.`;
  const pbUser = (zohouser: string): PhoneBridgeUser => ({ zohouser, email: '', name: '' });
  /** The outcome of a check that did not check `side`, saying `message`. */
  const notChecked = (side: 'Zoho' | 'MyOperator' | 'Zoho and MyOperator', message: string) => ({
    status: 'fail',
    message,
    // The cause the runner counts once, whatever else the message says.
    reason: `not checked: ${side} returned no users at all`,
    // Both: the two causes each side's own checks say, so doctor says them once.
    ...(side === 'Zoho and MyOperator' ? { madeOf: ['not checked: Zoho returned no users at all', 'not checked: MyOperator returned no users at all'] } : {}),
    hint: likely(side),
    data: { emptySide: side === 'Zoho' ? 'zoho' : side === 'MyOperator' ? 'myoperator' : 'both' },
  });

  it('user-status says the side it did not check, and what the side it saw holds, failing as mapping-health and one-side-only do', async () => {
    // It passed: "every Zoho user is active and confirmed; every MyOperator user takes calls and has an e-mail".
    const status = (zoho: ZohoUser[], myoperator: MyOperatorUser[]) => userStatusCheck.run(usersEnv(zoho, myoperator));
    expect(await status([zohoUser('asha@acme.in')], [])).toMatchObject(notChecked('MyOperator', 'not checked: MyOperator returned no users at all; every Zoho user is active and confirmed'));
    expect(await status([], [moUser('asha@acme.in')])).toMatchObject(notChecked('Zoho', 'not checked: Zoho returned no users at all; every MyOperator user has an e-mail'));
    expect(await status([], [])).toMatchObject(notChecked('Zoho and MyOperator', 'not checked: Zoho and MyOperator returned no users at all'));
    // What the side it saw holds is still said, under the line that it did not check the other;
    // the fix is the read first, not a cure that assumes the other side has nobody ("resembles no Zoho user").
    const seen = await status([], [moUser('', { name: 'Night Shift', extension: '31' })]);
    expect([seen.status, seen.message, seen.hint]).toEqual(['fail', 'not checked: Zoho returned no users at all\n1 MyOperator user without an e-mail: Night Shift (ext 31)', likely('Zoho')]);
  });

  it('mismatches does not say no pair differs: no pair could be made', async () => {
    // It passed: "no pair differs only by case, spaces or look-alike characters, and none is left only suggested".
    const mismatches = (zoho: ZohoUser[], myoperator: MyOperatorUser[]) => mismatchesCheck.run(usersEnv(zoho, myoperator));
    expect(await mismatches([zohoUser('asha@acme.in')], [])).toEqual(notChecked('MyOperator', 'not checked: MyOperator returned no users at all'));
    expect(await mismatches([], [moUser('asha@acme.in')])).toEqual(notChecked('Zoho', 'not checked: Zoho returned no users at all'));
    expect(await mismatches([], [])).toEqual(notChecked('Zoho and MyOperator', 'not checked: Zoho and MyOperator returned no users at all'));
  });

  it('duplicate-emails and the e-mail checks of a side do not say of its e-mails, none seen, that none is shared or hides a character', async () => {
    // They passed: "no e-mail is shared by two users of one side", "no hidden characters in MyOperator e-mails".
    const dup = (zoho: ZohoUser[], myoperator: MyOperatorUser[]) => duplicateEmailsCheck.run(usersEnv(zoho, myoperator));
    expect(await dup([zohoUser('asha@acme.in')], [])).toEqual(notChecked('MyOperator', 'not checked: MyOperator returned no users at all; no e-mail is shared by two Zoho users'));
    expect(await dup([], [])).toEqual(notChecked('Zoho and MyOperator', 'not checked: Zoho and MyOperator returned no users at all'));
    // A side's own duplicates are still found whatever the other listed.
    expect((await dup([], [moUser('arjun@acme.in'), moUser('arjun@acme.in')])).message).toMatch(/^1 e-mail shared within one side/);
    expect(await myOperatorEmailsCheck.run(usersEnv([zohoUser('asha@acme.in')], []))).toEqual(notChecked('MyOperator', 'not checked: MyOperator returned no users at all'));
    expect(await zohoEmailsCheck.run(usersEnv([], [moUser('asha@acme.in')]))).toEqual(notChecked('Zoho', 'not checked: Zoho returned no users at all'));
    // The side that listed someone is checked as before, whatever the other listed.
    expect(await zohoEmailsCheck.run(usersEnv([zohoUser('asha@acme.in')], []))).toMatchObject({ status: 'pass', message: 'no hidden characters in Zoho e-mails' });
  });

  it('zoho-phonebridge does not call PhoneBridge users CRM users (nor strangers) when the CRM listed nobody', async () => {
    // It passed "0 PhoneBridge users, each a CRM user (by zuid)", and with some it said they "match no CRM user … run doctor again".
    const phoneBridge = (pb: PhoneBridgeUser[]) => zohoPhoneBridgeCheck.run(usersEnv([], [], { clients: async () => ({ zoho: { phoneBridgeUsers: async () => pb } }) as unknown as Clients }));
    const zohoNotChecked = notChecked('Zoho', 'not checked: Zoho returned no users at all');
    expect(await phoneBridge([])).toEqual({ ...zohoNotChecked, data: { emptySide: 'zoho', phonebridge: 0 } });
    expect(await phoneBridge([pbUser('771'), pbUser('772')])).toEqual({ ...zohoNotChecked, data: { emptySide: 'zoho', phonebridge: 2 } });
  });
});

/** The tester's slip: Zoho Asha mapped to extension 31 ("Night Shift", no e-mail) while her own phone, ext 11, holds her e-mail. */
function slip() {
  const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' });
  const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
  const phone = moUser('asha@acme.in', { id: 'u-asha', name: 'Asha Rao', extension: '11' });
  return { asha, night, phone, mappings: [mappingOf(asha, night, 'manual', '2026-11-24T10:00:00.000Z')] };
}

describe('user-status', () => {
  const status = (zoho: ZohoUser[], myoperator: MyOperatorUser[], mappings: Mapping[] = []) =>
    userStatusCheck.run({
      users: async () => ({ zoho, myoperator }),
      mappings: () => ({ mappings, ignored: [] }),
      report: async () => matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }) }),
    } as unknown as DoctorEnv);

  it('its fix speaks only of the kinds of user it lists: MyOperator users without an e-mail alone are not told of unconfirmed Zoho users', async () => {
    const o = await status([zohoUser('asha@acme.in')], [moUser('asha@acme.in', { userId: 'u-asha' }), moUser('', { name: 'Night Shift', extension: '31' })]);
    expect(o.message).toBe('1 MyOperator user without an e-mail: Night Shift (ext 31)');
    // It said "map each by hand (`map`), then `fix` sets it" of Night Shift, whom no Zoho user resembles: `map` never offers it.
    // A line on duty with no e-mail is as often a shared line as a person: one-side-only, match and fix offer to leave it
    // unmapped on purpose, and this fix sent the admin alone to add a Zoho user for it.
    expect(o.hint).toBe(
      "MyOperator users without an e-mail take no attributed calls until they hold their Zoho user's: Night Shift (ext 31) resembles no Zoho user: it needs one added in Zoho first, whom `phonebridge-sync map` then asks about (a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 31` leaves it unmapped on purpose).",
    );
    // Switched off, it takes no calls: nothing to leave unmapped.
    const off = await status([zohoUser('asha@acme.in')], [moUser('asha@acme.in', { userId: 'u-asha' }), moUser('', { name: 'Night Shift', extension: '31', active: false })]);
    expect(off.hint).toBe("MyOperator users without an e-mail take no attributed calls until they hold their Zoho user's: Night Shift (ext 31) resembles no Zoho user: it needs one added in Zoho first, whom `phonebridge-sync map` then asks about.");
  });

  it("gives a person at a terminal the cures in the words of the whole fix, up to 3 MyOperator users without an e-mail, past that the first 2 and how many more `match` says: it said only \"`phonebridge-sync match` says each one's cure beside its row.\"", async () => {
    const zoho = [zohoUser('pooja@acme.in', { name: 'Pooja Sharma', confirmed: false }), zohoUser('suresh@acme.in', { name: 'Suresh Pillai' })];
    const suresh = moUser('', { name: 'Suresh Pillai', extension: '24', userId: 'u-suresh' });
    const desks = [31, 32, 33].map((ext) => moUser('', { name: `Desk ${ext}`, extension: `${ext}`, userId: `u-desk${ext}` }));
    // Up to 3: no shorter form, so the terminal shows the fix whole, as piped.
    const few = await status(zoho, [moUser('pooja@acme.in', { userId: 'u-pooja' }), suresh, desks[0]!, desks[1]!]);
    expect(few.brief).toBeUndefined();
    expect(few.hint).toMatch(/^Unconfirmed Zoho users get no calls until they accept Zoho's invitation \(an admin can resend it from Zoho's Setup → Users\); .* Desk 32 \(ext 32\) resemble no Zoho user/);
    // Each user's user id is its own: one numbered like a desk's extension made `--ignore-myoperator 31` name two users.
    const many = await status(zoho, [moUser('pooja@acme.in', { userId: 'u-pooja' }), suresh, ...desks]);
    expect(many.hint).toContain('Desk 31 (ext 31), Desk 32 (ext 32), Desk 33 (ext 33) resemble no Zoho user');
    expect(many.brief).toBe(
      "Unconfirmed Zoho users get no calls until they accept Zoho's invitation (an admin can resend it from Zoho's Setup → Users); MyOperator users without an e-mail take no attributed calls until they hold their Zoho user's: `phonebridge-sync map` offers Suresh Pillai (ext 24) to the Zoho user it resembles: map it there, then `phonebridge-sync fix` sets it; Desk 31 (ext 31) resembles no Zoho user: it needs one added in Zoho first, whom `phonebridge-sync map` then asks about (a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 31` leaves it unmapped on purpose); and 2 more: `phonebridge-sync match` says each one's cure beside its row.",
    );
  });

  // A shared line left unmapped on purpose (map --ignore-myoperator) with no e-mail: it was "Night Shift (ext 31) resembles
  // no Zoho user: it needs one added in Zoho first, whom `phonebridge-sync map` then asks about", the advice the admin
  // declined (map asks about no such line), and a warning doctor gave on every run for a choice that is no fault.
  it('a MyOperator user without an e-mail left unmapped on purpose is no fault: not warned of, nor told to get a Zoho user; every outcome names it as the pass does', async () => {
    const asha = zohoUser('asha@acme.in');
    const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
    const left = { uuid: 'u-night', extension: '31', email: '', at: '2026-11-24T10:00:00.000Z' };
    const run = (myoperator: MyOperatorUser[], zoho = [asha]) =>
      userStatusCheck.run({
        users: async () => ({ zoho, myoperator }),
        mappings: () => ({ mappings: [], ignored: [], ignoredMyOperator: [left] }),
        report: async () => matchUsers({ zoho: [asha], myoperator, ...savedPairs({ mappings: [], ignored: [], ignoredMyOperator: [left] }) }),
      } as unknown as DoctorEnv);
    const alone = await run([moUser('asha@acme.in', { userId: 'u-asha' }), night]);
    expect(alone).toMatchObject({
      status: 'pass',
      message:
        'every Zoho user is active and confirmed; every MyOperator user takes calls and has an e-mail, but for 1 left unmapped on purpose without one: Night Shift (ext 31)',
    });
    // Beside another without an e-mail, only that one is warned of and cured.
    const desk = moUser('', { name: 'Desk 32', extension: '32', userId: 'u-desk32' });
    const both = await run([moUser('asha@acme.in', { userId: 'u-asha' }), night, desk]);
    // The line went unnamed once the check warned: the pass alone said it.
    expect(both.message).toBe('1 MyOperator user without an e-mail: Desk 32 (ext 32), and 1 left unmapped on purpose without one: Night Shift (ext 31)');
    // README: "--json's noEmail leaves it out".
    expect((both.data as { noEmail: string[] }).noEmail).toEqual([desk.id]);
    expect(both.hint).toBe(
      "MyOperator users without an e-mail take no attributed calls until they hold their Zoho user's: Desk 32 (ext 32) resembles no Zoho user: it needs one added in Zoho first, whom `phonebridge-sync map` then asks about (a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 32` leaves it unmapped on purpose).",
    );
    // Warned of something else (a Zoho user not confirmed), every other MyOperator user with an e-mail: said in the pass's words.
    const unconfirmed = await run([moUser('asha@acme.in', { userId: 'u-asha' }), moUser('pooja@acme.in'), night], [asha, zohoUser('pooja@acme.in', { name: 'Pooja', confirmed: false })]);
    expect(unconfirmed.status).toBe('warn');
    expect(unconfirmed.message).toBe(
      '1 Zoho user not confirmed (invitation not accepted): Pooja <pooja@acme.in>\nevery MyOperator user has an e-mail, but for 1 left unmapped on purpose without one: Night Shift (ext 31)',
    );
    expect((unconfirmed.data as { noEmail: string[] }).noEmail).toEqual([]);
    // Failing (Zoho listed nobody) beside another without an e-mail: named too.
    const unchecked = await run([night, desk], []);
    expect([unchecked.status, unchecked.message]).toEqual([
      'fail',
      'not checked: Zoho returned no users at all\n1 MyOperator user without an e-mail: Desk 32 (ext 32), and 1 left unmapped on purpose without one: Night Shift (ext 31)',
    ]);
  });

  it('a MyOperator user without an e-mail that is mapped already is told `fix` alone, not to map it by hand again', async () => {
    const suresh = zohoUser('suresh@acme.in', { id: 'z-suresh', name: 'Suresh Pillai' });
    const phone = moUser('', { id: 'u-suresh', name: 'Suresh Pillai', extension: '24' });
    const o = await status([suresh], [phone], [mappingOf(suresh, phone, 'manual', '2026-11-24T10:00:00.000Z')]);
    expect(o.hint).toBe("MyOperator users without an e-mail take no attributed calls until they hold their Zoho user's: `phonebridge-sync fix` sets it for Suresh Pillai (ext 24), mapped already.");
  });

  it('a MyOperator user switched off alone: its clause, capitalised, and nothing of Zoho users or missing e-mails', async () => {
    const o = await status([zohoUser('asha@acme.in')], [moUser('asha@acme.in', { name: 'Asha', active: false })]);
    expect(o.hint).toBe("A MyOperator user not taking calls gets none until turned back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability).");
  });
});

describe('one-side-only and mapping-health, on a saved pair whose Zoho e-mail another MyOperator user has', () => {
  const health = (zoho: ZohoUser[], myoperator: MyOperatorUser[], mappings: Mapping[]) =>
    mappingHealthCheck.run({
      mappings: () => ({ mappings, ignored: [] }),
      users: async () => ({ zoho, myoperator }),
      // As doctor builds them: the step naming fix counts fix's plan (a stub without it hid behind a
      // catch-all), and the pairs not saved yet are resync's plan on the same match.
      report: async () => matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }, { zoho, myoperator }) }),
      fixPlan: async () => planFix({ zoho, myoperator, mappings, report: matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }) }) }),
      ctx: { now: () => new Date('2026-11-25T10:00:00.000Z') },
    } as unknown as DoctorEnv);

  it('one-side-only leaves that MyOperator user out: it has a Zoho user, by e-mail', async () => {
    const { asha, night, phone, mappings } = slip();
    const desk = moUser('reception@acme.in', { extension: '10' });
    const o = await oneSideOnlyCheck.run({
      mappings: async () => ({ mappings, ignored: [] }),
      report: async () => matchUsers({ zoho: [asha], myoperator: [night, phone, desk], ...savedPairs({ mappings, ignored: [] }) }),
      users: async () => ({ zoho: [asha], myoperator: [night, phone, desk] }),
    } as unknown as DoctorEnv);
    expect(o.message).toMatch(/^1 MyOperator user with no Zoho user: m\d+ \(ext \d+\) <reception@acme\.in>$/);
    // No Zoho user to ignore: the fix is that step alone, at a terminal as everywhere.
    expect({ hint: o.hint, brief: o.brief }).toEqual({ hint: 'Create the missing user on the other side; a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 10` leaves it unmapped on purpose.', brief: undefined });
  });

  it('one-side-only with several Zoho-only users quotes `map --ignore` whole, with a placeholder: "followed by their e-mail" was exit 2 pasted', async () => {
    const zoho = [zohoUser('gaurav@acme.in', { name: 'Gaurav' }), zohoUser('imran@acme.in', { name: 'Imran' })];
    // A MyOperator that lists someone: one that lists nobody is not taken to lack them all.
    const o = await oneSide(zoho, [moUser('night@acme.in', { extension: '31' })]);
    expect(o.hint).toBe(
      'Create the missing user on the other side; a Zoho user who takes no calls is marked with `phonebridge-sync map --ignore <zoho e-mail>`; a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 31` leaves it unmapped on purpose.',
    );
    // At a terminal doctor shows a brief in place of the hint (doctor.ts); with none, the same fix as
    // here, the command in it, at every width: too narrow for it whole, it read "…; if a Zoho user
    // takes no calls, --verbose says how to ignore them." The check reads no width, so the widths are
    // pinned where the report lays the fix out: tables-pty's "one-side-only's fix gives its --ignore
    // command at every width" (80 and 120 columns, and --verbose).
    expect(o.brief).toBeUndefined();
  });

  it("mapping-health's fix line names the re-map fix's own conflict names, never `fix`, which must refuse the pair", async () => {
    const { asha, night, phone, mappings } = slip();
    const o = await health([asha], [night, phone], mappings);
    // It read "asha@acme.in → u-night: the e-mails differ", the uuid standing where MyOperator's e-mail does.
    expect(o.message).toBe('emails-differ: asha@acme.in → Night Shift (ext 31), who has no e-mail: MyOperator will not attribute its calls until it holds the Zoho one');
    // Gone, it is named by the uuid recorded, said to be no e-mail.
    expect((await health([asha], [phone], mappings)).message).toBe('stale: asha@acme.in → u-night (no e-mail): the MyOperator user no longer exists');
    expect(o.hint).toBe(fixConflict(asha, night, { zoho: [asha], myoperator: [night, phone], mappings }));
    expect(o.hint).toMatch(
      /^MyOperator user Asha Rao \(ext 11\) already has exactly the e-mail of Zoho user Asha Rao <asha@acme\.in>, .* If the mapping is a slip, `phonebridge-sync map --zoho asha@acme\.in --myoperator 11 --yes` maps that Zoho user to MyOperator user Asha Rao \(ext 11\) instead; if not, change the e-mail of Asha Rao \(ext 11\) in MyOperator first\.$/,
    );
    expect(o.hint).not.toMatch(/`phonebridge-sync fix` sets/);
  });

  it('a saved pair of two active users whose e-mails differ fails (MyOperator attributes none of its calls); one with an inactive user warns (it takes no calls)', async () => {
    const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi' });
    const phone = moUser('ravi@acme.in', { name: 'Ravi', extension: '12' });
    const pair = [mappingOf(ravi, phone, 'manual', '2026-11-24T10:00:00.000Z')];
    expect((await health([ravi], [phone], pair)).status).toBe('fail');
    expect((await health([ravi], [{ ...phone, active: false }], pair)).status).toBe('warn');
    const { asha, night, phone: ext11, mappings } = slip();
    expect((await health([asha], [night, ext11], mappings)).status).toBe('fail');
  });

  it('a user mapped twice: the unmap is quoted whole, with a placeholder, not "`map --unmap` fixes the doubles" (exit 2 pasted)', async () => {
    const ravi = zohoUser('ravi@acme.in', { name: 'Ravi' });
    const [phone, desk] = [moUser('ravi@acme.in', { name: 'Ravi', extension: '12' }), moUser('desk@acme.in', { name: 'Desk', extension: '10' })];
    const twice = [mappingOf(ravi, phone, 'manual', '2026-11-24T10:00:00.000Z'), mappingOf(ravi, desk, 'manual', '2026-11-24T10:00:00.000Z')];
    expect((await health([ravi], [phone, desk], twice)).hint).toContain('`phonebridge-sync map --unmap <user>`, given the user of the wrong pair who is mapped once, fixes the doubles');
  });

  it('a pair whose e-mails differ with an inactive user is not given `fix` as its cure: fix leaves it alone', async () => {
    const gaurav = zohoUser('gaurav@acme.in', { name: 'Gaurav' });
    const old = moUser('arjun@acme.in', { name: 'Arjun (old)', extension: '23', active: false });
    const pair = [mappingOf(gaurav, old, 'manual', '2026-11-24T10:00:00.000Z')];
    const o = await health([gaurav], [old], pair);
    expect(o.status).toBe('warn');
    expect(o.hint).not.toMatch(/`phonebridge-sync fix` sets/);
    expect(o.hint).toBe("fix leaves a pair with an inactive user alone (it takes no calls): switch the user back on first, or remove the pair with `phonebridge-sync map --unmap <zoho e-mail>`.");
    // Beside a pair fix does set, fix is named for the others.
    const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi' });
    const phone = moUser('ravi@acme.in', { name: 'Ravi', extension: '12' });
    const both = [...pair, mappingOf(ravi, phone, 'manual', '2026-11-24T10:00:00.000Z')];
    expect((await health([gaurav, ravi], [old, phone], both)).hint).toBe(
      "MyOperator attributes calls by e-mail alone: `phonebridge-sync fix` sets the other mapped MyOperator e-mails to the Zoho ones; fix leaves a pair with an inactive user alone (it takes no calls): switch the user back on first, or remove the pair with `phonebridge-sync map --unmap <zoho e-mail>`.",
    );
  });

  it("a pair whose Zoho user is deleted (where Zoho's list holds deleted users) is given the unmap of that pair, not 'switch the user back on'", async () => {
    const deepak = zohoUser('deepak.verma@acme.in', { name: 'Deepak', id: 'z-deepak', active: false, status: 'deleted' });
    const phone = moUser('deepak.vemra@acme.in', { name: 'Deepak', extension: '18' });
    const o = await health([deepak], [phone], [mappingOf(deepak, phone, 'manual', '2026-11-24T10:00:00.000Z')]);
    expect(o.status).toBe('warn');
    expect(o.message).toContain('inactive: deepak.verma@acme.in → deepak.vemra@acme.in: the Zoho user is deleted in Zoho');
    expect(o.hint).toBe('a pair whose Zoho user is deleted in Zoho takes no calls: `phonebridge-sync map --unmap z-deepak` removes it.');
  });

  it('two pairs whose Zoho users are deleted: an unmap for each, not "each one\'s Zoho id", which the findings do not show', async () => {
    const deepak = zohoUser('deepak.verma@acme.in', { name: 'Deepak', id: 'z-deepak', active: false, status: 'deleted' });
    const kavita = zohoUser('kavita.joshi@acme.in', { name: 'Kavita', id: 'z-kavita', active: false, status: 'deleted' });
    const [p1, p2] = [moUser('deepak.verma@acme.in', { name: 'Deepak', extension: '18' }), moUser('kavita.joshi@acme.in', { name: 'Kavita', extension: '19' })];
    const o = await health([deepak, kavita], [p1, p2], [mappingOf(deepak, p1, 'manual', '2026-11-24T10:00:00.000Z'), mappingOf(kavita, p2, 'manual', '2026-11-24T10:00:00.000Z')]);
    expect(o.message).not.toContain('z-deepak');
    expect(o.hint).toBe('pairs whose Zoho user is deleted in Zoho take no calls: `phonebridge-sync map --unmap z-deepak`, `phonebridge-sync map --unmap z-kavita` remove them.');
  });

  it('beside a pair fix can set: fix for the others, then the re-map for this one', async () => {
    const { asha, night, phone, mappings } = slip();
    const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi' });
    const raviPhone = moUser('ravi@acme.in', { name: 'Ravi', extension: '12' });
    const all = [...mappings, mappingOf(ravi, raviPhone, 'manual', '2026-11-24T10:00:00.000Z')];
    const o = await health([asha, ravi], [night, phone, raviPhone], all);
    expect(o.hint).toBe(
      `MyOperator attributes calls by e-mail alone: \`phonebridge-sync fix\` sets the other mapped MyOperator e-mails to the Zoho ones. ${fixConflict(asha, night, { zoho: [asha, ravi], myoperator: [night, phone, raviPhone], mappings: all })}`,
    );
  });
});

describe('zoho-credentials', () => {
  it('names each setting that is missing, the refresh token included, and where the others come from', async () => {
    const tmp = tempDir();
    try {
      // A profile other than the default (a PHONEBRIDGE_PROFILE left set, say) is named, as "Not logged in" names it.
      const globals = { profile: 'acme', json: false, color: false, verbose: false, sandbox: false, yes: false };
      const env = { PHONEBRIDGE_ZOHO_CLIENT_ID: '1000.ABC', PHONEBRIDGE_ZOHO_CLIENT_SECRET: 'secret-secret', PHONEBRIDGE_ZOHO_DC: 'in' };
      const ctx = createContext(globals, { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env });
      const credentials = new CredentialStore(tmp.dir, 'acme');
      const o = await zohoCredentialsCheck.run({ ctx, credentials } as unknown as DoctorEnv);
      expect(o.status).toBe('fail');
      expect(o.message).toBe('Not logged in to Zoho (profile "acme"): no refresh token (client id from the environment, client secret from the environment, data centre from the environment).');
    } finally {
      tmp.cleanup();
    }
  });
});

describe('config-dir and credentials-file', () => {
  it('the chmod for a loose mode, pasted into a shell, sets that file or directory, whatever it is called ($, spaces, quotes)', async () => {
    const tmp = tempDir();
    try {
      const dir = join(tmp.dir, `cfg sp'x c$HOME`);
      mkdirSync(dir, { mode: 0o750 });
      chmodSync(dir, 0o750);
      const credentials = new CredentialStore(dir, 'default');
      writeFileSync(credentials.path, JSON.stringify({ version: 1, profiles: {} }), { mode: 0o640 });
      chmodSync(credentials.path, 0o640);
      const globals = { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false };
      const ctx = createContext(globals, { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
      const env = { ctx, dir, credentials } as unknown as DoctorEnv;
      const file = await credentialsFileCheck.run(env);
      const folder = await configDirCheck.run(env);
      expect(file).toMatchObject({ status: 'warn', hint: `Run \`chmod 600 '${tmp.dir}/cfg sp'\\''x c$HOME/credentials.json'\`.` });
      expect(folder).toMatchObject({ status: 'warn', hint: `Run \`chmod 700 '${tmp.dir}/cfg sp'\\''x c$HOME'\`.` });
      // What a person does with a hint: paste it. HOME elsewhere, so `$HOME` expanded would miss.
      for (const hint of [file.hint!, folder.hint!]) execFileSync('sh', ['-c', /^Run `(.+)`\.$/.exec(hint)![1]!], { env: { PATH: process.env.PATH, HOME: join(tmp.dir, 'home') } });
      expect(statSync(credentials.path).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('config-dir and credentials-file, with the credentials in PHONEBRIDGE_* variables (a CI job\'s)', () => {
  const all = {
    PHONEBRIDGE_ZOHO_CLIENT_ID: '1000.ABC',
    PHONEBRIDGE_ZOHO_CLIENT_SECRET: 'secret-secret',
    PHONEBRIDGE_ZOHO_REFRESH_TOKEN: '1000.refresh',
    PHONEBRIDGE_ZOHO_DC: 'in',
    PHONEBRIDGE_MYOPERATOR_TOKEN: 'mo-token',
  };
  const checks = async (dir: string, env: Record<string, string>) => {
    const globals = { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false };
    const ctx = createContext(globals, { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env });
    const doctorEnv = { ctx, dir, credentials: new CredentialStore(dir, 'default') } as unknown as DoctorEnv;
    return { folder: await configDirCheck.run(doctorEnv), file: await credentialsFileCheck.run(doctorEnv) };
  };

  it('a config dir behind a file: credentials-file is skipped in config-dir\'s words, which --json shows (it said "no credentials file …", with "none is needed", or without the variables "else run login")', async () => {
    const tmp = tempDir();
    try {
      const inTheWay = join(tmp.dir, 'a-file');
      writeFileSync(inTheWay, '');
      for (const given of [all, {}]) {
        const { folder, file } = await checks(join(inTheWay, 'cfg'), given);
        expect(folder).toMatchObject({ status: 'fail', message: `config directory ${join(inTheWay, 'cfg')} cannot be made: ${inTheWay} is a file, not a directory` });
        expect(file).toEqual({ status: 'skip', message: `skipped: ${folder.message}` });
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('a config dir not there, or empty, is no fault when they give every credential, and nobody using them is told to use them', async () => {
    const tmp = tempDir();
    try {
      const dir = join(tmp.dir, 'never-used');
      const absent = await checks(dir, all);
      expect(absent.folder).toEqual({
        status: 'pass',
        message: `config directory ${dir} does not exist yet, which is fine: the credentials come from the environment, and the first command that saves something (the Zoho access token, a mapping) makes it`,
      });
      mkdirSync(dir, { mode: 0o700 });
      const empty = await checks(dir, all);
      expect(empty.file).toEqual({ status: 'skip', message: `no credentials file (${dir}/credentials.json): none is needed, the credentials come from the environment` });
      // One side given: the login of the other, or its variable.
      const { PHONEBRIDGE_MYOPERATOR_TOKEN: _, ...zohoOnly } = all;
      expect((await checks(dir, zohoOnly)).file.hint).toBe('Run `phonebridge-sync login myoperator`, or set PHONEBRIDGE_MYOPERATOR_TOKEN as well.');
      const { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: __, ...noRefreshToken } = all;
      expect((await checks(join(tmp.dir, 'other'), noRefreshToken)).folder).toEqual({
        status: 'warn',
        message: `config directory ${join(tmp.dir, 'other')} does not exist yet`,
        hint: 'Run `phonebridge-sync login zoho`, or set PHONEBRIDGE_ZOHO_REFRESH_TOKEN as well.',
      });
      // Several missing: named as every list in doctor's report is ("a, b and c", no comma before "and").
      expect((await checks(dir, { PHONEBRIDGE_ZOHO_CLIENT_ID: all.PHONEBRIDGE_ZOHO_CLIENT_ID! })).file.hint).toBe(
        'Run `phonebridge-sync login`, or set PHONEBRIDGE_ZOHO_CLIENT_SECRET, PHONEBRIDGE_ZOHO_REFRESH_TOKEN, PHONEBRIDGE_ZOHO_DC and PHONEBRIDGE_MYOPERATOR_TOKEN as well.',
      );
      // None given: login, or the variables.
      expect((await checks(join(tmp.dir, 'other'), {})).folder.hint).toBe('Run `phonebridge-sync login` (or use the PHONEBRIDGE_* environment variables).');
    } finally {
      tmp.cleanup();
    }
  });

  it('a config dir that cannot be looked at (a link on its way that loops) is a failure saying so, not "does not exist yet"', async () => {
    const tmp = tempDir();
    try {
      const loop = join(tmp.dir, 'loop');
      symlinkSync(loop, loop);
      for (const env of [all, {}])
        expect((await checks(join(loop, 'cfg'), env)).folder).toEqual({
          status: 'fail',
          message: `config directory ${join(loop, 'cfg')} cannot be used: its path goes round a loop of symbolic links (or through too many of them)`,
          hint: 'Check the links and directories on that path, or choose another place with --config-dir.',
        });
    } finally {
      tmp.cleanup();
    }
  });
});

/** A doctor env over fixed users (and saved mappings), for the checks that read them; `extra` gives the rest. */
function usersEnv(zoho: ZohoUser[], myoperator: MyOperatorUser[], extra: Partial<DoctorEnv> = {}, mappings: Mapping[] = [], ignored: Ignored[] = []): DoctorEnv {
  const saved = { mappings, ignored };
  return {
    users: async () => ({ zoho, myoperator }),
    sideUsers: async (side: 'zoho' | 'myoperator') => (side === 'zoho' ? zoho : myoperator),
    mappings: () => saved,
    report: async () => matchUsers({ zoho, myoperator, ...savedPairs(saved) }),
    fixPlan: async () => planFix({ zoho, myoperator, mappings, report: matchUsers({ zoho, myoperator, ...savedPairs(saved) }) }),
    progress: () => {},
    // No history unless a test gives one: the audit reads it for a cure that would be `fix --only`.
    history: historyAt('/nonexistent/default.history.jsonl'),
    ...extra,
  } as unknown as DoctorEnv;
}

describe('zoho-phonebridge', () => {
  const pbUser = (zohouser: string, email = ''): PhoneBridgeUser => ({ zohouser, email, name: '' });
  const phoneBridge = (zoho: ZohoUser[], read: () => Promise<PhoneBridgeUser[]>) =>
    zohoPhoneBridgeCheck.run(usersEnv(zoho, [], { clients: async () => ({ zoho: { phoneBridgeUsers: read } }) as unknown as Clients }));

  it('passes when every PhoneBridge user is a CRM user by zuid, an inactive CRM user included (the zuid still names them)', async () => {
    const asha = zohoUser('asha@acme.in');
    const left = zohoUser('left@acme.in', { active: false, status: 'disabled' });
    const o = await phoneBridge([asha, left], async () => [pbUser(asha.zuid!, asha.email), pbUser(left.zuid!, left.email)]);
    expect(o).toEqual({ status: 'pass', message: '2 PhoneBridge users, each a CRM user (by zuid)', data: { phonebridge: 2 } });
  });

  it("skips, not warns, when the token lacks PhoneBridge's scope: a Self Client can never hold it, and a warning nobody can clear keeps doctor from green", async () => {
    const o = await phoneBridge([zohoUser('asha@acme.in')], async () => {
      throw new ScopeMissing('PhoneBridge.zohoone.search', 'Zoho refused /phonebridge/v3/users: the token lacks the scope PhoneBridge.zohoone.search (OAUTH_SCOPE_MISMATCH).', 'a hint');
    });
    expect(o.status).toBe('skip');
    expect(o.message).toMatch(/^skipped: PhoneBridge's own user list needs the scope PhoneBridge\.zohoone\.search, which Zoho gives only to telephony providers/);
    // any other scope refused is still a warning with Zoho's own fix
    const other = await phoneBridge([zohoUser('asha@acme.in')], async () => {
      throw new ScopeMissing('ZohoCRM.users.READ', 'Zoho refused /crm/v8/users: the token lacks the scope ZohoCRM.users.READ (OAUTH_SCOPE_MISMATCH).', 'Generate a new grant token');
    });
    expect([other.status, other.hint]).toEqual(['warn', 'Generate a new grant token']);
  });

  it('warns naming the PhoneBridge users no CRM user has (by e-mail, else by zohouser id), at most five, and not the known ones', async () => {
    const asha = zohoUser('asha@acme.in');
    const unknown = ['g1@acme.in', '', 'g3@acme.in', 'g4@acme.in', 'g5@acme.in', 'g6@acme.in'].map((email, i) => pbUser(`77${i}`, email));
    const o = await phoneBridge([asha], async () => [pbUser(asha.zuid!, asha.email), ...unknown]);
    expect(o.status).toBe('warn');
    // The sixth was dropped unsaid ("…, g4@acme.in, g5@acme.in"): cut as the list beside it is.
    expect(o.message).toBe('6 PhoneBridge users match no CRM user by zuid: g1@acme.in, 771, g3@acme.in, g4@acme.in and 2 more');
    expect(o.hint).toBe('They joined or left since the CRM list was read; run doctor again.');
    expect(o.data).toEqual({ phonebridge: 7 });
    // One is enough to warn, and is "matches", as one user.
    const one = await phoneBridge([asha], async () => [pbUser(asha.zuid!, asha.email), pbUser('4242', 'ghost@acme.in')]);
    expect(one.status).toBe('warn');
    expect(one.message).toBe('1 PhoneBridge user matches no CRM user by zuid: ghost@acme.in');
  });

  it('names the unknown PhoneBridge users as Zoho sent them, but with escapes and invisible characters as code points', async () => {
    // A CRM user listed: with none, nobody is checked (the describe of a side that listed nobody).
    // Asha is a PhoneBridge user too: an active CRM user PhoneBridge does not list is said besides (below).
    const asha = zohoUser('asha@acme.in');
    const o = await phoneBridge([asha], async () => [pbUser(asha.zuid!, asha.email), pbUser('771', 'gh\u200bost@acme.in'), pbUser('7\u001b[2J72')]);
    expect(o.message).toBe('2 PhoneBridge users match no CRM user by zuid: gh<U+200B>ost@acme.in and 7<U+001B>[2J72');
  });

  it('says who the CRM users PhoneBridge does not list are: those not active take no calls anyway, so it passes naming them ("21 users visible" beside "19 PhoneBridge users" said nothing of the two)', async () => {
    const asha = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const farhan = zohoUser('farhan@acme.in', { name: 'Farhan Ali', active: false, status: 'disabled' });
    const imran = zohoUser('imran@acme.in', { name: 'Imran Qureshi', active: false, status: 'disabled' });
    const o = await phoneBridge([asha, farhan, imran], async () => [pbUser(asha.zuid!, asha.email)]);
    expect(o).toEqual({
      status: 'pass',
      message:
        '1 PhoneBridge user, each a CRM user (by zuid); the 2 CRM users it does not list are not active and take no calls anyway: Farhan Ali <farhan@acme.in> (disabled) and Imran Qureshi <imran@acme.in> (disabled)',
      data: { phonebridge: 1, notInPhoneBridge: [farhan.id, imran.id] },
    });
  });

  it('warns naming the active CRM users PhoneBridge does not list (up to five: past that four and how many more, never "and 1 more"), with how to make them PhoneBridge users: MyOperator offers only those', async () => {
    const asha = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const hires = ['Sneha', 'Nikhil', 'Tanvi', 'Ira', 'Om', 'Dev'].map((name) => zohoUser(`${name.toLowerCase()}@acme.in`, { name }));
    const o = await phoneBridge([asha, ...hires], async () => [pbUser(asha.zuid!, asha.email)]);
    expect(o.status).toBe('warn');
    // "…, Om <om@acme.in> and 1 more" named five and left the sixth out, where its name took as little room.
    expect(o.message).toBe('6 active CRM users are not PhoneBridge users: Sneha <sneha@acme.in>, Nikhil <nikhil@acme.in>, Tanvi <tanvi@acme.in>, Ira <ira@acme.in> and 2 more');
    const five = await phoneBridge([asha, ...hires.slice(0, 5)], async () => [pbUser(asha.zuid!, asha.email)]);
    expect(five.message).toBe('5 active CRM users are not PhoneBridge users: Sneha <sneha@acme.in>, Nikhil <nikhil@acme.in>, Tanvi <tanvi@acme.in>, Ira <ira@acme.in> and Om <om@acme.in>');
    expect(o.hint).toBe(
      'If they joined Zoho just now, run doctor again; if not, make them PhoneBridge users in Zoho\'s telephony settings (Settings → Channels → Telephony; where Zoho keeps that choice for each user is unconfirmed), then click "Resync Users" in MyOperator\'s PhoneBridge panel, which offers only the users PhoneBridge lists.',
    );
    expect(o.data).toEqual({ phonebridge: 1, notInPhoneBridge: hires.map((u) => u.id) });
    // Beside PhoneBridge users no CRM user has, both are said, each with its fix.
    const both = await phoneBridge([asha, hires[0]!], async () => [pbUser(asha.zuid!, asha.email), pbUser('4242', 'ghost@acme.in')]);
    expect(both.message).toBe('1 PhoneBridge user matches no CRM user by zuid: ghost@acme.in; 1 active CRM user is not a PhoneBridge user: Sneha <sneha@acme.in>');
    expect(both.hint).toMatch(/^They joined or left since the CRM list was read; run doctor again\. If they joined Zoho just now/);
  });

  it('a PhoneBridge list the remote refuses is a warning with its fix (only call attribution by zohouser needs it); a bug is not hidden', async () => {
    const refused = await phoneBridge([], async () => {
      throw new RemoteError(
        'remote',
        'Zoho kept failing with HTTP 500 for GET /phonebridge/v3/users, after 5 attempts.',
        'The service may be down; run again later.',
      );
    });
    expect(refused).toEqual({
      status: 'warn',
      message: 'PhoneBridge users not readable: Zoho kept failing with HTTP 500 for GET /phonebridge/v3/users, after 5 attempts.',
      hint: 'The service may be down; run again later.',
    });
    const noHint = await phoneBridge([], async () => {
      throw new AuthError('Zoho refused the scope PhoneBridge.zohoone.search.');
    });
    expect(noHint.hint).toBe('Needed only for call attribution by zohouser id.');
    await expect(
      phoneBridge([], async () => {
        throw new TypeError('users is not iterable');
      }),
    ).rejects.toThrow(TypeError);
  });
});

describe('calls (doctor --calls)', () => {
  const period = { from: new Date('2026-11-17T10:00:00.000Z'), to: new Date('2026-11-24T10:00:00.000Z'), label: '7d' };
  const since = '2026-11-17 10:00 UTC';
  const answered = (name: string, extension: string): CallLog => ({ status: '1', log_details: [{ action: 'received', received_by: [{ name, extension }] }] });
  /** Runs the check on these users and these pages of call logs; `progress` gets what a terminal's spinner would say. */
  function calls(
    zoho: ZohoUser[],
    myoperator: MyOperatorUser[],
    pages: CallLog[][],
    opts: { mappings?: Mapping[]; ignored?: Ignored[]; totals?: Array<number | undefined>; progress?: (t: string) => void; historyPath?: string; since?: string; output?: DoctorOutput } = {},
  ) {
    const myoperatorClient = {
      async *callLogs(_from: number, _to: number, onPage?: (page: number, total: number | undefined) => void) {
        for (const [i, page] of pages.entries()) {
          onPage?.(i + 1, opts.totals?.[i]);
          yield page;
        }
      },
    };
    const env = usersEnv(
      zoho,
      myoperator,
      {
        callPeriod: opts.since ? { ...period, label: opts.since } : period,
        clients: async () => ({ myoperator: myoperatorClient }) as unknown as Clients,
        progress: opts.progress ?? (() => {}),
        output: opts.output ?? 'report',
        ...(opts.historyPath ? { history: historyAt(opts.historyPath) } : {}),
      },
      opts.mappings,
      opts.ignored,
    );
    return callsCheck.run(env);
  }
  const asha = () => [zohoUser('asha@acme.in', { name: 'Asha Rao' }), moUser('asha@acme.in', { name: 'Asha', extension: '11' })] as const;

  it('passes when every answered call is attributable, counting them over every page', async () => {
    const [z, m] = asha();
    const o = await calls([z], [m], [[answered('Asha', '11')], [answered('Asha', '11'), { status: '2', log_details: [{ action: 'missed' }] }]]);
    expect(o.status).toBe('pass');
    expect(o.message).toBe(`2 answered calls since ${since}: 2 attributable, 0 unattributable, 0 by an unknown agent`);
    expect(o.hint).toBeUndefined();
    expect(o.data).toMatchObject({ pages: 2, period: { since: '7d', from: '2026-11-17T10:00:00.000Z', to: '2026-11-24T10:00:00.000Z' } });
  });

  it('calls by agents MyOperator no longer has (or by no agent) are a warning, not a failure: nothing can be done for past calls', async () => {
    const [z, m] = asha();
    const o = await calls(
      [z],
      [m],
      [[answered('Asha', '11'), answered('Karan', '99'), answered('Karan', '99'), { status: '1', log_details: [{ action: 'received', received_by: [] }] }]],
    );
    expect(o.status).toBe('warn');
    expect(o.message).toBe(
      [
        // The call no agent answered is no agent "no longer in MyOperator".
        `4 answered calls since ${since}: 1 attributable, 0 unattributable, 3 by an unknown agent; calls by agents no longer in MyOperator, and calls with no agent recorded as answering them, cannot be attributed after the fact`,
        '2 calls · no MyOperator user has "Karan" at extension 99: the agent has left, or was renamed',
        '1 call · no agent is named as answering it',
      ].join('\n'),
    );
    // No fix line that says there is nothing to do (it was "fix: …; nothing to do unless those agents
    // came back.", and under each agent "fix: …; nothing to fix for past calls."): the reason is in the lines.
    expect(o.hint).toBeUndefined();
  });

  it('several answered calls with no agent on their received leg: the one line counts them, and says why of them all, with no fix line', async () => {
    const [z, m] = asha();
    const nobody = { status: '1', log_details: [{ action: 'received', received_by: [] }] };
    const o = await calls([z], [m], [[nobody, nobody, nobody]]);
    // It was "3 calls · (no name) (ext -)" over "fix: No agent is named for this call".
    expect(o.message).toBe(
      [
        `3 answered calls since ${since}: 0 attributable, 0 unattributable, 3 by an unknown agent; calls with no agent recorded as answering them cannot be attributed after the fact`,
        '3 calls · no agent is named as answering them',
      ].join('\n'),
    );
    expect(o.hint).toBeUndefined();
  });

  it('a call whose Zoho user is inactive cannot be attributed: a failure, naming the agent, the Zoho user to reactivate, and the Zoho-side hint', async () => {
    const z = zohoUser('asha@acme.in', { name: 'Asha Rao', active: false, status: 'disabled' });
    const m = moUser('asha@acme.in', { name: 'Asha', extension: '11' });
    const o = await calls([z], [m], [[answered('Asha', '11'), answered('Karan', '99'), answered('Asha', '11')]]);
    expect(o.status).toBe('fail');
    expect(o.message).toBe(
      [
        `3 answered calls since ${since}: 0 attributable, 2 unattributable, 1 by an unknown agent`,
        '2 calls · Asha (ext 11) · asha@acme.in',
        '  fix: Zoho user Asha Rao <asha@acme.in> is "disabled": reactivate it in Zoho, or stop routing calls to this agent.',
        '1 call · no MyOperator user has "Karan" at extension 99: the agent has left, or was renamed',
      ].join('\n'),
    );
    expect(o.hint).toBe('These need a change in Zoho (a user to add, reactivate, confirm or make unique), as each agent above says; then `phonebridge-sync fix` for the e-mails that still differ.');
  });

  it('an unattributable call alone fails too, and an agent without an e-mail says so', async () => {
    const o = await calls([zohoUser('asha@acme.in')], [moUser('', { name: 'Front Desk', extension: '10' })], [[answered('Front Desk', '10')]]);
    expect(o.status).toBe('fail');
    expect(o.message.split('\n').slice(0, 2)).toEqual([
      `1 answered call since ${since}: 0 attributable, 1 unattributable, 0 by an unknown agent`,
      '1 call · Front Desk (ext 10) · no e-mail',
    ]);
  });

  describe('its one next step, from the cures the agents need', () => {
    const ZOHO_SIDE = 'These need a change in Zoho (a user to add, reactivate, confirm or make unique), as each agent above says; then `phonebridge-sync fix` for the e-mails that still differ.';
    const MAP = 'Map the suggested agents (`phonebridge-sync map`), then `phonebridge-sync fix`; each agent above says which Zoho user.';
    const FIX = 'Run `phonebridge-sync fix` to make MyOperator hold the Zoho e-mails, then `phonebridge-sync doctor --calls` again to see the cure.';
    const CONFLICT =
      '`fix` cannot make some of these changes yet: first settle what each agent above names (another MyOperator user with that e-mail, the saved mapping, or the Zoho e-mail), then `phonebridge-sync fix`.';
    const SWITCH_ON = "Switch MyOperator user Night Desk (ext 11) back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability), then do what its line says; fix leaves a switched-off user alone.";
    /** Deepak's saved pair, his MyOperator e-mail retyped since it was mapped: plain `fix` holds it back. */
    const retyped = () => {
      const z = zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' });
      const m = moUser('dverma@acme.in', { name: 'Deepak Verma', extension: '18' });
      return { z, m, mapping: mappingOf(z, { ...m, email: 'deepak.vemra@acme.in' }, 'manual', '2026-11-24T10:00:00.000Z') };
    };
    /** `z` mapped by a slip to `seat`, whose person is `owner`, beside Ravi's mismatch, which fix sets. */
    const slipBesideRavi = (z: ZohoUser, seat: MyOperatorUser, owner: ZohoUser) => () => ({
      zoho: [z, owner, zohoUser('Ravi@acme.in', { name: 'Ravi' })],
      myoperator: [seat, moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })],
      mappings: [mappingOf(z, seat, 'manual', '2026-11-24T10:00:00.000Z')],
    });
    const REFUSED_BESIDE_FIX =
      'Run `phonebridge-sync fix` to make MyOperator hold the Zoho e-mails (not the 1 that fix refuses as it stands, as `phonebridge-sync fix --dry-run` says why), then `phonebridge-sync doctor --calls` again to see the cure.';
    const HELD =
      'Plain `phonebridge-sync fix` holds back the 1 recorded with another MyOperator e-mail than it holds now, set only by the `fix --only` its line above names where it is still the same person; then `phonebridge-sync doctor --calls` again to see the cure.';
    const cases: Array<[string, () => { zoho: ZohoUser[]; myoperator: MyOperatorUser[]; mappings?: Mapping[]; ignored?: Ignored[] }, string[], string]> = [
      // A line no Zoho user claims (a reception desk) may rightly stay so, as its line says: "These need
      // a change in Zoho …; then `fix` for the e-mails that still differ" named neither, and added with
      // its very e-mail in Zoho, no e-mail differs.
      [
        'no Zoho user resembles the agent, a line on duty: add them in Zoho with its e-mail, or leave the shared line, and no fix',
        () => ({ zoho: [zohoUser('asha@acme.in', { name: 'Asha Rao' })], myoperator: [moUser('night@acme.in', { name: 'Night Desk', extension: '11' })] }),
        ['missing-zoho-user'],
        'Either add Night Desk (ext 11) in Zoho with its MyOperator e-mail, which is all it takes, or leave the shared line as it is with `phonebridge-sync map --ignore-myoperator 11`, as its line says.',
      ],
      [
        'two such lines, one with no e-mail: the one without is to be mapped and given its `fix --only` once added, as its line says',
        () => ({
          zoho: [zohoUser('asha@acme.in', { name: 'Asha Rao' })],
          myoperator: [moUser('reception@acme.in', { name: 'Front Desk', extension: '10' }), moUser('', { name: 'Night Shift', extension: '31' })],
        }),
        ['missing-zoho-user', 'missing-zoho-user'],
        'Either add Front Desk (ext 10) and Night Shift (ext 31) in Zoho, as each agent above says (Night Shift (ext 31) has no e-mail: then map it by hand and run the `fix --only` its line names), or leave a shared line as it is with `phonebridge-sync map --ignore-myoperator <extension>`.',
      ],
      [
        'such a line alone with no e-mail: add it in Zoho, then map it and its `fix --only`, or leave it',
        () => ({ zoho: [zohoUser('asha@acme.in', { name: 'Asha Rao' })], myoperator: [moUser('', { name: 'Night Shift', extension: '31' })] }),
        ['missing-zoho-user'],
        'Either add Night Shift (ext 31) in Zoho, then, as it has no e-mail, map it by hand and run the `fix --only` its line names, or leave the shared line as it is with `phonebridge-sync map --ignore-myoperator 31`.',
      ],
      // Its e-mail a Zoho user's marked "never map" but for case: "add them in Zoho with its e-mail" made that user twice,
      // and a pair with any other Zoho user fix refuses (the seat is likelier the marked user's).
      [
        "the agent's e-mail reads as that of a Zoho user marked \"never map\": lift the mark, then fix, or leave the line",
        () => {
          const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi' });
          return { zoho: [ravi], myoperator: [moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })], ignored: [{ zohoId: ravi.id, email: ravi.email, at: '2026-11-24T10:00:00.000Z' }] };
        },
        ['marked-zoho-user'],
        'Lift the "never map" mark each agent above names, then `phonebridge-sync fix`; or leave that line unmapped on purpose, as it says.',
      ],
      [
        'such a line beside an agent whose Zoho user is inactive: the Zoho step, saying a shared line can stay',
        () => ({
          zoho: [zohoUser('asha@acme.in', { name: 'Asha Rao', active: false, status: 'disabled' })],
          myoperator: [moUser('asha@acme.in', { name: 'Asha', extension: '11' }), moUser('reception@acme.in', { name: 'Front Desk', extension: '10' })],
        }),
        ['inactive-zoho-user', 'missing-zoho-user'],
        'These need a change in Zoho (a user to add, reactivate, confirm or make unique), as each agent above says, though a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 10` leaves it unmapped on purpose; then `phonebridge-sync fix` for the e-mails that still differ.',
      ],
      [
        'the Zoho user is inactive',
        () => ({
          zoho: [zohoUser('night@acme.in', { active: false, status: 'disabled' })],
          myoperator: [moUser('night@acme.in', { name: 'Night Desk', extension: '11' })],
        }),
        ['inactive-zoho-user'],
        ZOHO_SIDE,
      ],
      [
        'the Zoho user has not accepted its invitation (unconfirmed)',
        () => ({
          zoho: [zohoUser('night@acme.in', { confirmed: false })],
          myoperator: [moUser('night@acme.in', { name: 'Night Desk', extension: '11' })],
        }),
        ['unconfirmed-zoho-user'],
        ZOHO_SIDE,
      ],
      // Two Zoho users sharing the e-mail: unconfirmed, a warning, not among these failures (its step: "an agent whose e-mail two Zoho users hold …").
      [
        'fix cannot copy a Zoho e-mail with a hidden character',
        () => {
          const z = zohoUser('night\u200b@acme.in', { name: 'Night Desk' });
          const m = moUser('night@acme.in', { name: 'Night Desk', extension: '11' });
          return { zoho: [z], myoperator: [m], mappings: [mappingOf(z, m, 'manual', '2026-11-24T10:00:00.000Z')] };
        },
        ['conflict'],
        CONFLICT,
      ],
      [
        'fix cannot: another MyOperator user already has the Zoho e-mail (nothing to change in Zoho)',
        () => {
          const z = zohoUser('asha@acme.in', { name: 'Asha Rao' });
          const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10' });
          return {
            zoho: [z],
            myoperator: [moUser('asha@acme.in', { name: 'Asha', extension: '11' }), desk],
            mappings: [mappingOf(z, desk, 'manual', '2026-11-24T10:00:00.000Z')],
          };
        },
        ['conflict'],
        CONFLICT,
      ],
      [
        "the agent's MyOperator user is switched off, its pair saved: not `map` again",
        () => {
          const z = zohoUser('night@acme.in', { name: 'Night Desk' });
          const m = moUser('night\u200b@acme.in', { name: 'Night Desk', extension: '11', active: false });
          return { zoho: [z], myoperator: [m], mappings: [mappingOf(z, m, 'manual', '2026-11-24T10:00:00.000Z')] };
        },
        ['inactive-myoperator-user'],
        SWITCH_ON,
      ],
      [
        'the agent resembles a Zoho user',
        () => ({
          zoho: [zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' })],
          myoperator: [moUser('dverma@acme.in', { name: 'Deepak Verma', extension: '11' })],
        }),
        ['map-then-fix'],
        MAP,
      ],
      [
        'one agent needs fix, another map then fix: fix first',
        () => ({
          zoho: [zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' }), zohoUser('Ravi@acme.in', { name: 'Ravi' })],
          myoperator: [moUser('dverma@acme.in', { name: 'Deepak Verma', extension: '11' }), moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })],
        }),
        ['map-then-fix', 'fix'],
        FIX,
      ],
      [
        'one agent needs fix, two are switched off in MyOperator: switch those on first (fix leaves them alone), then fix',
        () => {
          const night = [zohoUser('night@acme.in', { name: 'Night Desk' }), moUser('night\u200b@acme.in', { name: 'Night Desk', extension: '11', active: false })] as const;
          const asha = [zohoUser('asha@acme.in', { name: 'Asha Rao' }), moUser('asha.r@acme.in', { name: 'Asha Rao', extension: '13', active: false })] as const;
          return {
            zoho: [night[0], asha[0], zohoUser('Ravi@acme.in', { name: 'Ravi' })],
            myoperator: [night[1], asha[1], moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })],
            mappings: [mappingOf(night[0], night[1], 'manual', '2026-11-24T10:00:00.000Z'), mappingOf(asha[0], asha[1], 'manual', '2026-11-24T10:00:00.000Z')],
          };
        },
        ['fix', 'inactive-myoperator-user', 'inactive-myoperator-user'],
        "First switch back on, in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability), the 2 MyOperator users Night Desk (ext 11) and Asha Rao (ext 13), whom fix leaves alone, then run `phonebridge-sync fix` to make MyOperator hold the Zoho e-mails, then `phonebridge-sync doctor --calls` again to see the cure.",
      ],
      [
        // Three named as every other list in doctor's report names them ("a, b and c"): Intl.ListFormat's "a, b, and c" was the one list there with a comma before "and".
        'one agent needs fix, three are switched off in MyOperator: the three named as doctor names a list',
        () => {
          const off = [
            ['night', 'Night Desk', '11'],
            ['asha', 'Asha Rao', '13'],
            ['meena', 'Meena Iyer', '14'],
          ].map(([id, name, ext]) => [zohoUser(`${id}@acme.in`, { name }), moUser(`${id}.x@acme.in`, { name, extension: ext, active: false })] as const);
          return {
            zoho: [...off.map(([z]) => z), zohoUser('Ravi@acme.in', { name: 'Ravi' })],
            myoperator: [...off.map(([, m]) => m), moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })],
            mappings: off.map(([z, m]) => mappingOf(z, m, 'manual', '2026-11-24T10:00:00.000Z')),
          };
        },
        ['fix', 'inactive-myoperator-user', 'inactive-myoperator-user', 'inactive-myoperator-user'],
        "First switch back on, in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability), the 3 MyOperator users Night Desk (ext 11), Asha Rao (ext 13) and Meena Iyer (ext 14), whom fix leaves alone, then run `phonebridge-sync fix` to make MyOperator hold the Zoho e-mails, then `phonebridge-sync doctor --calls` again to see the cure.",
      ],
      [
        'one agent to map then fix, one switched off in MyOperator: switch it on first, then map',
        () => {
          const night = [zohoUser('night@acme.in', { name: 'Night Desk' }), moUser('night\u200b@acme.in', { name: 'Night Desk', extension: '11', active: false })] as const;
          return {
            zoho: [night[0], zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' })],
            myoperator: [night[1], moUser('dverma@acme.in', { name: 'Deepak Verma', extension: '12' })],
            mappings: [mappingOf(night[0], night[1], 'manual', '2026-11-24T10:00:00.000Z')],
          };
        },
        ['inactive-myoperator-user', 'map-then-fix'],
        "First switch back on, in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability), MyOperator user Night Desk (ext 11), whom fix leaves alone, then map the suggested agents (`phonebridge-sync map`), then `phonebridge-sync fix`; each agent above says which Zoho user.",
      ],
      [
        "the only agent left is a saved pair fix holds back (its MyOperator e-mail changed since mapping): its own `fix --only`, never plain `fix`",
        () => {
          const { z, m, mapping } = retyped();
          return { zoho: [z], myoperator: [m], mappings: [mapping] };
        },
        ['conflict'],
        HELD,
      ],
      [
        'one agent needs fix, another is held back: fix, saying which it leaves',
        () => {
          const { z, m, mapping } = retyped();
          return {
            zoho: [z, zohoUser('Ravi@acme.in', { name: 'Ravi' })],
            myoperator: [m, moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })],
            mappings: [mapping],
          };
        },
        ['conflict', 'fix'],
        'Run `phonebridge-sync fix` to make MyOperator hold the Zoho e-mails (it holds back the 1 recorded with another MyOperator e-mail than it holds now, set only by the `fix --only` its line above names where it is still the same person), then `phonebridge-sync doctor --calls` again to see the cure.',
      ],
      [
        'two held back and a shared line for the Zoho side: the line\'s choice (no `fix`), then the held pairs\' own step',
        () => {
          const { z, m, mapping } = retyped();
          const y = zohoUser('asha@acme.in', { name: 'Asha Rao' });
          const n = moUser('asha.r@acme.in', { name: 'Asha Rao', extension: '11' });
          return {
            zoho: [z, y],
            myoperator: [m, n, moUser('night@acme.in', { name: 'Night Desk', extension: '31' })],
            mappings: [mapping, mappingOf(y, { ...n, email: 'asha.rao@acme.in' }, 'manual', '2026-11-24T10:00:00.000Z')],
          };
        },
        ['conflict', 'conflict', 'missing-zoho-user'],
        'Either add Night Desk (ext 31) in Zoho with its MyOperator e-mail, which is all it takes, or leave the shared line as it is with `phonebridge-sync map --ignore-myoperator 31`, as its line says. Plain `phonebridge-sync fix` holds back the 2 recorded with another MyOperator e-mail than they hold now, set only by the `fix --only` each line above names where it is still the same person; then `phonebridge-sync doctor --calls` again to see the cure.',
      ],
      [
        "one agent needs fix, another's saved pair is one fix refuses (Meena mapped by a slip to ext 16, which reads as Priya's e-mail): fix, saying it leaves that one",
        slipBesideRavi(zohoUser('meena.iyer@acme.in', { name: 'Meena Iyer' }), moUser('\uff50riya.nair@acme.in', { name: 'Priya Nair', extension: '16' }), zohoUser('priya.nair@acme.in', { name: 'Priya Nair' })),
        ['conflict', 'fix'],
        REFUSED_BESIDE_FIX,
      ],
      [
        "one agent needs fix, another's saved pair takes another Zoho user's likely match (Deepak mapped to Neha Kapoor's seat, ext 21): fix, saying it leaves that one as it stands, not as one recorded with another e-mail",
        slipBesideRavi(zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' }), moUser('nkapoor.sales@gmail.com', { name: 'Neha Kapoor', extension: '21' }), zohoUser('neha.k@acme.in', { name: 'Neha Kapoor' })),
        ['conflict', 'fix'],
        REFUSED_BESIDE_FIX,
      ],
      [
        'one agent to map then fix, one refused (another MyOperator user holds its target), one held back: map, then fix, saying which it leaves',
        () => {
          const { z, m, mapping } = retyped();
          const asha = zohoUser('asha@acme.in', { name: 'Asha Rao' });
          const night = moUser('', { name: 'Night Shift', extension: '31' });
          return {
            zoho: [z, asha, zohoUser('kavita.joshi@acme.in', { name: 'Kavita Joshi' })],
            myoperator: [m, night, moUser('asha@acme.in', { name: 'Asha Phone', extension: '11' }), moUser('kavita.joshi@acme.com', { name: 'Kavita Joshi', extension: '19' })],
            mappings: [mapping, mappingOf(asha, night, 'manual', '2026-11-24T10:00:00.000Z')],
          };
        },
        // Asha's own phone holds her e-mail: its calls are attributed already, so it is no agent here.
        ['conflict', 'conflict', 'map-then-fix'],
        'Map the suggested agents (`phonebridge-sync map`), then `phonebridge-sync fix` (not the 1 that fix refuses as it stands, as `phonebridge-sync fix --dry-run` says why; it holds back the 1 recorded with another MyOperator e-mail than it holds now, set only by the `fix --only` its line above names where it is still the same person); each agent above says which Zoho user.',
      ],
    ];
    it.each(cases)('%s', async (_n, users, kinds, hint) => {
      const { zoho, myoperator, mappings, ignored } = users();
      const o = await calls(zoho, myoperator, [myoperator.map((m) => answered(m.name, m.extension!))], { mappings, ignored });
      expect(o.status).toBe('fail');
      expect((o.data as { agents: Array<{ cure: { kind: string } }> }).agents.map((a) => a.cure.kind).sort()).toEqual(kinds.sort());
      expect(o.hint).toBe(hint);
    });
    // In --json's document the step is no line under the agents': "as each agent above says" and
    // "the `fix --only` its line above names" pointed up a document where nothing is above.
    const inDocument = (hint: string) => hint.replaceAll('each agent above', "each agent's line").replaceAll('line above names', 'line names');
    it.each(cases)("%s, read in --json's document: the step points at the agents' lines, not above", async (_n, users, _kinds, hint) => {
      const { zoho, myoperator, mappings, ignored } = users();
      const o = await calls(zoho, myoperator, [myoperator.map((m) => answered(m.name, m.extension!))], { mappings, ignored, output: 'document' });
      expect(o.hint).toBe(inDocument(hint));
      expect(o.hint).not.toMatch(/\babove\b/);
    });

    // The report lists ten agents (the rest only in --json): a step that sends the admin to "each agent
    // above" or "its line" pointed at lines the cut left out, when the agents it is about rank past ten.
    const PAST = ' Its line is past the agents listed above: `phonebridge-sync doctor --calls --json` lists every one.';
    // The table's own cases whose step points at their agent's line ("each agent above", "its line").
    const pastCases = [
      'no Zoho user resembles the agent, a line on duty: add them in Zoho with its e-mail, or leave the shared line, and no fix',
      'the Zoho user is inactive',
      'the agent resembles a Zoho user',
      'fix cannot copy a Zoho e-mail with a hidden character',
    ].map((name) => {
      const [n, users, , hint] = cases.find(([c]) => c === name)!;
      return [n, users, hint] as const;
    });
    /** Runs the check with `gone` agents who have left, two calls each, ranking above the users' one call each. */
    const behind = (gone: number, users: () => { zoho: ZohoUser[]; myoperator: MyOperatorUser[]; mappings?: Mapping[] }, output?: DoctorOutput) => {
      const { zoho, myoperator, mappings } = users();
      const left = Array.from({ length: gone }, (_, i) => [answered(`Gone ${i}`, String(50 + i)), answered(`Gone ${i}`, String(50 + i))]).flat();
      return calls(zoho, myoperator, [[...left, ...myoperator.map((m) => answered(m.name, m.extension!))]], { mappings, output });
    };
    it.each(pastCases)('%s, twelfth of twelve agents: the step says its line is past those listed, and where to see it', async (_n, users, hint) => {
      const o = await behind(11, users);
      const name = users().myoperator[0]!.name;
      expect(o.message).not.toContain(name);
      expect(o.message.endsWith('\n… and 2 more agents (`phonebridge-sync doctor --calls --json` lists them all)')).toBe(true);
      // Their lines are not all above: "as each agent above says" was said beside the sentence that says so.
      expect(o.hint).toBe(`${hint.replace('each agent above', "each agent's line")}${PAST}`);
      expect(o.hint).not.toContain('each agent above');
      // In --json's document, which holds every agent (calls.agents), it sent the reader to --json.
      const doc = await behind(11, users, 'document');
      expect(doc.message.endsWith('\n… and 2 more agents (calls.agents has them all)')).toBe(true);
      expect(doc.hint).toBe(`${inDocument(hint)} Its line is past the agents the message lists: calls.agents has every one.`);
    });
    it('several agents the step is about, all or some of them past those listed: the step says how many lines are not above', async () => {
      const lines = [moUser('reception@acme.in', { name: 'Front Desk', extension: '10' }), moUser('night@acme.in', { name: 'Night Desk', extension: '11' })];
      const both = await behind(10, () => ({ zoho: [], myoperator: lines }));
      expect(both.hint).toBe(
        "Either add Front Desk (ext 10) and Night Desk (ext 11) in Zoho with their MyOperator e-mails, which is all it takes, or leave a shared line as it is with `phonebridge-sync map --ignore-myoperator <extension>`, as each agent's line says. Their lines are past the agents listed above: `phonebridge-sync doctor --calls --json` lists every one.",
      );
      // Asha, her Zoho user disabled, has the most calls and is listed; the two lines rank past ten.
      const z = zohoUser('asha@acme.in', { name: 'Asha Rao', active: false, status: 'disabled' });
      const m = moUser('asha@acme.in', { name: 'Asha', extension: '12' });
      const left = Array.from({ length: 10 }, (_, i) => [answered(`Gone ${i}`, String(50 + i)), answered(`Gone ${i}`, String(50 + i))]).flat();
      const some = await calls([z], [m, ...lines], [[...Array.from({ length: 3 }, () => answered('Asha', '12')), ...left, answered('Front Desk', '10'), answered('Night Desk', '11')]], {
        since: '30d',
      });
      expect(some.message).toContain('Asha (ext 12)');
      expect(some.hint).toBe(
        "These need a change in Zoho (a user to add, reactivate, confirm or make unique), as each agent's line says, though a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator <extension>` leaves one unmapped on purpose; then `phonebridge-sync fix` for the e-mails that still differ. 2 of their lines are past the agents listed above: `phonebridge-sync doctor --calls --since 30d --json` lists every one.",
      );
    });
    // Past ten, the lines were named "the 12 lines above no Zoho user claims", then "2 of their lines
    // are past the agents listed above": two of the twelve were not above.
    it('more lines no Zoho user claims than are listed: the step does not call them all above, and says how many are past', async () => {
      const lines = Array.from({ length: 12 }, (_, i) => moUser(`desk${i}@acme.in`, { name: `Desk ${i}`, extension: String(20 + i) }));
      const o = await calls([], lines, [lines.map((m) => answered(m.name, m.extension!))]);
      expect(o.message.endsWith('\n… and 2 more agents (`phonebridge-sync doctor --calls --json` lists them all)')).toBe(true);
      expect(o.hint).toBe(
        "Either add the 12 lines no Zoho user claims in Zoho with their MyOperator e-mails, which is all it takes, or leave a shared line as it is with `phonebridge-sync map --ignore-myoperator <extension>`, as each agent's line says. 2 of their lines are past the agents listed above: `phonebridge-sync doctor --calls --json` lists every one.",
      );
      const doc = await calls([], lines, [lines.map((m) => answered(m.name, m.extension!))], { output: 'document' });
      expect(doc.hint).toBe(
        "Either add the 12 lines no Zoho user claims in Zoho with their MyOperator e-mails, which is all it takes, or leave a shared line as it is with `phonebridge-sync map --ignore-myoperator <extension>`, as each agent's line says. 2 of their lines are past the agents the message lists: calls.agents has every one.",
      );
    });
    it.each(pastCases)('%s, shown as the tenth or eleventh agent: the step is as it was', async (_n, users, hint) => {
      for (const gone of [9, 10]) {
        const o = await behind(gone, users);
        expect(o.message).toContain(users().myoperator[0]!.name);
        expect(o.hint).toBe(hint);
      }
    });
  });

  it("a seat whose extension fix's change took, alone or beside a switched-off agent: the step opens with giving it back", async () => {
    const t = tempDir();
    try {
      // fix set Ravi's e-mail, and MyOperator emptied his extension and name with it (fix said so): his calls name ext 12, which nobody has.
      const ravi = [zohoUser('ravi@acme.in', { name: 'Ravi', id: 'z-ravi' }), moUser('ravi@acme.in', { name: '', extension: '', id: 'm-ravi' })] as const;
      const before = { uuid: 'm-ravi', extension: '12', email: 'Ravi@acme.in' };
      const historyPath = join(t.dir, 'default.history.jsonl');
      const applied = { action: 'set-email', before: { zoho: { id: 'z-ravi', email: 'ravi@acme.in' }, myoperator: before }, after: { myoperator: { ...before, extension: '', email: 'ravi@acme.in' }, target: 'ravi@acme.in' } };
      writeFileSync(historyPath, `${JSON.stringify({ time: '2026-11-23T10:00:00.000Z', command: 'fix', user: 'admin', ...applied, result: 'applied', detail: 'its extension is now - (was 12)' })}\n`);
      const alone = await calls([ravi[0]], [ravi[1]], [[answered('Ravi', '12')]], { historyPath });
      expect((alone.data as { agents: Array<{ cure: { kind: string } }> }).agents.map((a) => a.cure.kind)).toEqual(['emptied-by-fix']);
      expect(alone.hint).toBe(
        "Give back, in MyOperator's panel (Manage → Users), the extension fix's change took from the MyOperator user above, as each says, then `phonebridge-sync doctor --calls` again to see the cure.",
      );
      // In --json's document that user is not above the step: the message names it.
      expect((await calls([ravi[0]], [ravi[1]], [[answered('Ravi', '12')]], { historyPath, output: 'document' })).hint).toBe(
        "Give back, in MyOperator's panel (Manage → Users), the extension fix's change took from the MyOperator user the message names, as each says, then `phonebridge-sync doctor --calls` again to see the cure.",
      );
      const asha = [zohoUser('asha@acme.in', { name: 'Asha', id: 'z-asha' }), moUser('asha@acme.in', { name: 'Asha', extension: '11', id: 'm-asha', active: false })] as const;
      const withOff = await calls([ravi[0], asha[0]], [ravi[1], asha[1]], [[answered('Ravi', '12'), answered('Asha', '11')]], { historyPath });
      expect((withOff.data as { agents: Array<{ cure: { kind: string } }> }).agents.map((a) => a.cure.kind).sort()).toEqual(['emptied-by-fix', 'inactive-myoperator-user']);
      expect(withOff.hint).toMatch(/^Give back, in MyOperator's panel \(Manage → Users\), the extension fix's change took from the MyOperator user above, and switch MyOperator user Asha \(ext 11\) back on .*, then do what each says; /);
    } finally {
      t.cleanup();
    }
  });

  it("an agent whose change MyOperator refused when fix last sent it (the history says so): the step is the panel, not plain fix alone, which would send it again", async () => {
    const t = tempDir();
    try {
      const ravi = [zohoUser('Ravi@acme.in', { name: 'Ravi', id: 'z-ravi' }), moUser('ravi@acme.in', { name: 'Ravi', extension: '12', id: 'm-ravi' })] as const;
      const asha = [zohoUser('Asha@acme.in', { name: 'Asha' }), moUser('asha@acme.in', { name: 'Asha', extension: '11' })] as const;
      const seat = { uuid: 'm-ravi', extension: '12', email: 'ravi@acme.in' };
      const historyPath = join(t.dir, 'default.history.jsonl');
      const refused = { action: 'set-email', before: { zoho: { id: 'z-ravi', email: 'Ravi@acme.in' }, myoperator: seat }, after: { myoperator: seat, target: 'Ravi@acme.in' } };
      writeFileSync(historyPath, `${JSON.stringify({ time: '2026-11-23T10:00:00.000Z', command: 'fix', user: 'admin', ...refused, result: 'not-applied', detail: 'MyOperator refused: no' })}\n`);
      const alone = await calls([ravi[0]], [ravi[1]], [[answered('Ravi', '12')]], { historyPath });
      expect((alone.data as { agents: Array<{ cure: { kind: string } }> }).agents.map((a) => a.cure.kind)).toEqual(['set-by-hand']);
      expect(alone.hint).toBe(
        "Set by hand the e-mails MyOperator did not take from fix (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says, then `phonebridge-sync doctor --calls` again to see the cure.",
      );
      const both = await calls([ravi[0], asha[0]], [ravi[1], asha[1]], [[answered('Ravi', '12'), answered('Asha', '11')]], { historyPath });
      expect(both.hint).toBe(
        "Run `phonebridge-sync fix` to make MyOperator hold the Zoho e-mails, and set by hand those it did not take before (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says, then `phonebridge-sync doctor --calls` again to see the cure.",
      );
    } finally {
      t.cleanup();
    }
  });

  it("one doctor --calls run reads fix's history once: mappings-file (for a broken line) and calls (for the changes MyOperator refused) get the same read", async () => {
    const t = tempDir();
    const reads = jest.spyOn(MappingStore.prototype, 'readHistory');
    try {
      const globals = { profile: 'default', configDir: t.dir, json: true, color: false, verbose: false, sandbox: true, yes: false };
      let out = '';
      const stdout = new PassThrough().on('data', (d: Buffer) => (out += d.toString()));
      const ctx = createContext(globals, { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
      // The sandbox's Ravi (ext 12) would be cured by `fix --only`, so the audit asks the history too.
      await expect(doctor({ only: ['calls'], calls: true }, ctx)).rejects.toMatchObject({ exitCode: 5 });
      expect((JSON.parse(out) as { checks: Array<{ id: string; status: string }> }).checks.map((c) => [c.id, c.status])).toEqual([
        ['mappings-file', 'pass'],
        ['calls', 'fail'],
      ]);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
      t.cleanup();
    }
  });

  it('a switched-off agent saved with a Zoho user whose e-mail is far from its own: the cure follows the saved pair (switch on, then fix), naming no other Zoho user to map', async () => {
    const z = zohoUser('vikram.singh@acme.in', { name: 'Vikram Singh' });
    const other = zohoUser('vs.sales@acme.in', { name: 'Sales Desk', active: false, status: 'disabled' });
    const m = moUser('vs.sales@acme.in', { name: 'Vikram Singh', extension: '14', active: false });
    const o = await calls([z, other], [m], [[answered('Vikram Singh', '14')]], { mappings: [mappingOf(z, m, 'manual', '2026-11-24T10:00:00.000Z')] });
    expect(o.status).toBe('fail');
    expect((o.data as { agents: Array<{ cure: { message: string } }> }).agents.map((a) => a.cure.message)).toEqual([
      "MyOperator user Vikram Singh is switched off (deactivated, or call availability off), and fix changes active users only: switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability), then `phonebridge-sync fix --only 14` sets its MyOperator e-mail to \"vikram.singh@acme.in\".",
    ]);
  });

  it("an old account switched off beside an active one of its e-mail: its calls' cure is its e-mail to change, not the switch fix --only advises against", async () => {
    const z = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const old = moUser('arjun@acme.in', { id: 'old-arjun', name: 'Arjun M. (old)', extension: '23', active: false });
    const o = await calls([z], [moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' }), old], [[answered('Arjun M. (old)', '23')]]);
    expect((o.data as { agents: Array<{ cure: { kind: string; message: string } }> }).agents.map((a) => a.cure.message)).toEqual([
      expect.stringMatching(/^MyOperator user Arjun M\. \(old\) \(ext 23\) is switched off .*: rather than switch it back on \(two users taking calls under one e-mail: which of them MyOperator links to the Zoho user is unconfirmed\), change or remove its e-mail /),
    ]);
    // A retired phone (its Zoho user's calls go to ext 22): a warning, saying so, then its e-mail to change.
    expect(o.status).toBe('warn');
    expect(o.message.split('\n').slice(1, 3)).toEqual([
      '1 call · Arjun M. (old) (ext 23) · arjun@acme.in',
      // Not "ext 22 takes Zoho user Arjun Malhotra's calls now": while ext 23 holds the e-mail too, that is unconfirmed, as ext 22's own line says.
      "  switched off: it takes no more calls; MyOperator user Arjun Malhotra (ext 22) holds Zoho user Arjun Malhotra's e-mail too, and takes their calls only if MyOperator links it rather than this one (unconfirmed)",
    ]);
    expect(o.message.split('\n')[3]).toMatch(/^ {2}fix: MyOperator user Arjun M\. \(old\) \(ext 23\) is switched off /);
  });

  it("an active agent whose e-mail an old phone, switched off, still holds (Arjun's ext 22 beside ext 23): its calls are not counted attributable, since which holder MyOperator links is unconfirmed; said as duplicate-emails and --webhook say it, with the old phone's e-mail to change", async () => {
    const z = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const old = moUser('arjun@acme.in', { id: 'old-arjun', name: 'Arjun M. (old)', extension: '23', active: false });
    const o = await calls([z], [moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' }), old], [[answered('Arjun Malhotra', '22'), answered('Arjun Malhotra', '22')]]);
    // It was a pass: "2 answered calls since …: 2 attributable, 0 unattributable, 0 by an unknown agent".
    expect(o.status).toBe('warn');
    expect(o.message.split('\n')).toEqual([
      `2 answered calls since ${since}: 0 attributable, 2 unconfirmed (their agent's e-mail is another MyOperator user's too), 0 unattributable, 0 by an unknown agent`,
      '2 calls · Arjun Malhotra (ext 22) · arjun@acme.in',
      `  unconfirmed: MyOperator user Arjun M. (old) (ext 23, switched off) holds its e-mail too; MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several MyOperator users holding one e-mail it links (one of them, each, or none) is unconfirmed`,
      "  fix: Change or remove the e-mail of MyOperator user Arjun M. (old) (ext 23), which takes no calls, in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail (deactivating does not clear it).",
    ]);
    expect(o.data).toMatchObject({ summary: { answered: 2, attributable: 0, unconfirmed: 2, unattributable: 0, unknownAgent: 0 } });
  });

  it("Arjun's old phone and his phone on duty, holding one e-mail: the next step says to change that e-mail, as their lines do, alone or beside fix and map", async () => {
    const z = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const now = moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun@acme.in', { id: 'old-arjun', name: 'Arjun M. (old)', extension: '23', active: false });
    const kinds = (o: { data?: unknown }) => (o.data as { agents: Array<{ cure: { kind: string } }> }).agents.map((a) => a.cure.kind);
    const CHANGE = "change or remove the e-mail several MyOperator users hold (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says";
    const AGAIN = '`phonebridge-sync doctor --calls` again to see the cure';
    // It had no step at all: each line gave its own fix, and the check none.
    const both = await calls([z], [now, old], [[answered('Arjun M. (old)', '23'), answered('Arjun Malhotra', '22')]]);
    expect(kinds(both)).toEqual(['shared-email', 'retired-myoperator-user']);
    expect(both.hint).toBe(`Change or remove the e-mail several MyOperator users hold (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says, then ${AGAIN}.`);
    for (const [agent, ext] of [['Arjun M. (old)', '23'], ['Arjun Malhotra', '22']] as const) expect((await calls([z], [now, old], [[answered(agent, ext)]])).hint).toBe(both.hint);
    // Beside Ravi's fix, it was "Run `phonebridge-sync fix` to make MyOperator hold the Zoho e-mails, then … again to see the cure.", as if fix cured Arjun's calls.
    const ravi = [zohoUser('Ravi@acme.in', { name: 'Ravi' }), moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })] as const;
    const withFix = await calls([z, ravi[0]], [now, old, ravi[1]], [[answered('Arjun M. (old)', '23'), answered('Arjun Malhotra', '22'), answered('Ravi', '12')]]);
    expect(withFix.hint).toBe(`Run \`phonebridge-sync fix\` to make MyOperator hold the Zoho e-mails, and ${CHANGE}, then ${AGAIN}.`);
    // Beside a map, whose step ends with its own sentence.
    const deepak = [zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' }), moUser('dverma@acme.in', { name: 'Deepak Verma', extension: '18' })] as const;
    const withMap = await calls([z, deepak[0]], [now, old, deepak[1]], [[answered('Arjun Malhotra', '22'), answered('Deepak Verma', '18')]]);
    expect(withMap.hint).toBe(
      `Map the suggested agents (\`phonebridge-sync map\`), then \`phonebridge-sync fix\`; each agent above says which Zoho user. Also ${CHANGE}.`,
    );
    // Beside Vikram's phone, switched off: it was "Switch the MyOperator users above back on …", the old phone among them,
    // whose own line says "rather than switch it back on"; only the sentence after it told them apart.
    const vikram = [zohoUser('vikram@acme.in', { name: 'Vikram' }), moUser('vikram@acme.in', { name: 'Vikram', extension: '14', active: false })] as const;
    const withOff = await calls([z, vikram[0]], [now, old, vikram[1]], [[answered('Arjun M. (old)', '23'), answered('Arjun Malhotra', '22'), answered('Vikram', '14')]]);
    expect(kinds(withOff).sort()).toEqual(['inactive-myoperator-user', 'retired-myoperator-user', 'shared-email']);
    expect(withOff.hint).toBe(
      `Switch MyOperator user Vikram (ext 14) back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability), then do what its line says; fix leaves a switched-off user alone. Also ${CHANGE}.`,
    );
  });

  it('two MyOperator users on duty holding one e-mail: the step gives each a distinct e-mail, as their line says, not "change or remove" it', async () => {
    const z = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const asha = moUser('asha@acme.in', { name: 'Asha', extension: '11' });
    const desk = moUser('asha@acme.in', { name: 'Front Desk', extension: '10' });
    const o = await calls([z], [asha, desk], [[answered('Asha', '11')]]);
    expect(o.message.split('\n')[3]).toBe("  fix: Give each of them a distinct e-mail: change the e-mail of those that are not Zoho user Asha Rao's in MyOperator's panel: Manage → Users → the user → e-mail.");
    // It was "Change or remove the e-mail several MyOperator users hold (…)": removing Asha's own e-mail left her calls to nobody.
    expect(o.hint).toBe(
      "Give each of the MyOperator users who share an e-mail a distinct e-mail (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says, then `phonebridge-sync doctor --calls` again to see the cure.",
    );
    // Beside Ravi's fix, and beside Arjun's old phone, whose e-mail is the one to change or remove.
    const ravi = [zohoUser('Ravi@acme.in', { name: 'Ravi' }), moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })] as const;
    const withFix = await calls([z, ravi[0]], [asha, desk, ravi[1]], [[answered('Asha', '11'), answered('Ravi', '12')]]);
    expect(withFix.hint).toBe(
      "Run `phonebridge-sync fix` to make MyOperator hold the Zoho e-mails, and give each of the MyOperator users who share an e-mail a distinct e-mail (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says, then `phonebridge-sync doctor --calls` again to see the cure.",
    );
    const arjun = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const old = moUser('arjun@acme.in', { id: 'old-arjun', name: 'Arjun M. (old)', extension: '23', active: false });
    const both = await calls([z, arjun], [asha, desk, moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' }), old], [[answered('Asha', '11'), answered('Arjun M. (old)', '23')]]);
    expect(both.hint).toBe(
      "Change or remove the e-mail a switched-off MyOperator user shares with one on duty, and give each of the MyOperator users on duty who share an e-mail a distinct e-mail (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says, then `phonebridge-sync doctor --calls` again to see the cure.",
    );
  });

  it("Arjun's old phone saved with another Zoho user (Gaurav), still holding Arjun's e-mail beside his phone on duty: the step says to change that e-mail, as its line does, never to switch it back on", async () => {
    const arjun = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const gaurav = zohoUser('gaurav.bose@acme.in', { name: 'Gaurav Bose' });
    const now = moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun@acme.in', { id: 'old-arjun', name: 'Arjun M. (old)', extension: '23', active: false });
    const ravi = [zohoUser('Ravi@acme.in', { name: 'Ravi' }), moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })] as const;
    const mappings = [mappingOf(gaurav, old, 'manual', '2026-11-24T10:00:00.000Z')];
    const o = await calls([arjun, gaurav, ravi[0]], [now, old, ravi[1]], [[answered('Arjun M. (old)', '23'), answered('Ravi', '12')]], { mappings });
    const [line] = (o.data as { agents: Array<{ agent: { extension: string }; cure: { kind: string; message: string } }> }).agents.filter((a) => a.agent.extension === '23');
    expect(line!.cure.message).toMatch(/: rather than switch it back on .*, change or remove its e-mail /);
    // It was "First switch back on, in MyOperator's panel (…), the MyOperator user above that is switched off (fix leaves it alone), then run `phonebridge-sync fix` …".
    expect(o.hint).toBe(
      "Run `phonebridge-sync fix` to make MyOperator hold the Zoho e-mails, and change or remove the e-mail several MyOperator users hold (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says, then `phonebridge-sync doctor --calls` again to see the cure.",
    );
    const alone = await calls([arjun, gaurav], [now, old], [[answered('Arjun M. (old)', '23')]], { mappings });
    expect(alone.hint).toBe(
      "Change or remove the e-mail several MyOperator users hold (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says, then `phonebridge-sync doctor --calls` again to see the cure.",
    );
  });

  it("an agent whose e-mail two Zoho users hold (Asha's account and her old one, disabled): its calls are unconfirmed, not said unattributable as if PhoneBridge could not choose", async () => {
    const zoho = [zohoUser('asha@acme.in', { name: 'Asha Rao' }), zohoUser('asha@acme.in', { name: 'Asha (old)', active: false, status: 'disabled' })];
    const o = await calls(zoho, [moUser('asha@acme.in', { name: 'Asha', extension: '11' })], [[answered('Asha', '11'), answered('Asha', '11')]]);
    // It was ✗ "2 unattributable", fix "2 Zoho users share "asha@acme.in"; PhoneBridge cannot choose, …": the reference says nothing of several Zoho holders.
    expect(o.status).toBe('warn');
    expect(o.message.split('\n')).toEqual([
      `2 answered calls since ${since}: 0 attributable, 2 unconfirmed (their agent's e-mail is several Zoho users'), 0 unattributable, 0 by an unknown agent`,
      '2 calls · Asha (ext 11) · asha@acme.in',
      '  unconfirmed: 2 Zoho users hold its e-mail: Asha Rao and Asha (old) (disabled); MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several Zoho users holding one e-mail it links it to (one of them, each, or none) is unconfirmed',
      '  fix: Make the Zoho e-mails unique, so that "asha@acme.in" is the e-mail of the one Zoho user who takes this agent\'s calls.',
    ]);
    expect(o.data).toMatchObject({ summary: { answered: 2, attributable: 0, unconfirmed: 2, unattributable: 0, unknownAgent: 0 } });
    expect(o.hint).toBe('These need a change in Zoho (a user to add, reactivate, confirm or make unique), as each agent above says; then `phonebridge-sync fix` for the e-mails that still differ.');
    // Beside an agent whose e-mail another MyOperator user holds too, the count says both.
    const both = await calls(
      [...zoho, zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' })],
      [moUser('asha@acme.in', { name: 'Asha', extension: '11' }), moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' }), moUser('arjun@acme.in', { name: 'Arjun M. (old)', extension: '23', active: false })],
      [[answered('Asha', '11'), answered('Arjun Malhotra', '22')]],
    );
    expect(both.message.split('\n')[0]).toBe(`2 answered calls since ${since}: 0 attributable, 2 unconfirmed (their agent's e-mail is another MyOperator user's too, or several Zoho users'), 0 unattributable, 0 by an unknown agent`);
  });

  it("an old phone switched off, its e-mail removed, whose Zoho user (its very name) an active phone takes now: a warning naming who takes the calls, no cure that switches it on or maps it; another switched-off agent keeps its cure", async () => {
    const z = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const now = moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('', { id: 'old-arjun', name: 'Arjun Malhotra', extension: '23', active: false });
    const o = await calls([z], [now, old], [[answered('Arjun Malhotra', '23'), answered('Arjun Malhotra', '23')]]);
    // It was ✗ with "switch it back on …, then … map … then `fix --only 23`": followed, two agents of one e-mail again.
    expect(o.status).toBe('warn');
    expect(o.message).toBe(
      [
        `2 answered calls since ${since}: 0 attributable, 2 unattributable, 0 by an unknown agent`,
        '2 calls · Arjun Malhotra (ext 23) · no e-mail',
        "  switched off: it takes no more calls, and MyOperator user Arjun Malhotra (ext 22) takes Zoho user Arjun Malhotra's calls now",
      ].join('\n'),
    );
    expect(o.hint).toBeUndefined();
    expect((o.data as { agents: Array<{ cure: unknown }> }).agents.map((a) => a.cure)).toEqual([
      {
        kind: 'retired-myoperator-user',
        message: "MyOperator user Arjun Malhotra (ext 23) is switched off (deactivated, or call availability off): it takes no more calls, and MyOperator user Arjun Malhotra (ext 22) takes Zoho user Arjun Malhotra's calls now.",
      },
    ]);
    // Vikram's Zoho user has no other phone: switching his back on is still the cure, and it fails.
    const vz = zohoUser('vikram@acme.in', { name: 'Vikram' });
    const vm = moUser('vikram@acme.in', { name: 'Vikram', extension: '14', active: false });
    const both = await calls([z, vz], [now, old, vm], [[answered('Arjun Malhotra', '23'), answered('Vikram', '14')]]);
    expect(both.status).toBe('fail');
    expect(both.message).toContain("1 call · Vikram (ext 14) · vikram@acme.in\n  fix: MyOperator user Vikram is switched off (deactivated, or call availability off): switch it back on in MyOperator's panel");
    expect(both.message).not.toMatch(/ext 23\)[^\n]*\n {2}fix:/);
    // It was "Switch the MyOperator users above back on …", ext 23 among them, whose line says it takes no more calls.
    expect(both.hint).toBe("Switch MyOperator user Vikram (ext 14) back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability), then do what its line says; fix leaves a switched-off user alone.");
  });

  it('lists the ten agents with the most such calls; past ten, says how many more the audit with --json has', async () => {
    const agents = (n: number) => Array.from({ length: n }, (_, i) => answered(`Gone ${i}`, String(50 + i)));
    const ten = await calls([], [], [agents(10)]);
    // One line each: an agent MyOperator does not have has no fix line.
    expect(ten.message.split('\n')).toHaveLength(1 + 10);
    expect(ten.message).not.toContain('more agent');
    const twelve = await calls([], [], [agents(12)]);
    expect(twelve.message.split('\n')).toHaveLength(1 + 10 + 1);
    expect(twelve.message).toContain('1 call · no MyOperator user has "Gone 9" at extension 59');
    expect(twelve.message).not.toContain('Gone 10');
    expect(twelve.message.endsWith('\n… and 2 more agents (`phonebridge-sync doctor --calls --json` lists them all)')).toBe(true);
    expect((twelve.data as { agents: unknown[] }).agents).toHaveLength(12);
    // The command as the run was typed, its period too: "(--json lists them all)" named a bare option.
    const since = await calls([], [], [agents(12)], { since: '30d' });
    expect(since.message.split('\n').at(-1)).toBe('… and 2 more agents (`phonebridge-sync doctor --calls --since 30d --json` lists them all)');
  });

  it('lists an eleventh agent rather than a line saying there is one more: that line would take the place of its own', async () => {
    const agents = Array.from({ length: 11 }, (_, i) => answered(`Gone ${i}`, String(50 + i)));
    const eleven = await calls([], [], [agents]);
    expect(eleven.message.split('\n')).toHaveLength(1 + 11);
    expect(eleven.message.endsWith('\n1 call · no MyOperator user has "Gone 10" at extension 60: the agent has left, or was renamed')).toBe(true);
    expect(eleven.message).not.toContain('more agent');
  });

  it("an agent whose saved pair plain fix holds back is listed past the first ten: the step sends it to its own line's `fix --only`", async () => {
    const z = zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' });
    const m = moUser('dverma@acme.in', { name: 'Deepak Verma', extension: '18' });
    const mappings = [mappingOf(z, { ...m, email: 'deepak.vemra@acme.in' }, 'manual', '2026-11-24T10:00:00.000Z')];
    // Twelve agents who have left, with two calls each, rank above Deepak's one call.
    const gone = Array.from({ length: 12 }, (_, i) => [answered(`Gone ${i}`, String(50 + i)), answered(`Gone ${i}`, String(50 + i))]).flat();
    const o = await calls([z], [m], [[...gone, answered('Deepak Verma', '18')]], { mappings });
    const lines = o.message.split('\n');
    expect(lines).toContain('1 call · Deepak Verma (ext 18) · dverma@acme.in');
    expect(lines[lines.indexOf('1 call · Deepak Verma (ext 18) · dverma@acme.in') + 1]).toContain('`phonebridge-sync fix --only 18`');
    expect(o.message).not.toContain('Gone 10');
    expect(lines.at(-1)).toBe('… and 2 more agents (`phonebridge-sync doctor --calls --json` lists them all)');
    expect(o.hint).toContain('set only by the `fix --only` its line above names');
    expect((o.data as { agents: unknown[] }).agents).toHaveLength(13);
  });

  it('an agent switched off in MyOperator, or whose change MyOperator refused, is listed past the first ten: the step sends each to its own line ("above")', async () => {
    const t = tempDir();
    try {
      const z = zohoUser('Ravi@acme.in', { name: 'Ravi', id: 'z-ravi' });
      const m = moUser('ravi@acme.in', { name: 'Ravi', extension: '12', id: 'm-ravi' });
      const off = moUser('vikram@acme.in', { name: 'Vikram', extension: '14', active: false });
      const seat = { uuid: 'm-ravi', extension: '12', email: 'ravi@acme.in' };
      const historyPath = join(t.dir, 'default.history.jsonl');
      const refused = { action: 'set-email', before: { zoho: { id: 'z-ravi', email: 'Ravi@acme.in' }, myoperator: seat }, after: { myoperator: seat, target: 'Ravi@acme.in' } };
      writeFileSync(historyPath, `${JSON.stringify({ time: '2026-11-23T10:00:00.000Z', command: 'fix', user: 'admin', ...refused, result: 'not-applied', detail: 'MyOperator refused: no' })}\n`);
      // Twelve agents who have left, with two calls each, rank above Ravi's and Vikram's one call.
      const gone = Array.from({ length: 12 }, (_, i) => [answered(`Gone ${i}`, String(50 + i)), answered(`Gone ${i}`, String(50 + i))]).flat();
      const o = await calls([z, zohoUser('vikram@acme.in', { name: 'Vikram' })], [m, off], [[...gone, answered('Ravi', '12'), answered('Vikram', '14')]], { historyPath });
      const lines = o.message.split('\n');
      expect(lines).toContain('1 call · Ravi (ext 12) · ravi@acme.in');
      expect(lines).toContain('1 call · Vikram (ext 14) · vikram@acme.in');
      expect(o.message).not.toContain('Gone 10');
      expect(lines.at(-1)).toBe('… and 2 more agents (`phonebridge-sync doctor --calls --json` lists them all)');
      expect(o.hint).toContain('as each agent above says');
    } finally {
      t.cleanup();
    }
  });

  it('tells a terminal how far it has read: "page n of m" when MyOperator gave a total (never fewer pages than read), "page n" when not', async () => {
    const said: string[] = [];
    const [z, m] = asha();
    const call = answered('Asha', '11');
    await calls([z], [m], [[call], [call], [call], [call], [call]], { totals: [250, 250, undefined, 250, Infinity], progress: (t) => said.push(t) });
    // 250 calls are 3 pages of 100; a 4th page outgrows the total, and is "4 of 4", never "4 of 3".
    expect(said).toEqual([
      'Reading MyOperator call logs… page 1 of 3',
      'Reading MyOperator call logs… page 2 of 3',
      'Reading MyOperator call logs… page 3',
      'Reading MyOperator call logs… page 4 of 4',
      'Reading MyOperator call logs… page 5',
    ]);
  });
});

describe('webhook (doctor --webhook)', () => {
  const NOW = '2026-11-24T10:00:00.000Z';
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());
  /** Runs the check on a legacy after-call payload whose agent is `rr` (`_id`, `_ex`, `_em`, `_na`); `_ci` is the call id, when given. */
  function webhook(zoho: ZohoUser[], myoperator: MyOperatorUser[], rr: object, opts: { callId?: string; mappings?: Mapping[]; historyPath?: string } = {}) {
    const file = join(tmp.dir, 'call.json');
    writeFileSync(file, JSON.stringify({ ...(opts.callId === undefined ? {} : { _ci: opts.callId }), _ld: [{ _ds: 'ANSWER', _rr: [rr] }] }));
    const store = opts.historyPath ? { history: historyAt(opts.historyPath) } : {};
    return webhookCheck.run(usersEnv(zoho, myoperator, { webhookFile: file, ...store }, opts.mappings));
  }

  it('passes when the e-mail rule gives the call to an active Zoho user, saying who and why', async () => {
    const z = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const m = moUser('asha@acme.in', { name: 'Asha', extension: '11' });
    const o = await webhook([z], [m], { _ex: '11', _na: 'Asha' }, { callId: 'c1' });
    expect(o.status).toBe('pass');
    expect(o.message).toBe(
      [
        `call c1 goes to Zoho user Asha Rao <asha@acme.in> (zohouser ${z.zuid}) through the e-mail rule`,
        'The agent is MyOperator user Asha <asha@acme.in> (found by extension).',
        "Its e-mail is byte-identical to Zoho user Asha Rao's.",
      ].join('\n'),
    );
    expect(o.hint).toBeUndefined();
    expect(o.data).toMatchObject({ callId: 'c1', via: 'email', agentBy: 'extension', zoho: { id: z.id, email: 'asha@acme.in' }, mapped: null });
  });

  it('an inactive Zoho user holding the e-mail: the call will not be attributed, a failure with the cure --calls gives (reactivate in Zoho)', async () => {
    const z = zohoUser('asha@acme.in', { name: 'Asha Rao', active: false, status: 'disabled' });
    const o = await webhook([z], [moUser('asha@acme.in', { name: 'Asha', extension: '11' })], { _ex: '11' }, { callId: 'c1' });
    expect(o.status).toBe('fail');
    expect(o.message.split('\n')[0]).toBe(
      `call c1 will not be attributed: the e-mail rule gives it to Zoho user Asha Rao <asha@acme.in> (zohouser ${z.zuid}), who is "disabled"; PhoneBridge shows calls to active, confirmed users only`,
    );
    // It was "…Asha Rao's, who is inactive: the call will not show.", after the headline had said it.
    expect(o.message.split('\n').at(-1)).toBe("Its e-mail is byte-identical to Zoho user Asha Rao's.");
    // The fix line said the status again ("Zoho user Asha Rao <asha@acme.in> is disabled: reactivate it …").
    expect(o.hint).toBe('Reactivate Asha Rao in Zoho, or stop routing calls to this agent.');
    expect(o.data).toMatchObject({ zoho: { id: z.id }, cure: 'inactive-zoho-user' });
  });

  it("an unconfirmed Zoho user holding the e-mail: the call will not show, as --calls and user-status say", async () => {
    const z = zohoUser('pooja@acme.in', { name: 'Pooja Sharma', confirmed: false });
    const o = await webhook([z], [moUser('pooja@acme.in', { name: 'Pooja', extension: '27' })], { _ex: '27' }, { callId: 'c5' });
    expect(o.status).toBe('fail');
    expect(o.message.split('\n')[0]).toBe(
      `call c5 will not be attributed: the e-mail rule gives it to Zoho user Pooja Sharma <pooja@acme.in> (zohouser ${z.zuid}), who has not accepted Zoho's invitation (not confirmed); PhoneBridge shows calls to active, confirmed users only`,
    );
    // Said once: the last step said it again ("…Pooja Sharma's, who has not accepted Zoho's invitation (not confirmed): the call will not show.").
    expect(o.message.match(/not confirmed/g)).toHaveLength(1);
    expect(o.message.split('\n').at(-1)).toBe("Its e-mail is byte-identical to Zoho user Pooja Sharma's.");
    // And once beside its fix line, which said it again ("Zoho user Pooja Sharma <pooja@acme.in> has not accepted Zoho's invitation (not confirmed), and PhoneBridge gives calls to confirmed users only: …").
    expect(o.hint).toBe("Have them accept Zoho's invitation (an admin can resend it from Zoho's Setup → Users), or stop routing calls to this agent.");
    expect(o.data).toMatchObject({ cure: 'unconfirmed-zoho-user' });
  });

  it('a Zoho user deleted in Zoho holding the e-mail: the verdict says deleted, the fix line what to do, not "deleted" again', async () => {
    const z = zohoUser('karan@acme.in', { name: 'Karan', active: false, status: 'deleted' });
    const o = await webhook([z, zohoUser('asha@acme.in')], [moUser('karan@acme.in', { name: 'Karan', extension: '25' })], { _ex: '25' }, { callId: 'c6' });
    expect(o.message.split('\n')[0]).toBe(
      `call c6 will not be attributed: the e-mail rule gives it to Zoho user Karan <karan@acme.in> (zohouser ${z.zuid}), who is deleted in Zoho; PhoneBridge shows calls to active, confirmed users only`,
    );
    expect(o.hint).toBe(
      'There is no user to reactivate: map this agent by hand to the Zoho user who takes its calls now, then `phonebridge-sync fix --only 25`, or stop routing calls to this agent.',
    );
  });

  it('says when the saved mapping agrees; a payload without a call id, and a Zoho user without a zuid, read as such', async () => {
    const z = zohoUser('asha@acme.in', { name: 'Asha Rao', zuid: null });
    const m = moUser('asha@acme.in', { name: 'Asha', extension: '11' });
    const o = await webhook([z], [m], { _id: m.id }, { mappings: [mappingOf(z, m, 'manual', NOW)] });
    expect(o.status).toBe('pass');
    expect(o.message.split('\n')[0]).toBe('the call goes to Zoho user Asha Rao <asha@acme.in> (zohouser ?) through the e-mail rule, as the saved mapping says');
    expect(o.data).toMatchObject({ callId: null, via: 'mapping', agentBy: 'uuid', mapped: { id: z.id } });
  });

  it('the newer envelope naming its agent only by a name two MyOperator users have: a warning that it cannot say who, neither "nobody" nor an agent who has left', async () => {
    const file = join(tmp.dir, 'call.json');
    writeFileSync(file, JSON.stringify({ event_type: 'call.end', session_id: 's1', payload: { agent_name: 'Arjun Malhotra' } }));
    const z = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const desk = moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun.old@acme.in', { name: 'arjun malhotra ', extension: '23' });
    const o = await webhookCheck.run(usersEnv([z], [desk, old], { webhookFile: file }));
    // It was ✗ "The payload names no agent (no agent id, e-mail or extension in it): nobody answered it, …".
    expect(o.status).toBe('warn');
    expect(o.message).toBe(
      [
        'cannot say where call s1 goes: its payload names the agent by a name 2 MyOperator users have',
        'The payload names the agent "Arjun Malhotra" but no agent id, e-mail or extension, and 2 MyOperator users have that name (ext 22, ext 23): it does not say which of them answered.',
      ].join('\n'),
    );
    expect(o.hint).toBe("MyOperator's call log records the answering agent's extension: `phonebridge-sync doctor --calls` judges each answered call by it.");
    expect(o.data).toMatchObject({ agent: { name: 'Arjun Malhotra' }, myoperator: null, agentBy: null, sameName: 2 });
  });

  it('an agent MyOperator does not have: attributed to nobody, a warning as in --calls (it was ✗ with nothing to do), the reason on its line and no fix line, as --calls says it', async () => {
    const o = await webhook([zohoUser('asha@acme.in')], [moUser('asha@acme.in', { extension: '11' })], { _ex: '99', _na: 'Karan' }, { callId: 'c2' });
    expect(o.status).toBe('warn');
    expect(o.message).toBe('call c2 would be attributed to nobody: the agent has left, or was renamed, and a past call cannot be attributed after the fact\nNo MyOperator user has extension 99.');
    // It was 'No MyOperator user has "Karan" at extension 99: the agent has left, or was renamed; nothing to fix for past calls.'
    expect(o.hint).toBeUndefined();
    expect(o.data).toMatchObject({ myoperator: null, zoho: null, cure: 'unknown-agent' });
  });

  it("an agent whose MyOperator user is switched off, its pair saved: the cure --calls gives, switch it on and then fix, never `map` again", async () => {
    const z = zohoUser('vikram.singh@acme.in', { name: 'Vikram Singh' });
    const m = moUser('vikram\u200b.singh@acme.in', { name: 'Vikram Singh', extension: '14', active: false });
    const o = await webhook([z], [m], { _ex: '14' }, { callId: 'c4', mappings: [mappingOf(z, m, 'manual', NOW)] });
    expect(o.status).toBe('fail');
    expect(o.hint).toBe(
      "MyOperator user Vikram Singh is switched off (deactivated, or call availability off), and fix changes active users only: switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability), then `phonebridge-sync fix --only 14` sets its MyOperator e-mail to \"vikram.singh@acme.in\".",
    );
    expect(o.data).toMatchObject({ cure: 'inactive-myoperator-user' });
  });

  it("an agent switched off now whose e-mail is an active Zoho user's: the call it took went there, but the next ones will not; a failure, as --calls counts it, with the switch-on cure", async () => {
    const z = zohoUser('ravi.kumar@acme.in', { name: 'Ravi Kumar' });
    const m = moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '12', active: false });
    const o = await webhook([z], [m], { _ex: '12' }, { callId: 'c7' });
    // It passed: "call c7 goes to Zoho user Ravi Kumar …", while --calls counted the agent's calls unattributable.
    expect(o.status).toBe('fail');
    expect(o.message.split('\n')[0]).toBe(
      `call c7 goes to Zoho user Ravi Kumar <ravi.kumar@acme.in> (zohouser ${z.zuid}) through the e-mail rule, but its agent is switched off in MyOperator now: it takes no more calls until it is switched back on`,
    );
    expect(o.hint).toBe(
      "MyOperator user Ravi Kumar is switched off (deactivated, or call availability off): switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability).",
    );
    expect(o.data).toMatchObject({ zoho: { id: z.id }, via: 'email', cure: 'inactive-myoperator-user' });
  });

  /** Arjun's phone now (ext 22) and his old one (ext 23, switched off), both holding his Zoho e-mail. */
  const arjunsPhones = () => ({
    z: zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' }),
    now: moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' }),
    old: moUser('arjun@acme.in', { id: 'old-arjun', name: 'Arjun M. (old)', extension: '23', active: false }),
  });

  it('a call of an agent whose e-mail two Zoho users hold: a warning saying where it goes is unconfirmed, not "attributed to nobody" because "PhoneBridge cannot choose"', async () => {
    const z = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const old = zohoUser('asha@acme.in', { name: 'Asha (old)', active: false, status: 'disabled' });
    const o = await webhook([z, old], [moUser('asha@acme.in', { name: 'Asha', extension: '11' })], { _ex: '11' }, { callId: 'c1' });
    // It was ✗ "call c1 would be attributed to nobody" and "2 Zoho users share its e-mail: PhoneBridge cannot choose.", exit 5.
    expect(o.status).toBe('warn');
    expect(o.message.split('\n')).toEqual([
      `call c1 goes to Zoho user Asha Rao <asha@acme.in> (zohouser ${z.zuid}) through the e-mail rule only if MyOperator links its agent to that user, not another Zoho user holding its e-mail`,
      'The agent is MyOperator user Asha <asha@acme.in> (found by extension).',
      '2 Zoho users hold its e-mail: Asha Rao and Asha (old) (disabled); MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several Zoho users holding one e-mail it links it to (one of them, each, or none) is unconfirmed.',
    ]);
    expect(o.hint).toBe('Make the Zoho e-mails unique, so that "asha@acme.in" is the e-mail of the one Zoho user who takes this agent\'s calls.');
    expect(o.data).toMatchObject({ cure: 'duplicate-email', zoho: null });
    // Two active holders: it goes to one of them, if either.
    const twin = zohoUser('asha@acme.in', { name: 'Asha R.' });
    const two = await webhook([z, twin], [moUser('asha@acme.in', { name: 'Asha', extension: '11' })], { _ex: '11' }, { callId: 'c1' });
    expect(two.message.split('\n')[0]).toBe(
      `call c1 goes to one of Zoho user Asha Rao <asha@acme.in> (zohouser ${z.zuid}) and Zoho user Asha R. <asha@acme.in> (zohouser ${twin.zuid}) through the e-mail rule only if MyOperator links its agent to one of them`,
    );
  });

  it("a call of an active agent whose e-mail an old phone, switched off, still holds (Arjun's ext 22 beside ext 23): a warning, not a pass, as --calls and duplicate-emails say it", async () => {
    const { z, now, old } = arjunsPhones();
    const o = await webhook([z], [now, old], { _ex: '22' }, { callId: 'c3' });
    // It was ✓ "call c3 goes to Zoho user Arjun Malhotra … through the e-mail rule", where duplicate-emails said the holders' calls may go to nobody.
    expect(o.status).toBe('warn');
    expect(o.message.split('\n')).toEqual([
      `call c3 goes to Zoho user Arjun Malhotra <arjun@acme.in> (zohouser ${z.zuid}) through the e-mail rule only if MyOperator links its agent to that user, not another holder of its e-mail: MyOperator user Arjun M. (old) (ext 23, switched off) holds its e-mail too; MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several MyOperator users holding one e-mail it links (one of them, each, or none) is unconfirmed`,
      'The agent is MyOperator user Arjun Malhotra <arjun@acme.in> (found by extension).',
      "Its e-mail is byte-identical to Zoho user Arjun Malhotra's.",
    ]);
    expect(o.hint).toBe(
      "Change or remove the e-mail of MyOperator user Arjun M. (old) (ext 23), which takes no calls, in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail (deactivating does not clear it).",
    );
    expect(o.data).toMatchObject({ zoho: { id: z.id }, via: 'email', cure: 'shared-email' });
  });

  it("an old account switched off whose e-mail an active MyOperator user holds too (Arjun's old phone): not \"switch it back on\", which fix and duplicate-emails advise against, but its e-mail to change", async () => {
    const { z, now, old } = arjunsPhones();
    const o = await webhook([z], [now, old], { _ex: '23' }, { callId: 'c9' });
    // A retired phone, as --calls says: a warning.
    expect(o.status).toBe('warn');
    // It was "… it takes no more calls until it is switched back on", and the fix line "switch it back on in MyOperator's panel".
    expect(o.message.split('\n')[0]).toBe(
      `call c9 goes to Zoho user Arjun Malhotra <arjun@acme.in> (zohouser ${z.zuid}) through the e-mail rule only if MyOperator links its agent to that user, not another holder of its e-mail, but its agent is switched off in MyOperator now: it takes no more calls; MyOperator user Arjun Malhotra (ext 22) holds Zoho user Arjun Malhotra's e-mail too, and takes their calls only if MyOperator links it rather than this one (unconfirmed)`,
    );
    expect(o.hint).toBe(
      "MyOperator user Arjun M. (old) (ext 23) is switched off (deactivated, or call availability off) and still holds \"arjun@acme.in\", as MyOperator user Arjun Malhotra (ext 22) does: rather than switch it back on (two users taking calls under one e-mail: which of them MyOperator links to the Zoho user is unconfirmed), change or remove its e-mail in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail (deactivating does not clear it).",
    );
    expect(o.data).toMatchObject({ cure: 'retired-myoperator-user' });
  });

  it("an old phone switched off with its e-mail removed, saved with the Zoho user an active phone takes now: a warning saying so, as --calls does, with no cure", async () => {
    const z = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const now = moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('', { id: 'old-arjun', name: 'Arjun M. (old)', extension: '23', active: false });
    const o = await webhook([z], [now, old], { _ex: '23' }, { callId: 'c9', mappings: [mappingOf(z, { ...old, email: 'arjun@acme.in' }, 'manual', NOW)] });
    // It was ✗ "would be attributed to nobody", with "switch it back on …, then `… fix --only 23` sets its MyOperator e-mail to "arjun@acme.in"".
    expect(o.status).toBe('warn');
    expect(o.message.split('\n')[0]).toBe(
      "call c9 would be attributed to nobody; its agent, MyOperator user Arjun M. (old) (ext 23), is switched off in MyOperator now: it takes no more calls, and MyOperator user Arjun Malhotra (ext 22) takes Zoho user Arjun Malhotra's calls now",
    );
    expect(o.hint).toBeUndefined();
    expect(o.data).toMatchObject({ cure: 'retired-myoperator-user' });
  });

  it('a switched-off agent saved with a Zoho user whose e-mail is far from its own: the cure follows the saved pair (switch on, then fix), naming no other Zoho user to map', async () => {
    const z = zohoUser('vikram.singh@acme.in', { name: 'Vikram Singh' });
    const other = zohoUser('vs.sales@acme.in', { name: 'Sales Desk', active: false, status: 'disabled' });
    const m = moUser('vs.sales@acme.in', { name: 'Vikram Singh', extension: '14', active: false });
    const mappings = [mappingOf(z, m, 'manual', NOW)];
    const cure =
      "MyOperator user Vikram Singh is switched off (deactivated, or call availability off), and fix changes active users only: switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability), then `phonebridge-sync fix --only 14` sets its MyOperator e-mail to \"vikram.singh@acme.in\".";
    const hook = await webhook([z, other], [m], { _ex: '14' }, { callId: 'c5', mappings });
    expect(hook.status).toBe('fail');
    expect(hook.hint).toBe(cure);
  });

  it('an agent whose only Zoho user differs in case: nobody, and the cure is `fix` for that agent alone; the panel once MyOperator refused that fix, as --calls says', async () => {
    const zoho = [zohoUser('Ravi@acme.in', { name: 'Ravi', id: 'z-ravi' })];
    const myoperator = [moUser('ravi@acme.in', { name: 'Ravi', extension: '12', id: 'm-ravi' })];
    const o = await webhook(zoho, myoperator, { _ex: '12' }, { callId: 'c3' });
    expect(o.status).toBe('fail');
    expect(o.message.split('\n')[0]).toBe('call c3 would be attributed to nobody');
    expect(o.hint).toBe('`phonebridge-sync fix --only 12` sets its MyOperator e-mail to "Ravi@acme.in".');
    expect(o.data).toMatchObject({ cure: 'fix' });
    const seat = { uuid: 'm-ravi', extension: '12', email: 'ravi@acme.in' };
    const historyPath = join(tmp.dir, 'default.history.jsonl');
    const line = { time: '2026-11-23T10:00:00.000Z', command: 'fix', user: 'admin', action: 'set-email', before: { zoho: { id: 'z-ravi', email: 'Ravi@acme.in' }, myoperator: seat } };
    writeFileSync(historyPath, `${JSON.stringify({ ...line, after: { myoperator: seat, target: 'Ravi@acme.in' }, result: 'not-applied', detail: 'MyOperator refused: no' })}\n`);
    const refused = await webhook(zoho, myoperator, { _ex: '12' }, { callId: 'c3', historyPath });
    expect(refused.hint).toBe(
      `MyOperator did not take the change fix sent on 2026-11-23 10:00:00 UTC (it refused: "no"): set it by hand in MyOperator's panel: Manage → Users → Ravi → e-mail, set it to "Ravi@acme.in".`,
    );
    expect(refused.data).toMatchObject({ cure: 'set-by-hand' });
  });
});

describe('duplicate-emails', () => {
  const dup = (zoho: ZohoUser[], myoperator: MyOperatorUser[]) => duplicateEmailsCheck.run({ users: async () => ({ zoho, myoperator }) } as unknown as DoctorEnv);

  it('an inactive holder is marked, and the cure is to change or remove its e-mail: deactivating it, done already, cannot clear the check', async () => {
    const o = await dup([], [moUser('arjun@acme.in', { name: 'Arjun', extension: '22' }), moUser('arjun@acme.in', { id: 'old-arjun', name: 'Arjun (old)', extension: '23', active: false })]);
    expect(o.status).toBe('fail');
    // Each holder as a person knows it: it was "MyOperator: arjun@acme.in — m7, old-arjun (inactive)", uuids alone.
    expect(o.message).toBe(
      [
        "1 e-mail shared within one side, so PhoneBridge, which attributes calls by e-mail, may give its holders' calls to the wrong user or to nobody:",
        'MyOperator: arjun@acme.in',
        '  Arjun (ext 22) <arjun@acme.in>',
        '  Arjun (old) (ext 23) <arjun@acme.in> (inactive)',
        // What is known of PhoneBridge with two MyOperator holders of one e-mail, and what is not, as --webhook and --calls say it.
        'MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several MyOperator users holding one e-mail it links (one of them, each, or none) is unconfirmed.',
      ].join('\n'),
    );
    expect(o.hint).toBe(
      "MyOperator user Arjun (old) (ext 23) <arjun@acme.in> is inactive already and still holds the e-mail, which deactivating does not clear: change or remove its e-mail (in MyOperator's panel: Manage → Users → Arjun (old) → e-mail), then map the right one with `phonebridge-sync map`.",
    );
    // The panel path in the words of every other hint ("in MyOperator's panel: Manage → Users → … → e-mail"): it was "in MyOperator: Manage → Users → the user → e-mail".
  });

  it('holders that would read alike (a name and e-mail twice, no name) are told apart by their id, and only they; e-mails differing in case are each shown', async () => {
    const o = await dup(
      [
        zohoUser('sam@acme.in', { id: 'z-sam-1', name: 'Sam' }),
        zohoUser('sam@acme.in', { id: 'z-sam-2', name: 'Sam' }),
        zohoUser('Priya@acme.in', { id: 'z-priya-1', name: 'Priya' }),
        zohoUser('priya@acme.in', { id: 'z-priya-2', name: 'Priya' }),
        zohoUser('ops@acme.in', { id: 'z-ops-1' }),
        zohoUser('ops@acme.in', { id: 'z-ops-2' }),
      ],
      [moUser('desk@acme.in', { id: 'm-desk-1', name: 'Front Desk', extension: '10' }), moUser('desk@acme.in', { id: 'm-desk-2', name: 'Front Desk', extension: '10', active: false })],
    );
    expect(o.message.split('\n').slice(1)).toEqual([
      'Zoho: ops@acme.in',
      '  ops@acme.in (id z-ops-1)',
      '  ops@acme.in (id z-ops-2)',
      'Zoho: priya@acme.in (up to case, spaces, invisible or look-alike characters)',
      '  Priya <Priya@acme.in>',
      '  Priya <priya@acme.in>',
      'Zoho: sam@acme.in',
      '  Sam <sam@acme.in> (id z-sam-1)',
      '  Sam <sam@acme.in> (id z-sam-2)',
      'MyOperator: desk@acme.in',
      '  Front Desk (ext 10) <desk@acme.in> (uuid m-desk-1)',
      '  Front Desk (ext 10) <desk@acme.in> (uuid m-desk-2, inactive)',
      // Of Zoho's exact holders too, as --calls and --webhook say it: "two Zoho holders get none" was said as a fact.
      'MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several Zoho users holding one e-mail it links it to (one of them, each, or none) is unconfirmed.',
      'MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several MyOperator users holding one e-mail it links (one of them, each, or none) is unconfirmed.',
    ]);
  });

  it('says what sharing does (calls go by e-mail), and a cure that clears it: deactivating an old account, offered, then failed the same check', async () => {
    const active = [moUser('arjun@acme.in', { name: 'Arjun', extension: '22' }), moUser('arjun@acme.in', { id: 'old-arjun', name: 'Arjun (old)', extension: '23' })];
    const o = await dup([], active);
    // "so calls may go to the wrong agent": which agent a call rings is MyOperator's routing, not an e-mail's.
    expect(o.message.split('\n')[0]).toBe("1 e-mail shared within one side, so PhoneBridge, which attributes calls by e-mail, may give its holders' calls to the wrong user or to nobody:");
    expect(o.hint).toBe('Give each user a distinct e-mail (an old account too: deactivated, it still holds the e-mail), then map the right one with `phonebridge-sync map`.');
    // The cure it gave was "or deactivate the old account"; followed, the check still fails, and says deactivating does not clear it.
    const deactivated = await dup([], [active[0]!, { ...active[1]!, active: false }]);
    expect(deactivated.status).toBe('fail');
    expect(deactivated.hint).toMatch(/which deactivating does not clear/);
  });

  it('beside a group of active holders, each cure is said: distinct e-mails for those, the e-mail of the inactive one', async () => {
    const o = await dup([zohoUser('sam@acme.in'), zohoUser('sam@acme.in')], [moUser('arjun@acme.in'), moUser('arjun@acme.in', { id: 'old-arjun', name: 'Arjun (old)', extension: '23', active: false })]);
    expect(o.hint).toBe(
      "Give each user a distinct e-mail (an old account too: deactivated, it still holds the e-mail); MyOperator user Arjun (old) (ext 23) <arjun@acme.in> is inactive already and still holds the e-mail, which deactivating does not clear: change or remove its e-mail (in MyOperator's panel: Manage → Users → Arjun (old) → e-mail), then map the right one with `phonebridge-sync map`.",
    );
  });
});

describe("mapping-health's prune cure beside a pair whose MyOperator e-mail was retyped", () => {
  const health = (zoho: ZohoUser[], myoperator: MyOperatorUser[], mappings: Mapping[]) =>
    mappingHealthCheck.run({
      mappings: () => ({ mappings, ignored: [] }),
      users: async () => ({ zoho, myoperator }),
      // As doctor builds them: the step naming fix counts fix's plan (a stub without it hid behind a
      // catch-all), and the pairs not saved yet are resync's plan on the same match.
      report: async () => matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }, { zoho, myoperator }) }),
      fixPlan: async () => planFix({ zoho, myoperator, mappings, report: matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }) }) }),
      ctx: { now: () => new Date('2026-11-25T10:00:00.000Z') },
    } as unknown as DoctorEnv);
  const imran = zohoUser('imran@acme.in', { name: 'Imran' });
  const seat = moUser('imran@acme.in', { name: 'Imran', extension: '28' });
  // Retyped in MyOperator since it was mapped: often still Imran, and fix sets it back once named.
  const retyped = { ...seat, email: 'rohit@acme.in' };
  const asha = zohoUser('asha@acme.in', { name: 'Asha' });
  const gone = moUser('asha@acme.in', { name: 'Asha', extension: '11' });
  const at = '2026-11-24T10:00:00.000Z';

  it('with no other stale pair, `resync --prune` is not offered: pasted, it removed the pair fix --only would set back', async () => {
    const o = await health([imran], [retyped], [mappingOf(imran, seat, 'auto', at)]);
    expect(o.hint).toContain('a pair whose MyOperator user holds another e-mail than the one it was recorded with is set only where it is still the same person');
    expect(o.hint).not.toContain('changed since');
    expect(o.hint).not.toContain('resync --prune');
  });

  it('beside a pair whose user is gone, the prune is said to remove the retyped pair too', async () => {
    const o = await health([imran, asha], [retyped], [mappingOf(imran, seat, 'auto', at), mappingOf(asha, gone, 'auto', at)]);
    expect(o.hint).toContain(
      '`phonebridge-sync resync --prune` removes stale mappings, after checking that both sides returned users and that no more than --max-prune 10 go, also the 1 whose e-mail alone changed: first `fix --only` it where it is still the same person',
    );
  });

  it('a side that listed nobody: its pairs are not said to have lost their users, and no prune is offered, which resync refuses then', async () => {
    const mappings = [mappingOf(imran, seat, 'auto', at), mappingOf(asha, gone, 'auto', at)];
    for (const [side, zoho, myoperator] of [
      ['MyOperator', [imran, asha], []],
      ['Zoho', [], [seat, gone]],
    ] as const) {
      const o = await health([...zoho], [...myoperator], mappings);
      // It read "stale: imran@acme.in → imran@acme.in: the MyOperator user no longer exists" for each,
      // with "`phonebridge-sync resync --prune` removes stale mappings …", which resync then refused.
      expect(o.status).toBe('fail');
      expect(o.message).toBe(`2 saved mappings not checked: ${side} returned no users at all`);
      // Its fix named resync too ("`phonebridge-sync resync` prunes nothing while a side lists nobody"), a run that then saved nothing.
      expect(o.hint).toBe(
        `${side} listing nobody is far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it: check which account that side's login belongs to and what it may list, before anything else (${side === 'Zoho' ? 'zoho-api' : 'myoperator-api'} says what that login sees).`,
      );
    }
    // Both empty: it named Zoho alone, "2 saved mappings not checked: Zoho returned no users at all", and its fix "Zoho listing nobody".
    expect(await health([], [], mappings)).toEqual({
      status: 'fail',
      message: '2 saved mappings not checked: Zoho and MyOperator returned no users at all',
      // The cause the runner counts once with the checks of users, and the two it is made of.
      reason: 'not checked: Zoho and MyOperator returned no users at all',
      madeOf: ['not checked: Zoho returned no users at all', 'not checked: MyOperator returned no users at all'],
      hint: "Zoho and MyOperator listing nobody is far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it: check which account each side's login belongs to and what it may list, before anything else (zoho-api and myoperator-api say what each login sees).",
      data: { notChecked: 2, emptySide: 'both' },
    });
  });

  it('no saved mappings and a side listing nobody: the fix is that side\'s login, not a resync that would save nothing', async () => {
    // It said "Save the first mappings with `phonebridge-sync resync`", and resync then said "Nothing to change. 0 added".
    for (const [side, id, zoho, myoperator] of [
      ['MyOperator', 'myoperator-api', [imran], []],
      ['Zoho', 'zoho-api', [], [seat]],
    ] as const)
      expect(await health([...zoho], [...myoperator], [])).toEqual({
        status: 'skip',
        message: 'no saved mappings yet',
        hint: `Nothing can be mapped while ${side} lists nobody: check which account ${side}'s login belongs to and what it may list (${id} says what that login sees).`,
      });
    expect(await health([], [], [])).toEqual({
      status: 'skip',
      message: 'no saved mappings yet',
      hint: "Nothing can be mapped while Zoho and MyOperator list nobody: check which account each side's login belongs to and what it may list (zoho-api and myoperator-api say what each login sees).",
    });
    // Both sides listing someone, the resync is the fix still.
    expect((await health([imran], [seat], [])).hint).toBe('Save the first mappings with `phonebridge-sync resync`.');
  });

  it('past the default --max-prune, the prune offered is one that is not refused', async () => {
    // Eleven Zoho users each mapped to a MyOperator user who has left: a bare `resync --prune`, pasted, was refused (exit 5).
    const left = Array.from({ length: 11 }, (_, i) => zohoUser(`left${i}@acme.in`, { name: `Left ${i}` }));
    const seats = left.map((z, i) => moUser(z.email, { name: z.name, extension: String(40 + i) }));
    const o = await health(left, [moUser('boss@acme.in', { name: 'Boss', extension: '10' })], left.map((z, i) => mappingOf(z, seats[i]!, 'auto', at)));
    expect(o.hint).toContain('`phonebridge-sync resync --prune --max-prune 11` removes stale mappings, after checking that both sides returned users and that no more than --max-prune 11 go');
  });

  it('one pair matching exactly, not saved: said in the singular, beside the prune, which saves it too', async () => {
    const o = await health([imran, asha], [seat, gone], [mappingOf(asha, gone, 'auto', at)]);
    expect(o.status).toBe('warn');
    expect(o.message).toBe('1 mapping, all current; 1 pair whose e-mails match exactly is not saved as a mapping yet');
    expect(o.hint).toBe('`phonebridge-sync resync` saves the pair not saved yet.');
    expect(o.data).toEqual({ problems: [], unsaved: 1 });
    // Asha's seat gone: her pair is stale, and the resync that prunes it saves Imran's.
    const stale = await health([imran, asha], [seat], [mappingOf(asha, gone, 'auto', at)]);
    expect(stale.message.split('\n')).toEqual([expect.stringMatching(/^stale: asha@acme\.in → /), '1 pair whose e-mails match exactly is not saved as a mapping yet']);
    expect(stale.hint).toMatch(/^`phonebridge-sync resync --prune` removes stale mappings, .* `phonebridge-sync resync`, with --prune or without, saves the pair not saved yet\.$/);
  });
});

describe('a check that cannot run for what it needs (the clients, the mappings) gives the fix that came with the refusal', () => {
  // It said "skipped: The sandbox's state file … has …" with no fix line, and the checks after it
  // "for the same reason": nobody was told to put the file right or remove it.
  const clientsRefused = [
    new UsageError(
      'The sandbox\'s state file /cfg/sandbox/sandbox-state.json has "enabled": "all", which is not an object of MyOperator uuids, each "1" or true (takes calls) or "0" or false (switched off).',
      'Put it right there, or `rm /cfg/sandbox/sandbox-state.json` starts the demo from day one.',
    ),
    new UsageError('PHONEBRIDGE_HTTP_TIMEOUT_MS="0" would give every request 0 ms to answer: it is not "no limit" here.', 'Unset it for the default (15 s), or give the milliseconds to wait, e.g. 30000.'),
    new UsageError('PHONEBRIDGE_ZOHO_API_URL="ftp://x" is not an http or https URL.', 'Give it the base URL of the API (or of a proxy to it), e.g. https://proxy.example:8443, or unset it.'),
  ];
  it.each([zohoTokenCheck, zohoApiCheck, zohoPhoneBridgeCheck].map((c) => [c.id, c] as const))('%s, when the clients cannot be made', async (_id, check) => {
    for (const e of clientsRefused) {
      const o = await check.run(usersEnv([], [], { clients: () => Promise.reject(e) }));
      expect(o).toEqual({ status: 'fail', message: `cannot check: ${e.message}`, hint: e.hint });
    }
  });

  const mappingsRefused = new StorageError('Cannot read the mappings file /cfg/mappings/default.json: permission denied.', 'Run `chmod u+r /cfg/mappings/default.json`, then run again.');
  it.each([mappingHealthCheck, mismatchesCheck, oneSideOnlyCheck, webhookCheck].map((c) => [c.id, c] as const))('%s, when the mappings cannot be read', async (_id, check) => {
    const tmp = tempDir();
    try {
      // A call the webhook check judges (answered, its agent named), so that it asks for the mappings.
      const call = join(tmp.dir, 'call.json');
      writeFileSync(call, JSON.stringify({ _ci: 'c1', _ld: [{ _ds: 'ANSWER', _rr: [{ _ex: '11' }] }] }));
      const o = await check.run(
        usersEnv([], [], {
          webhookFile: call,
          mappings: () => {
            throw mappingsRefused;
          },
        }),
      );
      expect(o).toEqual({ status: 'fail', message: `cannot check: ${mappingsRefused.message}`, hint: mappingsRefused.hint });
    } finally {
      tmp.cleanup();
    }
  });

  // A check of users was told "Run with --verbose for details.", which shows nothing more of a refusal.
  it('a refusal with no fix of its own gets none made up, by a check of the clients or of the users', async () => {
    const refused = () => Promise.reject(new AuthError('Zoho refused the client.'));
    expect(await zohoTokenCheck.run(usersEnv([], [], { clients: refused }))).toStrictEqual({ status: 'fail', message: 'cannot check: Zoho refused the client.' });
    expect(await zohoEmailsCheck.run(usersEnv([], [], { sideUsers: refused } as Partial<DoctorEnv>))).toStrictEqual({ status: 'fail', message: 'cannot check: Zoho refused the client.' });
  });

  // A bug is no refusal: it was "– zoho-token: skipped: Cannot read properties of undefined …", as
  // quiet as a check with nothing to do; thrown, the runner shows it as the check itself failing.
  it.each([zohoTokenCheck, zohoApiCheck, zohoPhoneBridgeCheck].map((c) => [c.id, c] as const))('%s, when making the clients meets a bug, throws it rather than skip', async (_id, check) => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'dc')");
    await expect(check.run(usersEnv([], [], { clients: () => Promise.reject(bug) }))).rejects.toBe(bug);
  });
});
