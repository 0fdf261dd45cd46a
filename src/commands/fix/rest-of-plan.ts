/**
 * What a `fix --only` that sent its part leaves of the rest. It was asked about part of the plan:
 * ending on its results alone, it said nothing of the other e-mails fix would set, nor of the
 * unresolved and stale users plain `fix` lists under "Left to settle".
 */
import { inactiveMappedPairs, planFix } from '../../core/fix-plan.js';
import { matchUsers } from '../../core/match.js';
import { savedPairs, type MappingData } from '../../core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../../core/users.js';
import { plural } from '../../io/plural.js';
import { stillLeft } from './still-left.js';

/**
 * Planned afresh from the state the run leaves (MyOperator as read back, the mappings file as saved):
 * while the plan still holds some, how many and the dry run that lists them; else what plain fix
 * would list now as left to settle (a list, ending in a newline), or '' when nothing is. `saidAbove`:
 * the pairs the run has said are not saved yet, which that list does not count again.
 */
export function restOfPlan(saved: MappingData, users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }, now: string, saidAbove: ReadonlySet<string>): string {
  const report = matchUsers({ ...users, ...savedPairs(saved, users) });
  const rest = planFix({ ...users, mappings: saved.mappings, report });
  if (rest.length === 0) return stillLeft(saved, users, inactiveMappedPairs({ ...users, mappings: saved.mappings }), now, report, saidAbove);
  const conflicts = rest.filter((e) => e.conflict).length;
  const changes = rest.length - conflicts;
  const held = [changes && `${plural(changes, 'more MyOperator e-mail')} to set`, conflicts && plural(conflicts, 'conflict')].filter(Boolean).join(' and ');
  return `fix's plan holds ${held} beside those --only named: \`phonebridge-sync fix --dry-run\` lists ${rest.length === 1 ? 'it' : 'them'}.\n`;
}
