import { describe, expect, it } from '@jest/globals';
import { render } from '@inquirer/testing';
import { search } from '@inquirer/prompts';
import { matchUsers } from '../../src/core/match.js';
import { IGNORE, mapPrompt, SKIP } from '../../src/ui/map-flow.js';
import { moUser, zohoUser } from '../support/builders.js';
import type { MyOperatorUser } from '../../src/core/users.js';

const everyone = [
  moUser('front@acme.in', { name: 'Front Desk', extension: '10' }),
  moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '14' }),
  moUser('zed@acme.in', { name: 'Zed Night', extension: '15' }),
];
const z = zohoUser('Ravi.Kumar@acme.in', { name: 'Ravi Kumar' });
const result = matchUsers({ zoho: [z], myoperator: everyone }).results.find((r) => r.zoho?.id === z.id)!;

describe('the map prompt', () => {
  it('shows the Zoho user, why, and the suggested candidate first with confidence and reasons; Enter picks it', async () => {
    const { answer, events, getScreen } = await render(search, mapPrompt(result, everyone, 0, 3));
    const screen = getScreen();
    expect(screen).toContain('[1/3] Ravi Kumar <Ravi.Kumar@acme.in>: mismatch — Letter case differs');
    const lines = screen.split('\n');
    const star = lines.findIndex((l) => l.includes('★ Ravi Kumar <ravi.kumar@acme.in> · ext 14 (95%: case)'));
    const skip = lines.findIndex((l) => l.includes('Skip for now'));
    const other = lines.findIndex((l) => l.includes('Front Desk <front@acme.in> · ext 10'));
    expect(star).toBeGreaterThanOrEqual(0);
    expect(star).toBeLessThan(skip);
    expect(skip).toBeLessThan(other);
    events.keypress('enter');
    expect(await answer).toBe(everyone[1]!.id);
  });

  it('shows a look-alike character in an e-mail as its code point, so a Cyrillic "а" is not taken for a Latin one', async () => {
    const lookalike = [moUser('\u0430nil.mehta@acme.in', { name: 'Anil Mehta', extension: '15' })];
    const anil = zohoUser('anil.mehta@acme.in', { name: 'Anil Mehta' });
    const r = matchUsers({ zoho: [anil], myoperator: lookalike }).results.find((x) => x.zoho?.id === anil.id)!;
    const { answer, events, getScreen } = await render(search, mapPrompt(r, lookalike, 0, 1));
    expect(getScreen()).toContain('★ Anil Mehta <<U+0430>nil.mehta@acme.in> · ext 15');
    // The reason quotes the character by name and code point; no e-mail shows it raw.
    expect(getScreen()).not.toContain('\u0430nil');
    events.keypress('enter');
    await answer;
  });

  it("breaks the question between words for the terminal's width, the lines after the first under it", () => {
    const lookalike = [moUser('\u0430nil.mehta@acme.in', { name: 'Anil Mehta', extension: '15' })];
    const anil = zohoUser('anil.mehta@acme.in', { name: 'Anil Mehta' });
    const r = matchUsers({ zoho: [anil], myoperator: lookalike }).results.find((x) => x.zoho?.id === anil.id)!;
    const lines = mapPrompt(r, lookalike, 0, 1, new Map(), 60).message.split('\n');
    expect(lines.length).toBeGreaterThan(2);
    // "? " comes before the first line, so it fits in 58 columns; the others, indented, in 60. No word is cut.
    expect(lines[0]!.length).toBeLessThanOrEqual(58);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('MyOperator e-mail has "\u0430" (U+0430, Cyrillic), which looks like Latin "a" at the start');
  });

  it('breaks a choice wider than the screen between words, and answers on a line of its own', async () => {
    const lookalike = [moUser('\u0430nil.mehta@acmetraders.in', { name: 'Anil Mehta', extension: '15' })];
    const anil = zohoUser('anil.mehta@acmetraders.in', { name: 'Anil Mehta' });
    const r = matchUsers({ zoho: [anil], myoperator: lookalike }).results.find((x) => x.zoho?.id === anil.id)!;
    const { answer, events, getScreen } = await render(search, mapPrompt(r, lookalike, 0, 1, new Map(), 80));
    const lines = getScreen().split('\n');
    const star = lines.findIndex((l) => l.includes('★ Anil Mehta <<U+0430>nil.mehta@acmetraders.in> · ext 15 (85%:'));
    expect(star).toBeGreaterThanOrEqual(0);
    // Further in than choices start, so a tail shown alone at the top of a page is not taken for one.
    expect(lines[star + 1]).toBe('    confusable-character)');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    events.keypress('enter');
    expect(await answer).toBe(lookalike[0]!.id);
    expect(getScreen()).toMatch(/\(type to search\)\n {2}→ Anil Mehta <<U\+0430>nil\.mehta@acmetraders\.in>/);
  });

  it("an ambiguous user's heading says the choice is made below, not that `map` asks which: the person is in map already", () => {
    const twins = [moUser('arjun@acme.in', { id: 'u-22', name: 'Arjun', extension: '22' }), moUser('arjun@acme.in', { id: 'u-23', name: 'Arjun (old)', extension: '23' })];
    const arjun = zohoUser('arjun@acme.in', { name: 'Arjun' });
    const r = matchUsers({ zoho: [arjun], myoperator: twins }).results.find((x) => x.zoho?.id === arjun.id)!;
    // match, resync and doctor show the reason as it is, pointing to `map`.
    expect(r.reasons[0]!.message).toContain('choose one by hand (`map` asks which)');
    expect(mapPrompt(r, twins, 0, 1).message).toBe(
      '[1/1] Arjun <arjun@acme.in>: ambiguous — 2 MyOperator users have exactly this e-mail: Arjun (ext 22) and Arjun (old) (ext 23); choose which one below is theirs\n  Map to which MyOperator user? (type to search)',
    );
  });

  it("heads the phone on duty's question with both its reasons, the case and the switched-off old phone holding the e-mail, broken within 80 columns", () => {
    // It gave the case reason alone: why `fix` will not set this one (ext 23 holds the e-mail) was
    // on no line of the question.
    const z = zohoUser('arjun.malhotra@acmetraders.in', { name: 'Arjun Malhotra' });
    const phones = [
      moUser('Arjun.Malhotra@acmetraders.in', { id: 'u-22', name: 'Arjun Malhotra', extension: '22' }),
      moUser('arjun.malhotra@acmetraders.in', { id: 'u-23', name: 'Arjun M. (old)', extension: '23', active: false }),
    ];
    const r = matchUsers({ zoho: [z], myoperator: phones }).results.find((x) => x.zoho?.id === z.id)!;
    expect(r.status).toBe('mismatch');
    const lines = mapPrompt(r, phones, 0, 9, new Map(), 80).message.split('\n');
    expect(lines[0]!.length).toBeLessThanOrEqual(78);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(
      '[1/9] Arjun Malhotra <arjun.malhotra@acmetraders.in>: mismatch — Letter case differs at positions 1 ("a" in Zoho, "A" in MyOperator), 7 ("m" in Zoho, "M" in MyOperator); PhoneBridge compares e-mails case-sensitively; ' +
        "MyOperator user Arjun M. (old) (ext 23, switched off) still has this e-mail exactly, and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets the e-mail of Arjun Malhotra (ext 22)",
    );
  });

  it("heads a question with the first reason alone where the others are the ★ choice's codes (same-name beside a typo)", () => {
    const z = zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' });
    const phone = [moUser('deepak.vemra@acme.in', { name: 'Deepak Verma', extension: '18' })];
    const r = matchUsers({ zoho: [z], myoperator: phone }).results.find((x) => x.zoho?.id === z.id)!;
    expect(r.reasons.map((x) => x.code)).toEqual(['local-part-typo', 'same-name']);
    expect(mapPrompt(r, phone, 0, 1).message).toBe(
      '[1/1] Deepak Verma <deepak.verma@acme.in>: suggested — Local parts differ by one typo: Zoho "deepak.verma", MyOperator "deepak.vemra" ("rm" and "mr" swapped at position 10)\n  Map to which MyOperator user? (type to search)',
    );
  });

  it('typing searches by name, e-mail or extension', async () => {
    const { answer, events, getScreen } = await render(search, mapPrompt(result, everyone, 0, 1));
    events.type('15');
    await new Promise((r) => setTimeout(r, 50));
    expect(getScreen()).toContain('Zed Night');
    expect(getScreen()).not.toContain('Front Desk');
    events.keypress('enter');
    expect(await answer).toBe(everyone[2]!.id);
  });

  it('offers skip and never-map', async () => {
    const { answer, events } = await render(search, mapPrompt(result, everyone, 0, 1));
    events.keypress('down');
    events.keypress('enter');
    expect(await answer).toBe(SKIP);
    const second = await render(search, mapPrompt(result, everyone, 0, 1));
    second.events.keypress('down');
    second.events.keypress('down');
    second.events.keypress('enter');
    expect(await second.answer).toBe(IGNORE);
  });
});

