import { connect as netConnect, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { boundedMemo } from '../core/boundedMemo';
import { asciiFieldValue, FIELD_VALUE, TOKEN } from './httpGrammar';

// A small keep-alive HTTP/1.1 client for the relay of passthrough.ts, the hub's hottest path.
//
// Why hand-written: per relayed call, undici's Agent cost about 60 us more CPU than this does on
// the benchmark machine (bench/hub.bench.mjs, bench/bareRelay.mjs), a quarter of the hub's whole
// budget per call; node:http's ClientRequest costs more still. The relay needs little of either:
// one POST with a small body, a response with Content-Length, chunked or close-delimited framing,
// streamed with backpressure (SSE), connections kept alive and reused.
//
// What it does, as browsers and undici do:
// - one request per connection at a time (no pipelining); idle connections are reused, most
//   recently used first, and dropped when the server closes them or when they idle longer than
//   the server's `Keep-Alive: timeout=N` minus a second (4 s when the server gives no hint);
// - a reused connection that fails before any byte of the answer arrived (the server closed it
//   as the request was sent) is retried once on a fresh connection, as Chromium does;
// - 1xx answers are skipped; the head is limited to 64 KiB; bytes after a complete answer, or any
//   framing error, close the connection rather than being reused;
// - header names and values are checked as node:http checks them (no CR/LF injection);
// - connecting has a 10 s limit; answers have none (a long tool call is the client's to wait for
//   or cancel, as on the full path): abort() closes the connection.

const MAX_HEAD = 64 * 1024;
const MAX_LINE = 4 * 1024;
const CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_IDLE_MS = 4_000;
const MAX_IDLE_PER_ORIGIN = 256;
const CRLF = Buffer.from('\r\n');
/** What requests to one URL object share: its origin and the start of the head (URL getters serialise anew on every read). */
const urlParts = new WeakMap<URL, { origin: string; target: string }>();

function partsOf(url: URL): { origin: string; target: string } {
  let parts = urlParts.get(url);
  if (!parts) {
    parts = { origin: url.origin, target: ` ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` };
    urlParts.set(url, parts);
  }
  return parts;
}
/** Headers the client sets itself: a caller's are dropped. */
const SET_BY_CLIENT = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
/** Header names checked once: the same few go out with every request. Only short ones are
 * remembered, and a bounded number: names can come from clients (Mcp-Param-*). */
const headerName = boundedMemo(
  1024,
  (name): 'ok' | 'invalid' | 'set-by-client' => (!TOKEN.test(name) ? 'invalid' : SET_BY_CLIENT.has(name.toLowerCase()) ? 'set-by-client' : 'ok'),
  (name) => name.length <= 64,
);

export interface Http1Request {
  url: URL;
  method: 'POST';
  /** Request headers; Host and Content-Length are set by the client. */
  headers: Record<string, string>;
  body: string;
}

export interface Http1Handler {
  /** The final (non-1xx) answer's status and headers: names lower-case, a repeated header's values joined by ", ". */
  onResponseStart(status: number, headers: Record<string, string>): void;
  /** A piece of the body; `control` pauses and resumes the stream (backpressure). */
  onResponseData(chunk: Buffer, control: Http1Control): void;
  onResponseEnd(): void;
  /** Called at most once, and never after onResponseEnd; after abort() with its reason. */
  onResponseError(error: Error): void;
}

export interface Http1Control {
  /** Ends the exchange and closes its connection; onResponseError gets `reason`. */
  abort(reason: Error): void;
  /** Backpressure while the answer streams. */
  pause(): void;
  resume(): void;
}

export class Http1Agent {
  /** Idle connections per origin, most recently used last. */
  private readonly idle = new Map<string, Connection[]>();
  private readonly open = new Set<Connection>();
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;

  /** `tls.ca`: the certificates to trust for HTTPS in place of Node's bundled roots (NODE_EXTRA_CA_CERTS adds to those). */
  constructor(readonly tls: { ca?: string } = {}) {}

  request(request: Http1Request, handler: Http1Handler): Http1Control {
    const exchange = new Exchange(this, request, handler);
    if (this.closed) exchange.fail(new Error('the HTTP client is closed'));
    else exchange.start(false);
    return exchange;
  }

  /** Closes every connection, idle or busy. */
  close(): void {
    this.closed = true;
    for (const connection of this.open) connection.socket.destroy();
    this.open.clear();
    this.idle.clear();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** An idle connection to `origin` that may still be used, else a new one. */
  connection(url: URL, fresh: boolean): { connection: Connection; reused: boolean } {
    const list = fresh ? undefined : this.idle.get(partsOf(url).origin);
    if (list) {
      const now = Date.now();
      while (list.length > 0) {
        const connection = list.pop()!;
        if (connection.expiresAt > now && connection.socket.readyState === 'open') {
          connection.socket.ref();
          return { connection, reused: true };
        }
        connection.socket.destroy();
      }
    }
    const connection = new Connection(this, url);
    this.open.add(connection);
    return { connection, reused: false };
  }

  /** A connection whose exchange ended cleanly goes back to the pool, or is closed. */
  release(connection: Connection, reusable: boolean, idleMs: number): void {
    const { socket } = connection;
    let list = this.idle.get(connection.origin);
    if (!reusable || this.closed || socket.destroyed || (list?.length ?? 0) >= MAX_IDLE_PER_ORIGIN) {
      socket.destroy();
      return;
    }
    if (!list) this.idle.set(connection.origin, (list = []));
    connection.expiresAt = Date.now() + idleMs;
    socket.unref();
    list.push(connection);
    this.sweeper ??= setInterval(() => this.sweep(), 1_000).unref();
  }

  /** The connection closed (or is closing): it is no longer open or idle. */
  closedConnection(connection: Connection): void {
    this.open.delete(connection);
    const list = this.idle.get(connection.origin);
    const at = list ? list.indexOf(connection) : -1;
    if (at >= 0) list!.splice(at, 1);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [origin, list] of this.idle) {
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i]!.expiresAt <= now) list.splice(i, 1)[0]!.socket.destroy();
      }
      if (list.length === 0) this.idle.delete(origin);
    }
    if (this.idle.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}

