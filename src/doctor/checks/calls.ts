import { CALL_PAGE_SIZE } from '../../clients/myoperator.js';
import { agentWho, CallAudit, unknownAgentReason, type CureKind } from '../../core/call-audit.js';
import { pastable, visible } from '../../core/forensics.js';
import { inMyOperatorPanel, SWITCH_ON_IN_PANEL } from '../../core/myoperator-panel.js';
import { CALLS_SINCE_DEFAULT, sinceWords } from '../../core/period.js';
import { heldPairs, ignoreMyOperatorCommand, myOperatorWho, NAMED_AT_MOST, refusedPairs, sharedLineMayStay } from '../../core/reasons.js';
import { historyAnswers } from '../../store/set-email-lines.js';
import { ignoredUndoWord, leftUndoCommand } from '../../core/reconcile.js';
import { zohoWord } from '../../core/resolve.js';
import { leftUnmappedIds, type ZohoUser } from '../../core/users.js';
import { fixSending, type Check } from '../check.js';
import { plural, series } from '../../io/plural.js';
import { upperFirst } from '../../errors.js';

/** How many agents the human view lists (and every held one, or an eleventh alone: see `listed`); `--json` has them all. */
const TOP_AGENTS = 10;

/**
 * `--calls`: MyOperator's call logs for the period, each answered call judged against the users
 * as they are now (so the same audit after `fix` shows the cure). Like every check that needs
 * the users, it fails when they cannot be read: an audit that could not run is not a pass.
 */
