/**
 * Where a sentence of ours quotes a command in backticks. A remote name or e-mail quoted in the
 * same sentence may hold a backtick of its own ("Suresh `Pillai"): paired with the next backtick,
 * the command's opening one, it made a span of the words between them, and left the command outside
 * one (the terminal broke it over two lines; the CI page set the sentence as code). So a span opens
 * only after the start, a space or "(" and before a non-space (where `opens` says, if given), a
 * later such opening wins over one still open, and it closes after a non-space and before a space,
 * punctuation or the end; every other backtick is text.
 */
export function codeSpans(text: string, opens: (at: number) => boolean = () => true): Array<[open: number, close: number]> {
  const spans: Array<[number, number]> = [];
  let open: number | undefined;
  // The last line break before the backtick at hand and the first after it, each text read once:
  // looked for back from each backtick, through a paragraph of 10,000 commands, took seconds.
  let lineBreak = -1;
  let nextBreak = text.indexOf('\n');
  for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i + 1)) {
    for (; nextBreak >= 0 && nextBreak < i; nextBreak = text.indexOf('\n', nextBreak + 1)) lineBreak = nextBreak;
    // No command runs over a line break: a span still open before one is none.
    if (open !== undefined && lineBreak > open) open = undefined;
    const before = text[i - 1];
    const after = text[i + 1];
    if (open !== undefined && before !== undefined && !/\s/.test(before) && (after === undefined || /[\s.,;:)!?"'\]]/.test(after))) {
      spans.push([open, i]);
      open = undefined;
    } else if ((before === undefined || /[\s(]/.test(before)) && after !== undefined && !/\s/.test(after) && opens(i + 1)) open = i;
  }
  return spans;
}
