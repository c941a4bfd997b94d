// Checks resources/catalog.json itself: schema, ids, urls, variables, required providers, icons,
// and that resources/catalog.schema.json is the JSON Schema generated from the zod schema.
// Regenerate the JSON Schema with: UPDATE_CATALOG_SCHEMA=1 npx vitest run test/unit/catalog/catalogFile.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CATALOG_ID_PATTERN, CatalogSchema, urlTemplateVariables } from '../../../shared/catalog';
import { SERVER_NAME_PATTERN } from '../../../shared/types';

const root = join(import.meta.dirname, '..', '..', '..');
const catalogPath = join(root, 'resources', 'catalog.json');
const schemaPath = join(root, 'resources', 'catalog.schema.json');
const raw: unknown = JSON.parse(readFileSync(catalogPath, 'utf8'));
const catalog = CatalogSchema.parse(raw);

const REQUIRED_PROVIDERS = ['github', 'sentry', 'atlassian', 'figma', 'linear', 'notion', 'stripe', 'asana', 'cloudflare', 'hugging-face', 'vercel', 'supabase', 'paypal', 'zapier'];

function generatedJsonSchema(): string {
  const schema = z.toJSONSchema(CatalogSchema, { io: 'input', target: 'draft-2020-12' });
  const withMeta = {
    ...schema,
    $id: 'https://patchbay.dev/schemas/catalog.schema.json',
    title: 'Patchbay catalog of remote MCP servers',
    description: 'Generated from CatalogSchema in shared/catalog.ts. Do not edit by hand.',
  };
  return `${JSON.stringify(withMeta, null, 2)}\n`;
}

describe('resources/catalog.json', () => {
  it('validates against the zod schema, with a $schema, version and updatedAt', () => {
    expect(CatalogSchema.safeParse(raw).success).toBe(true);
    expect(catalog.$schema).toBe('./catalog.schema.json');
    expect(catalog.version).toBe(1);
    expect(Number.isNaN(Date.parse(catalog.updatedAt))).toBe(false);
    expect(catalog.servers.length).toBeGreaterThanOrEqual(REQUIRED_PROVIDERS.length);
  });

  it('has unique ids that are valid server names', () => {
    expect(CATALOG_ID_PATTERN.source).toBe(SERVER_NAME_PATTERN.source);
    const ids = catalog.servers.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(SERVER_NAME_PATTERN.test(id), id).toBe(true);
  });

  it('has https urls that parse (with variable examples filled in) and https docs urls', () => {
    for (const entry of catalog.servers) {
      const examples = new Map((entry.variables ?? []).map((variable) => [variable.name, variable.example]));
      const url = new URL(entry.url.replace(/\{([^{}]+)\}/g, (_whole, name: string) => examples.get(name) ?? 'MISSING'));
      expect(url.protocol, entry.id).toBe('https:');
      expect(url.hostname, entry.id).not.toContain('missing');
      expect(new URL(entry.docsUrl).protocol, entry.id).toBe('https:');
      if (entry.auth.type === 'api-key' && entry.auth.keyUrl) expect(new URL(entry.auth.keyUrl).protocol).toBe('https:');
    }
  });

  it('declares exactly the variables its urls use', () => {
    for (const entry of catalog.servers) {
      const used = new Set(urlTemplateVariables(entry.url));
      const declared = new Set((entry.variables ?? []).map((variable) => variable.name));
      expect([...used].sort(), entry.id).toEqual([...declared].sort());
    }
    expect(catalog.servers.some((entry) => (entry.variables ?? []).length > 0)).toBe(true);
  });

  it('contains every required provider', () => {
    const ids = new Set(catalog.servers.map((entry) => entry.id));
    for (const id of REQUIRED_PROVIDERS) expect(ids.has(id), id).toBe(true);
  });

  it('points every icon at a small SVG that exists', () => {
    for (const entry of catalog.servers) {
      const svg = entry.icon.startsWith('data:') ? decodeURIComponent(entry.icon.slice(entry.icon.indexOf(',') + 1)) : readFileSync(join(root, 'resources', entry.icon), 'utf8');
      expect(svg, entry.id).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg, entry.id).not.toMatch(/<script|on\w+=|href=/i);
      expect(svg.length, entry.id).toBeLessThan(4000);
    }
  });

  it('keeps resources/catalog.schema.json in sync with the zod schema', () => {
    const expected = generatedJsonSchema();
    if (process.env.UPDATE_CATALOG_SCHEMA === '1') writeFileSync(schemaPath, expected);
    expect(readFileSync(schemaPath, 'utf8')).toBe(expected);
  });

  it('validates against the generated JSON Schema too (what editors use)', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(raw) as { servers: Array<Record<string, unknown>> };
    broken.servers[0]!.transport = 'websocket';
    expect(validate(broken)).toBe(false);
  });
});
