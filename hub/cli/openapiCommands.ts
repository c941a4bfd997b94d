import type { Command } from 'commander';
import type { OpenApiAuthInput, OpenApiChangeReport, OpenApiFilter, OpenApiImportReport, OpenApiServerView, OpenApiSpecInput } from '../../shared/api';
import { print, UsageError } from './output';
import type { OutputOptions } from './output';
import { withConfigHub } from './context';

// `patchbay openapi import|reimport|show|filter|auth|base-url`: REST APIs imported from OpenAPI specs
// as servers. Like `patchbay server ...` these write the store; a running hub picks the change up
// within a second (new servers connect, changed tools reach clients as tools/list_changed).

interface FilterOptions {
  includeTag: string[];
  excludeTag: string[];
  includePath: string[];
  excludePath: string[];
  method: string[];
  excludeMethod: string[];
  includeOperation: string[];
  excludeOperation: string[];
}

interface AuthOptions {
  auth?: string;
  apiKeyHeader?: string;
  apiKeyQuery?: string;
  scheme?: string;
  username?: string;
  secret?: string;
}

interface ImportOptions extends OutputOptions, FilterOptions, AuthOptions {
  baseUrl?: string;
  description?: string;
  disabled?: boolean;
}

export function registerOpenApiCommands(program: Command): void {
  const openapi = program.command('openapi').description('import REST APIs from OpenAPI 3.0 / 3.1 or Swagger 2.0 specs as MCP servers');

  addAuthOptions(
    addFilterOptions(
      openapi
        .command('import')
        .description('import a spec (file path or URL, JSON or YAML): each operation becomes a tool')
        .argument('<name>', 'server name: lowercase letters, digits and hyphens')
        .argument('<spec>', 'the spec: a file path or an http(s) URL'),
    ),
  )
    .option('--base-url <url>', 'send requests here instead of the spec\'s server URL')
    .option('--description <text>', 'a description shown in lists')
    .option('--disabled', 'add it disabled')
    .option('--json', 'machine-readable output')
    .action(async (name: string, spec: string, options: ImportOptions) => {
      const auth = await authInput(options, false);
      await withConfigHub(async (_ctx, hub) => {
        const report = await hub.openapi.import({
          name,
          spec: specInput(spec),
          ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
          ...(options.description ? { description: options.description } : {}),
          enabled: !options.disabled,
          include: includeFilter(options),
          exclude: excludeFilter(options),
          auth: auth ?? { type: 'none' },
        });
        print(options, report, () => importText(report, !options.disabled));
      });
    });

  openapi
    .command('reimport')
    .description('read the spec again (or a new one) and update the tools; reports what changed')
    .argument('<name>')
    .argument('[spec]', 'a new spec file path or URL (default: where it was imported from)')
    .option('--json', 'machine-readable output')
    .action(async (name: string, spec: string | undefined, options: OutputOptions) => {
      await withConfigHub(async (_ctx, hub) => {
        const report = await hub.openapi.reimport(name, spec ? { spec: specInput(spec) } : {});
        print(options, report, () => changeText(`Re-imported "${name}" from ${report.source}`, report));
      });
    });

  openapi
    .command('show')
    .description('show an imported API: source, base URL, filters, auth, tools and skipped operations')
    .argument('<name>')
    .option('--tools', 'list every tool')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & { tools?: boolean }) => {
      await withConfigHub(async (_ctx, hub) => {
        const view = hub.openapi.show(name);
        print(options, view, () => showText(view, options.tools === true));
      });
    });

  addFilterOptions(
    openapi
      .command('filter')
      .description('replace the include / exclude filters (without options: show them)')
      .argument('<name>'),
  )
    .option('--clear', 'remove every filter')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & FilterOptions & { clear?: boolean }) => {
      const include = includeFilter(options);
      const exclude = excludeFilter(options);
      const given = Object.keys(include).length > 0 || Object.keys(exclude).length > 0;
      if (given && options.clear) throw new UsageError('Give either --clear or new filters, not both.');
      await withConfigHub(async (_ctx, hub) => {
        if (!given && !options.clear) {
          const view = hub.openapi.show(name);
          print(options, { include: view.include, exclude: view.exclude }, () => `include: ${filterText(view.include)}\nexclude: ${filterText(view.exclude)}`);
          return;
        }
        const report = await hub.openapi.update(name, { include, exclude });
        print(options, report, () => changeText(`Filters of "${name}" set (include: ${filterText(report.include)}; exclude: ${filterText(report.exclude)})`, report));
      });
    });

  addAuthOptions(openapi.command('auth').description('set how the hub authenticates to the API (the secret is read from --secret or stdin)').argument('<name>'))
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & AuthOptions) => {
      const auth = await authInput(options, true);
      await withConfigHub(async (_ctx, hub) => {
        const report = await hub.openapi.update(name, { auth: auth ?? { type: 'none' } });
        print(options, report.auth, () => `Auth of "${name}" set: ${authText(report)}.`);
      });
    });

  openapi
    .command('base-url')
    .description('send requests to another URL (without URL: back to the spec\'s server URL)')
    .argument('<name>')
    .argument('[url]')
    .option('--json', 'machine-readable output')
    .action(async (name: string, url: string | undefined, options: OutputOptions) => {
      await withConfigHub(async (_ctx, hub) => {
        const report = await hub.openapi.update(name, { baseUrl: url ?? null });
        print(options, { baseUrl: report.baseUrl }, () => `Requests of "${name}" now go to ${report.baseUrl}.`);
      });
    });
}

