/**
 * Where in a file JSON.parse stopped, as a person finds it in an editor: a line and a column. One
 * wording for every JSON file the tool reads (map --import, match's exports, the mappings file, the
 * history, the credentials, a saved webhook body).
 */

/**
 * The line and column (both from 1) of `position` (a UTF-16 index, as V8 gives it) in `text`. The
 * column counts characters as Unicode does (code points), as a person counts them and most editors'
 * column does: in UTF-16 units an emoji or any other character beyond U+FFFF is two, and put the
 * column one to the right for each earlier on the line. A \r before the \n ends its own line.
 */
function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  return { line: before.split('\n').length, column: [...before.slice(before.lastIndexOf('\n') + 1)].length + 1 };
}

/**
 * A comma after the last item of a list or the last field of an object, when it is the first thing
 * in `text` that is not JSON. V8 gives no position for one before "]" ("Unexpected token ']', …
 * is not valid JSON", the file's start quoted), and of one before "}" names the "}" as a missing
 * name: a backup edited by hand was said not to be JSON with nothing to find the slip by.
 */
export function trailingComma(text: string): { line: number; column: number; said: string } | undefined {
  const open: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') open.push(c);
    else if (c === ']' || c === '}') open.pop();
    else if (c === ',') {
      let j = i + 1;
      while (j < text.length && ' \t\n\r'.includes(text[j]!)) j++;
      const next = text[j];
      if ((next === ']' && open.at(-1) === '[') || (next === '}' && open.at(-1) === '{'))
        // Only when all before it is JSON: a slip earlier on is the one to name.
        return jsonSoFar(text.slice(0, i + 1)) ? { ...lineColumn(text, i), said: `a comma before ${next}: JSON allows none` } : undefined;
    }
  }
  return undefined;
}

/** Whether `text` is the start of some JSON: JSON.parse fails only at its end. */
function jsonSoFar(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    return /end of JSON input/i.test(message) || (at !== null && Number(at[1]) >= text.length);
  }
}

/**
 * JSON.parse's message, and where in `text` it stopped: its "at position N" (`skipped` is what was
 * cut from the front of `text` before it was parsed), or, of "Unexpected token" (a quote typed
 * as ', an e-mail left unquoted), which gives none, the end of the longest start of `text` that is
 * JSON so far; V8's quote of the text around it is left out, the line and column said instead.
 */
function stoppedAt(message: string, text: string, skipped: number): { message: string; line: number; column: number } | undefined {
  const at = /at position (\d+)/.exec(message);
  if (at) {
    const position = Number(at[1]) + skipped;
    return { message: message.replace(at[0], `at position ${position}`), ...lineColumn(text, position) };
  }
  if (/end of JSON input/i.test(message)) return undefined;
  let [good, bad] = [0, text.length];
  while (good < bad) {
    const mid = Math.ceil((good + bad) / 2);
    if (jsonSoFar(text.slice(0, mid))) good = mid;
    else bad = mid - 1;
  }
  return { message: message.replace(/^(Unexpected token )'(.+?)', .* is not valid JSON$/su, (_, said: string, token: string) => `${said}'${whole(token, text, good)}'`), ...lineColumn(text, good) };
}

/**
 * The character V8 quotes as the unexpected token, whole: it quotes one UTF-16 unit, so of an emoji
 * (a surrogate pair) it quoted half, shown as "<U+D83D>". The token stands at `at` in `text`.
 */
function whole(token: string, text: string, at: number): string {
  if (!/^[\ud800-\udbff]$/.test(token)) return token;
  const ch = String.fromCodePoint(text.codePointAt(at)!);
  return ch.length === 2 && ch[0] === token ? ch : token;
}

/**
 * JSON.parse's message with where a person finds the slip in an editor: the line and column in
 * `text`, or the column alone where the line is named already (a history line, parsed on its own).
 * `skipped` is what was cut from the front of `text` before it was parsed (leading blank lines).
 */
export function whereJsonStopped(message: string, text: string, { skipped = 0, lineNamed = false } = {}): string {
  const where = (p: { line: number; column: number }) => `${lineNamed ? '' : `line ${p.line}, `}column ${p.column}`;
  const comma = trailingComma(text);
  if (comma) return `${where(comma)}: ${comma.said}`;
  const stop = stoppedAt(message, text, skipped);
  return stop ? `${stop.message}: ${where(stop)}` : message;
}
