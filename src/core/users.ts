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
}

/** Fields of a Zoho user record we read, as the CRM/Bigin users API sends them. */
export interface ZohoUserRecord {
  id: string;
  zuid?: string | null;
  email?: string | null;
  full_name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  status?: string | null;
  confirm?: boolean | null;
}

/** Fields of a MyOperator user record we read; the API sends numbers as strings, but not always. */
export interface MyOperatorUserRecord {
  uuid: string;
  user_id?: string | null;
  name?: string | null;
  email?: string | null;
  extension?: string | null;
  is_active?: string | null;
  is_enabled?: string | null;
}

export function zohoUserFrom(r: ZohoUserRecord): ZohoUser {
  const joined = [r.first_name, r.last_name].filter((p) => p && p.trim()).join(' ');
  const status = (r.status ?? 'active').trim().toLowerCase();
  return {
    id: r.id,
    zuid: r.zuid ?? null,
    email: r.email ?? '',
    name: r.full_name && r.full_name.trim() ? r.full_name : joined,
    active: status === 'active',
    status,
    confirmed: r.confirm ?? true,
  };
}

/** A MyOperator flag is off only when it says so: "0", "false", "no", "inactive", "disabled". */
function flagOn(v: string | null | undefined): boolean {
  if (v === null || v === undefined) return true;
  return !/^(0|false|no|off|inactive|disabled)$/i.test(v.trim());
}

export function myOperatorUserFrom(r: MyOperatorUserRecord): MyOperatorUser {
  return {
    id: r.uuid,
    userId: r.user_id ?? null,
    email: r.email ?? '',
    name: r.name ?? '',
    extension: r.extension ?? null,
    active: flagOn(r.is_active) && flagOn(r.is_enabled),
  };
}
