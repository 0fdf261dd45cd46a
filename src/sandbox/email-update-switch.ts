/**
 * PHONEBRIDGE_SANDBOX_EMAIL_UPDATE: how the sandbox's MyOperator answers an e-mail change, so an
 * admin can try each outcome of `fix` at the demo company. Apart from sandbox.ts, so that connect.ts
 * checks the value without loading the sandbox, and both sentences that list the values list the same.
 */
import type { EmailUpdateBehaviour } from './myoperator-emulator.js';

/** `hang`: no answer at all, as from a MyOperator that stopped answering (try Ctrl-C while fix sends). */
export type SandboxEmailUpdate = EmailUpdateBehaviour | 'hang';

/** Every answer the emulator has, in the order README gives them, `hang` last. */
export const SANDBOX_EMAIL_UPDATES: readonly SandboxEmailUpdate[] = ['accept', 'ignore', 'refuse', 'accept-resets', 'accept-clears', 'accept-lowercased', 'accept-later', 'hang'];

/** "accept, ignore, … or hang", or without `hang` (what to give instead of it). */
export function emailUpdateChoices(butHang = false): string {
  const values = butHang ? SANDBOX_EMAIL_UPDATES.filter((v) => v !== 'hang') : SANDBOX_EMAIL_UPDATES;
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}
