/**
 * Doctor's findings, pure: what in the users and the mappings stops PhoneBridge from tying a call
 * to the right person, and which Zoho user a call from a given agent would be attributed to.
 */
import { emailKey, reveal, visible } from './forensics.js';
import { anomalyReasons, differenceKinds, explainMismatch, myOperatorWho, recordedUser, ZOHO_SHARED_EMAIL_UNCONFIRMED, zohoHoldersOfEmail, type Reason } from './reasons.js';
import { emailsNowEqual, type Mapping } from './reconcile.js';
import { deletedInZoho, type MyOperatorUser, type ZohoUser } from './users.js';
import { series } from '../io/plural.js';

export interface EmailFinding {
  id: string;
  email: string;
  reasons: Reason[];
}

/** Users of one side whose e-mail carries invisible, space, look-alike or unnormalised characters. */
export function emailFindings(users: ReadonlyArray<{ id: string; email: string }>, side: 'zoho' | 'myoperator'): EmailFinding[] {
  return users.flatMap((u) => {
    const reasons = anomalyReasons(u.email, side);
    return reasons.length ? [{ id: u.id, email: u.email, reasons }] : [];
  });
}

export interface DuplicateGroup {
  /** The shared address (exact) or its folded key (variants). */
  email: string;
  ids: string[];
  exact: boolean;
}

/** E-mails shared by several users of one side: exactly, or once case, spaces, invisibles and look-alikes are set aside (emailKey). */
export function duplicateEmails(users: ReadonlyArray<{ id: string; email: string }>): DuplicateGroup[] {
  const byKey = new Map<string, Array<{ id: string; email: string }>>();
  for (const u of users) {
    const k = emailKey(u.email);
    if (!k) continue;
    const list = byKey.get(k);
    if (list) list.push(u);
    else byKey.set(k, [u]);
  }
  const out: DuplicateGroup[] = [];
  for (const [k, list] of byKey) {
    if (list.length < 2) continue;
    const exact = new Set(list.map((u) => u.email)).size === 1;
    out.push({ email: exact ? list[0]!.email : k, ids: list.map((u) => u.id).sort(), exact });
  }
  return out.sort((a, b) => (a.email < b.email ? -1 : 1));
}

export type MappingProblem = 'stale' | 'inactive' | 'myoperator-mapped-twice' | 'zoho-mapped-twice' | 'emails-differ';

export interface MappingFinding {
  problem: MappingProblem;
  mapping: Mapping;
  message: string;
}