/**
 * One connection and its listeners, set once: socket events go to the exchange in charge, if any.
 * While idle, any event (the server closing, bytes nobody asked for) ends the connection.
 */
class Connection {
  readonly socket: Socket;
  readonly origin: string;
  exchange: Exchange | undefined;
  expiresAt = 0;
  /** The last answer head read on this connection, parsed. */
  lastHead: ParsedHead | undefined;

  constructor(agent: Http1Agent, url: URL) {
    this.origin = partsOf(url).origin;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const secure = url.protocol === 'https:';
    const port = Number(url.port) || (secure ? 443 : 80);
    const socket = secure ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(agent.tls.ca ? { ca: agent.tls.ca } : {}), ALPNProtocols: ['http/1.1'] }) : netConnect({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error(`connecting to ${url.host} timed out after ${CONNECT_TIMEOUT_MS / 1000} s`)));
    socket.once(secure ? 'secureConnect' : 'connect', () => socket.setTimeout(0));
    socket.on('data', (chunk: Buffer) => {
      if (this.exchange) this.exchange.onData(chunk);
      else socket.destroy();
    });
    socket.on('end', () => {
      if (this.exchange) this.exchange.onEnd();
      else socket.destroy();
    });
    // Always listened to: an error while idle, or after an exchange let go, is not unhandled.
    socket.on('error', (error: Error) => this.exchange?.onEnd(error));
    socket.on('close', () => {
      agent.closedConnection(this);
      this.exchange?.onEnd();
    });
  }
}

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done';

/** An answer head, parsed: what the exchange needs of it. */
interface ParsedHead {
  /** The head's bytes, to recognise the same head again. */
  readonly bytes: Buffer;
  readonly status: number;
  /** Names lower-case, a repeated header's values joined by ", "; frozen (shared by every answer with this head). */
  readonly headers: Readonly<Record<string, string>>;
  readonly keepAlive: boolean;
  /** From `Keep-Alive: timeout=N`, minus a second. */
  readonly idleMs: number | undefined;
  /** How the body is framed. */
  readonly framing: 'done' | 'length' | 'chunk-size' | 'until-close';
  /** The Content-Length, when framed by it. */
  readonly length: number;
}

