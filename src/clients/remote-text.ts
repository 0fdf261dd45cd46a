/**
 * What a remote said, made safe to put in a sentence: secrets redacted, control and invisible
 * characters made visible, and cut short, so an error body cannot flood or hijack the terminal.
 */
import { visible } from '../core/forensics.js';
import { redact } from './redact.js';

const MAX = 200;

export function remoteText(value: unknown, max = MAX): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const safe = visible(redact(s));
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/** Zoho's `details` object as `key: value, …` (`{"param_name":"type"}` → `param_name: type`). */
export function detailsText(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object' || Array.isArray(details)) return remoteText(details);
  return remoteText(
    Object.entries(details)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', '),
  );
}

/** "missing" or "null": the two ways a remote leaves out a field, which a user reporting it should tell apart. */
export function absence(value: unknown): 'missing' | 'null' | 'empty' | undefined {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string' && value.trim() === '') return 'empty';
  return undefined;
}
