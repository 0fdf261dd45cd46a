/**
 * The Zoho user a MyOperator user probably is, from the matcher's report: one rule for every hint
 * that names a pair to map (doctor --calls and --webhook, fix --only's "not in the plan").
 */
import type { MatchReport, MatchResult } from './match.js';
import { pastable, reveal, visible } from './forensics.js';
import { nameKey } from './suggest.js';
import type { ZohoUser } from './users.js';
import { seriesUpTo } from '../io/plural.js';

/** The Zoho user a MyOperator user probably is, with those as likely by e-mail that its name ruled out; or a tie the names left. */
type Likely = { result: MatchResult; rivals: MatchResult[] } | { tie: MatchResult[]; named: boolean };

export class LikelyZoho {
  /** The result that pairs the MyOperator user (by uuid). */
  private readonly pairedOf = new Map<string, MatchResult>();
  /** Else the results that list it among their candidates at its best confidence there, in report order. */
  private readonly bestOf = new Map<string, { confidence: number; results: MatchResult[] }>();

  constructor(report: MatchReport) {
    // Paired first: a Zoho user whose pair is another phone may still list this one as a weaker candidate.
    for (const r of report.results) if (r.zoho && r.myoperator) this.pairedOf.set(r.myoperator.id, r);
    for (const r of report.results)
      if (r.zoho)
        for (const c of r.candidates) {
          if (this.pairedOf.has(c.user.id)) continue;
          const best = this.bestOf.get(c.user.id);
          if (!best || c.confidence > best.confidence) this.bestOf.set(c.user.id, { confidence: c.confidence, results: [r] });
          else if (c.confidence === best.confidence) best.results.push(r);
        }
  }

  /** The result that pairs the MyOperator user, if the matcher pairs it. */
  paired(uuid: string): MatchResult | undefined {
    return this.pairedOf.get(uuid);
  }

  /**
   * The one the matcher pairs it with, else the one whose result lists it at its best confidence.
   * Several at that confidence (Zoho users whose e-mails differ only in case, each ambiguous at
   * 0.48) are told apart by `names` (the agent's, as a call names it, or MyOperator's): the
   * report's order alone named the wrong one. When the names do not tell them apart, `tie`.
   */
  of(uuid: string, names: readonly string[]): Likely | undefined {
    const paired = this.pairedOf.get(uuid);
    if (paired) return { result: paired, rivals: [] };
    const best = this.bestOf.get(uuid);
    if (!best) return undefined;
    if (best.results.length === 1) return { result: best.results[0]!, rivals: [] };
    const keys = new Set(names.map(nameKey).filter(Boolean));
    const named = best.results.filter((r) => keys.has(nameKey(r.zoho!.name)));
    if (named.length === 1) return { result: named[0]!, rivals: best.results.filter((r) => r !== named[0]) };
    return { tie: named.length ? named : best.results, named: named.length > 0 };
  }
}

/** Why the names leave a tie, `whose` name it is ("the agent's", "its"): "neither has the agent's name", "both have its name". */
export function namesSay({ tie, named }: { tie: readonly MatchResult[]; named: boolean }, whose: string): string {
  const two = tie.length === 2;
  return `${named ? (two ? 'both have' : 'all of them have') : two ? 'neither has' : 'none of them has'} ${whose} name`;
}

/**
 * A tie as an agent's cure (doctor --calls, --webhook) and fix --only's "not in the plan" say it,
 * `whose` name the names are ("the agent's", "its"), `to` what they are as likely to be:
 * "Zoho users A <…> and B <…> are as likely{to}, and neither has the agent's name".
 */
export function tieSentence(likely: { tie: readonly MatchResult[]; named: boolean }, whose: string, to = ''): string {
  return `Zoho users ${tiedUsers(likely)} are as likely${to}, and ${namesSay(likely, whose)}`;
}

/** The Zoho users of a tie as a hint names them: "A <…> and B <…>" (four at the most). */
export const tiedUsers = ({ tie }: { tie: readonly MatchResult[] }): string => seriesUpTo(tie.map((r) => zohoNamed(r.zoho!)), 4);

/**
 * The map that confirms a tied MyOperator user's pair, `word` as map takes that user: the Zoho side
 * a placeholder, as the tie leaves it to the admin (an agent's cure, fix --only's "not in the plan").
 */
export const tieMap = (word: string): string => `\`phonebridge-sync map --zoho <zoho e-mail> --myoperator ${pastable(word)}\``;

/** Those as likely as the one `whose` name picked, as the same two say them: "Zoho user B <…> is as likely, but only this one has its name". */
export function rivalsClause(rivals: readonly MatchResult[], whose: string): string {
  return `${seriesUpTo(rivals.map((r) => `Zoho user ${zohoNamed(r.zoho!)}`), 4)} ${rivals.length === 1 ? 'is' : 'are'} as likely, but only this one has ${whose} name`;
}

/** A Zoho user as a hint names one among those as likely: "Ravi Kumar <Ravi.Kumar@…>". */
export const zohoNamed = (z: ZohoUser): string => `${visible(z.name) || visible(z.id)} <${reveal(z.email)}>`;
