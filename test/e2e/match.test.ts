import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_CASES } from '../../src/sandbox/demo-company.js';
import { BIN, noStack, runCli, tempDir } from '../support/cli.js';
import { writeDemoExports } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
let files: { zohoFile: string; myoperatorFile: string };
beforeAll(() => {
  tmp = tempDir();
  files = writeDemoExports(tmp.dir);
});
afterAll(() => tmp.cleanup());

const offline = () => ['match', '--zoho-file', files.zohoFile, '--myoperator-file', files.myoperatorFile];
/** A file of these bytes in the temporary dir, by name: its path. */
const written = (name: string, content: string | Uint8Array) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, content);
  return path;
};
const matchFiles = (zohoFile: string, myoperatorFile: string, ...rest: string[]) =>
  runCli(['--config-dir', tmp.dir, 'match', '--zoho-file', zohoFile, '--myoperator-file', myoperatorFile, ...rest]);

interface Doc {
  summary: Record<string, number>;
  results: Array<{
    status: string;
    zoho: { email: string } | null;
    myoperator: { id: string; email: string } | null;
    candidates: unknown[];
    confidence: number;
    reasons: Array<{ code: string; side: string; message: string }>;
  }>;
}

describe('match --json on the demo company', () => {
  let doc: Doc;
  let run: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    run = await runCli(['--config-dir', tmp.dir, '--json', ...offline()]);
    doc = JSON.parse(run.stdout) as Doc;
  });
  const byZoho = (email: string) => doc.results.find((r) => r.zoho?.email === email)!;

  it('prints exactly one JSON document on stdout and exits 0', () => {
    expect(run.code).toBe(0);
    expect(Object.keys(doc)).toEqual(['summary', 'results']);
    expect(run.stdout.trim().startsWith('{')).toBe(true);
  });

  it.each([
    ['exact', 'exact', []],
    ['case', 'mismatch', ['case']],
    ['whitespace', 'mismatch', ['whitespace']],
    ['invisible-character', 'mismatch', ['invisible-character']],
    ['confusable-character', 'mismatch', ['confusable-character']],
    ['unicode-normalization', 'mismatch', ['unicode-normalization']],
    ['plus-address', 'suggested', ['plus-address', 'same-name']],
    ['local-part-typo', 'suggested', ['local-part-typo', 'same-name']],
    ['domain-typo', 'suggested', ['domain-typo', 'same-name']],
    ['other-domain', 'suggested', ['other-domain', 'same-name']],
    ['same-name', 'suggested', ['same-name']],
    ['duplicate-email', 'ambiguous', ['duplicate-email']],
    ['empty-email', 'suggested', ['same-name', 'empty-email']],
    ['inactive-zoho', 'inactive', ['inactive']],
    ['inactive-myoperator', 'inactive', ['inactive']],
    ['zoho-only', 'zoho-only', []],
    // The pair is right, but Pooja has not accepted Zoho's invitation: PhoneBridge attributes none of her calls until then.
    ['not-confirmed', 'exact', ['unconfirmed']],
  ] as const)('%s → %s with reasons %j', (which, status, reasons) => {
    const r = byZoho(DEMO_CASES[which]);
    expect(r.status).toBe(status);
    expect(r.reasons.map((x) => x.code)).toEqual(reasons);
    for (const x of r.reasons) expect(x.message.length).toBeGreaterThan(20);
  });

  it('lists MyOperator users nobody claimed as myoperator-only, an empty e-mail among them', () => {
    const only = doc.results.filter((r) => r.status === 'myoperator-only');
    expect(only.map((r) => r.myoperator!.email).sort()).toEqual(['', 'reception@acmetraders.in']);
    // Each no-e-mail row names the cure its status allows: Night Shift resembles no Zoho user, so "`fix`
    // sets it once the pair is mapped" named a pair there was none to map; Suresh's pair is `map`'s to confirm.
    const noEmail = (r: Doc['results'][number]) => r.reasons.find((x) => x.code === 'empty-email')!.message;
    expect(noEmail(only.find((r) => r.myoperator!.email === '')!)).toBe(
      "MyOperator user has no e-mail, so PhoneBridge attributes none of its calls until it holds its Zoho user's, and no Zoho user still unmatched resembles it: it needs one added in Zoho first, whom `map` then asks about (`fix` sets the e-mail once the pair is mapped)",
    );
    expect(noEmail(byZoho(DEMO_CASES['empty-email']))).toMatch(/ \(`map` asks about the pair; once it is mapped, `fix` sets it\)$/);
    expect(doc.summary).toMatchObject({
      exact: 4,
      mismatch: 5,
      suggested: 6,
      ambiguous: 1,
      inactive: 2,
      'zoho-only': 1,
      'myoperator-only': 2,
      mapped: 0,
      ignored: 0,
    });
  });

  it('escapes invisible characters in the JSON text, and they parse back to the exact bytes', () => {
    expect(run.stdout).toContain('vikram\\u200b.singh');
    expect(byZoho(DEMO_CASES['invisible-character']).myoperator!.email).toBe('vikram\u200b.singh@acmetraders.in');
  });
});

