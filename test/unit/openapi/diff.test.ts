import { describe, expect, it } from 'vitest';
import { convertSpec, diffTools, loadSpec } from '../../../hub/openapi';
import { fixture } from './helpers';

describe('diffTools', () => {
  it('reports added, removed and changed tools between two imports', async () => {
    const spec = await loadSpec(fixture('petstore.yaml'));
    const before = convertSpec(spec).tools;
    const document = structuredClone((await loadSpec(fixture('petstore.yaml'), { validate: false })).document);
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    delete paths['/store/inventory'];
    (paths['/pet/{petId}'] as Record<string, Record<string, unknown>>).get!.summary = 'Fetch a pet';
    paths['/health'] = { get: { operationId: 'health', responses: { 200: { description: 'ok' } } } };
    const after = convertSpec(await loadSpec(document)).tools;
    expect(diffTools(before, after)).toEqual({ added: ['health'], removed: ['getInventory'], changed: ['getPetById'], unchanged: 12 });
    expect(diffTools(before, convertSpec(await loadSpec(fixture('petstore.yaml'))).tools)).toEqual({ added: [], removed: [], changed: [], unchanged: 14 });
  });
});
