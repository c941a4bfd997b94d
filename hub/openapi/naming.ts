// Tool and argument names: MCP tool names are `[A-Za-z0-9_-]{1,64}`; argument names are kept to
// `[A-Za-z0-9_.-]{1,64}`, which every LLM provider's function-calling accepts.

const MAX = 64;

export function sanitizeToolName(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '');
  return (cleaned || 'operation').slice(0, MAX).replace(/[_-]+$/, '') || 'operation';
}

/** `GET /pets/{petId}` -> `get_pets_petId` (for operations without an operationId). */
export function nameFromMethodAndPath(method: string, path: string): string {
  return sanitizeToolName(`${method}_${path.replace(/[{}]/g, '')}`);
}

/** Deterministic de-duplication: the first keeps its name, later ones get `_2`, `_3`, ... */
export function uniqueName(base: string, used: Set<string>, max = MAX): string {
  let name = base.slice(0, max);
  for (let n = 2; used.has(name); n += 1) {
    const suffix = `_${n}`;
    name = `${base.slice(0, max - suffix.length)}${suffix}`;
  }
  used.add(name);
  return name;
}

export function sanitizePropertyName(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, MAX);
  return cleaned || 'param';
}