export const callsCheck: Check = {
  id: 'calls',
  group: 'Calls',
  // It reads the saved mappings and fix's history (for the changes MyOperator refused), as
  // --webhook does: `--only calls` ran it alone, and a history it could not read went unsaid.
  needs: ['mappings-file'],
  async run(env) {
    const period = env.callPeriod!;
    const [users, clients] = await Promise.all([env.users(), env.clients()]);
    const saved = env.mappings();
    const report = await env.report();
    const plan = await env.fixPlan();
    // The history is read once, and only if some agent's cure would be `fix --only`, or some call
    // names an extension no MyOperator user has now.
    const { lastTry, setAt } = historyAnswers(env.history);
    const markWord = (z: ZohoUser) => ignoredUndoWord(zohoWord(users.zoho, z), z.id, saved);
    const audit = new CallAudit(users.zoho, users.myoperator, plan, report, saved.mappings, lastTry, setAt, leftUnmappedIds(saved), markWord);
    let pages = 0;
    // A --since before 1970 (a date --since takes from the year 100) is asked from the epoch: Unix
    // seconds before it are negative (MyOperator was sent from=-86400), and no call log is older.
    const from = Math.max(0, Math.floor(period.from.getTime() / 1000));
    for await (const page of clients.myoperator.callLogs(from, Math.floor(period.to.getTime() / 1000), (n, total) =>
      env.progress(
        `Reading MyOperator call logs… page ${n}${total !== undefined && Number.isFinite(total) ? ` of ${Math.max(n, Math.ceil(total / CALL_PAGE_SIZE))}` : ''}`,
      ),
    )) {
      pages++;
      for (const call of page) audit.add(call);
    }
    const { summary, agents, leftUnmapped } = audit.result();
    // A saved pair whose MyOperator e-mail is not the one recorded: plain `fix` holds it
    // back (a conflict until `--only` names it), so the next step must not send it to plain `fix`.
    // One held as another Zoho user's likely match is counted with the refused, as match counts it:
    // "recorded with another MyOperator e-mail" was untrue of it.
    const heldIds = new Set(plan.filter((e) => e.conflict && e.untilNamed && !e.resembles).map((e) => e.myoperator.id));
    const isHeld = (a: (typeof agents)[number]) => a.cure?.kind === 'conflict' && a.myoperator !== null && heldIds.has(a.myoperator.uuid);
    // The rest of the conflicts: fix refuses them as they stand (fix's plan above says so), whatever --only says.
    const refused = agents.filter((a) => a.cure?.kind === 'conflict' && !isHeld(a)).length;
    const data = { period: { since: period.label, from: period.from.toISOString(), to: period.to.toISOString() }, pages, summary, agents, leftUnmapped };
    // Unconfirmed calls said only where there are some: their words say why they are apart.
    // Why they are apart, of the kinds there are: another MyOperator user holds the agent's e-mail, or several Zoho users do.
    const apart = [
      agents.some((a) => a.unconfirmed > 0 && a.cure?.kind === 'shared-email') && "another MyOperator user's too",
      agents.some((a) => a.unconfirmed > 0 && a.cure?.kind === 'duplicate-email') && "several Zoho users'",
    ].filter(Boolean);
    const unconfirmed = summary.unconfirmed ? ` ${summary.unconfirmed} unconfirmed (${summary.unconfirmed === 1 ? "its agent's" : "their agent's"} e-mail is ${apart.join(', or ')}),` : '';
    // Apart from attributable: PhoneBridge gives them to a Zoho user the saved mapping says the agent is not.
    const misattributed = summary.misattributed ? ` ${summary.misattributed} attributed to another Zoho user than the saved mapping's,` : '';
    const onPurpose = summary.leftUnmapped ? `, ${summary.leftUnmapped} on ${leftUnmapped.length === 1 ? 'a line' : 'lines'} left unmapped on purpose` : '';
    const counts = `${plural(summary.answered, 'answered call')} since ${sinceWords(period.from)}: ${summary.attributable} attributable,${unconfirmed}${misattributed} ${summary.unattributable} unattributable, ${summary.unknownAgent} by an unknown agent${onPurpose}`;
    // Each line left unmapped on purpose, below the agents to act on: the admin's choice, said with its undo, never a failure.
    const leftLines = leftUnmapped.map(
      (a) => `${plural(a.leftUnmapped, 'call')} · ${agentWho(a.myoperator!)}\n  left unmapped on purpose: ${leftUndoCommand(audit.agentWord(a.myoperator!), a.myoperator!.uuid, saved)} undoes it`,
    );
    const leftSaid = leftLines.map((l) => `\n${l}`).join('');
    if (summary.unattributable === 0 && summary.unknownAgent === 0 && summary.unconfirmed === 0 && summary.misattributed === 0)
      return leftLines.length ? { status: 'warn', message: `${counts}${leftSaid}`, data } : { status: 'pass', message: counts, data };
    // A phone another has taken over from: its cure's kind says which agent it is, the audit what it means.
    const isRetired = (a: (typeof agents)[number]) => a.cure?.kind === 'retired-myoperator-user';
    const retiredOf = (a: (typeof agents)[number]) => (isRetired(a) && a.myoperator ? audit.retiredOf(a.myoperator.uuid) : undefined);
    // The e-mail several MyOperator users hold, which the agent's line says to change in the panel:
    // the old phone's, switched off, that still holds it (retired, or saved with another Zoho user),
    // or the one an agent on duty shares.
    const offToChange = (a: (typeof agents)[number]) => a.cure?.kind === 'inactive-myoperator-user' && a.myoperator !== null && audit.offWithEmailToChange(a.myoperator.uuid);
    const emailToChange = (a: (typeof agents)[number]) => (a.cure?.kind === 'shared-email' || retiredOf(a)?.emailFix || offToChange(a) ? a.myoperator?.email : undefined);
    // A held agent is listed wherever it ranks: the step below sends each to the `fix --only` its
    // own line names, which a list cut at ten would leave out. So is one to switch on, one whose
    // extension fix's change took, one whose e-mail is to be set by hand, and one holding an e-mail
    // several MyOperator users hold (emailToChange): the step sends them to "each agent above".
    const ownLine = (a: (typeof agents)[number]) =>
      isHeld(a) ||
      a.cure?.kind === 'set-by-hand' ||
      a.cure?.kind === 'inactive-myoperator-user' ||
      a.cure?.kind === 'emptied-by-fix' ||
      emailToChange(a) !== undefined;
    const cut: typeof agents = [];
    const leftOut: typeof agents = [];
    agents.forEach((a, i) => (i < TOP_AGENTS || ownLine(a) ? cut : leftOut).push(a));
    // One agent left out is listed: "… and 1 more agent" took the place of its line and sent the
    // reader to --json for it (README's Karan Walia, a leaver's 2 calls, after three resyncs).
    const unlisted = leftOut.length === 1 ? [] : leftOut;
    const listed = unlisted.length === 0 ? agents : cut;
    const shown = listed.map((a) => {
      const m = a.myoperator;
      const who = m ? agentWho(m) : `${visible(a.agent.name) || '(no name)'} (ext ${visible(a.agent.extension) || '-'})`;
      const n = a.unattributable || a.unknown || a.unconfirmed || a.misattributed;
      // No change of ours cures an unknown agent's calls: a fix line said "nothing to fix for past
      // calls"; the reason is the line, as --webhook's `!` says it.
      if (a.cure?.kind === 'unknown-agent') {
        const why = unknownAgentReason(a.agent, n > 1 ? 'them' : 'it');
        return `${plural(n, 'call')} · ${why.charAt(0).toLowerCase()}${why.slice(1)}`;
      }
      // A retired phone: what it means is the line, and a fix only for the e-mail it still holds.
      const retired = retiredOf(a);
      if (retired) return `${plural(n, 'call')} · ${who}\n  switched off: ${retired.status}${retired.emailFix ? `\n  fix: ${retired.emailFix}` : ''}`;
      // Attributed only if MyOperator links this agent, not another holder of its e-mail: what is known and what is not, as --webhook says it.
      const shared =
        a.cure?.kind === 'shared-email'
          ? audit.sharedOf(a.myoperator!.uuid, 'myoperator')
          : a.cure?.kind === 'duplicate-email' && a.unconfirmed > 0
            ? audit.sharedOf(a.myoperator!.uuid, 'zoho')
            : undefined;
      if (shared) return `${plural(n, 'call')} · ${who}\n  unconfirmed: ${shared.status}\n  fix: ${a.cure!.message}`;
      // Whose calls they are now and whose the saved mapping says: fix's `--only` alone (an account handed on) said neither.
      const against = a.misattributed > 0 ? audit.againstSavedOf(a.myoperator!.uuid) : undefined;
      if (against) return `${plural(n, 'call')} · ${who}\n  attributed: ${against}\n  fix: ${a.cure?.message ?? ''}`;
      return `${plural(n, 'call')} · ${who}\n  fix: ${a.cure?.message ?? ''}`;
    });
    // The command whole, as the steps name theirs: a bare --json was no command to paste. In --json's
    // document, which holds them all, it sent the reader to the very document.
    const allOf = env.output === 'document' ? 'calls.agents has them all' : `\`${auditCommand(period.label)} --json\` lists them all`;
    const more = unlisted.length > 0 ? `\n… and ${plural(unlisted.length, 'more agent')} (${allOf})` : '';
    const unknownNamed = agents.filter((a) => a.cure?.kind === 'unknown-agent').map((a) => a.agent.name !== '' || a.agent.extension !== '');
    // Only calls no change of ours cures: no step to take, so no fix line ("…; nothing to do"), and
    // the reason goes on the `!` line. A retired phone's calls are a warning too, its line says why.
    const nothingToDo = agents.every((a) => a.cure?.kind === 'unknown-agent' || (isRetired(a) && a.myoperator && !retiredOf(a)?.emailFix));
    return {
      status: agents.some((a) => a.unattributable > 0 && !isRetired(a)) ? 'fail' : 'warn',
      message: `${counts}${nothingToDo && unknownNamed.length ? `; ${unattributedAfterTheFact(unknownNamed)}` : ''}\n${shown.join('\n')}${more}${leftSaid}`,
      hint: nothingToDo
        ? undefined
        : hintFor({
            // One whose e-mail is to change is not among those to switch on, which its line advises against.
            kinds: cureCounts(agents.filter((a) => !isHeld(a) && !offToChange(a))),
            held: agents.filter(isHeld).length,
            since: period.label,
            refused,
            wholePlan: fixSending(plan),
            shared: sharedEmails(agents.flatMap((a) => emailToChange(a) ?? []), agents.flatMap((a) => (a.cure?.kind === 'shared-email' && audit.sharedOnDuty(a.myoperator!.uuid) ? [a.myoperator!.email] : []))),
            // Named: "the MyOperator users above" took in a retired phone too, whose line says it takes no more calls.
            switchOn: [...new Set(agents.flatMap((a) => (a.cure?.kind === 'inactive-myoperator-user' && a.myoperator && !isHeld(a) && !offToChange(a) ? [myOperatorWho({ ...a.myoperator, id: a.myoperator.uuid })] : [])))],
            sharedLines: agents.flatMap((a) =>
              a.cure?.kind === 'missing-zoho-user' && a.myoperator && audit.mayStay(a.myoperator.uuid) ? [{ who: myOperatorWho({ ...a.myoperator, id: a.myoperator.uuid }), word: audit.agentWord(a.myoperator), email: a.myoperator.email !== '' }] : [],
            ),
            unlisted: cureCounts(unlisted),
            document: env.output === 'document',
          }),
      data,
    };
  },
};

