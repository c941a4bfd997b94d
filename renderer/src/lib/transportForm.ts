// Form rows -> admin API input. Pure, so the rules are unit-tested.
import type { InputValue } from '../../../shared/api';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../../../shared/types';

export interface ValueRow {
  /** Stable key for React lists. */
  id: string;
  name: string;
  value: string;
  secret: boolean;
}

let rowCounter = 0;
export function newRow(partial: Partial<Omit<ValueRow, 'id'>> = {}): ValueRow {
  rowCounter += 1;
  return { id: `row-${rowCounter}`, name: '', value: '', secret: false, ...partial };
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Turns rows into the API's value map, or a message naming the first bad row. Blank rows are skipped. */
export function rowsToValues(rows: readonly ValueRow[], kind: 'header' | 'env'): { values: Record<string, InputValue> } | { error: string } {
  const values: Record<string, InputValue> = {};
  const pattern = kind === 'header' ? HEADER_NAME : ENV_NAME;
  const noun = kind === 'header' ? 'Header' : 'Environment variable';
  for (const row of rows) {
    const name = row.name.trim();
    if (!name && !row.value) continue;
    if (!name) return { error: `${noun} with value but no name: give it a name or remove the row.` };
    if (!pattern.test(name)) {
      return {
        error:
          kind === 'header'
            ? `Header name "${name}" is not valid: use letters, digits and - (e.g. X-Api-Key).`
            : `Environment variable "${name}" is not valid: start with a letter or _, then letters, digits or _ (e.g. API_KEY).`,
      };
    }
    const duplicate = Object.keys(values).some((existing) => (kind === 'header' ? existing.toLowerCase() === name.toLowerCase() : existing === name));
    if (duplicate) return { error: `${noun} "${name}" appears twice: keep one row.` };
    values[name] = { value: row.value, secret: row.secret };
  }
  return { values };
}

/** Splits a command line into words, honouring single and double quotes and backslash escapes. */
export function splitArgs(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] ?? '';
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < line.length) current += line[++index];
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < line.length) {
      current += line[++index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

export function nameProblem(name: string): string | undefined {
  if (!name) return 'Give the server a name; it becomes part of its URL (/mcp/NAME).';
  if (!SERVER_NAME_PATTERN.test(name)) return `"${name}" is not a valid name: ${SERVER_NAME_RULE}.`;
  return undefined;
}

/** A server name derived from free text: "My GitHub!" -> "my-github". */
export function suggestName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

export function urlProblem(url: string): string | undefined {
  if (!url.trim()) return 'Enter the server URL, e.g. https://example.com/mcp.';
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'The URL must start with http:// or https://.';
  } catch {
    return `"${url}" is not a URL. Use an absolute address such as https://example.com/mcp.`;
  }
  return undefined;
}

const PLAIN_HEADERS = new Set(['accept', 'accept-language', 'content-type', 'user-agent', 'mcp-protocol-version', 'x-request-id']);
const SECRET_ENV = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|CREDENTIAL|AUTH|PRIVATE|SESSION|COOKIE)/i;

/** Mirrors the hub's defaults: every header except a few harmless ones is secret. */
export const headerIsSecret = (name: string): boolean => name.trim() !== '' && !PLAIN_HEADERS.has(name.trim().toLowerCase());
/** Env names that look like credentials are secret. */
export const envIsSecret = (name: string): boolean => SECRET_ENV.test(name);
