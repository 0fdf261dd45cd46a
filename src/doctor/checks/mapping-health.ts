import { mappingFindings } from '../../core/diagnose.js';
import { crossedWhenAsked, fixConflicts, ignoredZohoIn } from '../../core/fix-plan.js';
import { reconcile } from '../../core/reconcile.js';
import { listingNobody, pruneAlsoTakes, pruneRemoves, type SideName } from '../../core/reasons.js';
import { pastable } from '../../core/forensics.js';
import { deletedInZoho, type MyOperatorUser, type ZohoUser } from '../../core/users.js';
import type { Check } from '../check.js';
import { fixForWholePlan, needing, needingUsers, notCheckedForEmptySide, sidesListingNobody } from '../check.js';
import { plural, series } from '../../io/plural.js';
import { zohoApiCheck } from './zoho-api.js';
import { myOperatorApiCheck } from './myoperator-api.js';
import { credentialsFileCheck } from './credentials-file.js';
import { zohoCredentialsCheck } from './zoho-credentials.js';
import { zohoTokenCheck } from './zoho-token.js';

/**
 * The checks whose failure is why the users cannot be read: the credentials, and each side's login
 * and read. Every check that failed before was named as saying why, config-dir's or
 * zoho-phonebridge's too, which say nothing of it.
 */
const READ_USERS: ReadonlySet<string> = new Set([credentialsFileCheck.id, zohoCredentialsCheck.id, zohoTokenCheck.id, zohoApiCheck.id, myOperatorApiCheck.id]);

/** The login checks of the sides that listed nobody, and what they say. */
function loginChecks(empty: readonly SideName[]): string {
  const ids = empty.map((side) => (side === 'Zoho' ? zohoApiCheck.id : myOperatorApiCheck.id));
  return `${ids.join(' and ')} ${ids.length > 1 ? 'say what each login sees' : 'says what that login sees'}`;
}

/** What helps while a side lists nobody: its login, not a resync (which saves and prunes nothing then). */
function readFirst(empty: readonly SideName[]): string {
  return `check which account ${empty.length > 1 ? "each side's login" : `${empty[0]}'s login`} belongs to and what it may list (${loginChecks(empty)})`;
}