function addFilterOptions(command: Command): Command {
  return command
    .option('--include-tag <tag>', 'only operations with this tag (repeatable)', collect, [])
    .option('--exclude-tag <tag>', 'leave out operations with this tag (repeatable)', collect, [])
    .option('--include-path <glob>', 'only these paths; * within a segment, ** across (repeatable)', collect, [])
    .option('--exclude-path <glob>', 'leave out these paths (repeatable)', collect, [])
    .option('--method <methods>', 'only these HTTP methods, e.g. GET,POST (repeatable)', collectList, [])
    .option('--exclude-method <methods>', 'leave out these HTTP methods, e.g. DELETE (repeatable)', collectList, [])
    .option('--include-operation <id>', 'only these operationIds or tool names (repeatable)', collect, [])
    .option('--exclude-operation <id>', 'leave out these operationIds or tool names (repeatable)', collect, []);
}

function addAuthOptions(command: Command): Command {
  return command
    .option('--auth <type>', 'none | api-key | bearer | basic')
    .option('--api-key-header <name>', 'for api-key: the header that carries the key (default: from the spec)')
    .option('--api-key-query <name>', 'for api-key: the query parameter that carries the key')
    .option('--scheme <name>', 'the spec\'s security scheme the credential is for (default: the first that fits)')
    .option('--username <user>', 'for basic: the user name')
    .option('--secret <value>', 'the key, token or password (default: read from stdin)');
}

function specInput(spec: string): OpenApiSpecInput {
  return /^https?:\/\//i.test(spec) ? { url: spec } : { path: spec };
}

function includeFilter(options: FilterOptions): OpenApiFilter {
  return compact({ tags: options.includeTag, paths: options.includePath, methods: options.method, operations: options.includeOperation });
}

function excludeFilter(options: FilterOptions): OpenApiFilter {
  return compact({ tags: options.excludeTag, paths: options.excludePath, methods: options.excludeMethod, operations: options.excludeOperation });
}

function compact(filter: Required<OpenApiFilter>): OpenApiFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, list]) => list.length > 0));
}

async function authInput(options: AuthOptions, required: boolean): Promise<OpenApiAuthInput | undefined> {
  const type = options.auth ?? (options.apiKeyHeader || options.apiKeyQuery ? 'api-key' : undefined);
  if (type === undefined) {
    if (required) throw new UsageError('Say which auth to use: --auth none|api-key|bearer|basic.');
    if (options.secret !== undefined || options.username !== undefined) throw new UsageError('--secret and --username need --auth api-key|bearer|basic.');
    return undefined;
  }
  if (options.apiKeyHeader && options.apiKeyQuery) throw new UsageError('Give either --api-key-header or --api-key-query, not both.');
  const scheme = options.scheme ? { scheme: options.scheme } : {};
  switch (type) {
    case 'none':
      return { type: 'none' };
    case 'api-key': {
      const placement = options.apiKeyHeader ? { in: 'header' as const, name: options.apiKeyHeader } : options.apiKeyQuery ? { in: 'query' as const, name: options.apiKeyQuery } : {};
      return { type: 'api-key', ...placement, ...scheme, value: await secretValue(options, 'API key') };
    }
    case 'bearer':
      return { type: 'bearer', ...scheme, token: await secretValue(options, 'token') };
    case 'basic':
      if (!options.username) throw new UsageError('--auth basic needs --username USER (the password comes from --secret or stdin).');
      return { type: 'basic', username: options.username, ...scheme, password: await secretValue(options, 'password') };
    default:
      throw new UsageError(`--auth must be none, api-key, bearer or basic (got "${type}").`);
  }
}

