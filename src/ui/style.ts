/** Colours through chalk, switched off once for the whole run (NO_COLOR, --no-color, not a TTY, --json). */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Status } from '../core/match.js';

export function palette(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export function statusColour(c: ChalkInstance, status: Status): (s: string) => string {
  switch (status) {
    case 'mapped':
    case 'exact':
      return c.green;
    case 'mismatch':
    case 'suggested':
      return c.yellow;
    case 'ambiguous':
    case 'zoho-only':
    case 'myoperator-only':
    case 'zoho-mapped-elsewhere':
      return c.red;
    default:
      return c.gray;
  }
}
