/** `list zoho|myoperator`: users as a table (TTY), tab-separated (pipe), `--json` or `--csv`. */
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { visible } from '../core/forensics.js';
import type { MyOperatorUser, ZohoUser } from '../core/users.js';
import type { Clients } from '../clients/connect.js';
import { toCsv } from '../io/csv.js';
import { toJson, toTable, toTsv } from '../io/render.js';
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

function write(ctx: Context, columns: string[], rows: Row[], jsonDoc: unknown, csv?: boolean): void {
  if (ctx.globals.json) ctx.stdout.write(toJson(jsonDoc, ctx.stdoutIsTTY));
  else if (csv) ctx.stdout.write(toCsv(columns, rows.map((r) => columns.map((c) => r[c]))));
  else if (ctx.stdoutIsTTY)
    ctx.stdout.write(
      toTable(
        columns,
        rows.map((r) => columns.map((c) => visible(String(r[c] ?? '')))),
        ctx.stdout.columns,
      ),
    );
  else ctx.stdout.write(toTsv(rows.map((r) => columns.map((c) => r[c]))));
}

function checkFormat(opts: ListOptions, ctx: Context): void {
  if (opts.csv && ctx.globals.json) throw new UsageError('--csv and --json cannot be used together.', 'Choose one output format.');
}

/** `list mappings`: the saved mappings (and the ignore list, in JSON): also the export `map --import` reads back. */
export function runMappings(opts: ListOptions, ctx: Context, store: MappingStore): void {
  checkFormat(opts, ctx);
  const data = store.read();
  const columns = ['zoho_id', 'zuid', 'zoho_email', 'myoperator_uuid', 'extension', 'myoperator_email', 'how', 'at'];
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
  write(ctx, columns, rows, { mappings: data.mappings, ignored: data.ignored }, opts.csv);
  if (!ctx.globals.json)
    ctx.stderr.write(`${data.mappings.length} mapping${data.mappings.length === 1 ? '' : 's'}, ${data.ignored.length} ignored, in ${store.path}.\n`);
}

export async function run(side: string, opts: ListOptions, ctx: Context, clients: Clients, store: MappingStore): Promise<void> {
  if (side !== 'zoho' && side !== 'myoperator') throw new UsageError(`Cannot list "${side}".`, 'Use `list zoho`, `list myoperator` or `list mappings`.');
  checkFormat(opts, ctx);
  const mapped = opts.unmapped ? store.read() : undefined;
  const label = side === 'zoho' ? 'Zoho' : 'MyOperator';
  const users = await withSpinner<Array<ZohoUser | MyOperatorUser>>(ctx, `Fetching ${label} users…`, () =>
    side === 'zoho' ? clients.zoho.listUsers() : clients.myoperator.listUsers(),
  );
  const taken = new Set(mapped?.mappings.map((m) => (side === 'zoho' ? m.zoho.id : m.myoperator.uuid)) ?? []);
  const shown = users.filter((u) => (opts.status === 'all' || (opts.status === 'active') === u.active) && !taken.has(u.id));
  const rows = shown.map((u) => (side === 'zoho' ? zohoRow(u as ZohoUser) : myOperatorRow(u as MyOperatorUser)));
  const columns =
    side === 'zoho' ? ['id', 'zuid', 'name', 'email', 'status', 'confirmed', 'active'] : ['id', 'user_id', 'name', 'email', 'extension', 'active'];
  write(ctx, columns, rows, { side, users: rows }, opts.csv);
  const which = [opts.status === 'all' ? '' : opts.status, opts.unmapped ? 'unmapped' : ''].filter(Boolean).join(', ');
  if (!ctx.globals.json) ctx.stderr.write(`${shown.length} ${label} user${shown.length === 1 ? '' : 's'}${which ? ` (${which})` : ''} of ${users.length}.\n`);
}
