import { describe, expect, it } from 'vitest';
import { envIsSecret, headerIsSecret, nameProblem, newRow, rowsToValues, splitArgs, suggestName, urlProblem } from '../../../renderer/src/lib/transportForm';

describe('splitArgs', () => {
  it('splits on whitespace and honours quotes and escapes', () => {
    expect(splitArgs('-y @modelcontextprotocol/server-memory')).toEqual(['-y', '@modelcontextprotocol/server-memory']);
    expect(splitArgs(`-e "process.stderr.write('boom'); process.exit(1)"`)).toEqual(['-e', "process.stderr.write('boom'); process.exit(1)"]);
    expect(splitArgs(`--dir '/my files/x'  a\\ b ""`)).toEqual(['--dir', '/my files/x', 'a b', '']);
    expect(splitArgs('"say \\"hi\\""')).toEqual(['say "hi"']);
    expect(splitArgs('   ')).toEqual([]);
  });
});

describe('rowsToValues', () => {
  it('turns rows into explicit { value, secret } inputs and skips blank rows', () => {
    const rows = [newRow({ name: 'API_KEY', value: 'k', secret: true }), newRow(), newRow({ name: 'LOG_LEVEL', value: 'debug' })];
    expect(rowsToValues(rows, 'env')).toEqual({ values: { API_KEY: { value: 'k', secret: true }, LOG_LEVEL: { value: 'debug', secret: false } } });
  });

  it('says which row is wrong', () => {
    expect(rowsToValues([newRow({ value: 'x' })], 'header')).toEqual({ error: expect.stringContaining('no name') });
    expect(rowsToValues([newRow({ name: '1BAD' })], 'env')).toEqual({ error: expect.stringContaining('"1BAD" is not valid') });
    expect(rowsToValues([newRow({ name: 'Bad Header' })], 'header')).toEqual({ error: expect.stringContaining('"Bad Header"') });
    expect(rowsToValues([newRow({ name: 'X-Key', value: 'a' }), newRow({ name: 'x-key', value: 'b' })], 'header')).toEqual({ error: expect.stringContaining('appears twice') });
  });
});

describe('names, urls and secret defaults', () => {
  it('checks server names with the shared rule', () => {
    expect(nameProblem('github')).toBeUndefined();
    expect(nameProblem('')).toContain('Give the server a name');
    expect(nameProblem('My Server')).toContain('lowercase');
  });

  it('suggests names from text', () => {
    expect(suggestName('My GitHub!')).toBe('my-github');
    expect(suggestName('--x--')).toBe('x');
  });

  it('checks urls', () => {
    expect(urlProblem('https://example.com/mcp')).toBeUndefined();
    expect(urlProblem('')).toContain('Enter the server URL');
    expect(urlProblem('ftp://x')).toContain('http:// or https://');
    expect(urlProblem('example.com')).toContain('is not a URL');
  });

  it('marks credential-like env names and all but harmless headers as secret', () => {
    expect(envIsSecret('OPENAI_API_KEY')).toBe(true);
    expect(envIsSecret('LOG_LEVEL')).toBe(false);
    expect(headerIsSecret('Authorization')).toBe(true);
    expect(headerIsSecret('Accept')).toBe(false);
    expect(headerIsSecret('')).toBe(false);
  });
});
