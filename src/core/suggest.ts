/**
 * The fuzzy tier: who is probably the same person when no e-mail is equal even once normalised.
 * Everything is looked up by key (plus-stripped address, local part, one-deletion variants of the
 * local part within its domain, full name): no pair of users is ever compared blindly, so the cost
 * grows with the number of users, not with its square. Each Zoho user keeps at most
 * MAX_SUGGESTIONS candidates, ranked as its result lists them, and only those get their sentences:
 * a name shared by thousands, or a local part with dozens of one-typo neighbours, costs a bounded
 * amount per user.
 */
import levenshtein from 'damerau-levenshtein';
import { DeletionIndex, typoDistance, Visits } from './deletion-index.js';
import { KeyIndex } from './hashed-ids.js';
import { reveal, visible } from './forensics.js';
import { emptyEmailReason, type Reason } from './reasons.js';
import type { MyOperatorUser, ZohoUser } from './users.js';

export interface ParsedKey {
  key: string;
  /** Local part without the plus tag. */
  base: string;
  tag: string | null;
  domain: string;
}

export function parseKey(key: string): ParsedKey | null {
  if (!key) return null;
  const at = key.lastIndexOf('@');
  const local = at < 0 ? key : key.slice(0, at);
  const domain = at < 0 ? '' : key.slice(at + 1);
  const plus = local.indexOf('+');
  return { key, base: plus > 0 ? local.slice(0, plus) : local, tag: plus > 0 ? local.slice(plus) : null, domain };
}

/** The address without its plus tag: without a tag (most users) the key itself, no new string to build and hash. */
function plusKey(p: ParsedKey): string {
  return p.tag === null && p.domain ? p.key : `${p.base}@${p.domain}`;
}

/** Typos allowed in a string of this length: none below 5 characters, one up to 8, then two. */
export function typoBound(length: number): number {
  return length < 5 ? 0 : length < 9 ? 1 : 2;
}

export function editDistance(a: string, b: string): number {
  return levenshtein(a, b).steps;
}

/**
 * The name of `names` nearest `typed`, by commander's rule for a mistyped option (at most 3 edits,
 * and more alike than not), else undefined; a tie names none rather than pick one at random.
 */
export function nearestName(typed: string, names: readonly string[]): string | undefined {
  let best: string[] = [];
  let bestDistance = 3;
  for (const name of names) {
    const distance = editDistance(typed, name);
    const length = Math.max(typed.length, name.length);
    if ((length - distance) / length <= 0.4 || distance > bestDistance) continue;
    best = distance < bestDistance ? [name] : [...best, name];
    bestDistance = distance;
  }
  return best.length === 1 ? best[0] : undefined;
}

/** Name folded for comparison: compatibility forms, accents, case, punctuation and word order ignored. */
export function nameKey(name: string): string {
  // Letters, digits and single spaces in ASCII (most names): nothing to fold, and spaces are the only separators.
  const words = (
    WORDS_ASCII.test(name)
      ? name.toLowerCase().split(' ')
      : (PRINTABLE_ASCII.test(name) ? name : name.normalize('NFKD').replace(/\p{M}/gu, '')).toLowerCase().split(/[^\p{L}\p{N}]+/u)
  )
    .filter(Boolean)
    .sort();
  const key = words.join(' ');
  return key.length >= 3 ? key : '';
}
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const WORDS_ASCII = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

const CONFIDENCE = {
  'plus-address': 0.85,
  'domain-typo': 0.8,
  'local-part-typo-1': 0.75,
  'local-part-typo-2': 0.65,
  'other-domain': 0.6,
  'same-name': 0.5,
} as const;
/** Past this many users sharing a local part ("info", "sales"), it says nothing about a person. */
const COMMON_LOCAL_PART = 25;
const COMPANY_DOMAINS = 20;
/**
 * Candidates kept per Zoho user: as many as a result lists (match.ts shows the first ten by
 * confidence, then address), so what is shown is what an unbounded search would show.
 */
