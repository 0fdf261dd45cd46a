/**
 * Pagination that always ends, whatever a remote says. Pure: a pager feeds each page's ids to a
 * guard and turns the sentence it returns into its own error. Pages may be admitted in any order,
 * so a pager that fetches several pages at once can share one guard with a sequential one.
 */

/** Why a listing cannot be trusted; `sentence` names the pages and ids, never the remote (the caller does). */
export type PageProblem =
  | { kind: 'repeated-page'; page: number; earlier: number; sentence: string }
  | { kind: 'repeated-id'; page: number; earlier: number; id: string; sentence: string }
  | { kind: 'cap'; page: number; sentence: string }
  | { kind: 'budget'; page: number; sentence: string };

export class PageGuard {
  private readonly pageOfId = new Map<string, number>();
  /** The pages admitted so far, by their first id: a page equal to an earlier one has the same first id. */
  private readonly pagesByFirstId = new Map<string, Array<{ page: number; ids: readonly string[] }>>();

  /**
   * @param maxPages pages after which the listing stops, however sure the remote is that more exist;
   *   a pager may lower or raise it once it learns the remote's count.
   * @param what what one page is called in a sentence, e.g. "users page".
   * @param budgetMs how long a listing may page (Infinity: no limit); a pager may lift it once a count bounds the pages.
   */
  constructor(
    public maxPages: number,
    private readonly what = 'page',
    public budgetMs = Infinity,
  ) {}

  /** Before fetching `page`, `elapsedMs` into the listing: is it past the cap or the time budget? */
  beforePage(page: number, elapsedMs: number): PageProblem | undefined {
    if (page > this.maxPages) return { kind: 'cap', page, sentence: `still said more users were to come after ${this.maxPages} pages, more than it can hold` };
    if (elapsedMs > this.budgetMs)
      return { kind: 'budget', page, sentence: `was still sending ${this.what}s after ${page - 1} pages and ${this.budgetMs / 1000} s` };
    return undefined;
  }

  /** Records one page's ids; a page that repeats an earlier one, or an id seen before, is a problem. */
  admit(page: number, ids: readonly string[]): PageProblem | undefined {
    if (ids.length > 0) {
      // Compared with the few pages that start alike, not joined into one key per page (a string of
      // kilobytes to build and hash for every page of a listing).
      const alike = this.pagesByFirstId.get(ids[0]!);
      const same = alike?.find((p) => sameIds(p.ids, ids));
      if (same && same.page !== page)
        return { kind: 'repeated-page', page, earlier: same.page, sentence: `sent ${this.what} ${page} with the same users as ${this.what} ${same.page}` };
      if (!same) {
        if (alike) alike.push({ page, ids });
        else this.pagesByFirstId.set(ids[0]!, [{ page, ids }]);
      }
    }
    for (const id of ids) {
      const earlier = this.pageOfId.get(id);
      if (earlier !== undefined) {
        const where = earlier === page ? `twice on ${this.what} ${page}` : `on ${this.what} ${earlier} and again on ${this.what} ${page}`;
        return { kind: 'repeated-id', page, earlier, id, sentence: `sent the user with id ${id} ${where}` };
      }
      this.pageOfId.set(id, page);
    }
    return undefined;
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether a listing goes on after a page. An empty page ends it. A remote's explicit yes or no is
 * followed; without one (null, missing), a full page means "maybe more" and a short page is the last.
 */
export function morePages(saysMore: boolean | null | undefined, received: number, perPage: number): boolean {
  if (received === 0) return false;
  if (saysMore === true || saysMore === false) return saysMore;
  return received >= perPage;
}

/** Pages a listing may take: twice what the remote's own count implies, so users added mid-read still fit. */
export function pageCapFromCount(count: number, perPage: number): number {
  return Math.max(2, 2 * Math.ceil(count / perPage));
}

/** A count the remote sent as a number or a string of digits; anything else is unknown. */
export function countFrom(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return Number(value);
  return undefined;
}