describe('match output and exit codes', () => {
  it('piped: one tab-separated line per result, invisible and look-alike characters as code points, summary on stderr', async () => {
    const run = await runCli(['--config-dir', tmp.dir, ...offline()]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').slice(0, -1);
    expect(lines).toHaveLength(21);
    expect(lines.every((l) => l.split('\t').length === 7)).toBe(true);
    expect(run.stdout).toContain('vikram<U+200B>.singh');
    expect(run.stdout).toContain('meena.iyer@acmetraders.in<U+0020>');
    // A Cyrillic "а" and a fullwidth "ｐ" must not pass for Latin letters in a pipe either (as in fix and history).
    expect(run.stdout).toContain('\t<U+0430>nil.mehta@acmetraders.in\t0.85\tconfusable-character\n');
    expect(run.stdout).toContain('\t<U+FF50>riya.nair@acmetraders.in\t');
    expect(run.stdout).toMatch(/^exact\t\d+\tpooja\.sharma@acmetraders\.in\t\w+\tpooja\.sharma@acmetraders\.in\t1\.00\tunconfirmed$/m);
    expect(run.stdout).not.toMatch(/[\u200b\u001b\u0430\uff50]/);
    expect(run.stderr).toMatch(/^19 Zoho users: 4 exact, 5 mismatch, 6 suggested, 1 ambiguous, 2 inactive, 1 zoho-only; 2 MyOperator users matched by none \(myoperator-only\)\.\n$/);
  });

  // Farhan's switched-off phone (ext 25) holding Lakshmi's e-mail, as her old phone (ext 26) does, while she is mapped to Night Shift (ext 31).
  it('the summary counts every MyOperator user holding the e-mail of a Zoho user mapped to another, the one paired by name too', async () => {
    const dir = join(tmp.dir, 'held-by-name');
    mkdirSync(join(dir, 'sandbox'), { recursive: true });
    writeFileSync(join(dir, 'sandbox', 'sandbox-state.json'), JSON.stringify({ emails: { s5f3b0c2d9b30: 'lakshmi.menon@acmetraders.in' }, enabled: { s5f3b0c2d9b30: '0' } }));
    expect((await runCli(['--config-dir', dir, '--sandbox', 'map', '--zoho', 'lakshmi.menon@acmetraders.in', '--myoperator', '31', '--yes'])).code).toBe(0);
    const run = await runCli(['--config-dir', dir, '--sandbox', 'match']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^inactive\t\d+\tfarhan\.ali@acmetraders\.in\ts5f3b0c2d9b30\tlakshmi\.menon@acmetraders\.in\t0\.50\tsame-name,zoho-mapped-elsewhere,inactive$/m);
    expect(run.stdout.match(/^zoho-mapped-elsewhere\t/gm)).toHaveLength(1);
    // It said "1 MyOperator user has …": the status's count, one row, where two phones hold the e-mail.
    expect(run.stderr).toContain('; 2 MyOperator users have the e-mail of a Zoho user mapped to another (zoho-mapped-elsewhere: 1 alone, 1 paired with another Zoho user).');
  });

  // Farhan's phone (ext 25) the only holder of Lakshmi's e-mail (her old phone's changed), Lakshmi mapped to Night Shift (ext 31):
  // her line read "needs-fix" alone and the summary "1 that fix refuses as it stands", where fix's refusal is the holder.
  it('a Zoho user whose e-mail only a phone paired by name holds says zoho-mapped-elsewhere on its own line, and the summary sends it to map again', async () => {
    const dir = join(tmp.dir, 'held-by-name-alone');
    mkdirSync(join(dir, 'sandbox'), { recursive: true });
    writeFileSync(join(dir, 'sandbox', 'sandbox-state.json'), JSON.stringify({ emails: { s5f3b0c2d9b30: 'lakshmi.menon@acmetraders.in', s5f3b1c309b31: 'lakshmi.old@acmetraders.in' } }));
    expect((await runCli(['--config-dir', dir, '--sandbox', 'map', '--zoho', 'lakshmi.menon@acmetraders.in', '--myoperator', '31', '--yes'])).code).toBe(0);
    const run = await runCli(['--config-dir', dir, '--sandbox', 'match']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^mapped\t\d+\tlakshmi\.menon@acmetraders\.in\ts5f3b6c3f9b36\t\t1\.00\tneeds-fix,zoho-mapped-elsewhere$/m);
    expect(run.stdout).toMatch(/^inactive\t\d+\tfarhan\.ali@acmetraders\.in\ts5f3b0c2d9b30\tlakshmi\.menon@acmetraders\.in\t0\.50\tsame-name,zoho-mapped-elsewhere,inactive$/m);
    expect(run.stderr).toContain('1 mapped (1 with e-mails that differ: to map again or settle first, as zoho-mapped-elsewhere says)');
    expect(run.stderr).not.toContain('fix refuses');
  });

  it("piped: an ambiguous line names each candidate's e-mail, in the order of its ids, not an empty column", async () => {
    const run = await runCli(['--config-dir', tmp.dir, ...offline()]);
    const line = run.stdout.split('\n').find((l) => l.startsWith('ambiguous\t'))!.split('\t') as [string, string, string, string, string];
    const ids = line[3].split(',');
    expect(ids).toHaveLength(2);
    expect(line[4].split(',')).toEqual(['arjun.malhotra@acmetraders.in', 'arjun.malhotra@acmetraders.in']);
    // E-mails that differ (in case): each stands where its own id stands.
    const zoho = written('ambiguous-z.csv', 'id,zuid,name,email,status,confirmed,active\n11,901,Asha Rao,asha@acme.in,active,true,true\n');
    const mo = written('ambiguous-m.csv', 'id,user_id,name,email,extension,active\nm1,7,Asha Rao,Asha@acme.in,11,true\nm2,8,Asha R,ASHA@acme.in,12,true\n');
    const cased = (await matchFiles(zoho, mo)).stdout.split('\n').find((l) => l.startsWith('ambiguous\t'))!.split('\t') as [string, string, string, string, string];
    const byId: Record<string, string> = { m1: 'Asha@acme.in', m2: 'ASHA@acme.in' };
    expect(cased[3].split(',').sort()).toEqual(['m1', 'm2']);
    expect(cased[4].split(',')).toEqual(cased[3].split(',').map((id) => byId[id]));
  });

  // The line not picked read "myoperator-only … 0.00" with no reason, beside "exact … ravi@acme.in"; in the mirror, ravi@
  // read "exact" and Ravi@ "zoho-only … 0.00" with no reason, where byte-identical Zoho users are both ambiguous.
  it.each([
    {
      name: 'two lines whose e-mails differ only by case, against one Zoho user: ambiguous between them with duplicate-email, no myoperator-only line',
      file: 'case-dup',
      zoho: 'id,name,email\nz1,Ravi Kumar,ravi@acme.in\nz2,Asha Rao,asha@acme.in\n',
      mo: 'uuid,name,email,extension\nm1,Ravi Kumar,Ravi@acme.in,12\nm2,Ravi Kumar,ravi@acme.in,30\nm3,Asha Rao,asha@acme.in,11\n',
      stdout: 'exact\tz2\tasha@acme.in\tm3\tasha@acme.in\t1.00\t\nambiguous\tz1\travi@acme.in\tm2,m1\travi@acme.in,Ravi@acme.in\t0.50\tduplicate-email\n',
      stderr: '2 Zoho users: 1 exact, 1 ambiguous.\n',
      why: ['2 MyOperator users have this e-mail, exactly or up to case, spaces or look-alike characters: Ravi Kumar (ext 12, but for letter case) and Ravi Kumar (ext 30, exactly); choose one by hand (`map` asks which)'],
    },
    {
      name: 'two Zoho users whose e-mails differ only by case, against one line: both ambiguous for it with duplicate-email, no exact pair beside a zoho-only row',
      file: 'zoho-case-dup',
      zoho: 'id,name,email\nz1,Ravi Kumar,ravi@acme.in\nz3,Ravi K,Ravi@acme.in\n',
      mo: 'uuid,name,email,extension\nm2,Ravi Kumar,ravi@acme.in,30\n',
      stdout: 'ambiguous\tz3\tRavi@acme.in\tm2\travi@acme.in\t0.48\tduplicate-email\nambiguous\tz1\travi@acme.in\tm2\travi@acme.in\t0.50\tduplicate-email\n',
      stderr: '2 Zoho users: 2 ambiguous.\n',
      why: ['Another Zoho user (Ravi Kumar <ravi@acme.in>) has this e-mail but for letter case; choose by hand', 'Another Zoho user (Ravi K <Ravi@acme.in>) has this e-mail but for letter case; choose by hand'],
    },
    {
      // Each said the other "has the same e-mail", untrue byte for byte, where neither has the line's exactly.
      name: 'two Zoho users whose e-mails differ only by case, both near one line: each says the other has it but for case',
      file: 'zoho-case-near',
      zoho: 'id,name,email\nz1,Ravi Kumar,ravi@acme.in\nz3,Ravi K,Ravi@acme.in\n',
      mo: 'uuid,name,email,extension\nm2,Ravi Kumar,RAVI@acme.in,30\n',
      stdout: 'ambiguous\tz3\tRavi@acme.in\tm2\tRAVI@acme.in\t0.48\tduplicate-email\nambiguous\tz1\travi@acme.in\tm2\tRAVI@acme.in\t0.48\tduplicate-email\n',
      stderr: '2 Zoho users: 2 ambiguous.\n',
      why: ['Another Zoho user (Ravi Kumar <ravi@acme.in>) has this e-mail but for letter case; choose by hand', 'Another Zoho user (Ravi K <Ravi@acme.in>) has this e-mail but for letter case; choose by hand'],
    },
  ])('$name', async ({ file, stdout, stderr, why, ...users }) => {
    const zoho = written(`${file}-z.csv`, users.zoho);
    const mo = written(`${file}-m.csv`, users.mo);
    const run = await matchFiles(zoho, mo);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, stdout, stderr]);
    const doc = JSON.parse((await matchFiles(zoho, mo, '--json')).stdout) as Doc;
    expect(doc.results.filter((r) => r.status === 'ambiguous').map((r) => r.reasons[0]!.message)).toEqual(why);
  });

  // RAVI@ read "zoho-only z4 RAVI@acme.in … 0.00" with no reason, beside two exact pairs of its address but for case.
  it('three Zoho users whose e-mails differ only by case, two with a line each: the third is zoho-only saying the others hold its address but for case', async () => {
    const zoho = written('zoho-case-three-z.csv', 'id,name,email\nz1,Ravi Kumar,ravi@acme.in\nz3,Ravi K,Ravi@acme.in\nz4,Ravi KR,RAVI@acme.in\n');
    const mo = written('zoho-case-three-m.csv', 'uuid,name,email,extension\nm1,Ravi K,Ravi@acme.in,12\nm2,Ravi Kumar,ravi@acme.in,30\n');
    const run = await matchFiles(zoho, mo);
    expect([run.code, run.stderr]).toEqual([0, '3 Zoho users: 2 exact, 1 zoho-only.\n']);
    expect(run.stdout).toContain('zoho-only\tz4\tRAVI@acme.in\t\t\t0.00\tduplicate-email\n');
    const doc = JSON.parse((await matchFiles(zoho, mo, '--json')).stdout) as Doc;
    expect(doc.results.find((r) => r.zoho?.email === 'RAVI@acme.in')!.reasons.map((r) => r.message)).toEqual([
      'Other Zoho users (Ravi K <Ravi@acme.in> and Ravi Kumar <ravi@acme.in>) have this e-mail but for letter case, and each has a MyOperator line of its own, matched exactly: none is left for this one',
    ]);
  });

  it("a Zoho user who has not accepted Zoho's invitation is said so alone on its side (zoho-only) or between candidates (ambiguous), not only beside a pair", async () => {
    const zoho = written('unconfirmed-z.csv', 'id,zuid,name,email,status,confirmed,active\n21,921,Gaurav Bose,gaurav@acme.in,active,false,true\n22,922,Arjun Malhotra,arjun@acme.in,active,false,true\n');
    const mo = written('unconfirmed-m.csv', 'id,user_id,name,email,extension,active\nm1,7,Arjun Malhotra,arjun@acme.in,11,true\nm2,8,Arjun M.,arjun@acme.in,12,true\n');
    const doc = JSON.parse((await runCli(['--config-dir', tmp.dir, '--json', 'match', '--zoho-file', zoho, '--myoperator-file', mo])).stdout) as Doc;
    const unconfirmed = {
      code: 'unconfirmed',
      side: 'zoho',
      message: "Zoho user has not accepted Zoho's invitation (not confirmed), so PhoneBridge attributes none of its calls until the invitation is accepted (an admin can resend it from Zoho's Setup → Users)",
    };
    // Both rows said nothing of it: a zoho-only row no reason at all, an ambiguous one its duplicates alone.
    const of = (email: string) => doc.results.find((r) => r.zoho?.email === email)!;
    expect([of('gaurav@acme.in'), of('arjun@acme.in')].map((r) => [r.status, r.reasons.map((x) => x.code)])).toEqual([
      ['zoho-only', ['unconfirmed']],
      ['ambiguous', ['duplicate-email', 'unconfirmed']],
    ]);
    expect(of('gaurav@acme.in').reasons[0]).toEqual(unconfirmed);
    expect(of('arjun@acme.in').reasons[1]).toEqual(unconfirmed);
  });

  it('--fail-on-unresolved exits 5 after printing the report', async () => {
    const run = await runCli(['--config-dir', tmp.dir, '--json', ...offline(), '--fail-on-unresolved']);
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).summary.exact).toBe(4);
    expect(run.stderr).toMatch(/14 active Zoho users are neither mapped, exact nor ignored/);
  });

  it('--fail-on-unresolved on exports points to the report it printed, not to a live `match` that reads other users', async () => {
    const run = await runCli(['--config-dir', tmp.dir, ...offline(), '--fail-on-unresolved']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(
      "14 active Zoho users are neither mapped, exact nor ignored.\nThe report on standard output gives each one's status and reasons; " +
        `\`phonebridge-sync --config-dir ${tmp.dir} map\` maps users of the live accounts, not of exports, at a terminal.\n`,
    );
    expect(run.stderr).not.toContain('match` says why');
  });

  it('a broken file is exit 2 with a sentence naming the file and the user, never a stack trace', async () => {
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ users: [{ id: '1', email: 'a@b.in' }, { email: 'x@y.in' }], info: { more_records: false } }));
    const run = await runCli(['match', '--zoho-file', bad, '--myoperator-file', files.myoperatorFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}: user 2, users[1].id:`);
    expect(noStack(run.stderr)).toBe(true);
    expect(run.stdout).toBe('');
  });

  it.each([
    [['match', '--zoho-file', 'nope.json', '--myoperator-file', 'nope2.csv'], /Cannot read nope\.json: no such file/],
    [['match', '--zoho-file', 'z.json'], /--myoperator-file is missing/],
    [['match', '--frobnicate'], /unknown option '--frobnicate'/],
    // An option typed short of its end was refused with no suggestion: "--dry" is 4 letters from "--dry-run".
    [['fix', '--dry'], /^error: unknown option '--dry'\n\(Did you mean --dry-run\?\)\n/],
  ])('usage errors exit 2: %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(noStack(run.stderr)).toBe(true);
  });

  it.each([
    [['--zoho-file', '', '--myoperator-file', 'm.csv'], /^--zoho-file was given an empty value: no file to read\.\n/],
    [['--zoho-file', '', '--myoperator-file', ''], /^--zoho-file was given an empty value: no file to read\.\n/],
    [['--zoho-file', '-', '--myoperator-file', 'm.csv'], /^--zoho-file takes a file's path, and "-" is not read as standard input\.\n/],
  ])('a file flag with no path in it is exit 2 saying what it was given: %j', async (args, message) => {
    const run = await runCli(['--config-dir', tmp.dir, 'match', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('an unknown command is exit 2 naming it, with --help too (not the top-level help); a kind of list says where it is', async () => {
    const typo = await runCli(['mapp', '--help']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toMatch(/unknown command 'mapp'\n\(Did you mean map\?\)/);
    const history = await runCli(['history', '--help']);
    expect(history.code).toBe(2);
    expect(history.stdout).toBe('');
    expect(history.stderr).toContain('`history` is a list: run `phonebridge-sync list history`.');
    // An option's value after --help is not a command: the help is shown, nothing runs.
    const valueAfterHelp = await runCli(['--config-dir', tmp.dir, '--help', '--profile', 'work', 'resync', '--prune']);
    expect(valueAfterHelp.code).toBe(0);
    expect(valueAfterHelp.stdout).toMatch(/^Usage: phonebridge-sync/);
    const flagFirst = await runCli(['--help', 'histroy']);
    expect(flagFirst.code).toBe(2);
    expect(flagFirst.stderr).toMatch(/^error: unknown command 'histroy'/);
    const helpTypo = await runCli(['help', 'fixx']);
    expect(helpTypo.code).toBe(2);
    expect(helpTypo.stderr).toMatch(/^error: unknown command 'fixx'\n\(Did you mean fix\?\)/);
    expect((await runCli(['resync', '--help'])).code).toBe(0);
    expect((await runCli(['help', 'resync'])).code).toBe(0);
  });

  it("an option typed as a command says whose option it is, with the command to run: commander's \"Did you mean map?\" gave `map 12`, refused", async () => {
    const unmap = await runCli(['unmap', '12']);
    expect({ code: unmap.code, stdout: unmap.stdout }).toEqual({ code: 2, stdout: '' });
    expect(unmap.stderr).toContain('`unmap` is an option of map: run `phonebridge-sync map --unmap 12`.');
    const calls = await runCli(['calls', '--since', '30d']);
    expect(calls.stderr).toContain('`calls` is an option of doctor: run `phonebridge-sync doctor --calls --since 30d`.');
    // A secret typed after `--` is not repeated: a placeholder stands for it.
    const worklist = await runCli(['worklist', 'w.csv', '--', '--token', 's3cr3t-tok', '--client-secret=s3cr3t-cs']);
    expect(worklist.stderr).toContain('`worklist` is an option of fix: run `phonebridge-sync fix --worklist w.csv -- --token <token> --client-secret=<client-secret>`.');
    expect(worklist.stderr).not.toContain('s3cr3t');
    // The word commander found, not the first like it typed: a profile named "calls" before it gave
    // `doctor --calls calls --since 7d`. A global option is kept wherever it was typed: before the
    // word, --yes was dropped, and the resync pasted from the hint then refused to run off a terminal.
    const twice = await runCli(['--profile', 'calls', 'calls', '--since', '7d']);
    expect(twice.stderr).toContain('`calls` is an option of doctor: run `phonebridge-sync --profile calls doctor --calls --since 7d`.');
    const before = await runCli(['--yes', 'prune', '--dry-run']);
    expect(before.stderr).toContain('`prune` is an option of resync: run `phonebridge-sync resync --prune --dry-run --yes`.');
    const after = await runCli(['prune', '--dry-run', '--yes']);
    expect(after.stderr).toContain('`prune` is an option of resync: run `phonebridge-sync resync --prune --dry-run --yes`.');
    // A word after `--` is no option: commander's parse lost the `--`, and `prune -- --yes` offered
    // `resync --prune --yes`, a run that sends. The `--` stays where it was typed, after the options.
    const dashes = await runCli(['prune', '--', '--yes']);
    expect(dashes.stderr).toContain('`prune` is an option of resync: run `phonebridge-sync resync --prune -- --yes`.');
    const global = await runCli(['--yes', 'prune', '--', '--dry-run']);
    expect(global.stderr).toContain('`prune` is an option of resync: run `phonebridge-sync resync --prune --yes -- --dry-run`.');
    // After an option commander does not know, it keeps the `--` itself: given once, and the program's options before it.
    const kept = await runCli(['--yes', 'prune', '--dry-run', '--', 'x']);
    expect(kept.stderr).toContain('`prune` is an option of resync: run `phonebridge-sync resync --prune --dry-run --yes -- x`.');
    // Everything after the first `--` is an operand, shown back as typed: a second `--` (taken for the
    // first: `prune -- --` offered `resync --prune`, `prune -- -- --yes` `resync --prune -- --yes`), and a help flag.
    for (const [typed, run] of [
      [['prune', '--', '--'], 'resync --prune -- --'],
      [['prune', '--', '--', '--yes'], 'resync --prune -- -- --yes'],
      [['prune', '--dry-run', '--', '--'], 'resync --prune --dry-run -- --'],
      [['prune', '--', '--help'], 'resync --prune -- --help'],
    ])
      expect({ typed, stderr: (await runCli(typed as string[])).stderr }).toEqual({ typed, stderr: expect.stringContaining(`\`prune\` is an option of resync: run \`phonebridge-sync ${run}\`.\n`) });
    // An option that takes a value gets the word after `--` glued on: `map --unmap -- 12` gives --unmap "--".
    const value = await runCli(['unmap', '--', '-12']);
    expect(value.stderr).toContain('`unmap` is an option of map: run `phonebridge-sync map --unmap=-12`.');
  });

  it('an option word that takes a value, typed as a command with none, gives a command that runs: `map --unmap` alone was "argument missing"', async () => {
    for (const [word, run] of [
      ['unmap', 'map --unmap <user>'],
      ['ignore', 'map --ignore <user>'],
      ['import', 'map --import <file>'],
      ['webhook', 'doctor --webhook <file>'],
      ['worklist', 'fix --worklist <file>'],
    ] as const) {
      const typed = await runCli([word]);
      expect({ word, code: typed.code, stdout: typed.stdout }).toEqual({ word, code: 2, stdout: '' });
      expect(typed.stderr).toContain(`\`${word}\` is an option of ${run.split(' ')[0]} and takes a value: run \`phonebridge-sync ${run}\`.\n`);
    }
    // The program's options typed with it follow the value, not take its place; an option word after it is no value either.
    expect((await runCli(['--sandbox', 'webhook', '--json'])).stderr).toContain('run `phonebridge-sync --sandbox doctor --webhook <file> --json`.');
    expect((await runCli(['worklist', '--dry-run'])).stderr).toContain('run `phonebridge-sync fix --worklist <file> --dry-run`.');
    // One that takes no value is given as it was.
    expect((await runCli(['auto'])).stderr).toContain('`auto` is an option of map: run `phonebridge-sync map --auto`.\n');
  });

  // Nor commander's "(run with --help for usage)": it came between the refusal and the line that
  // says where the word belongs, the generic step read first.
  it("a command word with a hint of ours has no \"(Did you mean map?)\" nor \"(run with --help for usage)\" of commander's above it: the first led to plain `map`", async () => {
    expect((await runCli(['unmap'])).stderr).toBe("error: unknown command 'unmap'\n`unmap` is an option of map and takes a value: run `phonebridge-sync map --unmap <user>`.\n");
    expect((await runCli(['unmap', '12'])).stderr).toBe("error: unknown command 'unmap'\n`unmap` is an option of map: run `phonebridge-sync map --unmap 12`.\n");
    expect((await runCli(['--config-dir', tmp.dir, 'history'])).stderr).toBe(`error: unknown command 'history'\n\`history\` is a list: run \`phonebridge-sync --config-dir ${tmp.dir} list history\`.\n`);
    expect((await runCli(['diagnose'])).stderr).toBe("error: unknown command 'diagnose'\n`diagnose` is what doctor does: run `phonebridge-sync doctor`.\n");
    // A near name with no hint of ours keeps commander's suggestion.
    expect((await runCli(['mapp'])).stderr).toBe("error: unknown command 'mapp'\n(Did you mean map?)\n(run with --help for usage)\n");
    // A word after `--` that starts with "--" is none of the commands: commander suggested one cut
    // short by two letters ("(Did you mean --tch?)", "--lp" for help).
    for (const word of ['--match', '--help'])
      expect((await runCli(['--', word])).stderr).toBe(`error: unknown command '${word}'\n(run with --help for usage)\n`);
  });

  it.each([
    [['fix', '--dry-run=yes'], '--dry-run'],
    [['--yes=true', 'fix'], '--yes'],
    [['fix', '--yes=true'], '--yes'],
    [['--json=1', 'match'], '--json'],
    [['--no-pager=x', 'list', 'zoho'], '--no-pager'],
    [['login', 'zoho', '--no-verify=s3cr3t'], '--no-verify'],
    // commander splits `-y=1` into -y and "-=1": it said "unknown option '-=…'".
    [['-y=1', 'fix'], '-y'],
    [['fix', '-y=1'], '-y'],
  ])('%j says the option takes no value, not "unknown option (Did you mean it?)"', async (args, flag) => {
    const run = await runCli(['--config-dir', tmp.dir, ...args]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${flag} takes no value: write ${flag} alone.\n(run with --help for usage)\n`,
    });
  });

  // commander reads a group of short options as each in turn: `-yn=1` as -y, then "-n=1", and it said
  // "unknown option '-n=…'", though what is wrong is a value given to -y's group.
  it.each([
    [['-yn=1', 'fix']],
    [['fix', '-yn=1']],
    [['--sandbox', 'fix', '-yn=s3cr3t']],
  ])('%j names the option that takes no value and how the group was read', async (args) => {
    const run = await runCli(['--config-dir', tmp.dir, ...args]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: -y takes no value, so -yn=… was read as -y, then -n=…, which is no option: write -y alone.\n(run with --help for usage)\n',
    });
  });

  it('help asked for after an option typed before its command is that command\'s help: `--dry-run fix --help` showed the top-level help', async () => {
    for (const args of [['--dry-run', 'fix', '--help'], ['--sandbox', '--dry-run', 'fix', '-h'], ['--prune', '--max-prune', '3', 'fix', '--help']]) {
      const run = await runCli(args);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^Usage: phonebridge-sync fix \[options\]\n/);
    }
    // With no command after it, the help is the top-level one, as before.
    expect((await runCli(['--dry-run', '--help'])).stdout).toMatch(/^Usage: phonebridge-sync \[options\] \[command\]\n/);
  });

  it('an option of a command typed before the command says so, with the command to run: it said "unknown option \'--dry-run\'" and nothing else', async () => {
    // Global options go before or after the command, as --help says; a newcomer puts fix's there too.
    const dryRun = await runCli(['--config-dir', tmp.dir, '--dry-run', 'fix', '--only', '12']);
    expect({ code: dryRun.code, stdout: dryRun.stdout }).toEqual({ code: 2, stdout: '' });
    expect(dryRun.stderr).toMatch(/^error: unknown option '--dry-run'\n/);
    expect(dryRun.stderr).toContain(`\`--dry-run\` is an option of fix, so it goes after it: run \`phonebridge-sync --config-dir ${tmp.dir} fix --only 12 --dry-run\`.\n`);
    // Its value moves with it, and a target typed after it is kept (dropped, pasted, it would act on the real accounts).
    const status = await runCli(['--status', 'active', '--sandbox', 'list', 'zoho']);
    expect(status.stderr).toContain('`--status` is an option of list, so it goes after it: run `phonebridge-sync --sandbox list zoho --status active`.');
    // A secret is not repeated: a placeholder stands for it.
    const token = await runCli(['--token', 's3cr3t-tok', 'login', 'myoperator']);
    expect(token.stderr).toContain('`--token` is an option of login, so it goes after it: run `phonebridge-sync login myoperator --token <token>`.');
    expect(token.stderr).not.toContain('s3cr3t');
    // Before another command, or none: whose it is, and no command that would fail again.
    const prune = await runCli(['--prune', 'fix']);
    expect(prune.code).toBe(2);
    expect(prune.stderr).toContain('`--prune` is an option of resync, not of fix: it goes after the command it is for.\n');
    const alone = await runCli(['--dry-run']);
    expect(alone.stderr).toContain('`--dry-run` is an option of logout, resync or fix: it goes after the command it is for.\n');
  });

  it('an option of another command typed after a command says whose it is: it said "unknown option \'--prune\'" and nothing else', async () => {
    const prune = await runCli(['--config-dir', tmp.dir, 'fix', '--only', '12', '--prune']);
    expect({ code: prune.code, stdout: prune.stdout }).toEqual({ code: 2, stdout: '' });
    expect(prune.stderr).toBe("error: unknown option '--prune'\n`--prune` is an option of resync, not of fix.\n");
    expect((await runCli(['resync', '--only', '12'])).stderr).toContain('`--only` is an option of fix or doctor, not of resync.\n');
    // One no command has is commander's alone.
    expect((await runCli(['fix', '--frobnicate'])).stderr).toBe("error: unknown option '--frobnicate'\n(run with --help for usage)\n");
  });

  // Beside our line, commander's "(run with --help for usage)" came between it and the refusal, the
  // generic step read first, as it did for a command word with a hint of ours.
  it('an option with a hint of ours says whose it is right after the refusal, with no "(run with --help for usage)" between', async () => {
    expect((await runCli(['fix', '--prune'])).stderr).toBe("error: unknown option '--prune'\n`--prune` is an option of resync, not of fix.\n");
    expect((await runCli(['fix', '--prune=3'])).stderr).toBe("error: unknown option '--prune=…'\n`--prune` is an option of resync, not of fix.\n");
    expect((await runCli(['--dry-run', 'fix'])).stderr).toBe("error: unknown option '--dry-run'\n`--dry-run` is an option of fix, so it goes after it: run `phonebridge-sync fix --dry-run`.\n");
    expect((await runCli(['--prune'])).stderr).toBe("error: unknown option '--prune'\n`--prune` is an option of resync: it goes after the command it is for.\n");
    // A near name, or none, with no line of ours keeps commander's.
    expect((await runCli(['fix', '--pru'])).stderr).toBe("error: unknown option '--pru'\n(run with --help for usage)\n");
    expect((await runCli(['fix', '--dry'])).stderr).toBe("error: unknown option '--dry'\n(Did you mean --dry-run?)\n(run with --help for usage)\n");
  });

  it("the command a command word's hint offers has only options that command takes: `diagnose --token x` offered `doctor --token <token>`, which doctor refuses", async () => {
    const diagnose = await runCli(['diagnose', '--token', 's3cr3t-tok', '--calls']);
    expect({ code: diagnose.code, stdout: diagnose.stdout }).toEqual({ code: 2, stdout: '' });
    expect(diagnose.stderr).toContain('`diagnose` is what doctor does: run `phonebridge-sync doctor --calls` (doctor has no --token).\n');
    // An option of another command, with its value (a secret here, never repeated), or of none, is left out and named.
    const worklist = await runCli(['worklist', 'w.csv', '--dry-run', '--token', 's3cr3t-tok', '--client-secret=s3cr3t-cs', '--nosuch']);
    expect(worklist.stderr).toContain('`worklist` is an option of fix: run `phonebridge-sync fix --worklist w.csv --dry-run` (fix has no --token, --client-secret or --nosuch).\n');
    expect(`${diagnose.stderr}${worklist.stderr}`).not.toContain('s3cr3t');
    // The value an option left out would have taken is not the value of the option offered.
    expect((await runCli(['unmap', '--since', '7d'])).stderr).toContain('`unmap` is an option of map and takes a value: run `phonebridge-sync map --unmap <user>` (map has no --since).\n');
    // A hidden option (map's --dry-run, which only says map has none) is not offered either.
    expect((await runCli(['auto', '--dry-run'])).stderr).toContain('`auto` is an option of map: run `phonebridge-sync map --auto` (map has no --dry-run).\n');
  });

  it('a list typed as a command keeps the options that list reads: `history --since 7d --csv` offered plain `list history`, the options dropped unsaid', async () => {
    const history = await runCli(['history', '--since', '7d', '--csv']);
    expect({ code: history.code, stdout: history.stdout }).toEqual({ code: 2, stdout: '' });
    expect(history.stderr).toContain('`history` is a list: run `phonebridge-sync list history --since 7d --csv`.\n');
    // One that list takes but this list does not read is left out and named, as `list zoho --since 7d` would refuse it.
    expect((await runCli(['zoho', '--status', 'inactive', '--since', '7d', '--json'])).stderr).toContain(
      '`zoho` is a list: run `phonebridge-sync list zoho --status inactive --json` (list zoho has no --since).\n',
    );
  });

  it("the help's summary names the commands, and a verb it once used for one, typed as a command, says which: \"diagnose\" and \"explain\" were unknown commands", async () => {
    const help = await runCli(['--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'Keep MyOperator users and Zoho CRM users mapped for Zoho PhoneBridge: list, match (explain every mismatch), map, resync, fix, doctor (diagnose). ',
    );
    const diagnose = await runCli(['diagnose', '--calls']);
    expect({ code: diagnose.code, stdout: diagnose.stdout }).toEqual({ code: 2, stdout: '' });
    expect(diagnose.stderr).toContain('`diagnose` is what doctor does: run `phonebridge-sync doctor --calls`.\n');
    expect((await runCli(['--config-dir', tmp.dir, 'explain'])).stderr).toContain(`\`explain\` is what match does: run \`phonebridge-sync --config-dir ${tmp.dir} match\`.\n`);
  });

  it('--help shows examples and the exit-code table; --version the package version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:\n\s+0\s+ok\n\s+1\s+unexpected/);
    expect(help.stdout).toContain('130  cancelled');
    // --yes skips the question; Esc is an answer to the question, asked only without it.
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '-y, --yes answer yes to every confirmation without asking (needed off a terminal; without it, a terminal asks, and Esc answers no)',
    );
    // PHONEBRIDGE_PAGER wins over PAGER (io/pager.ts), as the Environment section lists them.
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--no-pager never page long output (the pager: PHONEBRIDGE_PAGER, else PAGER, else less)');
    const v = await runCli(['--version']);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('a report of many chunks', () => {
  // match --json writes results 2,000 at a time from one reused buffer when stdout is its own (a
  // file, or a pipe whose reader keeps up), and copies what a lagging reader leaves queued: a pipe
  // read late must get every byte a file gets.
  it('reaches a file and a pipe read late byte for byte, invisible characters escaped in both', async () => {
    const n = 6500;
    const zoho = Array.from({ length: n }, (_, i) => ({ id: String(4815900000000000000n + BigInt(i)), email: `agent.${i}@acme.in`, full_name: `Agent ${i}`, status: 'active', confirm: true }));
    const mo = Array.from({ length: n }, (_, i) => ({
      uuid: `u${i}`,
      user_id: String(200000 + i),
      name: i % 997 === 0 ? `Agent\u200b ${i}` : `Agent ${i}`,
      email: i % 3 === 0 ? `agent.${i}@acme.co.in` : `agent.${i}@acme.in`,
      extension: String(1000 + i),
      is_active: '1',
    }));
    const args = [BIN, '--config-dir', tmp.dir, '--json', 'match', '--zoho-file', written('many-z.json', JSON.stringify({ users: zoho })), '--myoperator-file', written('many-m.json', JSON.stringify({ data: mo }))];
    const env = { PATH: process.env.PATH ?? '', CI: 'true' };
    const toFile = join(tmp.dir, 'many.json');
    const fd = openSync(toFile, 'w');
    const fileRun = spawnSync(process.execPath, args, { env, stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(fileRun.status).toBe(0);
    const piped = await new Promise<Buffer>((done, fail) => {
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
      const chunks: Buffer[] = [];
      child.stdout.pause();
      // Unread for a while, the pipe fills and the writer's bytes wait in its queue.
      setTimeout(() => child.stdout.on('data', (c: Buffer) => chunks.push(c)).resume(), 1500);
      child.on('error', fail).on('close', (code) => (code === 0 ? done(Buffer.concat(chunks)) : fail(new Error(`exit ${code}`))));
    });
    const file = readFileSync(toFile);
    expect(piped.equals(file)).toBe(true);
    const doc = JSON.parse(file.toString('utf8')) as Doc;
    expect(doc.results).toHaveLength(n);
    expect(file.toString('utf8')).toContain('Agent\\u200b 0');
    expect(doc.results.filter((r) => r.status === 'exact')).toHaveLength(n - Math.ceil(n / 3));
  });
});

describe('files that are not users exports', () => {
  it('a megabyte of zeros named .csv is one short sentence saying it is binary, not the "header" quoted back', async () => {
    const zeros = written('zeros.csv', Buffer.alloc(1 << 20));
    const run = await matchFiles(zeros, files.myoperatorFile);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${zeros}: not a CSV or JSON users export: it holds binary data (NUL bytes).`);
    expect(run.stderr.length).toBeLessThan(600);
    expect(noStack(run.stderr)).toBe(true);
    expect(run.stdout).toBe('');
  });

  it('one file given to both flags is exit 2, not its users matched against themselves ("exact", exit 0)', async () => {
    const plain = written('users.csv', 'id,name,email\n11,Asha Rao,asha@acme.in\n');
    const hint = `Pass the Zoho users to --zoho-file and the MyOperator users to --myoperator-file (\`phonebridge-sync --config-dir ${tmp.dir} list zoho --json\` and \`list myoperator --json\` write them).\n`;
    const same = await matchFiles(plain, plain);
    expect({ code: same.code, stdout: same.stdout, stderr: same.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `--zoho-file and --myoperator-file name the same file, ${plain}: its users would be matched against themselves.\n${hint}`,
    });
    // One side's export given to both: named for what it is, without sending it to the flag it was given to already.
    for (const [file, side, other] of [
      [written('z.csv', 'id,zuid,name,email,status,confirmed,active\n11,901,Asha Rao,asha@acme.in,active,true,true\n'), 'zoho', 'MyOperator'],
      [written('m.csv', 'id,user_id,name,email,extension,active\nm1,7,Asha Rao,asha@acme.in,11,true\n'), 'myoperator', 'Zoho'],
    ] as const) {
      const both = await matchFiles(file, file);
      expect({ code: both.code, stdout: both.stdout, stderr: both.stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: `${file}: this is a \`list ${side} --csv\` export, not ${other} users. It is given to both flags.\n${hint}`,
      });
    }
    const link = join(tmp.dir, 'users-link.csv');
    symlinkSync(plain, link);
    const linked = await matchFiles(plain, link);
    expect({ code: linked.code, stderr: linked.stderr }).toEqual({
      code: 2,
      stderr: `--zoho-file ${plain} and --myoperator-file ${link} are one file: its users would be matched against themselves.\n${hint}`,
    });
  });
});

describe('one file given to both flags, judged by its head', () => {
  // The body is never read: a million users were read and parsed twice (about 30 s) only to be refused.
  // A body no reader takes (bytes that are not UTF-8, a NUL, a row of the wrong width, JSON cut off)
  // shows it: read in full, each side said that fault instead.
  const garbage = Buffer.from([0xff, 0x00, 0xfe, 0x0a, 0x22, 0x2c, 0x0a]);
  const hint = () =>
    `Pass the Zoho users to --zoho-file and the MyOperator users to --myoperator-file (\`phonebridge-sync --config-dir ${tmp.dir} list zoho --json\` and \`list myoperator --json\` write them).\n`;

  it.each([
    ['a CSV header', 'head.csv', 'id,name,email\n11,Asha Rao,asha@acme.in\n'],
    ['a JSON array', 'head.json', '[{"id": "11", "name": "Asha Rao", "email": "asha@acme.in"}, '],
    ['a JSON array whose first user has objects of its own', 'head-nested.json', '[{"id": "11", "email": "asha@acme.in", "team": {"name": "Sales"}, "groups": [{"id": "g1"}], "name": "Asha Rao"}, {"id": '],
  ])('%s followed by garbage is refused as one file, exit 2', async (_, name, start) => {
    const file = written(name, Buffer.concat([Buffer.from(start), garbage]));
    const run = await matchFiles(file, file);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `--zoho-file and --myoperator-file name the same file, ${file}: its users would be matched against themselves.\n${hint()}`,
    });
  });

  it('an API body is said to be given to both flags, not asked "did you swap --zoho-file and --myoperator-file?"', async () => {
    const { zohoFile, myoperatorFile } = writeDemoExports(mkdtempSync(join(tmp.dir, 'both-api-')));
    for (const [file, expected] of [
      [zohoFile, 'a MyOperator users response {"status": "success", "data": [...]}'],
      [myoperatorFile, 'a Zoho users response {"users": [...]}'],
    ] as const) {
      const run = await matchFiles(file, file);
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: `${file}: expected ${expected} or a JSON array of users. It is given to both flags.\n${hint()}`,
      });
    }
  });

  it('a named pipe given to both flags is refused before it is read: the second side waited for ever for another writer', async () => {
    const pipe = join(tmp.dir, 'users.pipe');
    execFileSync('mkfifo', [pipe]);
    const run = await matchFiles(pipe, pipe);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `--zoho-file and --myoperator-file name the same file, ${pipe}: its users would be matched against themselves.\n${hint()}`,
    });
  });

  it("one side's export is named by its header, whatever follows", async () => {
    const file = written('head-z.csv', Buffer.concat([Buffer.from('id,zuid,name,email,status,confirmed,active\n'), garbage]));
    const run = await matchFiles(file, file);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: `${file}: this is a \`list zoho --csv\` export, not MyOperator users. It is given to both flags.\n${hint()}` });
  });
});

