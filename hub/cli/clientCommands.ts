import { homedir } from 'node:os';
import type { Command } from 'commander';
import type { ClientConnectResult, ClientDisconnectResult, ClientImportResult, ClientStatusView } from '../../shared/api';
import { CLIENT_IDS, ClientService, DEFAULT_HUB_URL, defaultStdioLauncher, isClientId } from '../clients/index';
import type { ClientScope } from '../clients/index';
import { configHub, findRunningHub, openContext } from './context';
import { print, table, UsageError } from './output';
import type { OutputOptions } from './output';

// `patchbay connect|disconnect|clients|import`: wire IDEs and agents to the hub. The files are
// written here (in the user's HOME); tokens and imported servers go to the shared store, so a
// running hub sees them at once.

interface ScopeOptions extends OutputOptions {
  scope?: string;
  project?: string;
  dryRun?: boolean;
}

async function withService<T>(action: (service: ClientService) => Promise<T>): Promise<T> {
  const ctx = await openContext({ quiet: true });
  // A hub object for config changes only (import adds servers): it never connects to anything.
  const hub = configHub(ctx);
  try {
    const running = await findRunningHub(ctx.paths);
    const service = new ClientService({
      tokens: ctx.store.tokens,
      servers: hub.servers,
      env: process.env,
      home: homedir(),
      hubUrl: running?.url ?? DEFAULT_HUB_URL,
      hubRunning: running !== undefined,
      dataHome: ctx.paths.home,
      launcher: defaultStdioLauncher(),
      logger: ctx.logger,
    });
    return await action(service);
  } finally {
    await hub.dispose();
    ctx.close();
  }
}

function clientArg(value: string): string {
  if (!isClientId(value)) throw new UsageError(`Unknown client "${value}". Use one of: ${CLIENT_IDS.join(', ')}.`);
  return value;
}

/** `--scope project` uses the current directory, or `--project DIR` (which implies the project scope). */
function scopeOf(options: ScopeOptions): { scope: ClientScope; projectDir?: string } {
  const scope = options.scope ?? (options.project !== undefined ? 'project' : 'user');
  if (scope !== 'user' && scope !== 'project') throw new UsageError(`--scope must be user or project, not "${scope}".`);
  if (scope === 'user') {
    if (options.project !== undefined) throw new UsageError('--project goes with --scope project.');
    return { scope };
  }
  return { scope, projectDir: options.project ?? process.cwd() };
}

function scopeFlags(command: Command): Command {
  return command
    .option('--scope <scope>', 'user (default) or project')
    .option('--project <dir>', 'the project directory for --scope project (default: the current directory)')
    .option('--dry-run', 'show the change without writing anything')
    .option('--json', 'machine-readable output');
}

