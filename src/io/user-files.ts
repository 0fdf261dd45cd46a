/**
 * Users from exported files: API-shaped JSON (Zoho `{users, info}`, MyOperator `{status, data}`),
 * a plain JSON array of such user objects, or a CSV export with a header row whose column names are
 * matched loosely. A bad file is a UsageError naming the file and the row or field.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { delimiterOf, fromCsvCell, overlongFirstLine, overlongFirstLineSentence } from './csv-cell.js';
import { UsageError } from '../errors.js';
import { emptyInput, readInputAs } from './read-input.js';
import { utf16Bom, utf8Text } from './utf8-text.js';
import { isPlainMyOperatorUser, isPlainZohoUser } from '../clients/plain-users.js';
import { exportOfHeader, headerKey, myOperatorUserFrom, spreadsheetNumber, zohoUserFrom, type MyOperatorUser, type MyOperatorUserRecord, type ZohoUser, type ZohoUserRecord } from '../core/users.js';
import { visible } from '../core/forensics.js';
import { whereJsonStopped } from './json-position.js';

export type Side = 'zoho' | 'myoperator';

/** Header names folded as every export's columns are ("E-mail Address" -> "emailaddress"). */
const fold = headerKey;

const COLUMNS: Record<string, readonly string[]> = {
  email: ['email', 'emailaddress', 'emailid', 'mail', 'useremail', 'loginemail', 'businessemail'],
  name: ['name', 'fullname', 'username', 'displayname', 'agentname'],
  first_name: ['firstname', 'first', 'givenname'],
  last_name: ['lastname', 'last', 'surname', 'familyname'],
  uuid: ['uuid'],
  id: ['id', 'userid', 'zohoid', 'crmid', 'recordid'],
  zuid: ['zuid', 'zohouser', 'zohouserid'],
  extension: ['extension', 'ext', 'extn'],
  status: ['status', 'state', 'active', 'isactive', 'userstatus'],
  is_enabled: ['isenabled', 'enabled', 'receivecalls', 'callavailability'],
  confirm: ['confirm', 'confirmed'],
  user_id: ['userid'],
};

function columnIndex(header: string[]): Map<string, number> {
  const folded = header.map(fold);
  const out = new Map<string, number>();
  for (const [field, names] of Object.entries(COLUMNS)) {
    const i = folded.findIndex((h) => names.includes(h));
    if (i >= 0) out.set(field, i);
  }
  return out;
}

/** "active", "1", "yes", "enabled" and the like are on; everything else is off. */
function onOff(v: string): string {
  return /^(1|true|yes|y|on|active|enabled)$/i.test(v.trim()) ? '1' : '0';
}

/** A `list mappings` export given as users: "no e-mail column" sent the user to rename its columns. */
function mappingsExport(file: string, side: Side, format: string): UsageError {
  return new UsageError(
    `${file}: this is a \`list mappings${format}\` export: saved mappings, not ${side === 'zoho' ? 'Zoho' : 'MyOperator'} users.`,
    `Pass a \`list ${side} --json\` or \`list ${side} --csv\` export (or the API's response) to --${side}-file; \`map --import\` restores a mappings export.`,
  );
}

/**
 * The header as a message quotes it: a file that is one long line (a log, a minified page) would
 * otherwise be repeated whole on stderr.
 */
export function headerExcerpt(header: string[]): string {
  const MAX = 120;
  const all = header.join(', ');
  if (all.length <= MAX) return all;
  const columns = header.length > 1 ? `${header.length.toLocaleString('en')} columns, ` : '';
  return `${all.slice(0, MAX)}… (${columns}${all.length.toLocaleString('en')} characters)`;
}

/**
 * Fields, folded, that only one side's users have: a file with the other side's and none of this
 * side's is the other side's export, passed to the wrong flag (it was matched against itself, or
 * failed on a "missing" uuid). In a CSV, where columns are matched loosely, "Full Name", "Status" or
 * "User ID" are read on either side, so only the API's own names mark a side in JSON.
 */
