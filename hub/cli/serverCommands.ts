import type { Command } from 'commander';
import type { CreateServerInput, InputValue, ServerView } from '../../shared/api';
import type { ConnectionState } from '../../shared/types';
import { addFromCatalog } from './catalogCommands';
import type { FromCatalogOptions } from './catalogCommands';
import { callRunningHub, findRunningHub, withConfigHub } from './context';
import type { CliContext } from './context';
import { cliGuard, cliRequireOwner, cliUsable } from './cliAccess';
import { print, table, UsageError } from './output';
import type { OutputOptions } from './output';
import { addAuthOptions, authInputFromOptions } from './authCommands';
import type { AuthCliOptions } from './authCommands';

// `patchbay server add|list|show|remove|enable|disable`. These write the store directly; a running
// hub sees the change within a second (it watches the store) and connects or disconnects.

export function registerServerCommands(program: Command): void {
  const server = program.command('server').description('add, list, show, remove, enable or disable MCP servers');

  addAuthOptions(server.command('add'))
    .description('add a server: `--url URL` for a remote server, `-- COMMAND ARGS...` for a local stdio server, or `--from-catalog` for an official remote server')
    .argument('<name>', 'server name: lowercase letters, digits and hyphens')
    .argument('[command...]', 'the command to run (after --)')
    .option('--url <url>', 'URL of a remote (Streamable HTTP or SSE) server')
    .option('--transport <mode>', 'for --url: auto | streamable-http | sse', 'auto')
    .option('--header <header>', 'HTTP header "Name: value" (repeatable; stored in the secret store)', collect, [])
    .option('--env <pair>', 'environment variable NAME=value (repeatable)', collect, [])
    .option('--secret-env <pair>', 'environment variable NAME=value kept in the secret store (repeatable)', collect, [])
    .option('--cwd <dir>', 'working directory of the command')
    .option('--description <text>', 'a description shown in lists')
    .option('--disabled', 'add it disabled')
    .option('--from-catalog [id]', 'add the catalog entry ID (default: NAME); see `patchbay catalog list`')
    .option('--var <pair>', 'with --from-catalog: a tenant value name=value for the entry\'s URL (repeatable)', collect, [])
    .option('--json', 'machine-readable output')
    .action(async (name: string, command: string[], options: AddOptions & AuthCliOptions) => {
      if (options.fromCatalog !== undefined) {
        if (options.url || command.length > 0) throw new UsageError('--from-catalog takes the endpoint from the catalog: leave out --url and the command.');
        await addFromCatalog(name, options as FromCatalogOptions);
        return;
      }
      if (options.var.length > 0) throw new UsageError('--var goes with --from-catalog.');
      const input = { ...addInput(name, command, options), ...withAuth(authInputFromOptions(options)) };
      await withConfigHub(async (ctx, hub) => {
        cliRequireOwner(ctx.store, 'add servers (a server runs commands on the hub machine)');
        const config = await hub.servers.create(input);
        const view = hub.servers.view(config);
        print(options, view, () => `Added server "${view.name}" (${describeTransport(view)}).${config.enabled ? ' A running hub connects to it within a second.' : ''}`);
      });
    });

  server
    .command('list')
    .description('list the servers and their state')
    .option('--json', 'machine-readable output')
    .action(async (options: OutputOptions) => {
      await withConfigHub(async (ctx, hub) => {
        const usable = new Set(cliUsable(ctx.store, hub.servers.list().map((v) => v.name)));
        const views = hub.servers.list().filter((v) => usable.has(v.name));
        const live = await liveStates(ctx);
        const merged = views.map((view) => ({ ...view, state: live?.get(view.name) ?? view.state }));
        print(options, merged, () =>
          merged.length === 0
            ? 'No servers yet. Add one with `patchbay server add NAME --url URL` or `patchbay server add NAME -- COMMAND ARGS...`.'
            : table([['NAME', 'STATE', 'TRANSPORT'], ...merged.map((view) => [view.name, stateText(view.state), describeTransport(view)])]),
        );
      });
    });

  server
    .command('show')
    .description('show one server')
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions) => {
      await withConfigHub(async (ctx, hub) => {
        cliGuard(ctx.store, name, 'list');
        const view = hub.servers.view(hub.servers.get(name));
        const state = (await liveStates(ctx))?.get(name) ?? view.state;
        const shown = { ...view, state };
        print(options, shown, () => {
          const lines = [`${view.name}: ${stateText(state)}`, `  transport: ${describeTransport(view)}`];
          if (view.description) lines.push(`  description: ${view.description}`);
          const values = view.transport.type === 'stdio' ? view.transport.env : view.transport.type === 'http' ? view.transport.headers : {};
          for (const [key, value] of Object.entries(values)) lines.push(`  ${view.transport.type === 'stdio' ? 'env' : 'header'} ${key}: ${'value' in value ? value.value : value.ref ? `secret:${value.ref}` : '(secret)'}`);
          if (view.transport.type === 'openapi') lines.push(`  details: patchbay openapi show ${view.name}`);
          lines.push(`  endpoint: /mcp/${view.name}`);
          return lines.join('\n');
        });
      });
    });

  for (const [verb, describe] of [
    ['remove', 'remove a server (and its stored secrets)'],
    ['enable', 'enable a server'],
    ['disable', 'disable a server (a running hub disconnects it)'],
  ] as const) {
    server
      .command(verb)
      .description(describe)
      .argument('<name>')
      .option('--json', 'machine-readable output')
      .action(async (name: string, options: OutputOptions) => {
        await withConfigHub(async (ctx, hub) => {
          cliGuard(ctx.store, name, verb === 'remove' ? 'delete' : 'edit');
          const config = verb === 'remove' ? await hub.servers.remove(name) : await hub.servers.setEnabled(name, verb === 'enable');
          const past = verb === 'remove' ? 'Removed' : verb === 'enable' ? 'Enabled' : 'Disabled';
          print(options, { name: config.name, enabled: verb === 'enable', removed: verb === 'remove' }, () => `${past} server "${config.name}".`);
        });
      });
  }
}

