/** `--since` (list history, doctor --calls): what a person may type, and the sentence for what they may not. */
import { describe, expect, it } from '@jest/globals';
import { sinceInstant, sinceProblem } from '../../src/core/period.js';

const NOW = new Date('2026-12-04T12:00:00Z');

describe('--since', () => {
  it('takes a period back from now, or a day or time of the calendar', () => {
    expect(sinceInstant('7d', NOW)?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(sinceInstant('24h', NOW)?.toISOString()).toBe('2026-12-03T12:00:00.000Z');
    expect(sinceInstant('2026-02-28', NOW)?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(sinceInstant('2024-02-29 08:30', NOW)).toBeDefined();
  });

  it.each([
    ['2026-02-30', 'is not a day of the calendar'],
    ['2026-13-01', 'is not a day of the calendar'],
    ['2025-02-29T10:00Z', 'is not a day of the calendar'],
    ['0d', 'is an empty period'],
    ['99999999999w', 'is too far back for a date'],
    ['2027-01-01', 'is in the future'],
    ['garbage', 'is not a period or a date'],
    ['2026-01-01T25:00Z', 'is not a period or a date'],
  ])('refuses %s: it %s', (value, problem) => {
    expect(sinceInstant(value, NOW)).toBeUndefined();
    expect(sinceProblem(value, NOW)).toBe(problem);
  });
});
