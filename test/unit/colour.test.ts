import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { colourWanted, createContext, type GlobalOptions } from '../../src/context.js';

const on = { color: true, json: false };

describe('the one colour rule (README "Colour", --help)', () => {
  it.each([
    ['a terminal', {}, true, true],
    ['off a terminal', {}, false, false],
    ['CI at a terminal', { CI: 'true' }, true, false],
    ['CI=false at a terminal', { CI: 'false' }, true, true],
    ['NO_COLOR at a terminal', { NO_COLOR: '1' }, true, false],
    ['an empty NO_COLOR', { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR piped', { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR under CI', { FORCE_COLOR: '1', CI: 'true' }, false, true],
    ['FORCE_COLOR=0 at a terminal', { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR=false at a terminal', { FORCE_COLOR: 'false' }, true, false],
    ['an empty FORCE_COLOR at a terminal', { FORCE_COLOR: '' }, true, true],
    ['FORCE_COLOR with NO_COLOR (as Node: FORCE_COLOR wins)', { FORCE_COLOR: '1', NO_COLOR: '1' }, true, true],
    ['TERM=dumb', { TERM: 'dumb' }, true, false],
  ])('%s', (_name, env, terminal, expected) => {
    expect(colourWanted(on, env as NodeJS.ProcessEnv, terminal)).toBe(expected);
  });

  it('--no-color and --json are always off, even with FORCE_COLOR', () => {
    expect(colourWanted({ color: false, json: false }, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colourWanted({ color: true, json: true }, { FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('the Context decides it from both streams being terminals', () => {
    const tty = () => Object.assign(new PassThrough(), { isTTY: true });
    const globals: GlobalOptions = { profile: 'default', json: false, color: true, verbose: false, sandbox: false, yes: false };
    expect(createContext(globals, { stdout: tty(), stderr: tty(), stdin: tty(), env: {} }).color).toBe(true);
    expect(createContext(globals, { stdout: tty(), stderr: tty(), stdin: tty(), env: { CI: '1' } }).color).toBe(false);
    expect(createContext(globals, { stdout: new PassThrough(), stderr: tty(), stdin: tty(), env: {} }).color).toBe(false);
  });
});
