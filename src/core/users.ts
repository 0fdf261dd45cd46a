/**
 * The two user types after normalisation, whatever the source (API page, JSON export, CSV export).
 * E-mails are kept exactly as the source sent them: the bytes are the evidence the matcher explains.
 */
export interface ZohoUser {
  /** CRM user id (per org). */
  id: string;
  /** Zoho account id (per person); PhoneBridge's `zohouser` carries it. */
  zuid: string | null;
  email: string;
  name: string;
  /** `status` is active (deactivated and deleted users are not). */
  active: boolean;
  status: string;
  /** false while the invitation is not accepted. */
  confirmed: boolean;
}

export interface MyOperatorUser {
  /** The uuid: the stable id integrations store. */
  id: string;
  userId: string | null;
  email: string;
  name: string;
  extension: string | null;
  /** Both `is_active` and `is_enabled` (call availability) are on. */
  active: boolean;
  /**
   * `contact_number`, `alternate_number`, `country_code` and `role_id`, read only so that `fix` can
   * tell an e-mail change that emptied them (and say what they were): where calls ring, where they
   * ring when that number is busy, what makes either dialable, and what the user may do in the panel.
   * Null when not sent, undefined for a user made without them.
   */
  contactNumber?: string | null;
  alternateNumber?: string | null;
  countryCode?: string | null;
  roleId?: string | null;
}

/**
 * The columns of `list zoho|myoperator --csv` (and of its tab-separated lines), in order: written
 * by the list command, recognised by the export reader when one is passed to the wrong side.
 */
export const EXPORT_COLUMNS = {
  zoho: ['id', 'zuid', 'name', 'email', 'status', 'confirmed', 'active'],
  myoperator: ['id', 'user_id', 'name', 'email', 'extension', 'active'],
} as const;

/** The columns of `list mappings --csv`, which `map --import` reads back. */
export const MAPPINGS_EXPORT_COLUMNS = ['zoho_id', 'zuid', 'zoho_email', 'myoperator_uuid', 'extension', 'myoperator_email', 'how', 'at'] as const;

/** The columns of `match --csv`: results, one row per user, not users of one side. */
export const MATCH_EXPORT_COLUMNS = ['status', 'zoho_id', 'zoho_email', 'myoperator_id', 'myoperator_email', 'confidence', 'reasons'] as const;