/** The audit as typed, its period but the default: the command a step runs again, and with --json the one that lists every agent. */
function auditCommand(since: string): string {
  return `phonebridge-sync doctor --calls${since === CALLS_SINCE_DEFAULT ? '' : ` --since ${pastable(since)}`}`;
}

/** The e-mails several MyOperator users hold, by their cure: one to change or remove (a switched-off holder's), or distinct e-mails for users on duty. */
interface SharedEmails {
  change: number;
  separate: number;
}

/** `all` the shared e-mails the agents' lines name, `onDuty` those of them users on duty share. */
function sharedEmails(all: readonly string[], onDuty: readonly string[]): SharedEmails {
  const separate = new Set(onDuty);
  return { change: new Set(all.filter((e) => !separate.has(e))).size, separate: separate.size };
}

/** How many agents need each kind of cure. */
function cureCounts(agents: ReadonlyArray<{ cure: { kind: CureKind } | null }>): Map<CureKind | undefined, number> {
  const counts = new Map<CureKind | undefined, number>();
  for (const a of agents) counts.set(a.cure?.kind, (counts.get(a.cure?.kind) ?? 0) + 1);
  return counts;
}

/** What the run's next step is made from (see hintFor). */
interface StepFacts {
  /** How many agents need each kind of cure. */
  kinds: ReadonlyMap<CureKind | undefined, number>;
  /**
   * Agents whose saved pair plain `fix` holds back (their MyOperator e-mail was changed since
   * mapping), not among `kinds`: wherever the step names plain `fix`, it says fix leaves them, and
   * when nothing else is left, their own `fix --only` is the step.
   */
  held: number;
  /** The period audited, as --since was given: the step's `doctor --calls` audits it again. */
  since: string;
  /**
   * The other agents whose cure is a conflict, which fix refuses as they stand: a step of plain
   * `fix` before they are settled says it leaves them (once they are, it would not).
   */
  refused: number;
  /**
   * The `fix` that sends the plan as it stands, with the --max-changes a plan over the default cap
   * needs; a `fix` after a map or a change in Zoho is of a plan not made yet.
   */
  wholePlan: string;
  /**
   * The e-mails several MyOperator users hold that agents' lines say to change in the panel
   * (Arjun's old phone, switched off, beside his phone on duty): no fix or map cures those calls,
   * and the step said nothing of them, or was none where they were all that was left. `separate`
   * of them are held by users on duty only, whose line says to give each a distinct e-mail:
   * "change or remove" told the admin to remove one that an agent on duty needs.
   */
  shared: SharedEmails;
  /** The switched-off agents whose line says to switch them back on, by name and extension. */
  switchOn: readonly string[];
  /**
   * The agents to add in Zoho whose line says a shared line can stay as it is (no Zoho user claims
   * them), by name and extension, and whether each has an e-mail to be added with.
   */
  sharedLines: readonly SharedLine[];
  /**
   * How many agents of each cure the report left out past the first ten: a step that sends the
   * admin to their lines ("as each agent above says") says where those lines are.
   */
  unlisted: ReadonlyMap<CureKind | undefined, number>;
  /**
   * The step is read in --json's document, where no line is above it ("each agent's line") and
   * calls.agents holds the agents the message leaves out.
   */
  document: boolean;
}

