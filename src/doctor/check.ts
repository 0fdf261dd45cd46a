/** What every doctor check is: a small module answering pass / warn / fail / skip, with its fix. */
import type { Clients } from '../clients/connect.js';
import type { Context } from '../context.js';
import { clause, CliError } from '../errors.js';
import type { FixEntry } from '../core/fix-plan.js';
import type { MatchReport } from '../core/match.js';
import type { MappingData } from '../core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../core/users.js';
import type { CredentialStore } from '../store/credentials.js';
import type { MappingStore } from '../store/mappings.js';
import { pathWord } from '../io/invocation.js';
import { fixForPlan } from '../core/max-changes.js';
import { listingNobody, type Side, type SideName } from '../core/reasons.js';
import { emptySides } from '../core/match.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';
export type DoctorOutput = 'report' | 'document';
export type CheckGroup = 'Config' | 'Zoho' | 'MyOperator' | 'Users' | 'Mappings' | 'Calls';

export interface Outcome {
  status: CheckStatus;
  message: string;
  /** What to do. --json and --verbose give it whole. */
  hint?: string;
  /**
   * The fix's shorter form, shown at a terminal (but under --verbose) in place of a hint that says
   * more: the one next step (mismatches'), or the cures of the first few users and how many more
   * `match` gives (user-status', past a few MyOperator users without an e-mail).
   */
  brief?: string;
  /**
   * The cause this outcome shares with other checks, where its message says more than it (what it
   * saw of the other side): the runner counts that cause once, as it counts a message said twice.
   * On a warning, the cause it warns of: a check failing for it then points to that warning's fix.
   */
  reason?: string;
  /**
   * The causes `reason` is made of, each said on its own by other checks: both sides listing nobody
   * is Zoho's and MyOperator's, said by each side's e-mail check. Counted as said once all of them were.
   */
  madeOf?: readonly string[];
  /**
   * The fix as the checks before it that failed make it, given their ids (none under `--only
   * mappings`), in place of `hint`: "see the failures above" pointed at none there, and at no
   * "above" in --json's document, where the ids name them.
   */
  hintAfter?: (failedBefore: readonly string[]) => string;
  data?: unknown;
}

export interface Check {
  id: string;
  group: CheckGroup;
  /**
   * Checks whose failure makes this one skip (it cannot run without what they vouch for). `--only`
   * runs them too, so a broken prerequisite is shown failing rather than hidden behind a skip.
   */
  needs?: readonly string[];
  /** A CliError thrown here (a remote or a credential said no) is reported as this check's failure, with its hint. */
  run(env: DoctorEnv): Promise<Outcome>;
}

/** Shared, lazily computed and memoised, so concurrent checks fetch each thing once. */
export interface DoctorEnv {
  ctx: Context;
  dir: string;
  /** The clients' store too (connect takes it): the run reads credentials.json once (see CredentialStore's `last`). */
  credentials: CredentialStore;
  mappingsStore: MappingStore;
  clients(): Promise<Clients>;
  users(): Promise<{ zoho: ZohoUser[]; myoperator: MyOperatorUser[] }>;
  /**
   * One side's users, read once (the same read users() joins): a check of Zoho alone runs when
   * MyOperator is not logged in yet, the moment a new admin runs doctor after `login zoho`.
   */
  sideUsers(side: 'zoho'): Promise<ZohoUser[]>;
  sideUsers(side: 'myoperator'): Promise<MyOperatorUser[]>;
  mappings(): MappingData;
  /**
   * Fix's history beside the mappings file, read once: mappings-file looks in it for a broken line
   * (and counts the entries a stopped run left waiting), and --calls and --webhook for the changes
   * MyOperator refused, and each read it whole.
   */
  history(): ReturnType<MappingStore['readHistory']>;
  /** The entries a stopped run left set aside, read once: history() shows them, and mappings-file counts them even when history() cannot be read. */
  heldAside(): ReturnType<MappingStore['heldAside']>;
  /** The matcher's report on the live users with the saved mappings, computed once. */
  report(): Promise<MatchReport>;
  /** fix's plan for the same users and saved mappings, computed once: a step of the whole plan names the cap it needs. */
  fixPlan(): Promise<FixEntry[]>;
  webhookFile?: string;
  /**
   * Where the report is read, decided once by the runner: 'report', the checks one under another (at
   * a terminal or piped), where a fix may point at the lines above it; or 'document', --json's, where
   * nothing is above anything and calls.agents holds every agent the message leaves out.
   */
  output: DoctorOutput;
  /** `--calls`: the period whose call logs are audited. */
  callPeriod?: { from: Date; to: Date; label: string };
  /** Tells a person at a terminal how far a long check has got (a spinner's text); a no-op elsewhere. */
  progress(text: string): void;
}

/**
 * What a check says when what it needs was refused: the refusal's own sentence and fix, or, for a
 * bug, where to see more. needing() and needingUsers() said one refusal two ways ("cannot check: …
 * here" and "cannot check: … here.").
 */
function cannotCheck(e: unknown): Outcome {
  const hint = e instanceof CliError ? e.hint : 'Run with --verbose for details.';
  return { status: 'fail', message: `cannot check: ${(e as Error).message}`, ...(hint ? { hint } : {}) };
}

/**
 * A check that needs what another part could not give (no credentials, a failed fetch, a state file
 * edited by hand, a bad PHONEBRIDGE_* variable) stops there, with the fix the refusal came with. The
 * runner keeps the first check to meet it the failure, so the cause counts once, there, and has the
 * checks after it point to it ("skipped, for the same reason as").
 */
