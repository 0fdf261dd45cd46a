/**
 * The call-attribution audit, pure: MyOperator call logs judged against the users as they are now.
 *
 * PhoneBridge can attribute an answered call only when the agent's MyOperator e-mail equals one
 * Zoho user's e-mail byte for byte; our saved mappings are not read by MyOperator, so they do not
 * count. A call log names its agent by extension and name only (reference §5), so the agent is
 * joined to MyOperator users by extension, then by name. Calls are fed one page at a time and only
 * counters per agent are kept, so memory stays bounded however long the period.
 */
import { emailKey, pastable, reveal, visible } from './forensics.js';
import { panelPath, type FixEntry } from './fix-plan.js';
import { inMyOperatorPanel, SWITCH_ON_IN_PANEL } from './myoperator-panel.js';
import type { MatchReport, MatchResult } from './match.js';
import { LikelyZoho, namesSay, rivalsClause, tiedUsers, tieMap, tieSentence, zohoNamed } from './likely-zoho.js';
import { recordedTimeWords } from './utc-time.js';
import { markedMatchOf } from './marked-match.js';
import type { Mapping } from './reconcile.js';
import { ignoreMyOperatorCommand, myOperatorNoted, myOperatorWho, NO_USER_TO_REACTIVATE, RESEND_INVITATION, SHARED_EMAIL_UNCONFIRMED, sharedLineMayStay, unclaimedOnDuty, unmapCommand, ZOHO_SHARED_EMAIL_UNCONFIRMED, zohoHoldersOfEmail, zohoOff } from './reasons.js';
import { nameKey } from './suggest.js';
import { deletedInZoho, holdersByEmail, type MyOperatorUser, type ZohoUser } from './users.js';
import { myOperatorWord, zohoWord } from './resolve.js';


/** One call as `POST /search` sends it (`hits[]._source`), only the fields the audit reads. */
type Field = string | number | null | undefined;
type Agent = { name?: Field; extension?: Field };
export interface CallLog {
  status?: Field;
  log_details?: ReadonlyArray<{ action?: Field; received_by?: ReadonlyArray<Agent> | Agent | null }> | null;
}

/** `unconfirmed`: attributable by the e-mail rule, but another MyOperator user holds the agent's e-mail too (SHARED_EMAIL_UNCONFIRMED). */
/** `left-unmapped`: on a MyOperator user the admin left unmapped on purpose (`map --ignore-myoperator`), a shared line nobody in Zoho is. */
/** `misattributed`: attributable by the e-mail rule, to another Zoho user than the one the saved mapping pairs the agent with. */
export type CallVerdict = 'not-answered' | 'attributable' | 'unconfirmed' | 'unattributable' | 'unknown-agent' | 'left-unmapped' | 'misattributed';

export type CureKind =
  | 'fix'
  | 'set-by-hand'
  | 'conflict'
  | 'map-then-fix'
  | 'inactive-myoperator-user'
  | 'retired-myoperator-user'
  | 'duplicate-email'
  | 'shared-email'
  | 'inactive-zoho-user'
  | 'unconfirmed-zoho-user'
  | 'missing-zoho-user'
  | 'marked-zoho-user'
  | 'unknown-agent'
  | 'emptied-by-fix';

/** fix's latest change of a MyOperator user, as the history recorded it, when MyOperator did not take it. */
export interface ChangeNotTaken {
  /** When it was recorded, as the history holds it (ISO). */
  time: string;
  /** What MyOperator answered, as a clause ("it refused: …"), made safe to print. */
  answer: string;
  /** The e-mail that change would have set: a Zoho e-mail changed since makes a change not yet sent. */
  target: string;
}

export interface AgentTally {
  /** As the call log names the agent. */
  agent: { name: string; extension: string };
  myoperator: { uuid: string; email: string; name: string; extension: string | null } | null;
  answered: number;
  /** Calls the e-mail rule gives a Zoho user only if MyOperator links this agent, not another holder of its e-mail. */
  unconfirmed: number;
  unattributable: number;
  unknown: number;
  /** Calls no Zoho user takes, on a MyOperator user left unmapped on purpose: not counted unattributable. */
  leftUnmapped: number;
  /** Calls the e-mail rule gives a Zoho user other than the one the saved mapping pairs this agent with. */
  misattributed: number;
  cure: { kind: CureKind; message: string } | null;
}

export interface AuditSummary {
  answered: number;
  attributable: number;
  /** Attributable by the e-mail rule, were the agent the only MyOperator user holding its e-mail: see SHARED_EMAIL_UNCONFIRMED. */
  unconfirmed: number;
  unattributable: number;
  unknownAgent: number;
  /** Calls on MyOperator users left unmapped on purpose that no Zoho user takes: the admin's choice, not a fault. */
  leftUnmapped: number;
  /** Calls the e-mail rule gives to another Zoho user than the saved mapping's: one of the two is wrong (see CallAudit.add). */
  misattributed: number;
}

export interface AuditResult {
  summary: AuditSummary;
  /** Agents with unconfirmed, misattributed, unattributable or unknown-agent calls, the most such calls first. */
  agents: AgentTally[];
  /** Agents left unmapped on purpose whose calls no Zoho user takes, the most such calls first. */
  leftUnmapped: AgentTally[];
}

function str(v: Field): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/** The answering agent of a call, or null; `answered` from its legs, else from the call's status. */
export function answeringAgent(call: CallLog): { answered: boolean; agent: { name: string; extension: string } | null } {
  const legs = Array.isArray(call.log_details) ? call.log_details : [];
  if (legs.length === 0) return { answered: str(call.status) === '1' || str(call.status).toLowerCase() === 'answered', agent: null };
  for (const leg of legs) {
    if (str(leg?.action).toLowerCase() !== 'received') continue;
    const by = leg.received_by;
    const first = Array.isArray(by) ? by[0] : by;
    if (!first) return { answered: true, agent: null };
    return { answered: true, agent: { name: str(first.name), extension: str(first.extension) } };
  }
  return { answered: false, agent: null };
}