/**
 * The run's one next step, from the cures its agents need: `fix` first, since it cures most at once.
 * Each command in it is whole (the program's name first), as the steps are to be run in turn:
 * only a whole command is given this run's --sandbox, --config-dir and --profile (io/invocation.ts),
 * and a bare `doctor --calls` pasted after a sandbox `fix` audited the real account.
 */
function hintFor({ kinds, held, since, refused, wholePlan, shared, switchOn, sharedLines, unlisted, document }: StepFacts): string | undefined {
  const fix = '`phonebridge-sync fix`';
  const heldLine = document ? 'line' : 'line above';
  const heldBack = held ? `it holds back the ${heldPairs(held, heldLine)}` : '';
  const holds = heldBack ? ` (${heldBack})` : '';
  // A step of plain `fix` before the conflicts are settled: it leaves the pairs it refuses, as match and resync say.
  const leaves = [refused && `not the ${refusedPairs(refused)}`, heldBack].filter(Boolean);
  const first = leaves.length ? ` (${leaves.join('; ')})` : '';
  const audit = auditCommand(since);
  const again = `\`${audit}\` again to see the cure`;
  // A step about agents of these cures, some past the ten listed: "each agent above" pointed at lines
  // the report left out, so it says where they are, as the report's own "… and 2 more agents" does.
  const count = (m: ReadonlyMap<CureKind | undefined, number>, of: readonly CureKind[]) => of.reduce((n, k) => n + (m.get(k) ?? 0), 0);
  const past = (step: string, of: readonly CureKind[]) => {
    const [n, all] = [count(unlisted, of), count(kinds, of)];
    if (n === 0) return step;
    const whose = n === 1 ? (all === 1 ? 'Its line is' : '1 of their lines is') : n === all ? 'Their lines are' : `${n} of their lines are`;
    return `${step} ${whose} past the agents ${document ? 'the message lists: calls.agents has' : `listed above: \`${audit} --json\` lists`} every one.`;
  };
  const eachAbove = document ? "each agent's line" : 'each agent above';
  // Where those agents' lines are: "each agent above" was said beside "2 of their lines are past the agents listed above".
  const each = (of: readonly CureKind[]) => (count(unlisted, of) > 0 ? "each agent's line" : eachAbove);
  // A change MyOperator refused, or ignored, when fix last sent it: plain fix would send it again, to the same answer.
  const panel = `(${inMyOperatorPanel()})`;
  // Agents whose MyOperator user is switched off, beside a step of fix, the panel or map: fix leaves
  // them alone, so their switch comes first, and was said only on their own lines.
  const off = switchOn.length;
  const switchedOff = `${off === 1 ? 'MyOperator user' : `the ${off} MyOperator users`} ${series(switchOn, 'and')}`;
  // Agents whose extension fix's change took (MyOperator emptied or changed it): their calls name
  // no user until it is given back, whatever fix does next, and was said only on their own lines.
  const emptied = kinds.get('emptied-by-fix') ?? 0;
  const giveBack = `give back, in MyOperator's panel (Manage → Users), the ${emptied === 1 ? 'extension' : 'extensions'} fix's change took from ${emptied === 1 ? 'the MyOperator user' : `the ${emptied} MyOperator users`} ${document ? 'the message names' : 'above'}`;
  const firsts = [
    off && `switch back on, ${SWITCH_ON_IN_PANEL}, ${switchedOff}, whom fix leaves alone`,
    emptied && giveBack,
  ].filter(Boolean);
  const { change, separate } = shared;
  const changeShared = [
    change &&
      (separate
        ? `change or remove ${change === 1 ? 'the e-mail a switched-off MyOperator user shares' : `the ${change} e-mails switched-off MyOperator users share`} with one on duty`
        : `change or remove ${change === 1 ? 'the e-mail' : `the ${change} e-mails`} several MyOperator users hold`),
    separate && `give each of the MyOperator users ${change ? 'on duty ' : ''}who share an e-mail a distinct e-mail`,
  ]
    .filter(Boolean)
    .join(', and ');
  // Beside a step that ends elsewhere than the panel: the panel's change after it, a sentence of its own.
  const also = (step: string) => (changeShared ? `${step} Also ${changeShared} ${panel}, as ${eachAbove} says.` : step);
  const afterSwitchOn = (step: string) => (firsts.length === 0 ? step : `First ${firsts.join(', and ')}, then ${step.charAt(0).toLowerCase()}${step.slice(1)}`);
  // What fix leaves to the panel, each agent's line saying which user.
  const byHand = [kinds.has('set-by-hand') && 'set by hand those it did not take before', changeShared].filter(Boolean);
  if (kinds.has('fix'))
    return afterSwitchOn(`Run ${wholePlan} to make MyOperator hold the Zoho e-mails${first}${byHand.length ? `, and ${byHand.join(', and ')} ${panel}, as ${eachAbove} says` : ''}, then ${again}.`);
  if (kinds.has('set-by-hand'))
    return afterSwitchOn(`Set by hand the e-mails MyOperator did not take from fix${changeShared ? `, and ${changeShared}` : ''} ${panel}, as ${eachAbove} says, then ${again}.`);
  if (kinds.has('map-then-fix')) return also(past(afterSwitchOn(`Map the suggested agents (\`phonebridge-sync map\`), then ${fix}${first}; ${each(['map-then-fix'])} says which Zoho user.`), ['map-then-fix']));
  if (kinds.has('inactive-myoperator-user'))
    return also(`${emptied ? `${upperFirst(giveBack)}, and switch` : 'Switch'} ${switchedOff} back on ${SWITCH_ON_IN_PANEL}, then do what ${off + emptied === 1 ? 'its line says' : 'each says'}; fix leaves a switched-off user alone.`);
  // A conflict is not always Zoho's to settle: most often another MyOperator user holds the e-mail,
  // or the saved mapping is the likelier mistake; each agent's line says which.
  if (kinds.has('conflict'))
    return also(past(`\`fix\` cannot make some of these changes yet: first settle what ${each(['conflict'])} names (another MyOperator user with that e-mail, the saved mapping, or the Zoho e-mail), then ${fix}${holds}.`, ['conflict']));
  if (kinds.has('marked-zoho-user'))
    return also(past(`Lift the "never map" mark ${each(['marked-zoho-user'])} names, then ${fix}${holds}; or leave that line unmapped on purpose, as it says.`, ['marked-zoho-user']));
  const heldStep = `Plain ${fix} holds back the ${heldPairs(held, heldLine)}; then ${again}.`;
  const zohoKinds = ['missing-zoho-user', 'inactive-zoho-user', 'unconfirmed-zoho-user', 'duplicate-email'] as const;
  const zohoSide = count(kinds, zohoKinds);
  // Only lines no Zoho user claims: "These need a change in Zoho …; then `fix`" named neither choice
  // their lines give, and added in Zoho with its very e-mail, a line has no e-mail left to differ.
  if (zohoSide > 0 && zohoSide === sharedLines.length) {
    const step = past(sharedLinesStep(sharedLines, document || count(unlisted, zohoKinds) > 0), zohoKinds);
    return also(held ? `${step} ${heldStep}` : step);
  }
  if (zohoSide > 0)
    // "then fix" alone was untrue of an agent added in Zoho with its very e-mail, whose line says
    // that adding them with its e-mail "is all it takes" (or of a user reactivated under the same e-mail).
    return also(
      past(
        `These need a change in Zoho (a user to add, reactivate, confirm or make unique), as ${each(zohoKinds)} says${sharedLines.length ? `, though ${sharedLineMayStay(sharedLines.length === 1 ? sharedLines[0]!.word : undefined)}` : ''}; then ${fix} for the e-mails that still differ${holds}.`,
        zohoKinds,
      ),
    );
  if (held) return also(heldStep);
  if (emptied) return also(`${upperFirst(giveBack)}, as each says, then ${again}.`);
  return changeShared ? `${upperFirst(changeShared)} ${panel}, as ${eachAbove} says, then ${again}.` : undefined;
}