export async function needing<T>(what: () => Promise<T> | T, use: (value: T) => Outcome | Promise<Outcome>): Promise<Outcome> {
  let value: T;
  try {
    value = await what();
  } catch (e) {
    // Anything but a refusal of ours is a bug: the runner shows it as the check itself failing.
    if (!(e instanceof CliError)) throw e;
    return cannotCheck(e);
  }
  return use(value);
}

/**
 * A check that needs the users of both sides. When a side cannot be read (a remote refused, a page
 * broke the contract, no credentials), the check cannot vouch for anything: it fails with the
 * reason and its fix, so doctor exits 5 rather than passing on what it never saw.
 */
export async function needingUsers<T>(what: () => Promise<T> | T, use: (value: T) => Outcome | Promise<Outcome>): Promise<Outcome> {
  let value: T;
  try {
    value = await what();
  } catch (e) {
    return cannotCheck(e);
  }
  return use(value);
}

/**
 * Each side's users as a check read them: a side it does not read (zoho-phonebridge, myoperator-emails
 * give no list of the other) is left out, and never doubted.
 */
type SidesRead = { zoho?: readonly unknown[]; myoperator?: readonly unknown[] };

/** The sides read that listed nobody, by name (Zoho first), as listingNobody takes them. */
export function sidesListingNobody(users: SidesRead): SideName[] {
  return (['Zoho', 'MyOperator'] as const).filter((side) => (side === 'Zoho' ? users.zoho : users.myoperator)?.length === 0);
}

/**
 * A check of users on both sides, when a side listed nobody: it cannot vouch for users nobody saw
 * ("every MyOperator user takes calls" of none), so it fails as mapping-health and one-side-only do,
 * with what an empty side most likely is. Undefined when both sides listed someone.
 */
export function notCheckedForEmptySide(users: SidesRead): (Outcome & { data: { emptySide: Side } }) | undefined {
  const empty = sidesListingNobody(users);
  if (empty.length === 0) return undefined;
  const message = notCheckedFor(users);
  // Both: each side's sentence as a check of that side alone says it (the other side not read there).
  const madeOf = empty.length > 1 ? { madeOf: [listedNobody('Zoho'), listedNobody('MyOperator')] } : {};
  return { status: 'fail', message, reason: message, ...madeOf, hint: `${listingNobody(empty)}.`, data: { emptySide: emptySideCode(empty) } };
}

const notCheckedFor = (sides: SidesRead) => `not checked: ${emptySides({}, sides).join('; ')} at all`;

/**
 * One side listing nobody, as the checks of its users say it: the cause the login check that saw it
 * (zoho-api, myoperator-api) warns of too, so the runner gives its fix once.
 */
export const listedNobody = (side: SideName): string => notCheckedFor(side === 'Zoho' ? { zoho: [] } : { myoperator: [] });

/** Each side's users as a match report holds them: a side that listed nobody has none there. */
export const reportSides = (report: MatchReport) => ({ zoho: report.results.filter((r) => r.zoho), myoperator: report.results.filter((r) => r.myoperator) });

/** How --json's data codes the sides that listed nobody: one side's key, or "both", as a reason's side does. */
export function emptySideCode(sides: readonly SideName[]): Side {
  return sides.length > 1 ? 'both' : sides[0] === 'Zoho' ? 'zoho' : 'myoperator';
}

/**
 * The `fix` that sends fix's whole plan as it stands: plain `fix`, or with the --max-changes it
 * needs. Plain where the plan cannot be made (a side unread): the check that needs it says why.
 */
export async function fixForWholePlan(env: Pick<DoctorEnv, 'fixPlan'>): Promise<string> {
  return fixSending(await fixPlanIfMade(env));
}

/** fixForWholePlan of a plan in hand (fixPlanIfMade's answer), for a check that reads the plan too. */
export const fixSending = (plan: readonly FixEntry[] | undefined): string => `\`phonebridge-sync ${fixForPlan((plan ?? []).filter((e) => !e.conflict).length)}\``;

/** fix's plan, or undefined where it cannot be made (a side unread: the check that needs the users says why). */
export async function fixPlanIfMade(env: Pick<DoctorEnv, 'fixPlan'>): Promise<FixEntry[] | undefined> {
  try {
    return await env.fixPlan();
  } catch (e) {
    // Anything but a side unread is a bug, not a reason to print a plainer step.
    if (!(e instanceof CliError)) throw e;
    return undefined;
  }
}

/** A file mode as chmod takes it: 0700. */
export const octal = (mode: number): string => mode.toString(8).padStart(4, '0');

/** What a credentials file that cannot be saved (or its config dir made) costs each run. */
export const tokenNotKept = (sandbox: boolean): string =>
  `each run asks Zoho for a new access token (Zoho allows about 10 in 10 minutes)${sandbox ? '' : ', and login cannot save'}`;

/** A warning that a file of ours cannot be saved: the paths that refuse it, their chmod, and what fails `until` then. */
export function notSavable(what: string, paths: string[], until: string): Outcome {
  return {
    status: 'warn',
    message: `${what}: ${paths.length === 1 ? `${paths[0]} is` : `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)} are`} not writable`,
    hint: `\`chmod u+w ${paths.map(pathWord).join(' ')}\`; until then ${until}.`,
  };
}
