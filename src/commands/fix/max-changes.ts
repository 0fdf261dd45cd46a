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
 * The `fix` that sets the pairs just mapped whose e-mails differ (`only`, each as --only takes it):
 * naming them while they fit under the cap, else fix's whole plan (`whole()` changes, these among
 * them) with the cap it needs, and what else it sends. A plain `fix` was named there and refused.
 */
export function fixForPairs(only: readonly string[], whole: () => number): string {
  if (only.length <= MAX_CHANGES_DEFAULT) return `\`phonebridge-sync fix --only ${only.join(' ')}\``;
  const n = whole();
  const more = n - only.length;
  return `\`phonebridge-sync ${fixForPlan(n)}\`${more > 0 ? ` (${n} MyOperator e-mails in all: fix plans ${more} more beside these)` : ''}`;
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
