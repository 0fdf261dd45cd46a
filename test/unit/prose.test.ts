/** What a person reads on stderr: at a terminal, sentences break between words; piped, bytes as written. */
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { createContext } from '../../src/context.js';
import { SINCE_FORMS } from '../../src/core/period.js';
import { prose, wrapIndented } from '../../src/ui/wrap.js';

function sayAt(isTTY: boolean, columns: number, text: string, list = false): string {
  const stderr = Object.assign(new PassThrough(), { isTTY, columns });
  let out = '';
  stderr.on('data', (d: Buffer) => (out += d.toString()));
  const globals = { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false };
  createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, fit: prose }).say(text, { list });
  return out;
}

const sentence = 'Dry run: nothing written. 4 would be added, 0 kept, 0 stale, 14 unresolved, 0 ignored.\n';

describe('ctx.say', () => {
  it('breaks a sentence between words at a terminal, never inside one', () => {
    expect(sayAt(true, 80, sentence)).toBe('Dry run: nothing written. 4 would be added, 0 kept, 0 stale, 14 unresolved, 0\nignored.\n');
  });

  it('breaks an e-mail wider than the screen before its "@", on lines of its own: all of it shown, none past the screen', () => {
    // The echo of `map --zoho <e-mail>` given an address of 79 characters: whole on a line of its own,
    // quoted it was 81 wide, and the terminal cut it there (its closing quote alone on the next line).
    const email = 'the.accounts.receivable.department.of.the.northern.region.office@acmetraders.in';
    const said = sayAt(true, 80, `No Zoho user matches "${email}".\n`);
    expect(said).toBe('No Zoho user matches\n"the.accounts.receivable.department.of.the.northern.region.office\n@acmetraders.in".\n');
    // Wider than the screen even alone, it breaks after a "." too, never losing a character; the words
    // after it go on beside its last piece ("will never" began a line below it, with room beside it).
    const long = 'Zoho user this.is.a.very.very.long.local.part.for.testing@example-company.co.in will never be mapped.\n';
    expect(sayAt(true, 40, long)).toBe('Zoho user\nthis.is.a.very.very.long.local.part.for.\ntesting@example-company.co.in will never\nbe mapped.\n');
  });

  it("keeps a line's own indent, tab included, on the lines it wraps to", () => {
    expect(sayAt(true, 40, '\tfix: Retype those e-mails in the user settings of MyOperator.\n')).toBe('\tfix: Retype those e-mails in the user\n\tsettings of MyOperator.\n');
  });

  it('wraps a "- " bullet of a list said as one under its text, not under its dash: the items of a list (fix\'s "Left to settle") do not run together', () => {
    expect(sayAt(true, 40, 'Left to settle:\n- 9 pairs whose e-mails are equal now: `phonebridge-sync resync` saves them.\n  - 2 users: Front Desk <reception@acmetraders.in>.\n', true)).toBe(
      'Left to settle:\n- 9 pairs whose e-mails are equal now:\n  `phonebridge-sync resync` saves them.\n  - 2 users: Front Desk\n    <reception@acmetraders.in>.\n',
    );
  });

  it('wraps a sentence that merely begins with "- " (a path given, a remote name) as a sentence, its spaces kept: it was hung as a bullet', () => {
    // An error naming `--zoho-file '-  exports/zoho users.json'`: it was shown as "- exports/…", a file that is not there.
    const error = '-  exports/zoho users.json: expected a MyOperator users response {"status": "success", "data": [...]} or a JSON array of users.\n';
    expect(sayAt(true, 80, error)).toBe('-  exports/zoho users.json: expected a MyOperator users response {"status":\n"success", "data": [...]} or a JSON array of users.\n');
    expect(prose(error, 80)).toBe(sayAt(true, 80, error));
  });

  it("breaks between words on a phone's narrow screen too (30 columns), e-mails whole", () => {
    expect(sayAt(true, 30, sentence)).toBe('Dry run: nothing written. 4\nwould be added, 0 kept, 0\nstale, 14 unresolved, 0\nignored.\n');
  });

  it('never breaks a command in backticks inside an argument: pasted, its first half would run (fix without --only plans everyone)', () => {
    const hint = '  fix: `phonebridge-sync --config-dir /home/asha/pbs fix --only 12` sets its MyOperator e-mail to the Zoho one.\n';
    expect(sayAt(true, 80, hint)).toBe('  fix: `phonebridge-sync --config-dir /home/asha/pbs fix --only 12` sets its\n  MyOperator e-mail to the Zoho one.\n');
    expect(sayAt(true, 66, hint)).toBe('  fix:\n  `phonebridge-sync --config-dir /home/asha/pbs fix --only 12`\n  sets its MyOperator e-mail to the Zoho one.\n');
    // Wider than the screen, it breaks between arguments, " \\" ending the line: pasted, one command.
    // Left to the terminal's wrap, it was cut after "/home/asha/pbs fix --o". It starts beside "fix:"
    // and the sentence goes on beside its end: "fix:" was alone above it and "sets its" began a line.
    expect(sayAt(true, 40, hint)).toBe('  fix: `phonebridge-sync --config-dir \\\n    /home/asha/pbs fix --only 12` sets\n  its MyOperator e-mail to the Zoho one.\n');
    // No line wider than the screen, and no argument cut.
    for (const line of sayAt(true, 40, hint).split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    // A no-break space of the text's own (a path with one) stays one: the glue is taken out, nothing else.
    // The option goes down with its value: "fix --only \\" left "12`" alone below it.
    expect(wrapIndented('Saved /tmp/nb\u00a0sp/m.json; run `phonebridge-sync fix --only 12` next', 30, '')).toBe(
      'Saved /tmp/nb\u00a0sp/m.json; run\n`phonebridge-sync fix \\\n  --only 12` next',
    );
    // A quoted argument with spaces (a config dir) is one argument: " \\" inside quotes is no continuation.
    expect(wrapIndented("run `phonebridge-sync --config-dir '/srv/phone bridge/cfg' fix --only 12` next", 40, '')).toBe(
      "run `phonebridge-sync --config-dir \\\n  '/srv/phone bridge/cfg' fix --only 12`\nnext",
    );
    expect(wrapIndented("run `phonebridge-sync --config-dir $'/srv/a\\033 b c/cfg' fix --only 12` next", 30, '')).toBe(
      "run\n`phonebridge-sync \\\n  --config-dir \\\n  $'/srv/a\\033 b c/cfg' fix \\\n  --only 12` next",
    );
    // A placeholder with a space (`--zoho <zoho e-mail>`, doctor's cures) is one argument too: it was
    // cut as "--zoho <zoho \\" then "e-mail>`", a continuation inside what the admin replaces. It
    // starts beside "or map them" and "then" goes on beside its end: both were alone on a line.
    expect(wrapIndented('or map them (`phonebridge-sync --config-dir /srv/pbs map --myoperator 10 --zoho <zoho e-mail>`), then', 75, '')).toBe(
      'or map them (`phonebridge-sync --config-dir /srv/pbs map --myoperator 10 \\\n  --zoho <zoho e-mail>`), then',
    );
    // A private-use character of the text's own is left as it is too (wrapped without glue then).
    expect(wrapIndented('say `a b` \ue000 then', 80, '')).toBe('say `a b` \ue000 then');
  });

  it("keeps a command whole beside a remote name's lone backtick: paired with the command's, it split the command over two lines", () => {
    // doctor's one-side-only line for a Zoho user named "Gaurav `Bose": the name's backtick and the
    // command's opening one were taken for a span, and the command broke after "map", which pasted
    // opens the interactive map.
    const hint = '      fix: Create the missing user on the other side; if Gaurav `Bose takes no calls, `phonebridge-sync map --ignore gaurav.bose@acmetraders.in` marks them so.\n';
    expect(sayAt(true, 80, hint)).toBe(
      '      fix: Create the missing user on the other side; if Gaurav `Bose takes no\n      calls, `phonebridge-sync map --ignore gaurav.bose@acmetraders.in` marks\n      them so.\n',
    );
  });

  it('writes the bytes as they are when stderr is not a terminal', () => {
    expect(sayAt(false, 80, sentence)).toBe(sentence);
  });
});

describe('wrapIndented', () => {
  it('hangs the lines it wraps to under the indent', () => {
    expect(wrapIndented('Anil Mehta · ext 15 · confusable-character · saved mapping', 40, '    ', '  ')).toBe('  Anil Mehta · ext 15 ·\n    confusable-character · saved mapping');
  });

  it('keeps "ext" with its number in a map picker choice: at 60 columns a line ended on "ext" and the next began "22 (100%"', () => {
    expect(wrapIndented('★ Arjun Malhotra <arjun.malhotra@acmetraders.in> · ext 22 (100%: same e-mail)', 60, '    ')).toBe(
      '★ Arjun Malhotra <arjun.malhotra@acmetraders.in> ·\n    ext 22 (100%: same e-mail)',
    );
    expect(wrapIndented('Arjun M. (old) <arjun.malhotra@acmetraders.in> · ext 23 · INACTIVE', 52, '    ')).toBe('Arjun M. (old) <arjun.malhotra@acmetraders.in> ·\n    ext 23 · INACTIVE');
    // At the end of the text too, and "ext" in a word of its own (a name) is left as it is.
    expect(wrapIndented('Front Desk <reception@acmetraders.in> · ext 10', 44, '    ')).toBe('Front Desk <reception@acmetraders.in> ·\n    ext 10');
    expect(wrapIndented('Please call the ext 100 now', 20, '')).toBe('Please call the ext\n100 now');
  });

  it('keeps a number with its unit, as doctor says a wait or a time taken: at 80 columns "ms)" began a line alone', () => {
    // doctor's myoperator-api at 80 columns: "… but it lists no users (22" and "ms)" on the next line.
    expect(wrapIndented('API token from the file accepted, but it lists no users (22 ms)', 80, '      ', '  ! myoperator-api: ')).toBe(
      '  ! myoperator-api: API token from the file accepted, but it lists no users\n      (22 ms)',
    );
    expect(wrapIndented('access token valid for 59 more minutes (350 ms to get it)', 30, '  ')).toBe('access token valid for 59\n  more minutes (350 ms to get\n  it)');
    expect(wrapIndented('now waiting up to 25 s for it', 20, '')).toBe('now waiting up to\n25 s for it');
    expect(wrapIndented('Zoho allows about 10 in 10 minutes here', 28, '')).toBe('Zoho allows about 10 in\n10 minutes here');
    // A number that is not a quantity of a unit breaks as any word does; so does a uuid beginning with "s".
    expect(wrapIndented('the users 12 s5f3a3c069b23', 20, '')).toBe('the users 12\ns5f3a3c069b23');
  });

  it('does not take an e-mail that begins with a unit\'s letters for a unit: glued to the number before it, it was left wider than the screen, for the terminal to cut', () => {
    // "12 s.kumar…@acmetraders.in" was one word of 42 columns on a screen of 30, never broken.
    // The words after it go on beside its domain, where they fit ("is the one" was a line of its own).
    expect(wrapIndented('Gaurav Bose 12 s.kumar.sales.team.lead@acmetraders.in is the one', 30, '  ')).toBe('Gaurav Bose 12\n  s.kumar.sales.team.lead\n  @acmetraders.in is the one');
    expect(wrapIndented('the user 12 ms@acmetraders.in left', 20, '')).toBe('the user 12\nms@acmetraders.in\nleft');
    // A unit at the end of a sentence, or before a comma or a bracket, is still one word with its number.
    expect(wrapIndented('it asked to wait 600 s. Then it stopped', 20, '')).toBe('it asked to wait\n600 s. Then it\nstopped');
  });

  it('starts them at the margin when the indent is more than half the screen, rather than one word a line', () => {
    expect(wrapIndented('retype the e-mail in MyOperator by hand', 24, '              ', '      fix: ')).toBe('      fix: retype the\ne-mail in MyOperator by\nhand');
  });

  it('starts a line with a command that opens the text when it fits there whole but not beside the label', () => {
    const hint = '`phonebridge-sync --config-dir /home/asha/pbs fix --only 12` sets its MyOperator e-mail.';
    expect(wrapIndented(hint, 70, '        ', '      fix: ')).toBe('      fix:\n        `phonebridge-sync --config-dir /home/asha/pbs fix --only 12`\n        sets its MyOperator e-mail.');
    // Wider than even that line, it is broken between its arguments beside the label, as before, and
    // the sentence goes on beside its end ("sets its MyOperator e-mail." began a line of its own).
    expect(wrapIndented(hint, 50, '        ', '      fix: ')).toBe('      fix: `phonebridge-sync --config-dir \\\n          /home/asha/pbs fix --only 12` sets its\n        MyOperator e-mail.');
  });

  it('goes on beside a command broken over lines, before it and after it: doctor --calls left "fix:" and "then" alone on lines of their own', () => {
    const cli = 'phonebridge-sync --sandbox --config-dir /tmp/s43h18/cfg';
    // An agent's fix as doctor --calls words it at 80 columns (8 in, continued 10 in). It was "fix:"
    // alone, the command below it, and "sets its MyOperator e-mail to …" on a line of its own.
    const ravi = wrapIndented(`fix: \`${cli} fix --only 12\` sets its MyOperator e-mail to "Ravi.Kumar@acmetraders.in".`, 80, '          ', '        ');
    expect(ravi).toBe(`        fix: \`${cli} fix \\\n            --only 12\` sets its MyOperator e-mail to\n          "Ravi.Kumar@acmetraders.in".`);
    // Front Desk's: "then" was alone between its two commands. Beside the words before it only with an
    // argument after its name (not "(`phonebridge-sync \\" ending a line): it starts a line of its own.
    const frontDesk = wrapIndented(
      `fix: No Zoho user still unmatched resembles Front Desk: either add them in Zoho with the e-mail "reception@acmetraders.in", which is all it takes (the two e-mails are then equal), or map them by hand to their Zoho user (\`${cli} map --myoperator 10 --zoho <zoho e-mail>\`) and then run \`${cli} fix --only 10\`.`,
      80,
      '          ',
      '        ',
    );
    expect(frontDesk.split('\n').slice(2)).toEqual([
      '          it takes (the two e-mails are then equal), or map them by hand to',
      // It was "(`phonebridge-sync --sandbox --config-dir \\" above "/tmp/s43h18/cfg map …": the
      // command's own lines were weighed, one more of which cost nothing here (") and then" beside its end).
      `          their Zoho user (\`phonebridge-sync --sandbox \\`,
      '            --config-dir /tmp/s43h18/cfg map --myoperator 10 \\',
      '            --zoho <zoho e-mail>`) and then run `phonebridge-sync --sandbox \\',
      '            --config-dir /tmp/s43h18/cfg fix --only 10`.',
    ]);
    for (const said of [ravi, frontDesk]) {
      for (const line of said.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      // Each command whole once its " \\" continuations are joined, as the shell joins them when pasted.
      const joined = said.replace(/ \\\n +/g, ' ').replace(/\n +/g, ' ');
      expect(joined).toContain(`\`${cli} fix --only ${said === ravi ? 12 : 10}\``);
    }
    expect(frontDesk.replace(/ \\\n +/g, ' ')).toContain(`(\`${cli} map --myoperator 10 --zoho <zoho e-mail>\`) and then`);
  });

  it('keeps an option with its value when a command breaks, as a person breaks one: "fix --only \\" left "18`." alone below it', () => {
    expect(wrapIndented('doctor said: `phonebridge-sync --sandbox --config-dir /tmp/s43h21/cfg fix --only 18`.', 60, '  ')).toBe(
      'doctor said: `phonebridge-sync --sandbox \\\n    --config-dir /tmp/s43h21/cfg fix --only 18`.',
    );
    // Nor is one parted from its value to keep a line a few columns narrower: doctor --calls at 80
    // columns said "map --zoho \\" above "4815900000000202947 --myoperator …", and "--config-dir \\"
    // above the path, where keeping each pair cost no line (a table's cell never weighed the width).
    const dir = '/tmp/s44h4/dddddddddddd';
    const suresh = `Probably Zoho user Suresh Pillai <suresh.pillai@acmetraders.in> (suggested): confirm the pair with \`phonebridge-sync --sandbox --config-dir ${dir} map --zoho 4815900000000202947 --myoperator s5f3afc2a9b2f\`, then set its MyOperator e-mail with \`phonebridge-sync --sandbox --config-dir ${dir} fix --only 24\`.`;
    expect(wrapIndented(suresh, 80, '          ', '        fix: ').split('\n')).toEqual([
      '        fix: Probably Zoho user Suresh Pillai <suresh.pillai@acmetraders.in>',
      '          (suggested): confirm the pair with `phonebridge-sync --sandbox \\',
      `            --config-dir ${dir} map \\`,
      '            --zoho 4815900000000202947 --myoperator s5f3afc2a9b2f`, then set its',
      '          MyOperator e-mail with `phonebridge-sync --sandbox \\',
      `            --config-dir ${dir} fix --only 24\`.`,
    ]);
    // Each command weighed on its own: at 80 columns with a config dir of 44 characters, keeping
    // Front Desk's `fix --only 10` paired costs a line, its `map` before it does not. Weighed
    // together, the map's path was parted from "--config-dir" too, for the fix's sake.
    const long = 'phonebridge-sync --sandbox --config-dir /tmp/s44h15/c-abcdefghijklmnopqrstuvwxyz0123';
    const cure = `fix: No Zoho user still unmatched resembles Front Desk: either add them in Zoho with the e-mail "reception@acmetraders.in", which is all it takes (the two e-mails are then equal), or map them by hand to their Zoho user (\`${long} map --myoperator 10 --zoho <zoho e-mail>\`) and then run \`${long} fix --only 10\`.`;
    expect(wrapIndented(cure, 80, '          ', '        ').split('\n').slice(3)).toEqual([
      '          their Zoho user (`phonebridge-sync --sandbox \\',
      '            --config-dir /tmp/s44h15/c-abcdefghijklmnopqrstuvwxyz0123 map \\',
      '            --myoperator 10 --zoho <zoho e-mail>`) and then run',
      '          `phonebridge-sync --sandbox --config-dir \\',
      '            /tmp/s44h15/c-abcdefghijklmnopqrstuvwxyz0123 fix --only 10`.',
    ]);
    // Not where it costs a line: "--only 12` then run" and "it" below, where the line filled held it all.
    expect(wrapIndented('`phonebridge-sync --config-dir /srv/pbs fix --only 12` then run it', 23, '')).toBe(
      '`phonebridge-sync \\\n  --config-dir \\\n  /srv/pbs fix --only \\\n  12` then run it',
    );
  });

  it("wraps a paragraph of 10,000 commands, each whole and within the screen: doctor's `map --unmap` for each pair whose Zoho user was deleted overflowed the stack from about 4,000", () => {
    // doctor's fix line as `--config-dir /srv/phonebridge/acme-traders doctor` says it at 80 columns:
    // each command wider than a line, broken over lines, the words after it beside its end.
    const commands = Array.from({ length: 10_000 }, (_, i) => `\`phonebridge-sync --config-dir /srv/phonebridge/acme-traders map --unmap 48159000000002${String(i).padStart(5, '0')}\``);
    const said = wrapIndented(`pairs whose Zoho user is deleted in Zoho take no calls: ${commands.join(', ')} remove them.`, 80, '          ', '        fix: ');
    const lines = said.split('\n');
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    expect(lines.slice(0, 3)).toEqual([
      '        fix: pairs whose Zoho user is deleted in Zoho take no calls:',
      '          `phonebridge-sync --config-dir /srv/phonebridge/acme-traders map \\',
      '            --unmap 4815900000000200000`,',
    ]);
    expect(lines.at(-1)).toBe('            --unmap 4815900000000209999` remove them.');
    // Every command there once its " \\" continuations are joined, as the shell joins them when pasted.
    expect(said.replace(/ \\\n +/g, ' ').match(/`[^`]*`/g)).toEqual(commands);
  });

  it('goes on beside an e-mail it had to break, as after any word: the next word began a line below it though it fitted', () => {
    expect(wrapIndented('the user s.kumar.sales.team.lead@acmetraders.in took 22 ms', 30, '')).toBe('the user\ns.kumar.sales.team.lead\n@acmetraders.in took 22 ms');
    // Not where a number would go beside it and its unit below: "22" ended the line, "ms later" began the next.
    expect(wrapIndented('the user s.kumar.sales.team.lead@acmetraders.in 22 ms later', 22, '')).toBe('the user\ns.kumar.sales.team.\nlead@acmetraders.in\n22 ms later');
  });

  it('keeps a time whole, as list history prints it: its date and its clock are one thing to look for', () => {
    const hint = 'MyOperator did not take the change fix sent on 2026-12-06 15:12:50 UTC (it refused: "no"): set it by hand.';
    // It broke after the date: "… fix sent on 2026-12-06" and "15:12:50 UTC (it refused …" below.
    expect(wrapIndented(hint, 80, '          ', '        fix: ')).toBe('        fix: MyOperator did not take the change fix sent on\n          2026-12-06 15:12:50 UTC (it refused: "no"): set it by hand.');
    expect(wrapIndented('Run again after 15:06 UTC; other integrations may be using it.', 24, '')).toBe('Run again after\n15:06 UTC; other\nintegrations may be\nusing it.');
    // One that opens the text and fits on a line of its own, not beside the label, starts that line, as a command does.
    expect(wrapIndented('2026-12-06 15:12:50 UTC, when it was sent.', 30, '  ', '      fix sent on: ')).toBe('      fix sent on:\n  2026-12-06 15:12:50 UTC,\n  when it was sent.');
    // On a screen narrower than a time, it breaks at its spaces as any words do.
    expect(wrapIndented('sent on 2026-12-06 15:12:50 UTC', 20, '')).toBe('sent on 2026-12-06\n15:12:50 UTC');
  });

  it('keeps a time with an offset whole, as a --since refusal offers one to paste: broken, the zone stood on the line below, outside the value', () => {
    // At 120 columns `--since "2026-11-01 +05:30"`'s sentence broke after "00:00", before "+05:30\".
    expect(wrapIndented('write "2026-11-01 00:00 +05:30" for midnight', 30, '')).toBe('write\n"2026-11-01 00:00 +05:30" for\nmidnight');
    expect(wrapIndented('write "2026-12-01 09:30-05:30" now', 28, '')).toBe('write\n"2026-12-01 09:30-05:30" now');
  });

  it('never starts a line with the arrow of a panel path: it stays with the step before it, "the user →", as doctor --calls says it', () => {
    // doctor --calls' fix at 80 columns with --config-dir /tmp/s44h4/ccccccccccccccccccccc: a line began "→ e-mail), as each agent".
    const dir = '/tmp/s44h4/ccccccccccccccccccccc';
    const said = wrapIndented(
      `Run \`phonebridge-sync --sandbox --config-dir ${dir} fix\` to make MyOperator hold the Zoho e-mails, and change or remove the e-mail several MyOperator users hold (in MyOperator's panel: Manage → Users → the user → e-mail), as each agent above says, then \`phonebridge-sync --sandbox --config-dir ${dir} doctor --calls\` again to see the cure.`,
      80,
      '        ',
      '      fix: ',
    );
    expect(said.split('\n').slice(1, 5)).toEqual([
      `          ${dir} fix\` to make MyOperator hold the Zoho`,
      '        e-mails, and change or remove the e-mail several MyOperator users hold',
      "        (in MyOperator's panel: Manage → Users → the user → e-mail), as each",
      // Its option with its path below, which costs no line (it was "--sandbox --config-dir \\").
      '        agent above says, then `phonebridge-sync --sandbox \\',
    ]);
    expect(said).not.toMatch(/^ *→/m);
    // "change its e-mail in Manage" and "→ Users → Edit" below; "the panel: Settings" and "→ Users → Edit".
    expect(wrapIndented('change its e-mail in Manage → Users → Edit', 28, '')).toBe('change its e-mail in\nManage → Users → Edit');
    expect(wrapIndented('the panel: Settings → Users → Edit', 20, '')).toBe('the panel:\nSettings → Users →\nEdit');
    // A word too wide to go down with its arrow (an e-mail as list history quotes it) is not glued to it: it still breaks before its "@".
    expect(wrapIndented('"anil.mehta.accounts@acmetraders.in" → "x@y.in"', 24, '')).toBe('"anil.mehta.accounts\n@acmetraders.in" →\n"x@y.in"');
  });

  it('keeps a quoted date-time with no zone whole, as the hint under every --since refusal gives one: broken, its time stood below, outside the quotes', () => {
    // At 60 columns the line ended on `or "2026-11-01` and the next began with `09:30" (UTC, …`.
    expect(prose(SINCE_FORMS, 60)).toBe('Use e.g. --since 7d, 24h, 2w, 2026-11-01, or\n"2026-11-01 09:30" (UTC, as the tool prints times).');
    // As a refusal offers one to paste, with seconds and a fraction.
    expect(wrapIndented('write "2026-12-01 09:30:05.5" now', 24, '')).toBe('write\n"2026-12-01 09:30:05.5"\nnow');
  });

  it('breaks an e-mail wider than the room after its label before its "@", under the label: the terminal cut it at the edge', () => {
    expect(wrapIndented('vikram.singh@acmetraders.in (Zoho user Vikram Singh)', 30, '           ', '      set  ')).toBe(
      '      set  vikram.singh\n           @acmetraders.in\n           (Zoho user Vikram\n           Singh)',
    );
    // fix's plan at 80 columns for a MyOperator user of an 84-character e-mail: "…northern.region@acmetrader" and "s.in" at the margin.
    const now = wrapIndented('the.night.shift.of.the.accounts.receivable.department.northern.region@acmetraders.in', 80, '           ', '      now  ');
    expect(now).toBe('      now  the.night.shift.of.the.accounts.receivable.department.northern.region\n           @acmetraders.in');
    // One that opens the text and fits on a line of its own, not beside the label, starts that line whole, as a command does.
    expect(wrapIndented('anil.mehta@acmetraders.in: retype it', 30, '  ', '      was: ')).toBe('      was:\n  anil.mehta@acmetraders.in:\n  retype it');
  });
});
