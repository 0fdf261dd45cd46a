/**
 * The demo company "Acme Traders": every case the matcher knows, on both sides, in the shapes the
 * real APIs send (Zoho: ~19-digit id, shorter zuid, extra keys; MyOperator: every value a string).
 * The sandbox serves it, the tests match it, the README shows it. `newHires` is the second day:
 * people who joined, for a second `resync` to pick up; `deletedZohoUsers`, who left before it.
 */
export interface DemoZohoUser {
  id: string;
  zuid: string;
  email: string;
  full_name: string;
  first_name: string;
  last_name: string;
  status: 'active' | 'disabled' | 'deleted';
  confirm: boolean;
  role: { name: string; id: string };
  profile: { name: string; id: string };
  Isonline: boolean;
}

export interface DemoMyOperatorUser {
  uuid: string;
  user_id: string;
  name: string;
  email: string;
  contact_number: string;
  alternate_number: string;
  country_code: string;
  extension: string;
  role_id: string;
  is_enabled: '0' | '1';
  is_active: '0' | '1';
}

let zSeq = 0;
function zoho(name: string, email: string, extra: Partial<DemoZohoUser> = {}): DemoZohoUser {
  zSeq++;
  const [first_name = '', ...rest] = name.split(' ');
  return {
    id: `48159000000${String(100000 + zSeq * 7919).padStart(8, '0')}`,
    zuid: String(60012000 + zSeq * 37),
    email,
    full_name: name,
    first_name,
    last_name: rest.join(' '),
    status: 'active',
    confirm: true,
    role: { name: 'Sales Agent', id: '4815900000000031151' },
    profile: { name: 'Standard', id: '4815900000000031157' },
    Isonline: false,
    ...extra,
  };
}

let mSeq = 0;
function myop(name: string, email: string, extra: Partial<DemoMyOperatorUser> = {}): DemoMyOperatorUser {
  mSeq++;
  return {
    uuid: `s${(0x5f3a1c00 + mSeq * 4099).toString(16)}${(0x9b21 + mSeq).toString(16)}`,
    user_id: String(227000 + mSeq),
    name,
    email,
    contact_number: `98${String(40000000 + mSeq * 1301).padStart(8, '0')}`,
    alternate_number: '',
    country_code: '91',
    extension: String(10 + mSeq),
    role_id: '3',
    is_enabled: '1',
    is_active: '1',
    ...extra,
  };
}

/** One line per case: what the matcher must say about it. */
export const DEMO_CASES = {
  exact: 'asha.rao@acmetraders.in',
  case: 'Ravi.Kumar@acmetraders.in',
  whitespace: 'meena.iyer@acmetraders.in',
  'invisible-character': 'vikram.singh@acmetraders.in',
  'confusable-character': 'anil.mehta@acmetraders.in',
  'unicode-normalization': 'priya.nair@acmetraders.in',
  'plus-address': 'sunil.das+crm@acmetraders.in',
  'local-part-typo': 'deepak.verma@acmetraders.in',
  'domain-typo': 'kavita.joshi@acmetraders.in',
  'other-domain': 'rahul.gupta@acmetraders.in',
  'same-name': 'neha.k@acmetraders.in',
  'duplicate-email': 'arjun.malhotra@acmetraders.in',
  'empty-email': 'suresh.pillai@acmetraders.in',
  'inactive-zoho': 'farhan.ali@acmetraders.in',
  'inactive-myoperator': 'lakshmi.menon@acmetraders.in',
  'zoho-only': 'gaurav.bose@acmetraders.in',
  'not-confirmed': 'pooja.sharma@acmetraders.in',
} as const;

