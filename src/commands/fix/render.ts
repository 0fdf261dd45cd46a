/** How a `fix` plan and its results are shown: for a person (at a terminal), as TSV (piped) or as one JSON document. */
import type { Context } from '../../context.js';
import { reveal, visible } from '../../core/forensics.js';
import { panelPath, type FixEntry } from '../../core/fix-plan.js';
import { namedWhenFew, RESEND_INVITATION, UNCONFIRMED_REASON, type Reason } from '../../core/reasons.js';
import { toJson, toTsv } from '../../io/render.js';
import { palette } from '../../ui/style.js';
import { wrapIndented } from '../../ui/wrap.js';
import { byHand, holdsTarget, summaryOf, type FixResult, type Outcome } from './results.js';
import type { EarlierChange } from './history.js';
import type { LeftOut } from './only.js';

/** The reason codes, or for a saved pair the matcher cannot explain, why it is in the plan at all. */
export function codesOf(e: FixEntry): string[] {
  const codes = [...new Set(e.reasons.map((r) => r.code))];
  return codes.length ? codes : [e.from ? 'needs-fix' : 'empty-email'];
}

function entryJson(e: FixEntry, o: Outcome) {
  const z = e.zoho;
  const m = e.myoperator;
  return {
    zoho: { id: z.id, zuid: z.zuid, email: z.email, name: z.name },
    myoperator: { uuid: m.id, user_id: m.userId, extension: m.extension, email: m.email, name: m.name },
    from: e.from,
    to: e.to,
    reasons: e.reasons,
    // Not why the e-mails differ (`reasons`): what still keeps the calls unattributed once they are equal.
    notes: notesOf(e),
    source: e.source,
    /** The MyOperator e-mail recorded with the pair, when MyOperator holds another now; else null. */
    recorded: e.recorded ?? null,
    result: o.result,
    detail: o.detail ?? null,
    panel: byHand(o) ? panelPath(e) : null,
  };
}

const NO_NOTES: readonly Reason[] = Object.freeze([]);

/** What an entry's change leaves undone: its Zoho user has not accepted Zoho's invitation. */
function notesOf(e: FixEntry): readonly Reason[] {
  return e.zoho.active && !e.zoho.confirmed ? [UNCONFIRMED_REASON] : NO_NOTES;
}

/**
 * One sentence under a plan (or its results) that sets the MyOperator e-mail of Zoho users who have
 * not accepted Zoho's invitation: the plan read as if the e-mail were all their calls needed. ''
 * when there are none. Named when few, as resync names them. Not of a conflict, which is not set:
 * counted, it made "12 Zoho users here … even with their MyOperator e-mails set" of 11 changes.
 */
export function invitationNote(entries: readonly FixEntry[]): string {
  const pending = entries.filter((e) => !e.conflict && notesOf(e).length > 0);
  const who = (e: FixEntry) => reveal(e.zoho.email) || visible(e.zoho.name) || visible(e.zoho.id);
  const n = pending.length;
  if (n === 0) return '';
  if (n === 1)
    return `Note: Zoho user ${who(pending[0]!)} has not accepted Zoho's invitation: even with its MyOperator e-mail set, PhoneBridge attributes none of its calls until the invitation is accepted (${RESEND_INVITATION}).`;
  return `Note: ${n} Zoho users here have not accepted Zoho's invitation (${namedWhenFew(pending, who) ?? '`phonebridge-sync doctor` names them'}): even with their MyOperator e-mails set, PhoneBridge attributes none of their calls until each invitation is accepted (${RESEND_INVITATION}).`;
}

/**
 * For a person: each entry with its e-mails whole (never cut), invisible and look-alike
 * characters shown as code points. After a run whose plan was just shown, `compact` gives one
 * line per entry with its result instead of the plan again.
 */
