// Where sign-in (and sign-out) may send the browser afterwards: a path or an address on this site,
// else the site's root. Never throws: next-auth's own default parsed a callbackUrl such as
// "http://127.0.0.1:3000.evil.example/" with `new URL` and answered 500 ("Invalid URL").
export function safeRedirect(url: string, baseUrl: string): string {
  if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return `${baseUrl}${url}`;
  try {
    const target = new URL(url);
    if (target.origin === new URL(baseUrl).origin) return target.toString();
  } catch {
    // not a URL at all: fall through to the root
  }
  return baseUrl;
}
