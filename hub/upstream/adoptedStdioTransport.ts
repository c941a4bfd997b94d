// An MCP stdio client transport over a child process that is already running (one `serve`
// pre-spawned, see prespawn.ts). Newline-delimited JSON-RPC on the child's stdin/stdout, framed by
// the SDK's own ReadBuffer and serializeMessage; closing follows the SDK's StdioClientTransport
// (end stdin, then SIGTERM, then SIGKILL, two seconds apart). It is used only for connects with a
// cached protocol-era verdict: without one, the SDK probes the era on a disposable sibling process,
// which it can spawn only from its own StdioClientTransport.
import type { ChildProcess } from 'node:child_process';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/client';

const CLOSE_STEP_MS = 2000;

export class AdoptedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly readBuffer = new ReadBuffer();
  private process: ChildProcess | undefined;
  private started = false;

  constructor(private readonly child: ChildProcess) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('AdoptedStdioTransport already started');
    this.started = true;
    const child = this.child;
    this.process = child;
    child.on('error', (error) => this.onerror?.(error));
    let closed = false;
    child.on('close', () => {
      if (closed) return;
      closed = true;
      this.process = undefined;
      this.onclose?.();
    });
    child.stdin?.on('error', (error) => this.onerror?.(error));
    child.stdout?.on('error', (error) => this.onerror?.(error));
    child.stdout?.on('data', (chunk: Buffer) => {
      try {
        this.readBuffer.append(chunk);
        this.deliver();
      } catch (error) {
        this.onerror?.(error as Error);
        void this.close().catch(() => undefined);
      }
    });
    // It may have exited between adoption and start, its 'close' gone unheard: report it once.
    if (child.exitCode !== null || child.signalCode !== null) queueMicrotask(() => child.emit('close', child.exitCode, child.signalCode));
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.process?.stdin;
      if (!stdin || stdin.destroyed) {
        reject(new Error('Not connected'));
        return;
      }
      // Settled by the write itself: flushed, or failed (the child exited, stdin was closed). A
      // 'drain' that never comes (the child gone with the write still queued) must not leave the
      // send, and whoever awaits it (stop(), via a subscription's cancel), waiting forever.
      const written = stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
      if (written) resolve();
    });
  }

  async close(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child) {
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      const within = (ms: number): Promise<void> => Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
      try {
        child.stdin?.end();
      } catch {
        // already closed
      }
      await within(CLOSE_STEP_MS);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await within(CLOSE_STEP_MS);
      }
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    this.readBuffer.clear();
  }

  private deliver(): void {
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.readBuffer.readMessage();
      } catch (error) {
        this.onerror?.(error as Error);
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }
}
