import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isHubError } from '../../../hub/core/errors';
import type { HubError } from '../../../hub/core/errors';
import { loadSpec } from '../../../hub/openapi';
import { FIXTURES, fixture } from './helpers';

async function failure(source: string | object, opts: Parameters<typeof loadSpec>[1] = {}): Promise<HubError> {
  try {
    await loadSpec(source, opts);
  } catch (error) {
    if (isHubError(error)) return error;
    throw error;
  }
  throw new Error('expected loadSpec to fail');
}

describe('loadSpec', () => {
  it('reads YAML and JSON files and describes the document', async () => {
    const yaml = await loadSpec(fixture('petstore.yaml'));
    expect(yaml).toMatchObject({ dialect: 'openapi-3.0', specVersion: '3.0.3', title: 'Swagger Petstore - OpenAPI 3.0', apiVersion: '1.0.19', source: fixture('petstore.yaml') });
    const json = await loadSpec(fixture('swagger2.json'));
    expect(json).toMatchObject({ dialect: 'swagger-2.0', specVersion: '2.0', title: 'Legacy Files API' });
    expect((await loadSpec(fixture('openapi31.yaml'))).dialect).toBe('openapi-3.1');
  });

  it('dereferences $refs, keeping recursion as object cycles named after the component', async () => {
    const spec = await loadSpec(fixture('recursive.yaml'));
    const schemas = (spec.document.components as Record<string, Record<string, Record<string, Record<string, Record<string, unknown>>>>>).schemas;
    const node = schemas?.TreeNode;
    expect(node?.properties?.children?.items).toBe(node);
    expect(spec.refNames.get(node as object)).toBe('TreeNode');
  });

  it('accepts a parsed object, resolving relative external $refs against baseDir', async () => {
    const document = parse(readFileSync(fixture('recursive.yaml'), 'utf8')) as object;
    const spec = await loadSpec(document, { baseDir: FIXTURES });
    const label = (spec.document.paths as Record<string, Record<string, Record<string, Record<string, Record<string, Record<string, Record<string, unknown>>>>>>>)['/labels']?.post?.requestBody?.content?.['application/json']?.schema;
    expect(label).toMatchObject({ type: 'object', required: ['text'] });
    expect(spec.source).toBe('inline spec');
    expect(document).toHaveProperty('paths./labels.post.requestBody.content.application/json.schema.$ref', './shared/common.yaml#/Label');
  });

  it('points at the offending field of an invalid spec, with its line in the file', async () => {
    const error = await failure(fixture('broken.yaml'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('at /paths/~1pets~1{petId}/get/parameters/0/in (line 11, column 11)');
    expect(error.message).toContain('must be equal to one of the allowed values');
    expect(error.message).toContain('Did you mean path here?');
    expect(error.message).toContain('Fix it there');
    expect(error.details).toMatchObject({ pointer: '/paths/~1pets~1{petId}/get/parameters/0/in' });
  });

  it('points at a $ref that leads nowhere', async () => {
    const error = await failure(fixture('bad-ref.yaml'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('Missing $ref pointer "#/components/schemas/Missing"');
    expect(error.message).toContain('at /paths/~1pets/get/responses/200/content/application~1json/schema/$ref (line 15, column 17)');
  });

  it('reports syntax errors with line and column, and non-OpenAPI documents with what is missing', async () => {
    expect((await failure(fixture('syntax-error.yaml'))).message).toMatch(/not valid JSON or YAML at line \d+, column \d+: Flow sequence/);
    expect((await failure({ foo: 1 })).message).toContain('no top-level "openapi" (3.x) or "swagger" ("2.0") field');
    expect((await failure({ openapi: '3.2.0', info: { title: 'x', version: '1' }, paths: {} })).message).toContain('only OpenAPI 3.0.x, 3.1.x and Swagger 2.0');
    const missingVersion = await failure({ swagger: '2.0', info: { title: 'x' }, paths: {} });
    expect(missingVersion.message).toContain("at /info: REQUIRED must have required property 'version'");
    const missingFile = await failure(fixture('nope.yaml'));
    expect(missingFile.code).toBe('NOT_FOUND');
    expect(missingFile.message).toContain('nope.yaml');
  });

  it('keeps validator warnings instead of failing on duplicate operationIds', async () => {
    const spec = await loadSpec(fixture('params.yaml'));
    expect(spec.warnings.join('\n')).toContain('sameName');
  });
});
