import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { installFastFront, parseRequestHead } from '../../hub/serve/fastFront';
import type { FastFront, ReplyStream } from '../../hub/serve/fastFront';
import { rawConnection } from '../helpers/rawHttp';

// The front of the hub's HTTP server (hub/serve/fastFront.ts) on a real node:http server over
// loopback: what it takes, it answers as node:http would; everything else reaches node:http from
// the request's first byte, and node:http's answers are the ones a client gets for it.

const MAX_BODY = 1024;

interface Setup {
  server: Server;
  front: FastFront;
  port: number;
  /** Replies of `hang` requests, and whether each saw 'close'. */
  hung: { reply: ReplyStream; closed: boolean }[];
}

let current: Setup | undefined;

afterEach(async () => {
  if (!current) return;
  current.front.closeAll();
  current.server.closeAllConnections();
  await new Promise((resolve) => current!.server.close(resolve));
  current = undefined;
});

/** node:http answers `node:METHOD URL BODY`; the front answers bodies it knows (`fast:...`, `later:...`, ...). */
async function setup(): Promise<Setup> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = `node:${req.method} ${req.url} ${Buffer.concat(chunks).toString('utf8')}`;
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) }).end(text);
    });
  });
  const hung: Setup['hung'] = [];
  const answer = (reply: ReplyStream, text: string): void => {
    reply.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    reply.end(text);
  };
  const front = installFastFront(server, {
    maxBody: MAX_BODY,
    serve(head, reply, path, bytes) {
      const body = bytes.toString('utf8');
      if (body.startsWith('fast:')) {
        answer(reply, `front:${path}:${body.slice(5)}:${head.headers['x-tag'] ?? ''}`);
        return true;
      }
      if (body.startsWith('later:')) {
        return new Promise((resolve) =>
          setTimeout(() => {
            answer(reply, `front-later:${body.slice(6)}`);
            resolve(true);
          }, 30),
        );
      }
      if (body === 'decline-later') return new Promise((resolve) => setTimeout(() => resolve(false), 20));
      if (body === 'throw') throw new Error('the fast path failed');
      if (body === 'stream') {
        reply.writeHead(200, { 'Content-Type': 'text/event-stream' });
        let sent = 0;
        const timer = setInterval(() => {
          sent++;
          reply.write(Buffer.from(`data: ${sent}\n\n`));
          if (sent === 3) {
            clearInterval(timer);
            reply.end();
          }
        }, 30);
        return true;
      }
      if (body === 'no-content') {
        reply.writeHead(204, {});
        reply.end();
        return true;
      }
      if (body === 'hang') {
        const entry = { reply, closed: false };
        reply.on('close', () => (entry.closed = true));
        hung.push(entry);
        return true;
      }
      return false;
    },
  });
  if (!front) throw new Error('the front did not install');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  current = { server, front, port: (server.address() as AddressInfo).port, hung };
  return current;
}

