/**
 * A table cell's user, as match's and resync's tables show one: the name over the e-mail. A user
 * with no name (MyOperator makes users without one, and an update may empty it) says so where the
 * table has names: its e-mail stood on the name line, beside the other side's name, with nothing
 * beside the other side's e-mail. A table with no names at all keeps one line each.
 */
import { visible } from '../core/forensics.js';

/** `email` as the cell shows it (already revealed); `named`: whether the table has names. */
export function nameOverEmail(name: string, email: string, named: boolean): string {
  return name || named ? `${visible(name) || '(no name)'}\n${email}` : email;
}
