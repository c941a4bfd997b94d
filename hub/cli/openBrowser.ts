import { spawn } from 'node:child_process';

// Opens a URL in the user's browser: `$BROWSER` when set (a command, `%s` standing for the URL, or
// the URL appended), else the platform's opener. Returns false when nothing could be started.

export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const configured = env.BROWSER?.split(':').map((part) => part.trim()).find(Boolean);
  let command: string;
  let args: string[];
  if (configured) {
    // The URL travels as a positional parameter, never spliced into the shell text.
    command = '/bin/sh';
    args = ['-c', configured.includes('%s') ? configured.replaceAll('%s', '"$1"') : `${configured} "$1"`, 'patchbay-browser', url];
    if (process.platform === 'win32') {
      command = 'cmd';
      args = ['/c', configured.includes('%s') ? configured.replaceAll('%s', url) : `${configured} ${url}`];
    }
  } else if (process.platform === 'darwin') {
    command = 'open';
    args = [url];
  } else if (process.platform === 'win32') {
    command = 'cmd';
    args = ['/c', 'start', '""', url.replaceAll('&', '^&')];
  } else {
    command = 'xdg-open';
    args = [url];
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: process.platform !== 'win32', env });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
