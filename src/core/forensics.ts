/**
 * E-mail forensics: why two addresses a person would call "the same" are not byte-equal, told
 * down to the character. PhoneBridge compares e-mails byte for byte, case included, so every
 * difference below is a reason a user does not sync.
 *
 * Confusables come from Unicode's UTS #39 confusables.txt, as packaged by `unhomoglyph`
 * (nodeca); we apply the mapping to non-ASCII characters only, because ASCII look-alikes such
 * as `l`/`1` or `rn`/`m` are different, legitimate addresses.
 */
import { createRequire } from 'node:module';
import { shellWord } from '../io/invocation.js';

export type AnomalyCode = 'whitespace' | 'invisible-character' | 'unicode-normalization' | 'confusable-character';

export interface Anomaly {
  code: AnomalyCode;
  /** 0-based index of the code point in the raw e-mail. */
  index: number;
  char: string;
  /** e.g. `a zero-width space (U+200B)` */
  what: string;
  /** e.g. `at position 5, after "ravi"` */
  where: string;
}

let confusables: Record<string, string> | undefined;
function confusableMap(): Record<string, string> {
  // Loaded on first non-ASCII character only: plain addresses never pay for the 6,000 entries.
  confusables ??= createRequire(import.meta.url)('unhomoglyph/data.json') as Record<string, string>;
  return confusables;
}

const PLAIN_ASCII = /^[\x21-\x7e]*$/;
/** Printable ASCII with inner spaces only (most names and sentences): what `visible` leaves as it is. */
const NOTHING_TO_SHOW = /^(?! )[\x20-\x7e]*(?<! )$/;
// \p{White_Space}, not \s: JavaScript's \s counts the byte-order mark U+FEFF, which is invisible, not space.
const WHITESPACE = /^\p{White_Space}$/u;
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}]$/u;
/**
 * Any text `visible` leaves as it is: no character INVISIBLE or WHITESPACE takes, but for inner
 * spaces. A history's rows hold "↔" and "→": each went character by character through both tests
 * (list history of 100,000 lines, piped, spent about a quarter of its time there).
 */
const NOTHING_HIDDEN = /^(?:[^\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}\p{White_Space}](?:[^\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}\p{White_Space}]| )*(?<! ))?$/u;
const COMBINING = /^\p{M}$/u;

const NAMES: Record<number, string> = {
  0x20: 'a space',
  0x09: 'a tab',
  0x0a: 'a line feed',
  0x0d: 'a carriage return',
  0xa0: 'a no-break space',
  0x1680: 'an Ogham space mark',
  0x2007: 'a figure space',
  0x2009: 'a thin space',
  0x200a: 'a hair space',
  0x202f: 'a narrow no-break space',
  0x205f: 'a medium mathematical space',
  0x3000: 'an ideographic space',
  0x00ad: 'a soft hyphen',
  0x034f: 'a combining grapheme joiner',
  0x061c: 'an Arabic letter mark',
  0x180e: 'a Mongolian vowel separator',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x202a: 'a left-to-right embedding',
  0x202b: 'a right-to-left embedding',
  0x202c: 'a pop directional formatting',
  0x202d: 'a left-to-right override',
  0x202e: 'a right-to-left override',
  0x2060: 'a word joiner',
  0x2066: 'a left-to-right isolate',
  0x2067: 'a right-to-left isolate',
  0x2068: 'a first strong isolate',
  0x2069: 'a pop directional isolate',
  0xfeff: 'a byte-order mark (zero-width no-break space)',
  0x7f: 'a delete control character',
  0x1b: 'an escape control character',
};

const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Cherokee',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Devanagari',
  'Bengali',
  'Tamil',
  'Telugu',
  'Gujarati',
  'Gurmukhi',
  'Kannada',
  'Malayalam',
  'Thai',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Coptic',
  'Lisu',
  'Vai',
  'Canadian_Aboriginal',
  'Tifinagh',
] as const;
const SCRIPT_RES = SCRIPTS.map((s) => [s.replace('_', ' '), new RegExp(`^\\p{Script=${s}}$`, 'u')] as const);

export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function scriptOf(ch: string): string {
  for (const [name, re] of SCRIPT_RES) if (re.test(ch)) return name;
  return 'Common';
}

/** `a zero-width space (U+200B)`, or `"а" (U+0430, Cyrillic)` for a visible character. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const name = NAMES[cp];
  if (name) return `${name} (${codePoint(ch)})`;
  if (INVISIBLE.test(ch)) return `an invisible ${/^\p{Cc}$/u.test(ch) ? 'control' : 'formatting'} character (${codePoint(ch)})`;
  if (WHITESPACE.test(ch)) return `a space character (${codePoint(ch)})`;
  if (COMBINING.test(ch)) return `a combining mark (${codePoint(ch)})`;
  return `"${ch}" (${codePoint(ch)}, ${scriptOf(ch)})`;
}

/**
 * Control, escape and invisible characters, whitespace other than an inner space, and leading or
 * trailing spaces as `<U+XXXX>`: safe to print, and nothing hides.
 */
