// A self-signed X.509 certificate for `patchbay serve --tls-self-signed`, made with node:crypto
// alone: an ECDSA P-256 key, and a minimal DER encoder for the certificate (no library, no openssl).
// The certificate names the hosts it is for (subjectAltName) and is its own CA, so a client can
// trust exactly this certificate (`--cacert hub.crt`, NODE_EXTRA_CA_CERTS, or a browser exception).
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

export interface SelfSignedCert {
  /** PEM certificate. */
  cert: string;
  /** PEM private key (PKCS#8). */
  key: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers and `openssl x509 -fingerprint` show it. */
  fingerprint256: string;
  notAfter: string;
}

export interface SelfSignedOptions {
  /** DNS names and IP addresses the certificate is valid for; the first is the common name. */
  hosts: string[];
  /** Validity in days, default 825 (what browsers accept for leaf certificates). */
  days?: number;
  now?: number;
}

export function generateSelfSignedCert(options: SelfSignedOptions): SelfSignedCert {
  const hosts = [...new Set(options.hosts)];
  if (hosts.length === 0) throw new Error('internal: a certificate needs at least one host name');
  const now = options.now ?? Date.now();
  const notBefore = new Date(now - 60_000);
  const notAfter = new Date(now + (options.days ?? 825) * 86_400_000);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(hosts[0]!, 'utf8')))));
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const san = seq(
    ...hosts.map((host) => {
      if (isIP(host) === 4) return tlv(0x87, Buffer.from(host.split('.').map(Number)));
      if (isIP(host) === 6) return tlv(0x87, ipv6Bytes(host));
      return tlv(0x82, Buffer.from(host, 'ascii'));
    }),
  );
  const extensions = seq(
    seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), octets(seq(tlv(0x01, Buffer.from([0xff]))))),
    seq(oid('2.5.29.17'), octets(san)),
  );
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaWithSha256,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    spki,
    tlv(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const cert = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  const parsed = new X509Certificate(cert);
  return { cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), fingerprint256: parsed.fingerprint256, notAfter: notAfter.toISOString() };
}

// ---- DER ------------------------------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

function seq(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

function octets(content: Buffer): Buffer {
  return tlv(0x04, content);
}

function integer(bytes: Buffer): Buffer {
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let rest = Math.floor(part / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift((rest & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const parse = (part: string): number[] => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = address.includes('::') ? parse(tail) : [];
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((group, index) => out.writeUInt16BE(group, index * 2));
  return out;
}
