import { describe, expect, it } from 'vitest';
import { removeEntry, upsertEntry } from '../../../hub/clients';
import { removePropertyLines } from '../../../hub/clients/jsonLines';

const ENTRY = { type: 'http', url: 'http://127.0.0.1:4242/mcp', headers: { Authorization: 'Bearer t' } };

describe('removing an entry by lines', () => {
  it('round-trips: add next to a commented neighbour, remove, and the file is as it was', () => {
    const original = '{\n  // mine\n  "servers": {\n    "mine": { "type": "stdio", "command": "mine" } // keep\n  }\n}\n';
    const added = upsertEntry('vscode', original, 'patchbay', ENTRY);
    expect(added).not.toBe(original);
    expect(removeEntry('vscode', added, 'patchbay')).toBe(original);
  });

  it('round-trips when the entry was appended last', () => {
    const original = '{\n\t"servers": {\n\t\t"a": { "command": "a" },\n\t\t"b": { "command": "b" }\n\t}\n}\n';
    const added = upsertEntry('vscode', original, 'patchbay', ENTRY);
    expect(removeEntry('vscode', added, 'patchbay')).toBe(original);
  });

  it('removes a middle property with its comma and trailing comment only', () => {
    const text = '{\n  "s": {\n    "a": 1,\n    "x": 2, // about x\n    // about b\n    "b": 3\n  }\n}';
    expect(removePropertyLines(text, ['s'], 'x')).toBe('{\n  "s": {\n    "a": 1,\n    // about b\n    "b": 3\n  }\n}');
  });

  it('removes the last property and the comma before it, keeping a comment after that comma', () => {
    const text = '{\n  "s": {\n    "a": 1, // about a\n    "x": 2\n  }\n}';
    expect(removePropertyLines(text, ['s'], 'x')).toBe('{\n  "s": {\n    "a": 1 // about a\n  }\n}');
  });

  it('handles objects on one line', () => {
    expect(removePropertyLines('{"s": {"a": 1, "x": 2, "b": 3}}', ['s'], 'x')).toBe('{"s": {"a": 1, "b": 3}}');
    expect(removePropertyLines('{"s": {"a": 1, "x": 2}}', ['s'], 'x')).toBe('{"s": {"a": 1 }}');
    expect(removePropertyLines('{"s": {"x": 2}}', ['s'], 'x')).toBeUndefined();
  });

  it('adds the servers key next to other settings without touching them, CRLF kept', () => {
    const original = '{\r\n    "editor.fontSize": 14, "inputs": []\r\n}\r\n';
    const added = upsertEntry('gemini', original, 'patchbay', { httpUrl: 'http://h/mcp' });
    expect(added).toBe('{\r\n    "editor.fontSize": 14, "inputs": [],\r\n    "mcpServers": {\r\n        "patchbay": {\r\n            "httpUrl": "http://h/mcp"\r\n        }\r\n    }\r\n}\r\n');
    // A comment on the last line would seem to describe the new entry: it goes first instead.
    const commented = '{\r\n    "inputs": [] // x\r\n}\r\n';
    expect(upsertEntry('gemini', commented, 'patchbay', { httpUrl: 'http://h/mcp' })).toBe(
      '{\r\n    "mcpServers": {\r\n        "patchbay": {\r\n            "httpUrl": "http://h/mcp"\r\n        }\r\n    },\r\n    "inputs": [] // x\r\n}\r\n',
    );
  });
});
