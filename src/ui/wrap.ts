/**
 * Word-wrap for a person's terminal, with a hanging indent: lines break at spaces only, so an
 * e-mail (which has none) is never split or cut; one longer than the screen stays whole on its
 * own line. Off a terminal nothing is wrapped: programs get one line per line.
 */
import { stripVTControlCharacters } from 'node:util';
import wrapAnsi from 'wrap-ansi';

export function wrapIndented(text: string, columns: number | undefined, indent: string, first = ''): string {
  if (!columns || columns < 40) return first + text;
  const width = columns - indent.length;
  const lead = stripVTControlCharacters(first).length;
  return (
    first +
    wrapAnsi(text, width - Math.max(0, lead - indent.length), { hard: false, trim: true })
      .split('\n')
      .join(`\n${indent}`)
  );
}
