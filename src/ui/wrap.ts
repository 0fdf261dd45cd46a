/**
 * Word-wrap for a person's terminal, with a hanging indent: lines break at spaces, so an e-mail
 * (which has none) stays whole on a line whenever the screen holds it; one wider than the screen
 * breaks before its "@" (else after a "."), every character shown, rather than where the
 * terminal's edge falls. Off a terminal nothing is wrapped: programs get one line per line.
 */
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { breakWord, displayWidth } from './break-word.js';
import { codeSpans } from './code-spans.js';

/**
 * Prose fitted to a terminal: each line broken between words at `columns`, its own indent kept; a
 * word wider than the screen (a long e-mail) goes on lines of its own, broken where an address
 * reads best. In a `list` (the caller says so), a "- " bullet's lines go on under its text, not its
 * dash: wrapped under the dash, the items read as one paragraph. Never guessed from the text: a
 * sentence that begins with a path given or a remote name "- …" was hung as a bullet, and the
 * spaces after its dash dropped. Narrower than MIN_COLUMNS, or unknown, the text is left as it is.
 */
export function prose(text: string, columns: number | undefined, list = false): string {
  if (!columns || columns < MIN_COLUMNS) return text;
  return text
    .split('\n')
    .map((line) => {
      const lead = line.slice(0, line.length - line.trimStart().length);
      if (lead.length * 2 > columns) return line;
      const rest = line.slice(lead.length);
      return list && rest.startsWith('- ') ? wrapIndented(rest.slice(2), columns, `${lead}  `, `${lead}- `) : wrapIndented(rest, columns, lead, lead);
    })
    .join('\n');
}

/**
 * Below this, a screen holds too few words a line for breaking to help: the terminal's own wrap is
 * left to do it. A phone's SSH client at 30 to 40 columns still gets whole words.
 */
const MIN_COLUMNS = 20;

/**
 * One line of text broken between words at `columns`: `first` leads the first line, `indent` the
 * others. A hanging indent of more than half the screen would leave a column of single words, so
 * on such a screen the lines it wraps to start at the margin instead.
 */