/** Parses a head's text (status line and fields, without the blank line). */
function parseHead(text: string, bytes: Buffer): ParsedHead {
  const lines = text.split('\r\n');
  const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0]!);
  if (!statusLine) throw new Error(`the upstream did not answer in HTTP/1.x: "${lines[0]!.slice(0, 40)}"`);
  const status = Number(statusLine[2]);
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error('the upstream answer has a malformed header line');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const connection = headers.connection?.toLowerCase() ?? '';
  let keepAlive = statusLine[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
  const hint = /\btimeout=(\d+)/.exec(headers['keep-alive'] ?? '');
  const idleMs = hint ? Math.min(Math.max(Number(hint[1]) * 1000 - 1000, 0), 600_000) : undefined;
  const encoding = headers['transfer-encoding']?.toLowerCase();
  let framing: ParsedHead['framing'];
  let length = 0;
  if (status < 200) framing = 'done'; // not used: the real answer follows
  else if (status === 204 || status === 304) framing = 'done';
  else if (encoding !== undefined) {
    if (/(?:^|,)\s*chunked\s*$/.test(encoding)) framing = 'chunk-size';
    else {
      framing = 'until-close';
      keepAlive = false;
    }
  } else if (headers['content-length'] !== undefined) {
    if (!/^\d{1,15}$/.test(headers['content-length'])) throw new Error('the upstream answer has an invalid Content-Length');
    length = Number(headers['content-length']);
    framing = length === 0 ? 'done' : 'length';
  } else {
    framing = 'until-close';
    keepAlive = false;
  }
  return { bytes, status, headers: Object.freeze(headers), keepAlive, idleMs, framing, length };
}

/**
 * The size on a chunk-size line (`data` from `at` to `end`, the CRLF excluded): hex digits, with
 * optional blanks around them and an ignored `;extension`.
 */
function chunkSize(data: Buffer, at: number, end: number): number {
  let i = at;
  while (i < end && (data[i] === 0x20 || data[i] === 0x09)) i++;
  let size = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = data[i]!;
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (digit < 0) break;
    size = size * 16 + digit;
    digits++;
  }
  while (i < end && (data[i] === 0x20 || data[i] === 0x09)) i++;
  if (digits === 0 || digits > 12 || (i < end && data[i] !== 0x3b)) throw new Error('the upstream answer has a malformed chunk');
  return size;
}

/** One request and its answer on one connection. */
class Exchange implements Http1Control {
  private connection: Connection | undefined;
  private reused = false;
  private retried = false;
  private received = false;
  private finished = false;
  private paused = false;
  private state: State = 'head';
  /** Bytes of an incomplete head, chunk-size line or trailer line. */
  private pending: Buffer | undefined;
  private remaining = 0;
  private keepAlive = true;
  private idleMs = DEFAULT_IDLE_MS;

  constructor(
    private readonly agent: Http1Agent,
    private readonly request: Http1Request,
    private readonly handler: Http1Handler,
  ) {}

  /** Sends the request: on an idle connection when one is ready, unless `fresh`. */
  start(fresh: boolean): void {
    const { url, headers, body } = this.request;
    let head = `${this.request.method}${partsOf(url).target}Content-Length: ${Buffer.byteLength(body)}\r\n`;
    // Values are latin1 on the wire; an all-ASCII head can go out with the body as one string.
    let ascii = true;
    for (const name in headers) {
      const value = headers[name]!;
      if (ascii && !asciiFieldValue(value)) ascii = false;
      const kind = headerName(name);
      if (kind === 'invalid' || (!ascii && !FIELD_VALUE.test(value))) {
        this.fail(new Error(`invalid header "${name.slice(0, 64)}" (names must be tokens; values may not contain line breaks)`));
        return;
      }
      if (kind === 'set-by-client') continue;
      head += `${name}: ${value}\r\n`;
    }
    head += '\r\n';
    const { connection, reused } = this.agent.connection(url, fresh);
    this.connection = connection;
    this.reused = reused;
    connection.exchange = this;
    const { socket } = connection;
    if (ascii) {
      socket.write(head + body, 'utf8');
      return;
    }
    socket.cork();
    socket.write(head, 'latin1');
    socket.write(body, 'utf8');
    socket.uncork();
  }

  abort(reason: Error): void {
    if (this.finished) return;
    this.fail(reason);
  }

  pause(): void {
    this.paused = true;
    this.connection?.socket.pause();
  }

  resume(): void {
    this.paused = false;
    this.connection?.socket.resume();
  }

  fail(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.state = 'done';
    this.letGo()?.destroy();
    this.handler.onResponseError(error);
  }

  /** The connection ended (`error`: it failed): the answer is complete only when framed by the close. */
  onEnd(error?: Error): void {
    if (this.finished) return;
    if (!error && this.state === 'until-close') return this.complete(false);
    // A reused connection that broke before answering: the server closed it as the request went out.
    if (this.reused && !this.received && !this.retried) {
      this.retried = true;
      this.letGo()?.destroy();
      this.start(true);
      return;
    }
    this.fail(error ?? new Error(this.received ? 'the upstream closed the connection in the middle of its answer' : 'the upstream closed the connection without answering'));
  }

