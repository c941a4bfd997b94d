// A loaded spec -> MCP tools. One operation that cannot be converted is skipped with a reason;
// the rest of the import goes on.
import { errorMessage } from '../core/errors';
import { isSelected } from './filter';
import { nameFromMethodAndPath, sanitizeToolName, uniqueName } from './naming';
import { buildOperation, securityAlternatives, stringList } from './operation';
import type { BuiltOperation, DocumentDefaults, RawOperation } from './operation';
import { SkipOperation } from './parameters';
import { createSchemaContext, isRecord } from './schema';
import { securitySchemes } from './security';
import { HTTP_METHODS } from './types';
import type { ConvertOptions, ConvertResult, LoadedSpec, OpenApiTool } from './types';

export function convertSpec(spec: LoadedSpec, opts: ConvertOptions = {}): ConvertResult {
  const document = spec.document;
  const ctx = createSchemaContext(spec.dialect, spec.refNames);
  const servers = specServers(spec);
  const defaults: DocumentDefaults = {
    ...(Array.isArray(document.security) ? { security: securityAlternatives(document.security) } : {}),
    consumes: stringList(document.consumes) ?? [],
    produces: stringList(document.produces) ?? [],
    resolveServers: (value) => (spec.dialect === 'swagger-2.0' ? [] : openApiServers(value, spec.sourceUrl)),
  };
  const maxDescription = opts.maxDescriptionLength ?? 1500;
  const tools: OpenApiTool[] = [];
  const skipped: ConvertResult['skipped'] = [];
  const used = new Set<string>();
  let filteredOut = 0;
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isRecord(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation === undefined) continue;
      const label = `${method.toUpperCase()} ${path}`;
      if (!isRecord(operation)) {
        skipped.push({ operation: label, reason: 'the operation is not an object' });
        continue;
      }
      const operationId = typeof operation.operationId === 'string' && operation.operationId ? operation.operationId : undefined;
      const baseName = operationId ? sanitizeToolName(operationId) : nameFromMethodAndPath(method, path);
      const tags = stringList(operation.tags) ?? [];
      if (!isSelected({ method, path, tags, toolName: baseName, ...(operationId ? { operationId } : {}) }, opts.include, opts.exclude)) {
        filteredOut += 1;
        continue;
      }
      const raw: RawOperation = { method, path, operation, pathItem };
      let built: BuiltOperation;
      try {
        built = buildOperation(raw, ctx, defaults, maxDescription);
      } catch (error) {
        const reason = error instanceof SkipOperation ? error.message : `conversion failed: ${errorMessage(error)}`;
        skipped.push({ operation: operationId ? `${label} (${operationId})` : label, reason });
        continue;
      }
      tools.push({
        name: uniqueName(baseName, used),
        ...(built.title ? { title: built.title } : {}),
        description: built.description,
        inputSchema: built.inputSchema,
        annotations: built.annotations,
        operation: { method, path, ...built.binding },
      });
    }
  }
  return { tools, skipped, filteredOut, servers, securitySchemes: securitySchemes(spec) };
}

/** Base URLs the spec declares, with server variables at their defaults; relative ones resolved. */
export function specServers(spec: LoadedSpec): string[] {
  const document = spec.document;
  if (spec.dialect !== 'swagger-2.0') {
    const servers = openApiServers(document.servers, spec.sourceUrl);
    // No servers: OpenAPI's default is "/", relative to where the document was served from.
    return servers.length === 0 && spec.sourceUrl ? [new URL(spec.sourceUrl).origin] : servers;
  }
  const basePath = typeof document.basePath === 'string' ? document.basePath : '';
  const schemes = stringList(document.schemes) ?? [];
  if (typeof document.host !== 'string' || !document.host) {
    return spec.sourceUrl ? [trimSlash(new URL(basePath || '/', spec.sourceUrl).href)] : basePath ? [basePath] : [];
  }
  const ordered = schemes.length > 0 ? [...schemes].sort((a, b) => (a === 'https' ? -1 : b === 'https' ? 1 : 0)) : ['https'];
  return ordered.map((scheme) => trimSlash(`${scheme}://${document.host as string}${basePath}`));
}

function openApiServers(value: unknown, sourceUrl: string | undefined): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const server of value) {
    if (!isRecord(server) || typeof server.url !== 'string') continue;
    const variables = isRecord(server.variables) ? server.variables : {};
    let url = server.url.replace(/\{([^}]+)\}/g, (match, name: string) => {
      const variable = variables[name];
      return isRecord(variable) && variable.default !== undefined ? String(variable.default) : match;
    });
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && sourceUrl) url = new URL(url, sourceUrl).href;
    out.push(trimSlash(url));
  }
  return out;
}

function trimSlash(url: string): string {
  return url.length > 1 ? url.replace(/\/+$/, '') : url;
}
