/**
 * What every command runs over: streams, environment, the global options and the decisions made
 * once from them (can we prompt? colour?). Tests build one with their own streams and env, so
 * every command runs without a terminal or the network.
 */
import type { Readable, Writable } from 'node:stream';

export interface GlobalOptions {
  profile: string;
  configDir?: string;
  json: boolean;
  color: boolean;
  verbose: boolean;
  sandbox: boolean;
  yes: boolean;
  /** --mappings: the mappings file, wherever the user keeps it. */
  mappings?: string;
}

export type Out = Writable & { isTTY?: boolean; columns?: number };

export interface Context {
  stdout: Out;
  stderr: Out;
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  globals: GlobalOptions;
  /** Both ends are a terminal, not CI, not --json: prompts and spinners allowed. Decided once, here. */
  interactive: boolean;
  /** stdout is a terminal: tables for people; otherwise tab-separated lines for programs. */
  stdoutIsTTY: boolean;
  color: boolean;
  now: () => Date;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export function createContext(
  globals: GlobalOptions,
  io: { stdout: Out; stderr: Out; stdin: Context['stdin']; env: NodeJS.ProcessEnv; now?: () => Date },
): Context {
  const ci = truthy(io.env.CI);
  const stdoutIsTTY = io.stdout.isTTY === true;
  const interactive = stdoutIsTTY && io.stdin.isTTY === true && io.stderr.isTTY === true && !ci && !globals.json;
  const color = globals.color && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '') && !globals.json && io.stderr.isTTY === true && io.env.TERM !== 'dumb';
  return { ...io, globals, interactive, stdoutIsTTY, color, now: io.now ?? (() => new Date()) };
}