/** A Zoho user who is off, named, in match's words for it (core/reasons zohoOff). */
function offZohoUser(z: ZohoUser): string {
  return `Zoho user ${zohoNamed(z)} ${zohoOff(z)}`;
}

/** A deleted Zoho user as both cures name it: the one an agent's calls were for, or its likely one. */
function deletedZohoUser(z: ZohoUser): string {
  return `${offZohoUser(z)} (${NO_USER_TO_REACTIVATE})`;
}

/**
 * fix's own cure for a change MyOperator did not take when it was sent: when, what it answered, and
 * the panel. The time to the second, as `list history` shows that line: the minute alone matched the
 * `sending` line and the result of every change that run sent.
 */
function setByHand(lastTry: ChangeNotTaken, e: Pick<FixEntry, 'myoperator' | 'to'>): string {
  return `MyOperator did not take the change fix sent on ${recordedTimeWords(lastTry.time, true)} (${lastTry.answer}): set it by hand ${panelPath(e)}.`;
}

/**
 * A phone switched off whose Zoho user another, active, MyOperator user has taken over (Arjun's
 * old ext 23 beside ext 22): it takes no more calls, and switching it back on or mapping it would
 * make two agents of one person.
 */
export interface RetiredPhone {
  /** What it means, as a clause: "it takes no more calls, and MyOperator user … takes Zoho user …'s calls now". */
  status: string;
  /** Its e-mail to change, a sentence, while it still holds the one the phone on duty holds. */
  emailFix?: string;
}

/** The MyOperator user an agent tally names (what the JSON shows of them), or null for an unknown agent. */
function agentOf(m: MyOperatorUser | undefined): AgentTally['myoperator'] {
  return m ? { uuid: m.id, email: m.email, name: m.name, extension: m.extension } : null;
}

/** A seat fix's change emptied: its user as --calls' tally names it, the extension it held then, and when fix set its e-mail (the history's time). */
export type EmptiedSeat = NonNullable<AgentTally['myoperator']> & { heldExtension: string; fixSetAt: string };

/** A MyOperator user as --calls lists an agent's calls and --webhook names a call's agent: name (or uuid), extension now, e-mail. */
export function agentWho(m: NonNullable<AgentTally['myoperator']>): string {
  return `${visible(m.name) || m.uuid} (ext ${visible(m.extension || '-')}) · ${m.email ? reveal(m.email) : 'no e-mail'}`;
}

export class CallAudit {
  /** null marks an extension or a name two users share: it cannot tell who answered. */
  private readonly byExtension = new Map<string, MyOperatorUser | null>();
  private readonly byName = new Map<string, MyOperatorUser | null>();
  private readonly zohoByEmail = new Map<string, number>();
  /** A Zoho user of each e-mail: the one, where zohoByEmail counts one. */
  private readonly zohoHolder = new Map<string, ZohoUser>();
  /**
   * Only an active, confirmed Zoho user shows a call: PhoneBridge attributes to nobody else. The
   * reference (zoho-api.md §3.1) names the users able to log in and take calls `ActiveConfirmedUsers`,
   * so a user whose invitation is not accepted (`confirm: false`) takes none, as user-status says.
   */
  private readonly activeZohoByEmail = new Map<string, number>();
  /** Zoho users who hold an e-mail but take no calls: deactivated, deleted, or not confirmed. */
  private readonly inactiveZoho = new Map<string, ZohoUser>();
  private readonly tallies = new Map<string, AgentTally>();
  private readonly myoperatorById = new Map<string, MyOperatorUser>();
  private readonly zohoById = new Map<string, ZohoUser>();
  /** The Zoho user each saved mapping pairs a MyOperator user with (by uuid): our record, not MyOperator's. */
  private readonly savedFor = new Map<string, string>();
  private readonly fixOf = new Map<string, FixEntry>();
  /** The Zoho user each MyOperator user probably is: paired, else told apart by the agent's name. */
  private readonly likely: LikelyZoho;
  private readonly summary: AuditSummary = { answered: 0, attributable: 0, unconfirmed: 0, unattributable: 0, unknownAgent: 0, leftUnmapped: 0, misattributed: 0 };
  /** The users (by uuid) whose extension, as the call logs name it, went with fix's change: which, and when. */
  private readonly emptiedAt = new Map<string, { extension: string; time: string }>();
  /** Active MyOperator users by their exact e-mail, made when a switched-off agent first asks. */
  private onDutyByEmail?: Map<string, MyOperatorUser[]>;
  /** Every MyOperator user by its exact e-mail, made when an attributable call first asks. */
  private holdersOfEmail?: Map<string, MyOperatorUser[]>;
  /** Made when a switched-off agent first asks too: Zoho users by folded name, and who is paired with each Zoho user. */
  private zohoByName?: Map<string, ZohoUser[]>;
  private pairedWith?: Map<string, Set<string>>;
  /** The MyOperator users (by uuid) no Zoho user claims who are on, made when an agent no Zoho user resembles first asks. */
  private unclaimed?: Set<string>;