/** The credential from --secret, else from stdin (so it stays out of shell history). */
async function secretValue(options: AuthOptions, what: string): Promise<string> {
  if (options.secret !== undefined) return options.secret;
  if (process.stdin.isTTY) process.stderr.write(`Enter the ${what}, then press Enter and Ctrl-D: `);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (value === '') throw new UsageError(`No ${what} given: pass it with --secret VALUE or on stdin.`);
  return value;
}

function importText(report: OpenApiImportReport, enabled: boolean): string {
  const lines = [
    `Imported "${report.name}" (${report.title} ${report.apiVersion}, ${dialectText(report.dialect)}): ${report.toolCount} tool${report.toolCount === 1 ? '' : 's'}${report.filteredOut > 0 ? `, ${report.filteredOut} left out by filters` : ''}.`,
    `Requests go to ${report.baseUrl}; auth: ${authText(report)}.`,
    ...skippedText(report.skipped),
    ...report.hints,
  ];
  if (enabled) lines.push(`A running hub serves it at /mcp/${report.name} within a second.`);
  return lines.join('\n');
}

function changeText(headline: string, report: OpenApiChangeReport): string {
  const { added, removed, changed, unchanged } = report.diff;
  const lines = [`${headline}: ${added.length} added, ${removed.length} removed, ${changed.length} changed, ${unchanged} unchanged (${report.toolCount} tools).`];
  for (const name of added) lines.push(`  + ${name}`);
  for (const name of removed) lines.push(`  - ${name}`);
  for (const name of changed) lines.push(`  ~ ${name}`);
  lines.push(...skippedText(report.skipped));
  return lines.join('\n');
}

function showText(view: OpenApiServerView, withTools: boolean): string {
  const lines = [
    `${view.name}: ${view.title} ${view.apiVersion} (${dialectText(view.dialect)})`,
    `  source: ${view.source}`,
    `  base URL: ${view.baseUrl}${view.baseUrlOverride ? ' (override)' : ''}`,
    `  auth: ${authText(view)}`,
    `  filters: include ${filterText(view.include)}; exclude ${filterText(view.exclude)}`,
    `  tools: ${view.toolCount} of ${view.convertedCount} converted operations`,
  ];
  if (view.securitySchemes.length > 0) lines.push(`  security schemes: ${view.securitySchemes.map((scheme) => `${scheme.name} (${scheme.suggested.kind})`).join(', ')}`);
  lines.push(`  imported: ${view.importedAt}`);
  if (withTools) for (const tool of view.tools) lines.push(`    ${tool.name}  ${tool.method} ${tool.path}`);
  lines.push(...skippedText(view.skipped));
  lines.push(`  endpoint: /mcp/${view.name}`);
  return lines.join('\n');
}

function skippedText(skipped: Array<{ operation: string; reason: string }>): string[] {
  if (skipped.length === 0) return [];
  return [`Skipped ${skipped.length} operation${skipped.length === 1 ? '' : 's'}:`, ...skipped.map((entry) => `  ${entry.operation}: ${entry.reason}`)];
}

function authText(view: OpenApiServerView): string {
  const auth = view.auth;
  const scheme = auth.scheme ? `, scheme ${auth.scheme}` : '';
  switch (auth.type) {
    case 'api-key':
      return `API key in ${auth.in} "${auth.name}"${scheme}`;
    case 'basic':
      return `basic as ${auth.username}${scheme}`;
    case 'bearer':
      return `bearer token${scheme}`;
    default:
      return auth.type;
  }
}

function filterText(filter: OpenApiFilter): string {
  const parts = Object.entries(filter)
    .filter(([, list]) => Array.isArray(list) && list.length > 0)
    .map(([key, list]) => `${key}=${(list as string[]).join(',')}`);
  return parts.length > 0 ? parts.join(' ') : '(none)';
}

function dialectText(dialect: string): string {
  return dialect === 'swagger-2.0' ? 'Swagger 2.0' : dialect === 'openapi-3.1' ? 'OpenAPI 3.1' : 'OpenAPI 3.0';
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function collectList(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter(Boolean)];
}
