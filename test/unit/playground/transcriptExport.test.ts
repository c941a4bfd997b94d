import { describe, expect, it } from 'vitest';
import { toJson, toMarkdown } from '../../../hub/playground/transcriptExport';
import type { ChatMessage } from '../../../hub/playground/types';

const messages: ChatMessage[] = [
  { role: 'user', content: 'Weather in Paris?' },
  {
    role: 'assistant',
    content: 'Let me check.',
    toolCalls: [{ id: 'call_1', name: 'demo__weather_get_forecast_1a2b3c4d', server: 'demo', tool: 'weather.get_forecast', arguments: { city: 'Paris' } }],
  },
  {
    role: 'tool',
    toolCallId: 'call_1',
    name: 'demo__weather_get_forecast_1a2b3c4d',
    server: 'demo',
    tool: 'weather.get_forecast',
    content: 'Sunny ``` in Paris',
    images: [{ mimeType: 'image/png', data: 'AAAA' }],
    isError: false,
    status: 'done',
    durationMs: 42,
  },
  { role: 'tool', toolCallId: 'call_2', name: 'demo__rm', content: 'The user denied this tool call.', isError: true, status: 'denied' },
  { role: 'assistant', content: 'It is sunny in Paris.' },
];

describe('toMarkdown', () => {
  it('renders turns, tool calls with arguments and results with status and timing', () => {
    const md = toMarkdown({ title: 'Paris\nweather', model: 'gpt-test', exportedAt: '2026-01-02T03:04:05.000Z', messages });
    expect(md).toBe(
      [
        '# Paris weather',
        '',
        '_Model: `gpt-test` · Exported: 2026-01-02T03:04:05.000Z_',
        '',
        '## User',
        '',
        'Weather in Paris?',
        '',
        '## Assistant',
        '',
        'Let me check.',
        '',
        '**Tool call** `demo / weather.get_forecast` (id `call_1`)',
        '',
        '```json',
        '{',
        '  "city": "Paris"',
        '}',
        '```',
        '',
        '**Tool result** `demo / weather.get_forecast` (id `call_1`): done, 42 ms',
        '',
        // The result contains ``` so its fence is longer.
        '````text',
        'Sunny ``` in Paris',
        '````',
        '',
        '_[image: image/png]_',
        '',
        '**Tool result** `demo__rm` (id `call_2`): denied by the user',
        '',
        '```text',
        'The user denied this tool call.',
        '```',
        '',
        '## Assistant',
        '',
        'It is sunny in Paris.',
        '',
      ].join('\n'),
    );
    expect(md).not.toContain('AAAA');
  });
});

describe('toJson', () => {
  it('writes a versioned document that parses back to the same messages', () => {
    const parsed = JSON.parse(toJson({ title: 't', model: 'm', exportedAt: '2026-01-02T03:04:05.000Z', messages })) as Record<string, unknown>;
    expect(parsed).toEqual({ format: 'patchbay-conversation', version: 1, title: 't', model: 'm', exportedAt: '2026-01-02T03:04:05.000Z', messages });
  });
});