export function wrapIndented(text: string, columns: number | undefined, indent: string, first = ''): string {
  if (!columns || columns < MIN_COLUMNS) return first + text;
  if (indent.length * 2 > columns) indent = '';
  const width = columns - indent.length;
  // The first line has `extra` columns fewer than the rest, and wrap-ansi takes one width for all:
  // a stand-in glued to the first word holds those columns while it breaks the lines, then goes.
  const extra = Math.max(0, stripVTControlCharacters(first).length - indent.length);
  // A line that fits as it is comes back as it is: the map picker fits a label for each of 10,000
  // MyOperator users at every key typed, and wrap-ansi took ~0.6 s of that (12 are shown).
  // (Composed as wrap-ansi composes it: NFC.)
  if (fitsAsItIs(text, width - extra)) return first + text.normalize();
  const fit = (words: string, used = extra) => wrapAnsi('x'.repeat(used) + words, width, { hard: false, trim: true }).slice(used);
  const gluesMore = text.includes('`') || EXT.test(text) || TIME.test(text) || text.includes(ARROW);
  // Glue sends wrap-ansi down its slow path (it is not ASCII): 3,000 lines of 8 quantities each took
  // 454 ms, 19 ms unglued. Greedy breaking glued or not differs only where a line breaks inside a
  // glued word, so quantities alone are glued only when the plain wrap broke inside one.
  const plain = !gluesMore && UNIT.test(text) ? fit(text) : undefined;
  const glue = (gluesMore || (plain !== undefined && UNIT_BROKEN.test(plain))) && !text.includes(GLUE);
  const glued = glue ? keepArrowsBehind(keepTimesWhole(keepUnitsWhole(keepExtensionsWhole(keepCommandsWhole(text), width)), width), width) : text;
  // A word that opens the text (a command, a time, an e-mail), too wide beside the label but not on
  // a line of its own, starts that line: wrap-ansi keeps a first word on the first line, and "fix:
  // `… fix --only \" left "12`" alone below it, a command broken that fitted the screen whole.
  const opening = extra > 0 ? /^[^ \n]*/.exec(glued)![0] : '';
  if (opening && stringWidth(opening) > width - extra && stringWidth(opening) <= width)
    return `${first.trimEnd()}\n${indent}${wrapIndented(text, columns, indent, '')}`;
  // A command on lines of its own, filled as full as they hold. laid() weighs a long command's two
  // layouts (pairedUnlessLonger) by the text up to the next one's lines, and counts those lines only:
  // keeping each option with its value never takes fewer. (Weighed over the whole text, and past 4
  // commands each by its own lines, a paragraph of 400 took 110 s, and the first of 5 `fix --only`
  // at 80 columns parted "--config-dir \\" from its path.) broken() meets no such command: laid()
  // takes out each wider than a line, and the return above the one too wide beside the label.
  const ownLines = (word: string, room: number): readonly string[] => commandLines(word, room, width, false).lines;
  // wrap-ansi leaves a word wider than the room whole, for the terminal to cut at its edge (an
  // e-mail given to `map` or `fix --only`, echoed in quotes: "…@acmetraders.in" and '"' below, at
  // the margin). A command is broken between its arguments instead (a time is no command: never
  // given a " \\"), any other word where an address reads best (before its "@", after a "."), as
  // a table breaks it, under the indent; one with colours in it is left as it was.
  // The words after one broken where an address reads best go on beside its last piece when the
  // next fits there, as after any word: "testing@example-company.co.in" was followed by a line break
  // and "will never be mapped." below it, with room for "will never" beside it.
  const broken = (wrapped: string, used: number): string[] => {
    const lines = wrapped.split('\n');
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const room = width - (i === 0 ? used : 0);
      if (line.includes(' ') || stringWidth(line) <= room) out.push(line);
      else if (glue && line.includes('`') && line.includes(GLUE)) append(out, ownLines(line, room), false);
      else if (line.includes(GLUE) || line.includes('\x1b')) out.push(line);
      else {
        const pieces = breakWord(line, width, room);
        // The words after it, up to the next word wider than a line: wrap-ansi starts that one on a
        // line of its own whatever comes before it, so the lines from there on stay as they are. Taken
        // to the end, each such word wrapped all the text after it again: a paragraph of 800 long
        // e-mails at 40 columns took 1.3 s, 5 times what 400 took.
        let until = i + 1;
        while (until < lines.length && (lines[until]!.includes(' ') || stringWidth(lines[until]!) <= width)) until++;
        const tail = lines.slice(i + 1, until).join(' ');
        const taken = (i === 0 && pieces.length === 1 ? used : 0) + stringWidth(pieces.at(-1)!);
        const next = /^[^ \n]*/.exec(tail)![0];
        // Unglued, a number and its unit the wrap parted would stay parted (their glue is only for a
        // text whose plain wrap parts one): there the words go on below, as before.
        const beside = tail && stringWidth(next) <= width - taken - 1 ? fit(tail, taken + 1) : undefined;
        append(out, pieces, false);
        if (beside === undefined || (!glue && UNIT_BROKEN.test(beside))) continue;
        // Added a line at a time: spread into one call (push(...lines)), the 150,000 lines of a
        // paragraph after one such word at 20 columns overflowed the stack.
        append(out, broken(beside, taken + 1), true);
        i = until - 1;
      }
    }
    return out;
  };
  // A command wider than a line of its own starts beside the words before it and the words after it
  // go on beside its end, as they would after any word: wrapped by wrap-ansi, it began a line of its
  // own ("fix:" alone above it) and so did what followed ("then" alone between two commands).
  // One command at a time, in a loop that reads on from where the last one ended: called again for
  // the text after each command, a paragraph of 4,000 long commands (doctor's `map --unmap` for each
  // pair whose Zoho user was deleted) overflowed the stack, and 3,000 took 3.3 s copying what was left.
  const laid = (words: string, used: number): string[] => {
    const out: string[] = [];
    // The first command wider than a line from `from` on, and the words before it (all, if none).
    const nextLong = (from: number) =>
      words.indexOf('`', from) < 0 ? undefined : firstMatch(wordsFrom(words, from), ([w]) => w.includes('`') && w.includes(GLUE) && stringWidth(w) > width);
    const headOf = (from: number, long: RegExpExecArray | undefined) => (long ? words.slice(from, long.index).replace(/ +$/, '') : words.slice(from));
    // The columns taken on the last of `so` (laid from `used` on its first), and what is left beside them (after a space).
    const taken = (so: readonly string[], used: number) => (so.length <= 1 ? used : 0) + stringWidth(so.at(-1) ?? '');
    const beside = (so: readonly string[], used: number) => width - taken(so, used) - (so.at(-1) ? 1 : 0);
    // Where a command goes after the lines of the words before it: beside them only with an argument
    // after the program's name ("(`phonebridge-sync \\" ending a line hid where the command starts).
    const placed = (word: string, lines: readonly string[], head: string, used: number) => {
      const named = argumentsOf(word).slice(0, 2).join(GLUE);
      const goesBeside = head !== '' && stringWidth(`${named}${GLUE}\\`) <= beside(lines, used);
      return { goesBeside, room: !head ? width - used : goesBeside ? beside(lines, used) : width };
    };
    let long = nextLong(0);
    let head = headOf(0, long);
    // The lines of `head`, laid from `used` columns on the line they start on, beside the last line
    // so far when `joins` (else below it).
    let lines = head ? broken(fit(head, used), used) : [];
    let joins = false;
    while (long) {
      const { goesBeside, room } = placed(long[0], lines, head, used);
      let from = long.index + long[0].length;
      while (words[from] === ' ') from++;
      const ends = from >= words.length;
      const after = ends ? undefined : nextLong(from);
      const rest = ends ? '' : headOf(from, after);
      // The lines with the command laid out one way, then the words after it, beside its end when
      // the first of them fits there; and what that way is weighed by (`upTo`): those lines and the
      // next such command's, as few as it takes, as its place and its room hang on where the words
      // before it end.
      const withCommand = (command: readonly string[]) => {
        const so = append([...lines], command, goesBeside);
        if (ends) return { so, joins: false, used: 0, next: [], upTo: so };
        const word = /[^ \n]*/y;
        word.lastIndex = from;
        const joins = stringWidth(word.exec(words)![0]) <= beside(so, used);
        const at = joins ? taken(so, used) + 1 : 0;
        const next = rest ? broken(fit(rest, at), at) : [];
        const upTo = append([...so], next, joins && next.length > 0);
        if (after) {
          const then = placed(after[0], next, rest, at);
          append(upTo, ownLines(after[0], then.room), then.goesBeside);
        }
        return { so, joins, used: at, next, upTo };
      };
      const paired = commandLines(long[0], room, width, true);
      let way = withCommand(paired.lines);
      if (paired.moved) {
        const filled = withCommand(commandLines(long[0], room, width, false).lines);
        if (pairedUnlessLonger(way.upTo, filled.upTo) === filled.upTo) way = filled;
      }
      append(out, way.so, joins);
      if (ends) return out;
      ({ joins, used, next: lines } = way);
      [long, head] = [after, rest];
    }
    append(out, lines, joins);
    return out;
  };
  const said = (glue ? laid(glued, extra) : broken(plain ?? fit(text), extra)).join(`\n${indent}`);
  return first + (glue ? said.replaceAll(GLUE, ' ') : said);
}