describe('exports matched as their plain UTF-8, comma-separated copy is', () => {
  it.each([
    ['UTF-16 with a byte-order mark (Windows PowerShell `>`)', Buffer.from('\ufeffid,name,email\r\nz1,José Núñez,asha@acme.in\r\n', 'utf16le'), 'uuid,email\nm1,asha@acme.in\n'],
    ['semicolons, quoted, as Excel writes them in much of Europe', '"id";"email";"name"\r\n"z1";"asha@acme.in";"Asha Rao"\r\n', 'uuid;email;name\r\nm1;asha@acme.in;Asha Rao\r\n'],
    ['a blank status cell (active, as without the column; it was inactive)', 'id,email,status\nz1,asha@acme.in,\n', 'uuid,email,status\nm1,asha@acme.in,\n'],
  ])('%s', async (_, zoho, myoperator) => {
    const run = await matchFiles(written('zoho-copy.csv', zoho), written('mo-copy.csv', myoperator));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('exact\tz1\tasha@acme.in\tm1\tasha@acme.in\t1.00\t\n');
  });
});

describe('exports saved in another encoding', () => {
  const myoperator = () => written('mo-enc.csv', 'uuid,name,email\nm1,José Núñez,jose@acme.in\n');

  it.each([
    ['UTF-16 without a byte-order mark', Buffer.from('id,name,email\r\nz1,José Núñez,jose@acme.in\r\n', 'utf16le'), 'is UTF-16 text (little-endian, with no byte-order mark), not UTF-8.'],
    ['Latin-1', Buffer.from('id,name,email\nz1,José Núñez,jose@acme.in\n', 'latin1'), 'is not UTF-8 text (line 2 is not: a Latin-1 or Windows-1252 export?).'],
  ])('%s is exit 2, saying so and to save it as UTF-8', async (_, bytes, sentence) => {
    const zoho = written('zoho-enc.csv', bytes);
    const run = await matchFiles(zoho, myoperator());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${zoho} ${sentence}`);
    expect(run.stderr).toContain('Save it as UTF-8');
    expect(noStack(run.stderr)).toBe(true);
    expect(run.stdout).toBe('');
  });
});

describe("the other side's export", () => {
  it('`list myoperator --json | jq .users` passed as --zoho-file is exit 2 naming it, not matched against itself', async () => {
    const rows = written('mo-rows.json', JSON.stringify([{ id: 's5f3a', user_id: '227001', name: 'Asha Rao', email: 'asha@acme.in', extension: '14', active: true }]));
    const run = await matchFiles(rows, rows);
    expect(run.code).toBe(2);
    // Given to both flags, it was "Pass it to --myoperator-file: did you swap …?", where it was already.
    expect(run.stderr).toBe(
      `${rows}: these look like MyOperator users, not Zoho users: "user_id" and "extension" are MyOperator fields. It is given to both flags.\nPass the Zoho users to --zoho-file and the MyOperator users to --myoperator-file (\`phonebridge-sync --config-dir ${tmp.dir} list zoho --json\` and \`list myoperator --json\` write them).\n`,
    );
    expect(run.stdout).toBe('');
  });
});