  onData(chunk: Buffer): void {
    if (this.finished) return;
    this.received = true;
    try {
      this.parse(chunk);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The exchange no longer owns its connection; returns its socket. */
  private letGo(): Socket | undefined {
    const connection = this.connection;
    if (!connection) return undefined;
    connection.exchange = undefined;
    this.connection = undefined;
    return connection.socket;
  }

  private parse(input: Buffer): void {
    let data = input;
    let at = 0;
    if (this.pending) {
      data = Buffer.concat([this.pending, input]);
      this.pending = undefined;
    }
    while (at < data.length && !this.finished) {
      switch (this.state) {
        case 'head': {
          const end = data.indexOf('\r\n\r\n', at, 'latin1');
          if (end < 0) return this.keep(data, at, MAX_HEAD, 'the upstream answer head is over 64 KiB');
          this.head(data, at, end);
          at = end + 4;
          // No body (204, 304, Content-Length: 0): complete at once.
          if ((this.state as State) === 'done' && !this.finished) return this.complete(at === data.length);
          break;
        }
        case 'length': {
          const take = Math.min(this.remaining, data.length - at);
          this.remaining -= take;
          const piece = data.subarray(at, at + take);
          at += take;
          this.handler.onResponseData(piece, this);
          if (this.remaining === 0) return this.complete(at === data.length);
          break;
        }
        case 'until-close': {
          this.handler.onResponseData(at === 0 ? data : data.subarray(at), this);
          return;
        }
        case 'chunk-size': {
          const end = data.indexOf(CRLF, at);
          if (end < 0) return this.keep(data, at, MAX_LINE, 'a chunk size line of the upstream answer is too long');
          this.remaining = chunkSize(data, at, end);
          this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
          at = end + 2;
          break;
        }
        case 'chunk-data': {
          const take = Math.min(this.remaining, data.length - at);
          this.remaining -= take;
          this.handler.onResponseData(data.subarray(at, at + take), this);
          at += take;
          if (this.remaining === 0) this.state = 'chunk-end';
          break;
        }
        case 'chunk-end': {
          if (data.length - at < 2) return this.keep(data, at, MAX_LINE, '');
          if (data[at] !== 13 || data[at + 1] !== 10) throw new Error('the upstream answer has a malformed chunk');
          at += 2;
          this.state = 'chunk-size';
          break;
        }
        case 'trailers': {
          const end = data.indexOf(CRLF, at);
          if (end < 0) return this.keep(data, at, MAX_HEAD, 'the upstream answer trailers are over 64 KiB');
          const empty = end === at;
          at = end + 2;
          if (empty) return this.complete(at === data.length);
          break;
        }
        case 'done':
          return;
      }
    }
  }

  /** Keeps the unparsed rest for the next chunk, within `limit` bytes. */
  private keep(data: Buffer, at: number, limit: number, tooLong: string): void {
    if (data.length - at > limit) throw new Error(tooLong);
    this.pending = at === 0 ? data : Buffer.from(data.subarray(at));
  }

  /**
   * Takes the head in `data` from `at` to `end` (status line and fields) and sets how the body is
   * framed. An upstream sends the same head call after call (its Date changes once a second), so
   * each connection keeps the last head it parsed and reuses the outcome for identical bytes.
   */
  private head(data: Buffer, at: number, end: number): void {
    const connection = this.connection!;
    let parsed = connection.lastHead;
    if (!parsed || parsed.bytes.length !== end - at || data.compare(parsed.bytes, 0, parsed.bytes.length, at, end) !== 0) {
      parsed = parseHead(data.toString('latin1', at, end), Buffer.from(data.subarray(at, end)));
      connection.lastHead = parsed;
    }
    if (parsed.status < 200) return; // 100 Continue, 102, 103: the real answer follows
    this.keepAlive = parsed.keepAlive;
    if (parsed.idleMs !== undefined) this.idleMs = parsed.idleMs;
    this.state = parsed.framing;
    this.remaining = parsed.length;
    this.handler.onResponseStart(parsed.status, parsed.headers);
  }

  /** The answer is complete; `clean`: nothing followed it on the connection. */
  private complete(clean: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.state = 'done';
    const connection = this.connection!;
    this.letGo();
    // The answer first (the relay writes it to its client), the connection's bookkeeping after.
    try {
      this.handler.onResponseEnd();
    } finally {
      if (this.paused) connection.socket.resume();
      this.agent.release(connection, clean && this.keepAlive && this.idleMs > 0, this.idleMs);
    }
  }
}