  constructor(
    /** Kept for the words a cure names users by (zohoWord, myOperatorWord), map's own lookup. */
    private readonly zoho: readonly ZohoUser[],
    private readonly myoperator: readonly MyOperatorUser[],
    fixes: readonly FixEntry[],
    /** Kept for pairedWithOf, asked only of a switched-off agent. */
    private readonly report: MatchReport,
    mappings: readonly Mapping[] = [],
    /** Asked only of an agent whose cure would be `fix --only` (see changesNotTaken). */
    private readonly notTaken: (uuid: string) => ChangeNotTaken | undefined = () => undefined,
    /** Asked only of an extension no MyOperator user has now: who held it when fix set its e-mail, and when (see extensionsFixSet). */
    private readonly fixSetAt: (extension: string) => { uuid: string; time: string } | undefined = () => undefined,
    /** The MyOperator users (by uuid) the store leaves unmapped on purpose (`ignoredMyOperator`). */
    private readonly leftUnmapped: ReadonlySet<string> = new Set(),
    /** The word `map --unmap` takes to lift a Zoho user's "never map" mark (ignoredUndoWord); its id always does. */
    private readonly markWord: (z: ZohoUser) => string = (z) => z.id,
  ) {
    // Indexed once: the cures are looked up per agent, and a big company has thousands of them.
    for (const f of fixes) this.fixOf.set(f.myoperator.id, f);
    for (const mp of mappings) if (!this.savedFor.has(mp.myoperator.uuid)) this.savedFor.set(mp.myoperator.uuid, mp.zoho.id);
    for (const u of myoperator) this.myoperatorById.set(u.id, u);
    for (const u of zoho) this.zohoById.set(u.id, u);
    this.likely = new LikelyZoho(report);
    for (const u of myoperator) {
      const ext = u.extension?.trim();
      if (ext) this.byExtension.set(ext, this.byExtension.has(ext) ? null : u);
      const k = u.name.trim().toLowerCase();
      // Two users of one name cannot be told apart by name: null marks the name as ambiguous.
      if (k) this.byName.set(k, this.byName.has(k) ? null : u);
    }
    for (const u of zoho) {
      if (!u.email) continue;
      this.zohoByEmail.set(u.email, (this.zohoByEmail.get(u.email) ?? 0) + 1);
      this.zohoHolder.set(u.email, u);
      if (u.active && u.confirmed) this.activeZohoByEmail.set(u.email, (this.activeZohoByEmail.get(u.email) ?? 0) + 1);
      else this.inactiveZoho.set(u.email, u);
    }
  }

  private findAgent(agent: { name: string; extension: string }): MyOperatorUser | undefined {
    return (agent.extension && this.byExtension.get(agent.extension)) || this.byName.get(agent.name.toLowerCase()) || undefined;
  }

  /**
   * The MyOperator user that held an extension nobody has now until fix set its e-mail, and no
   * longer holds it: MyOperator's update emptied or changed it (fix said so, exit 5). Its calls are
   * that seat's, not an agent who has left: "nothing to fix" hid a cure in the panel.
   */
  private seatFixEmptied(agent: { extension: string }): MyOperatorUser | undefined {
    if (!agent.extension || this.byExtension.has(agent.extension)) return undefined;
    const at = this.fixSetAt(agent.extension);
    const user = at && this.myoperatorById.get(at.uuid);
    if (!at || !user || user.extension?.trim() === agent.extension) return undefined;
    this.emptiedAt.set(user.id, { extension: agent.extension, time: at.time });
    return user;
  }

  add(call: CallLog): CallVerdict {
    const { answered, agent } = answeringAgent(call);
    if (!answered) return 'not-answered';
    this.summary.answered++;
    const found = agent ? this.findAgent(agent) : undefined;
    // Judged unattributable: no user has the extension its calls name until it is given back.
    const seat = found || !agent ? undefined : this.seatFixEmptied(agent);
    const m = found ?? seat;
    const key = m ? `uuid:${m.id}` : `agent:${agent?.extension ?? ''}\0${agent?.name ?? ''}`;
    let t = this.tallies.get(key);
    if (!t) {
      t = {
        agent: agent ?? { name: '', extension: '' },
        myoperator: agentOf(m),
        answered: 0,
        unconfirmed: 0,
        unattributable: 0,
        unknown: 0,
        leftUnmapped: 0,
        misattributed: 0,
        cure: null,
      };
      this.tallies.set(key, t);
    }
    t.answered++;
    if (!m) {
      this.summary.unknownAgent++;
      t.unknown++;
      return 'unknown-agent';
    }
    // A MyOperator user switched off takes no calls either, however its e-mail matches: a fix whose
    // update switched the user off left it counted attributable, with no line to say so.
    if (!seat && m.active && m.email && (this.activeZohoByEmail.get(m.email) ?? 0) > 0) {
      // Another MyOperator user holding this very e-mail (an old phone left with it), or another Zoho
      // user holding it (an old account): which of them MyOperator links is unconfirmed, so the call
      // is not counted attributed, nor unattributable.
      if (this.zohoByEmail.get(m.email)! > 1 || this.coHolders(m).length > 0) {
        this.summary.unconfirmed++;
        t.unconfirmed++;
        return 'unconfirmed';
      }
      // Counted attributable, it hid a pair fix refuses.
      if (this.againstSaved(m)) {
        this.summary.misattributed++;
        t.misattributed++;
        return 'misattributed';
      }
      this.summary.attributable++;
      return 'attributable';
    }
    // A reception or shared line the admin chose to leave unmapped: nobody in Zoho is to take its calls.
    if (this.leftUnmapped.has(m.id)) {
      this.summary.leftUnmapped++;
      t.leftUnmapped++;
      return 'left-unmapped';
    }
    this.summary.unattributable++;
    t.unattributable++;
    return 'unattributable';
  }

  /**
   * The cure for one agent as a call payload names it (doctor --webhook), in the words --calls uses.
   * `said`: the Zoho user whose status the caller's own line already gives ("who has not accepted
   * Zoho's invitation"): the cure then says only what to do, as the fix line said the status again.
   */
  cureForAgent(agent: { name: string; extension: string }, m: MyOperatorUser | undefined, said?: { id: string }): AgentTally['cure'] {
    // An extension fix's change took from its user: that seat's cure, as --calls gives it, not "the agent has left".
    const user = m ?? this.seatFixEmptied(agent);
    return this.cureFor({ agent, myoperator: agentOf(user), answered: 1, unconfirmed: 0, unattributable: user ? 1 : 0, unknown: user ? 0 : 1, leftUnmapped: 0, misattributed: 0, cure: null }, said?.id);
  }

