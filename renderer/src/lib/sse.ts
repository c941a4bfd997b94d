// A Server-Sent Events parser for fetch streams (EventSource cannot POST). Pure: feed it text as
// it arrives, get back the complete events; a partial event waits for the next chunk.

export interface SseMessage {
  event: string;
  data: string;
}

export class SseParser {
  private buffer = '';

  /** Adds text; returns the events completed by it. Comment lines (`: keepalive`) are skipped. */
  feed(text: string): SseMessage[] {
    this.buffer += text.replace(/\r\n?/g, '\n');
    const out: SseMessage[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) break;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message = parseBlock(block);
      if (message) out.push(message);
    }
    return out;
  }

  /** The event left at the end of the stream, if it was not followed by a blank line. */
  flush(): SseMessage[] {
    const rest = this.buffer;
    this.buffer = '';
    const message = rest.trim() ? parseBlock(rest) : undefined;
    return message ? [message] : [];
  }
}

function parseBlock(block: string): SseMessage | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  return { event, data: data.join('\n') };
}
