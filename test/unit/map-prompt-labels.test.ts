/**
 * The map picker lists every MyOperator user at each key typed, each choice fitted to the screen.
 * wrap-ansi is wrapped to count how often it is asked; its answers are its own.
 */
import { expect, it, jest } from '@jest/globals';
import realWrap from 'wrap-ansi';
import { moUser, zohoUser } from '../support/builders.js';

let calls = 0;
const wrap = ((...args: Parameters<typeof realWrap>) => {
  calls++;
  return realWrap(...args);
}) as typeof realWrap;
jest.unstable_mockModule('wrap-ansi', () => ({ default: wrap }));
const { mapPrompt } = await import('../../src/ui/map-flow.js');
const { matchUsers } = await import('../../src/core/match.js');

it('3,000 MyOperator users at 80 columns: the choices that fit are shown as they are, without wrapping each one at every key; one wider than the screen still breaks between words', () => {
  const long = moUser('bartholomew.krishnamurthy.rajagopalan@southeast-distribution-services.com', { name: 'Bartholomew Krishnamurthy', extension: '2999' });
  const everyone = [...Array.from({ length: 3000 }, (_, i) => moUser(`agent${i}@acme.in`, { name: `Agent ${i}`, extension: `${1000 + i}` })), long];
  const asha = zohoUser('asha@acme.in', { name: 'Asha' });
  const r = matchUsers({ zoho: [asha], myoperator: everyone }).results.find((x) => x.zoho?.id === asha.id)!;
  const prompt = mapPrompt(r, everyone, 0, 1, new Map(), 80);
  calls = 0;
  const choices = prompt.source('');
  expect(choices).toHaveLength(3003);
  expect(choices.find((c) => c.value === everyone[7]!.id)?.name).toBe('Agent 7 <agent7@acme.in> · ext 1007');
  expect(choices.find((c) => c.value === long.id)?.name).toBe('Bartholomew Krishnamurthy\n    <bartholomew.krishnamurthy.rajagopalan@southeast-distribution-services.com>\n    · ext 2999');
  // Each choice through wrap-ansi was 3,001 calls a key, ~0.6 s at 10,000 users.
  expect(calls).toBeLessThan(10);
});