export const MAX_SUGGESTIONS = 10;
/**
 * A name alone, shared by more MyOperator users than this, keeps only this many of them as
 * candidates (those whose addresses sort nearest): ten namesakes listed beside a typo match are
 * noise, and at a million users the list of namesakes grows with the company.
 */
export const MAX_NAMESAKES = 3;

/** Local parts shorter than this get no typo neighbours: at three letters one typo is a third of the name. */
const TYPO_MIN_BASE = 4;

/** One candidate: its clues as bits (see `Explainer` for their sentences) and its confidence. */
export interface SuggestEdge {
  m: number;
  confidence: number;
  clues: number;
}

/** What was found between a Zoho user and one MyOperator user, one bit a clue; sentences come later. */
const PLUS = 1;
const DOMAIN_TYPO = 2;
const OTHER_DOMAIN = 4;
const TYPO_1 = 8;
const TYPO_2 = 16;
const SAME_NAME = 32;

export function confidenceOf(clues: number): number {
  const best =
    clues & PLUS
      ? CONFIDENCE['plus-address']
      : clues & DOMAIN_TYPO
        ? CONFIDENCE['domain-typo']
        : clues & TYPO_1
          ? CONFIDENCE['local-part-typo-1']
          : clues & TYPO_2
            ? CONFIDENCE['local-part-typo-2']
            : clues & OTHER_DOMAIN
              ? CONFIDENCE['other-domain']
              : CONFIDENCE['same-name'];
  // Independent evidence (an e-mail resemblance and the same name) makes a suggestion stronger.
  const kinds =
    Number(Boolean(clues & PLUS)) +
    Number(Boolean(clues & (DOMAIN_TYPO | OTHER_DOMAIN))) +
    Number(Boolean(clues & (TYPO_1 | TYPO_2))) +
    Number(Boolean(clues & SAME_NAME));
  return Math.min(0.9, Math.round((best + 0.1 * (kinds - 1)) * 100) / 100);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeEdit(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const pos = `at position ${i + 1}`;
  if (a.length === b.length) {
    if (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) {
      return `"${a.slice(i, i + 2)}" and "${b.slice(i, i + 2)}" swapped ${pos}`;
    }
    return `"${a[i]}" in Zoho where MyOperator has "${b[i]}" ${pos}`;
  }
  return a.length > b.length ? `Zoho has an extra "${a[i]}" ${pos}` : `MyOperator has an extra "${b[i]}" ${pos}`;
}

/**
 * An e-mail's parts as its user has it, each revealed (a control or look-alike character as its
 * code point, never raw), for a sentence to quote. The key's parts when the e-mail does not split
 * as its key does (a full-width "＠" or "＋" that NFKC made ASCII): quoted folded rather than cut wrong.
 */
function quoted(email: string, key: ParsedKey): { base: string; tag: string | null; domain: string } {
  // Most e-mails are their own key (plain lower-case ASCII): its parts are the quote, with nothing
  // to reveal. Parsed and revealed again, a match of 100,000 fuzzy users took 10% longer.
  if (email === key.key) return key;
  const raw = parseKey(email);
  const same = raw !== null && email.includes('@') && (raw.tag === null) === (key.tag === null);
  const p = same ? raw : key;
  const show = same ? reveal : visible;
  return { base: show(p.base), tag: p.tag === null ? null : show(p.tag), domain: show(p.domain) };
}

/**
 * The `count` members of `sorted` nearest to where `key` would sort, the nearer side first on a
 * tie (the left): among users who share a name, those whose addresses sort next to this user's.
 */
export function nearestInOrder(sortedKeys: readonly string[], key: string, count: number): number[] {
  let lo = 0;
  let hi = sortedKeys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedKeys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  let left = lo - 1;
  let right = lo;
  while (out.length < count && (left >= 0 || right < sortedKeys.length)) {
    if (right >= sortedKeys.length || (left >= 0 && lo - left <= right - lo + 1)) out.push(left--);
    else out.push(right++);
  }
  return out;
}

export class SuggestIndex {
  private readonly byPlus: KeyIndex;
  private readonly byBase: KeyIndex;
  /** Local parts one typo apart, per domain: a typo in the domain as well is not the same person. */
  private readonly byVariant = new Map<string, DeletionIndex>();
  private readonly byName: KeyIndex;
  /**
   * Names shared by more than the namesakes kept, each list in address order (with its keys) so
   * a user's nearest are found by bisection. Few: most names are one person's.
   */
  private readonly crowds = new Map<string, { ms: number[]; keys: string[] }>();
  private readonly nameOf: string[];
  private readonly typos: DomainTypos;
  /**
   * One user's clues, kept across calls rather than a Map made per Zoho user: where local parts are
   * numbered a user has hundreds of neighbours, and half a million such maps are most of the
   * garbage at a million users. `stamp[m]` is the call that last met `m`, `met` those it met.
   */
  private readonly clueOf: Uint8Array;
  private readonly stamp: Int32Array;
  private readonly met: number[] = [];
  private call = 0;

  constructor(
    private readonly users: readonly MyOperatorUser[],
    private readonly parsed: ReadonlyArray<ParsedKey | null>,
    free: readonly number[],
    private readonly domainCounts: ReadonlyMap<string, number>,
    /** Candidates kept per Zoho user, and namesakes among them; tests pass Infinity to see everything the clues find. */
    private readonly limit = MAX_SUGGESTIONS,
    private readonly namesakes = MAX_NAMESAKES,
  ) {
    this.nameOf = new Array<string>(users.length);
    this.clueOf = new Uint8Array(users.length);
    this.stamp = new Int32Array(users.length);
    this.byPlus = new KeyIndex((m) => plusKey(parsed[m]!), free.length);
    this.byBase = new KeyIndex(this.baseOf, free.length);
    this.byName = new KeyIndex((m) => this.nameOf[m]!, free.length);
    // Each domain's typo index sized once: a string of n characters has at most n + 1 variants.
    const variantsIn = new Map<string, number>();
    for (const m of free) {
      const p = parsed[m];
      if (p && p.base.length >= TYPO_MIN_BASE) variantsIn.set(p.domain, (variantsIn.get(p.domain) ?? 0) + p.base.length + 1);
    }
    const visits = new Visits(users.length);
    for (const [domain, capacity] of variantsIn) this.byVariant.set(domain, new DeletionIndex(this.baseOf, capacity, visits));
    for (const m of free) {
      const p = parsed[m];
      if (p) {
        this.byPlus.add(m);
        this.byBase.add(m);
        if (p.base.length >= TYPO_MIN_BASE) this.byVariant.get(p.domain)!.add(p.base, m);
      }
      const nk = nameKey(users[m]!.name);
      this.nameOf[m] = nk;
      if (nk) this.byName.add(m);
    }
    this.byName.groups(Math.min(limit, namesakes), (nk, ms) => {
      ms.sort((a, b) => this.order(a, b));
      this.crowds.set(nk, { ms, keys: ms.map((m) => this.keyOf(m)) });
    });
    this.typos = new DomainTypos(domainCounts);
  }

  private readonly baseOf = (m: number): string => this.parsed[m]!.base;

  private keyOf(m: number): string {
    return this.parsed[m]?.key ?? '';
  }

  /** The order results list candidates in at equal confidence: address, exact bytes, id. */
  private order(a: number, b: number): number {
    const ua = this.users[a]!;
    const ub = this.users[b]!;
    return compare(this.keyOf(a), this.keyOf(b)) || compare(ua.email, ub.email) || compare(ua.id, ub.id);
  }

  private domainTypo(domain: string): string | null {
    return this.typos.of(domain);
  }

  /**
   * At most `limit` candidates for `z`, the best first (confidence, then address), each with its
   * clues as bits: the sentences are written by `Explainer` when a result is read.
   */
  suggest(z: ZohoUser, zp: ParsedKey | null): SuggestEdge[] {
    const call = ++this.call;
    const { clueOf, stamp, met } = this;
    met.length = 0;
    const add = (m: number, clue: number): void => {
      if (stamp[m] === call) clueOf[m]! |= clue;
      else {
        stamp[m] = call;
        clueOf[m] = clue;
        met.push(m);
      }
    };

    if (zp) {
      this.byPlus.each(plusKey(zp), (m) => {
        if (this.parsed[m]!.key !== zp.key) add(m, PLUS);
      });
      if (this.byBase.count(zp.base) <= COMMON_LOCAL_PART) {
        this.byBase.each(zp.base, (m) => {
          const mp = this.parsed[m]!;
          if (mp.domain === zp.domain) return;
          add(m, this.domainTypo(zp.domain) === mp.domain || this.domainTypo(mp.domain) === zp.domain ? DOMAIN_TYPO : OTHER_DOMAIN);
        });
      }
      const variants = zp.base.length >= TYPO_MIN_BASE ? this.byVariant.get(zp.domain) : undefined;
      variants?.near(zp.base, (m) => {
        const mb = this.parsed[m]!.base;
        if (mb === zp.base) return;
        const d = typoDistance(zp.base, mb);
        if (d > typoBound(Math.max(mb.length, zp.base.length))) return;
        add(m, d === 1 ? TYPO_1 : TYPO_2);
      });
    }
    const nk = nameKey(z.name);
    if (nk) {
      // A name is evidence beside an e-mail resemblance whoever else shares it…
      for (const m of met) if (this.nameOf[m] === nk) clueOf[m]! |= SAME_NAME;
      // …but alone, among many who share it, only the MAX_NAMESAKES nearest in address order are kept.
      const crowd = this.crowds.get(nk);
      if (crowd) for (const i of nearestInOrder(crowd.keys, zp?.key ?? '', Math.min(this.limit, this.namesakes))) add(crowd.ms[i]!, SAME_NAME);
      else this.byName.each(nk, (m) => add(m, SAME_NAME));
    }

    // The best `limit` kept by insertion: a numbered company gives a user dozens of one-typo
    // neighbours, and sorting them all to keep ten costs several times the comparisons.
    const top: SuggestEdge[] = [];
    const before = (confidence: number, m: number, e: SuggestEdge): boolean =>
      confidence > e.confidence || (confidence === e.confidence && this.order(m, e.m) < 0);
    for (const m of met) {
      const c = clueOf[m]!;
      const confidence = confidenceOf(c);
      if (top.length >= this.limit && !before(confidence, m, top[top.length - 1]!)) continue;
      if (top.length >= this.limit) top.pop();
      let i = top.length;
      while (i > 0 && before(confidence, m, top[i - 1]!)) i--;
      top.splice(i, 0, { m, clues: c, confidence });
    }
    return top;
  }

  /**
   * What writes the sentences later: it keeps only the keys and the domain figures, so the
   * indexes above are freed once the tier is settled.
   */
  explainer(zKeys: readonly string[], mKeys: readonly string[]): Explainer {
    return new Explainer(this.users, zKeys, mKeys, this.domainCounts, this.typos);
  }
}

/** Domain typos, judged against the domains the company actually uses (its most used ones). */
class DomainTypos {
  private readonly typoOf = new Map<string, string | null>();
  private readonly companyDomains: Array<[string, number]>;

  constructor(private readonly domainCounts: ReadonlyMap<string, number>) {
    this.companyDomains = [...domainCounts]
      .filter(([d, n]) => d && n >= 2)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, COMPANY_DOMAINS);
  }

  /** The company domain this one is probably a typo of: close in spelling, and used by more people. */
  of(domain: string): string | null {
    const known = this.typoOf.get(domain);
    if (known !== undefined) return known;
    const count = this.domainCounts.get(domain) ?? 0;
    let found: string | null = null;
    for (const [d, n] of this.companyDomains) {
      if (n <= count || d === domain) continue;
      const bound = Math.min(2, Math.max(1, typoBound(Math.max(d.length, domain.length))));
      if (Math.abs(d.length - domain.length) <= bound && editDistance(d, domain) <= bound) {
        found = d;
        break;
      }
    }
    this.typoOf.set(domain, found);
    return found;
  }
}

