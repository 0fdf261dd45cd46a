/** The sentences a `fix` run with conflicts ends on (exit 5): of a plan of conflicts only, and after a run's results. */
import { reveal, visible } from '../../core/forensics.js';
import type { FixEntry } from '../../core/fix-plan.js';

/** Conflicts named one by one off a terminal; past this many, the rest are counted. */
const NAMED = 5;

/**
 * At a terminal the plan is just above, each conflict with what settles it. Under --json or piped, a
 * CI log shows stderr apart from the document or the lines it pointed at ("(above)"), so each
 * conflict is named here with its detail, which holds the command or the change that settles it.
 */
export function conflictsLeft(conflicts: readonly FixEntry[], json: boolean, besidePlan: boolean): string {
  const n = conflicts.length;
  // A held pair (its MyOperator e-mail not the one recorded) is left for --only to name.
  const state = conflicts.some((e) => e.untilNamed) ? 'left alone' : 'cannot be fixed from here';
  if (besidePlan) return `${n} conflict${n === 1 ? '' : 's'} (above) ${state}${state === 'left alone' ? ': each says what to do' : ''}.`;
  const said = (e: FixEntry) => {
    const detail = e.conflict ?? '';
    return `Zoho ${reveal(e.zoho.email) || visible(e.zoho.id)} ↔ MyOperator ext ${visible(e.myoperator.extension ?? '-')} (${reveal(e.myoperator.email) || visible(e.myoperator.id)}): ${detail}${/[.!?]$/.test(detail) ? '' : '.'}`;
  };
  if (n === 1) return `1 conflict ${state}: ${said(conflicts[0]!)}`;
  const where = json ? 'the entries whose "result" is "conflict" in the JSON document' : 'the lines starting "conflict" on standard output';
  const more = n > NAMED ? `\n  … and ${n - NAMED} more: ${where} say what settles each.` : '';
  return `${n} conflicts ${state}; each with what settles it:\n${conflicts
    .slice(0, NAMED)
    .map((e) => `  ${said(e)}`)
    .join('\n')}${more}`;
}

/**
 * After a run's results, where each conflict (or e-mail set but shared) says what to settle first.
 * "above" only beside the results: under --json stdout holds a document and stderr this line, and
 * "Each conflict or shared e-mail above" pointed at nothing there, nor in the file of a run at a
 * terminal with `2>err.log` (`tableOnTerminal`: the dry run that lists the conflicts again, as that
 * table may be gone, closed or scrolled off, by the time the file is read).
 */
export function settleFirst(conflicts: number, shared: number, json: boolean, besidePlan: boolean, tableOnTerminal?: string): string {
  const n = conflicts + shared;
  if (n === 0) return '';
  if (besidePlan) return 'Each conflict or shared e-mail above says what to settle first.';
  if (tableOnTerminal !== undefined) {
    const which = n === 1 ? `The ${conflicts ? 'conflict' : 'shared e-mail'}` : `Each ${[conflicts && 'conflict', shared && 'shared e-mail'].filter(Boolean).join(' or ')}`;
    const again = conflicts ? `; \`${tableOnTerminal}\` lists the conflict${conflicts === 1 ? '' : 's'} again` : '';
    return `${which} in the table on the terminal says what to settle first${again}.`;
  }
  const results = [conflicts && '"conflict"', shared && '"shared"'].filter(Boolean).join(' or ');
  const where = json ? `entry whose "result" is ${results} in the JSON document` : `line starting ${results} on standard output`;
  return `${n === 1 ? 'The' : 'Each'} ${where} says what to settle first.`;
}
