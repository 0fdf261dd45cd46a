/**
 * A MyOperator call payload, as saved from a webhook: the legacy after-call form (a form field
 * `myoperator` holding a JSON string, or that JSON itself) whose `_ld[]._rr[]` names the agents
 * reached, or the newer JSON envelope (`event_type`, `payload`). Returns the answering agent.
 */
import { UsageError } from '../errors.js';
import { emptyInput, readInputAs } from './read-input.js';
import type { CallAgent } from '../core/diagnose.js';
import { visible } from '../core/forensics.js';
import { decodeExport, htmlPage, isHtmlPage } from './user-files.js';
import { trailingComma, whereJsonStopped } from './json-position.js';
import { isRecord } from '../clients/plain-users.js';

export interface CallPayload {
  form: 'legacy' | 'envelope';
  callId?: string;
  agent: CallAgent;
  /** False when the call has legs and every one says it was not answered (missed): no agent to judge. */
  answered?: boolean;
  /** A leg says it was answered (received, ANSWER), yet no agent is recorded on any answered leg. */
  answeredByNobody?: true;
  /** No leg that may have answered names an agent, and a leg marked missed does: this one. */
  missedAgent?: CallAgent;
  /** `_ld` is there and lists no leg, and nothing else names an agent: a call that reached nobody. */
  noLegs?: true;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
/** Integrations see `_ld` and `_rr` as arrays, and sometimes as plain objects: accept both. */
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : isRecord(v) ? [v] : []);

const answeredLeg = (leg: Obj) => str(leg._ac)?.toLowerCase() === 'received' || str(leg._ds)?.toUpperCase() === 'ANSWER';
const unmarkedLeg = (leg: Obj) => leg._ac === undefined && leg._ds === undefined;

/** False when there are legs and each says it was not answered; undefined when there are none to say. */
function legsAnswered(doc: unknown): boolean | undefined {
  const legs = isRecord(doc) ? list(doc._ld).filter(isRecord) : [];
  return legs.length === 0 ? undefined : legs.some((leg) => answeredLeg(leg) || unmarkedLeg(leg));
}

/** An agent entry of a leg's `_rr`, as the payload names it. */
const reachedAgent = (r: Obj): CallAgent => ({ id: str(r._id), extension: str(r._ex), email: str(r._em), name: str(r._na) });

/**
 * A leg says the call was answered, and no such leg names its agent: "nobody answered it" was
 * untrue of such a call, which MyOperator answered and PhoneBridge still cannot give anyone.
 */
function answeredByNobody(doc: unknown, agent: CallAgent): true | undefined {
  if (agent.id || agent.email || agent.extension) return undefined;
  return isRecord(doc) && list(doc._ld).filter(isRecord).some(answeredLeg) ? true : undefined;
}

/**
 * The agent a missed leg names, when no leg that may have answered names one: "The payload names
 * no agent" was untrue of a call that rang Asha (missed) and whose other leg records nobody, and
 * so it was when the missed leg named her by `_na` alone (it is said, not looked up).
 */
function missedAgent(doc: unknown, agent: CallAgent): CallAgent | undefined {
  if (agent.id || agent.email || agent.extension || !isRecord(doc)) return undefined;
  for (const leg of list(doc._ld).filter(isRecord)) {
    if (answeredLeg(leg) || unmarkedLeg(leg)) continue;
    const r = list(leg._rr).filter(isRecord)[0];
    if (r && (str(r._id) || str(r._ex) || str(r._em) || str(r._na)?.trim())) return reachedAgent(r);
  }
  return undefined;
}

/** What the legs say of `agent`, the one found to judge: one reading for both forms of payload. */
function whatLegsSay(doc: unknown, agent: CallAgent): Pick<CallPayload, 'agent' | 'answered' | 'answeredByNobody' | 'missedAgent' | 'noLegs'> {
  // `{"_ld": []}`: no leg to judge, as a call no leg of which was answered has none. It was ✗ "would
  // be attributed to nobody", exit 5, beside "nothing to fix". Absent `_ld` is not this: the newer
  // envelope may name its agent without legs.
  const noLegs = isRecord(doc) && Array.isArray(doc._ld) && doc._ld.length === 0 && !identified(agent) && !agent.name?.trim() ? true : undefined;
  return { agent, answered: legsAnswered(doc), answeredByNobody: answeredByNobody(doc, agent), missedAgent: missedAgent(doc, agent), ...(noLegs ? { noLegs } : {}) };
}

