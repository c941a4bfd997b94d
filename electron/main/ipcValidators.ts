import { isAbsolute, relative, resolve, sep } from 'node:path';
import { HubError } from '../../hub/core/errors';
import { isSameOrigin } from './navigation';

// Every argument that crosses the preload bridge is checked here before main acts on it. A
// compromised page could send anything, so nothing is trusted: types, lengths, schemes, paths.

export const MAX_URL_LENGTH = 8192;
export const MAX_PATH_LENGTH = 4096;

/** An http(s) URL to open in the system browser; returns it normalised. */
export function parseExternalUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new HubError('BAD_REQUEST', 'openExternal needs a URL string; pass an http(s) URL such as "https://example.com".');
  }
  if (value.length > MAX_URL_LENGTH) throw new HubError('BAD_REQUEST', `openExternal: the URL is longer than ${MAX_URL_LENGTH} characters; pass a shorter one.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new HubError('BAD_REQUEST', 'openExternal: that is not a valid URL; pass an absolute http(s) URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HubError('BAD_REQUEST', `openExternal opens http and https URLs only, not "${url.protocol}" ones.`);
  }
  return url.href;
}

export interface RevealOptions {
  /** Resolves symlinks (fs.realpathSync.native in main); identity by default. */
  realpath?: (path: string) => string;
}

/**
 * A file or folder to reveal in the file manager: an absolute path inside the data directory
 * (after resolving `..` and, with `realpath`, symlinks). Returns the resolved path.
 */
export function parseRevealPath(value: unknown, dataDir: string, options: RevealOptions = {}): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new HubError('BAD_REQUEST', 'revealFile needs a path string inside the Patchbay data directory.');
  }
  if (value.length > MAX_PATH_LENGTH || value.includes('\0')) throw new HubError('BAD_REQUEST', 'revealFile: that path is not valid; pass a file path inside the Patchbay data directory.');
  if (!isAbsolute(value)) throw new HubError('BAD_REQUEST', `revealFile needs an absolute path, not "${value}".`);
  const real = options.realpath ?? ((path: string) => path);
  let target: string;
  let root: string;
  try {
    root = real(resolve(dataDir));
    target = real(resolve(value));
  } catch (error) {
    throw new HubError('NOT_FOUND', `revealFile: "${value}" does not exist.`, { cause: error });
  }
  if (!isInside(target, root)) {
    throw new HubError('FORBIDDEN', `revealFile only shows files inside the Patchbay data directory (${root}); "${value}" is outside it.`);
  }
  return target;
}

/** IPC is answered only for frames showing the hub's own origin. */
export function assertTrustedSender(frameUrl: string | undefined, hubOrigin: string): void {
  if (frameUrl === undefined || !isSameOrigin(frameUrl, hubOrigin)) {
    throw new HubError('FORBIDDEN', 'The desktop bridge answers pages of the Patchbay hub only.');
  }
}

function isInside(target: string, root: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
