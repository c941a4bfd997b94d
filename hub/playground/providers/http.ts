// HTTP for the LLM providers: plain `fetch`, bounded retry of 429 (and 529 "overloaded") honouring
// `retry-after`, and errors that say what to do. The API key never reaches a message: provider
// texts are run through a Redactor that knows it, and 401/403 bodies are not echoed at all.
import type { Clock } from '../../core/clock';
import { HubError, errorMessage } from '../../core/errors';
import { Redactor } from '../../core/redact';
import type { Logger } from '../../core/logger';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ProviderHttpOptions {
  /** Shown in messages, e.g. "OpenAI (https://api.openai.com/v1)". */
  label: string;
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  /** Attempts in all, for 429 / 529. Default 3. */
  maxAttempts?: number;
  /** Longest wait between attempts; a longer `retry-after` fails at once. Default 60 s. */
  maxRetryDelayMs?: number;
}

const RETRYABLE = new Set([429, 529]);

/** Sends one request, retrying rate limits; returns a 2xx response or throws a HubError. */
export async function sendWithRetry(
  options: ProviderHttpOptions,
  url: string,
  init: RequestInit & { signal: AbortSignal },
  secret: string | undefined,
): Promise<Response> {
  const maxAttempts = options.maxAttempts ?? 3;
  const maxDelay = options.maxRetryDelayMs ?? 60_000;
  const redactor = new Redactor();
  redactor.add(secret);
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await options.fetch(url, init);
    } catch (error) {
      if (init.signal.aborted) throw cancelled(error);
      throw new HubError(
        'UPSTREAM_UNAVAILABLE',
        `Could not reach ${options.label}: ${redactor.redact(errorMessage(causeText(error)))}. Check the base URL and that the server is running.`,
        { cause: error },
      );
    }
    if (response.ok) return response;
    const detail = await readErrorDetail(response, redactor);
    if (response.status === 401 || response.status === 403) {
      throw new HubError(
        'UPSTREAM_ERROR',
        `${options.label} rejected the API key (HTTP ${response.status}). Check the key in the Playground's provider settings, and that it may use this model.`,
        { details: { status: response.status } },
      );
    }
    if (RETRYABLE.has(response.status)) {
      const delay = retryDelayMs(response.headers, attempt, options.clock.now());
      const what = response.status === 429 ? 'rate-limited the request' : 'is overloaded';
      if (attempt < maxAttempts && delay <= maxDelay) {
        options.logger.info('LLM provider asked to retry', { provider: options.label, status: response.status, attempt, delayMs: delay });
        await wait(options.clock, delay, init.signal);
        continue;
      }
      const after = delay > maxDelay ? ` It asked to wait ${Math.ceil(delay / 1000)} s.` : '';
      throw new HubError(
        'UPSTREAM_UNAVAILABLE',
        `${options.label} ${what} (HTTP ${response.status}) ${attempt} time${attempt === 1 ? '' : 's'}.${after} Wait a moment and try again, or check your plan's rate limits.${detail ? ` It said: ${detail}` : ''}`,
        { details: { status: response.status } },
      );
    }
    const hint =
      response.status === 404
        ? ' Check the base URL and the model name.'
        : response.status >= 500
          ? ' The provider had a problem; try again later.'
          : ' Check the model name and the request settings.';
    throw new HubError(
      'UPSTREAM_ERROR',
      `${options.label} answered HTTP ${response.status}.${detail ? ` It said: ${detail}.` : ''}${hint}`,
      { details: { status: response.status } },
    );
  }
}

/** `retry-after-ms`, then `retry-after` (seconds or an HTTP date), else 1 s, 2 s, 4 s ... */
export function retryDelayMs(headers: Headers, attempt: number, now: number): number {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  const value = headers.get('retry-after');
  if (value !== null && value.trim() !== '') {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return 1000 * 2 ** (attempt - 1);
}

async function readErrorDetail(response: Response, redactor: Redactor): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return '';
  }
  let message = text;
  try {
    const body = JSON.parse(text) as unknown;
    const found = findMessage(body);
    if (found) message = found;
  } catch {
    // not JSON: use the text as is
  }
  message = redactor.redact(message.replace(/\s+/g, ' ').trim());
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

function findMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.message === 'string') return record.message;
  const error = record.error;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && typeof (error as Record<string, unknown>).message === 'string') {
    return (error as Record<string, unknown>).message as string;
  }
  return undefined;
}

function wait(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(cancelled(signal.reason));
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(cancelled(signal.reason));
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelled(cause?: unknown): HubError {
  return new HubError('CANCELLED', 'The chat request was stopped.', { cause });
}

function causeText(error: unknown): unknown {
  // undici's "fetch failed" hides the useful part (ECONNREFUSED ...) in `cause`.
  if (error instanceof Error && error.cause instanceof Error) return `${error.message} (${error.cause.message})`;
  return error;
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