export function visible(s: string): string {
  if (NOTHING_TO_SHOW.test(s) || NOTHING_HIDDEN.test(s)) return s;
  const chars = [...s];
  let out = '';
  chars.forEach((ch, i) => {
    const edge = i === 0 || i === chars.length - 1;
    out += (ch !== ' ' || edge) && (INVISIBLE.test(ch) || WHITESPACE.test(ch)) ? `<${codePoint(ch)}>` : ch;
  });
  return out;
}

/**
 * A value from a remote or the user (an id, an extension, a date) as a word of a command to paste:
 * control and invisible characters shown as <U+XXXX>, never raw, then quoted for the shell, so an
 * id such as `1; rm -rf ~` is one argument when pasted, not a second command.
 */
export function pastable(s: string): string {
  return shellWord(visible(s));
}

/**
 * `visible`, and every anomaly an e-mail carries (look-alike and compatibility characters too) as
 * `<U+XXXX>`: for showing an address that will be written or compared, where a Cyrillic "а" must
 * not pass for a Latin one.
 */
export function reveal(email: string): string {
  if (PLAIN_ASCII.test(email)) return visible(email);
  const chars = [...email];
  const at = new Set(anomalousIndices(chars));
  if (at.size === 0) return visible(email);
  return visible(chars.map((ch, i) => (at.has(i) ? `<${codePoint(ch)}>` : ch)).join(''));
}

function isDropped(ch: string): boolean {
  return WHITESPACE.test(ch) || INVISIBLE.test(ch);
}

/** Map non-ASCII look-alikes to their UTS #39 prototype; ASCII is left alone. */
function unconfuse(s: string): string {
  let out = '';
  for (const ch of s) out += ch.charCodeAt(0) > 0x7f ? (confusableMap()[ch] ?? ch) : ch;
  return out;
}

/**
 * The address with every invisible difference removed: no whitespace or invisible characters,
 * NFKC, look-alikes mapped, case kept. Two e-mails with equal `cleanEmail` differ only by those.
 */
export function cleanEmail(email: string): string {
  if (PLAIN_ASCII.test(email)) return email;
  let s = '';
  for (const ch of email) if (!isDropped(ch)) s += ch;
  return unconfuse(s.normalize('NFKC')).normalize('NFC');
}

/** The key under which e-mails a person would call the same address collide (case folded). */
export function emailKey(email: string): string {
  if (PLAIN_ASCII.test(email)) return email.toLowerCase();
  // Lower-case before and after: the confusable table maps some capitals to other letters' forms.
  return unconfuse(cleanEmail(email).toLowerCase()).toLowerCase();
}

/** Where the `run` characters from `i` are; a run starts at its position. */
function whereIs(chars: string[], i: number, run = 1): string {
  // Revealed: an earlier look-alike in the quoted context would pass for the letter it mimics.
  const before = (i > 24 ? '…' : '') + reveal(chars.slice(Math.max(0, i - 24), i).join(''));
  if (i === 0) return 'at the start';
  const pos = `${run > 1 ? 'from' : 'at'} position ${i + 1}`;
  if (i + run === chars.length) return `at the end (${pos}), after "${before}"`;
  return `${pos}, after "${before}"`;
}

/** What is wrong with one character, without words: `what` builds the words only for those described. */
interface Finding {
  code: AnomalyCode;
  what: () => string;
}

function classify(chars: string[], i: number): Finding | undefined {
  const ch = chars[i]!;
  if (INVISIBLE.test(ch) && !WHITESPACE.test(ch)) return { code: 'invisible-character', what: () => describeChar(ch) };
  if (WHITESPACE.test(ch)) return { code: 'whitespace', what: () => describeChar(ch) };
  if (COMBINING.test(ch) && i > 0 && (chars[i - 1]! + ch).normalize('NFC').length < chars[i - 1]!.length + ch.length) {
    const composed = (chars[i - 1]! + ch).normalize('NFC');
    return {
      code: 'unicode-normalization',
      what: () => `a decomposed "${composed}" ("${chars[i - 1]}" + ${describeChar(ch)}, NFD) where the usual form is the single character ${codePoint(composed)} (NFC)`,
    };
  }
  if (ch.normalize('NFKC') !== ch) {
    const fullWidth = /^[\uff01-\uff5e]$/.test(ch) ? 'full-width' : 'compatibility';
    return { code: 'unicode-normalization', what: () => `a ${fullWidth} ${describeChar(ch)} that NFKC turns into "${ch.normalize('NFKC')}"` };
  }
  if (ch.charCodeAt(0) > 0x7f) {
    const lower = ch.toLowerCase();
    const proto = confusableMap()[ch] ?? confusableMap()[lower];
    if (proto !== undefined && proto !== ch && proto !== lower && /^[\x21-\x7e]+$/.test(proto))
      return { code: 'confusable-character', what: () => `${describeChar(ch)}, which looks like Latin "${ch === lower ? proto.toLowerCase() : proto}"` };
  }
  return undefined;
}