  /**
   * The MyOperator user whose extension, as a call payload names it, went with fix's change: `words`
   * name it as --calls lists its calls (--webhook's own line said only "attributed to nobody", the
   * fix line alone naming the seat), and `seat` is what a program is given (its JSON said `null`).
   */
  seatOf(agent: { extension: string }): { seat: EmptiedSeat; words: string } | undefined {
    const user = this.seatFixEmptied(agent);
    const at = user && this.emptiedAt.get(user.id);
    if (!user || !at) return undefined;
    const seat = { ...agentOf(user)!, heldExtension: at.extension, fixSetAt: at.time };
    return { seat, words: `${agentWho(seat)}, whose extension ${visible(agent.extension)} went with fix's change` };
  }

  /** The other MyOperator users holding `m`'s very e-mail, on or switched off (none for no e-mail). */
  private coHolders(m: MyOperatorUser): MyOperatorUser[] {
    if (!m.email) return [];
    this.holdersOfEmail ??= holdersByEmail(this.myoperatorById.values());
    return (this.holdersOfEmail.get(m.email) ?? []).filter((u) => u.id !== m.id);
  }

  /**
   * Whether the e-mail rule gives `m`'s calls to another Zoho user than the one it is saved with:
   * our record says the seat is not that user's (or the record is the slip: fix's plan says which
   * it takes for likelier, and its entry is the cure). Only a pair fix plans (both users on): a
   * saved Zoho user switched off or gone takes no calls, and the seat is likelier whoever took it over.
   */
  againstSaved(m: MyOperatorUser): boolean {
    const saved = this.savedFor.get(m.id);
    return saved !== undefined && saved !== this.zohoHolder.get(m.email)?.id && this.fixOf.get(m.id)?.source === 'mapping';
  }

  /**
   * Of an agent counted misattributed: to whom the e-mail rule gives its calls, and whom the saved
   * mapping pairs it with, as a clause after "attributed:".
   */
  againstSavedOf(uuid: string): string | undefined {
    const m = this.myoperatorById.get(uuid);
    const to = m && this.zohoHolder.get(m.email);
    const saved = m && this.zohoById.get(this.savedFor.get(m.id) ?? '');
    if (!to || !saved) return undefined;
    return `to Zoho user ${zohoNamed(to)} by its e-mail, though the saved mapping pairs it with Zoho user ${zohoNamed(saved)}`;
  }

  /** Whether a MyOperator user who is on holds the e-mail of the one of this uuid too: sharedEmail's cure is then distinct e-mails, not one to change or remove. */
  sharedOnDuty(uuid: string): boolean {
    const m = this.myoperatorById.get(uuid);
    return m !== undefined && this.coHolders(m).some((u) => u.active);
  }

  /**
   * An active agent whose e-mail other MyOperator users hold too: what is known of where its calls
   * go and what is not (`status`, a clause after "its agent"), and the cure, one sentence. The same
   * words for --webhook's call and --calls' agent, and duplicate-emails gives the same sentence.
   */
  sharedEmail(m: MyOperatorUser): { status: string; cure: string } | undefined {
    const others = this.coHolders(m);
    if (!m.active || others.length === 0) return undefined;
    const named = others.map((u) => `MyOperator user ${myOperatorNoted(u, u.active ? undefined : 'switched off')}`).join(' and ');
    const status = `${named} ${others.length === 1 ? 'holds' : 'hold'} its e-mail too; ${SHARED_EMAIL_UNCONFIRMED}`;
    const z = this.zohoHolder.get(m.email);
    // Switched off, they take no calls: their e-mail is what is left to go. One on is a person (or a
    // desk) who answers too: which of them is the Zoho user's is the admin's to say.
    const cure = others.every((u) => !u.active)
      ? `Change or remove the e-mail of ${others.map((u) => `MyOperator user ${myOperatorWho(u)}`).join(' and ')}, which ${others.length === 1 ? 'takes' : 'take'} no calls, ${inMyOperatorPanel(others.length === 1 ? visible(others[0]!.name) || visible(others[0]!.id) : undefined)} (deactivating does not clear ${others.length === 1 ? 'it' : 'them'}).`
      : `Give each of them a distinct e-mail: change the e-mail of those that are not Zoho user ${z ? visible(z.name) || visible(z.id) : reveal(m.email)}'s ${inMyOperatorPanel()}.`;
    return { status, cure };
  }

  /**
   * An active agent whose e-mail several Zoho users hold, one of them taking calls: which of them
   * MyOperator links it to is unconfirmed (`status`, a clause after "its agent"), and the cure.
   */
  private zohoSharedEmail(m: MyOperatorUser): { status: string; cure: string } | undefined {
    if (!m.active || !m.email || (this.zohoByEmail.get(m.email) ?? 0) < 2 || !this.activeZohoByEmail.get(m.email)) return undefined;
    const holders = [...this.zohoById.values()].filter((u) => u.email === m.email);
    return {
      status: `${zohoHoldersOfEmail(holders)}; ${ZOHO_SHARED_EMAIL_UNCONFIRMED}`,
      cure: `Make the Zoho e-mails unique, so that "${reveal(m.email)}" is the e-mail of the one Zoho user who takes this agent's calls.`,
    };
  }

