import { describe, expect, it } from 'vitest';
import { toModelContent } from '../../../hub/playground/toolResult';

describe('toModelContent', () => {
  it('concatenates text blocks and notes images, which it keeps as images', () => {
    const out = toModelContent({
      content: [
        { type: 'text', text: 'first' },
        { type: 'image', data: 'AAAA', mimeType: 'image/png' },
        { type: 'text', text: 'second' },
      ],
    });
    expect(out.text).toBe('first\n[image 1: image/png, 3 bytes]\nsecond');
    expect(out.images).toEqual([{ mimeType: 'image/png', data: 'AAAA' }]);
    expect(out.isError).toBe(false);
  });

  it('adds structured content as JSON unless a text block already carries it', () => {
    expect(toModelContent({ content: [{ type: 'text', text: 'Sunny' }], structuredContent: { tempC: 21 } }).text).toBe(
      'Sunny\nStructured content:\n{"tempC":21}',
    );
    expect(toModelContent({ content: [{ type: 'text', text: '{ "tempC": 21 }' }], structuredContent: { tempC: 21 } }).text).toBe('{ "tempC": 21 }');
  });

  it('notes audio, resource links and embedded resources, flags errors and fills empty results', () => {
    const out = toModelContent({
      content: [
        { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
        { type: 'resource_link', uri: 'file:///a.txt', name: 'a.txt' },
        { type: 'resource', resource: { uri: 'file:///b.txt', text: 'bee' } },
        { type: 'resource', resource: { uri: 'file:///c.bin', blob: 'AAAA', mimeType: 'application/zip' } },
      ],
      isError: true,
    });
    expect(out.text).toBe(
      '[audio: audio/wav (not shown to the model)]\n[resource link "a.txt": file:///a.txt]\n[resource file:///b.txt]\nbee\n[resource file:///c.bin: binary application/zip (not shown to the model)]',
    );
    expect(out.isError).toBe(true);
    expect(toModelContent({ content: [] }).text).toBe('(the tool returned no content)');
  });
});
