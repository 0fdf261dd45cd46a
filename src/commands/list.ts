/** `list zoho|myoperator`: users as a table (TTY), tab-separated (pipe), `--json` or `--csv`. */
import { stringify } from 'csv-stringify/sync';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { visible } from '../core/forensics.js';
import type { MyOperatorUser, ZohoUser } from '../core/users.js';
import type { Clients } from '../clients/connect.js';
import { toJson, toTable, toTsv } from '../io/render.js';
import { withSpinner } from '../ui/spinner.js';

export interface ListOptions {
  status: string;
  csv?: boolean;
}

type Row = Record<string, string | boolean | null>;

function zohoRow(u: ZohoUser): Row {
  return { id: u.id, zuid: u.zuid, name: u.name, email: u.email, status: u.status, confirmed: u.confirmed, active: u.active };
}

function myOperatorRow(u: MyOperatorUser): Row {
  return { id: u.id, user_id: u.userId, name: u.name, email: u.email, extension: u.extension, active: u.active };
}

export async function run(side: string, opts: ListOptions, ctx: Context, clients: Clients): Promise<void> {
  if (side !== 'zoho' && side !== 'myoperator') throw new UsageError(`Cannot list "${side}".`, 'Use `list zoho` or `list myoperator`.');
  if (!['active', 'inactive', 'all'].includes(opts.status))
    throw new UsageError(`--status ${opts.status} is not one of active, inactive, all.`, 'Use --status active, --status inactive or --status all.');
  if (opts.csv && ctx.globals.json) throw new UsageError('--csv and --json cannot be used together.', 'Choose one output format.');
  const label = side === 'zoho' ? 'Zoho' : 'MyOperator';
  const users = await withSpinner<Array<ZohoUser | MyOperatorUser>>(ctx, `Fetching ${label} users…`, () =>
    side === 'zoho' ? clients.zoho.listUsers() : clients.myoperator.listUsers(),
  );
  const shown = users.filter((u) => opts.status === 'all' || (opts.status === 'active') === u.active);
  const rows = shown.map((u) => (side === 'zoho' ? zohoRow(u as ZohoUser) : myOperatorRow(u as MyOperatorUser)));
  const columns =
    side === 'zoho' ? ['id', 'zuid', 'name', 'email', 'status', 'confirmed', 'active'] : ['id', 'user_id', 'name', 'email', 'extension', 'active'];
  if (ctx.globals.json) ctx.stdout.write(toJson({ side, users: rows }, ctx.stdoutIsTTY));
  else if (opts.csv) {
    // Piped CSV is an export: bytes kept as they are. On a terminal, invisibles are made visible.
    const safe = ctx.stdoutIsTTY ? rows.map((r) => columns.map((c) => visible(String(r[c] ?? '')))) : rows.map((r) => columns.map((c) => r[c] ?? ''));
    ctx.stdout.write(stringify([columns, ...safe]));
  } else if (ctx.stdoutIsTTY)
    ctx.stdout.write(
      toTable(
        columns,
        rows.map((r) => columns.map((c) => visible(String(r[c] ?? '')))),
        ctx.stdout.columns,
      ),
    );
  else ctx.stdout.write(toTsv(rows.map((r) => columns.map((c) => r[c]))));
  if (!ctx.globals.json)
    ctx.stderr.write(`${shown.length} ${label} user${shown.length === 1 ? '' : 's'}${opts.status === 'all' ? '' : ` (${opts.status})`} of ${users.length}.\n`);
}
