import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { generateSelfSignedCert } from '../../../hub/access/selfSignedCert';

describe('generateSelfSignedCert', () => {
  it('makes a certificate for the given hosts that node:crypto parses', () => {
    const made = generateSelfSignedCert({ hosts: ['localhost', '127.0.0.1', '::1', 'hub.lan'], days: 10, now: Date.parse('2031-05-01T00:00:00Z') });
    const cert = new X509Certificate(made.cert);
    expect(cert.subject).toBe('CN=localhost');
    expect(cert.issuer).toBe('CN=localhost');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:hub.lan');
    expect(cert.checkHost('hub.lan')).toBe('hub.lan');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(new Date(cert.validTo).toISOString().slice(0, 10)).toBe('2031-05-11');
    expect(made.fingerprint256).toBe(cert.fingerprint256);
    expect(made.key).toContain('BEGIN PRIVATE KEY');
  });

  it('uses GeneralizedTime past 2049', () => {
    const made = generateSelfSignedCert({ hosts: ['localhost'], days: 400, now: Date.parse('2049-06-01T00:00:00Z') });
    expect(new Date(new X509Certificate(made.cert).validTo).getUTCFullYear()).toBe(2050);
  });

  it('is accepted by openssl', () => {
    const made = generateSelfSignedCert({ hosts: ['localhost', '127.0.0.1'] });
    let text: string;
    try {
      text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: made.cert, encoding: 'utf8' });
    } catch {
      return; // no openssl on this machine: node:crypto's parse above is the check
    }
    expect(text).toContain('CA:TRUE');
    expect(text).toContain('ecdsa-with-SHA256');
  });

  it('serves TLS that a client trusting exactly this certificate accepts', async () => {
    const made = generateSelfSignedCert({ hosts: ['localhost', '127.0.0.1'] });
    const server = createServer({ cert: made.cert, key: made.key }, (_req, res) => res.end('tls ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const body = await new Promise<string>((resolve, reject) => {
        get({ host: '127.0.0.1', port, ca: made.cert, path: '/' }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(body).toBe('tls ok');
      const untrusted = await new Promise<string>((resolve) => {
        get({ host: '127.0.0.1', port, path: '/' }, () => resolve('accepted')).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
      expect(untrusted).toMatch(/SELF_SIGNED|CERT/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
