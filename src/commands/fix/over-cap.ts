/**
 * What to do about a plan over the cap, said in the same words by a refused run, a dry run, a
 * worklist and the hint to pass --yes: the dry run's "(narrow it with --only, or raise it)" left
 * out --force, which the refused run named.
 */
export function overCapCure(maxChanges: number): string {
  // At 0 no --only is narrow enough: "narrow it with --only" was said of a single change.
  return maxChanges === 0 ? 'raise --max-changes (0 lets no change through), or pass --force' : 'narrow it with --only, raise --max-changes, or pass --force';
}
