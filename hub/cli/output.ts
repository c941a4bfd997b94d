import { isHubError } from '../core/errors';
import { errorMessage } from '../core/errors';

// Output conventions of every command: `--json` prints one JSON document on stdout; otherwise
// human text. Exit codes: 0 ok, 1 failure, 2 usage. Errors go to stderr and say what to fix.

export class UsageError extends Error {}

export interface OutputOptions {
  json?: boolean;
}

export function print(options: OutputOptions, data: unknown, text: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}

export function reportError(error: unknown, json: boolean): number {
  const usage = error instanceof UsageError;
  const code = usage ? 'USAGE' : isHubError(error) ? error.code : 'INTERNAL';
  const message = errorMessage(error);
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  process.stderr.write(`patchbay: ${message}\n`);
  return usage ? 2 : 1;
}

/** A fixed-width table for human output. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd()).join('\n');
}
