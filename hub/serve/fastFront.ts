import { EventEmitter } from 'node:events';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { Socket } from 'node:net';
import { asciiFieldValue, FIELD_VALUE, TOKEN } from './httpGrammar';

// The front of the hub's plain-HTTP server: it meets every connection before node:http does, and
// serves the requests of the relay and the list answers itself, the hub's hottest path
// (bench/hub.bench.mjs). Per call, node:http's request and response objects and their stream
// machinery cost more than the rest of the hub's work on the path; measured on the benchmark
// machine, serving the call here takes about 30 us off the latency a call gains through the hub.
//
// It is not a second HTTP server. It takes a request only when all of this holds, and otherwise
// gives the connection to node:http, for good, with every byte from the start of that request:
// - the request is a complete `POST /mcp` or `POST /mcp/NAME` (a plain name) in HTTP/1.1, framed
//   by one Content-Length, within the hub's body limit;
// - its head is in a strict subset of HTTP/1.1 that every conforming parser reads the same way:
//   CRLF line ends only, token field names directly followed by a colon, values of visible ASCII,
//   spaces and tabs, no field twice, a Host field, and none of Transfer-Encoding, Expect, Upgrade,
//   or a Connection field other than `keep-alive`;
// - the hub's fast paths answer it (`serve` returns true): a hub token, an allowed Host/Origin, a
//   tools/call to relay or a list to answer. Every error answer therefore still comes from
//   node:http's path, the same as before the front.
// So no request is read two ways: what the front declines, node:http parses from its first byte.
// Pipelined requests wait for the answer before them; idle connections close after the server's
// keepAliveTimeout, half-sent requests after its headersTimeout. TLS servers have no front.

/** What the fast paths read of a request: node:http's IncomingMessage has these fields too. */
export interface RequestHead {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/** What the fast paths answer with: node:http's ServerResponse has these members too. */
export interface ReplyStream {
  readonly headersSent: boolean;
  readonly writableFinished: boolean;
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  write(chunk: Buffer): boolean;
  end(body?: string | Buffer): unknown;
  destroy(): unknown;
  on(event: 'close' | 'drain', listener: () => void): unknown;
  once(event: 'close' | 'drain', listener: () => void): unknown;
  off(event: 'close' | 'drain', listener: () => void): unknown;
}

/**
 * Answers one request the front took (path: the request target; body: its bytes). True: answering
 * (through `reply`); false, or a promise of false, having sent nothing: node:http's path takes it.
 */
export type FrontServe = (head: RequestHead, reply: ReplyStream, path: string, body: Buffer) => boolean | Promise<boolean>;

export interface FastFrontOptions {
  /** Larger bodies are node:http's path (which refuses them). */
  maxBody: number;
  serve: FrontServe;
}

export interface FastFront {
  /** Closes the connections the front holds (node:http's own close those it holds). */
  closeAll(): void;
}

/** Heads larger than node:http's limit (16 KiB unless --max-http-header-size says less) are its to refuse. */
const MAX_HEAD = Math.min(16 * 1024, maxHeaderSize);
const PREFIX = 'POST /mcp';
/** `/mcp`, `/mcp/NAME` with a plain name, an optional trailing slash: no query, escapes or dot segments. */
export const PLAIN_MCP_PATH = /^\/mcp(?:\/[A-Za-z0-9_-]+)?\/?$/;
const REQUEST_LINE = /^POST (\S+) HTTP\/1\.1$/;
const LENGTH = /^[0-9]{1,9}$/;
const REFUSED = new Set(['transfer-encoding', 'expect', 'upgrade']);

export interface ParsedRequest {
  path: string;
  headers: Record<string, string>;
  length: number;
}

/**
 * The head of a request the front may take (`text`: the head up to, not including, the blank
 * line), or undefined: node:http's to read.
 */
export function parseRequestHead(text: string, maxBody: number): ParsedRequest | undefined {
  const lines = text.split('\r\n');
  const line = REQUEST_LINE.exec(lines[0]!);
  if (!line || !PLAIN_MCP_PATH.test(line[1]!)) return undefined;
  const headers = Object.create(null) as Record<string, string>;
  for (let i = 1; i < lines.length; i++) {
    const field = lines[i]!;
    const colon = field.indexOf(':');
    if (colon <= 0) return undefined;
    const name = field.slice(0, colon);
    // Leading and trailing blanks are not part of a value; the checks also refuse a lone CR or LF.
    const value = field.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!TOKEN.test(name) || !asciiFieldValue(value)) return undefined;
    const key = name.toLowerCase();
    if (key in headers || REFUSED.has(key)) return undefined;
    headers[key] = value;
  }
  if (headers.host === undefined) return undefined;
  if (headers.connection !== undefined && headers.connection.toLowerCase() !== 'keep-alive') return undefined;
  const length = headers['content-length'];
  if (length === undefined || !LENGTH.test(length)) return undefined;
  const size = Number(length);
  if (size === 0 || size > maxBody) return undefined;
  return { path: line[1]!, headers, length: size };
}

