/**
 * A module of its own: map.ts imports it, and option-values.ts (whose commander import must stay in
 * the entry chunk with cli.ts) says the same of a value left out at the end of the line.
 *
 * What each of map's `<user>` options takes, as its --help says it: a Zoho user has no extension,
 * and one sentence for all four ("a MyOperator user by extension too") offered --zoho one. map.ts
 * says the same of an empty value.
 */
export const USER_TAKES = {
  zoho: "the Zoho user's id, zuid or e-mail",
  ignore: "the Zoho user's id, zuid or e-mail",
  myoperator: "the MyOperator user's uuid, user id, extension or e-mail",
  ignoreMyoperator: "the MyOperator user's uuid, user id, extension or e-mail",
  unmap: "an id, e-mail or extension of either side's user",
} as const;
