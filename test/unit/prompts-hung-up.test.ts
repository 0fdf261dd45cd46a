/**
 * A terminal that hangs up just before a question is asked (its window closed as the plan was
 * drawn), its SIGHUP not come yet or never (a shell that traps HUP holds it): readline's setting it
 * in raw mode fails with EIO (hungUpTty). That ended the run "Unexpected error: setRawMode EIO",
 * exit 1; a terminal closed at the question is a hang-up, exit 129, nothing answered.
 */
import { expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createContext } from '../../src/context.js';
import { CliError, EXIT } from '../../src/errors.js';
import { askChoice, askText, askYesNo } from '../../src/ui/prompts.js';
import { hungUpTty } from '../support/hung-up-tty.js';

function atHungUpTerminal() {
  const tty = hungUpTty(() => true);
  const stderr = Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY: true, columns: 80 });
  const ctx = createContext({ profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false }, { stdout: new Writable({ write: (_c, _e, done) => done() }), stderr, stdin: tty.stream, env: {} });
  return { ctx: { ...ctx, interactive: true }, failures: tty.failures };
}

it.each([
  ['a yes/no question', (ctx: ReturnType<typeof atHungUpTerminal>['ctx']) => askYesNo(ctx, 'Set 1 MyOperator e-mail as shown?')],
  ['a text question', (ctx: ReturnType<typeof atHungUpTerminal>['ctx']) => askText(ctx, '--client-id', 'Zoho client id:')],
  ['a list', (ctx: ReturnType<typeof atHungUpTerminal>['ctx']) => askChoice(ctx, '--dc', 'Zoho data centre:', [{ value: 'in', name: 'India' }])],
])('%s the terminal hung up before: ended as a hang-up (exit 129), not "Unexpected error: setRawMode EIO"', async (_what, ask) => {
  const { ctx, failures } = atHungUpTerminal();
  const ended = await ask(ctx).then(
    () => 'answered',
    (e: unknown) => (e instanceof CliError ? { message: e.message, code: e.exitCode } : String(e)),
  );
  // The path taken: readline's raw mode was refused.
  expect(failures[0]).toBe('raw');
  expect(ended).toEqual({ message: 'Hung up (the terminal closed).', code: EXIT.hungUp });
});

// For a moment after the terminal closes, before the hang-up is done, a read of it fails with EIO
// where after it reads as the end of input: Node destroys the input with that error, and no 'end'
// comes. That was "Unexpected error: read EIO", exit 1.
it.each([
  ['a yes/no question', (ctx: ReturnType<typeof atHungUpTerminal>['ctx']) => askYesNo(ctx, 'Set 1 MyOperator e-mail as shown?')],
  ['a text question', (ctx: ReturnType<typeof atHungUpTerminal>['ctx']) => askText(ctx, '--client-id', 'Zoho client id:')],
  ['a list', (ctx: ReturnType<typeof atHungUpTerminal>['ctx']) => askChoice(ctx, '--dc', 'Zoho data centre:', [{ value: 'in', name: 'India' }])],
])('%s whose terminal fails a read as it closes: ended as a hang-up (exit 129), not "Unexpected error: read EIO"', async (_what, ask) => {
  const tty = hungUpTty(() => false);
  let asking = false;
  // Once the question is on the screen, Node reading the terminal for its answer.
  const stderr = Object.assign(
    new Writable({
      write: (_c, _e, done) => {
        if (!asking) setImmediate(() => tty.readFails());
        asking = true;
        done();
      },
    }),
    { isTTY: true, columns: 80 },
  );
  const base = createContext({ profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false }, { stdout: new Writable({ write: (_c, _e, done) => done() }), stderr, stdin: tty.stream, env: {} });
  const asked = ask({ ...base, interactive: true }).then(
    () => 'answered',
    (e: unknown) => (e instanceof CliError ? { message: e.message, code: e.exitCode } : String(e)),
  );
  expect(await asked).toEqual({ message: 'Hung up (the terminal closed).', code: EXIT.hungUp });
});
