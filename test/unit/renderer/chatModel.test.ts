import { describe, expect, it } from 'vitest';
import type { ChatMessage, PlaygroundStreamEvent, ToolCard } from '../../../shared/playground';
import { applyEvent, cardResult, emptyChat, failRun, itemsFromMessages, startTurn } from '../../../renderer/src/lib/chatModel';
import type { ChatView } from '../../../renderer/src/lib/chatModel';

const card = (status: ToolCard['status'], extra: Partial<ToolCard> = {}): ToolCard => ({ id: 'call_1', round: 1, server: 'echo', tool: 'echo', arguments: { text: 'hi' }, status, ...extra });

function run(events: PlaygroundStreamEvent[], from: ChatView = startTurn(emptyChat, 'Hello')): ChatView {
  return events.reduce(applyEvent, from);
}

describe('chat view from stream events', () => {
  it('streams text into one assistant item per turn, with tool cards in between, updated in place', () => {
    const view = run([
      { type: 'run', runId: 'r1', conversationId: 'c1', title: 'Hello' },
      { type: 'round', round: 1 },
      { type: 'text', delta: 'Calling ' },
      { type: 'text', delta: 'echo.' },
      { type: 'tool_card', card: card('running') },
      { type: 'tool_card', card: card('done', { result: { text: 'hi', images: [], isError: false }, durationMs: 12 }) },
      { type: 'round', round: 2 },
      { type: 'text', delta: 'It said hi.' },
      { type: 'done', outcome: 'completed', usage: { inputTokens: 3, outputTokens: 4 } },
    ]);
    expect(view.items.map((item) => item.kind)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(view.items[1]).toMatchObject({ text: 'Calling echo.' });
    expect(view.items[2]).toMatchObject({ card: { status: 'done', durationMs: 12 } });
    expect(view).toMatchObject({ runId: 'r1', conversationId: 'c1', running: false, outcome: 'completed', usage: { inputTokens: 3 } });
  });

  it('shows notices and errors, and cancels cards that were still open when the run ended', () => {
    const view = run([{ type: 'tool_card', card: card('awaiting_approval') }, { type: 'notice', message: 'Round limit reached.' }, { type: 'error', code: 'UPSTREAM_UNAVAILABLE', message: 'echo is down' }, { type: 'done', outcome: 'stopped', usage: {} }]);
    expect(view.items.slice(1)).toMatchObject([
      { kind: 'tool', card: { status: 'cancelled', error: 'Stopped before the call finished.' } },
      { kind: 'notice', tone: 'info', text: 'Round limit reached.' },
      { kind: 'notice', tone: 'danger', text: 'echo is down' },
    ]);
  });

  it('ends a run that broke off: with a message (error) or quietly (aborted by the user)', () => {
    const open = run([{ type: 'tool_card', card: card('running') }]);
    expect(failRun(open, 'Cannot reach the hub.')).toMatchObject({ running: false, outcome: 'error', items: [{}, { card: { status: 'cancelled' } }, { kind: 'notice', text: 'Cannot reach the hub.' }] });
    expect(failRun(open, undefined)).toMatchObject({ running: false, outcome: 'stopped' });
    expect(failRun(open, undefined).items).toHaveLength(2);
  });

  it('turns an MCP result into the card\'s text, images and structured content', () => {
    expect(cardResult({ content: [{ type: 'text', text: 'a' }, { type: 'image', data: 'AAAA', mimeType: 'image/png' }, { type: 'text', text: 'b' }], structuredContent: { n: 1 }, isError: true })).toEqual({
      text: 'a\nb',
      images: [{ mimeType: 'image/png', data: 'AAAA' }],
      structuredContent: { n: 1 },
      isError: true,
    });
  });
});

describe('chat view from a stored conversation', () => {
  it('rebuilds cards from the assistant\'s calls and the tool results', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Echo it' },
      { role: 'assistant', content: 'Sure.', toolCalls: [{ id: 'c1', name: 'echo__echo', arguments: { text: 'x' }, server: 'echo', tool: 'echo' }, { id: 'c2', name: 'echo__era', arguments: {}, server: 'echo', tool: 'era' }] },
      { role: 'tool', toolCallId: 'c1', name: 'echo__echo', server: 'echo', tool: 'echo', content: 'x', isError: false, status: 'done', result: { content: [{ type: 'text', text: 'echo: x' }] }, durationMs: 5 },
      { role: 'tool', toolCallId: 'c2', name: 'echo__era', content: 'The user denied this call.', isError: true, status: 'denied' },
      { role: 'assistant', content: 'Done.' },
    ];
    const items = itemsFromMessages(messages);
    expect(items.map((item) => item.kind)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant']);
    expect(items[2]).toMatchObject({ card: { server: 'echo', tool: 'echo', arguments: { text: 'x' }, status: 'done', durationMs: 5, result: { text: 'echo: x', isError: false } } });
    expect(items[3]).toMatchObject({ card: { tool: 'era', status: 'denied', error: 'The user denied this call.' } });
    expect((items[3] as { card: ToolCard }).card.result).toBeUndefined();
  });

  it('marks a call without a recorded result', () => {
    const items = itemsFromMessages([{ role: 'assistant', content: '', toolCalls: [{ id: 'c9', name: 'x__y', arguments: {} }] }]);
    expect(items).toMatchObject([{ kind: 'tool', card: { tool: 'x__y', status: 'cancelled' } }]);
  });
});
