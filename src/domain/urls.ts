/**
 * An article's web address in one spelling, so one page is one article: the WHATWG URL
 * parser's serialization (scheme and host in lower case, the default port dropped,
 * spaces and other unsafe characters percent-encoded, the query kept) without the
 * fragment, which names a place in the page, not another page.
 * Null for anything that is not an http(s) address with a host.
 */
export function normalizeUrl(raw: string): string | null {
  if (!/^https?:\/\//iu.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  url.hash = '';
  return url.href;
}

/** True for an http(s) address with a host. */
export function isHttpUrl(value: string): boolean {
  return normalizeUrl(value) !== null;
}
