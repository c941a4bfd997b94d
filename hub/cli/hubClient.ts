// Requests from the CLI to the running hub of this data directory, over HTTP or HTTPS. A TLS hub
// writes its certificate's SHA-256 fingerprint to the runtime file; the CLI pins exactly that
// certificate (self-signed or not, whatever name it carries), and sends nothing before it checked.
import { request } from 'node:http';
import type { ClientRequestArgs, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect } from 'node:tls';
import { isIP } from 'node:net';
import { errorMessage, HubError } from '../core/errors';

export interface HubEndpoint {
  url: string;
  /** Set when the hub serves HTTPS. */
  tlsFingerprint?: string;
}

export interface HubResponse {
  status: number;
  text: string;
}

export function hubRequest(hub: HubEndpoint, method: string, path: string, options: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<HubResponse> {
  const url = new URL(path, hub.url);
  const tls = url.protocol === 'https:';
  if (tls && !hub.tlsFingerprint) return Promise.reject(new HubError('UPSTREAM_UNAVAILABLE', `The hub at ${hub.url} serves HTTPS but left no certificate fingerprint; restart \`patchbay serve\`.`));
  return new Promise<HubResponse>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (tls ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method,
        headers: { ...(options.headers ?? {}), ...(options.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(options.body)) } : {}) },
        timeout: options.timeoutMs ?? 60_000,
        ...(tls ? { createConnection: pinnedConnection(url, hub.tlsFingerprint!) } : {}),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('the hub did not answer in time')));
    req.on('error', (error) => reject(new HubError('UPSTREAM_UNAVAILABLE', `Cannot reach the running hub at ${hub.url}: ${errorMessage(error)}`, { cause: error })));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A TLS connection handed to the HTTP request only once the peer showed the pinned certificate. */
function pinnedConnection(url: URL, fingerprint: string) {
  return (_options: ClientRequestArgs, done: (error: Error | null, socket: Duplex) => void): undefined => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = connect({ host, port: Number(url.port || 443), rejectUnauthorized: false, ...(isIP(host) ? {} : { servername: host }) });
    socket.once('secureConnect', () => {
      const presented = socket.getPeerCertificate().fingerprint256;
      if (presented && presented.toUpperCase() === fingerprint.toUpperCase()) return done(null, socket);
      socket.destroy();
      done(new Error(`the hub presented a different TLS certificate than the one it recorded (${presented ?? 'none'}); refusing to send credentials`), socket);
    });
    socket.once('error', (error) => done(error, socket));
    return undefined;
  };
}