/**
 * The agent of the leg that was answered, as `--calls` reads a call log's legs: a call that rang
 * Asha (missed) and was answered by Meena was said to go to Asha, and passed. A leg that says
 * neither (no `_ac`, no `_ds`) may be the answered one; a leg marked otherwise (missed) is not.
 */
function legacyAgent(doc: Obj): CallAgent {
  const legs = list(doc._ld).filter(isRecord);
  for (const leg of [...legs.filter(answeredLeg), ...legs.filter(unmarkedLeg)]) {
    const reached = list(leg._rr).filter(isRecord);
    const r = reached[0];
    if (r) return reachedAgent(r);
  }
  return {};
}

const KEYS = {
  id: ['uuid', 'agent_uuid', 'user_uuid', 'agent_id', 'user_id', '_id'],
  email: ['email', 'agent_email', 'user_email', '_em'],
  extension: ['extension', 'agent_extension', 'user_extension', '_ex'],
  name: ['name', 'agent_name', 'user_name', '_na'],
} as const;

const identified = (a: CallAgent): boolean => Boolean(a.id || a.email || a.extension);

/**
 * The first object under the payload that names an agent by any of the known keys; else the first
 * agent named by name alone, which was dropped: "The payload names no agent" was said of
 * `"agent": {"name": "Asha Rao"}`. A bare "name" of the payload itself is not taken for the agent's.
 */
function envelopeAgent(payload: unknown, depth = 0): CallAgent {
  if (depth > 6) return {};
  if (isRecord(payload)) {
    const pick = (keys: readonly string[]) => keys.map((k) => str(payload[k])).find(Boolean);
    const agent = { id: pick(KEYS.id), email: pick(KEYS.email), extension: pick(KEYS.extension), name: pick(KEYS.name) };
    if (identified(agent)) return agent;
    const ownName = pick(depth === 0 ? KEYS.name.filter((k) => k.includes('_name')) : KEYS.name);
    let named: CallAgent | undefined = ownName?.trim() ? { name: ownName } : undefined;
    for (const k of ['agent', 'user', 'answered_by', 'receiver', 'legs', '_ld']) {
      const found = list(payload[k]).map((v) => envelopeAgent(v, depth + 1));
      const whole = found.find(identified);
      if (whole) return whole;
      named ??= found.find((a) => a.name?.trim());
    }
    const legacy = payload._ld ? legacyAgent(payload) : {};
    return identified(legacy) || legacy.name?.trim() ? legacy : (named ?? {});
  }
  return {};
}

