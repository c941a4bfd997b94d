import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { convertSpec, loadSpec } from '../../../hub/openapi';
import type { ConvertOptions, ConvertResult, OpenApiTool } from '../../../hub/openapi';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/openapi');
export const fixture = (name: string): string => join(FIXTURES, name);

export async function importFixture(name: string, opts: ConvertOptions = {}): Promise<ConvertResult> {
  return convertSpec(await loadSpec(fixture(name)), opts);
}

export function tool(result: ConvertResult, name: string): OpenApiTool {
  const found = result.tools.find((item) => item.name === name);
  if (!found) throw new Error(`no tool ${name} in ${result.tools.map((item) => item.name).join(', ')}`);
  return found;
}

/** Compiles every inputSchema with ajv (draft 2020-12 + formats); returns the failures. */
export function invalidSchemas(tools: OpenApiTool[]): Array<{ name: string; error: string }> {
  const ajv = new Ajv2020({ strict: false, logger: false, allErrors: false });
  addFormats(ajv);
  const failures: Array<{ name: string; error: string }> = [];
  for (const item of tools) {
    try {
      if (item.inputSchema.type !== 'object') throw new Error('inputSchema.type is not "object"');
      ajv.compile(item.inputSchema);
    } catch (error) {
      failures.push({ name: item.name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return failures;
}
