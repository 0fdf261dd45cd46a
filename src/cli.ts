/**
 * The commander program: global options, the commands, and the one handler that turns every error
 * into a sentence and an exit code. Command modules are imported inside their action, so
 * `--help` and `--version` load nothing but commander.
 */
import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { CliError, EXIT, EXIT_CODE_TABLE } from './errors.js';
import { redact } from './clients/redact.js';
import { endQuietlyOnClosedPipe, exitCodeAfter, readerGone } from './io/closed-pipe.js';
import type { Context, GlobalOptions } from './context.js';
import type { Clients } from './clients/connect.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const EXAMPLES = `
Examples:
  $ phonebridge-sync --sandbox resync            try everything on the built-in demo company
  $ phonebridge-sync match --zoho-file zoho.json --myoperator-file myoperator.csv
  $ phonebridge-sync match --json --zoho-file z.csv --myoperator-file m.csv | jq .summary

Exit codes:
${EXIT_CODE_TABLE.map(([code, what]) => `  ${String(code).padEnd(4)} ${what}`).join('\n')}

Environment:
  PHONEBRIDGE_PROFILE, PHONEBRIDGE_CONFIG_DIR   same as --profile, --config-dir
  CI                                           no prompts, spinners, pager or colour
  PHONEBRIDGE_PAGER, PAGER                     pager for output longer than the screen (default: less)

