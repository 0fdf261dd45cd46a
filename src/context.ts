/**
 * What every command runs over: streams, environment, the global options and the decisions made
 * once from them (can we prompt? colour?). Tests build one with their own streams and env, so
 * every command runs without a terminal or the network.
 */
import type { Readable, Writable } from 'node:stream';
import { retarget, retargetJson } from './io/invocation.js';
import { truthy } from './io/env-flag.js';
import { pagerFor } from './io/pager.js';

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
  /** Where `mappings` came from: typed (--mappings) or the environment (PHONEBRIDGE_MAPPINGS_FILE). */
  mappingsFrom?: 'cli' | 'env';
  /** false with --no-pager. */
  pager?: boolean;
}

export type Out = Writable & { isTTY?: boolean; columns?: number; rows?: number };

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
  /** The pager command for long output at a terminal, or undefined (see src/io/pager.ts). */
  pager?: string;
  now: () => Date;
  /**
   * A sentence for a person, on stderr: at a terminal its lines break between words (the
   * terminal itself would cut a word, or an e-mail, in two); elsewhere it is written as it is.
   * `list`: its lines that start "- " are the items of a list, wrapped under their text (see prose).
   */
  say: (text: string, opts?: { list?: boolean }) => void;
  /**
   * The commands quoted in `text` (\`phonebridge-sync fix\`) with the options typed for this run
   * that choose what they act on (--sandbox, --config-dir, --profile, --mappings), so a hint pasted
   * as printed acts on the same profile (src/io/invocation.ts). Applied before text is laid out to a
   * width; `say` applies it itself.
   */
  retarget: (text: string) => string;
  /**
   * The same for a JSON document's text, as io/render.ts makes it (`toJson(doc, pretty, ctx.retargetJson)`):
   * every --json document with our sentences passes it; exports and history records (list, map's changes) do not.
   */
  retargetJson: (json: string) => string;
  /**
   * retarget for a page read away from this shell (resync's GITHUB_STEP_SUMMARY): there the
   * PHONEBRIDGE_* variables that chose the sandbox, the profile or the mappings file are not set, so
   * its commands repeat those too (cli.ts `pageTargetOf`).
   */
  retargetPage: (text: string) => string;
}

export function createContext(
  globals: GlobalOptions,
  io: {
    stdout: Out;
    stderr: Out;
    stdin: Context['stdin'];
    env: NodeJS.ProcessEnv;
    now?: () => Date;
    /** How prose is fitted to a terminal's width (ui/wrap.ts `prose`): given only at a terminal, so the rest never load it. */
    fit?: (text: string, columns: number | undefined, list?: boolean) => string;
    /** The options to repeat in quoted commands (io/invocation.ts `targetOptions`); none by default. */
    target?: string;
    /** The same, with what the environment chose too, for a page read elsewhere; `target` by default. */
    pageTarget?: string;
  },
): Context {
  const ci = truthy(io.env.CI);
  const stdoutIsTTY = io.stdout.isTTY === true;
  const interactive = stdoutIsTTY && io.stdin.isTTY === true && io.stderr.isTTY === true && !ci && !globals.json;
  const color = colourWanted(globals, io.env, stdoutIsTTY && io.stderr.isTTY === true);
  const pager = pagerFor(io.env, stdoutIsTTY, globals);
  const { fit, target = '', pageTarget = target, ...streams } = io;
  const retargeted = (text: string): string => retarget(text, target);
  const say = (text: string, opts: { list?: boolean } = {}): void => {
    const t = retargeted(text);
    io.stderr.write(fit && io.stderr.isTTY ? fit(t, io.stderr.columns, opts.list) : t);
  };
  return { ...streams, globals, interactive, stdoutIsTTY, color, pager, now: io.now ?? (() => new Date()), say, retarget: retargeted, retargetJson: (json: string) => retargetJson(json, target), retargetPage: (text: string) => retarget(text, pageTarget) };
}

/**
 * Whether stderr's closing sentence stands right under what stdout showed, so "above" is true of it:
 * both at the terminal, and no --json. A file stderr is sent to (`2>err.log`) holds the sentence apart.
 */
export function besideOutput(ctx: Pick<Context, 'stdoutIsTTY' | 'stderr' | 'globals'>): boolean {
  return ctx.stdoutIsTTY && ctx.stderr.isTTY === true && !ctx.globals.json;
}

/**
 * Why a command suggested here, pasted as it is (without --json), would ask nothing: CI is set, or
 * what it says is not read at a terminal (a log). Undefined when it would ask.
 */
export function pastedPromptsOff(ctx: Pick<Context, 'env' | 'stderr'>): string | undefined {
  if (truthy(ctx.env.CI)) return 'where CI is set';
  return (ctx.stderr as { isTTY?: boolean }).isTTY === true ? undefined : 'off a terminal';
}

/** Why `interactive` is false, in a few words for a sentence: "CI is set", "with --json", "no terminal". */
export function noPromptReason(ctx: Pick<Context, 'env' | 'globals' | 'stdin' | 'stdout' | 'stderr'>): string {
  if (truthy(ctx.env.CI)) return 'CI is set';
  if (ctx.globals.json) return 'with --json';
  // At a terminal with one stream redirected (`map | tee log`), "no terminal" was untrue of the
  // screen the person types at: the stream that is not one is named.
  const off = (
    [
      ['standard input', ctx.stdin],
      ['standard output', ctx.stdout],
      ['standard error', ctx.stderr],
    ] as const
  ).filter(([, stream]) => (stream as { isTTY?: boolean }).isTTY !== true);
  if (off.length === 3) return 'no terminal';
  return `${off.map(([name]) => name).join(' and ')} ${off.length === 1 ? 'is' : 'are'} not a terminal`;
}

/**
 * The one colour rule (README "Colour" and --help say the same): --no-color and --json always
 * off; else FORCE_COLOR (set, not 0) on, even piped or in CI; else NO_COLOR (set, not empty) off;
 * else CI off; else on when stdout and stderr are both a terminal (and TERM is not dumb). Like
 * Node itself, FORCE_COLOR wins over NO_COLOR when both are set.
 */
export function colourWanted(globals: Pick<GlobalOptions, 'color' | 'json'>, env: NodeJS.ProcessEnv, terminal: boolean): boolean {
  if (!globals.color || globals.json) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return truthy(env.FORCE_COLOR);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (truthy(env.CI)) return false;
  return terminal && env.TERM !== 'dumb';
}
