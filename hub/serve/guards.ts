import type { RequestHead } from './fastFront';

// Defences every request passes before anything else: DNS-rebinding protection (the Host header
// must name this hub, a browser's Origin must be this hub's own), and bearer token extraction.

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]', '::1'];

export interface HostPolicy {
  /** Hostnames (no port) accepted in Host and Origin headers. */
  allowedHosts: Set<string>;
}

export function hostPolicy(bindHost: string, extra: string[] = []): HostPolicy {
  const allowed = new Set<string>(LOOPBACK_NAMES);
  if (bindHost && bindHost !== '0.0.0.0' && bindHost !== '::') allowed.add(bindHost.toLowerCase());
  for (const host of extra) allowed.add(host.toLowerCase());
  return { allowedHosts: allowed };
}

/** The hostname part of a Host header value (`[::1]:4242` -> `[::1]`, `Example.com:80` -> `example.com`). */
export function hostnameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(0, end + 1) : value;
  }
  const colon = value.lastIndexOf(':');
  return colon > 0 ? value.slice(0, colon) : value;
}

/** Returns a reason when the request must be refused with 403, else undefined. */
export function checkHostAndOrigin(req: RequestHead, policy: HostPolicy): string | undefined {
  const host = req.headers.host;
  if (!host || !policy.allowedHosts.has(hostnameOf(host))) {
    return `Host "${host ?? ''}" is not allowed. Patchbay answers only requests addressed to itself (DNS rebinding protection); use http://127.0.0.1:<port>/.`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let hostname: string;
    try {
      const url = new URL(origin);
      hostname = url.hostname.toLowerCase();
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Origin "${origin}" is not allowed.`;
    } catch {
      return `Origin "${origin}" is not a valid origin.`;
    }
    const bracketed = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
    if (!policy.allowedHosts.has(hostname) && !policy.allowedHosts.has(bracketed)) {
      return `Origin "${origin}" is not allowed: web pages from other sites may not call the hub.`;
    }
  } else if (origin === 'null') {
    return 'Origin "null" is not allowed.';
  }
  return undefined;
}

export function bearerToken(req: RequestHead): string | undefined {
  const value = req.headers.authorization;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

export function cookie(req: RequestHead, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