export function parseCallPayload(file: string, text: string): CallPayload {
  const unmarked = text.replace(/^\uFEFF/, '');
  let body = unmarked.trim();
  if (!body) throw emptyInput(file, 'Save the webhook request body into the file.', unmarked);
  // Said for what they are, rather than JSON.parse's "Unexpected token" quoting their first bytes: a
  // workbook or an archive, or a page (a proxy's error, a login portal) saved in place of the body,
  // said as match and map --import say it.
  if (body.includes('\0')) throw new UsageError(`${file}: not a MyOperator call payload: it holds binary data (NUL bytes).`, 'Save the raw webhook request body.');
  if (isHtmlPage(body))
    throw new UsageError(`${file}: not a MyOperator call payload, but ${htmlPage('the request body')}.`, 'Save the raw webhook request body, as MyOperator sent it.');
  const form = !body.startsWith('{') && /(^|&)myoperator=/.test(body);
  if (form) body = new URLSearchParams(body).get('myoperator') ?? '';
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    // Bodies appended one a line (a log kept by a relay): "not JSON … (Unexpected non-whitespace
    // character after JSON at position 84)" was said of a file of valid payloads.
    const lines = form ? [] : body.split(/\r?\n/).filter((line) => line.trim() !== '');
    if (lines.length > 1 && lines.every(isObjectLine))
      throw new UsageError(`${file}: holds ${lines.length} JSON documents, one a line, not one call payload.`, 'Save one webhook request body per file.');
    // A form whose field is broken is said as such: "nor a form" would be untrue of it.
    // A line and column are the file's, which a form field's JSON is not written in.
    const message = (e as Error).message;
    const where = form ? (trailingComma(body)?.said ?? message) : whereJsonStopped(message, unmarked, { skipped: unmarked.length - unmarked.trimStart().length });
    throw new UsageError(
      `${file}: not a MyOperator call payload: ${form ? 'its "myoperator" form field is not JSON' : 'not JSON, nor a form with a "myoperator" field'} (${visible(where)}).`,
      'Save the raw webhook request body.',
    );
  }
  if (isRecord(doc) && typeof doc.myoperator === 'string') return parseCallPayload(file, doc.myoperator);
  if (!isRecord(doc))
    throw new UsageError(`${file}: expected a JSON object, found ${doc === null ? 'null' : Array.isArray(doc) ? 'an array' : typeof doc}.`, 'Save one webhook request body per file.');
  if ('payload' in doc || 'event_type' in doc) {
    const payload = envelopePayload(file, doc.payload);
    if (isRecord(payload)) refuseLegsOfWrongShape(file, payload);
    const agent = envelopeAgent(payload);
    // The call id the older flat form names it by (`_ci`) is kept when the envelope carries that
    // form in its payload: the call was named by the envelope's session or event id instead.
    const callId = (isRecord(payload) ? str(payload._ci) : undefined) ?? str(doc.session_id) ?? str(doc.event_id);
    return { form: 'envelope', callId, ...whatLegsSay(payload, agent) };
  }
  refuseLegsOfWrongShape(file, doc);
  if ('_ld' in doc || '_ci' in doc) {
    const agent = legacyAgent(doc);
    return { form: 'legacy', callId: str(doc._ci), ...whatLegsSay(doc, agent) };
  }
  throw new UsageError(`${file}: not a MyOperator call payload (no "_ld" legs, no "payload" envelope).`, 'Save the body of an After Call webhook.');
}

function isObjectLine(line: string): boolean {
  try {
    return isRecord(JSON.parse(line));
  } catch {
    return false;
  }
}

/**
 * A payload sent as a JSON string, as the legacy form sends its "myoperator" field, is read as the
 * object it holds: it was "The payload names no agent … nobody answered it". One that is no object
 * at all is said as such, not as a call without an agent.
 */
function envelopePayload(file: string, payload: unknown): unknown {
  if (payload === undefined || payload === null || isRecord(payload)) return payload;
  if (typeof payload === 'string') {
    try {
      const held: unknown = JSON.parse(payload.replace(/^\uFEFF/, '').trim());
      if (isRecord(held)) return held;
    } catch {
      // said below, as for a string that holds JSON other than an object
    }
  }
  const kind = typeof payload === 'string' ? 'a string that is not a JSON object' : `${Array.isArray(payload) ? 'a list' : `a ${typeof payload}`}, not an object`;
  throw new UsageError(`${file}: its "payload" is ${kind}: it names no call.`, 'Save the raw webhook request body, unchanged.');
}

/**
 * Legs that are neither a list nor an object are a payload of the wrong shape, not a call without
 * an agent ("No agent is named" sent the reader looking for a missing agent), in either form.
 */
function refuseLegsOfWrongShape(file: string, doc: Obj): void {
  if ('_ld' in doc && doc._ld !== null && !Array.isArray(doc._ld) && !isRecord(doc._ld))
    throw new UsageError(`${file}: its "_ld" (the call's legs) is ${typeof doc._ld}, not a list of legs.`, 'Save the raw body of an After Call webhook, unchanged.');
}

export async function readCallPayload(file: string): Promise<CallPayload> {
  // Decoded as an export is: a body saved by PowerShell's `>` (UTF-16) was read as UTF-8, and its
  // NUL between characters called it "binary data".
  return parseCallPayload(file, await readInputAs(file, '--webhook', (bytes) => decodeExport(file, bytes, { kind: 'body', saveAs: 'Save the raw webhook request body as UTF-8 (PowerShell: `| Out-File -Encoding utf8`).' })));
}
