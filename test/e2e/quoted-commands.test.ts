/**
 * A command our sentences quote is pasted as printed. After `--profile work` or `--sandbox`, the
 * hint must carry them: without, `fix --only 24` pasted from a sandbox run changes the real
 * MyOperator, and one from `--profile work` the default profile's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { retarget, retargetJson, shellWord, targetOptions } from '../../src/io/invocation.js';
import { runCli, tempDir } from '../support/cli.js';
import { emulatorEnv, startEmulators } from '../support/emulators.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

describe('quoted commands repeat the options that chose what the run acts on', () => {
  it('map in the sandbox: the fix it suggests names --sandbox and the config dir', async () => {
    const dir = join(tmp.dir, 'typed');
    const run = await runCli(['--config-dir', dir, '--sandbox', 'map', '--zoho', 'suresh.pillai@acmetraders.in', '--myoperator', '24']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`\`phonebridge-sync --sandbox --config-dir ${dir} fix --only 24\``);
  });

  it('options set in the environment are not repeated: the shell the hint is pasted into has them', async () => {
    const dir = join(tmp.dir, 'from-env');
    const run = await runCli(['map', '--zoho', 'suresh.pillai@acmetraders.in', '--myoperator', '24'], { PHONEBRIDGE_CONFIG_DIR: dir, PHONEBRIDGE_SANDBOX: '1' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('`phonebridge-sync fix --only 24`');
  });

  it("an error's fix line carries them too, a directory with a space quoted for the shell", async () => {
    const dir = join(tmp.dir, 'with space');
    const run = await runCli(['--config-dir', dir, '--profile', 'work', 'resync']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`\`phonebridge-sync --config-dir '${dir}' --profile work login zoho --dc `);
  });

  it('a list typed as a command is pointed to with them too, read from the words typed (no options were parsed yet)', async () => {
    const dir = join(tmp.dir, 'typo dir');
    const run = await runCli(['--sandbox', '--config-dir', dir, 'history']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`\`history\` is a list: run \`phonebridge-sync --sandbox --config-dir '${dir}' list history\`.`);
    // As commander read them: glued on with "=" too.
    const glued = await runCli(['--profile=work', `--config-dir=${dir}`, 'history']);
    expect(glued.stderr).toContain(`run \`phonebridge-sync --config-dir '${dir}' --profile work list history\`.`);
  });

  it("fix's piped plan carries them in a conflict's detail (a tab-separated line is pasted from too)", async () => {
    const dir = join(tmp.dir, 'fix-piped');
    const base = ['--config-dir', dir, '--sandbox'];
    expect((await runCli([...base, 'map', '--zoho', 'kavita.joshi@acmetraders.in', '--myoperator', '11', '--yes'])).code).toBe(0);
    const run = await runCli([...base, 'fix', '--dry-run']);
    const line = run.stdout.split('\n').find((l) => l.startsWith('conflict\t'));
    expect(line).toContain(`\`phonebridge-sync --sandbox --config-dir ${dir} map --unmap `);
    expect(run.stdout).not.toMatch(/`phonebridge-sync (?!--sandbox --config-dir)/);
  });

  it("doctor's fix lines carry them", async () => {
    const dir = join(tmp.dir, 'doctor');
    const run = await runCli(['--config-dir', dir, '--sandbox', 'doctor']);
    expect(run.stdout).toContain(`fix: Save the first mappings with \`phonebridge-sync --sandbox --config-dir ${dir} resync\`.`);
    expect(run.stdout).not.toMatch(/`phonebridge-sync (?!--sandbox --config-dir)/);
  });
});

/** Every string in a parsed JSON document, however deep. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  return v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];
}

describe('--json documents: the commands they quote carry the same options as the terminal shows', () => {
  // A " and a space: inside a JSON string the options must be escaped as JSON, and still paste as one word.
  const target = (name: string) => {
    const dir = join(tmp.dir, `${name} "docs"`);
    return { base: ['--sandbox', '--config-dir', dir], options: `--sandbox --config-dir '${dir}'` };
  };

  it("doctor --calls --json: each agent's cure and each check's hint, as the terminal prints them", async () => {
    const { base, options } = target('doctor');
    const json = await runCli([...base, '--json', 'doctor', '--calls']);
    expect(json.code).toBe(5);
    const doc = JSON.parse(json.stdout) as { checks: Array<{ id: string; hint: string | null }>; calls: { agents: Array<{ agent: { extension: string }; cure: { message: string } }> } };
    const ravi = doc.calls.agents.find((a) => a.agent.extension === '12')!;
    expect(ravi.cure.message).toBe(`\`phonebridge-sync ${options} fix --only 12\` sets its MyOperator e-mail to "Ravi.Kumar@acmetraders.in".`);
    expect(doc.checks.find((c) => c.id === 'mapping-health')!.hint).toBe(`Save the first mappings with \`phonebridge-sync ${options} resync\`.`);
    const quoted = strings(doc).flatMap((s) => s.match(/`phonebridge-sync [^`]*`/g) ?? []);
    expect(quoted.length).toBeGreaterThan(10);
    expect(quoted.filter((q) => !q.startsWith(`\`phonebridge-sync ${options} `))).toEqual([]);
    // The very sentence the terminal shows for that agent.
    const text = await runCli([...base, 'doctor', '--calls', '--only', 'calls']);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain(ravi.cure.message);
  });

  it('match, resync, fix and map --json too (piped, written in pieces), never a bare one', async () => {
    const { base, options } = target('others');
    expect((await runCli([...base, 'resync'])).code).toBe(0); // day two: Imran's mapping goes stale
    expect((await runCli([...base, 'map', '--zoho', 'kavita.joshi@acmetraders.in', '--myoperator', '11', '--yes'])).code).toBe(0);
    const docs = [];
    for (const args of [['match'], ['resync', '--dry-run'], ['fix', '--dry-run'], ['map', '--unmap', 'kavita.joshi@acmetraders.in']])
      docs.push(await runCli([...base, '--json', ...args]));
    const quoted = docs.map((r) => strings(JSON.parse(r.stdout)).flatMap((s) => s.match(/`phonebridge-sync [^`]*`/g) ?? []));
    // match: the stale mapping's reason; fix: the conflict's way out.
    expect(quoted[0]).toContain(`\`phonebridge-sync ${options} resync --prune\``);
    expect(quoted[2]!.some((q) => q.startsWith(`\`phonebridge-sync ${options} map --unmap `))).toBe(true);
    expect(quoted.flat().filter((q) => !q.startsWith(`\`phonebridge-sync ${options} `))).toEqual([]);
  });

  it('doctor --calls in text: the next steps are whole commands with them, not a bare `doctor --calls` or `fix`', async () => {
    const { base, options } = target('text');
    const run = await runCli([...base, 'doctor', '--calls', '--since', '30d', '--only', 'calls']);
    const flat = run.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain(`then \`phonebridge-sync ${options} doctor --calls --since 30d\` again to see the cure.`);
    expect(flat).toContain(`then set its MyOperator e-mail with \`phonebridge-sync ${options} fix --only 24\`.`);
    expect(flat).not.toMatch(/[^-]`(fix|doctor --calls)`/);
  });
});

describe('retarget', () => {
  it('adds the options to quoted commands only, and nothing when there are none', () => {
    const text = 'Run `phonebridge-sync fix --only 19`, then `doctor`; phonebridge-sync itself is fine.';
    expect(retarget(text, '--profile work')).toBe('Run `phonebridge-sync --profile work fix --only 19`, then `doctor`; phonebridge-sync itself is fine.');
    expect(retarget(text, '')).toBe(text);
  });

  it('a hint that names --sandbox itself gets it once, and the rest of the options', () => {
    expect(retarget('`phonebridge-sync --sandbox resync`', '--sandbox --config-dir /x')).toBe('`phonebridge-sync --sandbox --config-dir /x resync`');
    expect(retarget('`phonebridge-sync --sandbox resync`', '--config-dir /x')).toBe('`phonebridge-sync --sandbox --config-dir /x resync`');
    expect(retarget('`phonebridge-sync --sandbox resync`', '--sandbox')).toBe('`phonebridge-sync --sandbox resync`');
  });

  it('a command that names its own --profile gets the other options, not this run\'s --profile before its own', () => {
    const own = '`phonebridge-sync --profile work logout zoho` revokes it; `phonebridge-sync list zoho`';
    for (const profile of ['staging', 'a b', "it's", '-dash', 'esc\x1b[31m'])
      expect(retarget(own, targetOptions({ configDir: '/tmp/$cfg', profile, mappings: '/m.json' }))).toBe(
        `\`phonebridge-sync --config-dir '/tmp/$cfg' --mappings /m.json --profile work logout zoho\` revokes it; \`phonebridge-sync ${targetOptions({ configDir: '/tmp/$cfg', profile, mappings: '/m.json' })} list zoho\``,
      );
    expect(retarget(own, '--profile staging')).toBe('`phonebridge-sync --profile work logout zoho` revokes it; `phonebridge-sync --profile staging list zoho`');
    const json = JSON.stringify({ hint: own });
    expect(JSON.parse(retargetJson(json, targetOptions({ configDir: '/tmp/a"b', profile: "it's\x1b" }))).hint).toMatch(/^`phonebridge-sync --config-dir '\/tmp\/a"b' --profile work logout zoho`/);
  });

  it('a value that starts with "-" is joined by "=", as it had to be typed', () => {
    expect(targetOptions({ configDir: '--odd', profile: '-p' })).toBe('--config-dir=--odd --profile=-p');
  });

  it('quotes for a POSIX shell what a shell would split or expand', () => {
    expect(targetOptions({ sandbox: true, configDir: "/tmp/it's here", profile: 'work', mappings: 'm.json' })).toBe(
      "--sandbox --config-dir '/tmp/it'\\''s here' --profile work --mappings m.json",
    );
    expect(shellWord('$HOME')).toBe("'$HOME'");
    expect(targetOptions({})).toBe('');
  });

  it("a file name given to a pasted command is one word as typed, in bash and in zsh, which expands a bare leading \"=\" to a program's path", async () => {
    // `=calls.json` was printed bare: pasted into zsh (macOS's shell), `=ls` became /bin/ls, and `=calls.json` "calls.json not found".
    const names = ['=calls.json', 'calls.json;rm -rf ~', "it's $(id)`x`.json", 'call.json\n.sh'];
    expect(names.map(shellWord)).toEqual(["'=calls.json'", "'calls.json;rm -rf ~'", "'it'\\''s $(id)`x`.json'", "$'call.json\\012.sh'"]);
    const dir = join(tmp.dir, 'webhook-name');
    const run = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--webhook', names[0]!, '--since', '7d']);
    expect(run.code).toBe(2);
    const pasted = /`phonebridge-sync (.*)`\.$/m.exec(run.stderr)?.[1];
    expect(pasted).toBe(`--sandbox --config-dir ${dir} doctor --webhook '=calls.json' --calls --since 7d`);
    // Pasted into a shell, each name is the one word typed.
    const words = execFileSync('bash', ['-c', `printf '%s\\0' ${names.map(shellWord).join(' ')}`], { encoding: 'utf8' });
    expect(words.split('\0').slice(0, -1)).toEqual(names);
  });

  it('a config dir with an escape sequence is quoted as $\'…\', never with the raw ESC, and a shell pastes back the very path', async () => {
    const dir = join(tmp.dir, "esc-\u001b[31m it's\u200b");
    expect(shellWord(dir)).toBe(`$'${tmp.dir}/esc-\\033[31m it\\'s\\342\\200\\213'`);
    // resync's closing sentence quotes `resync --prune` with this run's --config-dir: the ESC turned the terminal red.
    const base = ['--sandbox', '--config-dir', dir];
    expect((await runCli([...base, 'resync'])).code).toBe(0);
    const run = await runCli([...base, 'resync', '--dry-run']);
    const quoted = /`phonebridge-sync --sandbox --config-dir (\$'[^`]*') resync --prune`/.exec(run.stderr)?.[1];
    expect(quoted).toBe(shellWord(dir));
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u200b]/);
    expect(execFileSync('bash', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' })).toBe(dir);
  });
});

describe('data is never rewritten', () => {
  it('list --json is an export read back as it is: a name holding "`phonebridge-sync " is not given this run\'s options', async () => {
    const e = await startEmulators();
    try {
      const odd = '`phonebridge-sync fix` Bot';
      e.zoho.users[0]!.full_name = odd;
      const run = await runCli(['--config-dir', join(tmp.dir, 'export'), '--json', 'list', 'zoho'], emulatorEnv(e));
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as { users: Array<{ name: string }> }).users.map((u) => u.name)).toContain(odd);
    } finally {
      await e.close();
    }
  });
});
