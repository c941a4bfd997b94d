import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { QuitCoordinator, isPortInUse, startWithPortFallback } from '../../../electron/main/hubStartup';

const servers: Server[] = [];

/** Listens like the hub's HTTP server does, reporting a busy port the way the hub does. */
function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new HubError('CONFLICT', `Port ${port} on 127.0.0.1 is already in use.`, { cause: error }) : error);
    });
    server.listen(port, '127.0.0.1', () => {
      servers.push(server);
      resolve(server);
    });
  });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('startWithPortFallback', () => {
  it('uses the preferred port when it is free', async () => {
    const probe = await listen(0);
    const free = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    servers.splice(servers.indexOf(probe), 1);
    const server = await startWithPortFallback(listen, free);
    expect((server.address() as AddressInfo).port).toBe(free);
  });

  it('falls back to any free port when the preferred one is busy', async () => {
    const busy = (await listen(0)).address() as AddressInfo;
    const tried: number[] = [];
    const server = await startWithPortFallback((port) => {
      tried.push(port);
      return listen(port);
    }, busy.port);
    expect(tried).toEqual([busy.port, 0]);
    expect((server.address() as AddressInfo).port).not.toBe(busy.port);
  });

  it('does not retry other failures (e.g. another hub already running)', async () => {
    const tried: number[] = [];
    const failure = new Error('A hub for /data is already running at http://127.0.0.1:4242');
    await expect(
      startWithPortFallback(async (port) => {
        tried.push(port);
        throw failure;
      }, 4242),
    ).rejects.toBe(failure);
    expect(tried).toEqual([4242]);
    expect(isPortInUse(new HubError('CONFLICT', 'Server "x" already exists'))).toBe(false);
  });
});

describe('QuitCoordinator', () => {
  const event = () => {
    const e = { prevented: 0, preventDefault: () => void e.prevented++ };
    return e;
  };

  it('holds the first quit until the hub has stopped, then exits once', async () => {
    let finishStop!: () => void;
    const stopped = new Promise<void>((resolve) => (finishStop = resolve));
    let stops = 0;
    let exited!: () => void;
    const exit = new Promise<void>((resolve) => (exited = resolve));
    const exits: string[] = [];
    const quit = new QuitCoordinator({
      stop: () => {
        stops++;
        return stopped;
      },
      exit: () => {
        exits.push('exit');
        exited();
      },
    });
    expect(quit.quitting).toBe(false);
    const first = event();
    quit.onBeforeQuit(first);
    expect(first.prevented).toBe(1);
    expect(quit.quitting).toBe(true);
    const second = event();
    quit.onBeforeQuit(second);
    expect(second.prevented).toBe(1);
    expect(exits).toEqual([]);

    finishStop();
    await exit;
    expect(stops).toBe(1);
    expect(exits).toEqual(['exit']);
    const last = event();
    quit.onBeforeQuit(last);
    expect(last.prevented).toBe(0);
  });

  it('still exits when stopping fails or takes too long', async () => {
    const errors: string[] = [];
    await new Promise<void>((resolve) => {
      new QuitCoordinator({ stop: () => Promise.reject(new Error('db busy')), exit: resolve, onError: (error) => errors.push(String(error)) }).onBeforeQuit(event());
    });
    await new Promise<void>((resolve) => {
      new QuitCoordinator({ stop: () => new Promise(() => undefined), exit: resolve, timeoutMs: 20, onError: (error) => errors.push(String(error)) }).onBeforeQuit(event());
    });
    expect(errors).toEqual(['Error: db busy', 'Error: The hub did not stop within 20 ms; quitting anyway.']);
  });
});
