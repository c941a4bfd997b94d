import type { Command } from 'commander';
import type { BundleDetail, BundleItemKind, BundleRuleInput, BundleView, CreateBundleInput, UpdateBundleInput } from '../../shared/api';
import { BUNDLE_ITEM_KINDS } from '../../shared/api/bundleRules';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../../shared/types';
import { memberServers } from '../aggregate/bundleRules';
import { BundleRepo } from '../store/bundleRepo';
import type { BundleConfig } from '../store/bundleRepo';
import type { Hub } from '../hub';
import { callRunningHub, findRunningHub, hubFromContext, openContext } from './context';
import type { CliContext } from './context';
import { print, table, UsageError } from './output';
import type { OutputOptions } from './output';

// `patchbay bundle create|add|exclude|remove|list|show|delete`: virtual servers. With a hub running,
// every command goes through its admin API (it checks new names against the live tool lists and
// tells the bundle's clients at once). Without one, the commands work on the store directly;
// `show`, and changes that rename something, connect the bundle's servers for as long as they run.

interface KindOptions extends OutputOptions {
  kind: string;
}

interface AddOptions extends KindOptions {
  as?: string;
  description?: string;
}

export function registerBundleCommands(program: Command): void {
  const bundle = program.command('bundle').description('virtual servers: one endpoint /mcp/NAME with chosen tools, prompts and resources of several servers');

  bundle
    .command('create')
    .description('create an empty bundle; add tools with `patchbay bundle add`')
    .argument('<name>', 'bundle name: lowercase letters, digits and hyphens (not the name of a server)')
    .option('--description <text>', 'a description shown in lists')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & { description?: string }) => {
      checkName(name);
      const input: CreateBundleInput = { name, ...(options.description !== undefined ? { description: options.description } : {}) };
      const created = await run<BundleView>(
        { method: 'POST', path: '/bundles', body: input },
        async (hub) => hub.bundles.create(input),
      );
      print(options, created, () => `Created bundle "${created.name}". Add tools with \`patchbay bundle add ${created.name} SERVER/TOOL\` (patterns like "github/*" work too).`);
    });

  bundle
    .command('add')
    .description('include tools (or prompts, resources): PATTERN is SERVER/NAME, "github/*" or "*/read_*"')
    .argument('<name>', 'bundle name')
    .argument('<pattern>', 'SERVER/TOOL, with * as wildcard (quote it in the shell)')
    .option('--as <newname>', 'expose the tool under another name (one exact tool only)')
    .option('--description <text>', 'replace the tool\'s description (one exact tool only)')
    .option('--kind <kind>', 'tool | prompt | resource (resource: PATTERN names servers)', 'tool')
    .option('--json', 'machine-readable output')
    .action(async (name: string, pattern: string, options: AddOptions) => {
      const rule: BundleRuleInput = { kind: kindOf(options), pattern, action: 'include', ...(options.as !== undefined ? { as: options.as } : {}), ...(options.description !== undefined ? { description: options.description } : {}) };
      const updated = await change(name, { addRules: [rule] }, rule.as !== undefined);
      print(options, updated, () => `Bundle "${updated.name}" now includes ${rule.kind} ${pattern}${rule.as ? ` as "${rule.as}"` : ''}. See what it exposes with \`patchbay bundle show ${updated.name}\`.`);
    });

  bundle
    .command('exclude')
    .description('exclude tools (or prompts, resources) that other rules include: PATTERN as for add')
    .argument('<name>', 'bundle name')
    .argument('<pattern>', 'SERVER/TOOL, with * as wildcard')
    .option('--kind <kind>', 'tool | prompt | resource', 'tool')
    .option('--json', 'machine-readable output')
    .action(async (name: string, pattern: string, options: KindOptions) => {
      const rule: BundleRuleInput = { kind: kindOf(options), pattern, action: 'exclude' };
      const updated = await change(name, { addRules: [rule] }, false);
      print(options, updated, () => `Bundle "${updated.name}" now excludes ${rule.kind} ${pattern}.`);
    });

  bundle
    .command('remove')
    .description('remove the rule with exactly this PATTERN (include or exclude)')
    .argument('<name>', 'bundle name')
    .argument('<pattern>', 'the pattern as it was added')
    .option('--kind <kind>', 'tool | prompt | resource', 'tool')
    .option('--json', 'machine-readable output')
    .action(async (name: string, pattern: string, options: KindOptions) => {
      const updated = await change(name, { removeRules: [{ kind: kindOf(options), pattern }] }, false);
      print(options, updated, () => `Removed the rule ${pattern} from bundle "${updated.name}".`);
    });

  bundle
    .command('list')
    .description('list the bundles')
    .option('--json', 'machine-readable output')
    .action(async (options: OutputOptions) => {
      const bundles = await run<BundleView[]>({ method: 'GET', path: '/bundles' }, async (hub) => hub.bundles.list());
      print(options, bundles, () =>
        bundles.length === 0
          ? 'No bundles yet. Create one with `patchbay bundle create NAME`.'
          : table([['NAME', 'RULES', 'ENDPOINT', 'DESCRIPTION'], ...bundles.map((b) => [b.name, String(b.rules.length), `/mcp/${b.name}`, b.description ?? ''])]),
      );
    });

  bundle
    .command('show')
    .description('show a bundle: its rules, the tools it exposes now, and the ones that are missing')
    .argument('<name>', 'bundle name')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions) => {
      checkName(name);
      const detail = await run<BundleDetail>({ method: 'GET', path: `/bundles/${name}` }, async (hub) => ({ ...hub.bundles.get(name), ...(await hub.bundles.preview(name)), endpoint: `/mcp/${name}` }), (ctx) => membersOf(ctx, name));
      print(options, detail, () => showText(detail));
    });

  bundle
    .command('delete')
    .description('delete a bundle (its servers stay as they are)')
    .argument('<name>', 'bundle name')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions) => {
      checkName(name);
      const removed = await run<BundleView>({ method: 'DELETE', path: `/bundles/${name}` }, async (hub) => hub.bundles.remove(name));
      print(options, { name: removed.name, deleted: true }, () => `Deleted bundle "${removed.name}".`);
    });
}

