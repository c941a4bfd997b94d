import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import type { AuditEntry, AuditOutcome, ResourceKind, Role } from '../../shared/api';
import { AuditLog } from '../access/auditLog';
import { buildAuditFilter } from '../access/auditQuery';
import { systemClock } from '../core/clock';
import { cliAccessControl, cliPrincipal } from './cliAccess';
import { openContext } from './context';
import type { CliContext } from './context';
import { print, table, UsageError } from './output';
import type { OutputOptions } from './output';

// `patchbay access ...` (users, teams, roles, permission details, audit settings) and `patchbay logs`
// (the audit log). The CLI acts as the owner, or as PATCHBAY_TOKEN's user when that is set; either
// way through the same AccessControl checks as the admin API (see cliAccess.ts).

async function withContext(action: (ctx: CliContext) => Promise<void> | void): Promise<void> {
  const ctx = await openContext({ quiet: true });
  try {
    await action(ctx);
  } finally {
    ctx.close();
  }
}

interface WhoOptions extends OutputOptions {
  user?: string;
  team?: string;
  bundle?: boolean;
}

function who(options: WhoOptions): { user?: string; team?: string } {
  if ((options.user === undefined) === (options.team === undefined)) throw new UsageError('Say who: --user NAME or --team NAME (one of them).');
  return options.user !== undefined ? { user: options.user } : { team: options.team! };
}

function kindOf(options: { bundle?: boolean }): ResourceKind {
  return options.bundle ? 'bundle' : 'server';
}

