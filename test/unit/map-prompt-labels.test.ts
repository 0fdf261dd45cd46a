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

it('a Zoho user tied by e-mail to a line left unmapped on purpose is not sent to add a MyOperator user: the question says the tie alone', () => {
  // It ended "…; if none below is theirs, Skip for now (add them in MyOperator first), or Never map if they take no calls".
  const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10' });
  const office = zohoUser('reception@acme.in', { name: 'Front Office' });
  const r = matchUsers({ zoho: [office], myoperator: [desk], ignoredMyOperator: [desk.id] }).results.find((x) => x.zoho)!;
  const message = mapPrompt(r, [desk], 0, 1, new Map(), undefined, new Set([desk.id])).message;
  expect(message).toMatch(/^\[1\/1\] Front Office <reception@acme\.in>: zoho-only — MyOperator user Front Desk \(ext 10\), left unmapped on purpose, has exactly this e-mail, /);
  expect(message).toMatch(/→ Front Desk → e-mail\n {2}Map to which MyOperator user\? \(type to search\)$/);
  // Beside no such line, nobody is offered, and the question says what to do then.
  const alone = matchUsers({ zoho: [office], myoperator: [moUser('other@acme.in')] }).results.find((x) => x.zoho)!;
  expect(mapPrompt(alone, [], 0, 1).message).toContain('; if none below is theirs, Skip for now (add them in MyOperator first)');
});