/** `more` after `lines` (in place), its first line beside their last (after a space) when `joins`; a line at a time, as a paragraph's lines outnumber the arguments a call holds. */
function append(lines: string[], more: readonly string[], joins: boolean): string[] {
  let i = 0;
  if (joins) lines.push(besides(lines.pop()!, more[i++] ?? ''));
  for (; i < more.length; i++) lines.push(more[i]!);
  return lines;
}
function besides(line: string, more: string): string {
  return line && more ? `${line} ${more}` : line || more;
}

/**
 * Of the two layouts of a text with a command broken over lines (commandLines' `pairs`), the one a
 * person reads: each option kept with its value, unless that costs a line (the words after the
 * command pushed down), where its lines are filled as full as they hold. The one rule for prose and
 * a table's cell. A line made wider is no cost: both stay within the screen (or the cell), and prose
 * weighing it too parted "--config-dir \\" from "/tmp/…/cfg" to save a few columns of one line.
 */
export function pairedUnlessLonger(paired: readonly string[], filled: readonly string[]): readonly string[] {
  return filled.length < paired.length ? filled : paired;
}

/**
 * The first word that `is`, read no further: laid() looks again in what follows each command it
 * finds, and listing every word each time made a paragraph of 1,600 long commands take 2.8 s.
 */
