import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../hub/playground/providers/http';
import { parseSse } from '../../../hub/playground/providers/sse';
import type { SseMessage } from '../../../hub/playground/providers/sse';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const message of parseSse(streamOf(chunks))) out.push(message);
  return out;
}

describe('parseSse', () => {
  it('reads events split anywhere across chunks, with LF and CRLF line ends', async () => {
    const text = 'event: a\ndata: {"x":1}\n\r\ndata: two\r\n\r\n: a comment\n\ndata:no-space\n\n';
    const whole = await collect([text]);
    expect(whole).toEqual([{ event: 'a', data: '{"x":1}' }, { data: 'two' }, { data: 'no-space' }]);
    // Every possible split point gives the same events.
    for (let i = 1; i < text.length; i++) expect(await collect([text.slice(0, i), text.slice(i)])).toEqual(whole);
    // Multi-byte characters split between chunks survive.
    const bytes = new TextEncoder().encode('data: héllo ☃\n\n');
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 9));
        controller.enqueue(bytes.slice(9));
        controller.close();
      },
    });
    const out: SseMessage[] = [];
    for await (const message of parseSse(split)) out.push(message);
    expect(out).toEqual([{ data: 'héllo ☃' }]);
  });

  it('joins multi-line data and flushes a last event without a blank line', async () => {
    expect(await collect(['data: a\ndata: b\n\ndata: last'])).toEqual([{ data: 'a\nb' }, { data: 'last' }]);
  });
});

describe('retryDelayMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('honours retry-after-ms, retry-after in seconds and as a date, else backs off', () => {
    expect(retryDelayMs(new Headers({ 'retry-after-ms': '250' }), 1, now)).toBe(250);
    expect(retryDelayMs(new Headers({ 'retry-after': '3' }), 1, now)).toBe(3000);
    expect(retryDelayMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), 1, now)).toBe(5000);
    expect(retryDelayMs(new Headers(), 1, now)).toBe(1000);
    expect(retryDelayMs(new Headers(), 2, now)).toBe(2000);
  });
});
