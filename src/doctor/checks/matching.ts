import { pastable, reveal, visible } from '../../core/forensics.js';
import type { MatchResult } from '../../core/match.js';
import { listedUser, myOperatorWho, NAMED_AT_MOST, namedWhenFew, nobodyInMyOperator, reasonWithWholeCommands, sharedLineMayStay, unclaimedOnDuty, unmapCommand } from '../../core/reasons.js';
import type { Check, DoctorEnv } from '../check.js';
import { fixPlanIfMade, fixSending, needing, needingUsers, notCheckedForEmptySide, reportSides } from '../check.js';
import { plural } from '../../io/plural.js';
import { myOperatorWord, zohoWord } from '../../core/resolve.js';
import { markedLineWhy } from '../../core/marked-match.js';
import { ignoredUndoWord } from '../../core/reconcile.js';
import type { ZohoUser } from '../../core/users.js';

/**
 * Same people, different bytes: users that PhoneBridge will not sync until an e-mail is fixed or a
 * mapping saved. A pair only suggested (a typo, another domain, the same name) loses its calls the
 * same way, but may be two people: a warning, with the `map` that confirms it before `fix`.
 */
export const mismatchesCheck: Check = {
  id: 'mismatches',
  group: 'Users',
  needs: ['mappings-file'],
  async run(env) {
    // A broken mappings file is the mappings-file check's finding: skip here, fail only on unreadable users.
    return needing(env.mappings, () =>
      needingUsers(env.report, async (report) => {
        // No pair can be made with a side that listed nobody: "no pair differs" would vouch for users nobody saw.
        const notChecked = notCheckedForEmptySide(reportSides(report));
        if (notChecked) return notChecked;
        const bad = report.results.filter((r) => r.status === 'mismatch');
        const likely = report.results.filter((r) => r.status === 'suggested');
        if (bad.length === 0 && likely.length === 0) return { status: 'pass', message: 'no pair differs only by case, spaces or look-alike characters, and none is left only suggested' };
        // Its commands whole, as the fix line below gives them: "`map` asks about the pair" was no
        // command to paste. Its fix names the user, as a plain fix past --max-changes is refused.
        const users = likely.some((r) => r.reasons.some((x) => x.code === 'empty-email')) ? await env.users() : undefined;
        const why = (r: MatchResult) => r.reasons.map((x) => reasonWithWholeCommands(x, users && r.myoperator ? pastable(myOperatorWord(users, r.myoperator)) : undefined)).join('; ');
        const step = bad.length ? await fixStep(env, bad) : undefined;
        return {
          status: bad.length ? 'fail' : 'warn',
          // Each pair indented under its heading: with both lists, the second heading sat at the
          // pairs' indent and read as one more pair.
          message: [
            bad.length && `${plural(bad.length, 'user')} not syncing because the e-mails differ by case, spaces or look-alike characters:\n${bad.map((r) => `  ${reveal(r.zoho!.email)} ≠ ${reveal(r.myoperator!.email)}: ${why(r)}`).join('\n')}`,
            likely.length &&
              `${plural(likely.length, 'Zoho user')} not mapped whose MyOperator user is probably theirs under another e-mail, so PhoneBridge attributes none of their calls:\n${likely
                .map((r) => `  ${reveal(r.zoho!.email)} ≠ ${r.myoperator!.email ? reveal(r.myoperator!.email) : 'the empty e-mail'} of ${myOperatorWho(r.myoperator!)}: ${why(r)}`)
                .join('\n')}`,
          ]
            .filter(Boolean)
            .join('\n'),
          hint: [
            step?.hint,
            likely.length &&
              // "set too" only beside a fix that sets some: where it refuses them all, nothing is set.
              (step?.sets
                ? 'A pair only suggested is set too once `phonebridge-sync map` has confirmed it.'
                : bad.length
                  ? MAP_THEN_FIX
                  : '`phonebridge-sync map` asks about each (confirm the pair), then `phonebridge-sync fix` sets each MyOperator e-mail to the Zoho one.'),
          ]
            .filter(Boolean)
            .join(' '),
          // At a terminal fix's one step, and map's for a pair only suggested: "Zoho is never
          // changed" and the dry run are --verbose's.
          ...(step ? { brief: step.brief(likely.length > 0) } : {}),
          data: [...bad, ...likely].map((r) => ({ status: r.status, zoho: r.zoho!.id, myoperator: r.myoperator!.id, reasons: r.reasons })),
        };
      }),
    );
  },
};

