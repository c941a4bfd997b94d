#!/usr/bin/env node
// Reference for bench/hub.bench.mjs: a relay in Node built from the usual parts and nothing else. A
// node:http server that forwards each POST body to the upstream with undici's Agent and writes the
// answer back. No auth, routing, audit or protocol checks. (The hub's relay talks to upstreams with
// its own smaller client, hub/serve/http1Client.ts.) Prints its URL first.
//   node bench/bareRelay.mjs UPSTREAM_URL
import { createServer } from 'node:http';
import Agent from 'undici/lib/dispatcher/agent.js';

const target = new URL(process.argv[2]);
const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
const FORWARDED = ['content-type', 'accept', 'mcp-protocol-version', 'mcp-method', 'mcp-name'];

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const headers = {};
    for (const name of FORWARDED) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
    let status = 502;
    let type = 'application/json';
    const out = [];
    agent.dispatch(
      { origin: target.origin, path: target.pathname, method: 'POST', headers, body: Buffer.concat(chunks) },
      {
        onRequestStart() {},
        onResponseStart(_controller, statusCode, responseHeaders) {
          status = statusCode;
          type = String(responseHeaders['content-type'] ?? type);
        },
        onResponseData(_controller, chunk) {
          out.push(chunk);
        },
        onResponseEnd() {
          const body = Buffer.concat(out);
          res.writeHead(status, { 'content-type': type, 'content-length': String(body.length) });
          res.end(body);
        },
        onResponseError(_controller, error) {
          res.destroy(error);
        },
      },
    );
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}/mcp\n`));
