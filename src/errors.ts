/**
 * The one table of exit codes, and the typed errors that carry them. Commands and clients throw
 * these; the single handler in cli.ts turns them into one sentence and the code. Anything else that
 * escapes is a bug: exit 1, with the stack only under --verbose.
 */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  remote: 4,
  attention: 5,
  storage: 6,
  busy: 75,
  cancelled: 130,
  hungUp: 129,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_TABLE: ReadonlyArray<readonly [ExitCode, string]> = [
  [EXIT.ok, 'ok'],
  [EXIT.unexpected, 'unexpected error (a bug: please report it, with --verbose output)'],
  [EXIT.usage, 'usage or input error (no command, a flag, a file, a store)'],
  [EXIT.auth, 'not logged in, or credentials rejected'],
  [EXIT.remote, 'remote API failed after retries, or a proxy or firewall in between refused the request'],
  [EXIT.attention, 'finished, but attention needed (unresolved users, a failed doctor check, a fix not applied, a run refused, logout keeping a login another run saved while it asked, or a dry run of a run that would end so)'],
  [EXIT.storage, 'cannot read or save a file of its own: the disk is full, a file or directory is unreadable or read-only, or a file stands where a directory goes, or a directory where a file goes (nothing was changed; after fix, MyOperator was, and only the record of it is missing)'],
  [EXIT.busy, 'another run holds a lock this run needs: try again when it ends (sysexits EX_TEMPFAIL)'],
  [EXIT.hungUp, 'hung up (SIGHUP: the terminal closed)'],
  [EXIT.cancelled, 'cancelled (Ctrl-C)'],
  [EXIT.terminated, 'terminated (SIGTERM)'],
];

export class CliError extends Error {
  /**
   * The hint without its "run again" (login's "then run login again", a 5xx's "run again"), where
   * it has one: a caller that names its own next step (login past its spent grant token, logout's
   * "Then run `…` again", a run that goes on past a token cache it could not save) said it twice.
   */
  readonly cure?: string;
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** One line telling the user what to do, printed after the message. */
    readonly hint?: string,
    options?: { cause?: unknown; cure?: string },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.cure = options?.cure;
  }
}

/** A flag, an argument, a file or a store the user gave us is wrong: exit 2. */
export class UsageError extends CliError {
  /** `cure`: a broken credentials file's fix, without its "then run login again". */
  constructor(message: string, hint?: string, options?: { cure?: string }) {
    super(message, EXIT.usage, hint, options);
  }
}

/** Not logged in, or the remote rejected our credentials: exit 3. */
export class AuthError extends CliError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, EXIT.auth, hint, options);
  }
}

/** `proxy`: something between us and the API (a proxy, a firewall) refused the request with a page of its own. */
export type RemoteErrorKind = 'rate-limit' | 'remote' | 'network' | 'bad-response' | 'redirect' | 'proxy';

/** A remote kept failing after retries, or answered with something we cannot read: exit 4. */
export class RemoteError extends CliError {
  /**
   * The message without the user it names, where it names one: said under a heading that names it
   * already (fix's row of that user's change), it was said twice.
   */
  readonly unnamed?: string;
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    hint?: string,
    options?: { cause?: unknown; cure?: string; unnamed?: string },
  ) {
    super(message, EXIT.remote, hint, options);
    this.unnamed = options?.unnamed;
  }
}

/**
 * Another run holds a lock this one needs (the mappings file's, after the wait; fix's, at once):
 * exit 75, sysexits' EX_TEMPFAIL. It was exit 2, which a CI author reads as a typo to fix, not as
 * a run to retry once the other one ends.
 */
export class LockHeld extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.busy, hint);
  }
}

/** The run finished but the user must look at something (exit 5); the report was already printed. */
export class AttentionNeeded extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.attention, hint);
  }
}

/** A store could not be written (full disk, read-only or missing directory): exit 6, the old file untouched. */
export class StorageError extends CliError {
  /**
   * What went wrong, without what it means for the file ("Nothing was changed."): a caller that
   * changed something else first (fix, which wrote to MyOperator) says that part itself.
   */
  readonly problem: string;
  constructor(message: string, hint?: string, options?: { cause?: unknown; problem?: string; cure?: string }) {
    super(message, EXIT.storage, hint, options);
    this.problem = options?.problem ?? message;
  }
}

/**
 * A sentence (an error's message, a remote's words) set inside another one, in parentheses or with
 * more after it: without its closing period, which there would read ".)" or "., and". An ellipsis
 * is kept.
 */
export function clause(sentence: string): string {
  return sentence.replace(/(?<!\.)\.$/, '');
}

/**
 * A sentence going on after a colon or a semicolon, in lower case: "…1 change: A proxy or
 * firewall …" read as two sentences run together. One that opens with MyOperator's name keeps it.
 */
export function lowerFirst(s: string): string {
  return s.startsWith('MyOperator') ? s : `${s.charAt(0).toLowerCase()}${s.slice(1)}`;
}

/** A clause made the start of a sentence: "give back …" as "Give back …". */
export function upperFirst(s: string): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
}

export class Cancelled extends CliError {
  /** `said`: what a command can tell of the state it left (fix at its question: nothing was sent). */
  constructor(said = 'Cancelled.') {
    super(said, EXIT.cancelled);
  }
}

/** Esc at a list or a text question (login's), which it leaves as Ctrl-C does: the command says what it left. */
export class LeftAtEsc extends Error {
  constructor() {
    super('Left at Esc.');
    this.name = 'LeftAtEsc';
  }
}

/** Ctrl-C at a question (Inquirer's ExitPromptError), or Esc at a list or a text question: the person left it. */
export function leftPrompt(e: unknown): boolean {
  return e instanceof LeftAtEsc || (e as Error)?.name === 'ExitPromptError';
}

/**
 * The terminal closed at a question: its input ended, before the SIGHUP that follows. Ended as
 * that SIGHUP ends a run there (exit 129, by the signal itself: cli.ts), nothing answered.
 */
export class HungUp extends CliError {
  constructor() {
    super('Hung up (the terminal closed).', EXIT.hungUp);
  }
}
