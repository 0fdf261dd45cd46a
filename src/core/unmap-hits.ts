/**
 * What `map --unmap x` finds in the store, which it reads alone (offline, byte for byte as typed),
 * and so the word an undo may show for a MyOperator user left unmapped on purpose.
 */
import type { Ignored, IgnoredMyOperator, Mapping, MappingData } from './reconcile.js';

/** The saved pairs `--unmap x` removes: each whose either side x names. */
export const unmapHits = (x: string) => (m: Mapping) => [m.zoho.id, m.zoho.zuid, m.zoho.email, m.myoperator.uuid, m.myoperator.extension, m.myoperator.email].includes(x);

/** An ignored Zoho user has no mapping to remove: --unmap takes it off the ignore list instead. */
export const ignoredHits = (x: string) => (i: Ignored) => [i.zohoId, i.email].includes(x);

/** A MyOperator user left unmapped on purpose, by what was saved with the mark: --unmap puts it back among those to map. */
export const leftHits = (x: string) => (i: IgnoredMyOperator) => [i.uuid, i.extension, i.email].includes(x);

/**
 * The word to give `map --unmap` for the MyOperator user `uuid` left unmapped on purpose: `word` (as
 * map takes that user today) where --unmap finds its mark by it and nothing else, else the uuid.
 * The mark keeps the extension it was saved with: once MyOperator moved the line, the undo shown with
 * the extension it has now, pasted, was "No saved mapping or ignored user involves …" (exit 2).
 */
export function leftUndoWord(word: string, uuid: string, data: MappingData): string {
  const left = (data.ignoredMyOperator ?? []).filter(leftHits(word));
  const alone = left.length === 1 && left[0]!.uuid === uuid && !data.mappings.some(unmapHits(word)) && !data.ignored.some(ignoredHits(word));
  return alone ? word : uuid;
}