describe('an export with no users', () => {
  it.each([
    ['a CSV header alone', 'zoho-empty.csv', 'id,name,email\n'],
    ['an empty JSON array', 'zoho-empty.json', '[]'],
  ])('%s fails --fail-on-unresolved with exit 5 naming the file, rather than passing with "nothing to match"', async (_, name, text) => {
    const empty = written(name, text);
    const run = await matchFiles(empty, files.myoperatorFile, '--fail-on-unresolved');
    expect(run.code).toBe(5);
    // The last two lines: which file, and what to do (the sentence alone left the admin to guess).
    expect(run.stderr.split('\n').slice(-3)).toEqual([
      `${empty} has no Zoho users.`,
      `Export that side again, whole: a filtered view or a failed export has no users (\`phonebridge-sync --config-dir ${tmp.dir} list zoho --json\` writes one).`,
      '',
    ]);
  });

  it('without --fail-on-unresolved, the run says which file has no users', async () => {
    const empty = written('mo-empty.json', JSON.stringify({ status: 'success', data: [] }));
    const run = await matchFiles(files.zohoFile, empty);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `Note: ${empty} has no MyOperator users.\nExport that side again, whole: a filtered view or a failed export has no users (\`phonebridge-sync --config-dir ${tmp.dir} list myoperator --json\` writes one).\n`,
    );
    // Under --fail-on-unresolved every active Zoho user is unresolved because of the empty side:
    // the error sent the admin to `map` ("maps users of the live accounts") for them, and never said
    // to export that side again.
    const failing = await matchFiles(files.zohoFile, empty, '--fail-on-unresolved');
    expect(failing.code).toBe(5);
    const [said, cure, end] = failing.stderr.split('\n').slice(-3);
    expect(said).toMatch(/ has no MyOperator users; \d+ active Zoho users are neither mapped, exact nor ignored\.$/);
    expect(cure).toBe(`Export that side again, whole: a filtered view or a failed export has no users (\`phonebridge-sync --config-dir ${tmp.dir} list myoperator --json\` writes one).`);
    expect(end).toBe('');
  });
});