export function registerClientCommands(program: Command): void {
  scopeFlags(
    program
      .command('connect')
      .description(`write the hub entry into a client's MCP config (${CLIENT_IDS.join(', ')})`)
      .argument('<client>', 'the client', clientArg)
      .option('--target <name>', 'one server (or virtual server) instead of everything')
      .option('--new-token', 'give the entry a new token even if its token is still valid'),
  ).action(async (client: string, options: ScopeOptions & { target?: string; newToken?: boolean }) => {
    const result = await withService(async (service) => {
      const connected = await service.connect(client, { ...scopeOf(options), target: options.target, dryRun: options.dryRun === true, newToken: options.newToken === true });
      if (options.target && !service.deps.servers?.list().some((view) => view.name === options.target)) {
        connected.notes.push(`There is no server named "${options.target}" yet: the entry works once it exists.`);
      }
      return connected;
    });
    print(options, result, () => connectText(result));
  });

  scopeFlags(
    program
      .command('disconnect')
      .description("remove the hub entry from a client's MCP config (and revoke its token)")
      .argument('<client>', 'the client', clientArg)
      .option('--target <name>', 'the entry of one server (patchbay-NAME) instead of the aggregate one'),
  ).action(async (client: string, options: ScopeOptions & { target?: string }) => {
    const result = await withService((service) => service.disconnect(client, { ...scopeOf(options), target: options.target, dryRun: options.dryRun === true }));
    print(options, result, () => disconnectText(result));
  });

  program
    .command('clients')
    .description('per client: installed? which config files? do they point at this hub with a valid token?')
    .option('--project <dir>', 'also check the project-scoped configs of this directory (default: the current directory)')
    .option('--json', 'machine-readable output')
    .action(async (options: OutputOptions & { project?: string }) => {
      const statuses = await withService((service) => service.doctor({ projectDir: options.project ?? process.cwd() }));
      print(options, statuses, () => clientsText(statuses));
    });

  scopeFlags(
    program
      .command('import')
      .description("add the servers configured in a client to the hub (secrets go to the secret store)")
      .argument('<client>', 'the client', clientArg)
      .option('--replace', "then replace them in the client's config with the single hub entry (a backup is kept)")
      .option('--only <name>', 'import only this entry (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[]),
  ).action(async (client: string, options: ScopeOptions & { replace?: boolean; only: string[] }) => {
    const result = await withService((service) =>
      service.import(client, { ...scopeOf(options), replace: options.replace === true, dryRun: options.dryRun === true, only: options.only.length > 0 ? options.only : undefined }),
    );
    print(options, result, () => importText(result));
  });
}

function connectText(result: ClientConnectResult): string {
  const lines: string[] = [];
  if (result.dryRun) {
    lines.push(result.changed ? `Would write "${result.entryName}" in ${result.path}:\n\n${result.diff ?? ''}` : `${result.displayName} is already connected: ${result.path} would not change.`);
    if (!result.token.reused) lines.push(`A new hub token "${result.token.name}" would be created.`);
  } else {
    lines.push(
      result.changed
        ? `Connected ${result.displayName}: wrote "${result.entryName}" in ${result.path}${result.backupPath ? ` (previous version: ${result.backupPath})` : ''}.`
        : `${result.displayName} is already connected: "${result.entryName}" in ${result.path} is up to date; nothing changed.`,
    );
    lines.push(`  Endpoint: ${result.url}`);
    lines.push(`  Token:    "${result.token.name}" ${result.token.prefix ?? ''} (${result.token.reused ? 'kept' : 'new'})`);
    if (result.revokedTokenIds.length > 0) lines.push(`  Revoked the previous token (${result.revokedTokenIds.join(', ')}).`);
    if (result.newToken) lines.push(`\n${result.newToken}\n\nThis is the only time this token is shown.`);
    if (result.installLink) lines.push(`  Install link (carries the token): ${result.installLink}`);
  }
  for (const note of result.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}

function disconnectText(result: ClientDisconnectResult): string {
  if (!result.changed) return `${result.displayName} has no "${result.entryName}" entry in ${result.path}; nothing to remove.`;
  if (result.dryRun) return `Would remove "${result.entryName}" from ${result.path}:\n\n${result.diff ?? ''}`;
  const revoked = result.revokedTokenIds.length > 0 ? ` Revoked its token (${result.revokedTokenIds.join(', ')}).` : '';
  return `Removed "${result.entryName}" from ${result.path}${result.backupPath ? ` (previous version: ${result.backupPath})` : ''}.${revoked}`;
}

function clientsText(statuses: ClientStatusView[]): string {
  const rows = [['CLIENT', 'INSTALLED', 'STATUS', 'CONFIG FILES']];
  for (const status of statuses) {
    const existing = status.files.filter((file) => file.exists);
    const state = status.problems.length > 0 ? (status.connected ? 'connected, with problems' : 'problem') : status.connected ? 'connected' : 'not connected';
    rows.push([status.displayName, status.installed ? 'yes' : 'no', state, existing.length > 0 ? existing.map((file) => `${file.path} (${file.serverCount})`).join(', ') : '-']);
  }
  const problems = statuses.flatMap((status) => status.problems.map((problem) => `  - ${problem.message}`));
  return problems.length > 0 ? `${table(rows)}\n\nProblems:\n${problems.join('\n')}` : table(rows);
}

function importText(result: ClientImportResult): string {
  const verb = result.dryRun ? 'Would import' : 'Imported';
  const lines = [`${verb} ${result.imported.length} server(s) from ${result.displayName} (${result.path}).`];
  for (const server of result.imported) {
    const secrets = server.secrets.length > 0 ? `; secrets kept in the secret store: ${server.secrets.join(', ')}` : '';
    lines.push(`  + ${server.from} -> ${server.as} (${server.kind}${server.enabled ? '' : ', disabled'}${secrets})`);
  }
  for (const skipped of result.skipped) lines.push(`  - ${skipped.from}: skipped, ${skipped.reason}`);
  for (const warning of result.warnings) lines.push(`Warning: ${warning}`);
  if (result.replaced) {
    const replaced = result.replaced;
    lines.push(
      result.dryRun
        ? `Would replace ${replaced.removed.join(', ')} with "${replaced.entryName}" in ${result.path}:\n\n${replaced.diff ?? ''}`
        : `Replaced ${replaced.removed.join(', ')} with "${replaced.entryName}" in ${result.path}${replaced.backupPath ? ` (previous version: ${replaced.backupPath})` : ''}.`,
    );
  }
  return lines.join('\n');
}