  private cureFor(t: AgentTally, saidOf?: string): AgentTally['cure'] {
    if (t.unconfirmed > 0 && t.myoperator) {
      const user = this.myoperatorById.get(t.myoperator.uuid);
      const shared = user && this.sharedEmail(user);
      if (shared) return { kind: 'shared-email', message: shared.cure };
      const zohoShared = user && this.zohoSharedEmail(user);
      if (zohoShared) return { kind: 'duplicate-email', message: zohoShared.cure };
    }
    if (!t.myoperator) {
      // One tally holds every such call: "for this call" was said of several.
      const why = unknownAgentReason(t.agent, t.unknown > 1 ? `these ${t.unknown} calls` : 'this call');
      return { kind: 'unknown-agent', message: `${why}; nothing to fix${t.agent.name || t.agent.extension ? ' for past calls' : ''}.` };
    }
    const m = t.myoperator;
    const emptied = this.emptiedAt.get(m.uuid);
    if (emptied) {
      const now = m.extension?.trim() ? `changed it to ${visible(m.extension)}` : 'emptied it';
      return {
        kind: 'emptied-by-fix',
        message: `MyOperator user ${visible(m.name) || visible(m.uuid)} held extension ${visible(emptied.extension)} until fix set its e-mail on ${recordedTimeWords(emptied.time, true)}, when MyOperator ${now} (\`list history\` shows that change), so its calls name no MyOperator user now: give it back its extension, and its name if that went too, in MyOperator's panel (Manage → Users).`,
      };
    }
    const fix = this.fixOf.get(m.uuid);
    // MyOperator refused the change fix last sent, or ignored it: the `fix --only` would meet the
    // same, so the cure is fix's own for such a change, the panel. Not once Zoho's e-mail changed:
    // that `fix --only` sends another, which MyOperator has not refused.
    const lastTry = fix && !fix.conflict ? this.notTaken(m.uuid) : undefined;
    if (lastTry && fix && lastTry.target === fix.to) return { kind: 'set-by-hand', message: setByHand(lastTry, fix) };
    if (fix && !fix.conflict) return { kind: 'fix', message: `${this.fixOnly(m)} sets its MyOperator e-mail to "${reveal(fix.to)}".` };
    // A pair held (its MyOperator e-mail changed since mapping) is fix's to set once named: its
    // sentence gives both cures itself, and "`fix` cannot:" before its `fix --only` contradicted it.
    if (fix?.conflict) return { kind: 'conflict', message: fix.untilNamed ? fix.conflict : `\`fix\` cannot: ${fix.conflict}` };
    const user = this.myoperatorById.get(m.uuid);
    if (user && !user.active) return this.retiredCure(user) ?? this.switchOnCure(user, t.agent.name);
    // Several Zoho users of the agent's e-mail, one taking calls (--webhook asks with no tally).
    const zohoShared = user && this.zohoSharedEmail(user);
    if (zohoShared) return { kind: 'duplicate-email', message: zohoShared.cure };
    const inactive = m.email ? this.inactiveZoho.get(m.email) : undefined;
    if (inactive && !this.activeZohoByEmail.get(m.email)) {
      const name = visible(inactive.name) || visible(inactive.id);
      const mapByHand = `map this agent by hand to the Zoho user who takes its calls now, then ${this.fixOnly(m)}, or stop routing calls to this agent`;
      // The status, the cure after it, and the cure alone for a caller whose own line gave the status.
      const [status, then, alone] = inactive.active
        ? [
            `${offZohoUser(inactive)}, and PhoneBridge gives calls to confirmed users only`,
            `have them accept it (${RESEND_INVITATION}), or stop routing calls to this agent`,
            `Have them accept Zoho's invitation (${RESEND_INVITATION}), or stop routing calls to this agent`,
          ]
        : deletedInZoho(inactive)
          ? // Where Zoho's users list holds its deleted users (reference §3.1 leaves it open): "is
            // deleted: reactivate it" named a cure fix --only and doctor's mapping-health say there is not.
            [deletedZohoUser(inactive), mapByHand, `${NO_USER_TO_REACTIVATE.replace(/^./, (t) => t.toUpperCase())}: ${mapByHand}`]
          : [offZohoUser(inactive), 'reactivate it in Zoho, or stop routing calls to this agent', `Reactivate ${name} in Zoho, or stop routing calls to this agent`];
      return { kind: inactive.active ? 'unconfirmed-zoho-user' : 'inactive-zoho-user', message: saidOf === inactive.id ? `${alone}.` : `${status}: ${then}.` };
    }
    // Its e-mail a Zoho user's marked "never map", as a person reads it: fix refuses to give the seat any other Zoho
    // user's ("the seat is likelier theirs"), so a pair with the user it resembles, or one added in Zoho, was a conflict.
    const marked = user && markedMatchOf(user, this.report);
    if (marked)
      return {
        kind: 'marked-zoho-user',
        message: `Its e-mail reads as Zoho user ${zohoNamed(marked.zoho!)}'s, marked "never map", and fix gives this seat no other Zoho user's: lift the mark (${unmapCommand(this.markWord(marked.zoho!))}), then ${this.fixOnly(m)} sets its MyOperator e-mail; or leave the line unmapped on purpose (${ignoreMyOperatorCommand(this.agentWord(m))}).`,
      };
    const likely = this.likely.of(m.uuid, [t.agent.name, m.name]);
    // Each command after a phrase of its own: a command too long for the line starts one, and at 80
    // columns "(suggested):" was left alone above the map, and "then" alone between the two.
    if (likely && 'tie' in likely) {
      const { tie } = likely;
      return {
        kind: 'map-then-fix',
        message: `${tieSentence(likely, "the agent's", ` to be this agent (${tie[0]!.status})`)}: confirm the pair with the one that is theirs (${tieMap(this.agentWord(m))}), then set its MyOperator e-mail with ${this.fixOnly(m)}.`,
      };
    }
    const candidate = likely?.result;
    if (candidate?.zoho) {
      const rivals = likely!.rivals.length ? `: ${rivalsClause(likely!.rivals, "the agent's")}` : '';
      return {
        kind: 'map-then-fix',
        message: `Probably Zoho user ${zohoNamed(candidate.zoho)} (${candidate.status}${rivals}): confirm the pair with \`phonebridge-sync map --zoho ${pastable(zohoWord(this.zoho, candidate.zoho))} --myoperator ${pastable(this.agentWord(m))}\`, then set its MyOperator e-mail with ${this.fixOnly(m)}.`,
      };
    }
    // Only free users are candidates: a Zoho user matched to another seat (Asha's own, beside her
    // "asha.rao+desk@…") may resemble this one, as match's "why" says of a user alone.
    // fix's "Left to settle" offers a line no Zoho user claims the same choice (unclaimedOnDuty):
    // "add them in Zoho" alone sent an admin to buy a CRM seat for the reception desk.
    const mayStay = this.mayStay(m.uuid) ? `; ${sharedLineMayStay(this.agentWord(m))}` : '';
    return {
      kind: 'missing-zoho-user',
      message: `No Zoho user still unmatched resembles ${visible(m.name) || visible(m.uuid)}: ${this.addOrMap(m.email, m)}${mayStay}.`,
    };
  }

