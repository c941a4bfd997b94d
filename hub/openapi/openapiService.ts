// Imported REST APIs as hub servers (issue 4): import, re-import, change filters / base URL / auth,
// show, and the live OpenApiUpstream of each enabled one. Used by the CLI and the admin API alike.
// The server row (name, enabled, transport `openapi`) lives in `servers`; everything about the
// spec in `openapi_specs`, with the converted tools as JSON so that start-up never re-parses it.
import type { Database } from 'better-sqlite3';
import type { OpenApiChangeReport, OpenApiImportInput, OpenApiImportReport, OpenApiReimportInput, OpenApiServerView, OpenApiUpdateInput } from '../../shared/api';
import type { OpenApiTransportConfig, ServerConfig } from '../../shared/types';
import type { Clock } from '../core/clock';
import { errorMessage, HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Redactor } from '../core/redact';
import { parseApiInput } from '../core/validate';
import type { SecretStore } from '../secrets/secretStore';
import type { OpenApiRepo, OpenApiSpecRecord } from '../store/openapiRepo';
import type { ServerRepo } from '../store/serverRepo';
import type { Upstream } from '../upstream/types';
import type { UpstreamRegistry } from '../upstream/upstreamRegistry';
import { diffTools } from './diff';
import { authHints, authView, openApiSecretPrefix, resolveAuth, storeAuth } from './openapiAuth';
import { chooseBaseUrl, loadImport, selectSkipped, selectTools, sourceInput, toFilter, toolSummaries } from './openapiImport';
import type { LoadedImport } from './openapiImport';
import { OpenApiUpstream } from './upstream';

export interface OpenApiServiceOptions {
  db: Database;
  repo: OpenApiRepo;
  servers: ServerRepo;
  secrets: SecretStore;
  redactor: Redactor;
  registry: UpstreamRegistry;
  logger: Logger;
  clock: Clock;
  /** For specs given as URLs and for the API calls themselves (tests pass their own). */
  fetch?: typeof fetch;
  /**
   * TODO(issue 3, upstream OAuth2): the access token for an imported API whose auth is `oauth2`.
   * Until the hub's OAuth2 client is wired in, such servers fail their calls with AUTH_REQUIRED.
   */
  oauth2Token?: (server: ServerConfig) => Promise<string>;
  /** Endpoint names held by something other than a server (a bundle): what holds it, or undefined. */
  nameTakenBy?: (name: string) => string | undefined;
}

interface Live {
  serverId: string;
  upstream: OpenApiUpstream;
  revision: number;
}

export class OpenApiService {
  private readonly live = new Map<string, Live>();

  constructor(private readonly opts: OpenApiServiceOptions) {}

  /** Imports a spec as a new server. Nothing is created when the spec cannot be read. */
  async import(raw: OpenApiImportInput, options: { baseDir?: string } = {}): Promise<OpenApiImportReport> {
    const input = await parseApiInput('OpenApiImportSchema', raw, 'OpenAPI import');
    if (this.opts.servers.get(input.name)) {
      throw new HubError('ALREADY_EXISTS', `A server named "${input.name}" already exists. Pick another name, or re-import into it with \`patchbay openapi reimport ${input.name}\`.`);
    }
    const holder = this.opts.nameTakenBy?.(input.name);
    if (holder) throw new HubError('ALREADY_EXISTS', `"${input.name}" is the name of a ${holder}; servers and ${holder}s share the endpoint names /mcp/NAME. Pick another name for the imported API.`);
    const loaded = await this.load(input.spec, options.baseDir);
    const baseUrl = chooseBaseUrl(input.baseUrl, loaded.converted.servers, loaded.spec.source);
    const include = toFilter(input.include);
    const exclude = toFilter(input.exclude);
    const transport: OpenApiTransportConfig = { type: 'openapi', source: loaded.source, baseUrl };
    const config = this.opts.db.transaction((): ServerConfig => {
      const created = this.opts.servers.create({ name: input.name, enabled: input.enabled, description: input.description ?? `${loaded.spec.title} (imported from OpenAPI)`, transport });
      this.opts.repo.insert({
        serverId: created.id,
        ...specFields(loaded),
        ...(input.baseUrl ? { baseUrlOverride: baseUrl } : {}),
        include,
        exclude,
        auth: { type: 'none' },
        tools: loaded.converted.tools,
      });
      return created;
    })();
    try {
      const auth = await storeAuth(input.auth, loaded.converted.securitySchemes, config.id, this.opts.secrets);
      if (auth.type !== 'none') this.opts.repo.update(config.id, { auth });
    } catch (error) {
      this.opts.servers.remove(config.name);
      await this.deleteSecrets(config.id);
      throw error;
    }
    await this.opts.registry.reconcile();
    const view = this.show(input.name);
    return {
      ...view,
      skipped: selectSkipped(loaded.skipped, include, exclude),
      filteredOut: view.convertedCount - view.toolCount,
      hints: [...authHints(input.name, loaded.converted.securitySchemes, this.record(config).auth), ...emptyHint(input.name, view)],
    };
  }

