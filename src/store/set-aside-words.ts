/**
 * Why history entries wait beside the history file (history-journal.ts) and what records them:
 * list history, which shows them, and doctor, which reads them, say it in the same words.
 */
export function whyWaiting(n: number): string {
  const [their, them] = n === 1 ? ['its', 'it'] : ['their', 'them'];
  return `a run saved ${their} change in the mappings file and was stopped before the history file took ${them}; the next change to the mappings (or resync) records ${them} there`;
}
