/** The first Ctrl-C, SIGTERM or SIGHUP inside fix's sending stretch stops the sending; outside it (or the second one, but a SIGHUP) the process ends as ever. */
import { describe, expect, it, jest } from '@jest/globals';
import { cutShortNote, enterStretch, handOver, leaveStretch, quitsAtOnce } from '../../src/io/graceful-stop.js';

describe('graceful stop', () => {
  it('takes the first signal inside a stretch, not the second; once the stretch is left, a signal ends the run at once with no note', () => {
    const stops: NodeJS.Signals[] = [];
    expect(handOver('SIGINT')).toBe(false);
    expect(cutShortNote()).toBe('');
    enterStretch({ stop: (s) => stops.push(s), note: 'fix was stopped while it sent changes.\n' });
    expect(cutShortNote()).toBe('fix was stopped while it sent changes.\n');
    expect(handOver('SIGTERM')).toBe(true);
    expect(handOver('SIGINT')).toBe(false);
    expect(stops).toEqual(['SIGTERM']);
    leaveStretch();
    // results recorded: Ctrl-C now quits as any other time, and says nothing may be half done
    expect(handOver('SIGINT')).toBe(false);
    expect(cutShortNote()).toBe('');
    expect(stops).toEqual(['SIGTERM']);
  });

  it('a stretch entered again takes its own first signal', () => {
    const stops: NodeJS.Signals[] = [];
    enterStretch({ stop: (s) => stops.push(s), note: 'a' });
    expect(handOver('SIGINT')).toBe(true);
    leaveStretch();
    enterStretch({ stop: (s) => stops.push(s), note: 'b' });
    expect(handOver('SIGINT')).toBe(true);
    leaveStretch();
    expect(stops).toEqual(['SIGINT', 'SIGINT']);
  });

  it('a SIGHUP after the first signal is taken too, not the one that quits at once: a closed terminal sends two, and nobody one on purpose', () => {
    const stops: NodeJS.Signals[] = [];
    enterStretch({ stop: (s) => stops.push(s), note: 'n' });
    expect(handOver('SIGHUP')).toBe(true);
    expect(handOver('SIGHUP')).toBe(true);
    expect(stops).toEqual(['SIGHUP']);
    expect(quitsAtOnce('SIGHUP')).toBe('Ctrl-C quits at once, unrecorded');
    expect(handOver('SIGTERM')).toBe(false);
    leaveStretch();
    enterStretch({ stop: (s) => stops.push(s), note: 'n' });
    expect(handOver('SIGINT')).toBe(true);
    expect(quitsAtOnce('Ctrl-C')).toBe('Ctrl-C again quits at once, unrecorded');
    // The terminal closed after a Ctrl-C: the run still records what it sent.
    expect(handOver('SIGHUP')).toBe(true);
    leaveStretch();
    expect(handOver('SIGHUP')).toBe(false);
    expect(stops).toEqual(['SIGHUP', 'SIGINT']);
  });
});

describe('after the terminal closed at a question or under the pager', () => {
  // A fresh module: the flag is the process's, set once for the rest of the run.
  async function fresh() {
    jest.resetModules();
    return import('../../src/io/graceful-stop.js');
  }

  it('the SIGHUPs that follow are taken, outside any stretch: the run ends hung up through its own finally (fix removes its lock there), not cut short by them', async () => {
    const stop = await fresh();
    // Before: a SIGHUP outside a stretch ends the run at once, as any signal does.
    expect(stop.handOver('SIGHUP')).toBe(false);
    stop.terminalClosed();
    // A closed terminal sends two (the shell passes its own on, then the kernel's).
    expect(stop.handOver('SIGHUP')).toBe(true);
    expect(stop.handOver('SIGHUP')).toBe(true);
    // One who means to stop it still can.
    expect(stop.handOver('SIGTERM')).toBe(false);
    expect(stop.handOver('SIGINT')).toBe(false);
  });
});
