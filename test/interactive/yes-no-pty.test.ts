/**
 * The tool's yes/no questions at a real pseudo-terminal (node-pty): Esc answers No at each, as it
 * stops the map picker (before, it did nothing: the question stayed until y, n or Ctrl-C), and the
 * question is left on screen answered "No". map's own questions keep room for " (y/N)" on their
 * last line, as the shared confirm does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../support/cli.js';
import { shownLines, terminals } from '../support/pty.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const ptys = terminals();

/** The sandbox CLI at a `cols`-wide terminal, and `ended()`: its exit code, or a sentence when it is still asking 5 s on (Esc did nothing). */
function terminal(dir: string, args: string[], cols = 80) {
  const t = ptys.start(dir, ['--no-pager', ...args], cols, 50);
  const ended = async (): Promise<number | string> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((r) => (timer = setTimeout(() => r('still asking 5 s after Esc'), 5_000)));
    return Promise.race([t.exited, late]).finally(() => clearTimeout(timer));
  };
  return { ...t, ended, stream: t.screen };
}

const shown = (stream: string, cols: number) => shownLines(stream, cols, 50);

describe('Esc at a yes/no question answers No', () => {
  it("fix's \"Set 1 MyOperator e-mail as shown?\": nothing is sent, \"Nothing changed: …\" with the dry run to read it again, exit 0", async () => {
    const dir = join(tmp.dir, 'fix-esc');
    const t = terminal(dir, ['fix', '--only', '12']);
    await t.waitFor(/Set 1 MyOperator e-mail as shown\? \(y\/N\)/);
    await t.settled();
    t.term.write('\x1b');
    expect(await t.ended()).toBe(0);
    const view = await shown(t.stream(), 80);
    expect(view).toContain('✔ Set 1 MyOperator e-mail as shown? No');
    // One change: nothing to send part of, so only the dry run is named.
    expect(view.slice(view.indexOf('✔ Set 1 MyOperator e-mail as shown? No') + 1).filter(Boolean).join(' ').replace(/ \\ +/g, ' ')).toMatch(
      /^Nothing changed: no e-mail was sent to MyOperator\. `[^`]*fix --only 12 --dry-run` shows the plan again\.$/,
    );
    expect(view.join('\n')).not.toMatch(/\(y\/N\)/);
    // Nothing was sent, so nothing was recorded.
    const history = join(dir, 'sandbox', 'mappings', 'sandbox.history.jsonl');
    expect(existsSync(history) ? readFileSync(history, 'utf8') : '').not.toMatch(/set-email/);
  });

  it("a No at fix's question names what comes next: the dry run that shows the plan again, and --only to send part of it", async () => {
    const t = terminal(join(tmp.dir, 'fix-no'), ['fix']);
    await t.waitFor(/Set 5 MyOperator e-mails as shown\? \(y\/N\)/);
    await t.settled();
    t.term.write('n');
    await t.settled();
    t.term.write('\r');
    expect(await t.ended()).toBe(0);
    const view = await shown(t.stream(), 80);
    const after = view.slice(view.indexOf('✔ Set 5 MyOperator e-mails as shown? No') + 1).filter(Boolean);
    // The plan's first entry is Anil Mehta's, ext 15: the example --only is pastable as it stands.
    // A command wrapped at 80 columns goes on after a backslash (ui/wrap.ts): read as one line.
    expect(after.join(' ').replace(/ \\ +/g, ' ')).toMatch(
      /^Nothing changed: no e-mail was sent to MyOperator\. `[^`]*fix --dry-run` shows the plan again; `[^`]*fix --only 15` sends part of it \(give --only the extensions of the users to set, as the plan names them\)\.$/,
    );
  });

  it("Ctrl-C at fix's question says nothing was sent, exit 130, and nothing is recorded", async () => {
    const dir = join(tmp.dir, 'fix-ctrl-c');
    const t = terminal(dir, ['fix', '--only', '12']);
    await t.waitFor(/Set 1 MyOperator e-mail as shown\? \(y\/N\)/);
    await t.settled();
    t.term.write('\x03');
    expect(await t.ended()).toBe(130);
    const view = await shown(t.stream(), 80);
    expect(view).toContain('Cancelled. Nothing changed: no e-mail was sent to MyOperator.');
    // The question goes, as at every prompt the tool asks: it stayed, unanswered, above "Cancelled.".
    expect(view.join('\n')).not.toMatch(/as shown\? \(y\/N\)/);
    const history = join(dir, 'sandbox', 'mappings', 'sandbox.history.jsonl');
    expect(existsSync(history) ? readFileSync(history, 'utf8') : '').not.toMatch(/set-email/);
  });

  it("fix --yes at a terminal: no question, and one blank line between the plan and the result, as where the question stood", async () => {
    const t = terminal(join(tmp.dir, 'fix-yes'), ['fix', '--yes', '--only', '12']);
    expect(await t.ended()).toBe(0);
    const view = (await shown(t.stream(), 80)).join('\n');
    expect(view).not.toMatch(/as shown\?/);
    expect(view).toMatch(/ {6}set {2}Ravi\.Kumar@acmetraders\.in\n\nResult, verified by reading MyOperator back:\n/);
  });

  it('resync\'s offer "Map the 9 Zoho users that need a person now?" (default Yes): no picker, exit 0', async () => {
    const dir = join(tmp.dir, 'resync-esc');
    const t = terminal(dir, ['resync']);
    const at = await t.waitFor(/Map the 9 Zoho users that need a person now\? \(Y\/n\)/);
    await t.settled();
    t.term.write('\x1b');
    expect(await t.ended()).toBe(0);
    expect(t.stream().slice(at)).not.toMatch(/\[1\/9\]/);
    expect(await shown(t.stream(), 80)).toContain('✔ Map the 9 Zoho users that need a person now? No');
  });

  it("Ctrl-C at resync's offer says the resync is saved and what asks about the rest, exit 130: \"Cancelled.\" alone read as if nothing was", async () => {
    const dir = join(tmp.dir, 'resync-ctrl-c');
    const t = terminal(dir, ['resync']);
    await t.waitFor(/Map the 9 Zoho users that need a person now\? \(Y\/n\)/);
    await t.settled();
    t.term.write('\x03');
    expect(await t.ended()).toBe(130);
    // As one line: the terminal's width breaks it between words, and a command between arguments with " \\".
    const said = (await shown(t.stream(), 80)).join('\n').replace(/\s+/g, ' ').replace(/ \\ /g, ' ');
    // On its own: Ctrl-C clears the question, which "Cancelled at the question; … asks about each of them." leant on.
    expect(said).toContain(
      `Cancelled; the resync itself is done and saved. Left for later: \`phonebridge-sync --sandbox --config-dir ${dir} map\` asks about the 9 Zoho users that need a person.`,
    );
    expect(said).not.toMatch(/Map the 9 Zoho users that need a person now\?/);
    // The 4 exact matches it saved before asking are there.
    expect(JSON.parse(readFileSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'), 'utf8')).mappings).toHaveLength(4);
  });

  it("Ctrl-C at resync --no-auto's offer names whom map and map --auto take up, with no question left above it", async () => {
    const dir = join(tmp.dir, 'resync-no-auto-ctrl-c');
    const t = terminal(dir, ['resync', '--no-auto']);
    await t.waitFor(/Map the 9 Zoho users that need a person, and the 4 exact matches, now\? \(Y\/n\)/);
    await t.settled();
    t.term.write('\x03');
    expect(await t.ended()).toBe(130);
    const said = (await shown(t.stream(), 80)).join('\n').replace(/\s+/g, ' ').replace(/ \\ /g, ' ');
    // It was "Cancelled at the question; the resync itself is done. Left for later: `… map` asks about 9 of them, and …".
    expect(said).toContain(
      `Cancelled; the resync itself is done. Left for later: \`phonebridge-sync --sandbox --config-dir ${dir} map\` asks about the 9 Zoho users that need a person, and \`phonebridge-sync --sandbox --config-dir ${dir} map --auto\` maps the 4 exact matches.`,
    );
    expect(said).not.toMatch(/now\? \(Y\/n\)/);
  });

  it('map\'s "Move it to …?" inside the picker: the MyOperator user stays mapped where it was, and the same Zoho user is asked again', async () => {
    const dir = join(tmp.dir, 'move-esc');
    expect((await runCli(['--config-dir', dir, '--sandbox', 'map', '--auto'])).code).toBe(0);
    const t = terminal(dir, ['map']);
    let at = await t.waitFor(/\[1\/9\] Arjun Malhotra/);
    t.term.write('asha');
    at = await t.waitFor(/Asha Rao <asha\.rao@acmetraders\.in> · ext 11 · mapped to/, at);
    await t.settled();
    t.term.write('\r');
    at = await t.waitFor(/Move it to\s+arjun\.malhotra@acmetraders\.in\? \(y\/N\)/, at);
    await t.settled();
    t.term.write('\x1b');
    at = await t.waitFor(/\[1\/9\] Arjun Malhotra/, at);
    const view = (await shown(t.stream(), 80)).join('\n');
    expect(view).toMatch(/Move it to\s+arjun\.malhotra@acmetraders\.in\? No\n/);
    t.term.write('\x03');
    expect(await t.ended()).toBe(130);
    const saved = JSON.parse(readFileSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'), 'utf8')) as { mappings: Array<{ zoho: { email: string }; myoperator: { email: string } }> };
    expect(saved.mappings.find((m) => m.myoperator.email === 'asha.rao@acmetraders.in')?.zoho.email).toBe('asha.rao@acmetraders.in');
  });
});

describe('map picker and a MyOperator user left unmapped on purpose', () => {
  it('lists it marked so, and picked, asks before mapping it: No leaves it left unmapped and asks the same Zoho user again', async () => {
    const dir = join(tmp.dir, 'left-unmapped');
    expect((await runCli(['--config-dir', dir, '--sandbox', 'map', '--ignore-myoperator', '10'])).code).toBe(0);
    const file = join(dir, 'sandbox', 'mappings', 'sandbox.json');
    const before = readFileSync(file, 'utf8');
    const t = terminal(dir, ['map']);
    let at = await t.waitFor(/\[1\/9\] Arjun Malhotra/);
    t.term.write('reception');
    // It was listed as any free user, and Enter mapped it with no word, taking it off the list.
    at = await t.waitFor(/Front Desk <reception@acmetraders\.in> · ext 10 · left unmapped on purpose/, at);
    await t.settled();
    t.term.write('\r');
    at = await t.waitFor(/ext 10 is left unmapped on\s+purpose \(a shared line\)\.\s+Map it to\s+arjun\.malhotra@acmetraders\.in\s+anyway\? \(y\/N\)/, at);
    await t.settled();
    t.term.write('\x1b');
    at = await t.waitFor(/\[1\/9\] Arjun Malhotra/, at);
    t.term.write('\x03');
    expect(await t.ended()).toBe(130);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe("map's own yes/no questions leave room for \" (y/N)\"", () => {
  it('"Move it to …?" breaks between words with " (y/N)" on its last line: at 90 columns the terminal cut "(y/N)" in two', async () => {
    // At 90 columns this question's last line is 90 wide: broken for the whole width, " (y/N)" ran
    // past the edge and the terminal broke it ("(y/" / "N)"). (At 80 the sandbox's questions happen to fit.)
    const cols = 90;
    const dir = join(tmp.dir, 'move-90');
    expect((await runCli(['--config-dir', dir, '--sandbox', 'map', '--auto'])).code).toBe(0);
    const t = terminal(dir, ['map'], cols);
    let at = await t.waitFor(/\[1\/9\] Arjun Malhotra/);
    t.term.write('asha');
    at = await t.waitFor(/Asha Rao <asha\.rao@acmetraders\.in> · ext 11 · mapped to/, at);
    await t.settled();
    t.term.write('\r');
    await t.waitFor(/Move it to/, at);
    await t.settled();
    const lines = await shown(t.stream(), cols);
    const first = lines.findIndex((l) => l.startsWith('? Asha Rao'));
    const last = lines.findIndex((l, i) => i > first && /\)$/.test(l));
    expect(first).toBeGreaterThanOrEqual(0);
    const question = lines.slice(first, last + 1);
    expect(question.join(' ').replace(/\s+/g, ' ')).toBe(
      '? Asha Rao <asha.rao@acmetraders.in> · ext 11 is mapped to Zoho user asha.rao@acmetraders.in (id 4815900000000107919). Move it to arjun.malhotra@acmetraders.in? (y/N)',
    );
    // The question's last words and " (y/N)" share a line; none is cut at the edge.
    expect(question.at(-1)).toMatch(/arjun\.malhotra@acmetraders\.in\? \(y\/N\)$/);
    t.term.write('\x03');
    expect(await t.ended()).toBe(130);
  });
});
