import { describe, expect, it } from '@jest/globals';
import { countFrom, morePages, PageGuard, pageCapFromCount } from '../../src/core/page-guard.js';

describe('morePages: the remote says yes or no; otherwise only a full page asks for more', () => {
  it.each([
    [true, 200, 200, true],
    [true, 3, 200, true],
    [false, 200, 200, false],
    [null, 200, 200, true],
    [null, 199, 200, false],
    [undefined, 250, 200, true],
    [undefined, 0, 200, false],
    [true, 0, 200, false],
  ] as const)('says %s, %i received of %i a page → %s', (says, received, perPage, more) => {
    expect(morePages(says, received, perPage)).toBe(more);
  });
});

describe('PageGuard', () => {
  it('accepts pages in any order, as a pager fetching several at once delivers them', () => {
    const g = new PageGuard(10, 'users page');
    expect(g.admit(3, ['e', 'f'])).toBeUndefined();
    expect(g.admit(1, ['a', 'b'])).toBeUndefined();
    expect(g.admit(2, ['c', 'd'])).toBeUndefined();
  });

  it('a page equal to an earlier one names both', () => {
    const g = new PageGuard(10, 'users page');
    g.admit(1, ['a', 'b']);
    expect(g.admit(2, ['a', 'b'])?.sentence).toBe('sent users page 2 with the same users as users page 1');
  });

  it('an id seen on an earlier page, or twice on one page, names the id and the pages', () => {
    const g = new PageGuard(10, 'users page');
    g.admit(1, ['a', 'b']);
    expect(g.admit(2, ['c', 'b'])).toMatchObject({
      kind: 'repeated-id',
      id: 'b',
      sentence: 'sent the user with id b on users page 1 and again on users page 2',
    });
    expect(new PageGuard(10, 'users page').admit(4, ['x', 'x'])?.sentence).toBe('sent the user with id x twice on users page 4');
  });

  it('empty pages repeat nothing', () => {
    const g = new PageGuard(10);
    expect(g.admit(1, [])).toBeUndefined();
    expect(g.admit(2, [])).toBeUndefined();
  });

  it('past the cap, and only past it, is a problem; a pager may move the cap once it learns a count', () => {
    const g = new PageGuard(2);
    expect(g.beforePage(2, 0)).toBeUndefined();
    expect(g.beforePage(3, 0)?.sentence).toBe('still said more users were to come after 2 pages, more than it can hold');
    g.maxPages = pageCapFromCount(450, 200);
    expect(g.beforePage(6, 0)).toBeUndefined();
    expect(g.beforePage(7, 0)?.kind).toBe('cap');
  });

  it('past the time budget is a problem, until a pager lifts it', () => {
    const g = new PageGuard(100, 'users page', 60_000);
    expect(g.beforePage(5, 60_000)).toBeUndefined();
    expect(g.beforePage(5, 60_001)?.sentence).toBe('was still sending users pages after 4 pages and 60 s');
    g.budgetMs = Infinity;
    expect(g.beforePage(5, 600_000)).toBeUndefined();
  });
});

describe('counts', () => {
  it('twice the pages a count implies, never fewer than two', () => {
    expect(pageCapFromCount(450, 200)).toBe(6);
    expect(pageCapFromCount(400, 200)).toBe(4);
    expect(pageCapFromCount(0, 200)).toBe(2);
  });

  it.each([
    ['42', 42],
    [' 7 ', 7],
    [42, 42],
    ['', undefined],
    ['lots', undefined],
    ['4.5', undefined],
    [-1, undefined],
    [Number.NaN, undefined],
    [null, undefined],
  ] as const)('countFrom(%p) is %p', (value, count) => {
    expect(countFrom(value)).toBe(count);
  });
});
