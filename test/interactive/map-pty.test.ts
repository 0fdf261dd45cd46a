/**
 * `map` at a real pseudo-terminal (node-pty), typing as a person would: the whole sandbox company
 * mapped by hand, one search typed, and Ctrl-C keeping every answer already given.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli, tempDir } from '../support/cli.js';
import { killedAfterEach, shownLines, startAtTerminal, terminals } from '../support/pty.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const ptys = terminals();
const terminal = (dir: string) => ptys.start(dir, ['map'], 160, 40);

/** The screen a 160 × 40 terminal shows after `stream`, line by line, trailing spaces trimmed. */
const shown = async (stream: string): Promise<string> => (await shownLines(stream, 160, 40)).join('\n');

const saved = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'), 'utf8')) as {
    mappings: Array<{ zoho: { email: string }; myoperator: { email: string }; how: string }>;
  };

describe('map at a real terminal', () => {
  it('maps the sandbox company: Enter takes a safe suggestion and skips a doubtful one, typing searches; the mismatches fix sets are left to fix', async () => {
    // Ambiguous, inactive and unlikely (50%, 70%) candidates: the cursor starts on "Skip for now".
    const doubtful = new Set([1, 5, 6, 7, 9]);
    const dir = join(tmp.dir, 'whole');
    const t = terminal(dir);
    let at = await t.waitFor(/4 exact matches are left for `map --auto` or `resync`/);
    // It asked about all 14, the 5 mismatches that fix sets with no mapping too, as resync's picker no longer did.
    at = await t.waitFor(
      /5 mismatches \(one address on both sides but for case, spaces or look-alike characters\) are left for\s+`phonebridge-sync [^`]+ fix`, which sets them with no mapping needed\./,
      at,
    );
    for (let k = 1; k <= 9; k++) {
      at = await t.waitFor(new RegExp(`\\[${k}/9\\]`), at);
      if (k === 3) {
        // It said "zoho-only" and no more, where match's table says why, and what the admin can do.
        const heading = "gaurav.bose@acmetraders.in>: zoho-only — no MyOperator user still unmatched resembles this one; if none below is theirs, Skip for now (add them in MyOperator first), or Never map if they take no calls";
        await t.waitFor(new RegExp(heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(' ', '\\s+')), at - 20);
        t.term.write('front');
        at = await t.waitFor(/Front Desk <reception@acmetraders\.in>/, at);
      }
      if (k !== 3) await t.waitFor(doubtful.has(k) ? /❯ Skip for now/ : /❯ ★ /, at);
      if (k === 3) await t.settled();
      else await new Promise((r) => setTimeout(r, 30));
      t.term.write('\r');
    }
    await t.waitFor(/Mapped 4, ignored 0, skipped 5\./, at);
    expect(await t.exited).toBe(0);
    expect(t.screen()).not.toMatch(/Anil Mehta <anil|Vikram Singh <vikram/);
    const mappings = saved(dir).mappings;
    expect(mappings.map((m) => m.zoho.email).sort()).toEqual(['deepak.verma@acmetraders.in', 'gaurav.bose@acmetraders.in', 'kavita.joshi@acmetraders.in', 'sunil.das+crm@acmetraders.in']);
    expect(mappings.every((m) => m.how === 'manual')).toBe(true);
    expect(mappings.find((m) => m.zoho.email === 'gaurav.bose@acmetraders.in')!.myoperator.email).toBe('reception@acmetraders.in');
  });

  it('Ctrl-C exits 130 and keeps every answer already given', async () => {
    const dir = join(tmp.dir, 'cancel');
    const t = terminal(dir);
    let at = await t.waitFor(/\[1\/9\]/);
    t.term.write('\r');
    at = await t.waitFor(/\[2\/9\]/, at);
    t.term.write('\r');
    at = await t.waitFor(/\[3\/9\]/, at);
    t.term.write('\x03');
    expect(await t.exited).toBe(130);
    // Enter on the ambiguous first one skipped it; the second mapped a safe suggestion.
    expect(saved(dir).mappings.map((m) => m.zoho.email)).toEqual(['deepak.verma@acmetraders.in']);
    // It said "(1 skipped or left as another run set them); run map again for the rest": no other run
    // was there, and "map" alone, pasted, is no command.
    await t.waitFor(/Cancelled\. Saved so far: mapped 1, ignored 0, skipped 1; `phonebridge-sync --sandbox --config-dir \S+ map` asks\s+about the rest\./);
    // The question Ctrl-C left goes, as at Esc: its list and key help stayed above "Cancelled.", as if still asking.
    const view = await shown(t.screen());
    expect(view).toMatch(/\[1\/9\] Arjun Malhotra[\s\S]*\[2\/9\] Deepak Verma[\s\S]*Cancelled\./);
    expect(view).not.toMatch(/\[3\/9\]|esc stop asking|❯/);
  });

  it('Esc stops asking: exit 0, every answer before it kept, the rest counted as skipped and said so', async () => {
    const dir = join(tmp.dir, 'esc');
    const t = terminal(dir);
    let at = await t.waitFor(/\[1\/9\][\s\S]*esc stop asking/);
    t.term.write('\r');
    at = await t.waitFor(/\[2\/9\]/, at);
    await t.waitFor(/❯ ★ /, at);
    await t.settled();
    t.term.write('\r');
    at = await t.waitFor(/\[3\/9\]/, at);
    // Typed first: Esc must leave the question whatever the search shows.
    t.term.write('kav');
    at = await t.waitFor(/kav/, at);
    t.term.write('\x1b');
    expect(await t.exited).toBe(0);
    expect(saved(dir).mappings.map((m) => m.zoho.email)).toEqual(['deepak.verma@acmetraders.in']);
    // It said "left for a later `map`", no command to paste, where Ctrl-C names the whole command.
    await t.waitFor(/Stopped at Esc: 7 Zoho users left for `phonebridge-sync --sandbox --config-dir \S+ map`\s+\(counted\s+as\s+skipped\);\s+every\s+answer\s+before\s+it\s+is\s+saved\.\s+Mapped 1, ignored 0, skipped 8\./, at);
    // What the person sees at the end, the stream played through a terminal emulator: the answers
    // given stay as their record; the question Esc left, its search and its list do not.
    const view = await shown(t.screen());
    expect(view).toContain('Stopped at Esc');
    expect(view).toMatch(/\[1\/9\] Arjun Malhotra[\s\S]*\[2\/9\] Deepak Verma/);
    expect(view).not.toMatch(/\[3\/9\]|kav|esc stop asking/);
  });

  it('Esc at the first question speaks of no answer before it', async () => {
    const dir = join(tmp.dir, 'esc-first');
    const t = terminal(dir);
    const at = await t.waitFor(/\[1\/9\][\s\S]*esc stop asking/);
    t.term.write('\x1b');
    expect(await t.exited).toBe(0);
    await t.waitFor(/Stopped at Esc: 9 Zoho users left for `phonebridge-sync --sandbox --config-dir \S+ map`\s+\(counted\s+as\s+skipped\)\.\s+Mapped 0, ignored 0, skipped 9\./, at);
    expect(t.screen()).not.toContain('every answer before it');
  });

  it('a No to moving a mapped MyOperator user asks the same Zoho user again', async () => {
    const dir = join(tmp.dir, 'move-no');
    expect((await runCli(['--config-dir', dir, '--sandbox', 'map', '--auto'])).code).toBe(0);
    const t = terminal(dir);
    let at = await t.waitFor(/\[1\/9\] Arjun Malhotra/);
    t.term.write('asha');
    at = await t.waitFor(/Asha Rao <asha\.rao@acmetraders\.in> · ext 11 · mapped to asha\.rao@acmetraders\.in/, at);
    await t.settled();
    t.term.write('\r');
    at = await t.waitFor(/Move it to\s+arjun\.malhotra@acmetraders\.in\?/, at);
    t.term.write('n');
    t.term.write('\r');
    at = await t.waitFor(/\[1\/9\] Arjun Malhotra/, at);
    // The declined pick is not left on screen as an answer: "→ Asha Rao" stood above the "No".
    const view = await shown(t.screen());
    expect(view).toMatch(/Move it to\s+arjun\.malhotra@acmetraders\.in\? No/);
    expect(view).not.toContain('→ Asha Rao');
    t.term.write('\x03');
    expect(await t.exited).toBe(130);
    expect(saved(dir).mappings.find((m) => m.zoho.email === 'asha.rao@acmetraders.in')?.myoperator.email).toBe('asha.rao@acmetraders.in');
  });
});

describe("resync's offer to map at a real terminal", () => {
  it('a refused --prune is still said, exit 5, when the person answers Yes and maps: it was exit 0 with no word of why nothing was pruned', async () => {
    const dir = join(tmp.dir, 'prune-refused-yes');
    // Day one maps Imran Qureshi; on day two he has left, so his mapping is stale and --max-prune 0 refuses it.
    expect((await runCli(['--config-dir', dir, '--sandbox', 'resync'])).code).toBe(0);
    const t = ptys.start(dir, ['--no-pager', 'resync', '--prune', '--max-prune', '0'], 160, 40);
    let at = await t.waitFor(/Map the 9 Zoho users that need a person now\? \(Y\/n\)/);
    await t.settled();
    t.term.write('\r');
    at = await t.waitFor(/\[1\/9\][\s\S]*esc stop asking/, at);
    t.term.write('\x1b');
    expect(await t.exited).toBe(5);
    await t.waitFor(/Did not prune: 1 mapping would be removed, more than --max-prune 0\./, at);
    expect(saved(dir).mappings.map((m) => m.zoho.email)).toContain('imran.qureshi@acmetraders.in');
  });

  it('a refused --prune is said before "Map … now?", so the admin answers knowing; on a No it is not said again, exit 5', async () => {
    const dir = join(tmp.dir, 'prune-refused-no');
    expect((await runCli(['--config-dir', dir, '--sandbox', 'resync'])).code).toBe(0);
    const t = ptys.start(dir, ['--no-pager', 'resync', '--prune', '--max-prune', '0'], 160, 40);
    const asked = await t.waitFor(/Map the 9 Zoho users that need a person now\? \(Y\/n\)/);
    expect(t.screen().slice(0, asked)).toMatch(/Did not prune: 1 mapping would be removed, more than --max-prune 0\.[^\n]*\r?\n[\s\S]*Map the 9 Zoho users that need a person now\?/);
    await t.settled();
    t.term.write('n\r');
    expect(await t.exited).toBe(5);
    expect(t.screen().match(/Did not prune/g)).toHaveLength(1);
    expect(saved(dir).mappings.map((m) => m.zoho.email)).toContain('imran.qureshi@acmetraders.in');
  });

  it('a No to "Map … now?" names what asks about them later (the run ended on the question), the exact matches of --no-auto apart', async () => {
    // After --no-auto it said "map asks about each of them (the 4 exact matches: map --auto)", but
    // plain map asks about the others only. The 5 mismatches fix sets are not offered at all.
    for (const [name, args, who, tail] of [
      ['offer-no', [], '9 Zoho users that need a person', ' asks about each of them'],
      // A regex's source: the sentence wraps at 160 columns.
      ['offer-no-auto', ['--no-auto'], '9 Zoho users that need a person, and the 4 exact matches,', ' asks about 9 of them, and\\s+`phonebridge-sync --sandbox --config-dir [^`]+ map --auto` maps the 4 exact matches'],
    ] as const) {
      const t = ptys.start(join(tmp.dir, name), ['--no-pager', 'resync', ...args], 160, 40);
      // After --no-auto it asked "Map the 13 Zoho users that need a person now?", 4 exact matches among them.
      const asked = await t.waitFor(new RegExp(`Map the ${who} now\\? \\(Y/n\\)`));
      await t.settled();
      t.term.write('n\r');
      expect(await t.exited).toBe(0);
      await t.waitFor(new RegExp(`Left for later: \`phonebridge-sync --sandbox --config-dir [^\`]+ map\`${tail}\\.`), asked);
      // Said once: the closing line above the question ended "the other 9 need a person: `… map`.", and
      // "Left for later: `… map` asks about each of them." came next.
      expect(t.screen().match(/phonebridge-sync --sandbox --config-dir [^`]+ map`/g)).toHaveLength(1);
    }
  });

  it('a No when every unresolved user is an exact match (--no-auto, the others ignored) names `map --auto`, not a `map` that has nothing to ask', async () => {
    const dir = join(tmp.dir, 'offer-no-exact-only');
    const report = JSON.parse((await runCli(['--sandbox', '--config-dir', dir, 'match', '--json'])).stdout) as { results: Array<{ status: string; zoho: { id: string; email: string } | null }> };
    const ignored = report.results.filter((r) => r.zoho && r.status !== 'exact').map((r) => ({ zohoId: r.zoho!.id, email: r.zoho!.email, at: '2026-12-01T00:00:00.000Z' }));
    mkdirSync(join(dir, 'sandbox', 'mappings'), { recursive: true });
    writeFileSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'), JSON.stringify({ version: 1, mappings: [], ignored }));
    const t = ptys.start(dir, ['--no-pager', 'resync', '--no-auto'], 160, 40);
    const asked = await t.waitFor(/Map the 4 unresolved Zoho users now\? \(Y\/n\)/);
    await t.settled();
    t.term.write('n\r');
    expect(await t.exited).toBe(0);
    await t.waitFor(/Left for later: `phonebridge-sync --sandbox --config-dir [^`]+ map --auto` maps the 4 exact matches\./, asked);
    // What it names does what it says; a plain map has nothing to ask.
    const map = await runCli(['--sandbox', '--config-dir', dir, 'map', '--auto']);
    expect(map.code).toBe(0);
    expect(saved(dir).mappings).toHaveLength(4);
  });

  /** resync --no-auto in `name`, Yes to the offer: at its first question, where the exact matches are asked about too. */
  const noAutoPicker = async (name: string) => {
    const t = ptys.start(join(tmp.dir, name), ['--no-pager', 'resync', '--no-auto'], 160, 40);
    const offered = await t.waitFor(/Map the 9 Zoho users that need a person, and the 4 exact matches, now\? \(Y\/n\)/);
    await t.settled();
    t.term.write('\r');
    // `start`: where the first question begins. The picker draws it more than once, and `at` (the
    // end of the last drawing read) may already be past every drawing of its cursor line.
    const start = await t.waitFor(/\[1\/13\]/, offered);
    return { t, start, at: await t.waitFor(/\[1\/13\][\s\S]*esc stop asking/, offered) };
  };

  it('after --no-auto, Esc counts the exact matches apart, for `map --auto`: the `map` it names does not ask about them', async () => {
    const { t, at } = await noAutoPicker('no-auto-esc');
    t.term.write('\x1b');
    expect(await t.exited).toBe(0);
    await t.waitFor(/Stopped at Esc: 9 Zoho users left for `phonebridge-sync --sandbox --config-dir \S+ map`,\s+and\s+4\s+exact\s+matches\s+left\s+for\s+`map --auto`\s+or\s+`resync`\s+\(counted\s+as\s+skipped\)\.\s+Mapped 0, ignored 0, skipped 13\./, at);
  });

  it("the sandbox's day moves on after a first --no-auto whose picker saved a mapping, as after any resync that leaves one saved", async () => {
    const { t, start, at } = await noAutoPicker('no-auto-day');
    // Arjun Malhotra first (ambiguous: Enter skips), then Asha Rao, whose exact match Enter maps.
    await t.waitFor(/❯ Skip for now/, start);
    await t.settled();
    t.term.write('\r');
    const second = await t.waitFor(/\[2\/13\]/, at);
    await t.waitFor(/❯ ★ Asha Rao/, second);
    await t.settled();
    t.term.write('\r');
    await t.waitFor(/\[3\/13\]/, second);
    await t.settled();
    t.term.write('\x1b');
    expect(await t.exited).toBe(0);
    expect(saved(join(tmp.dir, 'no-auto-day')).mappings.map((m) => m.zoho.email)).toEqual(['asha.rao@acmetraders.in']);
    // Day two: Nikhil Jain has joined, an exact match to add. It stayed day one, with no new hire.
    const next = await runCli(['--config-dir', join(tmp.dir, 'no-auto-day'), '--sandbox', 'resync', '--dry-run']);
    expect(next.stdout).toMatch(/^added\t\d+\tnikhil\.jain@acmetraders\.in\t/m);
  });

  it('after --no-auto, Ctrl-C sends the exact matches to `map --auto` too, not only to "map again"', async () => {
    const { t, at } = await noAutoPicker('no-auto-ctrl-c');
    t.term.write('\x03');
    expect(await t.exited).toBe(130);
    await t.waitFor(/Cancelled\.\s+No\s+answer\s+was\s+given;\s+`phonebridge-sync --sandbox --config-dir \S+ map`\s+asks\s+about\s+the\s+rest\s+\(`map --auto`\s+or\s+`resync`\s+for\s+the\s+4\s+exact\s+matches\s+among\s+them,\s+which\s+map\s+does\s+not\s+ask\s+about\)\./, at);
  });

  it('--fail-on-unresolved gets its verdict, exit 5, with no offer to map: answered Yes and Esc, the run ended exit 0 with 14 users unresolved', async () => {
    const dir = join(tmp.dir, 'fail-on-unresolved');
    const t = ptys.start(dir, ['--no-pager', 'resync', '--fail-on-unresolved'], 160, 40);
    await t.waitFor(/14 active Zoho users are left unresolved|Map the \d+ \D+ now\?/);
    expect(t.screen()).not.toMatch(/Map the \d+ \D+ now\?/);
    expect(await t.exited).toBe(5);
  });
});

describe("map's yes/no questions at a real terminal", () => {
  it('break between words at 80 columns, every e-mail whole: "Replace that mapping?" was cut mid-word by the terminal ("MyOpera" / "tor")', async () => {
    const dir = join(tmp.dir, 'replace-80');
    expect((await runCli(['--config-dir', dir, '--sandbox', 'map', '--zoho', 'meena.iyer@acmetraders.in', '--myoperator', '13'])).code).toBe(0);
    // Ext 10 is nobody's likely match: the question is the replacement's alone.
    const t = ptys.start(dir, ['map', '--zoho', 'meena.iyer@acmetraders.in', '--myoperator', '10'], 80, 24);
    await t.waitFor(/\(y\/N\)/);
    await new Promise((r) => setTimeout(r, 250));
    const lines = await shownLines(t.screen(), 80, 24);
    const first = lines.findIndex((l) => l.startsWith('? Zoho user'));
    const last = lines.findIndex((l) => l.includes('(y/N)'));
    expect(first).toBeGreaterThanOrEqual(0);
    const question = lines.slice(first, last + 1);
    // Joined with a space, lines broken between words give the sentence back; a word cut by the terminal does not.
    expect(question.join(' ').replace(/\s+/g, ' ')).toBe(
      '? Zoho user meena.iyer@acmetraders.in (id 4815900000000123757) is mapped to MyOperator user meena.iyer@acmetraders.in<U+0020> (ext 13, id s5f3a4c099b24). Replace that mapping? (y/N)',
    );
    expect(question.length).toBeGreaterThan(1);
    t.term.write('n');
    t.term.write('\r');
    expect(await t.exited).toBe(0);
  });
});

describe("another Zoho user's likely match given to map --zoho at a terminal", () => {
  it("is asked, the commands it quotes acting on this run's config dir as off a terminal; answered Yes, only the undo follows", async () => {
    const dir = join(tmp.dir, 'slip-asked');
    const t = ptys.start(dir, ['map', '--zoho', 'deepak.verma@acmetraders.in', '--myoperator', '21'], 400, 40);
    await t.waitFor(/\(y\/N\)/);
    await t.settled();
    // The question quoted `phonebridge-sync map --zoho …` bare: pasted, it mapped in the default config.
    expect(t.screen()).toContain(`\`phonebridge-sync --sandbox --config-dir ${dir} map --zoho neha.k@acmetraders.in --myoperator 21\` maps that pair instead`);
    expect(t.screen()).toContain('Map Deepak Verma to it all the same? (y/N)');
    const at = t.screen().length;
    t.term.write('y');
    t.term.write('\r');
    expect(await t.exited).toBe(0);
    const after = t.screen().slice(at);
    expect(after).toContain(`If this pairing is a slip, \`phonebridge-sync --sandbox --config-dir ${dir} map --unmap deepak.verma@acmetraders.in\` undoes it.`);
    expect(after).not.toContain('Warning:');
  });
});

