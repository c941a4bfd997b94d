import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CatalogAddResult, RegistryPreview, RegistrySourceInput } from '../../shared/api';
import { errorMessage, HubError } from '../core/errors';
import { parseVariableArgs } from '../catalog/catalogServerInput';
import { print, table, UsageError } from './output';
import type { OutputOptions } from './output';
import { describeTransport } from './serverCommands';
import { withConfigHub } from './context';

// `patchbay catalog list`, `patchbay server add NAME --from-catalog`, `patchbay server import-registry`.

export interface FromCatalogOptions extends OutputOptions {
  fromCatalog: true | string;
  var: string[];
  apiKey?: string;
  disabled?: boolean;
}

export function registerCatalogCommands(program: Command): void {
  const catalog = program.command('catalog').description('the catalog of official remote MCP servers');
  catalog
    .command('list')
    .description('list the catalog entries (add one with `patchbay server add ID --from-catalog`)')
    .option('--json', 'machine-readable output')
    .action(async (options: OutputOptions) => {
      await withConfigHub(async (_ctx, hub) => {
        const loaded = await hub.catalog.catalog();
        print(options, loaded, () =>
          table([
            ['ID', 'NAME', 'AUTH', 'URL'],
            ...loaded.servers.map((entry) => [entry.id, entry.name, entry.auth.type, entry.url]),
          ]),
        );
      });
    });

  const server = program.commands.find((command) => command.name() === 'server');
  if (!server) throw new Error('internal: register the server commands before the catalog commands');
  server
    .command('import-registry')
    .description('add a server from an MCP Registry server.json (file or URL) or a registry API URL')
    .argument('<source>', 'a server.json file path or an http(s) URL')
    .option('--pick <n>', 'which of the offered remotes / packages to use (1-based)', (value) => parsePick(value))
    .option('--name <name>', 'server name (default: from the registry name)')
    .option('--input <pair>', 'a value the server needs, NAME=VALUE (repeatable)', collect, [])
    .option('--list', 'only list what the server.json offers')
    .option('--disabled', 'add it disabled')
    .option('--json', 'machine-readable output')
    .action(async (source: string, options: RegistryOptions) => {
      const input = await registrySource(source);
      await withConfigHub(async (_ctx, hub) => {
        const preview = await hub.catalog.preview(input);
        if (options.list) {
          print(options, preview, () => previewText(preview));
          return;
        }
        if (options.pick === undefined && preview.candidates.length > 1) {
          throw new UsageError(`The server.json offers ${preview.candidates.length} ways to run the server; choose one with --pick N:\n${previewText(preview)}`);
        }
        const result = await hub.catalog.importRegistry({
          source: input,
          ...(options.pick !== undefined ? { pick: options.pick } : {}),
          ...(options.name ? { name: options.name } : {}),
          values: pairs(options.input),
          enabled: !options.disabled,
        });
        print(options, result, () => addedText(result));
      });
    });
}

/** `patchbay server add NAME --from-catalog [ID]`: NAME is the entry id unless ID is given. */
export async function addFromCatalog(name: string, options: FromCatalogOptions): Promise<void> {
  const id = options.fromCatalog === true ? name : options.fromCatalog;
  let variables: Record<string, string>;
  try {
    variables = parseVariableArgs(options.var);
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
  await withConfigHub(async (_ctx, hub) => {
    const result = await hub.catalog.add({ id, name, variables, ...(options.apiKey ? { apiKey: options.apiKey } : {}), enabled: !options.disabled });
    print(options, result, () => addedText(result));
  });
}

interface RegistryOptions extends OutputOptions {
  pick?: number;
  name?: string;
  input: string[];
  list?: boolean;
  disabled?: boolean;
}

async function registrySource(source: string): Promise<RegistrySourceInput> {
  if (/^https?:\/\//i.test(source)) return { url: source };
  const path = resolve(source);
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (cause) {
    throw new HubError('NOT_FOUND', `Cannot read ${path}: ${errorMessage(cause)}. Give the path of a server.json file or an http(s) URL.`, { cause });
  }
}

function addedText(result: CatalogAddResult): string {
  const view = result.server;
  return [`Added server "${view.name}" (${describeTransport(view)}).${view.enabled ? ' A running hub connects to it within a second.' : ''}`, ...result.nextSteps].join('\n');
}

function previewText(preview: RegistryPreview): string {
  const lines = preview.candidates.map((candidate) => {
    const inputs = candidate.inputs.map((item) => `${item.name}${item.required ? '' : '?'}${item.secret ? ' (secret)' : ''}`).join(', ');
    const transport = candidate.transport.type === 'stdio' ? `${candidate.transport.command} ${candidate.transport.args.join(' ')}` : candidate.transport.type === 'http' ? candidate.transport.url : '';
    return `${candidate.pick}. ${candidate.kind} ${transport}${inputs ? `  inputs: ${inputs}` : ''}`;
  });
  for (const item of preview.skipped) lines.push(`   (not usable: ${item.what}: ${item.reason})`);
  return lines.join('\n');
}

function pairs(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--input "${pair}" must look like NAME=VALUE.`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

function parsePick(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--pick must be a number from 1 (got "${value}").`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
