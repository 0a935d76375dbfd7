const BASE = 'http://consilium.invalid';

/**
 * `value` if it is a path on this site, else `fallback`. Guards the post-login redirect
 * against open redirects: "//evil.example", "/\evil.example", "https://…" and
 * "javascript:" all resolve elsewhere and are refused.
 */
export function safeReturnPath(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//')) return fallback;
  // Browsers drop tabs and newlines and read "\" as "/": "/\t/evil" and "/\evil" mean "//evil".
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page's address that comes back to `url` afterwards. */
export function loginPathFor(url: URL): string {
  const target = `${url.pathname}${url.search}`;
  return target === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(target)}`;
}
