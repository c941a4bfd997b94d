// An HTTP response -> an MCP tool result: JSON parsed into structuredContent plus a text block,
// text shown, binary summarised, large bodies cut at the cap, non-2xx marked isError. Auth
// secrets are scrubbed from everything that goes back.
import type { JsonObject, ToolResult } from '../../shared/types';

export const REDACTED = '[redacted]';

export interface BodyRead {
  bytes: Uint8Array;
  truncated: boolean;
}

/** Reads at most `maxBytes` of the body, then cancels the rest. */
export async function readBody(response: Response, maxBytes: number): Promise<BodyRead> {
  if (!response.body) return { bytes: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, truncated };
}

type Kind = 'json' | 'text' | 'binary';

function kindOf(contentType: string, bytes: Uint8Array): Kind {
  const type = contentType.toLowerCase();
  if (/[/+]json\b|^application\/json/.test(type)) return 'json';
  if (/^text\/|[/+]xml\b|yaml|javascript|x-www-form-urlencoded|charset=/.test(type)) return 'text';
  if (type === '') return looksLikeText(bytes) ? 'text' : 'binary';
  return 'binary';
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096));
    return true;
  } catch {
    // A multi-byte character cut at the 4096 boundary is still text.
    return bytes.length > 4096;
  }
}

export interface ResponseInfo {
  status: number;
  statusText: string;
  contentType: string;
  contentLength?: number;
  body: BodyRead;
  maxBytes: number;
}

export function toToolResult(info: ResponseInfo, secrets: string[]): ToolResult {
  const { status, contentType, body } = info;
  const statusLine = `HTTP ${status}${info.statusText ? ` ${info.statusText}` : ''}${contentType ? ` (${contentType})` : ''}`;
  const isError = status < 200 || status > 299;
  const structured: JsonObject = { status, contentType };
  const kind = kindOf(contentType, body.bytes);
  let text: string;
  if (body.bytes.byteLength === 0 && !body.truncated) {
    text = `${statusLine}\n\n(empty body)`;
  } else if (kind === 'binary') {
    const size = info.contentLength ?? (body.truncated ? undefined : body.bytes.byteLength);
    const sizeText = size !== undefined ? `${size} bytes` : `more than ${info.maxBytes} bytes`;
    structured.bytes = size ?? null;
    text = `${statusLine}\n\nBinary body (${contentType || 'unknown type'}, ${sizeText}); the content is not shown.`;
  } else {
    const raw = new TextDecoder('utf-8').decode(body.bytes);
    if (kind === 'json' && !body.truncated) {
      try {
        structured.body = JSON.parse(raw);
      } catch {
        // Declared JSON that is not: shown as text below.
      }
    }
    text = `${statusLine}\n\n${raw}`;
    if (body.truncated) {
      structured.truncated = true;
      text += `\n\n[truncated: the body is larger than ${info.maxBytes} bytes${info.contentLength !== undefined ? ` (${info.contentLength} bytes in all)` : ''}; only the first ${info.maxBytes} bytes are shown. Narrow the request (filters, paging) to see the rest.]`;
    }
  }
  const result: ToolResult = {
    content: [{ type: 'text', text: scrub(text, secrets) }],
    structuredContent: scrubValue(structured, secrets),
  };
  if (isError) result.isError = true;
  return result;
}

export function errorResult(message: string, secrets: string[]): ToolResult {
  return { content: [{ type: 'text', text: scrub(message, secrets) }], isError: true };
}

export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join(REDACTED);
  return out;
}

export function scrubValue(value: unknown, secrets: string[]): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return scrub(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) out[scrub(key, secrets)] = scrubValue(item, secrets);
    return out;
  }
  return value;
}
