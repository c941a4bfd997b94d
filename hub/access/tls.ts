// Transport security of `patchbay serve`. On loopback, plain HTTP is fine (only this machine can
// connect). Any other address needs TLS (a user-supplied certificate, or a self-signed one made
// and kept in the data directory) or an explicit --insecure-http, which is loudly warned about.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errorMessage, HubError } from '../core/errors';
import { generateSelfSignedCert } from './selfSignedCert';

export interface TlsMaterial {
  cert: string;
  key: string;
  fingerprint256: string;
  /** Where the certificate is, for clients to trust (`--cacert`, NODE_EXTRA_CA_CERTS). */
  certFile: string;
  selfSigned: boolean;
}

export interface TransportSecurityInput {
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsSelfSigned?: boolean;
  insecureHttp?: boolean;
  /** Data directory: the self-signed certificate is kept in `<home>/tls/`. */
  home: string;
  /** Extra names the self-signed certificate covers (--allowed-host). */
  extraHosts?: string[];
  now?: number;
}

export interface TransportSecurity {
  tls?: TlsMaterial;
  /** Printed on stderr when set (plain HTTP on a network address). */
  warning?: string;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Decides HTTP or HTTPS for `serve`; throws VALIDATION_FAILED when a network address has neither TLS nor --insecure-http. */
export function resolveTransportSecurity(input: TransportSecurityInput): TransportSecurity {
  if ((input.tlsCert === undefined) !== (input.tlsKey === undefined)) {
    throw new HubError('VALIDATION_FAILED', '--tls-cert and --tls-key go together: give both (PEM files), or use --tls-self-signed.');
  }
  const userCert = input.tlsCert !== undefined && input.tlsKey !== undefined;
  if (userCert && input.tlsSelfSigned) throw new HubError('VALIDATION_FAILED', 'Give either --tls-cert/--tls-key or --tls-self-signed, not both.');
  if (input.insecureHttp && (userCert || input.tlsSelfSigned)) throw new HubError('VALIDATION_FAILED', '--insecure-http contradicts the TLS options; drop one of them.');
  if (userCert) return { tls: loadUserCert(input.tlsCert!, input.tlsKey!) };
  if (input.tlsSelfSigned) return { tls: selfSigned(input) };
  if (isLoopbackHost(input.host)) return {};
  if (input.insecureHttp) {
    return {
      warning: `serving plain HTTP on ${input.host} (--insecure-http): tokens and tool results cross the network unencrypted, and anyone on it can read or replay them. Use --tls-self-signed or --tls-cert/--tls-key instead.`,
    };
  }
  throw new HubError(
    'VALIDATION_FAILED',
    `Listening on ${input.host} (not loopback) needs TLS: pass --tls-cert FILE --tls-key FILE, or --tls-self-signed for a generated certificate, or --insecure-http to accept plain HTTP on the network (not recommended).`,
  );
}

function loadUserCert(certFile: string, keyFile: string): TlsMaterial {
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(certFile, 'utf8');
    key = readFileSync(keyFile, 'utf8');
  } catch (error) {
    throw new HubError('VALIDATION_FAILED', `Cannot read the TLS certificate or key: ${errorMessage(error)}. Check the --tls-cert and --tls-key paths.`, { cause: error });
  }
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch (error) {
    throw new HubError('VALIDATION_FAILED', `${certFile} is not a PEM certificate (${errorMessage(error)}).`, { cause: error });
  }
  if (!key.includes('PRIVATE KEY')) throw new HubError('VALIDATION_FAILED', `${keyFile} is not a PEM private key.`);
  return { cert, key, fingerprint256: parsed.fingerprint256, certFile, selfSigned: false };
}

/** The kept self-signed certificate when it still covers these hosts for a week, else a new one. */
function selfSigned(input: TransportSecurityInput): TlsMaterial {
  const now = input.now ?? Date.now();
  const dir = join(input.home, 'tls');
  const certFile = join(dir, 'self-signed.crt');
  const keyFile = join(dir, 'self-signed.key');
  const wildcard = input.host === '0.0.0.0' || input.host === '::' || input.host === '';
  const hosts = ['localhost', '127.0.0.1', '::1', hostname().toLowerCase(), ...(wildcard ? [] : [input.host.toLowerCase()]), ...(input.extraHosts ?? []).map((h) => h.toLowerCase())];
  if (existsSync(certFile) && existsSync(keyFile)) {
    try {
      const cert = readFileSync(certFile, 'utf8');
      const parsed = new X509Certificate(cert);
      const fresh = Date.parse(parsed.validTo) - now > 7 * 86_400_000;
      const covers = hosts.every((h) => (h.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(h) ? parsed.checkIP(h) : parsed.checkHost(h)) !== undefined);
      if (fresh && covers) return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint256: parsed.fingerprint256, certFile, selfSigned: true };
    } catch {
      // unreadable: make a new one below
    }
  }
  const made = generateSelfSignedCert({ hosts, now });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, made.key, { mode: 0o600 });
  writeFileSync(certFile, made.cert, { mode: 0o644 });
  return { cert: made.cert, key: made.key, fingerprint256: made.fingerprint256, certFile, selfSigned: true };
}
