import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../../electron/main/debounce';
import { TRAY_REBUILD_DELAY_MS, TrayController } from '../../../electron/main/trayController';
import type { TrayView } from '../../../electron/main/trayController';
import type { TrayHubPort, TrayServer } from '../../../electron/main/trayHubPort';

/** An in-memory TrayHubPort: the tray's view of a hub, without a hub. */
class MemoryPort implements TrayHubPort {
  readonly version = '0.1.0';
  readonly endpoint = 'http://127.0.0.1:4242/mcp';
  readonly origin = 'http://127.0.0.1:4242';
  servers: TrayServer[] = [];
  private readonly listeners = new Set<() => void>();
  listServers = (): TrayServer[] => this.servers.map((server) => ({ ...server }));
  listVirtualServers = () => [];
  setServerEnabled = async (name: string, enabled: boolean): Promise<void> => {
    this.set(name, enabled, enabled ? { status: 'starting', attempt: 1 } : { status: 'disabled' });
  };
  setVirtualServerEnabled = async (): Promise<void> => undefined;
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  createLoginUrl = (): string => `${this.origin}/login?token=t`;
  connectUrl = async (name: string): Promise<string> => `${this.origin}/servers/${name}`;
  set(name: string, enabled: boolean, state: TrayServer['state']): void {
    this.servers = [...this.servers.filter((server) => server.name !== name), { name, enabled, state }];
    for (const listener of this.listeners) listener();
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

describe('TrayController', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renders "starting" at once, then the hub when attached', () => {
    const views: TrayView[] = [];
    const controller = new TrayController({ render: (view) => views.push(view), openAtLogin: () => false });
    expect(views).toHaveLength(1);
    expect(views[0]?.menu[0]?.label).toBe('Patchbay hub starting…');
    controller.attach(new MemoryPort());
    expect(views).toHaveLength(2);
    expect(views[1]?.menu.find((item) => item.id === 'hub-endpoint')?.label).toBe('http://127.0.0.1:4242/mcp');
    controller.dispose();
  });

  it('coalesces a burst of hub changes into one rebuild after the debounce delay', () => {
    const views: TrayView[] = [];
    const port = new MemoryPort();
    const controller = new TrayController({ render: (view) => views.push(view), openAtLogin: () => true });
    controller.attach(port);
    const before = views.length;

    port.set('a', true, { status: 'starting', attempt: 1 });
    vi.advanceTimersByTime(TRAY_REBUILD_DELAY_MS - 50);
    port.set('b', true, { status: 'starting', attempt: 1 });
    port.set('a', true, { status: 'error', message: 'boom', attempt: 1 });
    vi.advanceTimersByTime(TRAY_REBUILD_DELAY_MS - 1);
    expect(views.length).toBe(before);

    vi.advanceTimersByTime(1);
    expect(views.length).toBe(before + 1);
    const last = views.at(-1);
    expect(last?.icon).toBe('error');
    expect(last?.menu.filter((item) => item.id?.startsWith('server:')).map((item) => item.label)).toEqual(['b — starting…', 'a — error']);
    expect(last?.menu.find((item) => item.id === 'open-at-login')?.checked).toBe(true);
    controller.dispose();
  });

  it('shows a hub failure, and stops listening and rendering once disposed', () => {
    const views: TrayView[] = [];
    const port = new MemoryPort();
    const controller = new TrayController({ render: (view) => views.push(view), openAtLogin: () => false });
    controller.attach(port);
    expect(port.listenerCount).toBe(1);
    controller.fail('database is locked');
    expect(port.listenerCount).toBe(0);
    expect(views.at(-1)?.icon).toBe('error');
    expect(views.at(-1)?.menu[0]).toMatchObject({ label: 'Patchbay hub stopped', sublabel: 'database is locked' });

    controller.attach(port);
    port.set('a', true, { status: 'disabled' });
    controller.dispose();
    const count = views.length;
    vi.advanceTimersByTime(TRAY_REBUILD_DELAY_MS * 2);
    controller.renderNow();
    expect(views.length).toBe(count);
    expect(port.listenerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('debounce', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once, delayMs after the last call; flush runs early; cancel drops', () => {
    let runs = 0;
    const debounced = debounce(() => runs++, 200);
    debounced.call();
    vi.advanceTimersByTime(150);
    debounced.call();
    vi.advanceTimersByTime(150);
    expect(runs).toBe(0);
    expect(debounced.pending).toBe(true);
    vi.advanceTimersByTime(50);
    expect(runs).toBe(1);
    expect(debounced.pending).toBe(false);

    debounced.call();
    debounced.flush();
    expect(runs).toBe(2);
    debounced.flush();
    expect(runs).toBe(2);

    debounced.call();
    debounced.cancel();
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
