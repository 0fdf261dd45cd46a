/**
 * What to do about a plan over the cap, said in the same words by a refused run, a dry run, a
 * worklist and the hint to pass --yes: the dry run's "(narrow it with --only, or raise it)" left
 * out --force, which the refused run named. `sends`: the run that sends the whole plan, with the
 * --max-changes it needs ("raise --max-changes" left the admin to count; doctor named the number).
 */
export function overCapCure(maxChanges: number, sends: string): string {
  // At 0 no --only is narrow enough: "narrow it with --only" was said of a single change.
  return maxChanges === 0 ? `0 lets no change through: ${sends}` : `${sends}, or narrow the plan with --only`;
}