describe('a Zoho export re-saved by a spreadsheet', () => {
  it('with ids in scientific notation is exit 2 naming the row, not matched', async () => {
    const zoho = written('zoho-excel.csv', 'id,zuid,name,email,status,confirmed,active\r\n4.8159E+18,60012037,Asha Rao,asha@acme.in,active,TRUE,TRUE\r\n');
    const run = await matchFiles(zoho, written('mo-excel.csv', 'uuid,name,email\nm1,Asha Rao,asha@acme.in\n'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${zoho}: row 2 has the Zoho id "4.8159E+18", turned into a number by a spreadsheet (written in scientific notation), so it names nobody.`);
    expect(run.stdout).toBe('');
  });
});

describe('a CSV export with empty rows, as a spreadsheet saves them', () => {
  const mo = () => written('mo-rows.csv', 'uuid,name,email\nm1,Asha Rao,asha@acme.in\nm2,Ravi Kumar,ravi@acme.in\n');

  it('skips a row of separators alone, as it skips a blank line, and matches the rest', async () => {
    const zoho = written('zoho-blank-rows.csv', 'id,name,email,status\n11,Asha Rao,asha@acme.in,active\n\n,,,\n12,Ravi Kumar,ravi@acme.in,active\n,,,\n');
    const run = await matchFiles(zoho, mo());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('2 Zoho users: 2 exact');
    expect(run.stdout.split('\n').filter(Boolean).map((l) => l.split('\t').slice(0, 2))).toEqual([
      ['exact', '11'],
      ['exact', '12'],
    ]);
  });

  it('names a bad row by the line it is on, blank lines and multi-line cells counted', async () => {
    const zoho = written('zoho-bad-row.csv', 'id,name,email\n11,"Asha\nRao",asha@acme.in\n\n12,Ravi Kumar\n');
    const run = await matchFiles(zoho, mo());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${zoho}: row 5 has 2 fields where the header has 3.\nFix that row, or export the file again.\n`);
    const dup = written('zoho-dup-row.csv', 'id,name,email\n11,"Asha\nRao",asha@acme.in\n\n11,Ravi Kumar,ravi@acme.in\n');
    const again = await matchFiles(dup, mo());
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${dup}: row 5 has the same id as row 2, "11": an id names one user.`);
  });
});

describe('a JSON export with an entry that is no user at all', () => {
  it.each([
    ['zoho-strings.json', '["asha@acme.in"]', 'user 1 is a string, not a user'],
    ['zoho-null.json', JSON.stringify([{ id: '11', email: 'asha@acme.in' }, null]), 'user 2 is null, not a user'],
    ['zoho-api-number.json', JSON.stringify({ users: [7] }), 'user 1 (users[0]) is a number, not a user'],
  ])('%s names that entry, not "the document"', async (name, content, says) => {
    const zoho = written(name, content);
    const run = await matchFiles(zoho, written('mo-one.csv', 'uuid,email\nm1,asha@acme.in\n'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${zoho}: ${says}: each user is a JSON object of its fields (id, e-mail, name…).\nFix that entry, or export the file again.\n`);
  });
});

