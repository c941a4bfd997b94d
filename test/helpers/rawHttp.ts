import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';

// Raw HTTP/1.1 over a real socket, for the tests of the hub's front (fastFront.ts): requests
// written byte for byte, in pieces or pipelined, and the answers read back as they come.

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The complete answers at the start of `bytes`, in order (a partial one at the end is left out). */
export function parseAnswers(bytes: Buffer): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let at = 0;
  for (;;) {
    const end = bytes.indexOf('\r\n\r\n', at);
    if (end < 0) return answers;
    const [statusLine, ...fields] = bytes.toString('latin1', at, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const field of fields) {
      const colon = field.indexOf(':');
      headers[field.slice(0, colon).toLowerCase()] = field.slice(colon + 1).trim();
    }
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine!)?.[1]);
    let cursor = end + 4;
    let body: Buffer;
    if (headers['transfer-encoding'] === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = bytes.indexOf('\r\n', cursor);
        if (lineEnd < 0) return answers;
        const size = parseInt(bytes.toString('latin1', cursor, lineEnd), 16);
        if (bytes.length < lineEnd + 2 + size + 2) return answers;
        parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
        cursor = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
    } else {
      const length = status === 204 || status === 304 ? 0 : Number(headers['content-length'] ?? 0);
      if (bytes.length < cursor + length) return answers;
      body = bytes.subarray(cursor, cursor + length);
      cursor += length;
    }
    // An interim answer (100 Continue) is not one of the answers.
    if (status >= 200) answers.push({ status, headers, body: body.toString('utf8') });
    at = cursor;
  }
}

export interface RawConnection {
  socket: Socket;
  /** Writes the pieces, pausing `gapMs` between them. */
  send(pieces: (string | Buffer)[], gapMs?: number): Promise<void>;
  /** Waits for `count` complete answers in all (since the connection opened). */
  answers(count: number, timeoutMs?: number): Promise<RawAnswer[]>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  close(): void;
}

export async function rawConnection(port: number): Promise<RawConnection> {
  const socket = netConnect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const received: Buffer[] = [];
  const waiters = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    received.push(chunk);
    for (const waiter of waiters) waiter();
  });
  socket.on('error', () => undefined);
  let ended = false;
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      ended = true;
      resolve();
      for (const waiter of waiters) waiter();
    }),
  );
  return {
    socket,
    closed,
    async send(pieces, gapMs = 0) {
      for (const [index, piece] of pieces.entries()) {
        if (index > 0 && gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
        socket.write(piece);
      }
    },
    answers(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const answers = parseAnswers(Buffer.concat(received));
          if (answers.length >= count) return finish(() => resolve(answers));
          if (ended) finish(() => reject(new Error(`the connection closed after ${answers.length} of ${count} answers: ${Buffer.concat(received).toString('latin1').slice(0, 300)}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${parseAnswers(Buffer.concat(received)).length} of ${count} answers within ${timeoutMs} ms: ${Buffer.concat(received).toString('latin1').slice(0, 300)}`))), timeoutMs);
        const finish = (settle: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      socket.destroy();
    },
  };
}
