// The pure steps of an import: read the spec from what the user gave, convert every operation,
// pick the base URL, and apply include / exclude filters to stored tools.
import { isAbsolute, resolve } from 'node:path';
import type { OpenApiFilter, OpenApiSpecInput, OpenApiToolSummary } from '../../shared/api';
import { HubError } from '../core/errors';
import { convertSpec } from './convert';
import { isSelected } from './filter';
import { isRecord } from './schema';
import type { ConvertResult, HttpMethod, LoadedSpec, OpenApiTool, OperationFilter } from './types';
import type * as LoadSpecModule from './loadSpec';

export interface LoadedImport {
  spec: LoadedSpec;
  /** Every convertible operation (filters are applied later, so they can change without the spec). */
  converted: ConvertResult;
  skipped: SkippedOperation[];
  /** What to store as the source: an absolute path, a URL, or "inline". */
  source: string;
}

/** A skipped operation with what the filters need to decide whether the user cares about it. */
export interface SkippedOperation {
  operation: string;
  reason: string;
  method?: string;
  path?: string;
  tags?: string[];
}

export const INLINE_SOURCE = 'inline';

export async function loadImport(input: OpenApiSpecInput, opts: { fetch?: typeof fetch; baseDir?: string } = {}): Promise<LoadedImport> {
  let spec: LoadedSpec;
  let source: string;
  if ('url' in input) {
    source = input.url;
    const { loadSpec } = await loadSpecModule();
    spec = await loadSpec(input.url, opts.fetch ? { fetch: opts.fetch } : {});
  } else if ('path' in input) {
    source = isAbsolute(input.path) ? input.path : resolve(opts.baseDir ?? process.cwd(), input.path);
    const { loadSpec } = await loadSpecModule();
    spec = await loadSpec(source);
  } else {
    source = INLINE_SOURCE;
    const { loadSpec, parseText } = await loadSpecModule();
    spec = await loadSpec(parseText(input.text, 'inline spec'));
  }
  const converted = convertSpec(spec);
  return { spec, converted, skipped: describeSkipped(spec, converted.skipped), source };
}

/** The stored source as an input again (re-import without a new spec). */
export function sourceInput(source: string, server: string): OpenApiSpecInput {
  if (source === INLINE_SOURCE) {
    throw new HubError('VALIDATION_FAILED', `"${server}" was imported from pasted text, so there is nothing to read again. Give the new spec: \`patchbay openapi reimport ${server} SPEC\`.`);
  }
  return /^https?:\/\//i.test(source) ? { url: source } : { path: source };
}

/** The override, else the spec's first absolute http(s) server URL. */
export function chooseBaseUrl(override: string | undefined, specServers: string[], label: string): string {
  if (override) return override.replace(/\/+$/, '');
  const absolute = specServers.find((url) => /^https?:\/\//i.test(url));
  if (absolute) return absolute;
  const declared = specServers.length > 0 ? `it only says ${specServers.map((url) => JSON.stringify(url)).join(', ')}` : 'it declares no servers';
  throw new HubError('VALIDATION_FAILED', `The spec ${label} has no absolute server URL to send requests to (${declared}). Pass the API's base URL with --base-url URL (API: "baseUrl").`);
}

export function toFilter(filter: OpenApiFilter | undefined): OperationFilter {
  if (!filter) return {};
  const out: OperationFilter = {};
  if (filter.tags?.length) out.tags = filter.tags;
  if (filter.paths?.length) out.paths = filter.paths;
  if (filter.methods?.length) out.methods = filter.methods;
  if (filter.operations?.length) out.operations = filter.operations;
  return out;
}

export function selectTools(tools: OpenApiTool[], include: OperationFilter, exclude: OperationFilter): OpenApiTool[] {
  return tools.filter((tool) =>
    isSelected(
      { method: tool.operation.method, path: tool.operation.path, tags: tool.operation.tags, toolName: tool.name, ...(tool.operation.operationId ? { operationId: tool.operation.operationId } : {}) },
      include,
      exclude,
    ),
  );
}

/** Skipped operations the filters would have selected (the ones worth reporting). */
export function selectSkipped(skipped: SkippedOperation[], include: OperationFilter, exclude: OperationFilter): Array<{ operation: string; reason: string }> {
  return skipped
    .filter((entry) => !entry.method || !entry.path || isSelected({ method: entry.method, path: entry.path, tags: entry.tags ?? [], toolName: '' }, include, exclude))
    .map((entry) => ({ operation: entry.operation, reason: entry.reason }));
}

export function toolSummaries(tools: OpenApiTool[]): OpenApiToolSummary[] {
  return tools.map((tool) => ({ name: tool.name, method: tool.operation.method.toUpperCase(), path: tool.operation.path, tags: tool.operation.tags }));
}

function describeSkipped(spec: LoadedSpec, skipped: ConvertResult['skipped']): SkippedOperation[] {
  const paths = isRecord(spec.document.paths) ? spec.document.paths : {};
  return skipped.map((entry) => {
    const match = /^([A-Z]+) (\S+)/.exec(entry.operation);
    if (!match?.[1] || !match[2]) return entry;
    const method = match[1].toLowerCase() as HttpMethod;
    const path = match[2];
    const pathItem = paths[path];
    const operation = isRecord(pathItem) ? pathItem[method] : undefined;
    const tags = isRecord(operation) && Array.isArray(operation.tags) ? operation.tags.filter((tag): tag is string => typeof tag === 'string') : [];
    return { ...entry, method, path, tags };
  });
}

/** The spec parser (YAML, $ref resolution, validation) loads on first import, not at hub start. */
function loadSpecModule(): Promise<typeof LoadSpecModule> {
  return import('./loadSpec');
}
