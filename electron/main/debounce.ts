/** A trailing debounce: `call()` many times, `fn` runs once, `delayMs` after the last call. */
export interface Debounced {
  call(): void;
  /** Runs a pending call now (if any). */
  flush(): void;
  /** Drops a pending call; later `call()`s work again. */
  cancel(): void;
  readonly pending: boolean;
}

export function debounce(fn: () => void, delayMs: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    fn();
  };
  return {
    call() {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(run, delayMs);
    },
    flush() {
      if (timer === undefined) return;
      clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    get pending() {
      return timer !== undefined;
    },
  };
}
