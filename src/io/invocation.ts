/**
 * The commands our sentences quote (`phonebridge-sync fix --only 19`) are meant to be pasted as
 * printed. Typed after `--profile work` or `--sandbox`, a hint without them would act on the
 * default profile, or on the real accounts: `fix` would change another company's MyOperator. So
 * every quoted command repeats the options of this run that choose what it acts on, as they were
 * typed. Options set through the environment are not repeated: the shell that ran this run still
 * has them. JSON documents get the same options (retargetJson): a script or a dashboard that runs
 * the cure a `--json` document gives (`calls.agents[].cure`, a check's hint) would otherwise run it
 * on the default profile, perhaps the real account, not the one just audited.
 *
 * Only commands quoted whole, with the program's name, are changed. A command named alone
 * (the `fix --only` a row names, "is a `list zoho --json` export", "does not apply to `list zoho`") is most
 * often a reference rather than a line to paste; made whole, those sentences became unreadable.
 */

/** The options typed on the command line that choose what a command acts on. */
export interface Target {
  sandbox?: boolean;
  configDir?: string;
  profile?: string;
  mappings?: string;
}

/** A word as a POSIX shell reads it back: bare when it is safe bare, else in single quotes, or in $'…' when it holds a character the terminal must not get raw. */
export function shellWord(s: string): string {
  // Not a leading "=": zsh turns a bare `=name` into the path of the program name (`=ls` is /bin/ls).
  if (/^[\w@%+:,./-][\w@%+=:,./-]*$/.test(s)) return s;
  if (UNSEEN.test(s)) return `$'${[...s].map((ch) => (ch === '\\' || ch === "'" ? `\\${ch}` : UNSEEN.test(ch) ? octal(ch) : ch)).join('')}'`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A control, invisible or odd space character: raw in a command to paste, an ESC drives the
 * terminal that shows it and the others hide. Such a word is written in $'…' (POSIX.1-2024, bash,
 * zsh, ksh), the character as the octal escapes of its UTF-8 bytes, which the shell turns back
 * into it: pasted, the command names the very directory typed (`--config-dir $'/tmp/cfg-\033[31m'`).
 */
const UNSEEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{White_Space}/u;
function octal(ch: string): string {
  // Always three digits: a digit after the escape is never read as part of it.
  return [...Buffer.from(ch, 'utf8')].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

/**
 * A path as the operand of a command to paste (`chmod u+w DIR`, `rm FILE`): a relative one that
 * starts with "-" (`--config-dir=-cfg`) would be read as options (`chmod u+w -cfg` changes nothing
 * and fails), so it is given as ./-cfg.
 */
export function pathWord(p: string): string {
  return shellWord(p.startsWith('-') ? `./${p}` : p);
}

/**
 * `--sandbox --config-dir X --profile P --mappings F`, of those given; '' for none. A value that
 * starts with "-" is joined by "=", as it had to be typed (option-values.ts refuses it apart).
 */
export function targetOptions(t: Target): string {
  const out: string[] = [];
  const option = (flag: string, v: string) => out.push(v.startsWith('-') ? `${flag}=${shellWord(v)}` : `${flag} ${shellWord(v)}`);
  if (t.sandbox) out.push('--sandbox');
  if (t.configDir !== undefined) option('--config-dir', t.configDir);
  if (t.profile !== undefined) option('--profile', t.profile);
  if (t.mappings !== undefined) option('--mappings', t.mappings);
  return out.join(' ');
}

/**
 * `text` with each quoted command (a backtick, then `phonebridge-sync `, perhaps `--sandbox`, and
 * a command) given the options. Only quoted commands: a program name in running prose, or in a
 * heading, is not a command to paste. A hint that names `--sandbox` itself keeps it (a list export,
 * which is not rewritten, needs it there) and gets it once.
 */
export function retarget(text: string, options: string): string {
  return retargeted(text, options, withoutProfile(options));
}

/**
 * retarget, `ownProfile` the options a command that names its own profile gets (logout's
 * "`phonebridge-sync --profile work logout zoho` revokes it"): the others, not this run's --profile
 * before its own.
 */
function retargeted(text: string, options: string, ownProfile: string): string {
  if (!options) return text;
  const rest = options.replace(/^--sandbox( |$)/, '');
  return text
    .replace(/`phonebridge-sync (?=--profile[ =])/g, () => `\`phonebridge-sync ${ownProfile ? `${ownProfile} ` : ''}`)
    .replace(/`phonebridge-sync (--sandbox )?(?=[a-z])/g, (_, sandbox: string | undefined) =>
      `\`phonebridge-sync ${sandbox || options.startsWith('--sandbox') ? `--sandbox ${rest}` : options}`.trimEnd() + ' ',
    );
}

/** targetOptions' options without its --profile, whose value is in one of shellWord's forms (bare, '…' with '\'' for a quote, $'…'). */
function withoutProfile(options: string): string {
  return options.replace(/(^| )--profile[ =](?:\$'(?:[^'\\]|\\.)*'|'[^']*'(?:\\''[^']*')*|[^ ]+)/, '').trim();
}

/**
 * retarget on the text of a JSON document: a quoted command there is inside a JSON string, so the
 * options are written into it as JSON writes them (a --config-dir holding " or \ stays one string).
 */
export function retargetJson(json: string, options: string): string {
  const escaped = (o: string) => JSON.stringify(o).slice(1, -1);
  return options ? retargeted(json, escaped(options), escaped(withoutProfile(options))) : json;
}
