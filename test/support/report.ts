/** Suites record their figures in .reports/ (git-ignored); README's Reliability section quotes them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeReport(name: string, figures: unknown): void {
  mkdirSync('.reports', { recursive: true });
  writeFileSync(join('.reports', `${name}.json`), JSON.stringify(figures, null, 2) + '\n');
}