function firstMatch(words: Iterable<RegExpExecArray>, is: (word: RegExpExecArray) => boolean): RegExpExecArray | undefined {
  for (const word of words) if (is(word)) return word;
  return undefined;
}
/** The words of `text` from `from` on, with their index in the whole text: read where they are, not from a copy of the rest. */
function wordsFrom(text: string, from: number): IterableIterator<RegExpExecArray> {
  const word = /[^ \n]+/g;
  word.lastIndex = from;
  return text.matchAll(word);
}

/**
 * One line of plain text, no wider than `width`, with nothing for wrap-ansi's trim to take: no
 * space at either end, no control character, no character of no width (wrap-ansi trims around one).
 */
function fitsAsItIs(text: string, width: number): boolean {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length <= width && text === text.trim();
  if (text.length > width * 2 || /^\s|\s$|[\x00-\x1f\x7f-\x9f\p{Mn}\p{Me}\p{Cf}]/u.test(text)) return false;
  // Latin letters, dashes, arrows, "·" and "★" (every label of the picker) are one column each:
  // string-width, which segments the text, was most of the time the picker took at a key.
  return (NARROW.test(text) ? text.length : stringWidth(text)) <= width;
}
const NARROW = /^[\x20-\x7e\u00a0-\u024f\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2605\u2606]*$/;

/**
 * A command in backticks is one word to the wrapper: pasted, a command broken over two lines runs
 * its first half (`fix` without its `--only 12` plans everyone's change). Too long for the screen,
 * it breaks between its arguments with a trailing " \\" (commandLines), as --help's examples do:
 * left to the terminal's wrap, it was cut inside an id, and a copy of the screen's lines (a pager,
 * a terminal that does not join wrapped lines) ran `fix --only s5f3a3c0` and then `69b23`.
 * The glue is a private-use character, taken out after wrapping; a text that holds one itself
 * (never a remote one: visible() writes those as <U+E000>) is wrapped without glue.
 */
export const GLUE = '\ue000';
export function keepCommandsWhole(text: string): string {
  let out = '';
  let from = 0;
  for (const [open, close] of codeSpans(text)) {
    out += text.slice(from, open) + text.slice(open, close + 1).replaceAll(' ', GLUE);
    from = close + 1;
  }
  return out + text.slice(from);
}

/**
 * A glued command (keepCommandsWhole) wider than the room, in lines broken only between its
 * arguments, each but the last ending in " \\" so the shell reads them as one line when pasted;
 * the lines after the first start with two spaces. `first` is the room on the first line, `rest`
 * on the others. An argument wider than the room stays whole (a long path): nothing is put inside one.
 * With `pairs`, an option goes down with its value wherever the pair fits a line, as a person breaks
 * a command, and `moved` says whether that moved one; without, its lines are filled as full as they
 * hold ("`phonebridge-sync … fix --only \\" and "10`" alone below it). Not weighed here by the
 * command's own lines: one more of them costs nothing when the words after it go on beside its end,
 * and Front Desk's cure at 80 columns parted "--config-dir \\" from its path so. The caller weighs
 * the text its layout moves (pairedUnlessLonger, over the whole text or a table's cell), and only when `moved`.
 */
export function commandLines(word: string, first: number, rest: number, pairs: boolean): { lines: string[]; moved: boolean } {
  const args = argumentsOf(word);
  // The glue is one column, as a space: read as one, a line of ASCII skips string-width, which
  // segmented each line again at every argument and took most of the time a broken command took.
  const widthOf = (line: string) => displayWidth(line.replaceAll(GLUE, ' '));
  const lines: string[] = [];
  let line = '';
  let moved = false;
  for (const [i, arg] of args.entries()) {
    const room = lines.length === 0 ? first : rest;
    const more = i < args.length - 1 ? `${GLUE}\\` : '';
    if (line && line !== CONTINUED && widthOf(`${line}${GLUE}${arg}${more}`) > room) {
      const option = args[i - 1]!;
      const before = line.slice(0, line.length - option.length - 1);
      // Its option moves down only when the value is one (no dash), it fits there with it, and what
      // stays keeps a word (an argument after the program's name, on the first line).
      const moves =
        pairs &&
        OPTION.test(option) &&
        !arg.startsWith('-') &&
        line.endsWith(`${GLUE}${option}`) &&
        before !== CONTINUED &&
        (lines.length > 0 || argumentsOf(before).length > 1) &&
        widthOf(`${CONTINUED}${option}${GLUE}${arg}${more}`) <= rest;
      lines.push(`${moves ? before : line}${GLUE}\\`);
      line = moves ? `${CONTINUED}${option}` : CONTINUED;
      moved ||= moves;
    }
    line = line && line !== CONTINUED ? `${line}${GLUE}${arg}` : `${line}${arg}`;
  }
  lines.push(line);
  return { lines, moved };
}
/**
 * An argument that reads as an option ("--only", "-o"; not "--only=10", which holds its value). A
 * flag before a word not its value (`--sandbox fix`) is kept with it too: the two still fit a line.
 */
