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
  for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i + 1)) {
    // No command runs over a line break: a span still open before one is none.
    if (open !== undefined && text.lastIndexOf('\n', i) > open) open = undefined;
    const before = text[i - 1];
    const after = text[i + 1];
    if (open !== undefined && before !== undefined && !/\s/.test(before) && (after === undefined || /[\s.,;:)!?"'\]]/.test(after))) {
      spans.push([open, i]);
      open = undefined;
    } else if ((before === undefined || /[\s(]/.test(before)) && after !== undefined && !/\s/.test(after) && opens(i + 1)) open = i;
  }
  return spans;
}