interface AddOptions extends OutputOptions {
  url?: string;
  transport: string;
  header: string[];
  env: string[];
  secretEnv: string[];
  cwd?: string;
  description?: string;
  disabled?: boolean;
  fromCatalog?: true | string;
  var: string[];
  apiKey?: string;
}

function addInput(name: string, command: string[], options: AddOptions): CreateServerInput {
  if (options.url && command.length > 0) throw new UsageError('Give either --url URL or -- COMMAND ARGS..., not both.');
  if (!options.url && command.length === 0) throw new UsageError('Say how to reach the server: --url URL for a remote server, or -- COMMAND ARGS... for a local one.');
  const base = { name, description: options.description, enabled: !options.disabled };
  if (options.url) {
    if (options.env.length > 0 || options.secretEnv.length > 0) throw new UsageError('--env is for local (stdio) servers; remote servers take --header.');
    const headers: Record<string, InputValue> = {};
    for (const header of options.header) {
      const at = header.indexOf(':');
      if (at <= 0) throw new UsageError(`--header "${header}" must look like "Name: value".`);
      headers[header.slice(0, at).trim()] = header.slice(at + 1).trim();
    }
    if (!['auto', 'streamable-http', 'sse'].includes(options.transport)) throw new UsageError('--transport must be auto, streamable-http or sse.');
    return { ...base, transport: { type: 'http', url: options.url, headers, mode: options.transport as 'auto' } };
  }
  if (options.header.length > 0) throw new UsageError('--header is for remote servers; local servers take --env.');
  const env: Record<string, InputValue> = {};
  for (const [list, secret] of [[options.env, undefined], [options.secretEnv, true]] as const) {
    for (const pair of list) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new UsageError(`"${pair}" must look like NAME=value.`);
      const value = pair.slice(at + 1);
      env[pair.slice(0, at)] = secret ? { value, secret: true } : value;
    }
  }
  const [cmd, ...args] = command;
  return { ...base, transport: { type: 'stdio', command: cmd!, args, env, cwd: options.cwd } };
}

function withAuth(auth: CreateServerInput['auth']): Pick<CreateServerInput, 'auth'> {
  return auth ? { auth } : {};
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** States from the running hub, when there is one (the store alone knows only enabled/disabled). */
async function liveStates(ctx: CliContext): Promise<Map<string, ConnectionState> | undefined> {
  try {
    const hub = await findRunningHub(ctx.paths);
    if (!hub) return undefined;
    const servers = await callRunningHub<ServerView[]>(ctx, hub, 'GET', '/servers');
    return new Map(servers.map((view) => [view.name, view.state]));
  } catch {
    return undefined;
  }
}

export function stateText(state: ConnectionState): string {
  switch (state.status) {
    case 'running':
      return 'running';
    case 'error':
      return `error: ${state.message.split('\n')[0]}`;
    case 'needs-auth':
      return 'needs auth';
    default:
      return state.status;
  }
}

export function describeTransport(view: ServerView): string {
  const transport = view.transport;
  if (transport.type === 'openapi') return `openapi: ${transport.baseUrl}`;
  return transport.type === 'stdio' ? `stdio: ${[transport.command, ...transport.args].join(' ')}` : `${transport.mode === 'auto' ? 'http' : transport.mode}: ${transport.url}`;
}