export function demoCompany(): { zoho: DemoZohoUser[]; myoperator: DemoMyOperatorUser[] } {
  zSeq = 0;
  mSeq = 0;
  const c = DEMO_CASES;
  const zohoUsers = [
    zoho('Asha Rao', c.exact, { role: { name: 'CEO', id: '4815900000000031149' }, profile: { name: 'Administrator', id: '4815900000000031155' } }),
    zoho('Ravi Kumar', c.case),
    zoho('Meena Iyer', c.whitespace),
    zoho('Vikram Singh', c['invisible-character']),
    zoho('Anil Mehta', c['confusable-character']),
    zoho('Priya Nair', c['unicode-normalization']),
    zoho('Sunil Das', c['plus-address']),
    zoho('Deepak Verma', c['local-part-typo']),
    zoho('Kavita Joshi', c['domain-typo']),
    zoho('Rahul Gupta', c['other-domain']),
    zoho('Neha Kapoor', c['same-name']),
    zoho('Arjun Malhotra', c['duplicate-email']),
    zoho('Suresh Pillai', c['empty-email']),
    zoho('Farhan Ali', c['inactive-zoho'], { status: 'disabled' }),
    zoho('Lakshmi Menon', c['inactive-myoperator']),
    zoho('Gaurav Bose', c['zoho-only']),
    zoho('Pooja Sharma', c['not-confirmed'], { confirm: false }),
    zoho('Imran Qureshi', 'imran.qureshi@acmetraders.in'),
    zoho('Sneha Reddy', 'sneha.reddy@acmetraders.in'),
  ];
  const myoperatorUsers = [
    myop('Asha Rao', c.exact),
    myop('Ravi Kumar', 'ravi.kumar@acmetraders.in'),
    myop('Meena Iyer', 'meena.iyer@acmetraders.in '),
    myop('Vikram Singh', 'vikram\u200b.singh@acmetraders.in'),
    myop('Anil Mehta', '\u0430nil.mehta@acmetraders.in'),
    myop('Priya Nair', '\uff50riya.nair@acmetraders.in'),
    myop('Sunil Das', 'sunil.das@acmetraders.in'),
    myop('Deepak Verma', 'deepak.vemra@acmetraders.in'),
    myop('Kavita Joshi', 'kavita.joshi@acmetrader.in'),
    myop('Rahul Gupta', 'rahul.gupta@acme-group.com'),
    myop('Neha Kapoor', 'nkapoor.sales@gmail.com'),
    myop('Arjun Malhotra', c['duplicate-email']),
    myop('Arjun M. (old)', c['duplicate-email'], { is_enabled: '0' }),
    myop('Suresh Pillai', ''),
    myop('Farhan Ali', c['inactive-zoho']),
    myop('Lakshmi Menon', c['inactive-myoperator'], { is_enabled: '0' }),
    myop('Pooja Sharma', c['not-confirmed']),
    myop('Imran Qureshi', 'imran.qureshi@acmetraders.in'),
    myop('Sneha Reddy', 'sneha.reddy@acmetraders.in'),
    myop('Front Desk', 'reception@acmetraders.in', { extension: '10' }),
    myop('Night Shift', ''),
  ];
  return { zoho: zohoUsers, myoperator: myoperatorUsers };
}

/**
 * Day two: who left since the first resync. Imran Qureshi (an exact match, so mapped on day one)
 * is disabled in Zoho and deleted from MyOperator: his mapping goes stale, so `resync --prune`
 * has something to remove.
 */
export const DAY_TWO_LEAVER = 'imran.qureshi@acmetraders.in';

export function retireLeaver(users: { zoho: DemoZohoUser[]; myoperator: DemoMyOperatorUser[] }): { zoho: DemoZohoUser[]; myoperator: DemoMyOperatorUser[] } {
  return {
    zoho: users.zoho.map((u) => (u.email === DAY_TWO_LEAVER ? { ...u, status: 'disabled' as const } : u)),
    myoperator: users.myoperator.filter((u) => u.email !== DAY_TWO_LEAVER),
  };
}

/**
 * Who left early in the demo week: Karan Walia (demo-calls' agent at ext 99, whose two calls stay
 * in the log), deleted in Zoho and gone from MyOperator. A real
 * organisation keeps its deleted users and lists them by `type=DeletedUsers`; the emulator serves
 * them there alone (its users list leaves them out unless told, `defaultListIncludesDeleted`), so
 * `list zoho --status deleted` has someone to show while list, match, resync and doctor, which read
 * the users list, go on as before: nobody to map.
 */
export function deletedZohoUsers(): DemoZohoUser[] {
  zSeq = 200;
  return [zoho('Karan Walia', 'karan.walia@acmetraders.in', { status: 'deleted' })];
}

/** Day two: who joined since the first resync. */
export function newHires(): { zoho: DemoZohoUser[]; myoperator: DemoMyOperatorUser[] } {
  zSeq = 100;
  mSeq = 100;
  return {
    zoho: [zoho('Nikhil Jain', 'nikhil.jain@acmetraders.in'), zoho('Tanvi Shah', 'tanvi.shah@acmetraders.in')],
    myoperator: [myop('Nikhil Jain', 'nikhil.jain@acmetraders.in'), myop('Tanvi Shah', 'Tanvi.Shah@acmetraders.in')],
  };
}
