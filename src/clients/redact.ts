/**
 * One place that knows the secrets of this run. Every credential is registered when it is read,
 * and everything printed (traces, errors, the top-level handler) goes through `redact`, so a
 * token cannot leak through a URL, an echoed request or an error message.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  // A remote that echoes our request (a form body, a URL) shows the secret encoded.
  for (const v of [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]) secrets.add(v);
}

/** A secret-named parameter in a URL or a form body (`a=1&refresh_token=…`), wherever it starts. */
const SECRET_PARAMS = /(\b(?:token|access_token|refresh_token|client_secret|code|secret_token)=)[^&#\s)"']*/gi;
/** The same names as JSON fields, when a remote echoes a JSON body. */
const SECRET_FIELDS = /("(?:access_token|refresh_token|client_secret|token)"\s*:\s*")[^"]*/gi;

/** A user and password in a URL (`http://user:pass@proxy/`): a base-URL override may carry one. */
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@?#]*@/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1<redacted>').replace(USERINFO, '$1<redacted>@');
}

export function redact(text: string): string {
  let out = redactUrl(text).replace(SECRET_FIELDS, '$1<redacted>');
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('<redacted>');
  return out;
}

/**
 * Text fit for a terminal: redacted, and control, BiDi and zero-width characters shown as <U+XXXX>
 * (newlines kept), so a remote string quoted in a message can neither leak a secret nor drive the
 * terminal.
 */
export function printable(text: string): string {
  return redact(text).replace(
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/** Options whose value is a secret: the word after them is not repeated in a sentence (it may be the secret). */
export const SECRET = new Set(['--token', '--client-secret', '--grant-token', '--refresh-token']);

/**
 * What stands for an option's value wherever a hint writes a command out: the option's own name
 * (`--client-secret <client-secret>`), so it reads as that option's value. One rule for every
 * option: a client secret was "<secret>" in login's hint, "<client-secret>" in a command repeated
 * and "<client secret>" in the login a refused token names; beside the secrets, --client-id's and
 * --dc's were "<client id>" and "<data centre>".
 */
export const optionPlaceholder = (flag: string): string => `<${flag.replace(/^--/, '')}>`;