const MAP_THEN_FIX = '`phonebridge-sync map` confirms a pair only suggested, then `phonebridge-sync fix` sets it.';

/**
 * What `fix` does of the mismatches, by its own plan: a mismatch it refuses as it stands (a
 * switched-off old phone holding the Zoho e-mail exactly) is said with fix's sentence, its cure,
 * rather than counted among those "fix sets". Where the plan cannot be made, fix is named for all.
 */
async function fixStep(env: DoctorEnv, bad: readonly MatchResult[]): Promise<{ hint: string; sets: number; brief: (suggested: boolean) => string }> {
  const plan = await fixPlanIfMade(env);
  const fixCommand = fixSending(plan);
  const planned = new Map((plan ?? []).filter((e) => e.source === 'mismatch').map((e) => [`${e.zoho.id}\0${e.myoperator.id}`, e]));
  const refused = plan
    ? bad.flatMap((r) => {
        const e = planned.get(`${r.zoho!.id}\0${r.myoperator!.id}`);
        return e && !e.conflict ? [] : [{ email: reveal(r.zoho!.email), conflict: e?.conflict }];
      })
    : [];
  const sets = bad.length - refused.length;
  const what = sets === bad.length ? 'each MyOperator e-mail' : `${sets} of these ${bad.length} MyOperator e-mails`;
  const setting = sets > 0 ? `${fixCommand} sets ${what} to the Zoho one` : '';
  const each = ({ email, conflict }: (typeof refused)[number]) =>
    conflict === undefined
      ? `fix leaves ${email}'s out of its plan (\`phonebridge-sync fix --dry-run\` shows what it plans).`
      : sets > 0
        ? `Not ${email}'s, which fix refuses as it stands: ${conflict}`
        : `fix refuses ${email}'s as it stands: ${conflict}`;
  const counted = `${sets > 0 ? `Not the other ${refused.length}, which fix refuses` : `fix refuses these ${refused.length}`} as they stand (\`phonebridge-sync fix --dry-run\` says why).`;
  // Named up to the cap resync's and fix's sentences share; past it, counted.
  const rest = refused.length === 0 ? '' : refused.length > NAMED_AT_MOST ? counted : refused.map(each).join(' ');
  return {
    hint: [setting && `${setting} (Zoho is never changed); \`phonebridge-sync fix --dry-run\` shows the plan.`, rest].filter(Boolean).join(' '),
    sets,
    // At a terminal fix's one step, and map's for a pair only suggested: "Zoho is never changed"
    // and the dry run are --verbose's. One refused is said with its cure; more, counted.
    brief: (suggested) =>
      [
        setting && `${setting}${suggested ? '; a pair only suggested, once `phonebridge-sync map` has confirmed it' : ''}.`,
        refused.length === 1 ? rest : refused.length ? counted : '',
        !setting && suggested ? MAP_THEN_FIX : '',
      ]
        .filter(Boolean)
        .join(' '),
  };
}