const OPTION = /^--?[A-Za-z][\w-]*$/;
/**
 * A glued command's arguments as the shell reads them: split at the glue outside quotes only. A
 * space inside '…' (shellWord's quoting of `--config-dir '/srv/phone bridge'`) belongs to its
 * argument, and " \\" and a line break there are two more characters of it, not a continuation:
 * pasted, the command named a config dir that does not exist. A placeholder's space (`--zoho <zoho
 * e-mail>`) belongs to it too: the value the admin types in its place is one argument.
 */
function argumentsOf(word: string): string[] {
  const args: string[] = [];
  let arg = '';
  // The character that ends the quote we are in, and whether a backslash escapes there ($'…', "…").
  let close: string | undefined;
  let escapes = false;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (ch === GLUE && close === undefined) {
      args.push(arg);
      arg = '';
      continue;
    }
    arg += ch;
    if (close !== undefined && !escapes) {
      if (ch === close) close = undefined;
    } else if (ch === '\\') arg += word[++i] ?? '';
    else if (close !== undefined) {
      if (ch === close) close = undefined;
    } else if (ch === "'" || ch === '"') {
      close = ch;
      escapes = ch === '"' || word[i - 1] === '$';
    } else if (ch === '<' && arg === '<') {
      close = '>';
      escapes = false;
    }
  }
  args.push(arg);
  return args;
}

/** How a command's continued line starts: a space glued to a space, so no wrapper takes it for a break. */
const CONTINUED = `${GLUE}${GLUE}`;

/**
 * "(ext 12)" is one word to the wrapper too: list history at 80 columns ended a line on "(ext" and
 * began the next with "15)", the number parted from what it numbers; so is the map picker's
 * "· ext 22" (at 60 columns "ext" ended a line, "22 (100%: …" began the next). The one rule for
 * prose and a table's cell, `join` holding the two as for an arrow (arrowsBehind): match's why at
 * 120 columns ended a cell's line on "Arjun Malhotra (ext" and began the next with "22)'s". Not
 * where the two would be wider than a line: there they break at their space, as other words do.
 * The forms the program writes "ext" in, and only those (a sentence of a person's, "call the ext
 * 100", breaks as it would): "(ext 22", "· ext 22", after a comma ("(s5f3adc249b2d, ext 22)", map's
 * line ended on "ext" at 105 columns; "Asha Rao, ext 11"), and "MyOperator ext 14" or "MyOperator
 * user ext 14" (fix's conflicts, map's seat with no e-mail).
 */
const EXT = /\((?:ext|id) |(?:[·,]|\bMyOperator|\buser) ext /;
/** The word before a lone "ext" in those forms. */
const BEFORE_EXT = /(?:[·,]|^MyOperator|^user)$/;
/** The number after "ext" as the sentences write it: "22", "22)'s", "23," ("(ext 23, switched off)"). */
const EXT_NUMBER = /^[^\s()]+(?:[),]|$)/;
/**
 * An id as reasons.ts asRecorded writes it, "(id …)" or "(ext 31, id …)", goes with "id" too: map
 * --unmap's line ended a line on "(id" at 80 columns and on "(ext 31, id" at 120.
 */
