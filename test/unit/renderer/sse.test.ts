import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../renderer/src/lib/sse';

describe('SSE parser for fetch streams', () => {
  it('returns complete events only, across arbitrary chunk boundaries', () => {
    const parser = new SseParser();
    const text = 'event: run\ndata: {"type":"run"}\n\n: keepalive\n\nevent: text\ndata: {"type":"text","delta":"a"}\n\n';
    const out = [];
    for (let index = 0; index < text.length; index += 7) out.push(...parser.feed(text.slice(index, index + 7)));
    expect(out).toEqual([
      { event: 'run', data: '{"type":"run"}' },
      { event: 'text', data: '{"type":"text","delta":"a"}' },
    ]);
  });

  it('joins multi-line data, accepts CRLF, defaults the event name, and flushes a last unterminated event', () => {
    const parser = new SseParser();
    expect(parser.feed('data: one\r\ndata:two\r\n\r\nevent: x\ndata: y')).toEqual([{ event: 'message', data: 'one\ntwo' }]);
    expect(parser.flush()).toEqual([{ event: 'x', data: 'y' }]);
    expect(parser.flush()).toEqual([]);
  });
});