export function mappingFindings(mappings: readonly Mapping[], zoho: readonly ZohoUser[], myoperator: readonly MyOperatorUser[]): MappingFinding[] {
  const zById = new Map(zoho.map((u) => [u.id, u]));
  const mById = new Map(myoperator.map((u) => [u.id, u]));
  const out: MappingFinding[] = [];
  const count = (key: (m: Mapping) => string) => {
    const c = new Map<string, number>();
    for (const m of mappings) c.set(key(m), (c.get(key(m)) ?? 0) + 1);
    return c;
  };
  const perM = count((m) => m.myoperator.uuid);
  const perZ = count((m) => m.zoho.id);
  for (const m of mappings) {
    const z = zById.get(m.zoho.id);
    const mo = mById.get(m.myoperator.uuid);
    // A uuid where the e-mail stands read as MyOperator's e-mail ("suresh.pillai@… → s5f3afc2a9b2f").
    const pair = `${reveal(m.zoho.email)} → ${m.myoperator.email ? reveal(m.myoperator.email) : `${visible(m.myoperator.uuid)} (no e-mail)`}`;
    if (!z || !mo) out.push({ problem: 'stale', mapping: m, message: `${pair}: the ${!z ? 'Zoho' : 'MyOperator'} user no longer exists` });
    // Changed since recorded, but now equal on both sides: current (resync records the e-mails anew).
    else if ((z.email !== m.zoho.email || mo.email !== m.myoperator.email) && !emailsNowEqual(z, mo))
      out.push({
        problem: 'stale',
        mapping: m,
        // The e-mail it holds now, too: the pair names the recorded ones, and a seat handed to a new
        // hire showed as "sneha → sneha: … changed", never saying to what. Only that it differs: a pair
        // from `map --import` of another day's or company's export may never have held the recorded one.
        message: [
          z.email !== m.zoho.email && `the Zoho e-mail is not the one recorded (now "${reveal(z.email)}")`,
          mo.email !== m.myoperator.email && `the MyOperator e-mail is not the one recorded (now "${reveal(mo.email)}")`,
        ]
          .filter(Boolean)
          .join(', and ')
          .replace(/^/, `${pair}: `),
      });
    else if (!z.active || !mo.active)
      // Deleted where Zoho's users list holds its deleted users (unconfirmed, reference §3.1): no
      // "inactive" user to switch back on.
      out.push({ problem: 'inactive', mapping: m, message: `${pair}: the ${deletedInZoho(z) ? 'Zoho user is deleted in Zoho' : `${!z.active ? 'Zoho' : 'MyOperator'} user is inactive`}` });
    if ((perM.get(m.myoperator.uuid) ?? 0) > 1)
      out.push({
        problem: 'myoperator-mapped-twice',
        mapping: m,
        message: `${pair}: MyOperator user ${m.myoperator.uuid} is mapped to ${perM.get(m.myoperator.uuid)} Zoho users`,
      });
    if ((perZ.get(m.zoho.id) ?? 0) > 1)
      out.push({ problem: 'zoho-mapped-twice', mapping: m, message: `${pair}: Zoho user ${m.zoho.id} is mapped to ${perZ.get(m.zoho.id)} MyOperator users` });
    // The e-mails as they are now, which are what differ: the recorded ones may be equal ("anil.mehta@… →
    // anil.mehta@…: the e-mails differ", under a stale line saying MyOperator's has changed since).
    if (z && mo && z.email !== mo.email)
      out.push({
        problem: 'emails-differ',
        mapping: m,
        message: mo.email
          ? `${reveal(z.email)} → ${reveal(mo.email)}: the e-mails differ, so MyOperator will not attribute its calls until they are equal`
          : `${reveal(z.email)} → ${myOperatorWho(mo)}, who has no e-mail: MyOperator will not attribute its calls until it holds the Zoho one`,
      });
  }
  return out;
}

/** The agent a call payload names: any of these may be missing. */
export interface CallAgent {
  id?: string;
  extension?: string;
  email?: string;
  name?: string;
}

export interface Attribution {
  myoperator: MyOperatorUser | null;
  /** The Zoho user a saved mapping names for the agent: our record, which MyOperator does not read. */
  mapped: ZohoUser | null;
  /** How the agent was found among MyOperator users. */
  agentBy: 'uuid' | 'extension' | 'email' | 'name' | null;
  /** An envelope that names its agent by name alone: how many MyOperator users have that name. */
  sameName?: number;
  zoho: ZohoUser | null;
  via: 'mapping' | 'email' | null;
  /** Several Zoho users hold the agent's e-mail: those of them who take calls, one of whom may get it (ZOHO_SHARED_EMAIL_UNCONFIRMED). */
  sharedBy?: ZohoUser[];
  /** Why, in sentences, in the order they were decided. */
  steps: string[];
}

/** An agent as a payload names it: "Asha Rao, ext 11", else its e-mail or id. */
export function agentWords(a: CallAgent): string {
  return [a.name && visible(a.name), a.extension && `ext ${visible(a.extension)}`].filter(Boolean).join(', ') || reveal(a.email ?? '') || visible(a.id ?? '');
}

/**
 * Which Zoho user a call answered by `agent` goes to: the agent is found by uuid, then extension,
 * then e-mail (reference §9); then MyOperator's own rule decides: the byte-identical e-mail of
 * exactly one Zoho user. A saved mapping is our record and MyOperator does not read it, so it
 * attributes nothing by itself: when its e-mails differ, the steps say so.
 */
