// Loads wire.ts (the MCP SDK side of upstreams) once, on the first connect. Code that runs only
// once a connection exists (its requests, their errors, its loss) reads it with `wire()`.
import { loadOnce } from '../core/loadOnce';
import type * as WireModule from './wire';

type Wire = typeof WireModule;

let loaded: Wire | undefined;
let held: Promise<void> | undefined;
let release: (() => void) | undefined;

/**
 * Holds the loading until the returned function is called, or until something needs a live
 * connection (`wireNeeded`). `serve` holds it while it starts and for a moment after it listens:
 * the SDK's loading takes the event loop for tens of milliseconds, and the clients that were waiting
 * for the hub are answered first, from the lists the servers remembered.
 */
export function holdWire(): () => void {
  held = new Promise<void>((resolve) => (release = resolve));
  return () => release?.();
}

/** A request waits for a live connection: no more holding. */
export function wireNeeded(): void {
  release?.();
}

export const loadWire = loadOnce(async (): Promise<Wire> => {
  await held;
  loaded = await import('./wire');
  return loaded;
});

/** The loaded wire module; only for code that runs after a connect has loaded it. */
export function wire(): Wire {
  if (!loaded) throw new Error('internal: the upstream wire module is used before any connect loaded it');
  return loaded;
}
