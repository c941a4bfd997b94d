import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { AuthConnectView, AuthInput, AuthStatusView, IdentityView } from '../../shared/api';
import { HubError, toHubError } from '../core/errors';
import type { Hub } from '../hub';
import { callRunningHub, findRunningHub, openContext, withConfigHub } from './context';
import type { CliContext } from './context';
import type { RuntimeInfo } from './runtimeFile';
import { openBrowser } from './openBrowser';
import { print, table, UsageError } from './output';
import type { OutputOptions } from './output';

// `patchbay auth connect|revoke|status|override|set|identity ...`, and the auth options of
// `patchbay server add`. With a running hub, commands go through its admin API (the OAuth callback
// lands on the hub); without one, `connect` listens on 127.0.0.1 for the callback itself.

export interface AuthCliOptions {
  auth?: string;
  apiKey?: string;
  apiKeyHeader?: string;
  apiKeyTemplate?: string;
  grant?: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  registrationUrl?: string;
  revocationUrl?: string;
  clientId?: string;
  clientSecret?: string;
  clientAuth?: string;
  scope?: string[];
  codeChallengeMethod?: string[];
  jwtSource?: string;
}

/** Adds `--auth` and its options to a command (`server add`, `auth set`). */
export function addAuthOptions(command: Command): Command {
  return command
    .addOption(new Option('--auth <type>', 'how the hub authenticates to the server').choices(['none', 'api-key', 'oauth2', 'passthrough']))
    .option('--api-key <value>', 'api-key: the header value shared by every user, e.g. "Bearer sk-..." or secret:NAME (with --from-catalog: the key itself, put into the entry\'s template)')
    .option('--api-key-header <name>', 'api-key: the header name (default Authorization)')
    .option('--api-key-template <template>', 'api-key, individual: the header value with a placeholder each user fills, e.g. "Bearer {{API_KEY}}"')
    .addOption(new Option('--grant <grant>', 'oauth2: the grant').choices(['authorization_code', 'client_credentials']))
    .option('--authorization-url <url>', 'oauth2: authorization endpoint (discovered when left out)')
    .option('--token-url <url>', 'oauth2: token endpoint (discovered when left out)')
    .option('--registration-url <url>', 'oauth2: dynamic client registration endpoint')
    .option('--revocation-url <url>', 'oauth2: token revocation endpoint')
    .option('--client-id <id>', 'oauth2: client ID (registered dynamically when left out)')
    .option('--client-secret <secret>', 'oauth2: client secret (stored in the secret store), or secret:NAME')
    .addOption(new Option('--client-auth <method>', 'oauth2 client credentials: how the secret is sent').choices(['basic', 'post']))
    .option('--scope <scope>', 'oauth2: a scope to request (repeatable)', collect, [])
    .option('--code-challenge-method <method>', 'oauth2: code challenge methods the server supports (repeatable; S256 is always used)', collect, [])
    .addOption(new Option('--jwt-source <source>', 'oauth2: which token goes upstream').choices(['access_token', 'id_token']));
}

