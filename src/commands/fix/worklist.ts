/** `fix --worklist F`: the plan as CSV for admins who prefer MyOperator's panel. */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Context } from '../../context.js';
import { StorageError, UsageError } from '../../errors.js';
import { reveal, visible } from '../../core/forensics.js';
import type { FixEntry } from '../../core/fix-plan.js';
import { toCsv } from '../../io/csv.js';
import { cannotWrite } from '../../store/file-errors.js';
import { codesOf } from './render.js';

/** A path given to a flag is the user's input to correct (exit 2), not a store the tool failed to save. */
export function noWorklistDirectory(file: string): UsageError {
  return new UsageError(`--worklist ${visible(file)}: the directory ${visible(dirname(file))} does not exist, or is not a directory.`, 'Create it, or give --worklist a path in an existing directory, or - for standard output.');
}

export function writeWorklist(file: string, entries: readonly FixEntry[], out: Context['stdout']): number {
  const rows = entries
    .filter((e) => !e.conflict)
    .map((e) => [e.myoperator.name, e.myoperator.extension ?? '', e.myoperator.id, reveal(e.from), e.to, codesOf(e).join(' ')]);
  const csv = toCsv(['name', 'extension', 'uuid', 'current_email', 'new_email', 'reasons'], rows);
  if (file === '-') {
    out.write(csv);
    return rows.length;
  }
  try {
    writeFileSync(file, csv);
  } catch (e) {
    // A worklist's directory is not the tool's to make (cannotWrite speaks of store directories it makes).
    if (['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw noWorklistDirectory(file);
    const failed = cannotWrite(file, e, 'the worklist');
    throw new StorageError(failed.message, 'Give --worklist a path in a directory you can write to, or - for standard output.', { cause: e });
  }
  return rows.length;
}
