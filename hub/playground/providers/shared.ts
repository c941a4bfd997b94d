// What both providers share: their runtime (base URL, key lookup, HTTP options) and small helpers.
import type { JsonObject } from '../../../shared/types';
import { toHubError } from '../../core/errors';
import type { ChatEvent } from '../types';
import type { ProviderHttpOptions } from './http';

export interface ProviderRuntime {
  label: string;
  baseUrl: string;
  /** Extra, non-secret headers (e.g. OpenRouter's HTTP-Referer / X-Title). */
  headers: Record<string, string>;
  /** The API key, read through the injected getSecret on every request; undefined = none. */
  getKey(): Promise<string | undefined>;
  http: ProviderHttpOptions;
  /** Masks the API key (and secret-shaped text) in provider-supplied messages. */
  redact(text: string): string;
}

/** Tool-call argument text -> an object; text that is not a JSON object is reported, not thrown. */
export function parseToolArguments(text: string): { arguments: JsonObject; invalidArguments?: string } {
  if (text.trim() === '') return { arguments: {} };
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { arguments: value as JsonObject };
  } catch {
    // fall through
  }
  return { arguments: {}, invalidArguments: text.length > 2000 ? `${text.slice(0, 2000)}…` : text };
}

export function streamFailure(label: string, what: string): ChatEvent {
  return {
    type: 'error',
    code: 'UPSTREAM_ERROR',
    message: `${label} sent a malformed answer stream (${what}). Try again; if it keeps happening, check that the base URL points at a compatible API.`,
  };
}

/** A thrown request failure (or a stop) as the stream's final `error` event. */
export function providerErrorEvent(error: unknown, signal?: AbortSignal): ChatEvent {
  if (signal?.aborted) return { type: 'error', code: 'CANCELLED', message: 'The chat request was stopped.' };
  const hub = toHubError(error);
  const status = (hub.details as { status?: number } | undefined)?.status;
  return { type: 'error', code: hub.code, message: hub.message, ...(status !== undefined ? { status } : {}) };
}
