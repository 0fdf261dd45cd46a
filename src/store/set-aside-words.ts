import { clause, type CliError } from '../errors.js';
import { visible } from '../core/forensics.js';

/**
 * Why history entries wait beside the history file (history-journal.ts) and what records them:
 * list history, which shows them, and doctor, which reads them, say it in the same words.
 */
export function whyWaiting(n: number): string {
  const [their, them] = n === 1 ? ['its', 'it'] : ['their', 'them'];
  return `a run saved ${their} change in the mappings file and was stopped before the history file took ${them}; the next change to the mappings (or resync) records ${them} there`;
}

/**
 * Set-aside lines no change can record (history-journal.ts's readSetAside), said by a reader of the
 * history in the words of the change that stops on them: list history and doctor read on without them.
 */
export function whyStopped(refused: CliError): string {
  return `${clause(refused.message)}; resync, map and fix stop there with exit ${refused.exitCode}, changing nothing`;
}

/**
 * whyStopped and its fix as one note on stderr (with --json too): list history, which reads on
 * without them, and the dry runs of resync and fix, which previewed a run that then stopped there.
 */
export function stoppedNote(refused: CliError): string {
  return `${whyStopped(refused)}. ${refused.hint}\n`;
}

/**
 * The start of what a run says of `lines` history lines a killed run set aside after saving
 * `mappingsFile` (history-journal.ts). The path is made visible here, for every caller: cli.ts's
 * recordedNote was given it raw, and a --mappings path with an escape in it reached the terminal.
 */
function stoppedBeforeHistory(mappingsFile: string, lines: number): string {
  return `An earlier run was stopped after it saved the mappings file ${visible(mappingsFile)} and before its history took the ${lines === 1 ? 'line that tells' : `${lines} lines that tell`} of the change`;
}

/** The change that records them says so, first (cli.ts's onHistoryRecovered). */
export function recordedNote(mappingsFile: string, lines: number): string {
  return `${stoppedBeforeHistory(mappingsFile, lines)}: recorded now.\n`;
}

/**
 * The dry run of a `command` that would record them first says so, on stderr (with --json too): its
 * plan, made from the mappings file, already holds their change, and it said nothing of the line
 * the run then recorded.
 */
export function recordsFirstNote(mappingsFile: string, lines: number, command: 'resync' | 'fix'): string {
  return `${stoppedBeforeHistory(mappingsFile, lines)}: the ${command} this dry run previews records ${lines === 1 ? 'it' : 'them'} in the history first.\n`;
}
