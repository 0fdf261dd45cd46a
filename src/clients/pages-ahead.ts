/**
 * Paging a few requests ahead: the pages of a listing are asked for up to `inFlight` at a time and
 * handed to `take` strictly in page order, so a pager's per-page checks (repeats, ids, the last
 * page) run exactly as they would one page at a time. `take` returns false at the last page; the
 * pages asked for past it are dropped unread. A page that failed fails the listing only when its
 * turn comes, as it would have sequentially; a page past the end never fails anything.
 *
 * `ask(page, unwanted)` may itself refuse a page (a cap, a time budget) by returning a rejected
 * promise; that too surfaces only when the listing reaches it. `unwanted` aborts once the listing
 * has ended (its last page taken, or a page failed): MyOperator's asker cancels that request then, so
 * the listing ends without waiting for answers it would drop. Zoho's has none to cancel at the end:
 * it asks for the pages its count says exist, or one at a time without a count. The pages past the end were asked for
 * as the one before the last was taken: waiting for them cost one round trip at the end of every
 * listing that read a few ahead (a resync's whole MyOperator read is such a listing).
 */
export interface PagesAhead<T> {
  /** Requests for these pages may be in flight at once; 1 is one page at a time. */
  inFlight: (page: number) => number;
  ask: (page: number, unwanted: AbortSignal) => Promise<T>;
  take: (page: number, body: T) => boolean | Promise<boolean>;
}

export async function readPagesAhead<T>({ inFlight, ask, take }: PagesAhead<T>): Promise<void> {
  const asked = new Map<number, Promise<T>>();
  const ended = new AbortController();
  let next = 1;
  try {
    await readInOrder();
  } finally {
    // Those not taken are past the end (or after a failed page): cancelled, then waited for, so
    // that none outlives the listing, to land in a later step, log or test.
    ended.abort();
    await Promise.allSettled(asked.values());
  }

  async function readInOrder(): Promise<void> {
    for (let page = 1; ; page++) {
      const window = Math.max(1, inFlight(page));
      while (next < page + window || next === page) {
        const p = ask(next, ended.signal);
        // Handled when its turn comes; one past the end is never looked at.
        p.catch(() => undefined);
        asked.set(next++, p);
      }
      const body = await asked.get(page)!;
      asked.delete(page);
      if (!(await take(page, body))) return;
    }
  }
}