/** An agent no Zoho user claims, by name and extension, and whether it has an e-mail to be added in Zoho with. */
interface SharedLine {
  who: string;
  /** As map takes it (CallAudit's agentWord), for the `map --ignore-myoperator` that leaves it as it is. */
  word: string;
  email: boolean;
}

/**
 * The step when the only agents left for Zoho are lines no Zoho user claims: add them, or leave a
 * shared line as it is. One with no e-mail is then mapped and given its `fix --only`, as its line
 * says; one added with its very e-mail needs nothing more. `notAbove`: some of those lines are past
 * the agents listed, which the step then says ("the 12 lines above" named two that were not), or the
 * step is read in --json's document, where no line is above it.
 */
function sharedLinesStep(lines: readonly SharedLine[], notAbove: boolean): string {
  const one = lines.length === 1;
  const named = (ls: readonly SharedLine[], many: string) => (ls.length <= NAMED_AT_MOST ? series(ls.map((l) => l.who), 'and') : many);
  const who = named(lines, `the ${lines.length} lines ${notAbove ? '' : 'above '}no Zoho user claims`);
  const leave = `leave ${one ? 'the shared line' : 'a shared line'} as it is with ${ignoreMyOperatorCommand(one ? lines[0]!.word : undefined)}`;
  const each = notAbove ? "each agent's line" : 'each agent above';
  const noEmail = lines.filter((l) => !l.email);
  if (noEmail.length === 0) return `Either add ${who} in Zoho with ${one ? 'its MyOperator e-mail' : 'their MyOperator e-mails'}, which is all it takes, or ${leave}, ${one ? 'as its line says' : `as ${each} says`}.`;
  if (one) return `Either add ${who} in Zoho, then, as it has no e-mail, map it by hand and run the \`fix --only\` its line names, or ${leave}.`;
  const alone = noEmail.length === 1;
  return `Either add ${who} in Zoho, as ${each} says (${named(noEmail, `${noEmail.length} of them`)} ${alone ? 'has' : 'have'} no e-mail: then map ${alone ? 'it' : 'each'} by hand and run the \`fix --only\` ${alone ? 'its line names' : 'each line names'}), or ${leave}.`;
}

/** Why calls by unknown agents stay so; `named`, for each such agent, whether the log names one. */
function unattributedAfterTheFact(named: readonly boolean[]): string {
  // Calls whose answered leg names nobody were said to be by "agents no longer in MyOperator".
  const noAgent = 'calls with no agent recorded as answering them';
  const gone = 'calls by agents no longer in MyOperator';
  const which = named.includes(false) ? (named.includes(true) ? `${gone}, and ${noAgent},` : noAgent) : gone;
  return `${which} cannot be attributed after the fact`;
}
