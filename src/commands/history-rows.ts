/**
 * The rows of `list history` at a terminal: one a change. fix writes a `sending` line before it
 * sends a change and another with its outcome after (README, History: the file is a write-ahead
 * log and keeps both), and shown apart, among other runs' lines, a change that took read as still
 * pending and was counted twice. Piped, --csv and --json keep every line.
 */
import type { HistoryEntry } from '../store/history.js';
import { pairOutcomes } from '../store/set-email-lines.js';

export interface HistoryRow {
  /** The line whose time, command, user and change the row shows: a change's `sending` line, where fix wrote one. */
  entry: HistoryEntry;
  /** The line recording what became of the change, folded into the row of its `sending` line. */
  outcome?: HistoryEntry;
  /** A `sending` line no outcome followed: the run was stopped before or after sending it, or is sending still. */
  unanswered: boolean;
}

/**
 * The entries as rows, oldest first. An outcome pairs with the earliest `sending` line of the same
 * MyOperator user and target that no outcome followed yet, as the next fix pairs them (pairOutcomes,
 * which fix's openChanges reads too): a change recorded `unverified` and settled by a later fix
 * keeps that later line as a row of its own, saying what became of it. An outcome with no `sending`
 * line before it (cut off by --since, or written by hand) is a row of its own.
 */
export function historyRows(entries: readonly HistoryEntry[]): HistoryRow[] {
  const paired = pairOutcomes(entries);
  return entries.flatMap((entry, at): HistoryRow[] => {
    const p = paired[at]!;
    if (!p.line) return [{ entry, unanswered: false }];
    // Shown in the row of the `sending` line it gives the outcome of.
    if (p.sending !== undefined) return [];
    if (p.outcome !== undefined) return [{ entry, outcome: entries[p.outcome]!, unanswered: false }];
    return [{ entry, unanswered: p.line.result === 'sending' }];
  });
}
