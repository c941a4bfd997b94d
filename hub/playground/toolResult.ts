// An MCP tool result -> what the model reads: text blocks concatenated, structured content as JSON
// (unless a text block already carries it), images kept as images and noted in the text, other
// media and resources noted, errors flagged.
import type { ToolResult } from '../../shared/types';
import type { ChatImage } from './types';

export interface ModelToolContent {
  text: string;
  images: ChatImage[];
  isError: boolean;
}

export function toModelContent(result: ToolResult): ModelToolContent {
  const parts: string[] = [];
  const images: ChatImage[] = [];
  const texts: string[] = [];
  for (const block of Array.isArray(result.content) ? result.content : []) {
    const type = block.type;
    if (type === 'text' && typeof block.text === 'string') {
      parts.push(block.text);
      texts.push(block.text);
    } else if (type === 'image' && typeof block.data === 'string') {
      const mimeType = typeof block.mimeType === 'string' ? block.mimeType : 'application/octet-stream';
      images.push({ mimeType, data: block.data });
      parts.push(`[image ${images.length}: ${mimeType}, ${approxSize(block.data)}]`);
    } else if (type === 'audio') {
      parts.push(`[audio: ${typeof block.mimeType === 'string' ? block.mimeType : 'unknown type'} (not shown to the model)]`);
    } else if (type === 'resource_link') {
      const name = typeof block.name === 'string' ? ` "${block.name}"` : '';
      parts.push(`[resource link${name}: ${String(block.uri)}]`);
    } else if (type === 'resource' && block.resource && typeof block.resource === 'object') {
      const resource = block.resource as Record<string, unknown>;
      if (typeof resource.text === 'string') parts.push(`[resource ${String(resource.uri)}]\n${resource.text}`);
      else parts.push(`[resource ${String(resource.uri)}: binary ${typeof resource.mimeType === 'string' ? resource.mimeType : 'data'} (not shown to the model)]`);
    } else {
      parts.push(`[${String(type)} content]`);
    }
  }
  if (result.structuredContent !== undefined && !texts.some((text) => sameJson(text, result.structuredContent))) {
    parts.push(`Structured content:\n${JSON.stringify(result.structuredContent)}`);
  }
  const text = parts.join('\n').trim();
  return { text: text === '' ? '(the tool returned no content)' : text, images, isError: result.isError === true };
}

function sameJson(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}

function approxSize(base64: string): string {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const bytes = Math.floor((base64.length * 3) / 4) - padding;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}