export const oneSideOnlyCheck: Check = {
  id: 'one-side-only',
  group: 'Users',
  needs: ['mappings-file'],
  async run(env) {
    return needing(env.mappings, (saved) =>
      needingUsers(env.report, async (report) => {
        // Every user of the other side would read "with no … user", and the cure was to create them
        // all there: a side that listed nobody is far likelier a bad read than a company without them.
        // Counted once with the other checks of users that could not check it (the runner reads `reason`).
        const notChecked = notCheckedForEmptySide(reportSides(report));
        if (notChecked?.data.emptySide === 'both') return { ...notChecked, data: { notChecked: 0, ...notChecked.data } };
        if (notChecked) {
          const other = notChecked.data.emptySide === 'zoho' ? 'MyOperator' : 'Zoho';
          const unchecked = report.results.filter((r) => (other === 'Zoho' ? r.zoho?.active : r.myoperator?.active)).length;
          return { ...notChecked, message: `${plural(unchecked, `active ${other} user`)} ${notChecked.message}`, data: { notChecked: unchecked, ...notChecked.data } };
        }
        // One whose e-mail a line left unmapped on purpose holds is tied to it by that e-mail: nobody to create.
        const zohoOnly = report.results.filter((r) => nobodyInMyOperator(r) && r.zoho!.active);
        // A line a Zoho user's "never map" mark alone leaves unclaimed has that user: "create the missing user" made them
        // twice. Its own line names the mark and the steps (as match and `fix --only` do); one holding that user's e-mail
        // byte for byte is tied to them by it, whatever the mark: nobody to create, as above.
        const users = await env.users();
        const unmapOf = (z: ZohoUser) => unmapCommand(ignoredUndoWord(zohoWord(users.zoho, z), z.id, saved));
        const marked: string[] = [];
        const moOnly = unclaimedOnDuty(report.results).filter((u) => {
          const why = markedLineWhy(u, report, unmapOf, myOperatorWord(users, u));
          if (why && 'steps' in why) marked.push(`MyOperator user ${listedUser(u)}: ${why.steps}`);
          return !why;
        });
        const markedStep = marked.length
          ? `Lift the "never map" mark ${marked.length === 1 ? 'the line above names' : 'each line above names'}, then \`phonebridge-sync fix\`; or leave ${marked.length === 1 ? 'that line' : 'those lines'} unmapped on purpose, as it says.`
          : '';
        if (!zohoOnly.length && !moOnly.length && !marked.length) return { status: 'pass', message: 'every active user has someone on the other side' };
        const lone = zohoOnly.length === 1 ? zohoOnly[0]!.zoho! : undefined;
        const loneName = lone && (visible(lone.name) || 'that Zoho user');
        const ignore = `\`phonebridge-sync map --ignore ${lone ? pastable(lone.email || lone.id) : '<zoho e-mail>'}\``;
        return {
          status: 'warn',
          message: [
            zohoOnly.length && `${plural(zohoOnly.length, 'Zoho user')} with no MyOperator user: ${zohoOnly.map((r) => listedUser(r.zoho!)).join(', ')}`,
            moOnly.length &&
              `${plural(moOnly.length, 'MyOperator user')} with no Zoho user: ${moOnly.map((u) => listedUser(u)).join(', ')}`,
            ...marked,
          ]
            .filter(Boolean)
            .join('\n'),
          // The --ignore clause only beside a Zoho user listed: it ignores Zoho users only, and once the
          // last one was ignored it spoke of a user no longer on screen.
          // One Zoho user listed: the command whole. `map --ignore` pasted as quoted was exit 2, for want of the e-mail.
          // The same at a terminal: the report breaks a command too long for a line between its arguments,
          // pastable. A brief that hid it there ("--verbose says how to ignore them") sent a newcomer to
          // a flag whose answer sat among HTTP traces.
          // Beside a MyOperator user listed, the choice --calls, --webhook and fix's "Left to settle"
          // give the same users (unclaimedOnDuty): "create" alone sent the admin to buy a CRM seat for the reception desk.
          hint: [
            (zohoOnly.length || moOnly.length) &&
              `Create the missing user on the other side${
                lone ? `; if ${loneName} takes no calls, ${ignore} marks them so` : zohoOnly.length ? `; a Zoho user who takes no calls is marked with ${ignore}` : ''
              }${moOnly.length ? `; ${sharedLineMayStay(moOnly.length === 1 ? myOperatorWord(users, moOnly[0]!) : undefined)}` : ''}.`,
            markedStep,
          ]
            .filter(Boolean)
            .join(' '),
          data: { zohoOnly: zohoOnly.map((r) => r.zoho!.id), myoperatorOnly: moOnly.map((u) => u.id) },
        };
      }),
    );
  },
};