describe('the map prompt keeps doubtful mappings one deliberate step away', () => {
  it('starts on "Skip for now" when the only candidate is inactive: Enter skips', async () => {
    const inactive = [moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '14', active: false }), everyone[0]!];
    const r = matchUsers({ zoho: [z], myoperator: inactive }).results.find((x) => x.zoho?.id === z.id)!;
    const { answer, events, getScreen } = await render(search, mapPrompt(r, inactive, 0, 1));
    expect(getScreen()).toMatch(/❯ Skip for now/);
    expect(getScreen()).toContain('★ Ravi Kumar <ravi.kumar@acme.in> · ext 14 · INACTIVE');
    events.keypress('enter');
    expect(await answer).toBe(SKIP);
  });

  it('starts on "Skip for now" when the candidate is only 50% likely', async () => {
    const other = [moUser('rk.sales@gmail.com', { name: 'Ravi Kumar', extension: '14' })];
    const r = matchUsers({ zoho: [z], myoperator: other }).results.find((x) => x.zoho?.id === z.id)!;
    expect(r.candidates[0]!.confidence).toBeLessThan(0.8);
    const { answer, events } = await render(search, mapPrompt(r, other, 0, 1));
    events.keypress('enter');
    expect(await answer).toBe(SKIP);
  });

  it('marks MyOperator users already mapped to someone else, and does not default to one', async () => {
    const { answer, events, getScreen } = await render(search, mapPrompt(result, everyone, 0, 1, new Map([[everyone[1]!.id, 'r.kumar@acme.in']])));
    expect(getScreen()).toContain('★ Ravi Kumar <ravi.kumar@acme.in> · ext 14 · mapped to r.kumar@acme.in');
    expect(getScreen()).toMatch(/❯ Skip for now/);
    events.keypress('enter');
    expect(await answer).toBe(SKIP);
  });

  /**
   * Arjun's question with his old phone (ext 23, switched off, holding `old`, its uuid sorting
   * first as the engine gives candidates in id order) beside his phone on duty (ext 22, `now`):
   * the one on duty starred (`why`), the old phone after it unstarred, and Enter skips. Its line is returned.
   */
  async function oldPhoneLine(zoho: string, old: string, now: string, why: string): Promise<string> {
    const twins = [moUser(old, { id: 'u-21', name: 'Arjun (old)', extension: '23', active: false }), moUser(now, { id: 'u-22', name: 'Arjun', extension: '22' })];
    const arjun = zohoUser(zoho, { name: 'Arjun' });
    const r = matchUsers({ zoho: [arjun], myoperator: twins }).results.find((x) => x.zoho?.id === arjun.id)!;
    expect(r.status).toBe('ambiguous');
    const { answer, events, getScreen } = await render(search, mapPrompt(r, twins, 0, 1));
    const lines = getScreen().split('\n');
    const active = lines.findIndex((l) => l.includes(`★ Arjun <${now}> · ext 22 (${why})`));
    const line = lines.findIndex((l) => l.includes(' · ext 23 · INACTIVE'));
    expect(active).toBeGreaterThanOrEqual(0);
    expect(line).toBeGreaterThan(active);
    expect(lines[line]).not.toContain('★');
    expect(getScreen()).toMatch(/❯ Skip for now/);
    events.keypress('enter');
    expect(await answer).toBe(SKIP);
    return lines[line]!;
  }

  it('does not star a switched-off holder of the e-mail an active candidate holds too: it comes after, unstarred, saying why, and Enter skips', async () => {
    const line = await oldPhoneLine('arjun@acme.in', 'arjun@acme.in', 'arjun@acme.in', '100%: same e-mail');
    expect(line).toContain('Arjun (old) <arjun@acme.in> · ext 23 · INACTIVE (same e-mail, but switched off while Arjun (ext 22) holds it too: not suggested; change its e-mail rather than map it)');
  });

  it('does not star a switched-off candidate whose e-mail differs from an active one only in case or an invisible character: doctor counts it the same e-mail', async () => {
    for (const [zoho, old, shown] of [
      ['ARJUN@acme.in', 'arjun@acme.in', 'arjun@acme.in'],
      ['arjun@acme.in', 'Arjun\u200b@acme.in', 'Arjun<U+200B>@acme.in'],
    ] as const)
      expect(await oldPhoneLine(zoho, old, 'Arjun@acme.in', '95%: case')).toContain(
        `Arjun (old) <${shown}> · ext 23 · INACTIVE (switched off, with the e-mail Arjun (ext 22) holds up to case, spaces or look-alike characters: not suggested; change its e-mail rather than map it)`,
      );
  });
});

