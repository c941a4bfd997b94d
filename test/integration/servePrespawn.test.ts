import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, alive, cli, serve, serverStatus, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// `patchbay serve` spawns its stdio servers before it loads the rest of the hub and adopts them
// when it connects (hub/cli/prespawnServe.ts): the real CLI, a real fixture server, its start log.

let home: TempHome | undefined;
let hub: ServeHandle | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
  home?.cleanup();
  home = undefined;
});

/** Adds the echo fixture as a server that logs its pid the moment it starts (before its imports). */
function addLoggingEcho(target: TempHome, log: string): void {
  const boot = `require('node:fs').appendFileSync(${JSON.stringify(log)}, process.pid + '\\n'); import(${JSON.stringify(`file://${join(FIXTURES, 'servers', 'echo.mjs')}`)});`;
  const added = cli(target, ['server', 'add', 'echo', '--', process.execPath, '-e', boot]);
  expect(added.status, added.stderr).toBe(0);
}

function parentOf(pid: number): number {
  // /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the ")".
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
}

describe.skipIf(process.platform !== 'linux')('serve pre-spawns stdio servers', () => {
  it('starts each server once, before the hub has loaded, and uses that process', async () => {
    home = tempHome();
    const log = join(home.home, 'starts.log');
    writeFileSync(log, '');
    const starts = (): number[] => readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number);
    addLoggingEcho(home, log);
    const running = (): boolean => serverStatus(home!, 'echo') === 'running';

    // First run: no era verdict yet, so nothing is pre-spawned; the SDK probes on a sibling.
    hub = await serve(home);
    await waitFor(running, 20_000, 'echo to run');
    expect(starts()).toHaveLength(2);
    await hub.stop();

    // Second run: the server is spawned first and adopted, so it starts exactly once more.
    hub = await serve(home);
    await waitFor(running, 20_000, 'echo to run again');
    const third = starts();
    expect(third).toHaveLength(3);
    expect(parentOf(third[2]!)).toBe(hub.process.pid);
    const call = cli(home, ['call', 'echo/echo', '--args', '{"text":"early"}', '--json']);
    expect(call.status, call.stderr).toBe(0);
    expect(call.stdout).toContain('echo: early');
    expect(starts()).toHaveLength(3);
    await hub.stop();
    hub = undefined;
    await waitFor(() => !alive(third[2]), 10_000, 'the server to stop with the hub');
  });

  it('does not pre-spawn while another hub runs on the same data directory', async () => {
    home = tempHome();
    const log = join(home.home, 'starts.log');
    writeFileSync(log, '');
    const starts = (): number => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
    addLoggingEcho(home, log);
    hub = await serve(home);
    await waitFor(() => serverStatus(home!, 'echo') === 'running', 20_000, 'echo to run');
    await hub.stop();
    hub = await serve(home);
    await waitFor(() => serverStatus(home!, 'echo') === 'running', 20_000, 'echo to run again');
    const before = starts();
    const second = cli(home, ['serve', '--port', '0', '--json']);
    expect(second.status).toBe(2);
    expect(second.stderr).toContain('already running');
    expect(starts()).toBe(before);
  });
});