const SIDE_FIELDS: Record<Side, { any: readonly string[]; json: readonly string[] }> = {
  zoho: { any: ['zuid', 'zohouser', 'zohouserid', 'confirm', 'confirmed', 'role', 'profile'], json: ['fullname', 'firstname', 'lastname', 'status'] },
  myoperator: { any: ['uuid', 'extension', 'ext', 'extn', 'isenabled', 'receivecalls', 'callavailability'], json: ['userid', 'isactive'] },
};

function fieldsOf(side: Side, names: readonly string[], json: boolean): string[] {
  const marks = [...SIDE_FIELDS[side].any, ...(json ? SIDE_FIELDS[side].json : [])];
  return names.filter((n) => marks.includes(fold(n)));
}

/** A UsageError when the fields (a CSV header, a JSON record's keys) are the other side's users. */
function refuseOtherSide(file: string, side: Side, names: readonly string[], json: boolean): void {
  const other: Side = side === 'zoho' ? 'myoperator' : 'zoho';
  if (fieldsOf(side, names, json).length > 0) return;
  const theirs = fieldsOf(other, names, json);
  // "User ID" alone is a Zoho export's id column; beside an "id" it is `list myoperator --csv`'s.
  const folded = names.map(fold);
  if (!json && side === 'zoho' && folded.includes('id') && folded.includes('userid')) theirs.push(names[folded.indexOf('userid')]!);
  if (theirs.length === 0) return;
  const label = (s: Side) => (s === 'zoho' ? 'Zoho' : 'MyOperator');
  const quoted = theirs.map((n) => `"${visible(n)}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
  throw new UsageError(
    `${file}: these look like ${label(other)} users, not ${label(side)} users: ${list} ${quoted.length === 1 ? 'is a' : 'are'} ${label(other)} ${json ? 'field' : 'column'}${quoted.length === 1 ? '' : 's'}.`,
    `Pass it to --${other}-file: did you swap --zoho-file and --myoperator-file?`,
  );
}

interface CsvParseError extends Error {
  code?: string;
  lines?: number;
}

/** csv-parse's error as a user reads it: what is wrong, and on which line ("Invalid Closing Quote: got …" was shown raw). */
function csvProblem(e: CsvParseError, delimiter: string): string {
  const separator = delimiter === ',' ? 'comma' : delimiter === ';' ? 'semicolon' : 'tab';
  const at = e.lines ? `line ${e.lines} ` : '';
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (the file ends inside quotes)';
    case 'INVALID_OPENING_QUOTE':
      return `${at}has a quote (") inside a field that does not start with one (quote the whole field, and double the quote inside it)`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `${at}has a quoted field followed by more text before the next ${separator}`;
    default:
      return `${at}cannot be read (${visible(e.message)})`;
  }
}

/** The file line a record starts on: the line it ends on, less the line breaks inside its quoted cells. */
function startLine(record: string[], endLine: number): number {
  let breaks = 0;
  for (const cell of record) breaks += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  return endLine - breaks;
}

async function csvRecords(file: string, text: string, side: Side): Promise<{ records: unknown[]; lineOf: (row: number) => number }> {
  // Loaded only for CSV: a JSON export never pays for the CSV parser.
  const overlong = overlongFirstLine(text);
  if (overlong) throw new UsageError(overlongFirstLineSentence(file, overlong), 'Export the users again as CSV, or pass the API JSON instead.');
  const { parse: parseCsv } = await import('csv-parse/sync');
  const delimiter = delimiterOf(text);
  // A row of nothing but separators (",,,,", as a spreadsheet saves an empty row) names nobody and
  // is skipped as a blank line is: it was "row 4 has an empty id". Each record keeps the line it
  // starts on, so a message names the row an editor or a spreadsheet shows, blank rows counted.
  const options = { bom: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_quotes: false, relax_column_count: true, delimiter };
  let rows: string[][];
  try {
    rows = parseCsv(text, options) as string[][];
  } catch (e) {
    throw new UsageError(`${file}: not a readable CSV file: ${csvProblem(e as CsvParseError, delimiter)}.`, 'Export the users again as CSV, or pass the API JSON instead.');
  }
  // The lines are wanted only to name a bad row: parsed again then. Kept for every record, csv-parse's
  // info made a 500,000-user match 50% slower and 600 MB larger at its peak.
  let lines: number[] | undefined;
  const lineOf = (row: number): number =>
    (lines ??= (parseCsv(text, { ...options, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>).map((p) => startLine(p.record, p.info.lines)))[row]!;
  const header = rows[0];
  if (!header) throw new UsageError(`${file}: the CSV file is empty.`, 'Export the users again with a header row.');
  // Our own `list zoho|myoperator --csv` exports, by their exact header: the other side's is named,
  // as its JSON export is, rather than matched as if its users were this side's.
  const other = side === 'zoho' ? 'myoperator' : 'zoho';
  const ours = exportOfHeader(header);
  if (ours === other)
    throw new UsageError(`${file}: this is a \`list ${other} --csv\` export, not ${side === 'zoho' ? 'Zoho' : 'MyOperator'} users.`, `Pass it to --${other}-file.`);
  if (ours === 'mappings') throw mappingsExport(file, side, ' --csv');
  // Its "zoho_email" column was no e-mail column, and the hint said to rename one: match results
  // are not one side's users, whatever their columns are called.
  if (ours === 'match')
    throw new UsageError(
      `${file}: this is a \`match --csv\` output: match results, not ${side === 'zoho' ? 'Zoho' : 'MyOperator'} users.`,
      `Pass a \`list ${side} --csv\` or \`list ${side} --json\` export (or the API's response) to --${side}-file.`,
    );
  refuseOtherSide(file, side, header, false);
  const cols = columnIndex(header);
  if (!cols.has('email')) {
    throw new UsageError(`${file}: no e-mail column in the header (${headerExcerpt(header)}).`, 'Name one column "email" (or "E-mail", "Email Address").');
  }
  const idField = side === 'myoperator' ? (cols.has('uuid') ? 'uuid' : 'id') : cols.has('id') ? 'id' : 'uuid';
  if (!cols.has(idField)) {
    throw new UsageError(
      `${file}: no id column in the header (${headerExcerpt(header)}).`,
      `Add a column "${side === 'myoperator' ? 'uuid' : 'id'}" with each user's id.`,
    );
  }
  const records = rows.slice(1).map((row, r) => {
    if (row.length !== header.length) {
      throw new UsageError(`${file}: row ${lineOf(r + 1)} has ${row.length} fields where the header has ${header.length}.`, 'Fix that row, or export the file again.');
    }
    // Our own exports guard formula cells and show invisible characters as <U+XXXX>: undone here.
    const get = (f: string): string | undefined => (cols.has(f) ? fromCsvCell(row[cols.get(f)!]!) : undefined);
    const name = get('name') ?? [get('first_name'), get('last_name')].filter(Boolean).join(' ');
    // A blank flag cell says nothing, as a missing column says nothing: it had made the user
    // inactive ('Zoho user is ""') where the same file without the column made them active.
    const flag = (f: string): string | undefined => {
      const v = get(f);
      return v?.trim() ? v : undefined;
    };
    const status = flag('status');
    if (side === 'zoho') {
      const confirm = flag('confirm');
      return {
        id: get(idField),
        zuid: get('zuid') || null,
        email: get('email'),
        full_name: name,
        status: status === undefined ? 'active' : /^(1|true|yes|active|enabled)$/i.test(status.trim()) ? 'active' : status.trim().toLowerCase(),
        confirm: confirm === undefined ? true : onOff(confirm) === '1',
      };
    }
    const enabled = flag('is_enabled');
    return {
      uuid: get(idField),
      // `list myoperator --csv` has both "id" (the uuid) and "user_id".
      user_id: idField === 'uuid' ? (get('id') ?? null) : cols.get('user_id') !== cols.get('id') ? (get('user_id') ?? null) : null,
      name,
      email: get('email'),
      extension: get('extension') ?? null,
      is_active: status === undefined ? '1' : onOff(status),
      is_enabled: enabled === undefined ? '1' : onOff(enabled),
    };
  });
  return { records, lineOf: (i) => lineOf(i + 1) };
}

function jsonRecords(file: string, text: string, side: Side): { records: unknown[]; root: string } {
  let doc: unknown;
  // An editor's byte-order mark, as CSV exports and map --import allow (a slice, not a copy).
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    doc = JSON.parse(unmarked);
  } catch (e) {
    // V8 quotes the piece of the file it choked on, newlines and all: shown as code points.
    throw new UsageError(`${file}: not valid JSON (${visible(whereJsonStopped((e as Error).message, unmarked))}).`, 'Pass the API response, a JSON array of users, or a CSV export.');
  }
  if (Array.isArray(doc)) {
    // By the first user alone: an export is one side's throughout, and a million keys need not be read.
    const first: unknown = doc.find((r) => typeof r === 'object' && r !== null && !Array.isArray(r));
    if (first) refuseOtherSide(file, side, Object.keys(first), true);
    return { records: doc.map((r) => fromListRow(side, r)), root: '' };
  }
  const obj = (doc ?? {}) as Record<string, unknown>;
  // Our own `list zoho|myoperator --json` export: {"side": …, "users": [rows]}.
  if ((obj.side === 'zoho' || obj.side === 'myoperator') && Array.isArray(obj.users)) {
    if (obj.side !== side)
      throw new UsageError(
        `${file}: this is a \`list ${obj.side}\` export, not ${side === 'zoho' ? 'Zoho' : 'MyOperator'} users.`,
        `Pass it to --${obj.side === 'zoho' ? 'zoho' : 'myoperator'}-file.`,
      );
    return { records: obj.users.map((r) => fromListRow(side, r)), root: 'users' };
  }
  if (Array.isArray(obj.mappings)) throw mappingsExport(file, side, '');
  const swapped = side === 'zoho' ? Array.isArray(obj.data) : Array.isArray(obj.users);
  if (side === 'zoho' && Array.isArray(obj.users)) return { records: obj.users, root: 'users' };
  if (side === 'myoperator' && obj.status === 'error') {
    throw new UsageError(
      `${file}: this is a MyOperator error response ("${String(obj.message ?? obj.code ?? 'no message')}"), not a user list.`,
      'Save a successful GET /user response.',
    );
  }
  if (side === 'myoperator' && Array.isArray(obj.data)) return { records: obj.data, root: 'data' };
  const expected = side === 'zoho' ? 'a Zoho users response {"users": [...]}' : 'a MyOperator users response {"status": "success", "data": [...]}';
  const hint = swapped
    ? "It looks like the other side's export: did you swap --zoho-file and --myoperator-file?"
    : 'Pass the API response, a JSON array of users, or a CSV export.';
  throw new UsageError(`${file}: expected ${expected} or a JSON array of users.`, hint);
}

/**
 * A row of `list … --json` (also its `users` array alone, as `jq .users` leaves it) back into the
 * API's record: the export names things for people (`name`, `confirmed`, `active`), the API does
 * not (`full_name`, `confirm`; MyOperator's `uuid`, `is_active`). Anything else passes unchanged.
 */
const ZOHO_FIELDS = ['zuid', 'full_name', 'first_name', 'last_name', 'status', 'confirm', 'confirmed', 'role', 'profile'];

function fromListRow(side: Side, r: unknown): unknown {
  if (typeof r !== 'object' || r === null) return r;
  const row = r as Record<string, unknown>;
  // Recognised by the field that names the user in our rows and not in the API's (`name` for Zoho,
  // `id` for MyOperator), not by every column: a row someone trimmed (no `confirmed`, no `active`)
  // must keep its names, not lose them silently (Zoho) or fail on a "missing" uuid (MyOperator).
  if (side === 'zoho' && 'name' in row && !('full_name' in row) && !('first_name' in row)) {
    const { name, confirmed, active: _active, ...rest } = row;
    return confirmed === undefined ? { ...rest, full_name: name } : { ...rest, full_name: name, confirm: confirmed };
  }
  // A Zoho record has an `id` too: one with any Zoho field is not our MyOperator row (the
  // wrong-side check names it).
  if (side === 'myoperator' && 'id' in row && !('uuid' in row) && !ZOHO_FIELDS.some((f) => f in row)) {
    const { id, active, ...rest } = row;
    return typeof active === 'boolean' ? { ...rest, uuid: id, is_active: active ? '1' : '0', is_enabled: '1' } : { ...rest, uuid: id };
  }
  return r;
}

type RecordOf<S extends Side> = S extends 'zoho' ? ZohoUserRecord : MyOperatorUserRecord;
const PLAIN = { zoho: isPlainZohoUser, myoperator: isPlainMyOperatorUser };

/**
 * The plain pass first (no copy, and zod not even loaded), then zod over the array, and only on
 * failure the first bad entry named.
 */
/** Where the records came from: a CSV's rows carry the file line each starts on. */
interface Source {
  records: unknown[];
  root: string;
  /** A CSV row's file line, by its index among the users. */
  lineOf?: (i: number) => number;
}

const rowOrUser = ({ lineOf }: Source, i: number): string => (lineOf ? `row ${lineOf(i)}` : `user ${i + 1}`);

async function validate<S extends Side>(file: string, src: Source, side: S): Promise<Array<RecordOf<S>>> {
  const { records, root } = src;
  if (records.every(PLAIN[side])) return records as Array<RecordOf<S>>;
  const { describeIssue, userListSchemas, userSchemas } = await import('../clients/schemas.js');
  const all = userListSchemas[side].safeParse(records);
  if (all.success) return all.data as Array<RecordOf<S>>;
  const i = all.error.issues[0]!.path[0] as number;
  const r = userSchemas[side].safeParse(records[i]);
  const issue = r.success ? all.error : r.error;
  // An entry that is no object at all has no field to name: it was "user 1, the document: Invalid
  // input: expected object, received string", as if the whole file were wrong.
  const entry = records[i];
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    const kind = entry === null ? 'null' : Array.isArray(entry) ? 'a list' : typeof entry === 'boolean' ? String(entry) : `a ${typeof entry}`;
    const path = !src.lineOf && root ? ` (${root}[${i}])` : '';
    throw new UsageError(`${file}: ${rowOrUser(src, i)}${path} is ${kind}, not a user: each user is a JSON object of its fields (id, e-mail, name…).`, 'Fix that entry, or export the file again.');
  }
  // A CSV row and a plain array's entry name the field alone; an API body gives its path too ("users[1].email").
  const where = `${rowOrUser(src, i)}, ${src.lineOf ? describeIssue(issue) : describeIssue(issue, root ? `${root}[${i}]` : '')}`;
  throw new UsageError(`${file}: ${where}.`, 'Fix that entry, or export the file again.');
}

/**
 * A file that starts as markup is an HTML page (a login or proxy page saved instead of the export):
 * no users export or mappings file begins with "<". Said as such by match (both sides, CSV or
 * JSON) and `map --import`, rather than as "not valid JSON (Unexpected token '<'…)" or a CSV
 * header without an e-mail column.
 */
export function isHtmlPage(text: string): boolean {
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('<');
}

/** What a page saved in place of a file is called, wherever one is refused: match, map --import, doctor --webhook. */
export const htmlPage = (instead = 'the export'): string => `an HTML page (a login or proxy page saved instead of ${instead}?)`;
export const HTML_PAGE = htmlPage();

/**
 * A file that is no export at all, refused before any parse, in one order for match and `map
 * --import` (`kind`: "users export", "mappings file"). No CSV or JSON file holds a NUL (JSON must
 * escape it): such a file is an image, an archive or a disk's zeros, and read as CSV its whole first
 * "line" was the header quoted back (8 MB of stderr for 1 MB of zeros), after a parse of the whole
 * file (31 s for 20 MB). Then an HTML page, before a CSV's overlong first line is judged.
 */
export function refuseBinaryOrPage(file: string, text: string, kind: string, hints: { binary: string; page: string }): void {
  refuseBinary(file, text, kind, hints.binary);
  if (isHtmlPage(text)) throw new UsageError(`${file}: not a ${kind}, but ${HTML_PAGE}.`, hints.page);
}

export function refuseBinary(file: string, text: string, kind: string, hint: string): void {
  if (text.includes('\0')) throw new UsageError(`${file}: not a CSV or JSON ${kind}: it holds binary data (NUL bytes).`, hint);
}

function isCsv(file: string, text: string): boolean {
  if (/\.csv$/i.test(file)) return true;
  if (/\.json$/i.test(file)) return false;
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first !== '{' && first !== '[';
}

async function records(file: string, text: string, side: Side): Promise<Source> {
  if (!text.trim()) throw emptyInput(file, 'Export the users again.', text.replace(/^\uFEFF/, ''));
  refuseBinaryOrPage(file, text, 'users export', {
    binary: 'Export the users again as CSV or JSON, and pass that file.',
    page: `Export the ${side === 'zoho' ? 'Zoho' : 'MyOperator'} users again (\`phonebridge-sync list ${side} --json\` writes one), and pass that file.`,
  });
  return isCsv(file, text) ? { ...(await csvRecords(file, text, side)), root: 'row' } : jsonRecords(file, text, side);
}

/**
 * Each user's id names that user alone. Two users with one id were matched as one person twice
 * ("ambiguous … m1,m1"), an empty id named nobody, and a Zoho id a spreadsheet had turned into a
 * number ("4.8159E+18", `list zoho --csv` re-saved by Excel) matched users no id on Zoho has.
 */
function refuseBadIds(file: string, users: ReadonlyArray<{ id: string }>, src: Source, side: Side): void {
  const where = (i: number) => rowOrUser(src, i);
  const again = 'Fix that entry, or export the file again (a spreadsheet that opens it must keep the ids as text).';
  const first = new Map<string, number>();
  users.forEach(({ id }, i) => {
    if (id.trim() === '') throw new UsageError(`${file}: ${where(i)} has an empty id, which names nobody.`, again);
    const how = side === 'zoho' ? spreadsheetNumber(id) : undefined;
    if (how) throw new UsageError(`${file}: ${where(i)} has the Zoho id "${visible(id)}", turned into a number by a spreadsheet (${how}), so it names nobody.`, again);
    const seen = first.get(id);
    // Zoho ids rounded to 15 digits by a spreadsheet collide: the first two are named as the same id.
    if (seen !== undefined) throw new UsageError(`${file}: ${where(i)} has the same id as ${where(seen)}, "${visible(id)}": an id names one user.`, again);
    first.set(id, i);
  });
}

export async function parseZohoUsers(file: string, text: string): Promise<ZohoUser[]> {
  const src = await records(file, text, 'zoho');
  const users = (await validate(file, src, 'zoho')).map((r) => zohoUserFrom(r));
  refuseBadIds(file, users, src, 'zoho');
  return users;
}

export async function parseMyOperatorUsers(file: string, text: string): Promise<MyOperatorUser[]> {
  const src = await records(file, text, 'myoperator');
  const users = (await validate(file, src, 'myoperator')).map((r) => myOperatorUserFrom(r));
  refuseBadIds(file, users, src, 'myoperator');
  return users;
}

const SAVE_AS_UTF8 = 'Save it as UTF-8 (Excel: "CSV UTF-8"; PowerShell: `| Out-File -Encoding utf8`, or Export-Csv), then pass it again.';

/**
 * An export's text. Windows PowerShell's `>` and Excel's "Unicode text" write UTF-16, which read
 * as UTF-8 was every other character a NUL: users matched as garbage, exit 0. With a byte-order
 * mark it says its own encoding and is decoded; without one it is named, as is text in another
 * encoding (a Latin-1 export read as UTF-8 turned "José Núñez" into "Jos� N��ez" silently).
 * `as`: what the sentences call the file and how to save it again, for a file that is no export
 * (doctor --webhook's body, whose fix is neither Excel's nor Export-Csv).
 */
export function decodeExport(file: string, bytes: Uint8Array, as: { kind: string; saveAs: string } = { kind: 'export', saveAs: SAVE_AS_UTF8 }): string {
  const encoding = utf16Bom(bytes);
  if (encoding) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      throw new UsageError(`${file}: starts as UTF-16 text (${encoding === 'utf-16le' ? 'little' : 'big'}-endian) but is not valid UTF-16.`, as.saveAs);
    }
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) throw new UsageError(`${file} is UTF-16 text (${utf16}-endian, with no byte-order mark), not UTF-8.`, as.saveAs);
  const decoded = utf8Text(bytes);
  if (!('notUtf8AtLine' in decoded)) return decoded.text;
  // Latin-1 or Windows-1252 text holds no NUL (UTF-16 is named above): a workbook (.xlsx), an archive or an image is not UTF-8
  // either, and was "a Latin-1 or Windows-1252 export?". Its text goes on to be named binary data.
  if (bytes.includes(0)) return new TextDecoder().decode(bytes);
  throw new UsageError(`${file} is not UTF-8 text (line ${decoded.notUtf8AtLine} is not: a Latin-1 or Windows-1252 ${as.kind}?).`, as.saveAs);
}

