// The OpenAPI executor against a real HTTP server on 127.0.0.1 that records exactly what it got.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubError } from '../../hub/core/errors';
import { convertSpec, executeOperation, loadSpec } from '../../hub/openapi';
import type { ConvertResult, OpenApiAuth, OpenApiTool } from '../../hub/openapi';
import type { ToolResult } from '../../shared/types';
import { PNG_BYTES, startRecordingServer } from '../fixtures/openapi/recordingServer';
import type { RecordingServer } from '../fixtures/openapi/recordingServer';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/openapi');
const SECRET = 'sk-test-5f2a9c0e7d1b';

let server: RecordingServer;
const specs: Record<string, ConvertResult> = {};

beforeAll(async () => {
  server = await startRecordingServer(FIXTURES);
  for (const name of ['petstore.yaml', 'params.yaml', 'forms.yaml', 'swagger2.json']) specs[name] = convertSpec(await loadSpec(join(FIXTURES, name)));
});

afterAll(async () => {
  await server.close();
});

function tool(spec: string, name: string): OpenApiTool {
  const found = specs[spec]?.tools.find((item) => item.name === name);
  if (!found) throw new Error(`no tool ${name} in ${spec}`);
  return found;
}

function text(result: ToolResult): string {
  return result.content.map((block) => String(block.text ?? '')).join('\n');
}

