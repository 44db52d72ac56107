/**
 * The device dashboard's cookies, kept by the proxy instead of the browser: the dashboard runs in a
 * sandboxed (opaque) origin where the browser would not keep them, and they never mix with the
 * platform's. Name → value only; path and domain mean nothing behind one proxied host.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the response's Set-Cookie headers in; an expired or Max-Age=0 cookie is removed. */
  store(setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => {
        const [key = '', value = ''] = a.split('=').map((x) => x.trim());
        if (/^max-age$/i.test(key)) return Number(value) <= 0;
        if (/^expires$/i.test(key)) return Date.parse(value) <= Date.now();
        return false;
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  /** The Cookie header for the next request to the device, if any. */
  header(): string | undefined {
    return this.cookies.size ? [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }
}
