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

/**
 * An error body's `code`, `message` and `details` (Zoho's shape; MyOperator's has the first two)
 * as `CODE "message" (key: value)`; empty when the body says none of them.
 */
export function errorBodyText(body: unknown): string {
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return '';
    }
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return '';
  const { code, message, details } = body as Record<string, unknown>;
  const parts = [
    typeof code === 'string' || typeof code === 'number' ? remoteText(String(code), 60) : '',
    typeof message === 'string' && message.trim() ? `"${remoteText(message)}"` : '',
    details && typeof details === 'object' && Object.keys(details).length ? `(${detailsText(details)})` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** "missing" or "null": the two ways a remote leaves out a field, which a user reporting it should tell apart. */
export function absence(value: unknown): 'missing' | 'null' | 'empty' | undefined {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string' && value.trim() === '') return 'empty';
  return undefined;
}
