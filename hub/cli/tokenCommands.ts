import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { HubError } from '../core/errors';
import type { JsonObject, ToolResult } from '../../shared/types';
import { userSecretKey } from '../serverService';
import { callerFromPrincipal } from '../access/auditLog';
import { createToken, listTokens, revokeToken } from '../access/tokenAccess';
import type { TokenAccessDeps } from '../access/tokenAccess';
import { cliAccessControl, cliGuard, cliPrincipal } from './cliAccess';
import { callRunningHub, findRunningHub, hubFromContext, openContext } from './context';
import type { CliContext } from './context';
import { print, table, UsageError } from './output';
import type { OutputOptions } from './output';

// `patchbay token ...`, `patchbay secret ...` and `patchbay call NAME/TOOL`.

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('hub access tokens for MCP clients');

  token
    .command('create')
    .description('create a token (shown once)')
    .argument('<name>', 'what the token is for, e.g. "cursor"')
    .option('--expires-in-days <days>', 'expire after this many days', (value) => positiveInt(value, '--expires-in-days'))
    .option('--expires-at <time>', 'expire at this ISO 8601 date-time')
    .option('--user <name>', 'the user the token belongs to (owner only; default: you)')
    .option('--server <name>', 'restrict the token to this server or virtual server (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & { expiresInDays?: number; expiresAt?: string; user?: string; server: string[] }) => {
      const ctx = await openContext({ quiet: true });
      try {
        // Access: the same rules as POST /api/tokens, as the owner or as PATCHBAY_TOKEN's user.
        const created = createToken(tokenDeps(ctx), cliPrincipal(ctx.store), {
          name,
          ...(options.expiresInDays ? { expiresInDays: options.expiresInDays } : {}),
          ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
          ...(options.user ? { user: options.user } : {}),
          ...(options.server.length ? { servers: options.server } : {}),
        });
        const restricted = created.info.servers ? ` It may use only: ${created.info.servers.join(', ')}.` : '';
        print(options, { token: created.token, ...created.info }, () => `${created.token}\n\nThis is the only time the token is shown. Clients send it as "Authorization: Bearer <token>". It belongs to ${created.info.user ?? 'the owner'}.${restricted}`);
      } finally {
        ctx.close();
      }
    });

  token
    .command('list')
    .description('list tokens (never their values)')
    .option('--json', 'machine-readable output')
    .action(async (options: OutputOptions) => {
      const ctx = await openContext({ quiet: true });
      try {
        const tokens = listTokens(tokenDeps(ctx), cliPrincipal(ctx.store));
        print(options, tokens, () =>
          tokens.length === 0
            ? 'No tokens yet. Create one with `patchbay token create NAME`.'
            : table([
                ['ID', 'NAME', 'USER', 'PREFIX', 'CREATED', 'LAST USED', 'SERVERS', 'STATUS'],
                ...tokens.map((t) => [t.id, t.name, t.user ?? t.userId, t.prefix, t.createdAt.slice(0, 10), t.lastUsedAt?.slice(0, 16) ?? '-', t.servers?.join(',') ?? 'all', t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt < new Date().toISOString() ? 'expired' : 'active']),
              ]),
        );
      } finally {
        ctx.close();
      }
    });

  token
    .command('revoke')
    .description('revoke a token by id or name; it stops working on the next request')
    .argument('<idOrName>')
    .option('--json', 'machine-readable output')
    .action(async (idOrName: string, options: OutputOptions) => {
      const ctx = await openContext({ quiet: true });
      try {
        const info = revokeToken(tokenDeps(ctx), cliPrincipal(ctx.store), idOrName);
        print(options, info, () => `Revoked token "${info.name}" (${info.id}).`);
      } finally {
        ctx.close();
      }
    });

  const secret = program.command('secret').description('named secrets that headers and env values can reference as secret:NAME');
  secret
    .command('set')
    .argument('<name>')
    .option('--value <value>', 'the value (default: read from standard input)')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & { value?: string }) => {
      if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name)) throw new UsageError('Secret names use letters, digits, ".", "_" and "-" (at most 128).');
      const value = options.value ?? readFileSync(0, 'utf8').replace(/\r?\n$/, '');
      if (!value) throw new UsageError('The secret is empty. Pass --value or pipe it on standard input.');
      const ctx = await openContext({ quiet: true });
      try {
        await ctx.secrets.set(userSecretKey(name), value);
        print(options, { name, stored: ctx.secrets.kind }, () => `Stored secret "${name}" in the ${ctx.secrets.kind === 'keychain' ? 'OS keychain' : 'encrypted secrets file'}. Use it as secret:${name}.`);
      } finally {
        ctx.close();
      }
    });
  secret
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (options: OutputOptions) => {
      const ctx = await openContext({ quiet: true });
      try {
        const names = (await ctx.secrets.list('user/')).map((key) => key.slice('user/'.length)).sort();
        print(options, names, () => (names.length ? names.join('\n') : 'No secrets. Add one with `patchbay secret set NAME`.'));
      } finally {
        ctx.close();
      }
    });
  secret
    .command('remove')
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions) => {
      const ctx = await openContext({ quiet: true });
      try {
        if ((await ctx.secrets.get(userSecretKey(name))) === undefined) throw new HubError('SECRET_NOT_FOUND', `No secret named "${name}". See \`patchbay secret list\`.`);
        await ctx.secrets.delete(userSecretKey(name));
        print(options, { name, removed: true }, () => `Removed secret "${name}".`);
      } finally {
        ctx.close();
      }
    });

  program
    .command('call')
    .description('call one tool: patchbay call SERVER/TOOL --args \'{"key":"value"}\'')
    .argument('<target>', 'SERVER/TOOL')
    .option('--args <json>', 'tool arguments as a JSON object', '{}')
    .option('--json', 'print the whole MCP result as JSON')
    .action(async (target: string, options: OutputOptions & { args: string }) => {
      const slash = target.indexOf('/');
      if (slash <= 0 || slash === target.length - 1) throw new UsageError('Name the tool as SERVER/TOOL, e.g. `patchbay call everything/echo --args \'{"message":"hi"}\'`.');
      const server = target.slice(0, slash);
      const tool = target.slice(slash + 1);
      let args: JsonObject;
      try {
        args = JSON.parse(options.args) as JsonObject;
      } catch {
        throw new UsageError(`--args must be a JSON object, e.g. '{"message":"hi"}'; got ${options.args}`);
      }
      if (!args || typeof args !== 'object' || Array.isArray(args)) throw new UsageError('--args must be a JSON object.');
      const ctx = await openContext({ quiet: true });
      let result: ToolResult;
      try {
        const running = await findRunningHub(ctx.paths);
        if (running) {
          result = await callRunningHub<ToolResult>(ctx, running, 'POST', '/call?via=cli', { server, tool, arguments: args });
        } else {
          // Access: checked here as the owner or PATCHBAY_TOKEN's user, and recorded in the audit log.
          const principal = cliPrincipal(ctx.store);
          cliGuard(ctx.store, server, 'call');
          const hub = hubFromContext(ctx, [server]);
          try {
            await hub.start();
            result = await hub.callTool(server, tool, args, { caller: callerFromPrincipal(principal, 'cli') });
          } finally {
            await hub.dispose();
          }
        }
      } finally {
        ctx.close();
      }
      print(options, result, () => renderResult(result));
      if (result.isError) process.exitCode = 1;
    });
}

function renderResult(result: ToolResult): string {
  const parts = result.content.map((block) => {
    if (block.type === 'text' && typeof block.text === 'string') return block.text;
    if (block.type === 'image' || block.type === 'audio') return `[${block.type} ${String(block.mimeType ?? '')}]`;
    if (block.type === 'resource_link') return `[resource ${String(block.uri ?? '')}]`;
    return JSON.stringify(block);
  });
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  return (result.isError ? 'Tool error: ' : '') + parts.join('\n');
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number.`);
  return n;
}

function tokenDeps(ctx: CliContext): TokenAccessDeps {
  return { tokens: ctx.store.tokens, users: ctx.store.users, access: cliAccessControl(ctx.store) };
}
