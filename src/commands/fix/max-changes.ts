/**
 * How many MyOperator users one `fix` run may change without --force: the CLI's default for
 * --max-changes, and what the command to send the rest after a stop leaves out as the default.
 * A module of its own so that cli.ts reads it without loading fix.
 */
export const MAX_CHANGES_DEFAULT = 10;