/**
 * "little" or "big" when the start of the file is ASCII written as UTF-16 (a NUL beside every
 * character), which is what a CSV or JSON users export begins with; undefined for anything else,
 * binary data included (its NULs fall on both sides).
 */
function utf16WithoutBom(bytes: Uint8Array): 'little' | 'big' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  // Non-ASCII letters (Devanagari, say) have no NUL byte: most characters, not all, have one.
  if (oddNul >= pairs * 0.6 && evenNul === 0) return 'little';
  if (evenNul >= pairs * 0.6 && oddNul === 0) return 'big';
  return undefined;
}

/** How much of one file given to both flags is read to judge it: a header, or an API body's first user, fits many times over. */
const HEAD_BYTES = 256 * 1024;

/**
 * The part of an export that says what it is, for match to judge one file given to both flags
 * without reading it twice in full (10 s for a CSV of a million users, to refuse it): a CSV's header
 * line, or a JSON document cut after its first user and closed. Undefined when the head cannot
 * say (not a regular file, a read that fails, no first user within HEAD_BYTES): the whole file is
 * then read as before, and its own error said.
 */
export function exportHead(file: string): string | undefined {
  let bytes: Buffer;
  let complete: boolean;
  try {
    // Before the open, which waits for a writer on a named pipe (and a Ctrl-C with it).
    if (!statSync(file).isFile()) return undefined;
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const read = readSync(fd, buffer, 0, HEAD_BYTES, 0);
      complete = read < HEAD_BYTES;
      bytes = complete ? buffer.subarray(0, read) : atCharacterEnd(buffer);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  let text: string;
  try {
    text = decodeExport(file, bytes);
  } catch {
    return undefined;
  }
  if (isCsv(file, text)) {
    const end = text.indexOf('\n', Math.max(0, text.search(/\S/)));
    return end < 0 ? (complete ? text : undefined) : text.slice(0, end + 1);
  }
  return firstUserOnly(text) ?? (complete ? text : undefined);
}

/** Bytes cut where a character ends: after an ASCII byte (UTF-8), or after a whole ASCII unit (UTF-16 with its mark). */
function atCharacterEnd(bytes: Buffer): Buffer {
  const utf16 = utf16Bom(bytes);
  const unit = utf16 ? 2 : 1;
  let end = bytes.length - (bytes.length % unit);
  const ascii = (i: number) => (utf16 === 'utf-16le' ? bytes[i - 2]! < 0x80 && bytes[i - 1] === 0 : utf16 ? bytes[i - 2] === 0 && bytes[i - 1]! < 0x80 : bytes[i - 1]! < 0x80);
  while (end > unit && !ascii(end)) end -= unit;
  return bytes.subarray(0, end);
}

/**
 * A JSON export cut after its first user and closed (`{"users":[{…}]}`, `[{…}]`): the users are an
 * array at the top, or one level down in the top object; an object in an array deeper down (a
 * user's own fields) is part of that user. Undefined when no user ends in the text.
 */
function firstUserOnly(text: string): string | undefined {
  const open: string[] = [];
  let inString = false;
  let usersAt = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (ch === '{' && usersAt < 0 && open.at(-1) === '[' && open.length <= 2) usersAt = open.length;
      open.push(ch);
    } else if (ch === '}' || ch === ']') {
      open.pop();
      if (ch === '}' && open.length === usersAt)
        return `${text.slice(0, i + 1)}${open
          .reverse()
          .map((o) => (o === '{' ? '}' : ']'))
          .join('')}`;
    }
  }
  return undefined;
}

export async function readZohoUsers(file: string): Promise<ZohoUser[]> {
  return parseZohoUsers(file, await readInputAs(file, '--zoho-file', (bytes) => decodeExport(file, bytes)));
}

export async function readMyOperatorUsers(file: string): Promise<MyOperatorUser[]> {
  return parseMyOperatorUsers(file, await readInputAs(file, '--myoperator-file', (bytes) => decodeExport(file, bytes)));
}
