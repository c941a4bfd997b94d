// An imported REST API as an in-process upstream, and specs loaded over HTTP, against a real
// server on 127.0.0.1.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../hub/core/clock';
import { isHubError } from '../../hub/core/errors';
import { silentLogger } from '../../hub/core/logger';
import { convertSpec, loadSpec, OpenApiUpstream } from '../../hub/openapi';
import type { UpstreamEvent } from '../../hub/upstream/types';
import { startRecordingServer } from '../fixtures/openapi/recordingServer';
import type { RecordingServer } from '../fixtures/openapi/recordingServer';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/openapi');
const TOKEN = 'tok-upstream-8a7b6c5d4e';

let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer(FIXTURES);
});

afterAll(async () => {
  await server.close();
});

async function petstoreUpstream(): Promise<{ upstream: OpenApiUpstream; events: UpstreamEvent[] }> {
  const { tools } = convertSpec(await loadSpec(join(FIXTURES, 'petstore.yaml')));
  let calls = 0;
  const upstream = new OpenApiUpstream({
    name: 'petstore',
    tools,
    baseUrl: `${server.url}/api/v3`,
    getAuth: async () => ({ type: 'apiKey', in: 'header', name: 'api_key', value: `${TOKEN}-${++calls}` }),
    logger: silentLogger,
    clock: systemClock,
  });
  const events: UpstreamEvent[] = [];
  upstream.on((event) => events.push(event));
  return { upstream, events };
}

describe('OpenApiUpstream', () => {
  it('is running once created, lists the converted tools and nothing else', async () => {
    const { upstream } = await petstoreUpstream();
    try {
      expect(upstream.state).toMatchObject({ status: 'running', serverInfo: { name: 'petstore', version: 'openapi' } });
      expect(await upstream.start()).toMatchObject({ status: 'running' });
      await upstream.ready();
      const tools = await upstream.listTools();
      expect(tools).toHaveLength(14);
      expect(tools[0]).toEqual({
        name: 'updatePet',
        title: 'Update an existing pet',
        description: 'Update an existing pet\n\nUpdate an existing pet by Id',
        inputSchema: expect.objectContaining({ type: 'object', required: ['body'] }) as unknown,
        annotations: expect.objectContaining({ readOnlyHint: false }) as unknown,
      });
      expect(tools[0]).not.toHaveProperty('operation');
      expect(await upstream.listPrompts()).toEqual([]);
      expect(await upstream.listResources()).toEqual([]);
      expect(await upstream.listResourceTemplates()).toEqual([]);
      expect(upstream.capabilities()).toEqual({ tools: { listChanged: true } });
      expect(upstream.stderrTail()).toEqual([]);
    } finally {
      await upstream.dispose();
    }
  });

  it('calls the API with fresh credentials per call and keeps them out of the result', async () => {
    const { upstream } = await petstoreUpstream();
    try {
      const result = await upstream.callTool('getPetById', { petId: 42 });
      expect(server.last()).toMatchObject({ method: 'GET', path: '/api/v3/pet/42' });
      expect(server.last().headers.api_key).toBe(`${TOKEN}-1`);
      expect(result.structuredContent).toMatchObject({ status: 200, body: { echo: { path: '/api/v3/pet/42' } } });
      await upstream.callTool('getInventory', {});
      expect(server.last().headers.api_key).toBe(`${TOKEN}-2`);
      const unknown = await upstream.callTool('nope', {}).catch((error: unknown) => error);
      expect(isHubError(unknown) && unknown.code).toBe('TOOL_NOT_FOUND');
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    } finally {
      await upstream.dispose();
    }
  });

  it('fails in-flight calls when stopped, refuses calls until started, and announces state and tool changes', async () => {
    const { tools } = convertSpec(await loadSpec(join(FIXTURES, 'params.yaml')));
    const upstream = new OpenApiUpstream({ name: 'params', tools, baseUrl: `${server.url}/api`, logger: silentLogger, clock: systemClock });
    const events: UpstreamEvent[] = [];
    upstream.on((event) => events.push(event));
    try {
      const seen = server.requests.length;
      const pending = upstream.callTool('getFile', { path: 'slow' }).catch((error: unknown) => error);
      await server.waitForRequests(seen + 1);
      await upstream.stop();
      const stopped = await pending;
      expect(isHubError(stopped) && stopped.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(upstream.state).toEqual({ status: 'stopped' });
      const refused = await upstream.callTool('ping', {}).catch((error: unknown) => error);
      expect(isHubError(refused) && refused.code).toBe('UPSTREAM_UNAVAILABLE');
      await upstream.start();
      expect((await upstream.callTool('ping', {})).isError).toBeUndefined();
      upstream.setTools(tools.filter((tool) => tool.name !== 'ping'));
      expect((await upstream.listTools()).map((tool) => tool.name)).not.toContain('ping');
      expect(events.map((event) => (event.kind === 'state' ? `state:${event.state.status}` : event.kind))).toEqual(['state:stopped', 'state:running', 'tools_list_changed']);
    } finally {
      await upstream.dispose();
    }
    expect(upstream.state.status).toBe('stopped');
  });
});

describe('loadSpec over HTTP', () => {
  it('downloads a spec and resolves relative servers against its URL', async () => {
    const spec = await loadSpec(`${server.url}/specs/params.yaml`);
    expect(spec.source).toBe(`${server.url}/specs/params.yaml`);
    expect(convertSpec(spec).servers).toEqual([`${server.url}/api`]);
    const petstore = await loadSpec(`${server.url}/specs/petstore.yaml`, { fetch });
    expect(convertSpec(petstore).tools).toHaveLength(14);
  });

  it('says which URL failed and what to do', async () => {
    const error = await loadSpec(`${server.url}/specs/absent.yaml`).catch((caught: unknown) => caught);
    expect(isHubError(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as Error).message).toBe(`Downloading the spec from ${server.url}/specs/absent.yaml failed with HTTP 404. Check the URL (and that it is reachable without login), then import again.`);
  });
});
