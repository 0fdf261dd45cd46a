/**
 * Where in MyOperator's panel an admin does by hand what the tool cannot: one wording for every
 * hint, help text and doctor check that sends them there. Free of imports, so `--help` can say it
 * without loading the rest.
 */

/**
 * Where a switched-off user is switched back on: doctor's user-status, doctor --calls' agents and
 * its next step.
 */
export const SWITCH_ON_IN_PANEL = "in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability)";

/**
 * Where a user's e-mail is set by hand, `who` named where the sentence knows the user, else any
 * user: fix's entries, summary and help, doctor --calls and duplicate-emails. "Manage → Users → the
 * user → e-mail" after "in MyOperator:" was a second phrasing of the same path.
 */
export function inMyOperatorPanel(who = 'the user'): string {
  return `in MyOperator's panel: Manage → Users → ${who} → e-mail`;
}