describe("the map prompt's search", () => {
  it('finds an e-mail holding an invisible or look-alike character by the plain text the admin types, as the screen shows it too', async () => {
    const people = [
      moUser('front@acme.in', { name: 'Front Desk', extension: '10' }),
      moUser('ravi.kumar\u200b@acme.in', { name: 'Desk 9', extension: '19' }),
      moUser('\u0430nil@acme.in', { name: 'Desk 7', extension: '17' }),
    ];
    const asha = zohoUser('asha@acme.in', { name: 'Asha' });
    const r = matchUsers({ zoho: [asha], myoperator: people }).results.find((x) => x.zoho?.id === asha.id)!;
    for (const [typed, shown, id] of [
      ['ravi.kumar@acme', 'Desk 9 <ravi.kumar<U+200B>@acme.in> · ext 19', people[1]!.id],
      ['ravi.kumar<u+200b>@', 'Desk 9 <ravi.kumar<U+200B>@acme.in> · ext 19', people[1]!.id],
      ['anil@', 'Desk 7 <<U+0430>nil@acme.in> · ext 17', people[2]!.id],
    ] as const) {
      const { answer, events, getScreen } = await render(search, mapPrompt(r, people, 0, 1));
      events.type(typed);
      await new Promise((done) => setImmediate(done));
      expect(getScreen()).toContain(`❯ ${shown}`);
      expect(getScreen()).not.toContain('Front Desk');
      events.keypress('enter');
      expect(await answer).toBe(id);
    }
  });
});

