import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './client';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again; the old data stays visible meanwhile. */
  reload(): void;
}

/**
 * Loads something once per `key` and again on `reload()`, aborting the previous request. With
 * `pollMs`, reloads on that interval while the page is visible (errors keep the last data).
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: string, pollMs?: number): Resource<T> {
  const [state, setState] = useState<{ key: string; data: T | undefined; error: unknown; loading: boolean }>({ key, data: undefined, error: undefined, loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const visible = usePageVisible();

  if (state.key !== key) setState({ key, data: undefined, error: undefined, loading: true });

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = (): void => {
      loadRef.current(controller.signal).then(
        (data) => {
          if (controller.signal.aborted) return;
          setState({ key, data, error: undefined, loading: false });
          schedule();
        },
        (error: unknown) => {
          if (controller.signal.aborted || isAbort(error)) return;
          setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, error, loading: false }));
          schedule();
        },
      );
    };
    const schedule = (): void => {
      if (pollMs && visible) timer = setTimeout(run, pollMs);
    };
    run();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [key, generation, pollMs, visible]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data: state.key === key ? state.data : undefined, error: state.key === key ? state.error : undefined, loading: state.key !== key || state.loading, reload };
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Whether the document is visible (polling pauses in background tabs and hidden windows). */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = (): void => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

/** `value`, updated only after it stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    if (Object.is(value, debounced)) return;
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms, debounced]);
  return debounced;
}

/** Whether an error means the UI session is missing or expired. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** Runs an async action and tracks its pending state and error. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): {
  run: (...args: A) => Promise<R | undefined>;
  pending: boolean;
  error: unknown;
  clearError(): void;
} {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const actionRef = useRef(action);
  actionRef.current = action;
  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    setPending(true);
    setError(undefined);
    try {
      return await actionRef.current(...args);
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { run, pending, error, clearError };
}