Colour: --no-color turns it off; else FORCE_COLOR (not 0) turns it on, even piped or under CI;
else NO_COLOR turns it off, and so does CI; else it is on at a terminal. --json is never coloured.
`;

/**
 * Closing notes wrap like commander wraps the options: to the terminal (at most 100 columns),
 * indented lines (tables, examples) kept as they are. Computed when help is shown.
 */
function note(text: string): () => string {
  return () => {
    const width = Math.min(process.stdout.columns || 80, 100);
    const wrap = (line: string): string => {
      if (/^\s/.test(line) || line.length <= width) return line;
      const out: string[] = [];
      let cur = '';
      for (const word of line.split(' ')) {
        if (cur && cur.length + 1 + word.length > width) {
          out.push(cur);
          cur = word;
        } else cur = cur ? `${cur} ${word}` : word;
      }
      return [...out, cur].join('\n');
    };
    return text.split('\n').map(wrap).join('\n');
  };
}

/** Two examples for each command, shown under its --help. */
const COMMAND_EXAMPLES: Record<string, string[]> = {
  match: ['phonebridge-sync --sandbox match', 'phonebridge-sync match --zoho-file zoho.json --myoperator-file myoperator.csv --json | jq .summary'],
  login: ['phonebridge-sync login                  # both sides, asking for what is missing', 'phonebridge-sync login myoperator --token "$MYOPERATOR_TOKEN"'],
  logout: ['phonebridge-sync logout', 'phonebridge-sync logout zoho --profile staging'],
  list: ['phonebridge-sync --sandbox list zoho --status active', 'phonebridge-sync list mappings --csv > mappings.csv'],
  map: ['phonebridge-sync map                    # at a terminal: one question per Zoho user', 'phonebridge-sync map --zoho ravi.kumar@acme.in --myoperator 14'],
  resync: ['phonebridge-sync resync --dry-run', 'phonebridge-sync resync --prune --fail-on-unresolved --yes   # in CI'],
  doctor: ['phonebridge-sync doctor', 'phonebridge-sync --sandbox doctor --webhook call.json'],
};

function globalsOf(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals();
  return {
    profile: o.profile,
    configDir: o.configDir,
    json: o.json === true,
    color: o.color !== false,
    verbose: o.verbose === true,
    sandbox: o.sandbox === true,
    yes: o.yes === true,
    mappings: o.mappings,
    pager: o.pager !== false,
  };
}

let verbose = process.argv.includes('--verbose');

async function contextFor(cmd: Command): Promise<Context> {
  const { createContext } = await import('./context.js');
  const globals = globalsOf(cmd);
  verbose = globals.verbose;
  return createContext(globals, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
}

async function mappingStore(ctx: Context) {
  const { MappingStore, mappingsPath } = await import('./store/mappings.js');
  return new MappingStore(mappingsPath(ctx.globals, ctx.env));
}

async function fetchBoth(clients: Clients) {
  return (await import('./clients/connect.js')).fetchBothSides(clients);
}

/** Opens the API clients (or the sandbox) for one command and always closes them. */
async function withClients(ctx: Context, work: (clients: Clients) => Promise<void>, needed = true): Promise<void> {
  if (!needed) return work(undefined as never);
  const { connect } = await import('./clients/connect.js');
  const clients = await connect(ctx);
  try {
    await work(clients);
  } finally {
    await clients.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('phonebridge-sync')
    .description('Keep MyOperator users and Zoho CRM users mapped for Zoho PhoneBridge: list, explain, map, resync, diagnose.')
    .version(version, '-V, --version')
    .addOption(new Option('--profile <name>', 'credentials and mappings profile').env('PHONEBRIDGE_PROFILE').default('default'))
    .addOption(new Option('--config-dir <dir>', 'where config, credentials and mappings live').env('PHONEBRIDGE_CONFIG_DIR'))
    .option('--json', 'print one JSON document on stdout, nothing else')
    .option('--no-color', 'no colour (also NO_COLOR and CI; FORCE_COLOR turns it on)')
    .option('--no-pager', 'never page long output (PAGER decides the pager; default less)')
    .option('--verbose', 'trace HTTP requests on stderr (secrets redacted); stack traces on errors')
    .addOption(new Option('--sandbox', 'run against the built-in emulators and demo company').env('PHONEBRIDGE_SANDBOX'))
    .option('-y, --yes', 'assume yes to confirmations')
    .addOption(new Option('--mappings <file>', 'the mappings file (default: <config dir>/mappings/<profile>.json)').env('PHONEBRIDGE_MAPPINGS_FILE'))
    .showHelpAfterError('(run with --help for usage)')
    // Subcommand help lists the global options too (they go before or after the command).
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', EXAMPLES)
    .exitOverride();

  program
    .command('match')
    .description('match Zoho users to MyOperator users and explain every mismatch')
    .option('--zoho-file <file>', 'Zoho users: GET /crm/v8/users JSON, a JSON array, or a CSV export')
    .option('--myoperator-file <file>', 'MyOperator users: GET /user JSON, a JSON array, or a CSV export')
    .option('--fail-on-unresolved', 'exit 5 when an active Zoho user is not mapped, exact or ignored')
    .addHelpText(
      'after',
      note(`
Live, saved mappings show as mapped and ignored users as ignored; exported files are matched on their own.
Output: a table grouped by status on a terminal; piped, one tab-separated line per result:
  status, Zoho id, Zoho e-mail, MyOperator id, MyOperator e-mail, confidence, reason codes