export function attributeCall(
  agent: CallAgent,
  mappings: readonly Mapping[],
  zoho: readonly ZohoUser[],
  myoperator: readonly MyOperatorUser[],
  /** What the payload's legs say when none that may have answered names an agent. */
  legs: { answeredByNobody?: true; missedAgent?: CallAgent; form?: 'legacy' | 'envelope' } = {},
): Attribution {
  const steps: string[] = [];
  let m: MyOperatorUser | undefined;
  let agentBy: Attribution['agentBy'] = null;
  if (agent.id) {
    m = myoperator.find((u) => u.id === agent.id);
    if (m) agentBy = 'uuid';
    else steps.push(`No MyOperator user has the agent id (uuid) "${visible(agent.id)}".`);
  }
  if (!m && agent.extension) {
    m = myoperator.find((u) => u.extension === agent.extension);
    if (m) agentBy = 'extension';
    else steps.push(`No MyOperator user has extension ${visible(agent.extension)}.`);
  }
  if (!m && agent.email) {
    const same = myoperator.filter((u) => u.email === agent.email);
    if (same.length === 1) {
      m = same[0];
      agentBy = 'email';
    } else
      steps.push(
        same.length
          ? `${same.length} MyOperator users have the agent e-mail "${reveal(agent.email)}".`
          : `No MyOperator user has the agent e-mail "${reveal(agent.email)}".`,
      );
  }
  // The newer envelope's fields for its agent are unconfirmed (reference §6.3), and one may name it
  // by name alone: joined by name, as --calls joins a call log's agent (§5), where "The payload
  // names no agent" was said of one that named "Asha Rao". The legacy form's legs name it by _id.
  let sameName: number | undefined;
  if (!agent.id && !agent.extension && !agent.email && agent.name?.trim() && legs.form === 'envelope' && !legs.answeredByNobody) {
    const key = agent.name.trim().toLowerCase();
    const same = myoperator.filter((u) => u.name.trim().toLowerCase() === key);
    sameName = same.length;
    const alone = `The payload names the agent "${visible(agent.name)}" but no agent id, e-mail or extension`;
    if (same.length === 1) {
      m = same[0];
      agentBy = 'name';
      steps.push(`${alone}; one MyOperator user has that name.`);
    } else
      steps.push(
        same.length
          ? `${alone}, and ${same.length} MyOperator users have that name (${same.map((u) => (u.extension ? `ext ${visible(u.extension)}` : visible(u.id))).join(', ')}): it does not say which of them answered.`
          : `${alone}, and no MyOperator user has that name.`,
      );
  }
  if (!m) {
    // Said as what no cure reaches: the check warns of such a call, as --calls counts it, with no fix line.
    const noCure = 'and no change to the users or mappings would.';
    // The agent of a missed leg, named: the fix line that named her is gone.
    const missed = legs.missedAgent ? `, and the only agent it names (${agentWords(legs.missedAgent)}) is on a leg marked missed` : '';
    if (!agent.id && !agent.extension && !agent.email && sameName === undefined)
      steps.push(
        legs.answeredByNobody
          ? // A name alone is recorded: "no agent is recorded" was untrue beside the name the fix line quoted.
            agent.name
            ? `It was answered by "${visible(agent.name)}", but its answered leg records only that name (no _id, _ex or _em in _rr): PhoneBridge does not attribute a call by the agent's name alone, ${noCure}`
            : `It was answered, but no agent is recorded on its answered leg (no _id, _ex or _em in _rr)${missed}: PhoneBridge cannot attribute it to a user, ${noCure}`
          : // The newer envelope names its agent by keys of its own (uuid, email, extension…) or by the flat form's: "_id, _ex or _em" named too few.
            `The payload names no agent (${legs.form === 'envelope' ? 'no agent id, e-mail or extension in it' : 'no _id, _ex or _em'}): nobody answered it, or it is not an after-call payload.`,
      );
    return { myoperator: null, mapped: null, agentBy, zoho: null, via: null, steps, ...(sameName === undefined ? {} : { sameName }) };
  }
  steps.push(`The agent is MyOperator user ${visible(m.name)} <${reveal(m.email) || 'no e-mail'}> (found by ${agentBy}).`);
  const mapping = mappings.find((x) => x.myoperator.uuid === m!.id);
  const mapped = (mapping && zoho.find((u) => u.id === mapping.zoho.id)) ?? null;
  if (mapping && !mapped) steps.push(`A saved mapping points at ${recordedUser('Zoho', mapping.zoho.email, mapping.zoho.id)}, who no longer exists.`);
  if (mapped && mapped.email !== m.email)
    steps.push(
      // No command here: whether `fix` sets the pair, holds it or refuses it is fix's plan's to say (the check's cure).
      `A saved mapping ties it to Zoho user ${visible(mapped.name)} <${reveal(mapped.email)}>, but MyOperator does not read our mappings: it attributes by e-mail alone, and the two differ.`,
    );
  if (!m.email) {
    // No cure here: the check's fix line gives it (map to whom, then `fix --only` this agent, or
    // switch it on first); a bare `fix` beside it, pasted, would set every user's e-mail.
    steps.push('It has no e-mail, so the e-mail rule cannot apply.');
    return { myoperator: m, mapped, agentBy, zoho: null, via: null, steps };
  }
  const same = zoho.filter((u) => u.email === m!.email);
  if (same.length === 1) {
    const via = mapped?.id === same[0]!.id ? 'mapping' : 'email';
    // That the saved mapping agrees, or that this Zoho user is inactive or not confirmed, is the
    // check's headline to say ("… who is disabled; PhoneBridge shows calls to active, confirmed
    // users only"): said here too, it was said twice.
    steps.push(`Its e-mail is byte-identical to Zoho user ${visible(same[0]!.name)}'s.`);
    return { myoperator: m, mapped, agentBy, zoho: same[0]!, via, steps };
  }
  if (same.length > 1) {
    // Which of them MyOperator links the agent to is not known (the check's headline says who may
    // get the call); none taking calls, PhoneBridge shows it to nobody whichever it is.
    const takers = same.filter((u) => u.active && u.confirmed);
    steps.push(
      `${zohoHoldersOfEmail(same)}; ${takers.length ? ZOHO_SHARED_EMAIL_UNCONFIRMED : 'none of them is active and confirmed, and PhoneBridge shows calls to active, confirmed users only'}.`,
    );
    return { myoperator: m, mapped, agentBy, zoho: null, via: null, steps, sharedBy: takers };
  }
  const near = zoho.filter((u) => emailKey(u.email) === emailKey(m!.email));
  // What differs, as doctor's mismatches says it: "only in case, spaces or invisible characters"
  // was said of a Cyrillic "а" too, which is none of them.
  const how = near.map((u) => explainMismatch(u.email, m!.email));
  const quoted = near.map((u) => `"${reveal(u.email)}"`);
  const differs = `Its e-mail "${reveal(m.email)}" differs from the Zoho e-mail${near.length > 1 ? 's' : ''} ${series(quoted, 'and')} only in`;
  // Several: where each differs would be a sentence apiece, and which of them it must become is the question.
  const become = near.length > 1 ? "whichever of them is this agent's Zoho user" : 'this Zoho user';
  steps.push(
    near.length === 1 && how[0]!.length
      ? `${differs} ${series(differenceKinds(how[0]!), 'and')}, and PhoneBridge matches e-mails byte for byte: ${how[0]!.map((p) => p.detail).join('; ')}.`
      : near.length
        ? `${differs} ${series(differenceKinds(how.flat()), 'and') || 'letter case, spaces, invisible or look-alike characters'}, and PhoneBridge matches e-mails byte for byte: make its MyOperator e-mail exactly that of ${become}.`
        : `No Zoho user has its e-mail "${reveal(m.email)}"${mapped ? '' : ', and no saved mapping covers it'}.`,
  );
  return { myoperator: m, mapped, agentBy, zoho: null, via: null, steps };
}