  /**
   * Whether the MyOperator user of this uuid is on and no Zoho user claims it (unclaimedOnDuty): a
   * line that may rightly stay as it is, as its cure says when no Zoho user resembles it. The next
   * step of --calls asks it, so as not to send such a line's admin to a change in Zoho and `fix`.
   */
  mayStay(uuid: string): boolean {
    this.unclaimed ??= new Set(unclaimedOnDuty(this.report.results).map((u) => u.id));
    return this.unclaimed.has(uuid);
  }

  /**
   * The cure of an agent no Zoho user resembles. A Zoho user added with the agent's very e-mail is
   * attributed as it is: the `fix --only` belongs to mapping them to a Zoho user of another e-mail
   * (it would find nothing to set after the first). "…, or map them (…), then fix" read as if the
   * fix closed both ways, hence "either … or … and then run".
   */
  private addOrMap(email: string, m: { uuid: string; extension: string | null }): string {
    // The mapping step with its command: "map them by hand to their Zoho user" named none, and
    // plain `map` asks about each unresolved Zoho user, not about this seat. The Zoho user is the
    // admin's to name: a placeholder, as login's `--token <token>`; "`… --zoho` followed by that
    // user's e-mail" quoted a command that, pasted as it stood, was exit 2.
    const byHand = `map them by hand to their Zoho user (\`phonebridge-sync map --myoperator ${pastable(this.agentWord(m))} --zoho <zoho e-mail>\`)`;
    return email
      ? `either add them in Zoho with the e-mail "${reveal(email)}", which is all it takes (the two e-mails are then equal), or ${byHand} and then run ${this.fixOnly(m)}`
      : `add them in Zoho if they are missing, ${byHand}, then ${this.fixOnly(m)}`;
  }

  /** This agent as map and fix take it (myOperatorWord): by extension when it is this user's alone (readable), else by uuid (never two people). */
  agentWord(m: { uuid: string; extension: string | null }): string {
    return myOperatorWord({ zoho: this.zoho, myoperator: this.myoperator }, { id: m.uuid, extension: m.extension });
  }

  /**
   * `fix --only` this agent, as map's hint: the command pasted for one agent must not change every
   * user.
   * Whole, also as the step after a `map`: a bare `fix` is not given the run's --sandbox and
   * --config-dir (io/invocation.ts), so pasted it would change the default profile's users.
   */
  private fixOnly(m: { uuid: string; extension: string | null }): string {
    return `\`phonebridge-sync fix --only ${pastable(this.agentWord(m))}\``;
  }

  /**
   * The active MyOperator users besides `m` that hold its very e-mail: the phone that took over
   * from an old one left switched off (Arjun's ext 22 beside ext 23).
   */
  private onDutyTwins(m: MyOperatorUser): MyOperatorUser[] {
    return this.onDutyOf(m.email).filter((u) => u.id !== m.id);
  }

  /** The active MyOperator users holding this very e-mail (none for no e-mail). */
  private onDutyOf(email: string): MyOperatorUser[] {
    if (!email) return [];
    this.onDutyByEmail ??= holdersByEmail([...this.myoperatorById.values()].filter((u) => u.active));
    return this.onDutyByEmail.get(email) ?? [];
  }

  /** The phones on duty holding `m`'s e-mail where a Zoho user has it: switched back on, `m` would be one more. */
  private twinsOfZohoEmail(m: MyOperatorUser): MyOperatorUser[] {
    return (this.zohoByEmail.get(m.email) ?? 0) > 0 ? this.onDutyTwins(m) : [];
  }

  /**
   * Whether the MyOperator user of this uuid is switched off and its cure is its e-mail to change,
   * not the switch (switchOnCure): the next step of --calls must not send it to be switched on.
   */
  offWithEmailToChange(uuid: string): boolean {
    const m = this.myoperatorById.get(uuid);
    return m !== undefined && !m.active && this.twinsOfZohoEmail(m).length > 0;
  }

  /** An old phone's e-mail to change, not to switch it on: `twins`, on duty, hold it too. */
  private emailToChange(m: MyOperatorUser, twins: readonly MyOperatorUser[]): string {
    return `MyOperator user ${myOperatorWho(m)} is switched off (deactivated, or call availability off) and still holds "${reveal(m.email)}", as ${twins.map((u) => `MyOperator user ${myOperatorWho(u)}`).join(' and ')} ${twins.length === 1 ? 'does' : 'do'}: rather than switch it back on (two users taking calls under one e-mail: which of them MyOperator links to the Zoho user is unconfirmed), change or remove its e-mail ${inMyOperatorPanel(visible(m.name) || visible(m.id))} (deactivating does not clear it).`;
  }