  /** Reads the spec again (or a new one) and reports what changed in the served tools. */
  async reimport(name: string, raw: OpenApiReimportInput = {}, options: { baseDir?: string } = {}): Promise<OpenApiChangeReport> {
    const input = await parseApiInput('OpenApiReimportSchema', raw, 'OpenAPI re-import');
    const config = this.server(name);
    const record = this.record(config);
    const loaded = await this.load(input.spec ?? sourceInput(record.source, name), options.baseDir);
    const before = selectTools(this.opts.repo.tools(config.id), record.include, record.exclude);
    const after = selectTools(loaded.converted.tools, record.include, record.exclude);
    this.opts.repo.update(config.id, { ...specFields(loaded), tools: loaded.converted.tools, reimported: true });
    const transport = config.transport as OpenApiTransportConfig;
    let baseUrl = transport.baseUrl;
    try {
      baseUrl = chooseBaseUrl(record.baseUrlOverride, loaded.converted.servers, loaded.spec.source);
    } catch {
      // The new spec has no usable server URL: keep sending requests where they went so far.
    }
    if (baseUrl !== transport.baseUrl || loaded.source !== transport.source) {
      this.opts.servers.update(name, { transport: { type: 'openapi', source: loaded.source, baseUrl } });
    }
    await this.applyLive();
    const view = this.show(name);
    return { ...view, skipped: selectSkipped(loaded.skipped, record.include, record.exclude), diff: diffTools(before, after), filteredOut: view.convertedCount - view.toolCount };
  }

  /** Changes filters, base URL or auth of an imported API; reports what changed in the served tools. */
  async update(name: string, raw: OpenApiUpdateInput): Promise<OpenApiChangeReport> {
    const input = await parseApiInput('OpenApiUpdateSchema', raw, 'OpenAPI settings');
    const config = this.server(name);
    const record = this.record(config);
    const tools = this.opts.repo.tools(config.id);
    const include = input.include !== undefined ? toFilter(input.include) : record.include;
    const exclude = input.exclude !== undefined ? toFilter(input.exclude) : record.exclude;
    const before = selectTools(tools, record.include, record.exclude);
    const after = selectTools(tools, include, exclude);
    if (input.include !== undefined || input.exclude !== undefined) this.opts.repo.update(config.id, { include, exclude });
    if (input.auth !== undefined) {
      await this.deleteSecrets(config.id);
      this.opts.repo.update(config.id, { auth: await storeAuth(input.auth, record.securitySchemes, config.id, this.opts.secrets) });
    }
    if (input.baseUrl !== undefined) {
      const override = input.baseUrl ?? undefined;
      const baseUrl = chooseBaseUrl(override, record.specServers, record.source);
      this.opts.repo.update(config.id, { baseUrlOverride: override === undefined ? undefined : baseUrl });
      const transport = config.transport as OpenApiTransportConfig;
      if (baseUrl !== transport.baseUrl) this.opts.servers.update(name, { transport: { ...transport, baseUrl } });
    }
    await this.applyLive();
    const view = this.show(name);
    return { ...view, skipped: selectSkipped(record.skipped, include, exclude), diff: diffTools(before, after), filteredOut: view.convertedCount - view.toolCount };
  }

  show(name: string): OpenApiServerView {
    const config = this.server(name);
    const record = this.record(config);
    const all = this.opts.repo.tools(config.id);
    const served = selectTools(all, record.include, record.exclude);
    return {
      name: config.name,
      source: record.source,
      title: record.title,
      apiVersion: record.apiVersion,
      dialect: record.dialect,
      specVersion: record.specVersion,
      baseUrl: (config.transport as OpenApiTransportConfig).baseUrl,
      ...(record.baseUrlOverride ? { baseUrlOverride: record.baseUrlOverride } : {}),
      specServers: record.specServers,
      include: record.include,
      exclude: record.exclude,
      auth: authView(record.auth),
      securitySchemes: record.securitySchemes,
      toolCount: served.length,
      convertedCount: all.length,
      skipped: selectSkipped(record.skipped, record.include, record.exclude),
      warnings: record.warnings,
      tools: toolSummaries(served),
      importedAt: record.importedAt,
      updatedAt: record.updatedAt,
    };
  }