export function registerAccessCommands(program: Command): void {
  const access = program.command('access').description('users, teams and roles on servers and virtual servers');

  access
    .command('show')
    .description('who can do what on a server (or virtual server, with --bundle)')
    .argument('<name>')
    .option('--bundle', 'NAME is a virtual server')
    .option('--json', 'machine-readable output')
    .action((name: string, options: WhoOptions) =>
      withContext((ctx) => {
        const control = cliAccessControl(ctx.store);
        const ref = { kind: kindOf(options), name };
        control.check(cliPrincipal(ctx.store), ref, 'list');
        const detail = control.describe(ref);
        print(options, detail, () =>
          [
            `${ref.kind === 'bundle' ? 'Virtual server' : 'Server'} "${name}":`,
            table([['USER', 'ROLE', 'VIA', 'CAN'], ...detail.users.map((u) => [u.user, u.role, u.via.join(', '), u.can.join(', ')])]),
            detail.collaborators.length ? `Collaborators: ${detail.collaborators.map((c) => `${c.kind} ${c.name} (${c.role})`).join(', ')}` : 'No collaborators: only the owner can use it.',
          ].join('\n'),
        );
      }),
    );

  access
    .command('grant')
    .description('give a user or a team a role on a server: manager (edit, delete, manage collaborators) or user (list and call its tools)')
    .argument('<name>', 'server (or virtual server, with --bundle)')
    .option('--user <user>')
    .option('--team <team>')
    .requiredOption('--role <role>', 'manager | user')
    .option('--bundle', 'NAME is a virtual server')
    .option('--json', 'machine-readable output')
    .action((name: string, options: WhoOptions & { role: string }) =>
      withContext((ctx) => {
        if (options.role !== 'manager' && options.role !== 'user') throw new UsageError('--role must be manager or user.');
        const control = cliAccessControl(ctx.store);
        const ref = { kind: kindOf(options), name };
        control.check(cliPrincipal(ctx.store), ref, 'manage');
        const granted = control.grant(ref, who(options), options.role as Role);
        print(options, granted, () => `The ${granted.kind} "${granted.name}" is now ${granted.role === 'manager' ? 'a manager' : 'a user'} of "${name}".`);
      }),
    );

  access
    .command('revoke')
    .description("take a user's or a team's role on a server away")
    .argument('<name>')
    .option('--user <user>')
    .option('--team <team>')
    .option('--bundle', 'NAME is a virtual server')
    .option('--json', 'machine-readable output')
    .action((name: string, options: WhoOptions) =>
      withContext((ctx) => {
        const control = cliAccessControl(ctx.store);
        const ref = { kind: kindOf(options), name };
        control.check(cliPrincipal(ctx.store), ref, 'manage');
        const revoked = control.revoke(ref, who(options));
        print(options, revoked, () => `The ${revoked.kind} "${revoked.name}" no longer has a role on "${name}".`);
      }),
    );

  access
    .command('whoami')
    .description('the user this CLI acts as (the owner, or PATCHBAY_TOKEN\'s user)')
    .option('--json', 'machine-readable output')
    .action((options: OutputOptions) =>
      withContext((ctx) => {
        const principal = cliPrincipal(ctx.store);
        const user = ctx.store.users.get(principal.userId);
        const shown = { id: user.id, name: user.name, owner: cliAccessControl(ctx.store).isOwner(principal), ...(principal.tokenId ? { token: principal.name } : {}), ...(principal.servers ? { servers: principal.servers } : {}) };
        print(options, shown, () => `${user.name}${shown.owner ? ' (owner)' : ''}${principal.tokenId ? ` via token "${principal.name}"` : ''}`);
      }),
    );

  registerUserCommands(access);
  registerTeamCommands(access);

  access
    .command('audit')
    .description('show or change the audit log settings (owner)')
    .option('--record-arguments <onOff>', 'record tool arguments (secrets redacted): on | off')
    .option('--max-age-days <days>', 'keep rows this many days', (v) => positiveInt(v, '--max-age-days'))
    .option('--max-rows <rows>', 'keep at most this many rows', (v) => positiveInt(v, '--max-rows'))
    .option('--json', 'machine-readable output')
    .action((options: OutputOptions & { recordArguments?: string; maxAgeDays?: number; maxRows?: number }) =>
      withContext((ctx) => {
        cliAccessControl(ctx.store).requireOwner(cliPrincipal(ctx.store), 'change the audit settings');
        if (options.recordArguments !== undefined && !['on', 'off'].includes(options.recordArguments)) throw new UsageError('--record-arguments must be on or off.');
        const audit = new AuditLog({ repo: ctx.store.audit, settings: ctx.store.settings, redactor: ctx.redactor, clock: systemClock, logger: ctx.logger });
        const settings =
          options.recordArguments !== undefined || options.maxAgeDays !== undefined || options.maxRows !== undefined
            ? audit.updateSettings({ ...(options.recordArguments !== undefined ? { recordArguments: options.recordArguments === 'on' } : {}), ...(options.maxAgeDays ? { maxAgeDays: options.maxAgeDays } : {}), ...(options.maxRows ? { maxRows: options.maxRows } : {}) })
            : audit.settings();
        audit.dispose();
        print(options, settings, () => `record arguments: ${settings.recordArguments ? 'on (secrets redacted)' : 'off'}\nkeep: ${settings.maxAgeDays} days, at most ${settings.maxRows} rows`);
      }),
    );

  program
    .command('logs')
    .description('the audit log: one row per tool call (newest last)')
    .option('--server <name>')
    .option('--user <name>')
    .option('--tool <name>')
    .option('--outcome <outcome>', 'ok | tool_error | error')
    .option('--since <time>', 'ISO date-time or a duration back from now: 30m, 12h, 7d')
    .option('--until <time>')
    .option('--limit <n>', 'at most this many rows (default 50; all for --export)', (v) => positiveInt(v, '--limit'))
    .option('--export <file>', 'write the matching rows as JSON lines to FILE')
    .option('--json', 'machine-readable output')
    .action((options: OutputOptions & { server?: string; user?: string; tool?: string; outcome?: string; since?: string; until?: string; limit?: number; export?: string }) =>
      withContext(async (ctx) => {
        if (options.outcome !== undefined && !['ok', 'tool_error', 'error'].includes(options.outcome)) throw new UsageError('--outcome must be ok, tool_error or error.');
        const filter = buildAuditFilter(
          { users: ctx.store.users, access: cliAccessControl(ctx.store), serverNames: () => ctx.store.servers.list().map((c) => c.name) },
          cliPrincipal(ctx.store),
          { server: options.server, user: options.user, tool: options.tool, outcome: options.outcome as AuditOutcome | undefined, since: options.since, until: options.until, limit: options.limit ?? (options.export ? undefined : 50) },
        );
        const names = new Map(ctx.store.users.list().map((u) => [u.id, u.name]));
        const named = (entry: AuditEntry): AuditEntry => ({ ...entry, user: names.get(entry.userId) ?? entry.userId });
        if (options.export) {
          const out = createWriteStream(options.export, { mode: 0o600 });
          let count = 0;
          for (const entry of ctx.store.audit.iterate(filter)) {
            if (!out.write(`${JSON.stringify(named(entry))}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
            count += 1;
          }
          await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
          print(options, { exported: count, file: options.export }, () => `Exported ${count} audit rows to ${options.export}.`);
          return;
        }
        const rows = ctx.store.audit.query(filter).map(named).reverse();
        print(options, rows, () =>
          rows.length === 0
            ? 'No tool calls recorded (for this filter).'
            : table([
                ['TIME', 'USER', 'TOKEN', 'CLIENT', 'FACE', 'SERVER', 'TOOL', 'MS', 'OUTCOME', 'ERROR'],
                ...rows.map((r) => [r.time.slice(0, 19).replace('T', ' '), r.user ?? r.userId, r.tokenName ?? '-', r.client ?? '-', r.face, r.server, r.tool, String(Math.round(r.durationMs)), r.outcome, (r.error ?? '').split('\n')[0]!.slice(0, 60)]),
              ]),
        );
      }),
    );
}

function registerUserCommands(access: Command): void {
  const user = access.command('user').description('hub users (owner)');
  user
    .command('add')
    .argument('<name>')
    .option('--display-name <text>')
    .option('--json', 'machine-readable output')
    .action((name: string, options: OutputOptions & { displayName?: string }) =>
      withContext((ctx) => {
        cliAccessControl(ctx.store).requireOwner(cliPrincipal(ctx.store), 'add users');
        const created = ctx.store.users.create({ name, ...(options.displayName ? { displayName: options.displayName } : {}) });
        print(options, created, () => `Added user "${created.name}". Give them a token with \`patchbay token create NAME --user ${created.name}\` and a role with \`patchbay access grant SERVER --user ${created.name} --role user\`.`);
      }),
    );
  user
    .command('list')
    .option('--json', 'machine-readable output')
    .action((options: OutputOptions) =>
      withContext((ctx) => {
        cliAccessControl(ctx.store).requireOwner(cliPrincipal(ctx.store), 'list users');
        const users = ctx.store.users.list().map((u) => ({ ...u, owner: u.id === 'owner', teams: ctx.store.teams.teamsOf(u.id).map((t) => t.name) }));
        print(options, users, () => table([['NAME', 'OWNER', 'TEAMS', 'CREATED'], ...users.map((u) => [u.name, u.owner ? 'yes' : '', u.teams.join(',') || '-', u.createdAt.slice(0, 10)])]));
      }),
    );
  user
    .command('remove')
    .description('remove a user: their tokens stop working and their roles go')
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action((name: string, options: OutputOptions) =>
      withContext((ctx) => {
        cliAccessControl(ctx.store).requireOwner(cliPrincipal(ctx.store), 'remove users');
        const removed = ctx.store.users.remove(name);
        print(options, { name: removed.name, removed: true }, () => `Removed user "${removed.name}"; their tokens are revoked.`);
      }),
    );
  user
    .command('rename')
    .argument('<name>')
    .argument('<newName>')
    .option('--json', 'machine-readable output')
    .action((name: string, newName: string, options: OutputOptions) =>
      withContext((ctx) => {
        cliAccessControl(ctx.store).requireOwner(cliPrincipal(ctx.store), 'rename users');
        const renamed = ctx.store.users.rename(name, newName);
        print(options, renamed, () => `Renamed user "${name}" to "${renamed.name}".`);
      }),
    );
}

function registerTeamCommands(access: Command): void {
  const team = access.command('team').description('teams of users (owner)');
  const owner = (ctx: CliContext, what: string): void => cliAccessControl(ctx.store).requireOwner(cliPrincipal(ctx.store), what);
  team
    .command('add')
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action((name: string, options: OutputOptions) =>
      withContext((ctx) => {
        owner(ctx, 'add teams');
        const created = ctx.store.teams.create(name);
        print(options, created, () => `Added team "${created.name}". Add members with \`patchbay access team add-member ${created.name} USER\`.`);
      }),
    );
  team
    .command('list')
    .option('--json', 'machine-readable output')
    .action((options: OutputOptions) =>
      withContext((ctx) => {
        owner(ctx, 'list teams');
        const teams = ctx.store.teams.list().map((t) => ({ ...t, members: ctx.store.teams.members(t.id).map((id) => ctx.store.users.find(id)?.name ?? id).sort() }));
        print(options, teams, () => (teams.length ? table([['TEAM', 'MEMBERS'], ...teams.map((t) => [t.name, t.members.join(', ') || '-'])]) : 'No teams. Add one with `patchbay access team add NAME`.'));
      }),
    );
  team
    .command('remove')
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action((name: string, options: OutputOptions) =>
      withContext((ctx) => {
        owner(ctx, 'remove teams');
        const removed = ctx.store.teams.remove(name);
        print(options, { name: removed.name, removed: true }, () => `Removed team "${removed.name}" and its roles.`);
      }),
    );
  for (const [verb, adding] of [['add-member', true], ['remove-member', false]] as const) {
    team
      .command(verb)
      .argument('<team>')
      .argument('<user>')
      .option('--json', 'machine-readable output')
      .action((teamName: string, userName: string, options: OutputOptions) =>
        withContext((ctx) => {
          owner(ctx, 'change teams');
          const t = ctx.store.teams.get(teamName);
          const u = ctx.store.users.get(userName);
          if (adding) ctx.store.teams.addMember(t.id, u.id);
          else ctx.store.teams.removeMember(t.id, u.id);
          print(options, { team: t.name, user: u.name, member: adding }, () => `${u.name} is ${adding ? 'now' : 'no longer'} a member of ${t.name}.`);
        }),
      );
  }
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number.`);
  return n;
}