describe("match's own --csv output given back as users", () => {
  it('is named as match results, not sent to rename a column', async () => {
    const results = await runCli(['--config-dir', tmp.dir, ...offline(), '--csv']);
    expect(results.code).toBe(0);
    const resultsFile = written('match-results.csv', results.stdout);
    const run = await matchFiles(resultsFile, files.myoperatorFile);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${resultsFile}: this is a \`match --csv\` output: match results, not Zoho users.\nPass a \`list zoho --csv\` or \`list zoho --json\` export (or the API's response) to --zoho-file.\n`,
    );
  });
});

// Arjun's phone on duty (ext 22) given his e-mail up to case, the switched-off old phone (ext 23)
// keeping it byte for byte: match offered the old phone alone ("inactive … reactivate it, or leave
// it"), ext 22 a row of its own that nobody resembled, and fix planned nothing for Arjun.
describe('a switched-off old phone with the exact e-mail beside the phone on duty that has it up to case', () => {
  let cfg: string;
  beforeAll(() => {
    cfg = join(tmp.dir, 'arjun-case');
    mkdirSync(join(cfg, 'sandbox'), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(cfg, 'sandbox', 'sandbox-state.json'),
      JSON.stringify({ day: 1, emails: { s5f3adc249b2d: 'Arjun.Malhotra@acmetraders.in' }, enabled: {}, cleared: {} }),
    );
  });

  it("match leads with the phone on duty, as a mismatch, and says the old phone gives up the e-mail first", async () => {
    const run = await runCli(['--config-dir', cfg, '--sandbox', '--json', 'match']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as Doc;
    const arjun = doc.results.find((r) => r.zoho?.email === DEMO_CASES['duplicate-email'])!;
    expect(arjun).toMatchObject({ status: 'mismatch', myoperator: { id: 's5f3adc249b2d', email: 'Arjun.Malhotra@acmetraders.in' }, confidence: 0.95 });
    expect(arjun.candidates).toHaveLength(1);
    expect(arjun.reasons.map((r) => r.code)).toEqual(['case', 'duplicate-email']);
    expect(arjun.reasons[1]!.message).toBe(
      "MyOperator user Arjun M. (old) (ext 23, switched off) still has this e-mail exactly, and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets the e-mail of Arjun Malhotra (ext 22)",
    );
    // Neither phone has a row of its own: ext 22 is Arjun's, and his row names ext 23.
    expect(doc.results.filter((r) => !r.zoho && /arjun/i.test(r.myoperator!.email))).toEqual([]);
  });

  it('fix --dry-run plans no change to either phone: the one on duty is a conflict, named with the old phone', async () => {
    const run = await runCli(['--config-dir', cfg, '--sandbox', 'fix', '--dry-run']);
    // 5: the run it previews would end on that conflict (README's exit codes; 11f1778).
    expect(run.code).toBe(5);
    const arjun = run.stdout.split('\n').filter((l) => /arjun/i.test(l));
    expect(arjun).toHaveLength(1);
    expect(arjun[0]!.split('\t').slice(0, 7)).toEqual(['conflict', '4815900000000195028', DEMO_CASES['duplicate-email'], 's5f3adc249b2d', '22', 'Arjun.Malhotra@acmetraders.in', DEMO_CASES['duplicate-email']]);
    expect(arjun[0]).toContain("Arjun M. (old) (ext 23, switched off) still has \"arjun.malhotra@acmetraders.in\" exactly, and switching a user off does not clear its e-mail");
    expect(arjun[0]).toContain("so change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets the e-mail of Arjun Malhotra (ext 22).");
  });

  // Mapped to the phone on duty, the pair was summed up "to map again or settle first, as
  // zoho-mapped-elsewhere says": no mapping is wrong, and the old phone's e-mail is all that is in the way.
  it("once Arjun is mapped to the phone on duty, the summary and the gate say to change the old phone's e-mail first, not to map again", async () => {
    const mapped = join(tmp.dir, 'arjun-case-mapped');
    mkdirSync(join(mapped, 'sandbox'), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(mapped, 'sandbox', 'sandbox-state.json'),
      JSON.stringify({ day: 1, emails: { s5f3adc249b2d: 'Arjun.Malhotra@acmetraders.in' }, enabled: {}, cleared: {} }),
    );
    expect((await runCli(['--config-dir', mapped, '--sandbox', 'map', '--zoho', DEMO_CASES['duplicate-email'], '--myoperator', '22', '--yes'])).code).toBe(0);
    const run = await runCli(['--config-dir', mapped, '--sandbox', 'match']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(": 1 mapped (1 with e-mails that differ: to change the e-mail of the switched-off user still holding it first (switching a user off does not clear its e-mail), as zoho-mapped-elsewhere says), ");
    expect(run.stderr).not.toContain('map again');
    const gate = await runCli(['--config-dir', mapped, '--sandbox', 'match', '--fail-on-unresolved']);
    expect(gate.code).toBe(5);
    expect(gate.stderr).toContain('(1 to change the e-mail of the switched-off user still holding it first (switching a user off does not clear its e-mail), as zoho-mapped-elsewhere says)');
    expect(gate.stderr).not.toContain('map again');
  });
});

describe('what match loads', () => {
  const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  /**
   * The node_modules packages a run loaded, from the module hooks in test/support/load-log. The bin
   * runs the esbuild bundle, whose chunks hold many packages each: a chunk stands for every package
   * the bundle's metafile (dist/bundle/meta.json) says went into it.
   */
  async function packagesLoaded(args: string[], hook?: { file: string; env: Record<string, string> }): Promise<{ code: number; packages: Set<string> }> {
    const log = join(tmp.dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
    const imports = [resolve('test/support/load-log/register.mjs'), ...(hook ? [hook.file] : [])].map((f) => `--import=${f}`).join(' ');
    const run = await runCli(args, { NODE_OPTIONS: imports, LOAD_LOG: log, ...hook?.env });
    const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    const outputs = (JSON.parse(readFileSync('dist/bundle/meta.json', 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }).outputs;
    const packages = new Set<string>();
    for (const url of urls) {
      const direct = packageOf(url);
      if (direct) packages.add(direct);
      const chunk = url.startsWith('file:') ? relative(process.cwd(), fileURLToPath(url)) : '';
      for (const input of Object.keys(outputs[chunk]?.inputs ?? {})) {
        const p = packageOf(input);
        if (p) packages.add(p);
      }
    }
    return { code: run.code, packages };
  }

  it("start-up, before any command, loads no command's module: --max-changes' default is core's, not fix's, and fix's plan comes with the commands that use it", () => {
    // From the bundle's metafile, no process: the entry chunk and the chunks it imports statically.
    const outputs = (JSON.parse(readFileSync('dist/bundle/meta.json', 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }> }).outputs;
    const chunks = new Set<string>();
    for (const todo = ['dist/bundle/cli.js']; todo.length > 0; ) {
      const chunk = todo.pop()!;
      if (chunks.has(chunk)) continue;
      chunks.add(chunk);
      todo.push(...outputs[chunk]!.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path));
    }
    const modules = [...chunks].flatMap((c) => Object.keys(outputs[c]!.inputs)).filter((m) => !m.includes('node_modules'));
    expect(modules).toContain('dist/core/max-changes.js');
    expect(modules.filter((m) => /^dist\/(commands|doctor)\/|\/fix-plan\.js$/.test(m))).toEqual([]);
  });

  it('commander is in the entry chunk itself: imported as a value by a module fix or doctor share, it went to a chunk of its own, one more file every start-up read', () => {
    // esbuild puts a module reached from cli.js and from a command's lazy chunk in a chunk of its
    // own, even though cli.js is always loaded first; cli.ts hands commander's rule to the commands instead.
    const outputs = (JSON.parse(readFileSync('dist/bundle/meta.json', 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }).outputs;
    const holding = Object.keys(outputs).filter((chunk) => Object.keys(outputs[chunk]!.inputs).some((m) => packageOf(m) === 'commander'));
    expect(holding).toEqual(['dist/bundle/cli.js']);
  });

  it('a well-formed JSON export loads neither zod, the CSV parser, nor the table and colour libraries', async () => {
    const { code, packages } = await packagesLoaded(['--json', ...offline()]);
    expect(code).toBe(0);
    expect(packages.has('commander')).toBe(true);
    for (const heavy of ['zod', 'csv-parse', 'cli-table3', 'chalk']) expect(packages.has(heavy)).toBe(false);
  });

  it("a command that talks to the APIs loads got, but not the packages got uses only for options it never sets", async () => {
    const { code, packages } = await packagesLoaded(['--sandbox', '--config-dir', join(tmp.dir, 'cfg-loaded'), 'list', 'zoho', '--json']);
    expect(code).toBe(0);
    expect(packages.has('got')).toBe(true);
    for (const unused of ['http2-wrapper', 'cacheable-request', 'cacheable-lookup', 'keyv']) expect(packages.has(unused)).toBe(false);
  });

  it("loading got makes no Intl formatter: the two ListFormats of its type checks are made on first use", async () => {
    // scripts/bundle.mjs rewrites those module-level objects; a package that changed shape would
    // bring the cost back to every API command's start-up without failing anything else.
    const hook = join(tmp.dir, 'count-intl.mjs');
    const log = join(tmp.dir, 'intl-count.txt');
    writeFileSync(
      hook,
      [
        "import { writeFileSync } from 'node:fs';",
        'let made = 0;',
        "for (const k of ['ListFormat', 'Segmenter']) { const C = Intl[k]; Intl[k] = class extends C { constructor(...a) { super(...a); made++; } }; }",
        "process.on('exit', () => writeFileSync(process.env.INTL_LOG, String(made)));",
      ].join('\n'),
    );
    const { code, packages } = await packagesLoaded(['--sandbox', '--config-dir', join(tmp.dir, 'cfg-intl'), 'list', 'zoho', '--json'], {
      file: hook,
      env: { INTL_LOG: log },
    });
    expect(code).toBe(0);
    expect(packages.has('got')).toBe(true);
    expect(readFileSync(log, 'utf8')).toBe('0');
  });

  it('a bad entry loads zod, which names the field', async () => {
    const bad = join(tmp.dir, 'bad-entry.json');
    writeFileSync(bad, JSON.stringify([{ id: '1', email: 42 }]));
    const { code, packages } = await packagesLoaded(['match', '--zoho-file', bad, '--myoperator-file', files.myoperatorFile]);
    expect(code).toBe(2);
    expect(packages.has('zod')).toBe(true);
  });
});
