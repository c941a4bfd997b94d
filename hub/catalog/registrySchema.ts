// zod schemas for the official MCP Registry's server.json (schema 2025-12-11, see
// https://github.com/modelcontextprotocol/registry docs/reference/server-json) and for the registry
// API's responses (GET /v0.1/servers, GET /v0.1/servers/{name}/versions/{version}).
// Deliberately lenient: unknown fields pass through (the format grows), required fields and the
// shapes we act on are checked.
import { z } from 'zod';

export const RegistryInputSchema = z.looseObject({
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  format: z.string().optional(),
  value: z.string().optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
});

const InputWithVariablesSchema = RegistryInputSchema.extend({
  variables: z.record(z.string(), RegistryInputSchema).optional(),
});

export const RegistryKeyValueInputSchema = InputWithVariablesSchema.extend({
  name: z.string().min(1).max(200),
});

export const RegistryArgumentSchema = z.discriminatedUnion('type', [
  InputWithVariablesSchema.extend({
    type: z.literal('positional'),
    valueHint: z.string().min(1).optional(),
    isRepeated: z.boolean().optional(),
  }),
  InputWithVariablesSchema.extend({
    type: z.literal('named'),
    name: z.string().min(1).max(200),
    isRepeated: z.boolean().optional(),
  }),
]);

const TEMPLATE_URL = /^(https?:\/\/\S+|\{[a-zA-Z_][a-zA-Z0-9_]*\}\S*)$/;

export const RegistryRemoteSchema = z.looseObject({
  type: z.enum(['streamable-http', 'sse']),
  url: z.string().regex(TEMPLATE_URL, 'must start with http://, https:// or a {variable}'),
  headers: z.array(RegistryKeyValueInputSchema).optional(),
  variables: z.record(z.string(), RegistryInputSchema).optional(),
});

export const RegistryPackageSchema = z.looseObject({
  registryType: z.string().min(1),
  registryBaseUrl: z.string().optional(),
  identifier: z.string().min(1).max(500),
  version: z
    .string()
    .min(1)
    .max(255)
    .refine((value) => value !== 'latest', { message: 'must be a specific version, not "latest"' })
    .optional(),
  fileSha256: z.string().optional(),
  runtimeHint: z.string().optional(),
  runtimeArguments: z.array(RegistryArgumentSchema).optional(),
  packageArguments: z.array(RegistryArgumentSchema).optional(),
  environmentVariables: z.array(RegistryKeyValueInputSchema).optional(),
  transport: z.looseObject({
    type: z.enum(['stdio', 'streamable-http', 'sse']),
    url: z.string().optional(),
    headers: z.array(RegistryKeyValueInputSchema).optional(),
  }),
});

export const RegistryServerJsonSchema = z.looseObject({
  $schema: z.string().optional(),
  name: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/, 'must be a reverse-DNS name with one slash, like io.github.user/weather'),
  description: z.string().min(1),
  title: z.string().optional(),
  version: z.string().min(1).max(255),
  websiteUrl: z.string().optional(),
  repository: z.looseObject({ url: z.string(), source: z.string(), subfolder: z.string().optional() }).optional(),
  packages: z.array(RegistryPackageSchema).optional(),
  remotes: z.array(RegistryRemoteSchema).optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
});

/** One entry of the registry API: `{ server, _meta }`. `server` is checked separately, for better paths. */
export const RegistryServerResponseSchema = z.looseObject({
  server: z.unknown(),
  _meta: z.record(z.string(), z.unknown()).optional(),
});

export const RegistryServerListSchema = z.looseObject({
  servers: z.array(RegistryServerResponseSchema),
  metadata: z
    .looseObject({
      nextCursor: z.string().optional(),
      /** Older registry versions spelled it this way. */
      next_cursor: z.string().optional(),
      count: z.number().optional(),
    })
    .optional(),
});

export type RegistryInput = z.infer<typeof RegistryInputSchema>;
export type RegistryKeyValueInput = z.infer<typeof RegistryKeyValueInputSchema>;
export type RegistryArgument = z.infer<typeof RegistryArgumentSchema>;
export type RegistryRemote = z.infer<typeof RegistryRemoteSchema>;
export type RegistryPackage = z.infer<typeof RegistryPackageSchema>;
export type RegistryServerJson = z.infer<typeof RegistryServerJsonSchema>;