/** A change: through the running hub, or on the store (connecting the members when renames need checking). */
async function change(name: string, patch: UpdateBundleInput, renames: boolean): Promise<BundleView> {
  checkName(name);
  return run<BundleView>({ method: 'PATCH', path: `/bundles/${name}`, body: patch }, async (hub) => hub.bundles.update(name, patch), renames ? (ctx) => membersOf(ctx, name, patch) : undefined);
}

interface ApiCall {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * Runs a command against the running hub's API, or else in process. `connect` (in-process only)
 * names the servers to connect first; without it the in-process hub never connects anything.
 */
async function run<T>(api: ApiCall, local: (hub: Hub) => Promise<T | BundleConfig>, connect?: (ctx: CliContext) => string[]): Promise<T> {
  const ctx = await openContext({ quiet: true });
  try {
    const running = await findRunningHub(ctx.paths);
    if (running) return await callRunningHub<T>(ctx, running, api.method, api.path, api.body);
    const servers = connect?.(ctx) ?? [];
    const hub = hubFromContext(ctx, servers);
    try {
      if (servers.length > 0) await hub.start();
      return (await local(hub)) as T;
    } finally {
      await hub.dispose();
    }
  } finally {
    ctx.close();
  }
}

/** The enabled servers the bundle draws from (after `patch`, when given). */
export function membersOf(ctx: CliContext, name: string, patch?: UpdateBundleInput): string[] {
  const bundle = new BundleRepo(ctx.store.db, { logger: ctx.logger }).get(name);
  if (!bundle) return [];
  const enabled = ctx.store.servers
    .list()
    .filter((server) => server.enabled)
    .map((server) => server.name);
  const added = (patch?.addRules ?? []).map((rule) => ({ kind: rule.kind ?? 'tool', pattern: rule.pattern, action: rule.action ?? 'include' }) as const);
  return memberServers([...bundle.rules, ...added], enabled);
}

function kindOf(options: KindOptions): BundleItemKind {
  if (!(BUNDLE_ITEM_KINDS as readonly string[]).includes(options.kind)) throw new UsageError(`--kind must be one of ${BUNDLE_ITEM_KINDS.join(', ')}.`);
  return options.kind as BundleItemKind;
}

function checkName(name: string): void {
  if (!SERVER_NAME_PATTERN.test(name)) throw new UsageError(`"${name}" is not a valid bundle name: ${SERVER_NAME_RULE}.`);
}

function showText(detail: BundleDetail): string {
  const lines = [`${detail.name}: ${detail.tools.length} tool(s), ${detail.prompts.length} prompt(s) from ${detail.servers.length} server(s); endpoint ${detail.endpoint}`];
  if (detail.description) lines.push(`  description: ${detail.description}`);
  lines.push('  rules:');
  if (detail.rules.length === 0) lines.push(`    (none: add some with \`patchbay bundle add ${detail.name} SERVER/TOOL\`)`);
  for (const rule of detail.rules) {
    const extra = [rule.as ? `as ${rule.as}` : '', rule.description ? `description "${rule.description}"` : ''].filter(Boolean).join(', ');
    lines.push(`    ${rule.action === 'include' ? '+' : '-'} ${rule.kind} ${rule.pattern}${extra ? ` (${extra})` : ''}`);
  }
  for (const [label, items] of [['tools', detail.tools], ['prompts', detail.prompts]] as const) {
    if (items.length === 0) continue;
    lines.push(`  ${label}:`);
    const rows = items.map((item) => [`    ${item.name}`, `${item.server}/${item.original}`, item.renamed ? '(renamed)' : '']);
    lines.push(table(rows));
  }
  if (detail.resourceServers.length > 0) lines.push(`  resources from: ${detail.resourceServers.join(', ')}`);
  if (detail.missing.length > 0) {
    lines.push('  missing:');
    for (const item of detail.missing) lines.push(`    ${item.kind} ${item.pattern}: ${item.message}`);
  }
  return lines.join('\n');
}
