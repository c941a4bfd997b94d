// Ways in besides a URL or a command: OpenAPI specs, one-click catalog entries and MCP Registry
// server.json files (hub/serve/routes/openapiRoutes.ts, catalogRoutes.ts).
import type {
  CatalogAddInput,
  CatalogAddResult,
  OpenApiChangeReport,
  OpenApiImportInput,
  OpenApiImportReport,
  OpenApiReimportInput,
  OpenApiServerView,
  OpenApiUpdateInput,
  RegistryImportInput,
  RegistryPreview,
  RegistrySourceInput,
} from '../../../shared/api';
import { enc, request } from './client';

export const importApi = {
  openapiImport: (input: OpenApiImportInput) => request<OpenApiImportReport>('POST', '/openapi/import', input),
  openapiShow: (name: string, signal?: AbortSignal) => request<OpenApiServerView>('GET', `/openapi/${enc(name)}`, undefined, signal),
  openapiUpdate: (name: string, input: OpenApiUpdateInput) => request<OpenApiChangeReport>('PATCH', `/openapi/${enc(name)}`, input),
  openapiReimport: (name: string, input: OpenApiReimportInput) => request<OpenApiChangeReport>('POST', `/openapi/${enc(name)}/reimport`, input),
  catalogAdd: (input: CatalogAddInput) => request<CatalogAddResult>('POST', '/servers/from-catalog', input),
  registryPreview: (source: RegistrySourceInput) => request<RegistryPreview>('POST', '/registry/preview', source),
  registryImport: (input: RegistryImportInput) => request<CatalogAddResult>('POST', '/registry/import', input),
};
