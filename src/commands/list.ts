/** `list zoho|myoperator`: users as a table (TTY), tab-separated (pipe), `--json` or `--csv`. */
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { reveal, visible } from '../core/forensics.js';
import { utcClock, utcInstant } from '../core/utc-time.js';
import { EXPORT_COLUMNS, leftUnmappedIds, MAPPINGS_EXPORT_COLUMNS, type MyOperatorUser, type ZohoUser } from '../core/users.js';
import type { Clients } from '../clients/connect.js';
import { toJson, toTsv } from '../io/render.js';
import type { Column } from '../io/table.js';
import { page } from '../io/pager.js';
import { withSpinner } from '../ui/spinner.js';
import type { MappingStore } from '../store/mappings.js';

export interface ListOptions {
  status: string;
  csv?: boolean;
  unmapped?: boolean;
}

type Row = Record<string, string | boolean | null>;

function zohoRow(u: ZohoUser): Row {
  return { id: u.id, zuid: u.zuid, name: u.name, email: u.email, status: u.status, confirmed: u.confirmed, active: u.active };
}

function myOperatorRow(u: MyOperatorUser): Row {
  return { id: u.id, user_id: u.userId, name: u.name, email: u.email, extension: u.extension, active: u.active };
}

/** What a person sees at a terminal: human headers, the columns that matter first, optional ones last to go. */
interface View {
  columns: Column[];
  cells: (r: Row) => string[];
}

/**
 * The cells of a line output (piped or --csv): e-mails as fix and history write theirs, invisible
 * and look-alike characters as code points, which `match --zoho-file` reads back to the characters
 * (--json keeps the bytes).
 */
function lineCells(columns: readonly string[], r: Row): Array<Row[string] | undefined> {
  return columns.map((c) => (c.endsWith('email') && typeof r[c] === 'string' ? reveal(r[c] as string) : r[c]));
}

async function write(ctx: Context, columns: readonly string[], rows: Row[], jsonDoc: unknown, csv: boolean | undefined, view: View): Promise<void> {
  // Not retargeted: an export is data read back (match --zoho-file, map --import), with no command of ours in it; a
  // name holding "`phonebridge-sync " would have been rewritten.
  if (ctx.globals.json) ctx.stdout.write(toJson(jsonDoc, ctx.stdoutIsTTY));
  else if (csv) ctx.stdout.write((await import('../io/csv.js')).toCsv(columns, rows.map((r) => lineCells(columns, r))));
  else if (ctx.stdoutIsTTY) {
    // No rows, no header: the count said after it tells the admin there is nothing.
    if (rows.length === 0) return;
    const { hiddenNote, toTable } = await import('../io/table.js');
    const table = toTable(view.columns, rows.map((r) => view.cells(r).map((v) => visible(v))), { width: ctx.stdout.columns });
    await page(ctx, table.text);
    ctx.say(hiddenNote(table.hidden, ctx.stdout.columns));
    // Piped: data lines only, no header, as gh does, so `| while read` and `| cut` see users only;
    // the columns are in --help, and --csv has a header row.
  } else ctx.stdout.write(toTsv(rows.map((r) => lineCells(columns, r))));
}