/** A header cell as columns are recognised: lower case, letters and digits only ("Zoho ID", "zoho_id" → "zohoid"). */
export function headerKey(cell: string): string {
  return cell.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Which of our own CSV exports a header is, by its exact columns (as `headerKey` reads them, so a
 * spreadsheet's "Zoho ID" is still "zoho_id"). One rule for match's files and for `map --import`:
 * each had its own folding, and could name the same file differently.
 */
export function exportOfHeader(header: readonly string[]): 'zoho' | 'myoperator' | 'mappings' | 'match' | undefined {
  const key = header.map(headerKey).join(',');
  const is = (columns: readonly string[]) => key === columns.map(headerKey).join(',');
  if (is(EXPORT_COLUMNS.zoho)) return 'zoho';
  if (is(EXPORT_COLUMNS.myoperator)) return 'myoperator';
  if (is(MATCH_EXPORT_COLUMNS)) return 'match';
  return is(MAPPINGS_EXPORT_COLUMNS) ? 'mappings' : undefined;
}

/** Fields of a Zoho user record we read, as the CRM/Bigin users API sends them. */
export interface ZohoUserRecord {
  id: string | number;
  zuid?: string | number | null;
  email?: string | null;
  full_name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  status?: string | null;
  confirm?: boolean | null;
}

/** Fields of a MyOperator user record we read; the API sends numbers as strings, but not always. */
export interface MyOperatorUserRecord {
  uuid: string | number;
  user_id?: string | number | null;
  name?: string | null;
  email?: string | null;
  extension?: string | number | null;
  is_active?: string | number | boolean | null;
  is_enabled?: string | number | boolean | null;
  // Any type: fields only compared must never make a users page unreadable.
  contact_number?: unknown;
  alternate_number?: unknown;
  country_code?: unknown;
  role_id?: unknown;
}

/** A value the API sent as a string or a number, as a string; anything else (absent, null, an object) as null. */
function str(v: unknown): string | null {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

export function zohoUserFrom(r: ZohoUserRecord): ZohoUser {
  const status = (r.status ?? 'active').trim().toLowerCase();
  return {
    id: String(r.id),
    zuid: str(r.zuid),
    email: r.email ?? '',
    name: r.full_name && r.full_name.trim() ? r.full_name : [r.first_name, r.last_name].filter((p) => p && p.trim()).join(' '),
    active: status === 'active',
    status,
    confirmed: r.confirm ?? true,
  };
}

/**
 * Whether Zoho lists this user as deleted: a record Zoho keeps, with no user to reactivate, that
 * takes no calls. Met where Zoho's users list holds its deleted users (unconfirmed, reference §3.1)
 * and in `type=DeletedUsers`; one test for the matcher, doctor, fix and map, which each say so.
 */
export function deletedInZoho(z: Pick<ZohoUser, 'status'> | null | undefined): boolean {
  return z?.status === 'deleted';
}

/**
 * Who but the mapped MyOperator user `mappedId` holds `email` byte for byte, in no saved mapping
 * (`saved`: their MyOperator ids), of `holders` (holdersByEmail's): MyOperator links a user to a Zoho
 * user by its e-mail alone, whatever match pairs it with (a same name is no link of MyOperator's), so
 * PhoneBridge would give each one's calls to that Zoho user, and `fix` cannot give the mapped one the
 * e-mail. One set for fix's conflict and match's zoho-mapped-elsewhere: match named only the holders
 * it paired with nobody, and left out a switched-off phone it paired by name with another Zoho user.
 */
export function unsavedHolders(holders: ReadonlyMap<string, readonly MyOperatorUser[]>, email: string, mappedId: string, saved: ReadonlySet<string>): MyOperatorUser[] {
  return (holders.get(email) ?? []).filter((u) => u.id !== mappedId && !saved.has(u.id));
}

/**
 * The uuids of the MyOperator users left unmapped on purpose (`map --ignore-myoperator`); none where
 * the store has none. Here, not in reconcile.ts (which brings the matcher): list and doctor's checks
 * ask it, and every chunk that reads users has this file already.
 */
export function leftUnmappedIds(data?: { ignoredMyOperator?: ReadonlyArray<{ uuid: string }> }): Set<string> {
  return new Set((data?.ignoredMyOperator ?? []).map((i) => i.uuid));
}

/** MyOperator users by the exact e-mail they hold (none for an empty one): two holders cannot be told apart. */
export function holdersByEmail(users: Iterable<MyOperatorUser>): Map<string, MyOperatorUser[]> {
  return holdersBy(users, (email) => email);
}

/** MyOperator users by `key` of the e-mail they hold (none for an empty one). */
export function holdersBy(users: Iterable<MyOperatorUser>, key: (email: string) => string): Map<string, MyOperatorUser[]> {
  const holders = new Map<string, MyOperatorUser[]>();
  for (const u of users) {
    if (!u.email) continue;
    const k = key(u.email);
    const list = holders.get(k);
    if (list) list.push(u);
    else holders.set(k, [u]);
  }
  return holders;
}

/** A MyOperator flag is off only when it says so: "0", 0, false, "false", "no", "inactive", "disabled". */
function flagOn(v: string | number | boolean | null | undefined): boolean {
  if (v === null || v === undefined || v === '1' || v === 1 || v === true) return true;
  return !/^(0|false|no|off|inactive|disabled)$/i.test(String(v).trim());
}

export function myOperatorUserFrom(r: MyOperatorUserRecord): MyOperatorUser {
  return {
    id: String(r.uuid),
    userId: str(r.user_id),
    email: r.email ?? '',
    name: r.name ?? '',
    extension: str(r.extension),
    active: flagOn(r.is_active) && flagOn(r.is_enabled),
    contactNumber: str(r.contact_number),
    alternateNumber: str(r.alternate_number),
    countryCode: str(r.country_code),
    roleId: str(r.role_id),
  };
}

const NO_IDS: ReadonlySet<string> = new Set();

/**
 * The long numeric ids of a set by length and first 15 digits, made once per set (a set of live ids,
 * not changed after): map --import asked per record, each a pass over every live id.
 */
const roundedForms = new WeakMap<ReadonlySet<string>, Set<string>>();
function roundedForm(id: string): string {
  return `${id.length}:${id.slice(0, 15)}`;
}

/**
 * How a spreadsheet turned a Zoho id (19 digits) into a number on the way back, or undefined:
 * "4.8159E+18", or rounded to its 15 significant digits ("4815900000000170000"), which only an id
 * it was rounded from (among `known`, of which it is not one) can show. Either way the id names nobody.
 */
export function spreadsheetNumber(id: string, known: ReadonlySet<string> = NO_IDS): 'written in scientific notation' | 'rounded to 15 digits' | undefined {
  if (/^\d(\.\d+)?e\+?\d+$/i.test(id)) return 'written in scientific notation';
  if (!/^\d{16,}$/.test(id) || !/^0+$/.test(id.slice(15)) || known.has(id)) return undefined;
  let forms = roundedForms.get(known);
  if (!forms) {
    forms = new Set();
    for (const x of known) if (/^\d{16,}$/.test(x)) forms.add(roundedForm(x));
    roundedForms.set(known, forms);
  }
  return forms.has(roundedForm(id)) ? 'rounded to 15 digits' : undefined;
}