/**
 * The sentences for a fuzzy candidate's clues, written when a result is read rather than when it
 * is matched: at a million users, half of them fuzzy, ten candidates each with their sentences are
 * gigabytes that would otherwise live until the last result is written.
 */
export class Explainer {
  constructor(
    private readonly users: readonly MyOperatorUser[],
    private readonly zKeys: readonly string[],
    private readonly mKeys: readonly string[],
    private readonly domainCounts: ReadonlyMap<string, number>,
    private readonly typos: DomainTypos,
  ) {}

  private domainTypo(domain: string): string | null {
    return this.typos.of(domain);
  }

  /** The parsed key of Zoho user `zi` (its index in the sorted Zoho list the keys came with). */
  zohoKey(zi: number): ParsedKey | null {
    return parseKey(this.zKeys[zi]!);
  }

  /** The sentences for the clues between `z` and `m`, in the order a reader meets them. */
  reasons(z: ZohoUser, zp: ParsedKey | null, m: number, clues: number): Reason[] {
    const out: Reason[] = [];
    const mp = clues & (PLUS | DOMAIN_TYPO | OTHER_DOMAIN | TYPO_1 | TYPO_2) ? parseKey(this.mKeys[m]!) : null;
    // Decided on the keys, quoted as each side has it: a folded part ("@x.in" for "@X.IN") is an
    // address nobody holds, and copied from the sentence it would not match.
    const zq = zp && mp ? quoted(z.email, zp) : null;
    const mq = zp && mp ? quoted(this.users[m]!.email, mp) : null;
    if (zp && mp && zq && mq && clues & PLUS) {
      const side = zp.tag && mp.tag ? 'both' : zp.tag ? 'zoho' : 'myoperator';
      const message =
        side === 'both'
          ? `Plus tags differ: Zoho "${zq.tag}", MyOperator "${mq.tag}" on the same address "${zq.base}@${zq.domain}"`
          : `${side === 'zoho' ? 'Zoho' : 'MyOperator'} e-mail has the plus tag "${(zq.tag ?? mq.tag)!}" that the other side's lacks`;
      out.push({ code: 'plus-address', side, message });
    }
    if (zp && mp && zq && mq && clues & DOMAIN_TYPO) {
      const side = this.domainTypo(zp.domain) === mp.domain ? 'zoho' : 'myoperator';
      const [bad, good] = side === 'zoho' ? [zq.domain, mq.domain] : [mq.domain, zq.domain];
      const message = `${side === 'zoho' ? 'Zoho' : 'MyOperator'} e-mail's domain "${bad}" looks like a typo of "${good}", the domain of ${this.domainCounts.get(side === 'zoho' ? mp.domain : zp.domain)} e-mails on the two sides`;
      out.push({ code: 'domain-typo', side, message });
    }
    if (zq && mq && clues & OTHER_DOMAIN) {
      const local = zq.base === mq.base ? `"${zq.base}"` : `(Zoho "${zq.base}", MyOperator "${mq.base}")`;
      const message = `Same local part ${local} on another domain: Zoho "@${zq.domain}", MyOperator "@${mq.domain}"`;
      out.push({ code: 'other-domain', side: 'both', message });
    }
    if (zp && mp && zq && mq && clues & (TYPO_1 | TYPO_2)) {
      const d = clues & TYPO_1 ? 1 : 2;
      const how = d === 1 ? describeEdit(zp.base, mp.base) : `${d} edits apart`;
      const message = `Local parts differ by ${d === 1 ? 'one typo' : 'two typos'}: Zoho "${zq.base}", MyOperator "${mq.base}" (${how})`;
      out.push({ code: 'local-part-typo', side: 'both', message });
    }
    if (clues & SAME_NAME) {
      // "E-mails that do not match" only where both have one: a missing one has its own reason below.
      const both = Boolean(z.email && this.users[m]!.email);
      out.push({ code: 'same-name', side: 'both', message: `Same name "${visible(z.name.trim())}" on both sides${both ? ', with e-mails that do not match' : ''}` });
    }
    if (!this.users[m]!.email) out.push(emptyEmailReason('myoperator'));
    return out;
  }
}
