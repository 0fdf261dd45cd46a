/**
 * The fuzzy tier: who is probably the same person when no e-mail is equal even once normalised.
 * Everything is looked up by key (plus-stripped address, local part, one-deletion variants of the
 * local part within its domain, full name): no pair of users is ever compared blindly, so the cost
 * grows with the number of users, not with its square.
 */
import levenshtein from 'damerau-levenshtein';
import { DeletionIndex } from './deletion-index.js';
import { visible } from './forensics.js';
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

/** Typos allowed in a string of this length: none below 5 characters, one up to 8, then two. */
export function typoBound(length: number): number {
  return length < 5 ? 0 : length < 9 ? 1 : 2;
}

export function editDistance(a: string, b: string): number {
  return levenshtein(a, b).steps;
}

/** Name folded for comparison: compatibility forms, accents, case, punctuation and word order ignored. */
export function nameKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort();
  const key = words.join(' ');
  return key.length >= 3 ? key : '';
}

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

export interface SuggestEdge {
  m: number;
  confidence: number;
  reasons: Reason[];
}

function push(map: Map<string, number[]>, key: string, m: number): void {
  const list = map.get(key);
  if (list) list.push(m);
  else map.set(key, [m]);
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

export class SuggestIndex {
  private readonly byPlus = new Map<string, number[]>();
  private readonly byBase = new Map<string, number[]>();
  /** Local parts one typo apart, per domain: a typo in the domain as well is not the same person. */
  private readonly byVariant = new Map<string, DeletionIndex>();
  private readonly byName = new Map<string, number[]>();
  private readonly typoOf = new Map<string, string | null>();
  private readonly companyDomains: Array<[string, number]>;

  constructor(
    private readonly users: readonly MyOperatorUser[],
    private readonly parsed: ReadonlyArray<ParsedKey | null>,
    free: readonly number[],
    private readonly domainCounts: ReadonlyMap<string, number>,
  ) {
    for (const m of free) {
      const p = parsed[m];
      if (p) {
        push(this.byPlus, `${p.base}@${p.domain}`, m);
        push(this.byBase, p.base, m);
        if (p.base.length >= 4) {
          let variants = this.byVariant.get(p.domain);
          if (!variants) this.byVariant.set(p.domain, (variants = new DeletionIndex()));
          variants.add(p.base, m);
        }
      }
      const nk = nameKey(users[m]!.name);
      if (nk) push(this.byName, nk, m);
    }
    this.companyDomains = [...domainCounts]
      .filter(([d, n]) => d && n >= 2)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, COMPANY_DOMAINS);
  }

  /** The company domain this one is probably a typo of: close in spelling, and used by more people. */
  private domainTypo(domain: string): string | null {
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

  suggest(z: ZohoUser, zp: ParsedKey | null): SuggestEdge[] {
    const edges = new Map<number, Reason[]>();
    const add = (m: number, r: Reason): void => {
      const list = edges.get(m);
      if (list) list.push(r);
      else edges.set(m, [r]);
    };
    const conf = new Map<Reason, number>();
    const reason = (r: Reason, c: number): Reason => (conf.set(r, c), r);

    if (zp) {
      for (const m of this.byPlus.get(`${zp.base}@${zp.domain}`) ?? []) {
        const mp = this.parsed[m]!;
        if (mp.key === zp.key) continue;
        const side = zp.tag && mp.tag ? 'both' : zp.tag ? 'zoho' : 'myoperator';
        const message =
          side === 'both'
            ? `Plus tags differ: Zoho "${visible(zp.tag!)}", MyOperator "${visible(mp.tag!)}" on the same address "${visible(zp.base)}@${visible(zp.domain)}"`
            : `${side === 'zoho' ? 'Zoho' : 'MyOperator'} e-mail has the plus tag "${visible((zp.tag ?? mp.tag)!)}" that the other side's lacks`;
        add(m, reason({ code: 'plus-address', side, message }, CONFIDENCE['plus-address']));
      }
      const sameBase = this.byBase.get(zp.base) ?? [];
      if (sameBase.length <= COMMON_LOCAL_PART) {
        for (const m of sameBase) {
          const mp = this.parsed[m]!;
          if (mp.domain === zp.domain) continue;
          const zTypo = this.domainTypo(zp.domain);
          const mTypo = this.domainTypo(mp.domain);
          if (zTypo === mp.domain || mTypo === zp.domain) {
            const side = zTypo === mp.domain ? 'zoho' : 'myoperator';
            const [bad, good] = side === 'zoho' ? [zp.domain, mp.domain] : [mp.domain, zp.domain];
            const message = `${side === 'zoho' ? 'Zoho' : 'MyOperator'} e-mail's domain "${visible(bad)}" looks like a typo of "${visible(good)}", which ${this.domainCounts.get(good)} users have`;
            add(m, reason({ code: 'domain-typo', side, message }, CONFIDENCE['domain-typo']));
          } else {
            const message = `Same local part "${visible(zp.base)}" on another domain: Zoho "@${visible(zp.domain)}", MyOperator "@${visible(mp.domain)}"`;
            add(m, reason({ code: 'other-domain', side: 'both', message }, CONFIDENCE['other-domain']));
          }
        }
      }
      const variants = zp.base.length >= 4 ? this.byVariant.get(zp.domain) : undefined;
      variants?.near(zp.base, (m) => {
        const mb = this.parsed[m]!.base;
        if (mb === zp.base) return;
        const d = editDistance(zp.base, mb);
        if (d === 0 || d > typoBound(Math.max(mb.length, zp.base.length))) return;
        const how = d === 1 ? describeEdit(zp.base, mb) : `${d} edits apart`;
        const message = `Local parts differ by ${d === 1 ? 'one typo' : 'two typos'}: Zoho "${visible(zp.base)}", MyOperator "${visible(mb)}" (${how})`;
        add(m, reason({ code: 'local-part-typo', side: 'both', message }, d === 1 ? CONFIDENCE['local-part-typo-1'] : CONFIDENCE['local-part-typo-2']));
      });
    }
    const nk = nameKey(z.name);
    const sameName = nk ? (this.byName.get(nk) ?? []) : [];
    for (const m of sameName) {
      const message = `Same name "${visible(z.name.trim())}" on both sides, with e-mails that do not match`;
      add(m, reason({ code: 'same-name', side: 'both', message }, CONFIDENCE['same-name']));
    }

    const out: SuggestEdge[] = [];
    for (const [m, reasons] of edges) {
      const best = Math.max(...reasons.map((r) => conf.get(r)!));
      const kinds = new Set(reasons.map((r) => r.code)).size;
      // Independent evidence (an e-mail resemblance and the same name) makes a suggestion stronger.
      const confidence = Math.min(0.9, Math.round((best + 0.1 * (kinds - 1)) * 100) / 100);
      if (!this.users[m]!.email) reasons.push(emptyEmailReason('myoperator'));
      out.push({ m, confidence, reasons });
    }
    return out;
  }
}
