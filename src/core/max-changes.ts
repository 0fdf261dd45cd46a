/**
 * How many MyOperator users one `fix` run may change without --force: the CLI's default for
 * --max-changes, and what the command to send the rest after a stop leaves out as the default.
 * Planning facts that match, resync and doctor state too, so core holds them, in a module of
 * their own with no imports: cli.ts reads the defaults at start-up without loading fix's plan.
 */
export const MAX_CHANGES_DEFAULT = 10;

/** resync's --max-prune when not given: how many stale mappings a prune removes unforced. */
export const DEFAULT_MAX_PRUNE = 10;

/**
 * `fix` as the next step for a plan of `changes` changes. Plain `fix` over the default cap is
 * refused ("Nothing changed: 11 changes planned, more than --max-changes 10", exit 5), so a step
 * sending the admin to the whole plan names the cap that lets it through. fix's own refusal gives
 * the cap that run met (`cap`) and the users it was given (`only`: " --only a b").
 */
export function fixForPlan(changes: number, { cap = MAX_CHANGES_DEFAULT, only = '' } = {}): string {
  return `fix${only}${changes > cap ? ` --max-changes ${changes}` : ''}`;
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
