/**
 * The mapping store: which Zoho user is tied to which MyOperator user, and who is never mapped.
 * A file apart from the credentials (mappings are not secret), conf-backed: written atomically,
 * stable, sorted and pretty (a CI job keeps it in its repository: small diffs), with a schema
 * version, validated with zod on read. Every change runs under a cross-process lock
 * (proper-lockfile) on a fresh read, so two runs cannot lose each other's writes. A corrupt or
 * hand-broken file is a UsageError naming it; a backup is kept and the file is never reset.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import Conf from 'conf';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { describeIssue } from '../clients/schemas.js';
import type { GlobalOptions } from '../context.js';
import type { Ignored, Mapping, MappingData } from '../core/reconcile.js';
import { configDir, ensureDir } from './paths.js';
import { mappingChanges, type Change } from '../core/mapping-changes.js';
import { appendHistory, historyPath, osUser } from './history.js';

const VERSION = 1;

const mappingSchema = z.object({
  zoho: z.object({ id: z.string().min(1), zuid: z.string().nullable(), email: z.string() }),
  myoperator: z.object({ uuid: z.string().min(1), extension: z.string().nullable(), email: z.string() }),
  how: z.enum(['auto', 'manual', 'import']),
  at: z.string(),
});
const ignoredSchema = z.object({ zohoId: z.string().min(1), email: z.string(), at: z.string() });
const fileSchema = z.object({
  version: z.number().int(),
  mappings: z.array(mappingSchema),
  ignored: z.array(ignoredSchema).default([]),
});

export function mappingsPath(globals: Pick<GlobalOptions, 'configDir' | 'sandbox' | 'profile'> & { mappings?: string }, env: NodeJS.ProcessEnv): string {
  if (globals.mappings) return globals.mappings;
  if (env.PHONEBRIDGE_MAPPINGS_FILE) return env.PHONEBRIDGE_MAPPINGS_FILE;
  return join(configDir(globals), 'mappings', `${globals.sandbox ? 'sandbox' : globals.profile}.json`);
}

/** Fixed key order and sorted lists: the same data always gives the same bytes. */
export function serialize(data: MappingData): string {
  const mappings = [...data.mappings]
    .sort((a, b) => cmp(a.zoho.id, b.zoho.id) || cmp(a.myoperator.uuid, b.myoperator.uuid))
    .map((m) => ({
      zoho: { id: m.zoho.id, zuid: m.zoho.zuid, email: m.zoho.email },
      myoperator: { uuid: m.myoperator.uuid, extension: m.myoperator.extension, email: m.myoperator.email },
      how: m.how,
      at: m.at,
    }));
  const ignored = [...data.ignored].sort((a, b) => cmp(a.zohoId, b.zohoId)).map((i) => ({ zohoId: i.zohoId, email: i.email, at: i.at }));
  return JSON.stringify({ version: VERSION, mappings, ignored }, null, 2) + '\n';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a change to the store returns: the new data, the caller's result, and changes to record beyond the store's own. */
export interface StoreChange<T> {
  data: MappingData;
  result: T;
  /** Changes made elsewhere (a remote e-mail set by `fix`) to record in the history with the store's own. */
  history?: Change[];
  /** Leave the store's own changes out of the history when `history` already tells them. */
  recordDiff?: boolean;
}

export interface StoreOptions {
  /** The command recorded in the history: `map`, `resync`, `fix`… */
  command?: string;
  now?: () => Date;
}

export class MappingStore {
  readonly historyPath: string;

  constructor(
    readonly path: string,
    private readonly options: StoreOptions = {},
  ) {
    this.historyPath = historyPath(path);
  }

  private conf(): Conf<Record<string, unknown>> {
    const ext = extname(this.path);
    return new Conf({
      cwd: dirname(this.path),
      configName: basename(this.path, ext),
      fileExtension: ext.replace(/^\./, ''),
      projectName: 'phonebridge-sync',
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      configFileMode: 0o644,
      serialize: (v) => serialize(v as unknown as MappingData),
    });
  }

  private broken(why: string): never {
    const backup = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    copyFileSync(this.path, backup);
    throw new UsageError(
      `The mappings file ${this.path} is not valid: ${why}. It was left as it is; a copy is at ${backup}.`,
      'Fix the file by hand (`git diff` shows what changed if it is in a repository), or move it aside to start again.',
    );
  }

  /** The saved mappings; an absent file is an empty store. */
  read(): MappingData {
    if (!existsSync(this.path)) return { mappings: [], ignored: [] };
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code)
        throw new UsageError(`Cannot read the mappings file ${this.path}: ${(e as Error).message}.`, 'Check the path and its permissions.');
      this.broken(`not JSON (${(e as Error).message})`);
    }
    if (raw && typeof raw === 'object' && typeof (raw as { version?: unknown }).version === 'number' && (raw as { version: number }).version > VERSION) {
      throw new UsageError(
        `The mappings file ${this.path} was written by a newer phonebridge-sync (schema version ${(raw as { version: number }).version}).`,
        'Upgrade phonebridge-sync.',
      );
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) this.broken(describeIssue(parsed.error));
    return { mappings: parsed.data.mappings as Mapping[], ignored: parsed.data.ignored as Ignored[] };
  }

  /**
   * Runs `change` on a fresh read under the lock and writes the result if it differs. Returns
   * what `change` returned. Nothing is written when the bytes would be the same.
   */
  async update<T>(change: (data: MappingData) => StoreChange<T>): Promise<T> {
    ensureDir(dirname(this.path));
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.path, { realpath: false, stale: 10_000, retries: { retries: 60, factor: 1.3, minTimeout: 20, maxTimeout: 500 } });
    } catch (e) {
      throw new UsageError(
        `The mappings file ${this.path} is locked by another phonebridge-sync run (${(e as Error).message}).`,
        'Wait for the other run to finish; a lock older than 10 seconds is taken over automatically.',
      );
    }
    try {
      const before = this.read();
      const { data, result, history = [], recordDiff = true } = change(before);
      if (serialize(data) !== serialize(before) || !existsSync(this.path)) this.conf().store = data as unknown as Record<string, unknown>;
      // Under the same lock, after the store is on disk: the history never tells of a change the store lacks.
      const changes = [...(recordDiff ? mappingChanges(before, data) : []), ...history];
      const time = (this.options.now?.() ?? new Date()).toISOString();
      const command = this.options.command ?? 'phonebridge-sync';
      appendHistory(
        this.historyPath,
        changes.map((c) => ({ time, command, user: osUser(), ...c })),
      );
      return result;
    } finally {
      await release();
    }
  }
}