export function renderHuman(entries: readonly FixEntry[], outcomes: ReadonlyMap<FixEntry, Outcome>, ctx: Context, heading: string, compact = false): string {
  const c = palette(ctx.color);
  const mark: Record<FixResult, string> = {
    planned: c.cyan('→'),
    applied: c.green('✓ applied'),
    'not-applied': c.red('✗ not applied'),
    conflict: c.yellow('! conflict, not written'),
    unverified: c.yellow('? sent, not verified'),
    shared: c.yellow('! set, but shared'),
  };
  // Applied, but with more changed than the e-mail: not the clean tick of a success.
  const markOf = (o: Outcome) => (o.alsoChanged ? c.yellow('! applied') : o.elsewhere ? c.yellow('! written to another user') : o.set ? c.yellow('! set, but a conflict') : mark[o.result]);
  const done = [...outcomes.values()].some((o) => (o.result !== 'planned' && o.result !== 'conflict') || o.set);
  // No heading over a list that is not there (an --only that names nobody in the plan).
  let out = entries.length ? `${wrapIndented(heading, ctx.stdout.columns, '')}\n` : '';
  for (const e of entries) {
    const o = outcomes.get(e)!;
    const who = `${c.bold(visible(e.myoperator.name) || visible(e.myoperator.id))} · ext ${visible(e.myoperator.extension ?? '-')}`;
    const cols = ctx.stdout.columns;
    // The e-mail the user holds now (holdsTarget), else the one it had.
    if (compact)
      out += `${wrapIndented(`${markOf(o)} ${who} · ${reveal(holdsTarget(o) ? e.to : e.from) || '(no e-mail)'}`, cols, '    ', '  ')}${o.detail ? `\n${wrapIndented(ctx.retarget(visible(o.detail)), cols, '        ', '      ')}` : ''}\n`;
    else {
      const codes = e.reasons.length ? codesOf(e).join(', ') : e.from ? 'different address' : 'no e-mail';
      const zoho = e.zoho.name === e.myoperator.name ? '' : `   ${c.dim(`(Zoho user ${visible(e.zoho.name) || visible(e.zoho.id)})`)}`;
      // Broken between words, never inside an e-mail: a narrow screen's own wrap would cut one.
      out += `\n${wrapIndented(`${who} · ${codes}${e.source === 'mapping' ? ' · saved mapping' : ''}`, cols, '    ', '  ')}\n`;
      out += `${wrapIndented(`${reveal(e.from) || c.dim('(no e-mail)')}`, cols, '           ', `      ${done ? 'was' : 'now'}  `)}\n`;
      out += `${wrapIndented(`${reveal(e.to) || c.dim('(no e-mail)')}${zoho}`, cols, '           ', '      set  ')}\n`;
      if (o.result !== 'planned')
        out += `${wrapIndented(o.detail ? ctx.retarget(visible(o.detail)) : '', cols, '        ', `      ${markOf(o)}${o.detail ? ': ' : ''}`)}\n`;
      else if (o.detail) out += `${wrapIndented(visible(o.detail), cols, '        ', `      ${c.yellow('!')} `)}\n`;
    }
    // One that may yet take is looked at again later first, as the closing line says: "by hand:" alone said to set it now.
    if (byHand(o)) out += `${wrapIndented(panelPath(e), cols, '        ', `      ${c.dim(o.mayYetShow ? 'if it still differs later, by hand:' : 'by hand:')} `)}\n`;
  }
  // Under the plan; the results of a run whose plan was just shown do not say it again.
  const note = compact ? '' : invitationNote(entries);
  return note ? `${out}\n${wrapIndented(ctx.retarget(note), ctx.stdout.columns, '')}\n` : out;
}

/** Piped, a detail's command still names this run's --sandbox and --config-dir: it is pasted as it is. */
function renderTsvRows(entries: readonly FixEntry[], outcomes: ReadonlyMap<FixEntry, Outcome>, ctx: Context): string {
  return toTsv(
    entries.map((e) => {
      const o = outcomes.get(e)!;
      return [
        o.result,
        e.zoho.id,
        reveal(e.zoho.email),
        e.myoperator.id,
        e.myoperator.extension,
        reveal(e.from),
        reveal(e.to),
        codesOf(e).join(','),
        o.detail === undefined ? undefined : ctx.retarget(o.detail),
        byHand(o) ? panelPath(e) : '',
      ];
    }),
  );
}

export function print(
  entries: readonly FixEntry[],
  outcomes: ReadonlyMap<FixEntry, Outcome>,
  ctx: Context,
  heading: string,
  dryRun: boolean,
  compact = false,
  refused: string | null = null,
  wouldBeRefused: string | null = null,
  earlier: readonly EarlierChange[] = [],
  leftOut: readonly LeftOut[] = [],
): void {
  // `dryRun` is what was asked: a run refused at the cap, or with nothing to do, is not a dry run;
  // `refused` says why nothing was sent although it was asked for; `wouldBeRefused`, why a dry
  // run's plan would be refused as a run (a CI preview reads it, as a person reads the closing line);
  // `earlier`, what this run recorded of an earlier run's changes (stderr says it, but for --json);
  // `leftOut`, the users --only named that the plan leaves out, and why (stderr says it, but a CI
  // job reading the document of a run ended 5 found no one named there).
  if (ctx.globals.json)
    ctx.stdout.write(
      toJson(
        {
          entries: entries.map((e) => entryJson(e, outcomes.get(e)!)),
          summary: summaryOf(entries, outcomes),
          dryRun,
          refused,
          wouldBeRefused,
          earlier,
          leftOut: leftOut.map((l) => ({ only: l.only, why: l.why })),
        },
        ctx.stdoutIsTTY,
        ctx.retargetJson,
      ),
    );
  else if (ctx.stdoutIsTTY) ctx.stdout.write(renderHuman(entries, outcomes, ctx, heading, compact));
  else {
    ctx.stdout.write(renderTsvRows(entries, outcomes, ctx));
    // The lines are data: the note is for the person reading the run's log.
    const note = invitationNote(entries);
    if (note) ctx.say(`${note}\n`);
  }
}

export function planHeading(entries: readonly FixEntry[]): string {
  const changes = entries.filter((e) => !e.conflict).length;
  const conflicts = entries.length - changes;
  // "0 MyOperator e-mails to set to the Zoho e-mail, 1 conflict left alone" headed a plan of conflicts only.
  const toSet = changes === 0 ? 'No MyOperator e-mail to set' : `${changes} MyOperator e-mail${changes === 1 ? '' : 's'} to set to the Zoho e-mail`;
  return `${toSet}${conflicts ? `, ${conflicts} conflict${conflicts === 1 ? '' : 's'} left alone` : ''} (Zoho is never changed):`;
}
