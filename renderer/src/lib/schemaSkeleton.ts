// A starting point for a tool's JSON arguments, built from its input schema: required properties
// (and defaults/examples where the schema gives them). Pure.

type Schema = { [key: string]: unknown };

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function exampleFor(schema: unknown, depth = 0): unknown {
  if (!isSchema(schema) || depth > 4) return null;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return argumentsSkeleton(schema, depth + 1);
    default:
      return null;
  }
}

/** `{ requiredProp: example, ... }` for an object schema; `{}` otherwise. */
export function argumentsSkeleton(schema: unknown, depth = 0): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (!isSchema(schema) || !isSchema(schema.properties)) return result;
  const required = Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : [];
  for (const key of required) result[key] = exampleFor(schema.properties[key], depth);
  return result;
}

/** Parses the arguments editor's text: an object, or a message saying what is wrong. */
export function parseArguments(text: string): { value: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `The arguments are not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isSchema(parsed)) return { error: 'The arguments must be a JSON object, e.g. { "query": "hello" }.' };
  return { value: parsed };
}
