import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ClientJsonSchemaValidator, ServerJsonSchemaValidator } from '../../../hub/upstream/lazyJsonSchemaValidator';

// The validators the CLI bundle puts in place of the SDK's Node shims (scripts/build.mjs): the SDK's
// own ajv provider, loaded when the first schema is compiled and not before.

const require = createRequire(import.meta.url);
const schema = { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'] };

describe.each([
  ['client', ClientJsonSchemaValidator],
  ['server', ServerJsonSchemaValidator],
] as const)('the %s validator', (pkg, Validator) => {
  it('loads the SDK provider on the first schema, then validates exactly as it does', () => {
    const providerPath = require.resolve(`@modelcontextprotocol/${pkg}/validators/ajv`);
    const validator = new Validator();
    expect(require.cache[providerPath]).toBeUndefined();
    const check = validator.getValidator(schema);
    expect(require.cache[providerPath]).toBeDefined();
    expect(check({ count: 3 })).toMatchObject({ valid: true, data: { count: 3 } });
    const refused = check({ count: 'three' });
    expect(refused.valid).toBe(false);
    expect(refused.errorMessage).toMatch(/count/);
    // The SDK's own provider gives the same verdicts.
    const { AjvJsonSchemaValidator } = require(`@modelcontextprotocol/${pkg}/validators/ajv`) as { AjvJsonSchemaValidator: new () => { getValidator(s: unknown): (input: unknown) => { valid: boolean } } };
    const sdk = new AjvJsonSchemaValidator().getValidator(schema);
    for (const input of [{ count: 3 }, { count: 'three' }, {}, { count: 1.5 }]) expect(check(input).valid).toBe(sdk(input).valid);
  });
});
