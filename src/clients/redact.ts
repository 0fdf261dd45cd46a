/**
 * One place that knows the secrets of this run. Every credential is registered when it is read,
 * and everything printed (traces, errors, the top-level handler) goes through `redact`, so a
 * token cannot leak through a URL, an echoed request or an error message.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

const SECRET_PARAMS = /([?&](?:token|access_token|refresh_token|client_secret|code|secret_token)=)[^&#\s)]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1<redacted>');
}

export function redact(text: string): string {
  let out = redactUrl(text);
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('<redacted>');
  return out;
}
