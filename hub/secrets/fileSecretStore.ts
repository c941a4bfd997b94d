// Secrets in one JSON file, each value encrypted with AES-256-GCM under a 32-byte key: from
// PATCHBAY_SECRET_KEY (base64) or from `secrets.key` (created once, mode 0600). The fallback for
// machines without an OS keychain (headless Linux, CI, containers).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HubError, errorMessage } from '../core/errors';
import { silentLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import { hubPaths } from '../core/paths';
import { checkSecretKey, checkSecretValue } from './secretStore';
import type { SecretStore } from './secretStore';

export interface FileSecretStoreOptions {
  /** The data directory; the files are `hubPaths(home).secretsFile` and `.secretsKeyFile`. */
  home: string;
  /** Read for PATCHBAY_SECRET_KEY. */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

interface EncryptedEntry {
  iv: string;
  tag: string;
  data: string;
}

interface SecretsFile {
  version: 1;
  cipher: 'aes-256-gcm';
  /** Identifies the key (a hash of it), so a changed key is reported as such. */
  keyId?: string;
  /** Checked entry by entry when read: one damaged entry does not hide the others. */
  entries: Record<string, unknown>;
}

interface KeyMaterial {
  key: Buffer;
  id: string;
  source: string;
}

const KEY_HELP = 'generate one with `openssl rand -base64 32`';

export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly file: string;
  readonly keyFile: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly logger: Logger;
  private keyMaterial: Promise<KeyMaterial> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: FileSecretStoreOptions) {
    const paths = hubPaths(options.home);
    this.file = paths.secretsFile;
    this.keyFile = paths.secretsKeyFile;
    this.env = options.env ?? process.env;
    this.logger = (options.logger ?? silentLogger).child({ component: 'fileSecretStore' });
  }

  async get(key: string): Promise<string | undefined> {
    checkSecretKey(key);
    const material = await this.key();
    const contents = await this.read(material);
    const entry = contents.entries[key];
    return entry === undefined ? undefined : this.decrypt(key, entry, material);
  }

  async set(key: string, value: string): Promise<void> {
    checkSecretKey(key);
    checkSecretValue(key, value);
    return this.mutate((contents, material) => {
      contents.entries[key] = encrypt(key, value, material.key);
    });
  }

  async delete(key: string): Promise<void> {
    checkSecretKey(key);
    return this.mutate((contents) => {
      if (!(key in contents.entries)) return false;
      delete contents.entries[key];
      return true;
    });
  }

  async list(prefix = ''): Promise<string[]> {
    const contents = await this.read(await this.key());
    return Object.keys(contents.entries)
      .filter((key) => key.startsWith(prefix))
      .sort();
  }

  /** Read-modify-write, one at a time within this process; the file is replaced atomically. */
  private mutate(change: (contents: SecretsFile, material: KeyMaterial) => boolean | void): Promise<void> {
    const run = this.queue.then(async () => {
      const material = await this.key();
      const contents = await this.read(material);
      if (change(contents, material) === false) return;
      contents.keyId = material.id;
      await this.writeAtomically(`${JSON.stringify(contents, null, 2)}\n`);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(material: KeyMaterial): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, cipher: 'aes-256-gcm', entries: emptyEntries() };
      throw new HubError('SECRET_STORE_UNAVAILABLE', `Cannot read the secrets file ${this.file}: ${errorMessage(error)}. Check its permissions (it should belong to you, mode 0600).`, { cause: error });
    }
    const contents = parseSecretsFile(text);
    if (typeof contents === 'string') {
      throw new HubError(
        'SECRET_STORE_UNAVAILABLE',
        `The secrets file ${this.file} is damaged (${contents}). Patchbay will not overwrite it. Restore it from a backup, or move it aside and set the secrets again (the ones in it are lost).`,
      );
    }
    if (contents.keyId !== undefined && contents.keyId !== material.id) {
      throw new HubError(
        'SECRET_STORE_UNAVAILABLE',
        `The secrets file ${this.file} was encrypted with a different key than the one in use (${material.source}). Use the original key (PATCHBAY_SECRET_KEY or ${this.keyFile}), or move the secrets file aside and set the secrets again.`,
      );
    }
    return contents;
  }

  private decrypt(key: string, entry: unknown, material: KeyMaterial): string {
    try {
      if (!isRecord(entry) || typeof entry.iv !== 'string' || typeof entry.tag !== 'string' || typeof entry.data !== 'string') throw new Error('not {iv, tag, data}');
      const decipher = createDecipheriv('aes-256-gcm', material.key, Buffer.from(entry.iv, 'base64'));
      decipher.setAAD(Buffer.from(key, 'utf8'));
      decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      this.logger.warn('a secret could not be decrypted', { key });
      throw new HubError(
        'SECRET_STORE_UNAVAILABLE',
        `Secret "${key}" in ${this.file} cannot be decrypted: it was changed outside Patchbay or is damaged. Set it again (that replaces the entry) or delete it; the other secrets are not affected.`,
      );
    }
  }

  private async writeAtomically(text: string): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
      await rename(temp, this.file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new HubError('SECRET_STORE_UNAVAILABLE', `Cannot write the secrets file ${this.file}: ${errorMessage(error)}. Check that its folder is writable by you.`, { cause: error });
    }
  }

  private key(): Promise<KeyMaterial> {
    this.keyMaterial ??= this.loadKey();
    // A failure (bad env key, unreadable key file) is not cached: the next call tries again.
    this.keyMaterial.catch(() => (this.keyMaterial = undefined));
    return this.keyMaterial;
  }

  private async loadKey(): Promise<KeyMaterial> {
    const fromEnv = this.env.PATCHBAY_SECRET_KEY;
    if (fromEnv !== undefined && fromEnv !== '') {
      return material(decodeKey(fromEnv, 'PATCHBAY_SECRET_KEY'), 'from PATCHBAY_SECRET_KEY');
    }
    const source = `from ${this.keyFile}`;
    try {
      const existing = await readFile(this.keyFile, 'utf8');
      await this.checkKeyFileMode();
      return material(decodeKey(existing, this.keyFile), source);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw keyFileError(this.keyFile, error);
    }
    await mkdir(dirname(this.keyFile), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    try {
      await writeFile(this.keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      await chmod(this.keyFile, 0o600); // in case the umask took bits away from the mode above
      this.logger.info('created the key for the encrypted secrets file', { keyFile: this.keyFile });
      return material(key, source);
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return material(decodeKey(await readFile(this.keyFile, 'utf8'), this.keyFile), source);
      throw keyFileError(this.keyFile, error);
    }
  }

  private async checkKeyFileMode(): Promise<void> {
    if (process.platform === 'win32') return;
    const { mode } = await stat(this.keyFile);
    if ((mode & 0o077) !== 0) {
      this.logger.warn('the secrets key file is readable by other users; run chmod 600 on it', { keyFile: this.keyFile, mode: (mode & 0o777).toString(8) });
    }
  }
}

function encrypt(key: string, value: string, secretKey: Buffer): EncryptedEntry {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey, iv);
  cipher.setAAD(Buffer.from(key, 'utf8'));
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function material(key: Buffer, source: string): KeyMaterial {
  const id = createHash('sha256').update('patchbay-secrets-key-id\0').update(key).digest('hex').slice(0, 16);
  return { key, id, source };
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) || key.length !== 32) {
    throw new HubError('SECRET_STORE_UNAVAILABLE', `The secrets key in ${where} is not 32 bytes of base64 (${KEY_HELP}). Fix it or, if it is a file that never held secrets, remove it.`);
  }
  return key;
}

function keyFileError(keyFile: string, error: unknown): HubError {
  if (error instanceof HubError) return error;
  return new HubError('SECRET_STORE_UNAVAILABLE', `Cannot use the secrets key file ${keyFile}: ${errorMessage(error)}. Check that it is readable by you, or set PATCHBAY_SECRET_KEY (${KEY_HELP}).`, { cause: error });
}

/** The parsed file, or a short description of what is wrong with it. */
function parseSecretsFile(text: string): SecretsFile | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (!isRecord(value) || value.version !== 1 || value.cipher !== 'aes-256-gcm') return 'not a Patchbay secrets file (version 1, aes-256-gcm)';
  if (value.keyId !== undefined && typeof value.keyId !== 'string') return '"keyId" is not a string';
  if (!isRecord(value.entries)) return '"entries" is missing';
  // A prototype-less copy: a key such as "__proto__" stays an ordinary entry.
  return { ...(value as unknown as SecretsFile), entries: Object.assign(emptyEntries(), value.entries) };
}

function emptyEntries(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