/** Installs the front on a plain-HTTP node:http server; undefined (no front) if its connection handling is not the expected one. */
export function installFastFront(server: Server, options: FastFrontOptions): FastFront | undefined {
  const listeners = server.listeners('connection') as ((socket: Socket) => void)[];
  if (listeners.length !== 1) return undefined;
  const [httpListener] = listeners as [(socket: Socket) => void];
  const held = new Set<Socket>();
  server.removeListener('connection', httpListener);
  server.on('connection', (socket: Socket) => {
    held.add(socket);
    new FrontConnection(socket, server, options, () => {
      held.delete(socket);
      httpListener.call(server, socket);
    }).start();
    socket.once('close', () => held.delete(socket));
  });
  return {
    closeAll() {
      for (const socket of held) socket.destroy();
      held.clear();
    },
  };
}

type State = 'reading' | 'answering' | 'gone';

class FrontConnection {
  private state: State = 'reading';
  /** Bytes received and not yet taken: the start of the next request, and any after it. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The size the next request will have once whole (its head is read), else 0. */
  private awaited = 0;
  private reply: FrontReply | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.state === 'reading') {
      if (this.pendingBytes >= this.awaited) this.take();
    } else if (this.pendingBytes > MAX_HEAD + this.options.maxBody) {
      // Pipelined requests piling up behind a slow call: stop reading until it is answered.
      this.socket.pause();
    }
  };
  private readonly onEnd = (): void => {
    // As node:http does (no half-open HTTP): a client that stops sending gives up its request.
    this.finish();
    this.socket.end();
  };
  private readonly onClose = (): void => this.finish();
  private readonly onError = (): void => {
    this.socket.destroy();
  };
  private readonly onTimeout = (): void => {
    this.socket.destroy();
  };
  private readonly onDrain = (): void => {
    this.reply?.emit('drain');
  };

  constructor(
    private readonly socket: Socket,
    private readonly server: Server,
    private readonly options: FastFrontOptions,
    private readonly toHttp: () => void,
  ) {}

  start(): void {
    this.listen('on');
    this.socket.setTimeout(this.server.headersTimeout);
  }

  private listen(method: 'on' | 'off'): void {
    const { socket } = this;
    socket[method]('data', this.onData);
    socket[method]('end', this.onEnd);
    socket[method]('close', this.onClose);
    socket[method]('error', this.onError);
    socket[method]('timeout', this.onTimeout);
    socket[method]('drain', this.onDrain);
  }

  /** Takes the next request if it is whole; hands the connection on if it is not the front's. */
  private take(): void {
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [bytes];
    const start = bytes.toString('latin1', 0, Math.min(bytes.length, PREFIX.length));
    if (!PREFIX.startsWith(start)) return this.handOff();
    const end = bytes.indexOf('\r\n\r\n');
    if (end < 0) {
      if (bytes.length > MAX_HEAD) this.handOff();
      return;
    }
    const request = end <= MAX_HEAD ? parseRequestHead(bytes.toString('latin1', 0, end), this.options.maxBody) : undefined;
    if (!request) return this.handOff();
    const size = end + 4 + request.length;
    if (bytes.length < size) {
      this.awaited = size; // the rest of the body is on its way
      return;
    }
    this.awaited = 0;
    const body = bytes.subarray(end + 4, size);
    const rest = bytes.subarray(size);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    this.state = 'answering';
    this.socket.setTimeout(0);
    const reply = new FrontReply(this.socket, this.server.keepAliveTimeout, () => this.answered(reply));
    this.reply = reply;
    const declined = (): void => {
      if (this.reply !== reply) return;
      // Declining after answering in part would leave node:http a connection in mid-answer.
      if (reply.headersSent) return void this.socket.destroy();
      this.reply = undefined;
      this.state = 'reading';
      this.pending.unshift(bytes.subarray(0, size));
      this.pendingBytes += size;
      this.handOff();
    };
    let served: boolean | Promise<boolean>;
    try {
      served = this.options.serve({ method: 'POST', url: request.path, headers: request.headers }, reply, request.path, body);
    } catch {
      served = false; // declined: node:http's path meets the same failure and answers it (500)
    }
    if (served === false) return declined();
    if (served === true) return;
    served.then((done) => {
      if (!done) declined();
    }, declined);
  }

  /** The answer is out: the next request, or an idle wait for one. */
  private answered(reply: FrontReply): void {
    if (this.reply !== reply) return;
    this.reply = undefined;
    this.state = 'reading';
    this.socket.setTimeout(this.pendingBytes > 0 ? this.server.headersTimeout : this.server.keepAliveTimeout);
    if (this.socket.isPaused()) this.socket.resume();
    // A pipelined request: taken after this call's own bookkeeping, not inside its end().
    if (this.pendingBytes > 0) setImmediate(() => this.state === 'reading' && this.pendingBytes > 0 && this.take());
  }

  /** Gives the connection to node:http with the bytes not taken: it parses them from the start of a request. */
  private handOff(): void {
    if (this.state === 'gone') return;
    this.state = 'gone';
    const { socket } = this;
    this.listen('off');
    socket.setTimeout(0);
    if (socket.isPaused()) socket.resume();
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.toHttp();
    if (bytes.length > 0) socket.emit('data', bytes);
  }

  /** The connection ends: a call still being answered is cancelled (its reply closes). */
  private finish(): void {
    if (this.state === 'gone') return;
    this.state = 'gone';
    const reply = this.reply;
    this.reply = undefined;
    reply?.closed();
  }
}