function post(body: string, extra = '', path = '/mcp'): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('the fast front', () => {
  it('serves a complete plain POST itself, as node:http would frame it, and the next one on the connection', async () => {
    const { port } = await setup();
    const connection = await rawConnection(port);
    await connection.send([post('fast:one', 'X-Tag: a\r\n')]);
    await connection.answers(1);
    await connection.send([post('fast:two', '', '/mcp/github_x-1/')]);
    const [first, second] = await connection.answers(2);
    expect(first).toMatchObject({ status: 200, body: 'front:/mcp:one:a' });
    expect(first!.headers).toMatchObject({ 'content-type': 'text/plain', 'content-length': '16', connection: 'keep-alive', 'keep-alive': 'timeout=5' });
    expect(new Date(first!.headers.date!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(second).toMatchObject({ status: 200, body: 'front:/mcp/github_x-1/:two:' });
    connection.close();
  });

  it('waits for a request that comes in pieces, head and body', async () => {
    const { port } = await setup();
    const connection = await rawConnection(port);
    const bytes = post('fast:pieces');
    await connection.send([bytes.slice(0, 4), bytes.slice(4, 30), bytes.slice(30, bytes.length - 5), bytes.slice(bytes.length - 5)], 25);
    const [answer] = await connection.answers(1);
    expect(answer!.body).toBe('front:/mcp:pieces:');
    connection.close();
  });

  it('answers pipelined requests in order; from the first it declines, node:http has the connection', async () => {
    const { port } = await setup();
    const connection = await rawConnection(port);
    await connection.send([post('fast:a') + post('later:b') + 'GET /other HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' + post('fast:c')]);
    const answers = await connection.answers(4);
    expect(answers.map((answer) => answer.body)).toEqual(['front:/mcp:a:', 'front-later:b', 'node:GET /other ', 'node:POST /mcp fast:c']);
    connection.close();
  });

  it('gives node:http every request outside its strict subset, from the first byte', async () => {
    const { port } = await setup();
    const body = 'fast:x';
    const cases: [string, string][] = [
      ['Content-Length with Transfer-Encoding', `POST /mcp HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n${body}`],
      ['chunked', `POST /mcp HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n${body}\r\n0\r\n\r\n`],
      ['two Content-Lengths', `POST /mcp HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nContent-Length: 6\r\n\r\n${body}`],
      ['a signed Content-Length', `POST /mcp HTTP/1.1\r\nHost: h\r\nContent-Length: +6\r\n\r\n${body}`],
      ['a folded line', `POST /mcp HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n 2\r\nContent-Length: 6\r\n\r\n${body}`],
      ['a bare LF', `POST /mcp HTTP/1.1\r\nHost: h\nContent-Length: 6\r\n\r\n${body}`],
      ['a blank before the colon', `POST /mcp HTTP/1.1\r\nHost : h\r\nContent-Length: 6\r\n\r\n${body}`],
      ['HTTP/1.0', `POST /mcp HTTP/1.0\r\nHost: h\r\nContent-Length: 6\r\n\r\n${body}`],
      ['absolute form', `POST http://h/mcp HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n${body}`],
      ['a query', `POST /mcp?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n${body}`],
      ['an escape in the path', `POST /mcp/a%2Fb HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n${body}`],
      ['a dot segment', `POST /mcp/../api/x HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n${body}`],
      ['a lower-case method', `post /mcp HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n${body}`],
      ['Connection: close', `POST /mcp HTTP/1.1\r\nHost: h\r\nConnection: close\r\nContent-Length: 6\r\n\r\n${body}`],
      ['Expect: 100-continue', `POST /mcp HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 6\r\n\r\n${body}`],
      ['Upgrade', `POST /mcp HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nUpgrade: websocket\r\nContent-Length: 6\r\n\r\n${body}`],
      ['a non-ASCII value', `POST /mcp HTTP/1.1\r\nHost: h\r\nX-A: caf\u00e9\r\nContent-Length: 6\r\n\r\n${body}`],
      ['a NUL in a value', `POST /mcp HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\nContent-Length: 6\r\n\r\n${body}`],
      ['no Host', `POST /mcp HTTP/1.1\r\nContent-Length: 6\r\n\r\n${body}`],
      ['a field twice', `POST /mcp HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 6\r\n\r\n${body}`],
      ['an empty body', `POST /mcp HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n`],
      ['a body over the limit', post(`fast:${'x'.repeat(MAX_BODY)}`)],
      ['a head over 16 KiB', post(body, `X-Big: ${'x'.repeat(17 * 1024)}\r\n`)],
    ];
    for (const [name, bytes] of cases) {
      const connection = await rawConnection(port);
      await connection.send([Buffer.from(bytes, 'latin1')]);
      const answer = await connection.answers(1).then((answers) => answers[0]!).catch((error: unknown) => ({ status: 0, headers: {}, body: String(error) }));
      connection.close();
      // node:http answered: its handler (the whole request reached it) or its own refusal.
      expect(answer.body.startsWith('front:'), name).toBe(false);
      if (answer.status === 200) expect(answer.body, name).toMatch(/^node:POST \S+ (fast:x|fast:x{1024}|)$/);
      else expect([400, 431], `${name}: ${answer.status} ${answer.body}`).toContain(answer.status);
    }
  });

  it('reads every request it takes exactly as node:http reads it', async () => {
    // The subset's edges: case, blanks around values, empty values, every path form it takes.
    const heads = [
      'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:4242\r\nContent-Length: 6',
      'POST /mcp/ HTTP/1.1\r\nhOsT:\t127.0.0.1 \t\r\ncontent-length:6\r\nX-Empty:\r\nX-Inner:  a  b ',
      'POST /mcp/Some_Server-2 HTTP/1.1\r\nHost: [::1]\r\nConnection: Keep-Alive\r\nAuthorization: Bearer abc.def\r\nContent-Length: 6\r\nX-Quote: "q" \'s\' (c) <d>',
      'POST /mcp/x/ HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nAccept: application/json, text/event-stream\r\nMcp-Param-A: =?base64?YQ==?=',
    ];
    const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
    const plain = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end();
      });
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      for (const head of heads) {
        const parsed = parseRequestHead(head, MAX_BODY);
        expect(parsed, head).toBeDefined();
        const connection = await rawConnection((plain.address() as AddressInfo).port);
        await connection.send([`${head}\r\n\r\nfast:x`]);
        await connection.answers(1);
        connection.close();
        const node = seen.at(-1)!;
        expect({ url: node.url, headers: node.headers, length: Buffer.byteLength(node.body) }).toEqual({ url: parsed!.path, headers: { ...parsed!.headers }, length: parsed!.length });
        expect(node.method).toBe('POST');
      }
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('streams a chunked answer as it is written, and ends a 204 without a body', async () => {
    const { port } = await setup();
    const pieces: string[] = [];
    const streamed = await new Promise<{ status?: number; type?: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { 'Content-Length': 6 } }, (res) => {
        res.on('data', (chunk: Buffer) => pieces.push(chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] }));
      });
      req.on('error', reject);
      req.end('stream');
    });
    expect(streamed).toEqual({ status: 200, type: 'text/event-stream' });
    expect(pieces.join('')).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    expect(pieces.length).toBeGreaterThan(1);

    const connection = await rawConnection(port);
    await connection.send([post('no-content') + post('fast:after')]);
    const [empty, after] = await connection.answers(2);
    expect(empty).toMatchObject({ status: 204, body: '' });
    expect(empty!.headers['transfer-encoding']).toBeUndefined();
    expect(after!.body).toBe('front:/mcp:after:');
    connection.close();
  });

  it('closes the reply of a call whose client goes away, or half-closes', async () => {
    const { port, hung } = await setup();
    for (const leave of ['destroy', 'end'] as const) {
      const connection = await rawConnection(port);
      await connection.send([post('hang')]);
      await expect.poll(() => hung.length).toBe(leave === 'destroy' ? 1 : 2);
      if (leave === 'destroy') connection.close();
      else connection.socket.end();
      await expect.poll(() => hung.at(-1)!.closed).toBe(true);
      await connection.closed;
    }
  });

  it('gives a request to node:http when the fast path declines it after waiting, or throws', async () => {
    const { port } = await setup();
    const connection = await rawConnection(port);
    await connection.send([post('decline-later') + post('fast:then')]);
    const [declined, then] = await connection.answers(2);
    expect(declined!.body).toBe('node:POST /mcp decline-later');
    expect(then!.body).toBe('node:POST /mcp fast:then');
    connection.close();
    const thrown = await rawConnection(port);
    await thrown.send([post('throw')]);
    expect((await thrown.answers(1))[0]!.body).toBe('node:POST /mcp throw');
    thrown.close();
  });

  it('closes idle connections after keepAliveTimeout, half-sent requests after headersTimeout, the rest on closeAll', async () => {
    const { port, server, front } = await setup();
    server.keepAliveTimeout = 200;
    server.headersTimeout = 300;
    const idle = await rawConnection(port);
    await idle.send([post('fast:idle')]);
    expect((await idle.answers(1))[0]!.headers['keep-alive']).toBe('timeout=0');
    const started = Date.now();
    await idle.closed;
    expect(Date.now() - started).toBeLessThan(3_000);

    const half = await rawConnection(port);
    await half.send(['POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le']);
    await half.closed;

    const held = await rawConnection(port);
    await held.send([post('fast:held')]);
    await held.answers(1);
    server.keepAliveTimeout = 60_000;
    front.closeAll();
    await held.closed;
    await once(server.close(), 'close');
  });
});
