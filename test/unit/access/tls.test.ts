import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackHost, resolveTransportSecurity } from '../../../hub/access/tls';
import { generateSelfSignedCert } from '../../../hub/access/selfSignedCert';
import { tempDir } from '../store/helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('patchbay-tls-');
});
afterEach(() => tmp.cleanup());

describe('resolveTransportSecurity', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'hub.lan']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('serves plain HTTP on loopback without asking', () => {
    expect(resolveTransportSecurity({ host: '127.0.0.1', home: tmp.dir })).toEqual({});
  });

  it('refuses a network address without TLS or --insecure-http', () => {
    expect(() => resolveTransportSecurity({ host: '0.0.0.0', home: tmp.dir })).toThrow(/needs TLS: pass --tls-cert FILE --tls-key FILE, or --tls-self-signed/);
  });

  it('allows it with --insecure-http, with a warning', () => {
    const security = resolveTransportSecurity({ host: '0.0.0.0', home: tmp.dir, insecureHttp: true });
    expect(security.tls).toBeUndefined();
    expect(security.warning).toMatch(/unencrypted/);
  });

  it('rejects contradictory options', () => {
    expect(() => resolveTransportSecurity({ host: '0.0.0.0', home: tmp.dir, tlsCert: 'a.pem' })).toThrow(/go together/);
    expect(() => resolveTransportSecurity({ host: '0.0.0.0', home: tmp.dir, tlsSelfSigned: true, insecureHttp: true })).toThrow(/contradicts/);
  });

  it('makes a self-signed certificate once, keeps the key private, and reuses it', () => {
    const first = resolveTransportSecurity({ host: '0.0.0.0', home: tmp.dir, tlsSelfSigned: true, extraHosts: ['hub.lan'] });
    expect(first.tls?.selfSigned).toBe(true);
    const certFile = join(tmp.dir, 'tls', 'self-signed.crt');
    expect(first.tls?.certFile).toBe(certFile);
    expect(new X509Certificate(readFileSync(certFile)).checkHost('hub.lan')).toBe('hub.lan');
    expect(statSync(join(tmp.dir, 'tls', 'self-signed.key')).mode & 0o077).toBe(0);
    const second = resolveTransportSecurity({ host: '0.0.0.0', home: tmp.dir, tlsSelfSigned: true, extraHosts: ['hub.lan'] });
    expect(second.tls?.fingerprint256).toBe(first.tls?.fingerprint256);
    const third = resolveTransportSecurity({ host: '0.0.0.0', home: tmp.dir, tlsSelfSigned: true, extraHosts: ['other.lan'] });
    expect(third.tls?.fingerprint256).not.toBe(first.tls?.fingerprint256);
  });

  it('loads a user-supplied certificate and key', () => {
    const made = generateSelfSignedCert({ hosts: ['hub.example'] });
    writeFileSync(join(tmp.dir, 'c.pem'), made.cert);
    writeFileSync(join(tmp.dir, 'k.pem'), made.key);
    const security = resolveTransportSecurity({ host: '0.0.0.0', home: tmp.dir, tlsCert: join(tmp.dir, 'c.pem'), tlsKey: join(tmp.dir, 'k.pem') });
    expect(security.tls).toMatchObject({ selfSigned: false, fingerprint256: made.fingerprint256 });
    writeFileSync(join(tmp.dir, 'bad.pem'), 'not a cert');
    expect(() => resolveTransportSecurity({ host: '0.0.0.0', home: tmp.dir, tlsCert: join(tmp.dir, 'bad.pem'), tlsKey: join(tmp.dir, 'k.pem') })).toThrow(/not a PEM certificate/);
  });
});
