/**
 * What in the sandbox's state file, edited by hand, is of no form a save keeps: said, so the file is
 * refused rather than read in part and then written over without it.
 */
import { visible } from '../core/forensics.js';
import { series } from '../io/plural.js';
import { isRecord } from '../clients/plain-users.js';

const STATE_KEYS = ['day', 'emails', 'enabled', 'cleared'];
/** A value as the file has it, cut where long: said to find it by, not to repeat the file. */
const shown = (v: unknown) => {
  const json = JSON.stringify(v);
  return visible(json.length > 40 ? `${json.slice(0, 39)}…` : json);
};
/** The entries of `raw[key]` (an object) of no form `ok` takes, as one clause, or none: "entry "a": 1, which is not an e-mail (a string)". */
function entryFault(raw: Record<string, unknown>, key: string, ok: (v: unknown) => boolean, one: string, many: string): string[] {
  const bad = Object.entries(raw[key] as Record<string, unknown>).filter(([, v]) => !ok(v));
  if (bad.length === 0) return [];
  return [`"${key}" ${bad.length === 1 ? 'entry' : 'entries'} ${series(bad.map(([k, v]) => `${shown(k)}: ${shown(v)}`), 'and')}, which ${bad.length === 1 ? `is not ${one}` : `are not ${many}`}`];
}

/**
 * What in a state file is of no form the sandbox keeps, each a clause: every save writes the state
 * it read, so a key or an entry it could not read was dropped by the next one (a fix's, a resync's),
 * the hand edit lost without a word. A key left out is read as a new demo's.
 */
export function stateFaults(raw: Record<string, unknown>): string[] {
  const objectOf = (key: string, each: string) => (key in raw && !isRecord(raw[key]) ? [`"${key}": ${shown(raw[key])}, which is not an object of MyOperator uuids, each ${each}`] : []);
  const day = 'day' in raw && !(Number.isInteger(raw.day) && (raw.day as number) >= 1) ? [`"day": ${shown(raw.day)}, which is not a whole number from 1 (the demo's day)`] : [];
  const emails = objectOf('emails', 'with the e-mail fix set (a string)');
  const enabled = objectOf('enabled', '"1" or true (takes calls) or "0" or false (switched off)');
  const cleared = objectOf('cleared', 'with a list of the fields an e-mail change emptied');
  const unknown = Object.keys(raw).filter((k) => !STATE_KEYS.includes(k));
  return [
    ...day,
    ...emails,
    ...(emails.length === 0 && isRecord(raw.emails) ? entryFault(raw, 'emails', (v) => typeof v === 'string', 'an e-mail (a string)', 'e-mails (strings)') : []),
    ...enabled,
    ...(enabled.length === 0 && isRecord(raw.enabled)
      ? entryFault(raw, 'enabled', (v) => v === '1' || v === '0' || typeof v === 'boolean', '"1" or true (takes calls) or "0" or false (switched off)', '"1" or true (takes calls) or "0" or false (switched off)')
      : []),
    ...cleared,
    ...(cleared.length === 0 && isRecord(raw.cleared)
      ? entryFault(raw, 'cleared', (v) => typeof v === 'string' || (Array.isArray(v) && v.every((f) => typeof f === 'string')), 'a list of field names', 'lists of field names')
      : []),
    ...(unknown.length === 0 ? [] : [`${unknown.length === 1 ? 'a key' : 'keys'} ${series(unknown.map(shown), 'and')} it does not keep (it keeps ${series(STATE_KEYS.map((k) => `"${k}"`), 'and')})`]),
  ];
}
