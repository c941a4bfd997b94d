import { describe, expect, it } from 'vitest';
import { jsonOutcome, plainHeaderValue } from '../../../hub/serve/passthrough';

// What the audit log records for a relayed JSON answer (the relay itself runs against real
// upstreams in test/integration/hubPassthrough.test.ts).

const answer = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('jsonOutcome', () => {
  it('records a plain result as ok, with its size, without parsing it', () => {
    const payload = answer({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'fine' }] } });
    expect(jsonOutcome(200, 'github', payload)).toEqual({ outcome: 'ok', resultBytes: payload.length });
  });

  it('tells tool errors from results that merely mention errors', () => {
    const toolError = answer({ jsonrpc: '2.0', id: 1, result: { isError: true, content: [{ type: 'text', text: 'rate limited' }] } });
    expect(jsonOutcome(200, 'github', toolError)).toMatchObject({ outcome: 'tool_error', error: 'rate limited' });
    const mentions = answer({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: '{"error": "not really", "isError": false}' }], isError: false } });
    expect(jsonOutcome(200, 'github', mentions).outcome).toBe('ok');
    // Spaced JSON (not every server writes compact JSON) is read the same way.
    const spaced = Buffer.from('{"jsonrpc": "2.0", "id": 1, "result": {"isError": true, "content": [{"type": "text", "text": "bad input"}]}}');
    expect(jsonOutcome(200, 'github', spaced)).toMatchObject({ outcome: 'tool_error', error: 'bad input' });
  });

  it('records JSON-RPC errors and HTTP failures as errors', () => {
    expect(jsonOutcome(200, 'github', answer({ jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Unknown tool' } }))).toMatchObject({ outcome: 'error', error: 'Unknown tool' });
    expect(jsonOutcome(502, 'github', Buffer.from('{}'))).toMatchObject({ outcome: 'error', error: 'HTTP 502 from "github"' });
    expect(jsonOutcome(200, 'github', Buffer.from('not json but says error"'))).toMatchObject({ outcome: 'ok' });
  });
});

describe('plainHeaderValue', () => {
  it('passes names a header carries as they are, and sends the rest to the full path (which Base64-encodes them)', () => {
    for (const name of ['echo', 'get_issue', 'a.b-c/d', 'two words']) expect(plainHeaderValue(name)).toBe(true);
    for (const name of ['', 'café', '工具', ' padded', 'padded ', 'tab\there', 'line\nbreak', '=?base64?ZWNobw==?=']) expect(plainHeaderValue(name)).toBe(false);
  });
});
