import { isSameOrigin } from './navigation';

// A Content-Security-Policy fallback for the hub's pages, applied by the window's session. The
// hub sends its own CSP (hub/serve/staticFiles.ts); this one only fills in when a response from
// the hub origin has none (an error page, a future route), so the window is never without one.

export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export type ResponseHeaders = Record<string, string[]>;

/** The headers to pass on: unchanged, or with the fallback CSP added for a hub response without one. */
export function withCspFallback(url: string, headers: ResponseHeaders | undefined, hubOrigin: string): ResponseHeaders {
  const result: ResponseHeaders = { ...headers };
  if (!isSameOrigin(url, hubOrigin)) return result;
  const hasCsp = Object.keys(result).some((name) => name.toLowerCase() === 'content-security-policy');
  if (!hasCsp) result['Content-Security-Policy'] = [DESKTOP_CSP];
  return result;
}