const isLabel = (label: string, before: string | undefined, beforeThat: string | undefined) =>
  label.endsWith('(ext') || label.endsWith('(id') || (label === 'ext' && BEFORE_EXT.test(before ?? '')) || (label === 'id' && /,$/.test(before ?? '') && /\(ext$/.test(beforeThat ?? ''));
export function extensionsWhole(words: readonly string[], width: number, join: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const ext = words[i - 1];
    const numbers = ext !== undefined && out.at(-1) === ext && isLabel(ext, words[i - 2], words[i - 3]) && EXT_NUMBER.test(word);
    if (numbers && displayWidth(ext) + 1 + displayWidth(word) <= width) out[out.length - 1] = `${ext}${join}${word}`;
    else out.push(word);
  }
  return out;
}
function keepExtensionsWhole(text: string, width: number): string {
  return gluedInLines(text, (words) => extensionsWhole(words, width, GLUE));
}
/** `text` with each of its lines' words (split at its spaces) glued by `glue`, a rule a table's cell shares with prose. */
function gluedInLines(text: string, glue: (words: string[]) => string[]): string {
  return text
    .split('\n')
    .map((line) => glue(line.split(' ')).join(' '))
    .join('\n');
}

/**
 * A number and its unit are one word too, as "ext 22" is: doctor's myoperator-api at 80 columns
 * ended a line on "lists no users (22" and began the next with "ms)". The units the sentences use
 * for a wait or a time taken (duration-words' "300 ms", "25 s"; "10 minutes").
 */
// The unit ends its word, as a sentence ends one ("600 s," "(22 ms)" "90 s."): "12 s.kumar@…" is a
// number and an e-mail, and glued into one word it was never broken, cut at the terminal's edge.
const numberAndUnit = (between: string) => new RegExp(`\\b\\d+${between}(?:ms|s|seconds?|minutes?|hours?|days?)(?=$|[\\s),;:!?]|\\.(?:\\s|$))`);
const UNIT = numberAndUnit(' ');
/** A quantity a line break parted, as wrap-ansi breaks a line: where its space was. */
const UNIT_BROKEN = numberAndUnit('\n');
function keepUnitsWhole(text: string): string {
  return text.replace(new RegExp(UNIT.source, 'g'), (quantity) => quantity.replace(' ', GLUE));
}

/**
 * A time as the tool says it (core/utc-time), "2026-12-06 15:12:50 UTC" or "15:06 UTC", is one word
 * too: broken after its date, the clock below no longer read as the time a `list history` row shows.
 * So is one with an offset, as a --since refusal offers one to paste ("2026-11-01 00:00 +05:30"):
 * broken, its zone stood below, outside the quotes; and a date-time in quotes with no zone, as the
 * hint under every --since refusal gives one ("2026-11-01 09:30"). Not on a screen narrower than
 * the time, where it breaks at its spaces as other words do.
 */
const TIME = /(?:\d{4}-\d\d-\d\d )?\d\d:\d\d(?::\d\d)?(?: UTC| ?[+-]\d\d:?\d\d)\b|"\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d(?:\.\d+)?)?"/;
function keepTimesWhole(text: string, width: number): string {
  return text.replace(new RegExp(TIME.source, 'g'), (time) => (time.length > width ? time : time.replaceAll(' ', GLUE)));
}

/**
 * A panel path's arrow goes with the step before it ("Manage → Users →" ending a line): at 80
 * columns doctor --calls began a line with "→ e-mail), as each agent", which read as a list's
 * mark, and left the path's last step looking like a sentence of its own; a table's why cell began
 * a line with "→ Users", the path's last step cut off. Joined to the word before it, not the one
 * after: a line may end "Users →", as the path goes on below. Not where the two would be wider than
 * a line (a long e-mail list history quotes): that word still breaks. The one rule for prose and a
 * table's cell; `join` is what holds the two: the glue in prose (wrap-ansi breaks at any space), a
 * space in a cell, which fills its own words (the glue marks a command there).
 */
const ARROW = '→';
export function arrowsBehind(words: string[], width: number, join: string): string[] {
  if (!words.includes(ARROW)) return words;
  const out: string[] = [];
  for (const word of words) {
    const behind = out.at(-1);
    if (word === ARROW && behind && displayWidth(behind) + 2 <= width) out[out.length - 1] = `${behind}${join}${ARROW}`;
    else out.push(word);
  }
  return out;
}
function keepArrowsBehind(text: string, width: number): string {
  return gluedInLines(text, (words) => arrowsBehind(words, width, GLUE));
}