  /** Of the MyOperator user of this uuid: its e-mail held by other MyOperator users too (sharedEmail), or by several Zoho users (zohoSharedEmail). */
  sharedOf(uuid: string, among: 'myoperator' | 'zoho'): { status: string; cure: string } | undefined {
    const m = this.myoperatorById.get(uuid);
    if (!m) return undefined;
    return among === 'zoho' ? this.zohoSharedEmail(m) : this.sharedEmail(m);
  }

  /** The MyOperator user of this uuid, when it is a retired phone (see RetiredPhone). */
  retiredOf(uuid: string): RetiredPhone | undefined {
    const m = this.myoperatorById.get(uuid);
    return m ? this.retiredPhone(m) : undefined;
  }

  /**
   * A switched-off MyOperator user is a retired phone when its Zoho user (the saved pair's, else
   * the one of its e-mail, else the one of its very name as match folds names) is taken by another
   * MyOperator user who is on: one holding that Zoho e-mail, mapped to it, or matched with it.
   */
  retiredPhone(m: MyOperatorUser): RetiredPhone | undefined {
    if (m.active) return undefined;
    const z = this.zohoUserOf(m);
    if (!z) return undefined;
    const paired = this.pairedWithOf().get(z.id);
    const takers = [...new Set([...this.onDutyOf(z.email), ...[...(paired ?? [])].flatMap((id) => this.myoperatorById.get(id) ?? [])])].filter(
      (u) => u.id !== m.id && u.active,
    );
    if (takers.length === 0) return undefined;
    // The one PhoneBridge gives the calls to now holds the Zoho e-mail; one only paired takes them once fix sets it.
    const holders = takers.filter((u) => u.email === z.email);
    const zohoName = visible(z.name) || visible(z.id);
    const whom = (us: MyOperatorUser[]) => us.map((u) => `MyOperator user ${myOperatorWho(u)}`).join(' and ');
    // Still holding that e-mail itself, the phone on duty gets the calls only if MyOperator links it
    // rather than this one, which is unconfirmed (SHARED_EMAIL_UNCONFIRMED): "takes … calls now" said
    // it did, where --calls and --webhook leave that call unconfirmed.
    const stillHeld = m.email !== '' && m.email === z.email;
    const status = holders.length
      ? stillHeld
        ? `it takes no more calls; ${whom(holders)} ${holders.length === 1 ? 'holds' : 'hold'} Zoho user ${zohoName}'s e-mail too, and ${holders.length === 1 ? 'takes' : 'take'} their calls only if MyOperator links ${holders.length === 1 ? 'it' : 'them'} rather than this one (unconfirmed)`
        : `it takes no more calls, and ${whom(holders)} ${holders.length === 1 ? 'takes' : 'take'} Zoho user ${zohoName}'s calls now`
      : `it takes no more calls, and ${whom(takers)} ${takers.length === 1 ? 'is' : 'are'} paired with Zoho user ${zohoName} now`;
    // Still holding the e-mail of a phone on duty: switched back on, it would be two users taking
    // calls under one e-mail, as fix --only and duplicate-emails say; its e-mail is what is left to change.
    const twins = this.onDutyTwins(m);
    return { status, ...(twins.length ? { emailFix: this.emailToChange(m, twins) } : {}) };
  }

  private retiredCure(m: MyOperatorUser): AgentTally['cure'] | undefined {
    const retired = this.retiredPhone(m);
    if (!retired) return undefined;
    return {
      kind: 'retired-myoperator-user',
      message: retired.emailFix ?? `MyOperator user ${myOperatorWho(m)} is switched off (deactivated, or call availability off): ${retired.status}.`,
    };
  }

  /** The Zoho user a switched-off phone stood for: saved, else by its e-mail (one holder), else by its very name (one namesake). */
  private zohoUserOf(m: MyOperatorUser): ZohoUser | undefined {
    const savedId = this.savedFor.get(m.id);
    const saved = savedId === undefined ? undefined : this.zohoById.get(savedId);
    if (saved) return saved;
    const paired = this.likely.paired(m.id);
    if (paired?.zoho) return paired.zoho;
    if (m.email && this.zohoByEmail.get(m.email) === 1) return this.zohoHolder.get(m.email);
    const key = nameKey(m.name);
    if (!key) return undefined;
    if (!this.zohoByName) {
      this.zohoByName = new Map();
      for (const u of this.zohoById.values()) {
        const k = nameKey(u.name);
        if (k) this.zohoByName.set(k, [...(this.zohoByName.get(k) ?? []), u]);
      }
    }
    const same = this.zohoByName.get(key) ?? [];
    return same.length === 1 ? same[0] : undefined;
  }

  /** Who is paired with each Zoho user (by id): saved mappings and the matcher's pairs. */
  private pairedWithOf(): Map<string, Set<string>> {
    if (!this.pairedWith) {
      const out = new Map<string, Set<string>>();
      const add = (zohoId: string, moId: string) => (out.get(zohoId) ?? out.set(zohoId, new Set()).get(zohoId)!).add(moId);
      for (const [moId, zohoId] of this.savedFor) add(zohoId, moId);
      for (const r of this.report.results) if (r.zoho && r.myoperator) add(r.zoho.id, r.myoperator.id);
      this.pairedWith = out;
    }
    return this.pairedWith;
  }

