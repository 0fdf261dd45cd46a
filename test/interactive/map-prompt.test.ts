import { describe, expect, it } from '@jest/globals';
import { render } from '@inquirer/testing';
import { search } from '@inquirer/prompts';
import { matchUsers } from '../../src/core/match.js';
import { IGNORE, mapPrompt, SKIP } from '../../src/ui/map-flow.js';
import { moUser, zohoUser } from '../support/builders.js';

const everyone = [
  moUser('front@acme.in', { name: 'Front Desk', extension: '10' }),
  moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '14' }),
  moUser('zed@acme.in', { name: 'Zed Night', extension: '15' }),
];
const z = zohoUser('Ravi.Kumar@acme.in', { name: 'Ravi Kumar' });
const result = matchUsers({ zoho: [z], myoperator: everyone }).results.find((r) => r.zoho?.id === z.id)!;

describe('the map prompt', () => {
  it('shows the Zoho user, why, and the suggested candidate first with confidence and reasons; Enter picks it', async () => {
    const { answer, events, getScreen } = await render(search, mapPrompt(result, everyone, 0, 3));
    const screen = getScreen();
    expect(screen).toContain('[1/3] Ravi Kumar <Ravi.Kumar@acme.in> is mismatch — Letter case differs');
    const lines = screen.split('\n');
    const star = lines.findIndex((l) => l.includes('★ Ravi Kumar <ravi.kumar@acme.in> · ext 14 (95%: case)'));
    const skip = lines.findIndex((l) => l.includes('Skip for now'));
    const other = lines.findIndex((l) => l.includes('Front Desk <front@acme.in> · ext 10'));
    expect(star).toBeGreaterThanOrEqual(0);
    expect(star).toBeLessThan(skip);
    expect(skip).toBeLessThan(other);
    events.keypress('enter');
    expect(await answer).toBe(everyone[1]!.id);
  });

  it('typing searches by name, e-mail or extension', async () => {
    const { answer, events, getScreen } = await render(search, mapPrompt(result, everyone, 0, 1));
    events.type('15');
    await new Promise((r) => setTimeout(r, 50));
    expect(getScreen()).toContain('Zed Night');
    expect(getScreen()).not.toContain('Front Desk');
    events.keypress('enter');
    expect(await answer).toBe(everyone[2]!.id);
  });

  it('offers skip and never-map', async () => {
    const { answer, events } = await render(search, mapPrompt(result, everyone, 0, 1));
    events.keypress('down');
    events.keypress('enter');
    expect(await answer).toBe(SKIP);
    const second = await render(search, mapPrompt(result, everyone, 0, 1));
    second.events.keypress('down');
    second.events.keypress('down');
    second.events.keypress('enter');
    expect(await second.answer).toBe(IGNORE);
  });
});