/** An HTTP/1.1 answer written straight to the socket, as node:http would write it. */
class FrontReply extends EventEmitter implements ReplyStream {
  /** As node:http's: true once writeHead() ran (the head goes out with the first body bytes). */
  headersSent = false;
  writableFinished = false;
  /** The head, not written yet. */
  private head: string | undefined;
  /** Whether the head is ASCII (the same bytes in UTF-8 as in latin1). */
  private asciiHead = true;
  private chunked = false;
  private bodyless = false;
  private done = false;

  constructor(
    private readonly socket: Socket,
    private readonly keepAliveMs: number,
    private readonly onEnd: () => void,
  ) {
    super();
  }

  writeHead(status: number, headers: Record<string, string | number>): this {
    if (this.headersSent) throw new Error("The answer's head was already written.");
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`;
    let length = false;
    for (const name in headers) {
      const value = String(headers[name]);
      const key = name.toLowerCase();
      const ascii = asciiFieldValue(value);
      // The front frames the answer itself: these are its to write.
      if (!TOKEN.test(name) || (!ascii && !FIELD_VALUE.test(value)) || key === 'transfer-encoding' || key === 'connection') {
        throw new TypeError(`Invalid answer header "${name}".`);
      }
      if (key === 'content-length') length = true;
      if (!ascii) this.asciiHead = false;
      head += `${name}: ${value}\r\n`;
    }
    this.bodyless = status === 204 || status === 304 || status < 200;
    if (!length && !this.bodyless) {
      this.chunked = true;
      head += 'Transfer-Encoding: chunked\r\n';
    }
    this.head = `${head}Date: ${httpDate()}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(this.keepAliveMs / 1000)}\r\n\r\n`;
    this.headersSent = true;
    return this;
  }

  write(chunk: Buffer): boolean {
    if (this.done) return false;
    if (!this.headersSent) this.writeHead(200, {});
    if (this.bodyless || chunk.length === 0) return this.flushHead();
    const { socket } = this;
    socket.cork();
    this.flushHead();
    let ok: boolean;
    if (this.chunked) {
      socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
      socket.write(chunk);
      ok = socket.write('\r\n', 'latin1');
    } else ok = socket.write(chunk);
    socket.uncork();
    return ok;
  }

  end(body?: string | Buffer): this {
    if (this.done) return this;
    if (!this.headersSent) this.writeHead(200, {});
    const { socket } = this;
    const empty = body === undefined || body.length === 0 || this.bodyless;
    if (!this.chunked && typeof body === 'string' && !empty && this.head !== undefined && this.asciiHead) {
      // Head and body in one write (the head is ASCII: the same bytes in UTF-8).
      socket.write(this.head + body, 'utf8');
      this.head = undefined;
    } else {
      socket.cork();
      this.flushHead();
      if (!empty) {
        const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body!;
        if (this.chunked) socket.write(`${bytes.length.toString(16)}\r\n`, 'latin1');
        socket.write(bytes);
        if (this.chunked) socket.write('\r\n', 'latin1');
      }
      if (this.chunked) socket.write('0\r\n\r\n', 'latin1');
      socket.uncork();
    }
    this.done = true;
    this.writableFinished = true;
    this.onEnd();
    return this;
  }

  destroy(): this {
    this.socket.destroy();
    return this;
  }

  /** The connection ended before the answer did. */
  closed(): void {
    if (this.done) return;
    this.done = true;
    this.emit('close');
  }

  private flushHead(): boolean {
    if (this.head === undefined) return true;
    const ok = this.socket.write(this.head, 'latin1');
    this.head = undefined;
    return ok;
  }
}

let dateText = '';
let dateUntil = 0;
/** The Date header's value, formatted once a second (as node:http does). */
function httpDate(): string {
  const now = Date.now();
  if (now >= dateUntil) {
    dateText = new Date(now).toUTCString();
    dateUntil = now - (now % 1000) + 1000;
  }
  return dateText;
}
