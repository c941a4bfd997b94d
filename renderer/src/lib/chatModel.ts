// The Playground chat as the screen shows it: a list of items (user messages, streamed assistant
// text, tool-call cards, notices) built from the run's stream events or from a stored
// conversation. Pure, so the rules are unit-tested.
import type { ChatImage, ChatMessage, ChatOutcome, PlaygroundStreamEvent, TokenUsage, ToolCard } from '../../../shared/playground';
import type { ToolResult } from '../../../shared/types';

export type ChatItem =
  | { kind: 'user'; id: string; text: string }
  | { kind: 'assistant'; id: string; text: string }
  | { kind: 'tool'; id: string; card: ToolCard }
  | { kind: 'notice'; id: string; text: string; tone: 'info' | 'danger' };

export interface ChatView {
  items: ChatItem[];
  runId?: string;
  conversationId?: string;
  title?: string;
  /** Set while a run streams. */
  running: boolean;
  outcome?: ChatOutcome;
  usage?: TokenUsage;
}

export const emptyChat: ChatView = { items: [], running: false };

let counter = 0;
const nextId = (prefix: string): string => `${prefix}-${++counter}`;

/** The view after the user sent `text` (before the hub answers). */
export function startTurn(view: ChatView, text: string): ChatView {
  return { ...view, items: [...view.items, { kind: 'user', id: nextId('user'), text }], running: true, outcome: undefined, usage: undefined, runId: undefined };
}

export function applyEvent(view: ChatView, event: PlaygroundStreamEvent): ChatView {
  switch (event.type) {
    case 'run':
      return { ...view, runId: event.runId, conversationId: event.conversationId, title: event.title };
    case 'round':
    case 'message':
      return view;
    case 'text': {
      const last = view.items[view.items.length - 1];
      if (last?.kind === 'assistant') return { ...view, items: [...view.items.slice(0, -1), { ...last, text: last.text + event.delta }] };
      return { ...view, items: [...view.items, { kind: 'assistant', id: nextId('assistant'), text: event.delta }] };
    }
    case 'tool_card': {
      const index = view.items.findIndex((item) => item.kind === 'tool' && item.id === event.card.id);
      if (index < 0) return { ...view, items: [...view.items, { kind: 'tool', id: event.card.id, card: event.card }] };
      const items = [...view.items];
      items[index] = { kind: 'tool', id: event.card.id, card: event.card };
      return { ...view, items };
    }
    case 'notice':
      return { ...view, items: [...view.items, { kind: 'notice', id: nextId('notice'), text: event.message, tone: 'info' }] };
    case 'error':
      return { ...view, items: [...view.items, { kind: 'notice', id: nextId('error'), text: event.message, tone: 'danger' }] };
    case 'done':
      return { ...view, running: false, outcome: event.outcome, usage: event.usage, items: settleCards(view.items, event.outcome) };
  }
}

/** Cards still running or waiting when a run ends did not finish. */
function settleCards(items: ChatItem[], outcome: ChatOutcome): ChatItem[] {
  return items.map((item) =>
    item.kind === 'tool' && (item.card.status === 'running' || item.card.status === 'awaiting_approval')
      ? { ...item, card: { ...item.card, status: 'cancelled', error: item.card.error ?? (outcome === 'stopped' ? 'Stopped before the call finished.' : 'The run ended before the call finished.') } }
      : item,
  );
}

/** The view after the stream broke off without `done` (network, hub restart, abort). */
export function failRun(view: ChatView, message: string | undefined): ChatView {
  const items = message ? [...view.items, { kind: 'notice' as const, id: nextId('error'), text: message, tone: 'danger' as const }] : view.items;
  return { ...view, running: false, outcome: message ? 'error' : 'stopped', items: settleCards(items, message ? 'error' : 'stopped') };
}

/** What a tool card shows of an MCP result: text blocks, images, structured content. */
export function cardResult(result: ToolResult): NonNullable<ToolCard['result']> {
  const texts: string[] = [];
  const images: ChatImage[] = [];
  for (const block of result.content) {
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'image' && typeof block.data === 'string' && typeof block.mimeType === 'string') images.push({ mimeType: block.mimeType, data: block.data });
    else if (block.type === 'resource' || block.type === 'resource_link') texts.push(JSON.stringify(block));
  }
  return { text: texts.join('\n'), images, ...(result.structuredContent !== undefined ? { structuredContent: result.structuredContent } : {}), isError: result.isError === true };
}

/** A stored conversation's messages as chat items (tool results fill in their call's card). */
export function itemsFromMessages(messages: readonly ChatMessage[]): ChatItem[] {
  const items: ChatItem[] = [];
  const cards = new Map<string, number>();
  let round = 0;
  messages.forEach((message, index) => {
    if (message.role === 'user') {
      round = 0;
      items.push({ kind: 'user', id: `m${index}`, text: message.content });
    } else if (message.role === 'assistant') {
      round += 1;
      if (message.content) items.push({ kind: 'assistant', id: `m${index}`, text: message.content });
      for (const call of message.toolCalls ?? []) {
        cards.set(call.id, items.length);
        items.push({ kind: 'tool', id: call.id, card: { id: call.id, round, server: call.server ?? '', tool: call.tool ?? call.name, arguments: call.arguments, status: 'cancelled', error: 'No result was recorded for this call.' } });
      }
    } else {
      const at = cards.get(message.toolCallId);
      const base: ToolCard =
        at !== undefined && items[at]?.kind === 'tool'
          ? (items[at] as Extract<ChatItem, { kind: 'tool' }>).card
          : { id: message.toolCallId, round, server: message.server ?? '', tool: message.tool ?? message.name, arguments: {}, status: 'done' };
      const card: ToolCard = {
        ...base,
        server: message.server ?? base.server,
        tool: message.tool ?? base.tool,
        status: message.status,
        ...(message.durationMs !== undefined ? { durationMs: message.durationMs } : {}),
      };
      delete card.error;
      if (message.result) card.result = cardResult(message.result);
      else if (message.status === 'done') card.result = { text: message.content, images: message.images ?? [], isError: message.isError };
      if (message.status !== 'done') card.error = message.content;
      if (at !== undefined) items[at] = { kind: 'tool', id: card.id, card };
      else items.push({ kind: 'tool', id: card.id, card });
    }
  });
  return items;
}
