/**
 * A stretch that must not be cut between a write and its record takes the first Ctrl-C or SIGTERM
 * itself, and says what stopping means there: fix, from the record of what it is about to send
 * until the history holds the results, sends nothing more, then reads back and records what it
 * sent; login, between exchanging a grant token (Zoho takes each once) and saving what it gave,
 * saves it unverified. A second signal ends the process at once, as any other time, and the
 * stretch's note says what may be left half done. cli.ts's signal handlers ask here first: "can we
 * stop now?" is decided in this one place.
 */
interface Stretch {
  /** Called with the first signal: the stretch stops at its next safe point. */
  stop(signal: NodeJS.Signals): void;
  /** What to say if the process ends at once inside the stretch. */
  note: string;
}

let current: Stretch | undefined;
let handedOver = false;

/** Enters a stretch; `leaveStretch` ends it (in a finally). */
export function enterStretch(stretch: Stretch): void {
  current = stretch;
  handedOver = false;
}

export function leaveStretch(): void {
  current = undefined;
  handedOver = false;
}

/** For the signal handlers: true when a stretch took this signal (the first one in it). */
export function handOver(signal: NodeJS.Signals): boolean {
  if (!current || handedOver) return false;
  handedOver = true;
  current.stop(signal);
  return true;
}

/** The note of the stretch the process is in, or '' outside one. */
export function cutShortNote(): string {
  return current?.note ?? '';
}
