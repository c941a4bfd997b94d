import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSelfSignedCert } from '../../hub/access/selfSignedCert';
import { Http1Agent } from '../../hub/serve/http1Client';
import type { Http1Control } from '../../hub/serve/http1Client';

// The relay's HTTP/1.1 client (hub/serve/http1Client.ts) against real servers on 127.0.0.1:
// node:http for the usual framings, raw TCP servers for the answers node:http never writes
// (1xx heads, close-delimited bodies, garbage, connections dropped as a request arrives).

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Sizes of the pieces onResponseData saw, in order. */
  pieces: number[];
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function agent(options?: { ca?: string }): Http1Agent {
  const client = new Http1Agent(options);
  cleanups.push(() => client.close());
  return client;
}

async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void, setup?: (server: Server) => void): Promise<{ url: string; server: Server; ports: number[] }> {
  const ports: number[] = [];
  const server = createServer((req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    handler(req, res);
  });
  setup?.(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp?x=1`, server, ports };
}

/** A TCP server that answers each request with whatever `respond` writes; counts connections and requests. */
async function rawServer(respond: (socket: Socket, request: string, index: number) => void): Promise<{ url: string; connections: number; requests: string[] }> {
  const state = { url: '', connections: 0, requests: [] as string[] };
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: *(\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const request = buffer.slice(0, end + 4 + length);
        buffer = buffer.slice(end + 4 + length);
        state.requests.push(request);
        respond(socket, request, state.requests.length - 1);
      }
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  return state;
}

function post(client: Http1Agent, url: string, body = '{}', headers: Record<string, string> = { 'content-type': 'application/json' }, onPiece?: (control: Http1Control, piece: Buffer) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const answer: Answer = { status: 0, headers: {}, body: '', pieces: [] };
    const chunks: Buffer[] = [];
    let ended = 0;
    const control = client.request(
      { url: new URL(url), method: 'POST', headers, body },
      {
        onResponseStart(status, responseHeaders) {
          answer.status = status;
          answer.headers = responseHeaders;
        },
        onResponseData(chunk) {
          chunks.push(Buffer.from(chunk));
          answer.pieces.push(chunk.length);
          onPiece?.(control, chunk);
        },
        onResponseEnd() {
          ended++;
          answer.body = Buffer.concat(chunks).toString('utf8');
          resolve(answer);
        },
        onResponseError(error) {
          if (ended) reject(new Error('onResponseError after onResponseEnd'));
          reject(error);
        },
      },
    );
  });
}

describe('Http1Agent', () => {
  it('sends the request as given and reads a Content-Length answer; the connection is reused', async () => {
    const seen: { url?: string; headers?: Record<string, string | string[] | undefined>; body?: string }[] = [];
    const { url, ports } = await httpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=5' }).end('{"ok":"é"}');
      });
    });
    const client = agent();
    const body = JSON.stringify({ text: 'héllo ✓' });
    const first = await post(client, url, body, { 'content-type': 'application/json', 'mcp-method': 'tools/call', 'Mcp-Name': 'echo' });
    expect(first).toMatchObject({ status: 200, body: '{"ok":"é"}' });
    expect(first.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'max-age=5' });
    expect(seen[0]).toMatchObject({ url: '/mcp?x=1', body });
    expect(seen[0]?.headers).toMatchObject({ host: new URL(url).host, 'content-length': String(Buffer.byteLength(body)), 'mcp-method': 'tools/call', 'mcp-name': 'echo' });
    await post(client, url);
    await post(client, url);
    expect(new Set(ports).size).toBe(1);
  });

  it('sends header values as latin1, the body as UTF-8, whether or not the head is plain ASCII', async () => {
    const seen: { note?: string; body?: string }[] = [];
    const { url } = await httpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ note: req.headers['x-note'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') });
        res.end('{}');
      });
    });
    const client = agent();
    const body = JSON.stringify({ text: 'naïve ✓ 工具' });
    await post(client, url, body, { 'content-type': 'application/json', 'x-note': 'plain' });
    await post(client, url, body, { 'content-type': 'application/json', 'x-note': 'caf\u00e9 cr\u00e8me' });
    expect(seen).toEqual([
      { note: 'plain', body },
      { note: 'caf\u00e9 cr\u00e8me', body },
    ]);
  });

  it('streams a chunked answer piece by piece, with backpressure', async () => {
    const { url } = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const timer = setInterval(() => {
        res.write(`data: ${sent}\n\n`);
        if (++sent === 4) {
          clearInterval(timer);
          res.end();
        }
      }, 40);
    });
    const client = agent();
    let pieces = 0;
    let piecesWhilePaused = -1;
    const answer = await post(client, url, '{}', {}, (control, piece) => {
      if (++pieces !== 1) return;
      expect(piece.toString()).toBe('data: 0\n\n');
      control.pause();
      // The server writes the rest meanwhile; none of it is delivered until resume().
      setTimeout(() => {
        piecesWhilePaused = pieces;
        control.resume();
      }, 250);
    });
    expect(answer.body).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n');
    expect(piecesWhilePaused).toBe(1);
    expect(pieces).toBeGreaterThanOrEqual(2);
  });

  it('takes 1xx heads, close-delimited bodies and empty answers in stride', async () => {
    const raw = await rawServer((socket, _request, index) => {
      if (index === 0) socket.write('HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      else if (index === 1) socket.write('HTTP/1.1 204 No Content\r\n\r\n');
      else {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ');
        setTimeout(() => socket.end('the end'), 30);
      }
    });
    const client = agent();
    expect(await post(client, raw.url)).toMatchObject({ status: 200, body: 'ok' });
    expect(await post(client, raw.url)).toMatchObject({ status: 204, body: '' });
    expect(await post(client, raw.url)).toMatchObject({ status: 200, body: 'until the end', headers: { 'content-type': 'text/plain' } });
    // One connection for the first three (keep-alive); the close-delimited one cannot be reused.
    expect(raw.connections).toBe(1);
  });

  it('reads a head the same as the last one on the connection alike, and a head differing in any byte anew', async () => {
    // The client reuses what it parsed of the connection's last head when the bytes are the same.
    const heads = [
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\nab',
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\ncd',
      // Same length, other bytes: another status, type and length.
      'HTTP/1.1 201 OK\r\nContent-Type: application/jsox\r\nContent-Length: 3\r\n\r\nefg',
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\nhi',
      // Chunk-size lines with blanks and an extension; then the head before it again.
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3 ;note=x\r\njkl\r\n 2\t\r\nmn\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\nop',
    ];
    const raw = await rawServer((socket, _request, index) => socket.write(heads[index]!));
    const client = agent();
    const answers = [];
    for (let i = 0; i < heads.length; i++) answers.push(await post(client, raw.url));
    expect(answers.map((a) => [a.status, a.headers['content-type'], a.body])).toEqual([
      [200, 'application/json', 'ab'],
      [200, 'application/json', 'cd'],
      [201, 'application/jsox', 'efg'],
      [200, 'application/json', 'hi'],
      [200, undefined, 'jklmn'],
      [200, 'application/json', 'op'],
    ]);
    expect(answers[4]!.pieces).toEqual([3, 2]);
    expect(raw.connections).toBe(1);
  });

  it('does not reuse a connection the server said to close, or one that idled past its Keep-Alive hint', async () => {
    // This server says "close" but leaves the connection open: the client must not send on it again.
    const closing = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'));
    const client = agent();
    await post(client, closing.url);
    await post(client, closing.url);
    expect(closing.connections).toBe(2);

    // Node's server says `Keep-Alive: timeout=2`: the client keeps the connection for a second.
    const hinted = await httpServer(
      (_req, res) => res.end('ok'),
      (server) => {
        server.keepAliveTimeout = 2_000;
      },
    );
    await post(client, hinted.url);
    await post(client, hinted.url);
    expect(new Set(hinted.ports).size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await post(client, hinted.url);
    expect(new Set(hinted.ports).size).toBe(2);
  });

  it('retries once on a fresh connection when a reused one is dropped as the request arrives', async () => {
    const raw = await rawServer((socket, _request, index) => {
      if (index === 1) socket.destroy(); // the server gave up on the idle connection just then
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    const client = agent();
    expect(await post(client, raw.url)).toMatchObject({ body: 'ok' });
    expect(await post(client, raw.url)).toMatchObject({ body: 'ok' });
    expect(raw.requests).toHaveLength(3);
    expect(raw.connections).toBe(2);
  });

  it('fails a fresh connection that closes without answering, with no retry', async () => {
    const raw = await rawServer((socket) => socket.destroy());
    await expect(post(agent(), raw.url)).rejects.toThrow(/closed the connection without answering/);
    expect(raw.requests).toHaveLength(1);
  });

  it('rejects answers that are not HTTP/1.x, bad chunks, bad lengths and oversized heads, and drops their connections', async () => {
    const raw = await rawServer((socket, _request, index) => {
      if (index === 0) socket.write('SSH-2.0-OpenSSH\r\n\r\n');
      else if (index === 1) socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
      else if (index === 2) socket.write('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n');
      else socket.write(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70 * 1024)}`);
    });
    const client = agent();
    await expect(post(client, raw.url)).rejects.toThrow(/did not answer in HTTP\/1\.x/);
    await expect(post(client, raw.url)).rejects.toThrow(/malformed chunk/);
    await expect(post(client, raw.url)).rejects.toThrow(/invalid Content-Length/);
    await expect(post(client, raw.url)).rejects.toThrow(/head is over 64 KiB/);
    expect(raw.connections).toBe(4);
  });

  it('rejects chunk-size lines that are empty, over 12 digits, or followed by anything but blanks and an extension', async () => {
    const lines = ['\r\n', '1234567890abc\r\n', '3x\r\n', '3 4\r\n', '-3\r\n'];
    const raw = await rawServer((socket, _request, index) => socket.write(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${lines[index]!}`));
    const client = agent();
    for (let i = 0; i < lines.length; i++) await expect(post(client, raw.url)).rejects.toThrow(/malformed chunk/);
    expect(raw.connections).toBe(lines.length);
  });

  it('abort() ends the upstream request and reports the reason once', async () => {
    let closed = false;
    const { url } = await httpServer((req) => {
      req.resume();
      req.socket.once('close', () => {
        closed = true;
      });
    });
    const client = agent();
    const errors: string[] = [];
    const control = client.request({ url: new URL(url), method: 'POST', headers: {}, body: '{}' }, { onResponseStart() {}, onResponseData() {}, onResponseEnd() {}, onResponseError: (error) => errors.push(error.message) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    control.abort(new Error('the client closed the request'));
    control.abort(new Error('twice'));
    for (let i = 0; i < 50 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
    expect(errors).toEqual(['the client closed the request']);
  });

  it('reports a refused connection and refuses header injection before connecting', async () => {
    const { url, server } = await httpServer((_req, res) => res.end('ok'));
    const client = agent();
    await expect(post(client, url, '{}', { 'x-evil': 'a\r\nInjected: yes' })).rejects.toThrow(/invalid header "x-evil"/);
    await expect(post(client, url, '{}', { 'bad name': 'x' })).rejects.toThrow(/invalid header/);
    const port = (server.address() as AddressInfo).port;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(post(client, `http://127.0.0.1:${port}/mcp`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('speaks HTTPS, checking the certificate', async () => {
    const cert = generateSelfSignedCert({ hosts: ['127.0.0.1'] });
    const server = createHttpsServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end('secure'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    await expect(post(agent(), url)).rejects.toThrow(/self[- ]signed/i);
    expect(await post(agent({ ca: cert.cert }), url)).toMatchObject({ status: 200, body: 'secure' });
  });

  it('close() ends idle connections and fails new requests', async () => {
    let closedSockets = 0;
    const { url } = await httpServer((req, res) => {
      req.socket.once('close', () => closedSockets++);
      res.end('ok');
    });
    const client = new Http1Agent();
    await post(client, url);
    client.close();
    for (let i = 0; i < 50 && closedSockets === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closedSockets).toBe(1);
    await expect(post(client, url)).rejects.toThrow(/closed/);
  });
});