Statuses: mapped, exact, mismatch, suggested, ambiguous, inactive, zoho-only, myoperator-only, ignored.`),
    )
    .action(async (opts, cmd: Command) => {
      const { run } = await import('./commands/match.js');
      const ctx = await contextFor(cmd);
      const live = !opts.zohoFile && !opts.myoperatorFile;
      // Live users are judged with the saved mappings and ignores, as doctor and resync judge them;
      // exported files may come from anywhere, so they are matched on their own.
      const saved = live ? (await mappingStore(ctx)).read() : undefined;
      await withClients(ctx, (clients) => run(opts, ctx, () => fetchBoth(clients), saved), live);
    });

  program
    .command('login')
    .argument('[side]', 'zoho or myoperator (both, one after the other, at a terminal)')
    .description('store and verify credentials (prompts for what is missing at a terminal)')
    .addOption(new Option('--dc <dc>', 'Zoho data centre').choices(['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk']))
    .option('--client-id <id>', 'Zoho Self Client id')
    .option('--client-secret <secret>', 'Zoho Self Client secret')
    .option('--grant-token <code>', 'Zoho Self Client grant token (exchanged once for a refresh token)')
    .option('--refresh-token <token>', 'an existing Zoho refresh token, instead of a grant token')
    .addOption(new Option('--product <product>', 'Zoho product').choices(['crm', 'bigin']).default('crm'))
    .option('--token <token>', 'MyOperator API token')
    .option('--no-verify', 'save without checking the credentials with a real call')
    .addHelpText(
      'after',
      note('\nSecrets on the command line can be seen by other users of the machine: prefer the prompts, or the PHONEBRIDGE_* environment variables in CI.'),
    )
    .action(async (side: string | undefined, opts, cmd: Command) => {
      const { run } = await import('./commands/login.js');
      await run(side, opts, await contextFor(cmd));
    });

  program
    .command('logout')
    .argument('[side]', 'zoho or myoperator (default: both)')
    .description('revoke (where the API allows) and delete stored credentials')
    .action(async (side: string | undefined, _opts, cmd: Command) => {
      const { run } = await import('./commands/logout.js');
      await run(side, await contextFor(cmd));
    });

  program
    .command('list')
    .argument('<what>', 'zoho, myoperator or mappings')
    .description('list the users of one side, or the saved mappings')
    .addOption(
      new Option('--status <status>', 'which users (disabled and deleted: Zoho statuses)').choices(['active', 'inactive', 'disabled', 'deleted', 'all']).default('all'),
    )
    .option('--unmapped', 'only users without a saved mapping')
    .option('--csv', 'CSV with a header row')
    .addHelpText(
      'after',
      `
At a terminal: a table, e-mails whole; columns that do not fit are left out and named on stderr.
Piped: one tab-separated line per user and no header line (as gh does), in these columns:
  zoho        id, zuid, name, email, status, confirmed, active
  myoperator  id, user_id, name, email, extension, active
  mappings    zoho_id, zuid, zoho_email, myoperator_uuid, extension, myoperator_email, how, at