describe("the map prompt's answer, when a question comes before the mapping", () => {
  const asha = moUser('asha@acme.in', { name: 'Asha Rao', extension: '11' });
  const old = moUser('zed.old@acme.in', { name: 'Zed (old)', extension: '16', active: false });
  const desk = moUser('desk@acme.in', { name: 'Front Line', extension: '17' });
  const users = [...everyone, asha, old, desk];

  /**
   * What the screen keeps once `typed` is searched and picked, the caller clearing the answered
   * list when mapPrompt says a question comes first, as askEach does (Inquirer reads the context's
   * clearPromptOnDone as the prompt ends).
   */
  async function keptAfterPicking(picked: MyOperatorUser, typed: string, mappedTo: Map<string, string> = new Map(), left: Set<string> = new Set()): Promise<string> {
    let context: { clearPromptOnDone?: boolean } = {};
    const prompt = (config: Parameters<typeof search<string>>[0], given: Parameters<typeof search<string>>[1]) => search<string>(config, (context = given ?? {}));
    const { answer, events, getFullOutput } = await render(prompt, mapPrompt(result, users, 0, 1, mappedTo, 80, left, () => (context.clearPromptOnDone = true)));
    events.type(typed);
    await new Promise((done) => setImmediate(done));
    events.keypress('enter');
    expect(await answer).toBe(picked.id);
    return getFullOutput();
  }

  it('clears the answered list when the pick is mapped to another Zoho user, is switched off, or was left unmapped on purpose: a No (or Ctrl-C) at that question left "→ Asha Rao" on screen as if mapped', async () => {
    expect(await keptAfterPicking(asha, 'asha', new Map([[asha.id, 'asha.rao@acme.in']]))).not.toMatch(/→|Map to which/);
    expect(await keptAfterPicking(old, 'zed.old')).not.toMatch(/→|Map to which/);
    expect(await keptAfterPicking(desk, 'front line', new Map(), new Set([desk.id]))).not.toMatch(/→|Map to which/);
  });

  it('keeps the answered list, the record of the answer, when the pick is mapped at once', async () => {
    expect(await keptAfterPicking(asha, 'asha')).toMatch(/Map to which MyOperator user\? \(type to search\)\n {2}→ Asha Rao <asha@acme\.in>/);
  });
});

describe('the map prompt beside a Zoho user marked "never map"', () => {
  it('marks a MyOperator line whose e-mail is that Zoho user\'s, as match says it: it was offered as a plain choice', async () => {
    const arjun = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const r = matchUsers({ zoho: [arjun], myoperator: everyone }).results.find((x) => x.zoho?.id === arjun.id)!;
    const marked = new Map([[everyone[1]!.id, z]]);
    const { answer, events, getScreen } = await render(search, mapPrompt(r, everyone, 0, 1, new Map(), undefined, new Set(), () => {}, marked));
    events.type('ravi');
    await new Promise((done) => setTimeout(done, 50));
    expect(getScreen()).toContain('Ravi Kumar <ravi.kumar@acme.in> · ext 14 · e-mail of Zoho user Ravi.Kumar@acme.in, marked "never map"');
    events.keypress('enter');
    expect(await answer).toBe(everyone[1]!.id);
  });
});
