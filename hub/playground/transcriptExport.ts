// Conversation export: Markdown for people, JSON for tools (and re-import later).
import type { ChatMessage } from './types';

export interface ExportableConversation {
  title?: string;
  model?: string;
  /** ISO time of the export; default now. */
  exportedAt?: string;
  messages: readonly ChatMessage[];
}

export const EXPORT_FORMAT = 'patchbay-conversation';
export const EXPORT_VERSION = 1;

export function toMarkdown(conversation: ExportableConversation): string {
  const out: string[] = [`# ${oneLine(conversation.title ?? 'Playground conversation')}`, ''];
  const meta = [conversation.model ? `Model: \`${conversation.model}\`` : undefined, `Exported: ${conversation.exportedAt ?? new Date().toISOString()}`];
  out.push(`_${meta.filter(Boolean).join(' · ')}_`, '');
  for (const message of conversation.messages) {
    if (message.role === 'user') {
      out.push('## User', '', message.content, '');
    } else if (message.role === 'assistant') {
      out.push('## Assistant', '');
      if (message.content !== '') out.push(message.content, '');
      for (const call of message.toolCalls ?? []) {
        const who = call.server && call.tool ? `${call.server} / ${call.tool}` : call.name;
        out.push(`**Tool call** \`${who}\` (id \`${call.id}\`)`, '', fence(JSON.stringify(call.arguments, null, 2), 'json'), '');
      }
    } else {
      const who = message.server && message.tool ? `${message.server} / ${message.tool}` : message.name;
      const timing = message.durationMs !== undefined ? `, ${message.durationMs} ms` : '';
      out.push(`**Tool result** \`${who}\` (id \`${message.toolCallId}\`): ${statusText(message.status)}${timing}`, '');
      out.push(fence(message.content, 'text'), '');
      for (const image of message.images ?? []) out.push(`_[image: ${image.mimeType}]_`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function toJson(conversation: ExportableConversation): string {
  return `${JSON.stringify(
    {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      title: conversation.title,
      model: conversation.model,
      exportedAt: conversation.exportedAt ?? new Date().toISOString(),
      messages: conversation.messages,
    },
    null,
    2,
  )}\n`;
}

function statusText(status: string): string {
  switch (status) {
    case 'done':
      return 'done';
    case 'error':
      return 'error';
    case 'denied':
      return 'denied by the user';
    case 'cancelled':
      return 'stopped';
    default:
      return status;
  }
}

/** A fenced block that the content cannot break out of (the fence is longer than any run of backticks in it). */
function fence(text: string, lang: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
