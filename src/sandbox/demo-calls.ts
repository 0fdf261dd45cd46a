/**
 * A week of MyOperator call logs for the demo company, in the shape `POST /search` returns
 * (reference §5): each call with its legs, each answered leg naming its agent by name and
 * extension only. Most calls are answered by the demo's people whose e-mails differ from Zoho's
 * (case, a trailing space, a zero-width space, a Cyrillic letter, a full-width letter), so the
 * audit has unattributable calls to show and `fix` has something to cure. Deterministic for a
 * given `now`, so tests can count.
 */
import type { DemoMyOperatorUser } from './demo-company.js';

export interface CallLeg {
  action: 'received' | 'missed';
  _ds: string;
  duration: string;
  start_time: string;
  received_by: Array<{ name: string; extension: string }>;
}

export interface DemoCall {
  id: string;
  caller_number: string;
  caller_number_raw: string;
  start_time: number;
  end_time: number;
  duration: string;
  /** "1" incoming, "2" outgoing. */
  event: '1' | '2';
  /** "1" answered, "2" missed. */
  status: '1' | '2';
  department_name: string;
  log_details: CallLeg[];
}

/** Who answers how many calls in the demo week; `ext 99` is an agent who has since left (deleted in Zoho too: demo-company's deletedZohoUsers). */
const ANSWERED_BY: ReadonlyArray<readonly [name: string, calls: number]> = [
  ['Asha Rao', 10],
  ['Ravi Kumar', 9],
  ['Meena Iyer', 7],
  ['Vikram Singh', 6],
  ['Anil Mehta', 5],
  ['Priya Nair', 4],
  ['Imran Qureshi', 6],
  ['Sneha Reddy', 5],
  ['Suresh Pillai', 4],
  ['Front Desk', 8],
  ['Deepak Verma', 3],
  // Arjun's old phone (ext 23, switched off now) and his new one (ext 22, holding the same e-mail):
  // README's retired phone, and an unconfirmed call. At one call, fewer than the agent who left's, ext 22
  // ranks last, where doctor lists it anyway (kind shared-email): the ten before it all fit its top ten.
  ['Arjun M. (old)', 3],
  ['Arjun Malhotra', 1],
];
const GONE_AGENT = { name: 'Karan Walia', extension: '99' };
const MISSED = 6;
const WEEK_S = 7 * 86_400;

function hms(s: number): string {
  return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

export function demoCalls(nowS: number, users: readonly DemoMyOperatorUser[]): DemoCall[] {
  const agents: Array<{ name: string; extension: string } | null> = [];
  for (const [name, n] of ANSWERED_BY) {
    const u = users.find((x) => x.name === name);
    if (u) for (let i = 0; i < n; i++) agents.push({ name: u.name, extension: u.extension });
  }
  agents.push(GONE_AGENT, GONE_AGENT);
  for (let i = 0; i < MISSED; i++) agents.push(null);
  // Interleave people over the week rather than one person a day.
  let seed = 20261125;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const order = agents.map((a, i) => ({ a, k: next(), i })).sort((x, y) => x.k - y.k || x.i - y.i);
  // Within the last six and a half days, so `--since 7d` sees every one of them.
  const span = WEEK_S - 43_200;
  return order.map(({ a }, i) => {
    const start = nowS - 600 - Math.floor((span * (i + next())) / order.length);
    const talk = a ? 30 + Math.floor(next() * 600) : 0;
    const caller = `+9198${String(30000000 + Math.floor(next() * 9_999_999)).padStart(8, '0')}`;
    const leg: CallLeg = a
      ? { action: 'received', _ds: 'ANSWER', duration: hms(talk), start_time: String(start + 5), received_by: [a] }
      : { action: 'missed', _ds: 'NOANSWER', duration: '00:00:00', start_time: String(start + 5), received_by: [] };
    return {
      id: `demo-call-${String(i + 1).padStart(3, '0')}`,
      caller_number: caller,
      caller_number_raw: caller.slice(3),
      start_time: start,
      end_time: start + talk + 20,
      duration: hms(talk + 20),
      event: '1',
      status: a ? '1' : '2',
      department_name: 'Sales',
      log_details: [leg],
    };
  });
}
