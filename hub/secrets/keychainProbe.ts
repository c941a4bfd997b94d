// Is an OS keychain usable here? Asked in a CHILD process: on Linux, @napi-rs/keyring talks to
// D-Bus synchronously on the calling thread (even `new AsyncEntry()` does), and a D-Bus session
// that accepts connections but never answers blocks that thread for good. A child can be killed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { errorMessage } from '../core/errors';
import { KEYCHAIN_ENTRY_OPTIONS } from './keychainOptions';

export type KeychainProbeResult = { ok: true } | { ok: false; reason: string };

export interface KeychainProbeOptions {
  /** The environment of the probe (DBUS_SESSION_BUS_ADDRESS and friends). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export type KeychainProbe = (options: KeychainProbeOptions) => Promise<KeychainProbeResult>;

export const PROBE_SERVICE = 'patchbay-probe';

// Runs with `node -e`: argv = [node, modulePath, service, account, entryOptionsJson].
const PROBE_SCRIPT = `
const [modulePath, service, account, options] = process.argv.slice(1);
const { Entry } = require(modulePath);
const entry = new Entry(service, account, JSON.parse(options));
const value = 'probe-' + process.pid;
entry.setPassword(value);
const read = entry.getPassword();
entry.deleteCredential();
if (read !== value) { process.stderr.write('the keychain returned a different value than was stored'); process.exit(3); }
process.stdout.write('ok');
`;

/** Sets, reads back and deletes a probe entry in a child process, killed after `timeoutMs`. */
export const probeKeychainInChild: KeychainProbe = async ({ env, timeoutMs }) => {
  const modulePath = resolveKeyringModule();
  if (!modulePath) return { ok: false, reason: 'the @napi-rs/keyring module could not be located for the keychain check' };
  const account = `probe-${randomBytes(6).toString('hex')}`;
  return new Promise<KeychainProbeResult>((done) => {
    let settled = false;
    const finish = (result: KeychainProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(result);
    };
    const child = spawn(process.execPath, ['-e', PROBE_SCRIPT, modulePath, PROBE_SERVICE, account, JSON.stringify(KEYCHAIN_ENTRY_OPTIONS)], {
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, reason: `no answer within ${timeoutMs} ms (the D-Bus session or the Secret Service is not responding)` });
    }, timeoutMs);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error) => finish({ ok: false, reason: `the keychain check could not start: ${errorMessage(error)}` }));
    child.on('close', (code) => {
      if (code === 0 && out === 'ok') finish({ ok: true });
      else finish({ ok: false, reason: firstErrorLine(err) ?? `the keychain check exited with code ${String(code)}` });
    });
  });
};

/** The path `require('@napi-rs/keyring')` resolves to, found from the running program's location. */
export function resolveKeyringModule(): string | undefined {
  const anchors: string[] = [];
  const script = process.argv[1];
  if (script) {
    try {
      const real = realpathSync(resolve(script));
      anchors.push(statSync(real).isDirectory() ? real : dirname(real));
    } catch {
      // Not a file (e.g. `electron .` run from elsewhere): fall through to the other anchors.
    }
  }
  anchors.push(process.cwd());
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) anchors.push(join(resourcesPath, 'app.asar'), join(resourcesPath, 'app'));
  try {
    return createRequire(join(process.cwd(), 'noop.js')).resolve('@napi-rs/keyring', { paths: anchors });
  } catch {
    return undefined;
  }
}

function firstErrorLine(text: string): string | undefined {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  // Node prints the thrown error as "Error: <message>" after a source excerpt.
  const thrown = lines.find((line) => /^[A-Za-z]*Error:/.test(line));
  return (thrown ?? lines[0])?.replace(/^[A-Za-z]*Error:\s*/, '').slice(0, 300);
}
