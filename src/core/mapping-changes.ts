/**
 * What a change to the mapping store did, pure: the store before and after → one change per
 * Zoho user whose mapping or ignore mark changed, and one per MyOperator user left unmapped on purpose or no longer. Derived from the data rather than told by each
 * command, so no path that writes the store (map, import, resync, the prompt) can forget to record.
 */
import type { Ignored, IgnoredMyOperator, Mapping, MappingData } from './reconcile.js';

/** `ignore-myoperator`: a MyOperator user left unmapped on purpose (a shared line); `ignore` is of a Zoho user. */
export type ChangeAction = 'map' | 'unmap' | 'remap' | 'update' | 'ignore' | 'unignore' | 'ignore-myoperator' | 'unignore-myoperator' | 'set-email';

export interface Change {
  action: ChangeAction;
  before: unknown;
  after: unknown;
  result: string;
  /** Why, for a change that did not take. */
  detail?: string;
}

function same(a: Mapping, b: Mapping): boolean {
  return (
    a.myoperator.uuid === b.myoperator.uuid &&
    a.myoperator.email === b.myoperator.email &&
    a.myoperator.extension === b.myoperator.extension &&
    a.zoho.email === b.zoho.email &&
    a.zoho.zuid === b.zoho.zuid &&
    a.how === b.how
  );
}

/**
 * A pair as its history line records it: with the name of its MyOperator user where that user has
 * no e-mail and the run knows the name (`names`, uuid → name). A mapping records none, and list
 * history named such a seat by its uuid alone ("MyOperator s5f3afc2a9b2f (ext 24)").
 */
function recorded(m: Mapping, names: ReadonlyMap<string, string> | undefined): Mapping | (Mapping & { myoperator: { name: string } }) {
  const name = m.myoperator.email === '' ? names?.get(m.myoperator.uuid) : undefined;
  return name ? { ...m, myoperator: { ...m.myoperator, name } } : m;
}

export function mappingChanges(before: MappingData, after: MappingData, names?: ReadonlyMap<string, string>): Change[] {
  const was = new Map(before.mappings.map((m) => [m.zoho.id, m]));
  const now = new Map(after.mappings.map((m) => [m.zoho.id, m]));
  const out: Change[] = [];
  const r = (m: Mapping) => recorded(m, names);
  for (const [id, b] of was) {
    const a = now.get(id);
    if (!a) out.push({ action: 'unmap', before: r(b), after: null, result: 'done' });
    else if (a.myoperator.uuid !== b.myoperator.uuid) out.push({ action: 'remap', before: r(b), after: r(a), result: 'done' });
    else if (!same(a, b)) out.push({ action: 'update', before: r(b), after: r(a), result: 'done' });
  }
  for (const [id, a] of now) if (!was.has(id)) out.push({ action: 'map', before: null, after: r(a), result: 'done' });
  const ignoredBefore = new Map(before.ignored.map((i) => [i.zohoId, i]));
  const ignoredAfter = new Map(after.ignored.map((i) => [i.zohoId, i]));
  for (const [id, i] of ignoredAfter) if (!ignoredBefore.has(id)) out.push({ action: 'ignore', before: null, after: i satisfies Ignored, result: 'done' });
  for (const [id, i] of ignoredBefore) if (!ignoredAfter.has(id)) out.push({ action: 'unignore', before: i, after: null, result: 'done' });
  const leftBefore = new Map((before.ignoredMyOperator ?? []).map((i) => [i.uuid, i]));
  const leftAfter = new Map((after.ignoredMyOperator ?? []).map((i) => [i.uuid, i]));
  for (const [uuid, i] of leftAfter) if (!leftBefore.has(uuid)) out.push({ action: 'ignore-myoperator', before: null, after: i satisfies IgnoredMyOperator, result: 'done' });
  for (const [uuid, i] of leftBefore) if (!leftAfter.has(uuid)) out.push({ action: 'unignore-myoperator', before: i, after: null, result: 'done' });
  return out;
}
