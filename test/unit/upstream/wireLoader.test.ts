import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as WireLoader from '../../../hub/upstream/wireLoader';

// A fresh loader per test: it keeps its module once loaded.
let loader: typeof WireLoader;
beforeEach(async () => {
  vi.resetModules();
  loader = await import('../../../hub/upstream/wireLoader');
});

async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
}

describe('the upstream wire loader', () => {
  it('loads the SDK side only once the hold is released, and only once', async () => {
    const release = loader.holdWire();
    const loading = loader.loadWire();
    expect(loader.loadWire()).toBe(loading);
    expect(await settledWithin(loading, 50)).toBe(false);
    expect(() => loader.wire()).toThrow('used before any connect loaded it');
    release();
    const module = await loading;
    expect(typeof module.openConnection).toBe('function');
    expect(typeof module.requests.callTool).toBe('function');
    expect(loader.wire()).toBe(module);
  });

  it('stops holding as soon as a request needs a live connection', async () => {
    loader.holdWire();
    const loading = loader.loadWire();
    expect(await settledWithin(loading, 50)).toBe(false);
    loader.wireNeeded();
    await loading;
    expect(typeof loader.wire().toUpstreamError).toBe('function');
  });

  it('loads at once when nothing holds it', async () => {
    expect(await settledWithin(loader.loadWire(), 2000)).toBe(true);
  });
});
