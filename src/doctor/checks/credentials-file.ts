import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../../errors.js';
import { pathWord } from '../../io/invocation.js';
import { notSavable, octal, tokenNotKept, type Check } from '../check.js';
import { notWritable } from '../../store/file-errors.js';
import { isDirectory } from '../../store/paths.js';
import { writeTarget } from '../../store/durable-write.js';
import { envCredentials } from '../env-credentials.js';
import { configDirFound } from '../config-dir-found.js';

export const credentialsFileCheck: Check = {
  id: 'credentials-file',
  group: 'Config',
  // A config dir that is a file has no credentials file: its "Fine …; else run login" hint named a
  // login that cannot save there (exit 6). Skipped, it points to config-dir's fix instead.
  needs: ['config-dir'],
  async run({ credentials, ctx, dir }) {
    const unreadable = (e: unknown) => ({ status: 'fail' as const, message: (e as Error).message, hint: (e instanceof CliError && e.hint) || 'Fix the file by hand, or move it aside and log in again.' });
    let mode: number;
    try {
      mode = statSync(credentials.path).mode & 0o777;
    } catch (e) {
      // A link that leads back to itself: said as every command that stops on it says it (exit 2).
      // Its target, worked out below as a save would, was "Cannot save …: check the disk".
      if ((e as NodeJS.ErrnoException).code === 'ELOOP')
        try {
          credentials.read();
        } catch (err) {
          return unreadable(err);
        }
      // A link to a file in a directory that is gone: "no credentials file … else run login" named
      // a login that cannot save there (exit 6).
      const target = writeTarget(credentials.path, 'the credentials file');
      if (target !== credentials.path && !existsSync(dirname(target)))
        return {
          status: 'warn',
          message: `credentials file ${credentials.path} is a symbolic link to ${target}, whose directory ${dirname(target)} does not exist: login cannot save there`,
          hint: `Create that directory (\`mkdir -p ${pathWord(dirname(target))}\`), or remove the link (\`rm ${pathWord(credentials.path)}\`) for a file of its own.`,
        };
      // A config dir that refuses the file, or cannot be made: each run refreshes the token it cannot
      // cache, credentials in the environment or not ("none is needed" passed it), and the login
      // "else run login" named cannot save there (config-dir, which names the same chmod, warned).
      // One that cannot be used (a file, or a directory that cannot be entered, in its place or on
      // the way) is no chmod u+w: config-dir fails on it, and this skip in its words is shown as
      // "for the same reason as config-dir" (--json kept "no credentials file … else run login").
      const found = configDirFound(dir);
      if (found.state === 'unusable') return { status: 'skip', message: `skipped: ${found.message}` };
      const refused = isDirectory(dirname(target)) || found.state === 'not made yet' ? notWritable(target) : [];
      if (refused.length) return notSavable(`no credentials file yet (${credentials.path}), and none can be made`, refused, tokenNotKept(ctx.globals.sandbox));
      const given = ctx.globals.sandbox ? 'none' : envCredentials(ctx.env);
      if (given === 'all') return { status: 'skip', message: `no credentials file (${credentials.path}): none is needed, the credentials come from the environment` };
      return {
        status: 'skip',
        message: `no credentials file (${credentials.path})`,
        hint: ctx.globals.sandbox
          ? 'Fine: the sandbox has its credentials built in (the file only caches its access token).'
          : given === 'none'
            ? 'Fine when the credentials come from the environment; else run `phonebridge-sync login`.'
            : given.hint,
      };
    }
    // Judged once every other check is done, this says what the file is as the run leaves it: the
    // run's read, or, where the token cache saved, the file as that save read and wrote it.
    try {
      credentials.read();
    } catch (e) {
      // The store's own hint: the sandbox's file holds only a cached token, and has no login to run.
      return unreadable(e);
    }
    if (mode & 0o077)
      return {
        status: 'warn',
        message: `credentials file ${credentials.path} is mode ${octal(mode)}: secrets readable by others`,
        hint: `Run \`chmod 600 ${pathWord(credentials.path)}\`.`,
      };
    // Read fine, it may still refuse the access token each run caches: every run then spends one of
    // Zoho's ~10 refreshes per 10 minutes, and `login` cannot save.
    const refused = notWritable(credentials.path);
    if (refused.length)
      return notSavable(`credentials file ${credentials.path} (${octal(mode)}) cannot be saved`, refused, tokenNotKept(ctx.globals.sandbox));
    return { status: 'pass', message: `credentials file ${credentials.path} (${octal(mode)})` };
  },
};