/** The AuthInput the options describe, or undefined when no --auth was given. */
export function authInputFromOptions(options: AuthCliOptions): AuthInput | undefined {
  const type = options.auth;
  const given = (keys: Array<keyof AuthCliOptions>): string[] =>
    keys.filter((key) => (Array.isArray(options[key]) ? (options[key] as string[]).length > 0 : options[key] !== undefined)).map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  const apiKeyOptions = given(['apiKey', 'apiKeyHeader', 'apiKeyTemplate']);
  const oauthOptions = given(['grant', 'authorizationUrl', 'tokenUrl', 'registrationUrl', 'revocationUrl', 'clientId', 'clientSecret', 'clientAuth', 'scope', 'codeChallengeMethod', 'jwtSource']);
  if (!type) {
    if (apiKeyOptions.length || oauthOptions.length) throw new UsageError(`${[...apiKeyOptions, ...oauthOptions].join(', ')} need --auth api-key or --auth oauth2.`);
    return undefined;
  }
  if (type !== 'api-key' && apiKeyOptions.length) throw new UsageError(`${apiKeyOptions.join(', ')} go with --auth api-key.`);
  if (type !== 'oauth2' && oauthOptions.length) throw new UsageError(`${oauthOptions.join(', ')} go with --auth oauth2.`);
  if (type === 'none' || type === 'passthrough') return { type };
  if (type === 'api-key') {
    if (options.apiKeyTemplate !== undefined && options.apiKey !== undefined) throw new UsageError('Give --api-key (one key for everybody) or --api-key-template (each user sets their own), not both.');
    if (options.apiKeyTemplate === undefined && options.apiKey === undefined) throw new UsageError('--auth api-key needs --api-key VALUE (shared) or --api-key-template "Bearer {{API_KEY}}" (individual).');
    return options.apiKeyTemplate !== undefined
      ? { type, mode: 'individual', template: options.apiKeyTemplate, ...(options.apiKeyHeader && { header: options.apiKeyHeader }) }
      : { type, mode: 'shared', value: options.apiKey ?? '', ...(options.apiKeyHeader && { header: options.apiKeyHeader }) };
  }
  return {
    type: 'oauth2',
    ...(options.grant && { grant: options.grant as 'authorization_code' }),
    ...(options.authorizationUrl && { authorizationUrl: options.authorizationUrl }),
    ...(options.tokenUrl && { tokenUrl: options.tokenUrl }),
    ...(options.registrationUrl && { registrationUrl: options.registrationUrl }),
    ...(options.revocationUrl && { revocationUrl: options.revocationUrl }),
    ...(options.clientId && { clientId: options.clientId }),
    ...(options.clientSecret && { clientSecret: options.clientSecret }),
    ...(options.clientAuth && { clientAuth: options.clientAuth as 'basic' }),
    ...(options.scope?.length && { scopes: options.scope }),
    ...(options.codeChallengeMethod?.length && { codeChallengeMethods: options.codeChallengeMethod }),
    ...(options.jwtSource && { jwtSource: options.jwtSource as 'access_token' }),
  };
}

/** A hub for auth commands: it never connects to servers. */
function withLocalHub<T>(action: (hub: Hub, ctx: CliContext) => Promise<T>): Promise<T> {
  return withConfigHub((ctx, hub) => action(hub, ctx));
}

async function running(): Promise<{ ctx: CliContext; hub: RuntimeInfo } | undefined> {
  const ctx = await openContext({ quiet: true });
  const hub = await findRunningHub(ctx.paths);
  if (hub) return { ctx, hub };
  ctx.close();
  return undefined;
}