/** The index of every character `findAnomalies` would name: what `reveal` writes as <U+XXXX>. */
function anomalousIndices(chars: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < chars.length; i++) if (classify(chars, i)) out.push(i);
  return out;
}

/**
 * Anomalies described one by one up to this many; the rest in one line. A remote e-mail of a
 * million zero-width spaces made a million sentences, each quoting its place: 4 GB, then out of memory.
 */
const MAX_DESCRIBED = 20;

/**
 * Every character of an e-mail that stops a byte-exact match with its clean form. The same
 * character repeated is one anomaly ("…, 3 times in a row"); past MAX_DESCRIBED, one more says
 * how many are left.
 */
export function findAnomalies(email: string): Anomaly[] {
  if (PLAIN_ASCII.test(email)) return [];
  const chars = [...email];
  const out: Anomaly[] = [];
  for (let i = 0; i < chars.length; ) {
    const found = classify(chars, i);
    if (!found) {
      i++;
      continue;
    }
    let run = 1;
    while (i + run < chars.length && chars[i + run] === chars[i] && classify(chars, i + run)?.code === found.code) run++;
    if (out.length === MAX_DESCRIBED) {
      const rest = anomalousIndices(chars.slice(i)).length;
      out.push({ code: found.code, index: i, char: chars[i]!, what: `${rest.toLocaleString('en')} more characters like these (each shown as <U+XXXX> in the address)`, where: `from position ${i + 1}` });
      break;
    }
    const what = run === 1 ? found.what() : `${found.what()}, ${run.toLocaleString('en')} times in a row,`;
    out.push({ code: found.code, index: i, char: chars[i]!, what, where: whereIs(chars, i, run) });
    i += run;
  }
  return out;
}

/** Two characters at one place of two e-mails that fold together, neither named by an anomaly. */
export interface LookAlike {
  /** 1-based, in the address without its invisible characters and in NFKC. */
  position: number;
  a: string;
  b: string;
}

/** The address as it reads: whitespace and invisible characters dropped, NFKC, look-alikes kept. */
function settled(email: string): string {
  let s = '';
  for (const ch of email) if (!isDropped(ch)) s += ch;
  return s.normalize('NFKC');
}

/**
 * Look-alikes outside ASCII ("ě" and "ĕ", "·" and "ꞏ") fold to one key, but neither passes for a
 * Latin letter, so no anomaly of either side names them: where two e-mails with the same key still
 * differ once invisible, compatibility and letter-case differences are set aside. Where the two
 * differ in length (a look-alike of several characters), places after the first no longer line
 * up, so only the first is given. The first `keep` of them, and how many there are: a remote
 * e-mail of a million look-alikes makes one sentence, not a million objects.
 */
export function lookAlikes(a: string, b: string, keep = 4): { first: LookAlike[]; count: number } {
  const first: LookAlike[] = [];
  let count = 0;
  if (PLAIN_ASCII.test(a) && PLAIN_ASCII.test(b)) return { first, count };
  const ca = [...settled(a)];
  const cb = [...settled(b)];
  // Per character, once (its lower case, and whether a finding names it as a look-alike): an
  // address is a few distinct characters, however long.
  const seen = new Map<string, { lower: string; named: boolean }>();
  const about = (ch: string) => {
    let it = seen.get(ch);
    if (!it) seen.set(ch, (it = { lower: ch.toLowerCase(), named: classify([ch], 0)?.code === 'confusable-character' }));
    return it;
  };
  for (let i = 0; i < ca.length && i < cb.length; i++) {
    if (ca[i] === cb[i]) continue;
    const x = about(ca[i]!);
    const y = about(cb[i]!);
    if (x.lower === y.lower) continue;
    if (!x.named && !y.named && count++ < keep) first.push({ position: i + 1, a: ca[i]!, b: cb[i]! });
    if (ca.length !== cb.length) break;
  }
  return { first, count };
}

export interface CaseDifference {
  /** 1-based positions in the clean address. */
  positions: number[];
  /** The letters as each side has them, e.g. ["R", "r"]. */
  pairs: Array<[string, string]>;
  /** Which side has the capital letters. */
  upperSide: 'a' | 'b' | 'both';
}

/** Where two e-mails with the same key differ only in letter case, once cleaned. */
export function caseDifference(a: string, b: string): CaseDifference | null {
  const ca = [...cleanEmail(a)];
  const cb = [...cleanEmail(b)];
  if (ca.length !== cb.length) return null;
  const positions: number[] = [];
  const pairs: Array<[string, string]> = [];
  let upperA = false;
  let upperB = false;
  ca.forEach((x, i) => {
    const y = cb[i]!;
    if (x !== y && x.toLowerCase() === y.toLowerCase()) {
      positions.push(i + 1);
      pairs.push([x, y]);
      if (x !== x.toLowerCase()) upperA = true;
      if (y !== y.toLowerCase()) upperB = true;
    }
  });
  if (positions.length === 0) return null;
  return { positions, pairs, upperSide: upperA && upperB ? 'both' : upperA ? 'a' : 'b' };
}