export const mappingHealthCheck: Check = {
  id: 'mapping-health',
  group: 'Mappings',
  needs: ['mappings-file'],
  async run(env) {
    return needing(env.mappings, async (saved) => {
      if (saved.mappings.length === 0) {
        // resync reads both sides first: with one not logged in (or not answering), "Run resync"
        // sent the admin to an exit 3 or 4; the failure above says what to do first.
        const users = await Promise.resolve()
          .then(env.users)
          .then(
            (read) => read,
            () => undefined,
          );
        // A side listing nobody: resync then saves nothing (no pair can be matched), and "Save the
        // first mappings with resync" sent the admin to a run that said "0 added".
        const empty = users ? sidesListingNobody(users) : [];
        // The checks that failed are named by id, as the report shows them and --json's document has them.
        const readFirstThen = (failedBefore: readonly string[]) => {
          const failed = failedBefore.filter((id) => READ_USERS.has(id));
          return `Once both sides can be read (${failed.length ? `${series(failed, 'and')} ${failed.length === 1 ? 'says' : 'say'} why` : '`phonebridge-sync doctor` says why they cannot now'}), \`phonebridge-sync resync\` saves the first mappings.`;
        };
        return {
          status: 'skip',
          message: 'no saved mappings yet',
          // The command last, whole on a line of its own where it does not fit beside the rest: "Run" was left alone above it.
          // The users unread, the fix names the checks before it that failed, which the runner alone
          // knows: hintAfter is that fix, and a `hint` beside it said readFirstThen([]) again, unread.
          ...(users
            ? { hint: empty.length ? `Nothing can be mapped while ${empty.join(' and ')} ${empty.length > 1 ? 'list' : 'lists'} nobody: ${readFirst(empty)}.` : 'Save the first mappings with `phonebridge-sync resync`.' }
            : { hintAfter: readFirstThen }),
        };
      }
      return needingUsers(env.users, async (users) => {
        // Every pair's user on that side would read "no longer exists", and the cure offered a prune
        // resync refuses then: the read is what to doubt, not the company.
        // Counted once with the checks of users that could not check it either, as one-side-only is
        // (the runner reads `reason`): it was a second ✗ with the same fix again.
        const notChecked = notCheckedForEmptySide(users);
        const empty = sidesListingNobody(users);
        if (notChecked)
          return {
            ...notChecked,
            message: `${plural(saved.mappings.length, 'saved mapping')} ${notChecked.message}`,
            // The read is what helps: "resync prunes nothing while a side lists nobody" named a run that then saved nothing.
            hint: `${listingNobody(empty)} (${loginChecks(empty)}).`,
            data: { notChecked: saved.mappings.length, emptySide: notChecked.data.emptySide },
          };
        const found = mappingFindings(saved.mappings, users.zoho, users.myoperator);
        // The pairs a plain resync would save now, by resync's own plan: often the mismatches `fix`
        // just set, equal now but not in the file. doctor passed "all current" beside them, and an
        // admin took fix's work for done.
        const unsaved = reconcile({ ...saved, ...users, auto: true, prune: false, now: env.ctx.now().toISOString(), matched: await env.report() }).add.length;
        const unsavedLine = unsaved ? `${plural(unsaved, 'pair')} whose e-mails match exactly ${unsaved === 1 ? 'is' : 'are'} not saved as ${unsaved === 1 ? 'a mapping' : 'mappings'} yet` : '';
        // Beside a prune, one resync does both: two resyncs read as two steps to take.
        const unsavedCure = (pruneToo: boolean) =>
          unsaved ? `\`phonebridge-sync resync\`${pruneToo ? ', with --prune or without,' : ''} saves ${unsaved === 1 ? 'the pair' : `the ${unsaved} pairs`} not saved yet.` : '';
        const problems = found.map((f) => ({ problem: f.problem, zoho: f.mapping.zoho.id, myoperator: f.mapping.myoperator.uuid }));
        if (found.length === 0) {
          const current = `${plural(saved.mappings.length, 'mapping')}, all current`;
          if (!unsaved) return { status: 'pass', message: current, data: { problems, unsaved } };
          return { status: 'warn', message: `${current}; ${unsavedLine}`, hint: unsavedCure(false), data: { problems, unsaved } };
        }
        const zById = new Map(users.zoho.map((u) => [u.id, u]));
        const mById = new Map(users.myoperator.map((u) => [u.id, u]));
        // fix's conflicts, and its hold on a pair whose MyOperator user is another Zoho user's likely
        // match: `fix` was named as the cure of a pair plain fix leaves alone.
        const refuses = fixConflicts({ ...users, mappings: saved.mappings });
        const report = await env.report();
        const crossed = crossedWhenAsked(() => ({ ...users, mappings: saved.mappings, ignored: ignoredZohoIn(report) }));
        const conflictOf = (z: ZohoUser, m: MyOperatorUser) => refuses(z, m) ?? crossed(z, m);
        // The pairs of two active users whose e-mails differ: they take calls, and MyOperator attributes
        // none of them. A failure, as the unmapped mismatch is (DESIGN leaves it open): as a warning, a
        // CI gate on doctor passed while those calls went to nobody. A pair with an inactive user
        // takes no calls: a warning still.
        const losing = found.flatMap((f) => {
          const z = zById.get(f.mapping.zoho.id);
          const m = mById.get(f.mapping.myoperator.uuid);
          return f.problem === 'emails-differ' && z?.active && m?.active ? [{ f, conflict: conflictOf(z, m) }] : [];
        });
        const serious = found.filter((f) => f.problem === 'stale' || f.problem.endsWith('mapped-twice') || losing.some((l) => l.f === f));
        // `fix` is the cure only where it would set the e-mail: for the others, what fix itself says stops it.
        const conflicts = [...new Set(losing.flatMap((l) => (l.conflict ? [l.conflict] : [])))];
        // Stale because MyOperator's e-mail was retyped since it was mapped, and differing: fix holds
        // such a pair back until --only names it (the seat may be a new hire's: core/fix-plan.ts).
        // The test planFix makes: MyOperator's e-mail now is not the one recorded (a Zoho-side change is no hold).
        const retyped = (f: (typeof found)[number]) => {
          const m = mById.get(f.mapping.myoperator.uuid);
          return m !== undefined && m.email !== f.mapping.myoperator.email;
        };
        // A pair with an inactive user is left out of fix's plan: `fix` was named as its cure, and set nothing.
        const idle = (f: (typeof found)[number]) => {
          const z = zById.get(f.mapping.zoho.id);
          const m = mById.get(f.mapping.myoperator.uuid);
          return z !== undefined && m !== undefined && (!z.active || !m.active);
        };
        // A Zoho user deleted, where Zoho's users list holds them: nobody to switch back on. The
        // unmap removes that pair alone (resync --prune would too, with every other stale pair).
        const deleted = [...new Set(found.flatMap((f) => (deletedInZoho(zById.get(f.mapping.zoho.id)) ? [f.mapping.zoho.id] : [])))];
        const differing = found.filter((f) => f.problem === 'emails-differ' && !idle(f) && !losing.some((l) => l.f === f && l.conflict));
        const offDiffering = found.some((f) => f.problem === 'emails-differ' && idle(f) && !deletedInZoho(zById.get(f.mapping.zoho.id)));
        const fixable = differing.some((f) => !retyped(f));
        const held = differing.some(retyped);
        // A pair stale only for a retyped MyOperator e-mail has its own cure below (fix --only, or
        // map --unmap): a prune, pasted, removed it too, also where it was still the same person.
        const staleFound = serious.filter((f) => f.problem === 'stale');
        const staleRetyped = staleFound.filter(retyped).length;
        const stale = staleFound.length > staleRetyped;
        const cures = [
          stale
            ? // The prune every other view offers: a bare one, pasted past the default --max-prune, was refused.
              `${pruneRemoves(staleFound.length, 'stale mappings')}${staleRetyped ? pruneAlsoTakes(staleRetyped) : ''}`
            : '',
          // A command whole, with a placeholder: "`map --unmap` fixes the doubles", pasted, was exit 2. --unmap removes every pair of whom it is given.
          serious.some((f) => f.problem.endsWith('mapped-twice')) ? '`phonebridge-sync map --unmap <user>`, given the user of the wrong pair who is mapped once, fixes the doubles' : '',
          // A pair stale because an e-mail was retyped is often still the same person: then fix,
          // not a prune, makes its calls attributed again, once the admin names it.
          held
            ? 'a pair whose MyOperator user holds another e-mail than the one it was recorded with is set only where it is still the same person: `phonebridge-sync fix --dry-run` names the `fix --only` for each'
            : '',
          fixable
            ? `MyOperator attributes calls by e-mail alone: ${await fixForWholePlan(env)} sets ${conflicts.length || held || offDiffering ? 'the other mapped MyOperator e-mails to the Zoho ones' : 'each mapped MyOperator e-mail to the Zoho one'}`
            : '',
          // The whole command, as the other cures give it: "`map --unmap`" alone did not run when pasted, nor got this run's --config-dir.
          offDiffering
            ? 'fix leaves a pair with an inactive user alone (it takes no calls): switch the user back on first, or remove the pair with `phonebridge-sync map --unmap <zoho e-mail>`'
            : '',
          // Each unmap whole: "followed by each one's Zoho id" named ids the findings above do not show.
          deleted.length > 0
            ? `${deleted.length === 1 ? 'a pair whose Zoho user is deleted in Zoho takes' : 'pairs whose Zoho user is deleted in Zoho take'} no calls: ${deleted.map((id) => `\`phonebridge-sync map --unmap ${pastable(id)}\``).join(', ')} ${deleted.length === 1 ? 'removes it' : 'remove them'}`
            : '',
        ].filter(Boolean);
        const hint = [
          cures.length ? `${cures.join('; ')}.` : conflicts.length ? '' : `MyOperator attributes calls by e-mail alone: ${await fixForWholePlan(env)} sets each mapped MyOperator e-mail to the Zoho one.`,
          ...conflicts,
          unsavedCure(stale),
        ]
          .filter(Boolean)
          .join(' ');
        return {
          status: serious.length ? 'fail' : 'warn',
          message: [...found.map((f) => `${f.problem}: ${f.message}`), unsavedLine].filter(Boolean).join('\n'),
          hint,
          data: { problems, unsaved },
        };
      });
    });
  },
};