  /**
   * The agent's MyOperator user is switched off (is_active or call availability off). fix leaves a
   * pair with an inactive user alone and map says fix cannot set its e-mail until it is back on, so
   * a cure that starts with `map` or `fix` can never work: switching it on comes first, then what
   * fix or map will do for it then (a saved pair is never to be mapped again).
   */
  private switchOnCure(m: MyOperatorUser, agentName: string): AgentTally['cure'] {
    const who = visible(m.name) || visible(m.id);
    // An old phone whose e-mail a Zoho user has and an active phone holds too: switched back on, it
    // made two agents PhoneBridge cannot tell apart, where fix --only and duplicate-emails say to
    // change or remove its e-mail instead.
    const twins = this.twinsOfZohoEmail(m);
    if (twins.length) return { kind: 'inactive-myoperator-user', message: this.emailToChange(m, twins) };
    // Why fix is not the first step, said only where fix is a step at all: beside a switch that
    // leaves fix nothing to do (the e-mails agree), "fix changes active users only" sent the admin to it.
    const switchOn = (fixToo: boolean) =>
      `MyOperator user ${who} is switched off (deactivated, or call availability off)${fixToo ? ', and fix changes active users only' : ''}: switch it back on ${SWITCH_ON_IN_PANEL}`;
    const fixOnly = this.fixOnly({ uuid: m.id, extension: m.extension });
    const savedId = this.savedFor.get(m.id);
    const saved = savedId === undefined ? undefined : this.zohoById.get(savedId);
    const likely = saved ? undefined : this.likely.of(m.id, [agentName, m.name]);
    const tie = likely && 'tie' in likely ? likely : undefined;
    const found = likely && 'result' in likely ? likely.result : undefined;
    const z = saved ?? found?.zoho ?? undefined;
    // Where Zoho's users list holds its deleted users: a Zoho user deleted has no reactivation, and
    // a fix --only would copy that user's e-mail, which no one takes calls as.
    if (z && deletedInZoho(z))
      return {
        kind: 'inactive-myoperator-user',
        message: `${switchOn(true)}; its ${saved ? '' : 'likely '}${deletedZohoUser(z)}: then map this agent by hand to the Zoho user who takes its calls now, and ${fixOnly}.`,
      };
    // The change fix will send once it is on, for a saved or near-identical pair; unless MyOperator
    // refused or ignored that very change when fix last sent it: then, as for a user on, the panel.
    // Not for a pair match leaves ambiguous (a Zoho twin of its e-mail but for case): fix plans none,
    // and once on, that `fix --only` said "not in the plan", the pair to be mapped first.
    const pairFix =
      z !== undefined && z.email !== m.email && (saved !== undefined || (found?.status !== 'ambiguous' && m.email !== '' && emailKey(z.email) === emailKey(m.email)));
    const lastTry = pairFix ? this.notTaken(m.id) : undefined;
    const byHand = z && lastTry?.target === z.email ? setByHand(lastTry, { myoperator: m, to: z.email }) : undefined;
    // Once it is on: nothing when the e-mails already agree; fix for a saved or near-identical pair;
    // map and fix for a likely one; a Zoho user to add when nobody in Zoho holds its e-mail.
    const then =
      byHand !== undefined || z?.email === m.email
        ? ''
        : z && pairFix
          ? `, then ${fixOnly} sets its MyOperator e-mail to "${reveal(z.email)}"`
          : z
            ? `, then, as it is probably Zoho user ${zohoNamed(z)}, \`phonebridge-sync map --zoho ${pastable(zohoWord(this.zoho, z))} --myoperator ${pastable(this.agentWord({ uuid: m.id, extension: m.extension }))}\` and ${fixOnly}`
            : tie
              ? `, then, as it is one of Zoho users ${tiedUsers(tie)} (as likely as each other, and ${namesSay(tie, "the agent's")}), ${tieMap(this.agentWord({ uuid: m.id, extension: m.extension }))} with the one that is theirs and ${fixOnly}`
              : !m.email || !this.zohoByEmail.has(m.email)
              ? `, then ${this.addOrMap(m.email, { uuid: m.id, extension: m.extension })}`
              : '';
    const zohoOff = z && !z.active ? ` and reactivate Zoho user ${zohoNamed(z)} in Zoho` : '';
    return {
      kind: 'inactive-myoperator-user',
      message: `${switchOn(then !== '')}${zohoOff}${then}.${byHand ? ` ${byHand}` : ''}`,
    };
  }

  result(): AuditResult {
    const agents = [...this.tallies.values()]
      .filter((t) => t.unattributable > 0 || t.unknown > 0 || t.unconfirmed > 0 || t.misattributed > 0)
      .map((t) => ({ ...t, cure: this.cureFor(t) }))
      .sort(
        (a, b) =>
          b.unattributable + b.unknown + b.unconfirmed + b.misattributed - (a.unattributable + a.unknown + a.unconfirmed + a.misattributed) ||
          (a.agent.extension < b.agent.extension ? -1 : a.agent.extension > b.agent.extension ? 1 : 0) ||
          (a.agent.name < b.agent.name ? -1 : 1),
      );
    const leftUnmapped = [...this.tallies.values()].filter((t) => t.leftUnmapped > 0).sort((a, b) => b.leftUnmapped - a.leftUnmapped || (a.agent.extension < b.agent.extension ? -1 : 1));
    return { summary: { ...this.summary }, agents, leftUnmapped };
  }
}

/**
 * Why no change of ours cures the calls of an agent no MyOperator user is (or of calls that name no
 * agent), without a full stop: --webhook's cure says it, and --calls' line for the agent. `calls`:
 * how those calls are said when no agent is named ("this call", "them").
 */
export function unknownAgentReason(agent: { name: string; extension: string }, calls: string): string {
  const who = [agent.name && `"${visible(agent.name)}"`, agent.extension && `extension ${visible(agent.extension)}`].filter(Boolean).join(' at ');
  return who ? `No MyOperator user has ${who}: the agent has left, or was renamed` : `No agent is named as answering ${calls}`;
}