  /** The upstream of one enabled OpenAPI server (the hub's upstream factory calls this). */
  createUpstream(config: ServerConfig): Upstream {
    if (config.transport.type !== 'openapi') throw new HubError('INTERNAL', `Server "${config.name}" is not an imported OpenAPI server.`);
    const revision = this.opts.repo.revision(config.id);
    const record = revision === undefined ? undefined : this.opts.repo.get(config.id);
    if (!record) this.opts.logger.error('an imported API has no stored spec; it serves no tools', { server: config.name, fix: `patchbay server remove ${config.name}, then import it again` });
    const tools = record ? selectTools(this.opts.repo.tools(config.id), record.include, record.exclude) : [];
    const upstream = new OpenApiUpstream({
      name: config.name,
      tools,
      baseUrl: config.transport.baseUrl,
      getAuth: async () => {
        const auth = this.opts.repo.auth(config.id);
        if (!auth) return undefined;
        const oauth2Token = this.opts.oauth2Token;
        return resolveAuth(auth, { secrets: this.opts.secrets, redactor: this.opts.redactor, server: config.name, ...(oauth2Token ? { oauth2Token: () => oauth2Token(config) } : {}) });
      },
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
      logger: this.opts.logger.child({ server: config.name }),
      clock: this.opts.clock,
      serverInfo: { name: record?.title ?? config.name, version: record?.apiVersion || 'openapi' },
    });
    this.live.set(config.name, { serverId: config.id, upstream, revision: revision ?? 0 });
    return upstream;
  }

  /**
   * Brings live upstreams up to date with the store: tools or filters changed (here or in another
   * process) -> the new tool list, and a tools/list_changed to every session that sees the server.
   */
  refreshLive(): void {
    for (const [name, live] of this.live) {
      if (this.opts.registry.get(name) !== live.upstream) {
        this.live.delete(name);
        continue;
      }
      const revision = this.opts.repo.revision(live.serverId);
      if (revision === undefined || revision === live.revision) continue;
      live.revision = revision;
      try {
        const record = this.opts.repo.get(live.serverId);
        if (record) live.upstream.setTools(selectTools(this.opts.repo.tools(live.serverId), record.include, record.exclude));
      } catch (error) {
        this.opts.logger.error('refreshing the tools of an imported API failed', { server: name, error: errorMessage(error) });
      }
    }
  }

  dispose(): void {
    this.live.clear();
  }

  private async applyLive(): Promise<void> {
    await this.opts.registry.reconcile();
    this.refreshLive();
  }

  private async load(spec: OpenApiImportInput['spec'], baseDir: string | undefined): Promise<LoadedImport> {
    return loadImport(spec, { ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}), ...(baseDir ? { baseDir } : {}) });
  }

  private server(name: string): ServerConfig {
    const config = this.opts.servers.get(name);
    if (!config) throw new HubError('NOT_FOUND', `No server named "${name}". Run \`patchbay server list\` to see the configured servers.`);
    if (config.transport.type !== 'openapi') {
      throw new HubError('BAD_REQUEST', `Server "${name}" is not an imported OpenAPI server (it is ${config.transport.type}). Import a spec with \`patchbay openapi import NAME SPEC\`.`);
    }
    return config;
  }

  private record(config: ServerConfig): OpenApiSpecRecord {
    const record = this.opts.repo.get(config.id);
    if (!record) {
      throw new HubError('STORE_CORRUPT', `The imported spec of "${config.name}" is missing from the store. Remove the server with \`patchbay server remove ${config.name}\` and import it again.`);
    }
    return record;
  }

  private async deleteSecrets(serverId: string): Promise<void> {
    for (const key of await this.opts.secrets.list(openApiSecretPrefix(serverId))) await this.opts.secrets.delete(key);
  }
}

function specFields(loaded: LoadedImport): Omit<OpenApiSpecRecord, 'serverId' | 'baseUrlOverride' | 'include' | 'exclude' | 'auth' | 'revision' | 'importedAt' | 'updatedAt'> {
  return {
    source: loaded.source,
    title: loaded.spec.title,
    apiVersion: loaded.spec.apiVersion,
    dialect: loaded.spec.dialect,
    specVersion: loaded.spec.specVersion,
    specServers: loaded.converted.servers,
    securitySchemes: loaded.converted.securitySchemes,
    skipped: loaded.skipped,
    warnings: loaded.spec.warnings,
  };
}

function emptyHint(name: string, view: OpenApiServerView): string[] {
  if (view.toolCount > 0) return [];
  return [`The filters leave no tools. Change them with \`patchbay openapi filter ${name} ...\` (or \`--clear\`).`];
}