describe('map at a terminal with its output piped', () => {
  const open = killedAfterEach();
  it('says which stream is not a terminal, not "no terminal" to the person typing at one', async () => {
    const dir = join(tmp.dir, 'piped');
    // `map | cat`, as `map | tee log` would be: standard input and error are the terminal.
    const run = startAtTerminal(['/bin/sh', '-c', '"$0" "$1" --config-dir "$2" --sandbox map | cat', process.execPath, BIN, dir], 160, 40, {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      TERM: 'xterm-256color',
      NO_COLOR: '1',
    });
    open.push(run.term);
    const { output } = await run.over;
    expect(output).toContain('map asks user by user only at a terminal, and prompts are off here (standard output is not a terminal).');
  });
});

describe('set-aside lines every change stops on, at a terminal', () => {
  // map asked its first question and fix its "Set … as shown?", and the answer then stopped there
  // (exit 2): the run that cannot record is refused before anyone is asked anything.
  it.each([
    [['map'], /\[1\/\d+\]/],
    [['fix', '--only', '12'], /Set 1 MyOperator e-mail as shown\?/],
  ])('%j says why it stops before its first question, exit 2, the file kept', async (args, question) => {
    const dir = join(tmp.dir, `aside-${args[0]}`);
    const mappings = join(dir, 'sandbox', 'mappings');
    mkdirSync(mappings, { recursive: true, mode: 0o700 });
    writeFileSync(join(mappings, 'sandbox.json'), '{"version": 1, "mappings": [], "ignored": []}\n');
    const pending = join(mappings, 'sandbox.history.jsonl.pending');
    const line = JSON.stringify({ time: '2026-12-01T10:00:00.000Z', command: 'map', user: 'u', action: 'ignore', before: null, after: { zohoId: 'z1' }, result: 'done' });
    writeFileSync(pending, `${JSON.stringify({ store: 'f'.repeat(64), historySize: 0 })}\n${line.slice(0, 50)}\n`);
    const bytes = readFileSync(pending);
    const t = ptys.start(dir, ['--no-pager', ...args], 160, 40);
    await t.waitFor(new RegExp(`${question.source}|Cannot record the history's set-aside lines`));
    expect(t.screen()).not.toMatch(question);
    expect(await t.exited).toBe(2);
    const view = (await shownLines(t.screen(), 160, 40)).join(' ').replace(/\s+/g, ' ');
    expect(view).toContain(`Cannot record the history's set-aside lines ${pending}, kept as they are: line 2 is cut short, which the tool never writes.`);
    expect(readFileSync(pending)).toEqual(bytes);
  });
});