async function call(spec: string, name: string, args: Record<string, unknown>, auth?: OpenApiAuth | OpenApiAuth[], extra: { maxBodyBytes?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ToolResult> {
  return executeOperation(tool(spec, name), args, { baseUrl: `${server.url}/api`, ...(auth ? { auth } : {}), ...extra });
}

describe('executeOperation: requests', () => {
  it('sends path, query, header and cookie parameters exactly as OpenAPI serialises them', async () => {
    const result = await call('params.yaml', 'getItem', {
      id: 'a b/c',
      query_id: 7,
      body: 'x',
      filter_name_: 'Rex',
      tags: ['a', 'b'],
      ids: [1, 2, 3],
      words: ['hello', 'world'],
      pipes: ['x', 'y'],
      range: { from: 1, to: 5 },
      point: { x: 1, y: 2 },
      q: { k: 'v' },
      redirect: 'https://e.com/a/b',
      'X-Request-Id': 'req-1',
      'X-Flags': ['f1', 'f2'],
      session: 's 1',
      theme: 'dark',
    }, { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: SECRET });
    const got = server.last();
    expect(got.method).toBe('GET');
    expect(got.path).toBe('/api/items/a%20b%2Fc');
    expect(got.rawQuery).toBe(
      'id=7&body=x&filter%5Bname%5D=Rex&tags=a&tags=b&ids=1,2,3&words=hello%20world&pipes=x%7Cy&range%5Bfrom%5D=1&range%5Bto%5D=5&x=1&y=2&q=%7B%22k%22%3A%22v%22%7D&redirect=https://e.com/a/b',
    );
    expect(got.headers['x-request-id']).toBe('req-1');
    expect(got.headers['x-flags']).toBe('f1,f2');
    expect(got.headers.cookie).toBe('session=s%201; theme=dark');
    expect(got.headers.accept).toBe('application/json');
    expect(got.headers['x-api-key']).toBe(SECRET);
    expect(got.body.length).toBe(0);
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({ status: 200, contentType: 'application/json', body: { echo: { method: 'GET', apiKey: '[redacted]' } } });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('serialises label, matrix and exploded simple path parameters', async () => {
    await call('params.yaml', 'pathStyles', { label: ['a', 'b'], matrix: ['x', 'y'], simple: { a: '1', b: '2' } });
    expect(server.last().path).toBe('/api/styles/.a,b/;matrix=x;matrix=y/a=1,b=2');
  });

  it('sends JSON bodies with the declared media type', async () => {
    const pet = { name: 'Rex', photoUrls: ['https://p/1.jpg'], status: 'available' };
    await executeOperation(tool('petstore.yaml', 'updatePet'), { body: pet }, { baseUrl: `${server.url}/api/v3` });
    const got = server.last();
    expect(got.method).toBe('PUT');
    expect(got.path).toBe('/api/v3/pet');
    expect(got.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got.body.toString('utf8'))).toEqual(pet);
  });

  it('sends urlencoded and multipart forms, text and binary bodies', async () => {
    await call('forms.yaml', 'subscribe', { body: { email: 'a@b.c', topics: ['x', 'y'], prefs: { digest: true } } });
    let got = server.last();
    expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(got.body.toString('utf8')).toBe('email=a%40b.c&topics=x&topics=y&prefs=%7B%22digest%22%3Atrue%7D');

    const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    await call('forms.yaml', 'uploadAvatar', { body: { image: image.toString('base64'), caption: 'me', sizes: [16, 32] } });
    got = server.last();
    expect(got.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': String(got.headers['content-type']) }, body: got.body }).formData();
    const file = form.get('image') as File;
    expect(Buffer.from(await file.arrayBuffer())).toEqual(image);
    expect(file.name).toBe('image');
    expect(form.get('caption')).toBe('me');
    expect(form.getAll('sizes')).toEqual(['16', '32']);

    await call('forms.yaml', 'putRawNote', { body: 'plain words' });
    got = server.last();
    expect([got.method, got.headers['content-type'], got.body.toString('utf8')]).toEqual(['PUT', 'text/plain', 'plain words']);

    await call('forms.yaml', 'putBlob', { body: Buffer.from([0, 1, 2, 3]).toString('base64') });
    got = server.last();
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect([...got.body]).toEqual([0, 1, 2, 3]);
  });

  it('follows Swagger 2 collectionFormat and formData rules', async () => {
    await call('swagger2.json', 'listFiles', { folderId: 'f1', ext: ['md', 'txt'], fields: ['name', 'size'], size_gt: 10 });
    expect(server.last().rawQuery).toBe('ext=md&ext=txt&fields=name,size&size_gt=10');
    await call('swagger2.json', 'renameFile', { fileId: 3, body: { name: 'new.md', overwrite: true } }, { type: 'apiKey', in: 'query', name: 'api_key', value: SECRET });
    const got = server.last();
    expect([got.method, got.path, got.rawQuery]).toEqual(['PATCH', '/api/files/3', `api_key=${SECRET}`]);
    expect(got.body.toString('utf8')).toBe('name=new.md&overwrite=true');
  });

  it('applies API keys (header, query, cookie), bearer and basic auth, and none to public operations', async () => {
    const auth: OpenApiAuth[] = [
      { scheme: 'queryKey', type: 'apiKey', in: 'query', name: 'api_key', value: SECRET },
      { scheme: 'cookieKey', type: 'apiKey', in: 'cookie', name: 'sid', value: `${SECRET}-c` },
      { scheme: 'bearer', type: 'bearer', token: `${SECRET}-b` },
      { scheme: 'basic', type: 'basic', username: 'ada', password: `${SECRET}-p` },
    ];
    const seen: Record<string, unknown> = {};
    for (const name of ['queryAuth', 'cookieAuth', 'bearerAuth', 'basicAuth', 'ping']) {
      const result = await call('params.yaml', name, {}, auth);
      const got = server.last();
      seen[name] = { query: got.rawQuery, cookie: got.headers.cookie, authorization: got.headers.authorization };
      expect(JSON.stringify(result)).not.toContain(SECRET);
      expect(JSON.stringify(result)).not.toContain(Buffer.from(`ada:${SECRET}-p`).toString('base64'));
    }
    expect(seen).toEqual({
      queryAuth: { query: `api_key=${SECRET}`, cookie: undefined, authorization: undefined },
      cookieAuth: { query: '', cookie: `sid=${SECRET}-c`, authorization: undefined },
      bearerAuth: { query: '', cookie: undefined, authorization: `Bearer ${SECRET}-b` },
      basicAuth: { query: '', cookie: undefined, authorization: `Basic ${Buffer.from(`ada:${SECRET}-p`).toString('base64')}` },
      ping: { query: '', cookie: undefined, authorization: undefined },
    });
    const bearerEcho = await call('params.yaml', 'bearerAuth', {}, auth);
    expect(bearerEcho.structuredContent).toMatchObject({ body: { echo: { authorization: 'Bearer [redacted]' } } });
  });
});

describe('executeOperation: redirects', () => {
  it('keeps credentials on same-origin redirects and drops them when the redirect leaves the origin', async () => {
    const auth: OpenApiAuth[] = [
      { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: SECRET },
      { type: 'apiKey', in: 'cookie', name: 'sid', value: SECRET },
    ];
    const seen = server.requests.length;
    const here = await call('params.yaml', 'getFile', { path: 'redirect-here' }, auth);
    expect(server.requests.slice(seen).map((got) => [got.path, got.headers['x-api-key'], got.headers.cookie])).toEqual([
      ['/api/files/redirect-here', SECRET, `sid=${SECRET}`],
      ['/api/files/landing', SECRET, `sid=${SECRET}`],
    ]);
    expect(here.structuredContent).toMatchObject({ status: 200, body: { echo: { path: '/api/files/landing' } } });

    const elsewhere = await startRecordingServer(FIXTURES);
    try {
      server.redirectAway = elsewhere.url;
      const away = await call('params.yaml', 'getFile', { path: 'redirect-away' }, auth);
      expect(away.structuredContent).toMatchObject({ status: 200, body: { echo: { path: '/api/files/landing', apiKey: null, cookie: null } } });
      const landed = elsewhere.last();
      expect([landed.path, landed.headers['x-api-key'], landed.headers.cookie, landed.headers.authorization]).toEqual(['/api/files/landing', undefined, undefined, undefined]);
      expect(JSON.stringify(landed.headers)).not.toContain(SECRET);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('executeOperation: responses and failures', () => {
  it('parses JSON into structuredContent plus a text block', async () => {
    const result = await call('params.yaml', 'getFile', { path: 'data.json' });
    expect(result.structuredContent).toEqual({ status: 200, contentType: 'application/json', body: { echo: expect.objectContaining({ path: '/api/files/data.json' }) } });
    expect(text(result)).toMatch(/^HTTP 200 OK \(application\/json\)\n\n\{"echo":/);
  });

  it('summarises binary bodies without their bytes', async () => {
    const result = await call('params.yaml', 'getFile', { path: 'logo.png' });
    expect(text(result)).toContain(`Binary body (image/png, ${PNG_BYTES.length} bytes); the content is not shown.`);
    expect(result.structuredContent).toEqual({ status: 200, contentType: 'image/png', bytes: PNG_BYTES.length });
    expect(text(result)).not.toContain('PNG');
  });

  it('truncates bodies over the cap with a note', async () => {
    const result = await call('params.yaml', 'getFile', { path: 'big.json' }, undefined, { maxBodyBytes: 64 * 1024 });
    const body = text(result);
    expect(body.length).toBeLessThan(64 * 1024 + 1000);
    expect(body).toMatch(/\[truncated: the body is larger than 65536 bytes \(\d+ bytes in all\); only the first 65536 bytes are shown/);
    expect(result.structuredContent).toEqual({ status: 200, contentType: 'application/json', truncated: true });
    expect(result.isError).toBeUndefined();
  });

  it('marks non-2xx answers as errors with status and body; shows text and empty bodies', async () => {
    const missing = await call('params.yaml', 'getFile', { path: 'missing' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('HTTP 404 Not Found (application/json)');
    expect(missing.structuredContent).toMatchObject({ status: 404, body: { error: 'not found' } });
    expect(text(await call('params.yaml', 'getFile', { path: 'notes.txt' }))).toBe('HTTP 200 OK (text/plain; charset=utf-8)\n\nline one\nline two');
    expect(text(await call('params.yaml', 'getFile', { path: 'empty' }))).toBe('HTTP 204 No Content\n\n(empty body)');
  });

  it('reports missing required arguments to the model instead of sending a request', async () => {
    const before = server.requests.length;
    const result = await call('params.yaml', 'getItem', { id: '1' });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('Invalid arguments for tool "getItem": missing required argument "X-Request-Id" (header parameter "X-Request-Id"). Fix the arguments (see the tool\'s inputSchema) and call it again.');
    expect(server.requests.length).toBe(before);
  });

  it('throws UPSTREAM_TIMEOUT, CANCELLED and UPSTREAM_UNAVAILABLE without leaking the key', async () => {
    const auth: OpenApiAuth = { type: 'apiKey', in: 'query', name: 'api_key', value: SECRET };
    const timeout = await call('params.yaml', 'getFile', { path: 'slow' }, auth, { timeoutMs: 300 }).catch((error: unknown) => error);
    expect(isHubError(timeout) && timeout.code).toBe('UPSTREAM_TIMEOUT');

    const controller = new AbortController();
    const seen = server.requests.length;
    const pending = call('params.yaml', 'getFile', { path: 'slow' }, auth, { signal: controller.signal }).catch((error: unknown) => error);
    await server.waitForRequests(seen + 1);
    controller.abort();
    const cancelled = await pending;
    expect(isHubError(cancelled) && cancelled.code).toBe('CANCELLED');

    const closed = await startRecordingServer(FIXTURES);
    const deadUrl = closed.url;
    await closed.close();
    const unavailable = await executeOperation(tool('params.yaml', 'queryAuth'), {}, { baseUrl: deadUrl, auth }).catch((error: unknown) => error);
    expect(isHubError(unavailable) && unavailable.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((unavailable as Error).message).toContain('ECONNREFUSED');
    for (const error of [timeout, cancelled, unavailable]) expect(JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause) })).not.toContain(SECRET);
  });
});