export function registerAuthCommands(program: Command): void {
  const auth = program.command('auth').description('how the hub authenticates to upstream servers: connect, revoke, status, overrides, identities');

  auth
    .command('connect')
    .description('sign in to an OAuth server: opens the authorization URL in the browser ($BROWSER) and waits for the callback')
    .argument('<name>')
    .option('--no-browser', 'print the URL instead of opening a browser')
    .option('--callback-port <port>', 'without a running hub: the port of the temporary callback listener (default: any free port)', (value) => portNumber(value))
    .option('--timeout <seconds>', 'how long to wait for the sign-in', (value) => portNumber(value), 300)
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & { browser: boolean; callbackPort?: number; timeout: number }) => {
      const show = async (view: AuthConnectView): Promise<void> => {
        const opened = options.browser && (await openBrowser(view.authorizationUrl));
        if (!opened || !options.json) process.stderr.write(`${opened ? 'Opened your browser to sign in. If it did not open, visit' : 'Visit this URL to sign in'}:\n  ${view.authorizationUrl}\nWaiting for the authorization...\n`);
      };
      const deadline = AbortSignal.timeout(options.timeout * 1000);
      const live = await running();
      let status: AuthStatusView;
      if (live) {
        try {
          const view = await callRunningHub<AuthConnectView>(live.ctx, live.hub, 'POST', `/servers/${name}/auth/connect`, {});
          await show(view);
          status = await pollFlow(live.ctx, live.hub, name, view.state, deadline);
        } finally {
          live.ctx.close();
        }
      } else {
        status = await withLocalHub((hub) => connectLocally(hub, name, options.callbackPort ?? 0, deadline, show));
      }
      print(options, status, () => `Connected "${name}".`);
    });

  auth
    .command('revoke')
    .description('revoke the OAuth tokens at the server (when it supports it) and delete them locally')
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions) => {
      const live = await running();
      type Result = { revoked: boolean; deleted: boolean; problem?: string };
      let result: Result;
      if (live) {
        try {
          result = await callRunningHub<Result>(live.ctx, live.hub, 'POST', `/servers/${name}/auth/revoke`, {});
        } finally {
          live.ctx.close();
        }
      } else {
        result = await withLocalHub((hub) => hub.auth.revoke(name, 'owner'));
      }
      print(options, { server: name, ...result }, () =>
        [result.deleted ? `Deleted the tokens of "${name}".` : `There were no tokens for "${name}".`, result.revoked ? 'The authorization server revoked them.' : result.problem ? `Revoking them at the server failed: ${result.problem}` : ''].filter(Boolean).join(' '),
      );
    });

  auth
    .command('status')
    .description('whether you can use each server: connected / needs connect / expired / error')
    .argument('[name]')
    .option('--json', 'machine-readable output')
    .action(async (name: string | undefined, options: OutputOptions) => {
      const live = await running();
      let views: AuthStatusView[];
      if (live) {
        try {
          const names = name ? [name] : (await callRunningHub<Array<{ name: string }>>(live.ctx, live.hub, 'GET', '/servers')).map((server) => server.name);
          views = await Promise.all(names.map((server) => callRunningHub<AuthStatusView>(live.ctx, live.hub, 'GET', `/servers/${server}/auth`)));
        } finally {
          live.ctx.close();
        }
      } else {
        views = await withLocalHub(async (hub) => Promise.all((name ? [name] : hub.servers.list().map((server) => server.name)).map((server) => hub.auth.status(server, 'owner'))));
      }
      print(options, name ? views[0] : views, () => table([['SERVER', 'AUTH', 'STATUS', 'DETAIL'], ...views.map((view) => [view.server, view.type, view.status, view.message ?? (view.expiresAt ? `token expires ${view.expiresAt}` : '')])]));
    });

  auth
    .command('override')
    .description('set (or --remove) your own value for a server with individual API keys')
    .argument('<name>')
    .option('--value <value>', 'your value (default: read from standard input)')
    .option('--remove', 'remove your value')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & { value?: string; remove?: boolean }) => {
      const value = options.remove ? undefined : (options.value ?? readFileSync(0, 'utf8').replace(/\r?\n$/, ''));
      if (!options.remove && !value) throw new UsageError('The value is empty. Pass --value or pipe it on standard input.');
      const live = await running();
      if (live) {
        try {
          await callRunningHub(live.ctx, live.hub, options.remove ? 'DELETE' : 'PUT', `/servers/${name}/auth/override`, options.remove ? undefined : { value });
        } finally {
          live.ctx.close();
        }
      } else {
        await withLocalHub(async (hub) => (value === undefined ? void (await hub.auth.deleteOverride(name, 'owner')) : hub.auth.setOverride(name, 'owner', value)));
      }
      print(options, { server: name, set: !options.remove }, () => (options.remove ? `Removed your API key for "${name}".` : `Stored your API key for "${name}" in the secret store.`));
    });

  addAuthOptions(
    auth
      .command('set')
      .description('change how the hub authenticates to a server (e.g. --auth oauth2, --auth api-key --api-key VALUE)')
      .argument('<name>'),
  )
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & AuthCliOptions) => {
      const input = authInputFromOptions(options);
      if (!input) throw new UsageError('Say which auth to use: --auth none|api-key|oauth2|passthrough.');
      const view = await withLocalHub(async (hub) => hub.servers.view(await hub.servers.update(name, { auth: input })));
      print(options, view, () => `"${name}" now uses ${input.type} auth.${input.type === 'oauth2' && input.grant !== 'client_credentials' ? ` Sign in with \`patchbay auth connect ${name}\`.` : ''}`);
    });

  registerIdentityCommands(auth);
}

function registerIdentityCommands(auth: Command): void {
  const identity = auth.command('identity').description('external identity providers whose JWTs the hub accepts (token passthrough)');
  identity
    .command('add')
    .argument('<name>')
    .requiredOption('--issuer <url>', 'the JWT issuer (iss)')
    .requiredOption('--jwks-url <url>', 'where its signing keys are published')
    .requiredOption('--audience <aud>', 'the audience tokens must be issued for')
    .option('--user-claim <claim>', 'the claim naming the user', 'sub')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions & { issuer: string; jwksUrl: string; audience: string; userClaim: string }) => {
      const created = await withLocalHub(async (hub) => hub.identities.create({ name, issuer: options.issuer, jwksUrl: options.jwksUrl, audience: options.audience, userClaim: options.userClaim }));
      print(options, created, () => `Added identity "${name}": JWTs from ${created.issuer} for ${created.audience} are accepted on the MCP endpoints as user "${name}:<${created.userClaim}>".`);
    });
  identity
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (options: OutputOptions) => {
      const list: IdentityView[] = await withLocalHub(async (hub) => hub.identities.list());
      print(options, list, () => (list.length ? table([['NAME', 'ISSUER', 'AUDIENCE', 'USER CLAIM'], ...list.map((item) => [item.name, item.issuer, item.audience, item.userClaim])]) : 'No identities. Add one with `patchbay auth identity add NAME --issuer URL --jwks-url URL --audience AUD`.'));
    });
  identity
    .command('remove')
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: OutputOptions) => {
      const removed = await withLocalHub(async (hub) => hub.identities.remove(name));
      print(options, removed, () => `Removed identity "${name}".`);
    });
}

/** No hub running: listen on 127.0.0.1 for the callback ourselves. */
async function connectLocally(hub: Hub, name: string, port: number, deadline: AbortSignal, show: (view: AuthConnectView) => Promise<void>): Promise<AuthStatusView> {
  const listener = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/oauth/callback') {
      res.writeHead(404).end();
      return;
    }
    hub.auth.handleCallback(url.searchParams).then(
      () => res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Patchbay is now connected to "${name}". You can close this window.`),
      (error: unknown) => res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(toHubError(error).message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new HubError('CONFLICT', `Port ${port} is in use; pass another --callback-port.`) : error));
    listener.listen(port, '127.0.0.1', () => resolve());
  });
  try {
    const redirectUri = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/oauth/callback`;
    const view = await hub.auth.startConnect(name, 'owner', redirectUri);
    await show(view);
    const outcome = await hub.auth.waitForFlow(view.state, deadline).catch(() => {
      throw new HubError('AUTH_REQUIRED', `The sign-in for "${name}" did not complete in time. Run \`patchbay auth connect ${name}\` again.`);
    });
    if (outcome.status !== 'done') throw new HubError('AUTH_REQUIRED', outcome.message ?? `The sign-in for "${name}" failed.`);
    return await hub.auth.status(name, 'owner');
  } finally {
    listener.closeAllConnections();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  }
}

/** The running hub receives the callback: poll its outcome (state, with a deadline). */
async function pollFlow(ctx: CliContext, hub: RuntimeInfo, name: string, state: string, deadline: AbortSignal): Promise<AuthStatusView> {
  for (;;) {
    const status = await callRunningHub<AuthStatusView>(ctx, hub, 'GET', `/servers/${name}/auth?state=${encodeURIComponent(state)}`);
    if (status.flow?.status === 'done') return status;
    if (status.flow?.status === 'failed') throw new HubError('AUTH_REQUIRED', status.flow.message ?? `The sign-in for "${name}" failed.`);
    if (!status.flow) throw new HubError('AUTH_REQUIRED', `The hub lost track of the sign-in for "${name}" (was it restarted?). Run \`patchbay auth connect ${name}\` again.`);
    if (deadline.aborted) throw new HubError('AUTH_REQUIRED', `The sign-in for "${name}" did not complete in time. Run \`patchbay auth connect ${name}\` again.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new UsageError(`"${value}" is not a valid number here.`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
