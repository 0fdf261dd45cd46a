import { existsSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { clause, CliError, lowerFirst } from '../../errors.js';
import { pathWord } from '../../io/invocation.js';
import type { Check, DoctorEnv, Outcome } from '../check.js';
import { notSavable } from '../check.js';
import { plural } from '../../io/plural.js';
import { writeTarget } from '../../store/durable-write.js';
import type { History } from '../../store/history.js';
import { fileLacks, notWritable } from '../../store/file-errors.js';
import { missingNamedBy, type MappingStore } from '../../store/mappings.js';
import { configDirFound } from '../config-dir-found.js';
import { whyStopped, whyWaiting } from '../../store/set-aside-words.js';
import type { SetAsideRead } from '../../store/history-journal.js';

export const mappingsFileCheck: Check = {
  id: 'mappings-file',
  group: 'Config',
  async run(context) {
    const { dir, mappingsStore } = context;
    // Looked at once: the state's failure and the set-aside lines below ask the same of it.
    let found: ReturnType<typeof configDirFound> | undefined;
    const dirFound = () => (found ??= configDirFound(dir));
    const outcome = state(context, dirFound);
    // A config dir that cannot be entered stops the set-aside lines' read for the same reason, with
    // the same fix: said once, by the line above ("Then let it be entered" repeated the chmod).
    if (mappingsStore.setAsidePath.startsWith(`${dir}${sep}`) && dirFound().state === 'unusable') return outcome;
    return withWaiting(outcome, mappingsStore.setAsidePath, context.heldAside());
  },
};

/** What the store's state is, its waiting history entries aside. */
function state({ ctx, dir, mappingsStore, mappings, history }: DoctorEnv, dirFound: () => ReturnType<typeof configDirFound>): Outcome {
  try {
    const data = mappings();
    // A path named by --mappings or PHONEBRIDGE_MAPPINGS_FILE that is not there is likelier a typo than a new store.
    // A warning, not a failure (exit 0 stays): a new CI repository's first run names a file yet to be made.
    const namedBy = missingNamedBy(ctx.globals, ctx.env, mappingsStore.path);
    if (namedBy)
      return {
        status: 'warn',
        message: `the mappings file ${mappingsStore.path}, named by ${namedBy}, does not exist yet: nothing is saved there`,
        hint: 'Check the path if it should exist; the first resync or map creates the file there.',
      };
    const there = existsSync(mappingsStore.path);
    const target = writeTarget(mappingsStore.path, 'the mappings file');
    // A link into a directory that is gone (a checkout moved or deleted): saves go through the
    // link and make no directory there, so "the first resync or map creates it" was untrue.
    if (!there && target !== mappingsStore.path && !existsSync(dirname(target)))
      return {
        status: 'warn',
        message: `no mappings file yet: ${mappingsStore.path} is a link to ${target}, whose directory does not exist, so resync, map and fix cannot save there`,
        hint: `Create that directory (\`mkdir -p ${pathWord(dirname(target))}\`), or point the link at a directory that exists.`,
      };
    // Writable as a directory is, a history path a directory (or a loop of links) took stops every save all the same.
    const inTheWay = mappingsStore.historyInTheWay();
    if (inTheWay)
      return {
        status: 'warn',
        message: `the history file ${mappingsStore.historyPath} cannot be read or saved: ${inTheWay.why}; resync, map and fix stop with exit 6 and change nothing`,
        hint: inTheWay.hint,
      };
    const unreadable = historyUnreadable(mappingsStore);
    if (unreadable) return unreadable;
    // A read-only store reads fine, and every resync, map and fix then stops at its first save (exit 6):
    // doctor passing it left the cause to be found one command at a time.
    // The history too: each save appends to it, and a read-only one stops the save as surely.
    const refused = [...new Set([...notWritable(target), ...notWritable(mappingsStore.historyPath)])];
    // With no mappings file yet and the history alone refusing, "none can be made: <history> is not
    // writable" read as if the mappings file's place refused it: each save stops at the history
    // first ("Cannot save the history file …", exit 6), and that is what is said.
    const byHistory = !there && refused.length === 1 && refused[0] === mappingsStore.historyPath;
    const what = there
      ? `mappings file ${mappingsStore.path} cannot be saved`
      : `no mappings file yet (${mappingsStore.path}), and ${byHistory ? 'the history file refuses the first save' : 'none can be made'}`;
    const unsavable = refused.length ? notSavable(what, refused, 'resync, map and fix stop with exit 6 and change nothing') : undefined;
    const broken = historyBroken(history);
    if (unsavable || broken) return together(unsavable, broken);
    // "0 mappings" of a file that is not there read as if one had been found empty.
    if (!there) return { status: 'pass', message: `no mappings file yet (${mappingsStore.path}): the first resync or map creates it` };
    const left = data.ignoredMyOperator?.length ? `, ${plural(data.ignoredMyOperator.length, 'MyOperator user')} left unmapped on purpose` : '';
    return { status: 'pass', message: `mappings file ${mappingsStore.path}: ${plural(data.mappings.length, 'mapping')}, ${data.ignored.length} ignored${left}` };
  } catch (e) {
    // A config dir that cannot be used (entered, or made) fails its mappings file too: said in
    // config-dir's words, so doctor counts it once, there ("for the same reason as config-dir");
    // alone (--only mappings-file) it still fails, with config-dir's fix.
    const found = mappingsStore.path.startsWith(`${dir}${sep}`) ? dirFound() : undefined;
    if (found?.state === 'unusable') return { status: 'fail', message: `cannot check: ${found.message}`, hint: found.hint };
    // The error's own fix when it has one: "a part of the path is a file" is not fixed by editing it.
    const hint = e instanceof CliError && e.hint ? e.hint : 'Fix the file by hand (a backup copy was kept), or move it aside.';
    return { status: 'fail', message: (e as Error).message, hint };
  }
}

/**
 * History lines a run stopped after saving the mappings file left set aside: doctor read them (for
 * --calls and --webhook) unsaid, while list history shows them and says they wait. Nothing to fix:
 * the next change records them, so a note under the line, whatever it says: under a warning (a
 * history line broken by hand, a store that refuses saves) they went unsaid, and are kept as surely.
 * Lines no change can record (cut short by hand, a directory in their place) stop every change:
 * doctor passed them unsaid, so the note then warns, with the change's fix after any other.
 */
function withWaiting(outcome: Outcome, setAsidePath: string, { held, refused }: SetAsideRead): Outcome {
  if (refused)
    return {
      status: outcome.status === 'pass' ? 'warn' : outcome.status,
      message: `${outcome.message}\n${whyStopped(refused)}`,
      hint: outcome.status === 'pass' || !outcome.hint ? refused.hint : `${outcome.hint} Then ${lowerFirst(refused.hint ?? '')}`,
    };
  const n = held?.entries.length ?? 0;
  if (n === 0) return outcome;
  return {
    ...outcome,
    message: `${outcome.message}\n${n === 1 ? '1 history entry waits' : `${n} history entries wait`} in ${setAsidePath}: ${whyWaiting(n)}`,
  };
}

/**
 * A history file the user may not read: list history stops, and so does every save, which opens it
 * to read its last byte as well as to append (exit 6 both). doctor passed it; the chmod given
 * is the one for both bits where both are missing (`u+w` alone was refused again, for reading).
 */
function historyUnreadable(store: Pick<MappingStore, 'historyPath'>): Outcome | undefined {
  if (!fileLacks(store.historyPath, 'r')) return undefined;
  const { is, fix } = fileLacks(store.historyPath, 'rw')!;
  return {
    status: 'warn',
    message: `the history file ${store.historyPath} is ${is}: list history, resync, map and fix stop with exit 6, changing nothing`,
    hint: `${fix}.`,
  };
}

/**
 * Both a store that refuses saves and a broken history line, said on one line: the second went
 * unsaid until the first was fixed, so the admin fixed twice. The chmod comes first, as the
 * line cannot be mended in a file that refuses the edit.
 */
function together(unsavable: Outcome | undefined, broken: Outcome | undefined): Outcome {
  if (!unsavable || !broken) return (unsavable ?? broken)!;
  const then = broken.hint!;
  return {
    status: 'warn',
    message: `${unsavable.message}; and ${broken.message}`,
    hint: `${unsavable.hint} Then ${then.charAt(0).toLowerCase()}${then.slice(1)}`,
  };
}

/**
 * A history with a line broken by hand (or a merge left in it): doctor passed it, while list history
 * stopped on it (exit 2) and doctor --calls, which cannot read it either, offered `fix --only` again
 * for a change MyOperator had refused. The sentence and its fix are list history's own.
 */
function historyBroken(history: () => History): Outcome | undefined {
  try {
    history();
    return undefined;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    const said = clause(e.message);
    return {
      status: 'warn',
      message: `${said.charAt(0).toLowerCase()}${said.slice(1)}; until that is mended, list history stops with exit 2, fix cannot record what became of the changes an earlier fix left open, and doctor --calls cannot tell which e-mails MyOperator refused from fix`,
      hint: e.hint ?? 'Fix or delete that line by hand.',
    };
  }
}