const str = (v: string | boolean | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/**
 * A recorded time to the minute (one row a mapping: seconds tell no rows apart), in UTC as the
 * column's header says, which names the zone once rather than widen the column beside the e-mails:
 * one typed by hand with an offset ("…T06:32:56+05:30") showed its own clock, 06:32, under
 * "at (UTC)" for 01:02 UTC.
 */
function utcMinute(at: string): string {
  const t = utcInstant(at);
  return Number.isNaN(t) ? at : utcClock(new Date(t));
}

/**
 * An invitation not accepted is said in the status ("active, unconfirmed"): a column of its own was
 * the first left out at 80 columns, while an "active" column said again what the status says. Both
 * are in the lines, --json and --csv.
 */
const ZOHO_VIEW: View = {
  columns: [{ header: 'name' }, { header: 'email' }, { header: 'status', wrapsFirst: true }, { header: 'id', drop: 2 }, { header: 'zuid', drop: 1 }],
  cells: (r) => [str(r.name), reveal(str(r.email)) || '(no e-mail)', `${str(r.status)}${r.confirmed ? '' : ', unconfirmed'}`, str(r.id), str(r.zuid)],
};

const MYOPERATOR_VIEW: View = {
  columns: [{ header: 'name' }, { header: 'email' }, { header: 'ext' }, { header: 'active' }, { header: 'id', drop: 2 }, { header: 'user_id', drop: 1 }],
  // "(no e-mail)" as every other view says it: a blank cell reads as a column left out.
  cells: (r) => [str(r.name), reveal(str(r.email)) || '(no e-mail)', str(r.extension), r.active ? 'yes' : 'no', str(r.id), str(r.user_id)],
};

const MAPPINGS_VIEW: View = {
  columns: [
    { header: 'Zoho e-mail' },
    { header: 'MyOperator e-mail' },
    { header: 'ext' },
    { header: 'how' },
    { header: 'at (UTC)', drop: 4 },
    { header: 'Zoho id', drop: 3 },
    { header: 'MyOperator uuid', drop: 2 },
    { header: 'zuid', drop: 1 },
  ],
  cells: (r) => [
    reveal(str(r.zoho_email)) || '(no e-mail)',
    reveal(str(r.myoperator_email)) || '(no e-mail)',
    str(r.extension),
    str(r.how),
    utcMinute(str(r.at)),
    str(r.zoho_id),
    str(r.myoperator_uuid),
    str(r.zuid),
  ],
};

export function checkFormat(opts: Pick<ListOptions, 'csv'>, ctx: Context): void {
  if (opts.csv && ctx.globals.json) throw new UsageError('--csv and --json cannot be used together.', 'Choose one output format.');
}

/** `list mappings`: the saved mappings (and the ignore list, in JSON): also the export `map --import` reads back. */
export async function runMappings(opts: ListOptions, ctx: Context, store: MappingStore): Promise<void> {
  checkFormat(opts, ctx);
  const data = store.read();
  const columns = MAPPINGS_EXPORT_COLUMNS;
  const rows: Row[] = data.mappings.map((m) => ({
    zoho_id: m.zoho.id,
    zuid: m.zoho.zuid,
    zoho_email: m.zoho.email,
    myoperator_uuid: m.myoperator.uuid,
    extension: m.myoperator.extension,
    myoperator_email: m.myoperator.email,
    how: m.how,
    at: m.at,
  }));
  // The MyOperator users left unmapped on purpose only where there are some, as the store writes them: a backup restores them (map --import).
  const left = data.ignoredMyOperator ?? [];
  await write(ctx, columns, rows, { mappings: data.mappings, ignored: data.ignored, ...(left.length && { ignoredMyOperator: left }) }, opts.csv, MAPPINGS_VIEW);
  // The ignored users are in no row: a few are named here, more are in --json.
  const ignored = data.ignored.length === 0 ? '0 ignored' : data.ignored.length <= 10 ? `${data.ignored.length} ignored (${data.ignored.map((i) => reveal(i.email) || visible(i.zohoId)).join(', ')})` : `${data.ignored.length} ignored (--json lists them)`;
  const leftSaid =
    left.length === 0
      ? ''
      : `, ${left.length} MyOperator user${left.length === 1 ? '' : 's'} left unmapped on purpose (${left.length <= 10 ? left.map((i) => reveal(i.email) || (i.extension ? `ext ${visible(i.extension)}` : visible(i.uuid))).join(', ') : '--json lists them'})`;
  if (!ctx.globals.json)
    ctx.say(
      data.mappings.length + data.ignored.length + left.length === 0
        ? `No mappings and no ignored users in ${visible(store.path)} yet: \`phonebridge-sync resync\` saves the exact matches, \`phonebridge-sync map\` the rest.\n`
        : `${data.mappings.length} mapping${data.mappings.length === 1 ? '' : 's'}, ${ignored}${leftSaid}, in ${visible(store.path)}.\n`,
    );
  // A CSV has one kind of row, the mappings: a backup taken with it must not lose the "never map" list unsaid.
  const n = data.ignored.length + left.length;
  if (opts.csv && n > 0)
    ctx.say(
      `The ${n === 1 ? 'ignored user is' : `${n} ignored users are`} not in the CSV, which holds mappings only: \`phonebridge-sync list mappings --json\` keeps both, and \`map --import\` restores either.\n`,
    );
}

const ALL_LISTS = 'Use `list zoho`, `list myoperator`, `list mappings` or `list history`.';

/**
 * A <what> that is no list: the one it is a typo of, or, for "users", where users are listed. Both
 * were "Cannot list …" and the four names, with nothing nearer. `lists`: every list, in the order
 * its help names them (cli.ts's table of their options, passed in so it is written once).
 */
export async function unknownList(typed: string, lists: readonly string[]): Promise<UsageError> {
  const what = typed.toLowerCase();
  if (what === 'users' || what === 'user')
    return new UsageError(`Cannot list "${visible(typed)}": users are listed one side at a time.`, 'Use `list zoho` or `list myoperator`; `list mappings` lists the saved pairs, `list history` the changes.');
  // Loaded here alone: a list that runs needs none of the matcher.
  const near = (await import('../core/suggest.js')).nearestName(what, lists);
  if (near === undefined) return new UsageError(`Cannot list "${visible(typed)}".`, ALL_LISTS);
  const [a, b, c] = lists.filter((l) => l !== near).map((l) => `\`list ${l}\``);
  return new UsageError(`Cannot list "${visible(typed)}".`, `Did you mean \`list ${near}\`? The others are ${a}, ${b} and ${c}.`);
}

export async function run(side: 'zoho' | 'myoperator', opts: ListOptions, ctx: Context, clients: Clients, store: MappingStore): Promise<void> {
  checkFormat(opts, ctx);
  // Every usage error before the mappings file, a login or the network: a wrong word is exit 2 at once.
  if ((opts.status === 'disabled' || opts.status === 'deleted') && side === 'myoperator')
    throw new UsageError(`--status ${opts.status} is a Zoho status; MyOperator users are only active or inactive.`, 'Use --status active or --status inactive.');
  const mapped = opts.unmapped ? store.read() : undefined;
  const label = side === 'zoho' ? 'Zoho' : 'MyOperator';
  // Whether Zoho's default list holds deleted users is unconfirmed (reference §3.1), so `deleted`
  // asks for them by name and reads that list alone. Every other status, `all` too, filters the
  // default list: `list zoho` is `all`, and a second listing for it would double its requests and
  // fail it where an organisation refuses the type, for users most never look for.
  const deleted = side === 'zoho' && opts.status === 'deleted';
  const users = await withSpinner<Array<ZohoUser | MyOperatorUser>>(ctx, `Fetching ${label} users…`, () =>
    side === 'zoho' ? clients.zoho.listUsers(deleted ? 'DeletedUsers' : undefined) : clients.myoperator.listUsers(),
  );
  const taken = new Set(mapped?.mappings.map((m) => (side === 'zoho' ? m.zoho.id : m.myoperator.uuid)) ?? []);
  const statusOk = (u: ZohoUser | MyOperatorUser): boolean =>
    opts.status === 'all' || (opts.status === 'active' ? u.active : opts.status === 'inactive' ? !u.active : (u as ZohoUser).status === opts.status);
  // Users marked "never map" (`map --ignore`) are settled by choice, as resync counts them apart from the
  // unresolved: --unmapped leaves them out, and its closing line says how many.
  // So are MyOperator users left unmapped on purpose (`map --ignore-myoperator`, a shared line).
  const ignored = side === 'zoho' ? new Set(mapped?.ignored.map((i) => i.zohoId)) : leftUnmappedIds(mapped);
  const candidates = users.filter((u) => statusOk(u) && !taken.has(u.id));
  const shown = candidates.filter((u) => !ignored.has(u.id));
  const leftOut = candidates.length - shown.length;
  const rows = shown.map((u) => (side === 'zoho' ? zohoRow(u as ZohoUser) : myOperatorRow(u as MyOperatorUser)));
  await write(ctx, EXPORT_COLUMNS[side], rows, { side, users: rows }, opts.csv, side === 'zoho' ? ZOHO_VIEW : MYOPERATOR_VIEW);
  // --status deleted read the deleted users alone: "1 Zoho user (deleted) of 1 deleted in Zoho" said it twice.
  const which = [opts.status === 'all' || deleted ? '' : opts.status, opts.unmapped ? 'unmapped' : ''].filter(Boolean).join(', ');
  const ignoredSaid = leftOut > 0 ? `; ${leftOut} more left out ${side === 'zoho' ? 'as ignored (never map)' : '(left unmapped on purpose)'}` : '';
  // "of M" only where a filter narrowed the list: unfiltered, "19 Zoho users of 19." read oddly.
  const whole = !which && shown.length === users.length;
  const of = whole ? (deleted ? ' deleted in Zoho' : '') : ` of ${users.length}${deleted ? ' deleted in Zoho' : ''}`;
  if (!ctx.globals.json) ctx.say(`${shown.length} ${label} user${shown.length === 1 ? '' : 's'}${which ? ` (${which})` : ''}${of}${ignoredSaid}.\n`);
}
