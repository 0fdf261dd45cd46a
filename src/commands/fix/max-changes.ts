/**
 * How many MyOperator users one `fix` run may change without --force: the CLI's default for
 * --max-changes, and what the command to send the rest after a stop leaves out as the default.
 * A module of its own so that cli.ts reads it without loading fix.
 */
export const MAX_CHANGES_DEFAULT = 10;

/**
 * `fix` as the next step for a plan of `changes` changes. Plain `fix` over the default cap is
 * refused ("Nothing changed: 11 changes planned, more than --max-changes 10", exit 5), so a step
 * sending the admin to the whole plan names the cap that lets it through.
 */
export function fixForPlan(changes: number): string {
  return changes > MAX_CHANGES_DEFAULT ? `fix --max-changes ${changes}` : 'fix';
}

/**
 * What to do about a plan over the cap, said in the same words by a refused run, a dry run, a
 * worklist and the hint to pass --yes: the dry run's "(narrow it with --only, or raise it)" left
 * out --force, which the refused run named.
 */
export function overCapCure(maxChanges: number): string {
  // At 0 no --only is narrow enough: "narrow it with --only" was said of a single change.
  return maxChanges === 0 ? 'raise --max-changes (0 lets no change through), or pass --force' : 'narrow it with --only, raise --max-changes, or pass --force';
}
