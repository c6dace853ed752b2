/** What `parseUserAgent` recognises; `apiClient` is a script (curl, node), named per language by the caller. */
export type UserAgentBrowser = 'Edge' | 'Firefox' | 'Chrome' | 'Safari' | 'apiClient';
export type UserAgentOS = 'Windows' | 'Android' | 'iOS' | 'macOS' | 'Linux';

/**
 * The browser and operating system of a User-Agent header, `null` where unknown. Pure; the
 * one parser of the server's labels (`describeUserAgent`) and the web UI's (`web/src/lib/format.ts`).
 * Order matters: Edge also says Chrome, Chrome also says Safari, Android also says Linux.
 */
export function parseUserAgent(ua: string): { browser: UserAgentBrowser | null; os: UserAgentOS | null } {
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : /curl|node|undici/i.test(ua)
            ? 'apiClient'
            : null;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return { browser, os };
}

/**
 * "Firefox on macOS": a short English label of a browser from its User-Agent header, for
 * lists of sessions and remembered browsers. Pure; unknown agents give a prefix.
 * @example describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36') // 'Chrome on Linux'
 */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return 'Unknown browser';
  const { browser, os } = parseUserAgent(ua);
  return (
    [browser === 'apiClient' ? 'API client' : browser, os].filter(Boolean).join(' on ') || ua.slice(0, 40)
  );
}
