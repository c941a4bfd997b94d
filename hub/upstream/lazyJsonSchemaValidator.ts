import { createRequire } from 'node:module';
import process from 'node:process';

// The MCP SDK's default JSON Schema validator, loaded when the first schema is compiled.
//
// The SDK's client and server each bundle ajv (with ajv-formats and fast-uri) as their default
// validator, and their Node shims (`@modelcontextprotocol/{client,server}/_shims`) load it with the
// package. The hub compiles a schema rarely, if ever: it passes tool results through (the downstream
// client checks them against the output schema) and relays elicitation answers as they are. Yet two
// copies of ajv were compiled and evaluated on every start of `patchbay serve`. The CLI bundle
// (scripts/build.mjs, lazyAjvShimsPlugin) replaces those shims with this module, whose validators load
// the SDK's own ajv provider (its CommonJS build, from node_modules) on first use. Same engine, same
// results; only the moment it loads differs.

interface SchemaValidator {
  getValidator(schema: unknown): (input: unknown) => { valid: boolean; data: unknown; errorMessage: string | undefined };
}
type ProviderClass = new (ajv?: unknown) => SchemaValidator;

const load = createRequire(import.meta.url);

function lazyValidator(loadProvider: () => ProviderClass) {
  let Provider: ProviderClass | undefined;
  return class LazyJsonSchemaValidator implements SchemaValidator {
    private provider: SchemaValidator | undefined;

    /** `ajv`: an engine of the caller's, as the SDK's AjvJsonSchemaValidator takes it. */
    constructor(private readonly ajv?: unknown) {}

    getValidator(schema: unknown): ReturnType<SchemaValidator['getValidator']> {
      Provider ??= loadProvider();
      this.provider ??= new Provider(this.ajv);
      return this.provider.getValidator(schema);
    }
  };
}

export const ClientJsonSchemaValidator = lazyValidator(() => (load('@modelcontextprotocol/client/validators/ajv') as { AjvJsonSchemaValidator: ProviderClass }).AjvJsonSchemaValidator);
export const ServerJsonSchemaValidator = lazyValidator(() => (load('@modelcontextprotocol/server/validators/ajv') as { AjvJsonSchemaValidator: ProviderClass }).AjvJsonSchemaValidator);

/** As in the SDK's Node shim: CORS does not exist outside browsers. */
export const CORS_IS_POSSIBLE = false;
export { process };