--json and --csv have every column and are read back by \`match --zoho-file/--myoperator-file\`.`,
    )
    .action(async (what: string, opts, cmd: Command) => {
      const list = await import('./commands/list.js');
      const ctx = await contextFor(cmd);
      what = what.toLowerCase();
      const store = await mappingStore(ctx);
      if (what === 'mappings') return list.runMappings(opts, ctx, store);
      await withClients(ctx, (clients) => list.run(what, opts, ctx, clients, store));
    });

  program
    .command('map')
    .description('map users: one prompt per unresolved Zoho user at a terminal, or by flags')
    .option('--auto', 'map every exact match (byte-identical, unique e-mail, both active)')
    .option('--zoho <user>', 'Zoho user: id, zuid or e-mail (with --myoperator)')
    .option('--myoperator <user>', 'MyOperator user: uuid, user id, extension or e-mail (with --zoho)')
    .option('--unmap <user>', 'remove the mapping of a user (either side), or un-ignore an ignored Zoho user; no network needed')
    .option('--ignore <user>', 'never map this Zoho user')
    .option('--import <file>', 'pairs from CSV (columns zoho,myoperator) or JSON (also a `list mappings --json` export)')
    .action(async (opts, cmd: Command) => {
      const { run } = await import('./commands/map.js');
      const ctx = await contextFor(cmd);
      const store = await mappingStore(ctx);
      const needsUsers = !opts.unmap;
      await withClients(ctx, (clients) => run(opts, ctx, { store, fetchUsers: () => fetchBoth(clients) }), needsUsers);
    });

  program
    .command('resync')
    .description('fetch both sides, keep the mappings current, add new exact matches, report the rest')
    .option('--dry-run', 'print the plan; write nothing')
    .option('--no-auto', 'do not map new exact matches')
    .option('--prune', 'remove stale mappings (never by default)')
    .addOption(new Option('--max-prune <n>', 'refuse to prune more than this many at once').default(10))
    .option('--force', 'prune even when a side returned no users or more than --max-prune would go')
    .option('--fail-on-unresolved', 'exit 5 when active Zoho users are left unresolved (for CI)')
    .addHelpText(
      'after',
      note('\nPruning is refused (exit 5, nothing pruned, additions still saved) when a side returned no users or more than --max-prune mappings would go: a bad read must never wipe the mappings.\nWith GITHUB_STEP_SUMMARY set, a Markdown summary is appended to it.'),
    )
    .action(async (opts, cmd: Command) => {
      const { run } = await import('./commands/resync.js');
      const ctx = await contextFor(cmd);
      const store = await mappingStore(ctx);
      const afterWrite = ctx.globals.sandbox
        ? async () => (await import('./sandbox/sandbox.js')).advanceSandboxDay((await import('./store/paths.js')).configDir(ctx.globals))
        : undefined;
      const seenFile = (await import('./commands/resync.js')).seenFilePath((await import('./store/paths.js')).configDir(ctx.globals), ctx.globals.sandbox ? 'sandbox' : ctx.globals.profile);
      await withClients(ctx, (clients) => run(opts, ctx, { store, fetchUsers: () => fetchBoth(clients), afterWrite, seenFile }));
    });

  program
    .command('doctor')
    .description('check config, credentials, both APIs, the users and the mappings; say the fix for each problem')
    .option('--only <check...>', 'run only these checks or groups (config, zoho, myoperator, users, mappings)')
    .option('--webhook <file>', 'explain which Zoho user a saved MyOperator call payload would be attributed to')
    .addHelpText(
      'after',
      note('\nEach check prints ✓ (pass), ! (warning), ✗ (fail) or – (skipped) with a one-line fix. Exit 5 when any check fails; 0 with warnings only. doctor changes nothing.'),
    )
    .action(async (opts, cmd: Command) => {
      const { run } = await import('./commands/doctor.js');
      await run(opts, await contextFor(cmd));
    });

  for (const cmd of program.commands) {
    const examples = COMMAND_EXAMPLES[cmd.name()];
    if (examples) cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
  }
  return program;
}

function sanitize(s: string): string {
  // Messages can quote remote strings: never let them drive the terminal, nor carry a secret.
  return redact(s).replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

export function handleError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    return EXIT.usage; // commander already printed the sentence
  }
  if (err instanceof CliError) {
    // The reader left (`| head`): what was found needs no sentence on a pipe nobody reads.
    if (err.exitCode === EXIT.attention && readerGone()) return EXIT.ok;
    if (err.exitCode !== EXIT.attention || err.message) process.stderr.write(`${sanitize(err.message)}\n`);
    if (err.hint) process.stderr.write(`${sanitize(err.hint)}\n`);
    if (verbose && err.cause) process.stderr.write(`${sanitize(String((err.cause as Error).stack ?? err.cause))}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  if (e?.name === 'ExitPromptError' || e?.name === 'AbortPromptError') {
    process.stderr.write('Cancelled.\n');
    return EXIT.cancelled;
  }
  process.stderr.write(`Unexpected error: ${sanitize(e?.message ?? String(err))}\n`);
  process.stderr.write(verbose ? `${sanitize(e?.stack ?? '')}\n` : 'This is a bug; run again with --verbose and report the output.\n');
  return EXIT.unexpected;
}

process.on('SIGINT', () => {
  process.stderr.write('\nCancelled.\n');
  process.exit(EXIT.cancelled);
});

endQuietlyOnClosedPipe(process.stdout, process.stderr);
// Decided at exit: the reader may leave while the last write is still being flushed.
process.on('exit', (code) => {
  process.exitCode = exitCodeAfter(code);
});
try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  process.exitCode = handleError(err);
}
