// Keeping the API key out of every text a user or a log can see. A server's error body may echo the
// Authorization header or the key itself (proxies and some gateways do); everything the client turns
// into a message goes through `redact`, and the key is never put in identity, label or info.

const MASK = '[redacted]';

/** Replaces every occurrence of the secret (and of `Bearer <secret>`) with a mask. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join(MASK);
}

/** A server's text made fit for one line of a message: no control characters, bounded, key removed. */
export function serverText(text: string, secret: string | undefined, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = redact(text, secret).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
