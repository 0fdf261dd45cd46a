/**
 * The rows of `list history` at a terminal: one a change. fix writes a `sending` line before it
 * sends a change and another with its outcome after (README, History: the file is a write-ahead
 * log and keeps both), and shown apart, among other runs' lines, a change that took read as still
 * pending and was counted twice. Piped, --csv and --json keep every line.
 */
import type { HistoryEntry } from '../store/history.js';
import { setEmailLineOf } from '../store/set-email-lines.js';

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
 * MyOperator user and target that no outcome followed yet, as the next fix pairs them
 * (commands/fix/history.ts openChanges): a change recorded `unverified` and settled by a later fix
 * keeps that later line as a row of its own, saying what became of it. An outcome with no `sending`
 * line before it (cut off by --since, or written by hand) is a row of its own.
 */
export function historyRows(entries: readonly HistoryEntry[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  const open = new Map<string, HistoryRow[]>();
  for (const entry of entries) {
    const line = setEmailLineOf(entry);
    const key = line && `${line.before.myoperator.uuid}\0${line.after.target}`;
    if (key === undefined) rows.push({ entry, unanswered: false });
    else if (entry.result === 'sending') {
      const row: HistoryRow = { entry, unanswered: true };
      rows.push(row);
      open.set(key, [...(open.get(key) ?? []), row]);
    } else {
      const waiting = open.get(key)?.shift();
      if (waiting) Object.assign(waiting, { outcome: entry, unanswered: false });
      else rows.push({ entry, unanswered: false });
    }
  }
  return rows;
}
