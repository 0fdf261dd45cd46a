/**
 * A timeout (or another wait) as the sentences say it: "15 s", or "300 ms" under a second. The HTTP
 * client's retries and fix's pause before reading MyOperator again say theirs alike.
 */
export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
