/**
 * At exit, the standard fds whose terminal hung up are reopened on /dev/null, so that Node 20 does
 * not abort setting a gone terminal back to its modes (nodejs/node#51519); the rest are Node's, as
 * before. isatty and the fs calls are stand-ins here: which fds are terminals, at start and at exit,
 * is each test's; test/interactive/gone-terminal-pty.test.ts closes a real one.
 */
import { beforeEach, expect, it, jest } from '@jest/globals';

/** Which fds isatty calls terminals now. */
let terminals = new Set<number>();
/** The fd the next openSync gives: the one just closed, as the kernel does (the lowest free), unless another thread took it. */
let nextOpen: () => number;
let lastClosed = -1;
const calls: string[] = [];

jest.unstable_mockModule('node:tty', () => ({ isatty: (fd: number) => terminals.has(fd) }));
jest.unstable_mockModule('node:fs', () => ({
  closeSync: (fd: number) => {
    calls.push(`close ${fd}`);
    lastClosed = fd;
  },
  openSync: (path: string, flags: string) => {
    const fd = nextOpen();
    calls.push(`open ${path} ${flags} → ${fd}`);
    return fd;
  },
}));

/** The module as loaded by a process whose terminals at start are `atStart`. */
async function loadedWith(atStart: number[]) {
  terminals = new Set(atStart);
  jest.resetModules();
  return import('../../src/io/gone-terminal.js');
}

beforeEach(() => {
  calls.length = 0;
  nextOpen = () => lastClosed;
});

it('leaves a terminal still there to Node, which sets it back to its modes (and aborts if it cannot, as before)', async () => {
  const { letGoOfGoneTerminal } = await loadedWith([0, 1, 2]);
  letGoOfGoneTerminal();
  expect(calls).toEqual([]);
});

it('reopens on /dev/null each fd whose terminal hung up (isatty fails), and only those that were terminals at start (`2>err.log` keeps its file)', async () => {
  const { letGoOfGoneTerminal } = await loadedWith([0, 1]);
  terminals = new Set();
  letGoOfGoneTerminal();
  expect(calls).toEqual(['close 0', 'open /dev/null r+ → 0', 'close 1', 'open /dev/null r+ → 1']);
});

it('touches nothing in a run with no terminal (CI, pipes, files): none hung up', async () => {
  const { letGoOfGoneTerminal } = await loadedWith([]);
  letGoOfGoneTerminal();
  expect(calls).toEqual([]);
});

it('closes the /dev/null it opened when another thread took the fd between the close and the open: that file keeps the fd, which Node leaves alone', async () => {
  const { letGoOfGoneTerminal } = await loadedWith([2]);
  terminals = new Set();
  nextOpen = () => 7;
  letGoOfGoneTerminal();
  expect(calls).toEqual(['close 2', 'open /dev/null r+ → 7', 'close 7']);
});
