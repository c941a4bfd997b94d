import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { PlaygroundChatInput } from '../../shared/api';
import { toJson, toMarkdown } from '../playground/transcriptExport';
import { ConversationRepo } from '../playground/conversationRepo';
import { ProviderStore } from '../playground/providerStore';
import { openContext } from './context';
import type { CliContext } from './context';
import { runChatSession } from './chatSession';
import { print, table, UsageError } from './output';
import type { OutputOptions } from './output';

// `patchbay chat "prompt"`: the Playground in a terminal, and its providers / models /
// conversations. Providers are written to the store directly (a running hub reads them fresh).

interface ChatOptions extends OutputOptions {
  provider?: string;
  model?: string;
  server: string[];
  tool: string[];
  system?: string;
  temperature?: number;
  maxTokens?: number;
  maxRounds?: number;
  conversation?: string;
  yes?: boolean;
}

interface ProviderAddOptions extends OutputOptions {
  kind: string;
  baseUrl: string;
  label?: string;
  defaultModel?: string;
  header: string[];
  keyStdin?: boolean;
  clearKey?: boolean;
}

export function registerChatCommands(program: Command): void {
  const chat = program
    .command('chat')
    .description('chat with an LLM that can call your servers\' tools: patchbay chat --provider ID --model M --server NAME "prompt"')
    .argument('[prompt]', 'your message (default: read from standard input)')
    .option('--provider <id>', 'the LLM provider (see `patchbay chat providers list`); default: the only one configured')
    .option('--model <model>', "the model; default: the provider's default model")
    .option('--server <name>', 'offer the tools of this server or virtual server (repeatable)', collect, [])
    .option('--tool <SERVER/TOOL>', 'offer only this tool (repeatable)', collect, [])
    .option('--system <text>', 'system prompt')
    .option('--temperature <t>', 'sampling temperature, 0 to 2', (value) => number(value, '--temperature', 0, 2))
    .option('--max-tokens <n>', 'longest answer per model turn', (value) => number(value, '--max-tokens', 1, 1_000_000, true))
    .option('--max-rounds <n>', 'model turns that may call tools (default 8)', (value) => number(value, '--max-rounds', 1, 50, true))
    .option('--conversation <id>', 'continue a stored conversation')
    .option('--yes', 'run tool calls without asking')
    .option('--json', 'print the outcome, text and tool calls as JSON at the end')
    .action(async (prompt: string | undefined, options: ChatOptions) => {
      const message = prompt ?? (process.stdin.isTTY ? '' : readFileSync(0, 'utf8').trim());
      if (!message) throw new UsageError('Give a prompt: patchbay chat --provider ID --model MODEL "your question" (or pipe it on standard input).');
      const ctx = await openContext({ quiet: true });
      try {
        const input: PlaygroundChatInput = {
          message,
          providerId: options.provider ?? (await onlyProvider(ctx)),
          approval: options.yes ? 'auto' : 'ask',
          selection: { servers: options.server, ...(options.tool.length > 0 ? { tools: options.tool } : {}) },
          ...(options.model !== undefined ? { model: options.model } : {}),
          ...(options.system !== undefined ? { system: options.system } : {}),
          ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
          ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
          ...(options.maxRounds !== undefined ? { maxRounds: options.maxRounds } : {}),
          ...(options.conversation !== undefined ? { conversationId: options.conversation } : {}),
        };
        const summary = await runChatSession(ctx, input, { json: options.json === true, ask: !options.yes });
        if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        if (summary.outcome === 'error' || summary.outcome === 'stopped') process.exitCode = 1;
      } finally {
        ctx.close();
      }
    });

  const providers = chat.command('providers').description('LLM providers of the Playground (keys live in the secret store)');
  providers
    .command('add')
    .description('add or replace a provider: any OpenAI-compatible endpoint, or the Anthropic API')
    .argument('<id>', 'a short id, e.g. "openai"')
    .requiredOption('--kind <kind>', 'openai (Chat Completions) | anthropic (Messages API)')
    .requiredOption('--base-url <url>', 'e.g. https://api.openai.com/v1, https://api.anthropic.com, http://127.0.0.1:11434/v1')
    .option('--label <text>', 'display name')
    .option('--default-model <model>', 'model used when --model is not given')
    .option('--header <header>', 'extra non-secret header "Name: value" (repeatable)', collect, [])
    .option('--key-stdin', 'read the API key from standard input')
    .option('--clear-key', 'remove the stored API key')
    .option('--json', 'machine-readable output')
    .action(async (id: string, _options: ProviderAddOptions, command: Command) => {
      const options = command.optsWithGlobals<ProviderAddOptions>();
      if (options.kind !== 'openai' && options.kind !== 'anthropic') throw new UsageError('--kind must be "openai" or "anthropic".');
      const headers: Record<string, string> = {};
      for (const header of options.header) {
        const colon = header.indexOf(':');
        if (colon <= 0) throw new UsageError(`"${header}" must look like "Name: value".`);
        headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
      }
      const apiKey = options.keyStdin ? readFileSync(0, 'utf8').trim() : undefined;
      if (options.keyStdin && !apiKey) throw new UsageError('--key-stdin read an empty key. Pipe the key in, e.g. `printenv OPENAI_API_KEY | patchbay chat providers add ...`.');
      await withProviders(async (store, ctx) => {
        const view = await store.save({
          id,
          kind: options.kind as 'openai' | 'anthropic',
          baseUrl: options.baseUrl,
          ...(options.label !== undefined ? { label: options.label } : {}),
          ...(options.defaultModel !== undefined ? { defaultModel: options.defaultModel } : {}),
          ...(options.header.length > 0 ? { headers } : {}),
          ...(apiKey !== undefined ? { apiKey } : {}),
          ...(options.clearKey ? { clearKey: true } : {}),
        });
        print(options, view, () => `Saved provider "${view.id}" (${view.kind}, ${view.baseUrl}); ${view.hasKey ? `API key in the ${ctx.secrets.kind === 'keychain' ? 'OS keychain' : 'encrypted secrets file'}` : 'no API key'}.`);
      });
    });
  providers
    .command('list')
    .description('list providers (never their keys)')
    .option('--json', 'machine-readable output')
    .action(async (_options: OutputOptions, command: Command) => {
      const options = command.optsWithGlobals<OutputOptions>();
      await withProviders(async (store) => {
        const list = await store.list();
        print(options, list, () =>
          list.length === 0
            ? 'No providers yet. Add one with `patchbay chat providers add ID --kind openai --base-url URL --key-stdin`.'
            : table([['ID', 'KIND', 'BASE URL', 'DEFAULT MODEL', 'KEY'], ...list.map((p) => [p.id, p.kind, p.baseUrl, p.defaultModel ?? '-', p.hasKey ? 'set' : '-'])]),
        );
      });
    });
  providers
    .command('remove')
    .description('remove a provider and its stored key')
    .argument('<id>')
    .option('--json', 'machine-readable output')
    .action(async (id: string, _options: OutputOptions, command: Command) => {
      const options = command.optsWithGlobals<OutputOptions>();
      await withProviders(async (store) => {
        const removed = await store.remove(id);
        print(options, { id: removed.id, removed: true }, () => `Removed provider "${removed.id}".`);
      });
    });

  chat
    .command('models')
    .description("list the models a provider offers (from the provider's model list)")
    .argument('<id>', 'provider id')
    .option('--json', 'machine-readable output')
    .action(async (id: string, _options: OutputOptions, command: Command) => {
      const options = command.optsWithGlobals<OutputOptions>();
      await withProviders(async (store) => {
        const models = await store.models(id, AbortSignal.timeout(30_000));
        print(options, models, () => (models.length ? models.map((m) => (m.label ? `${m.id}  (${m.label})` : m.id)).join('\n') : 'The provider lists no models; pass --model by name.'));
      });
    });

  chat
    .command('conversations')
    .description('list saved Playground conversations')
    .option('--json', 'machine-readable output')
    .action(async (_options: OutputOptions, command: Command) => {
      const options = command.optsWithGlobals<OutputOptions>();
      const ctx = await openContext({ quiet: true });
      try {
        const list = new ConversationRepo(ctx.store.db).list();
        print(options, list, () =>
          list.length === 0 ? 'No conversations yet.' : table([['ID', 'UPDATED', 'MESSAGES', 'TITLE'], ...list.map((c) => [c.id, c.updatedAt.slice(0, 16), String(c.messageCount), c.title])]),
        );
      } finally {
        ctx.close();
      }
    });

  chat
    .command('export')
    .description('print a saved conversation as Markdown or JSON')
    .argument('<id>', 'conversation id')
    .option('--format <format>', 'md | json', 'md')
    .action(async (id: string, _options: { format: string }, command: Command) => {
      const options = command.optsWithGlobals<{ format: string }>();
      if (options.format !== 'md' && options.format !== 'json') throw new UsageError('--format must be md or json.');
      const ctx = await openContext({ quiet: true });
      try {
        const conversation = new ConversationRepo(ctx.store.db).get(id);
        if (!conversation) throw new UsageError(`No conversation "${id}". See \`patchbay chat conversations\`.`);
        const exported = { title: conversation.title, messages: conversation.messages, ...(conversation.settings.model ? { model: conversation.settings.model } : {}) };
        process.stdout.write(options.format === 'md' ? toMarkdown(exported) : toJson(exported));
      } finally {
        ctx.close();
      }
    });

  // A `--json` after a subcommand is parsed by `chat` itself (commander hands unknown options up),
  // so subcommands read their options with optsWithGlobals(). Commander's own errors below `chat`
  // are usage errors too (hub/cli.ts covers two levels).
  for (const command of providers.commands) command.exitOverride();
}

async function withProviders(action: (store: ProviderStore, ctx: CliContext) => Promise<void>): Promise<void> {
  const ctx = await openContext({ quiet: true });
  try {
    await action(new ProviderStore({ settings: ctx.store.settings, secrets: ctx.secrets, logger: ctx.logger }), ctx);
  } finally {
    ctx.close();
  }
}

async function onlyProvider(ctx: CliContext): Promise<string> {
  const list = await new ProviderStore({ settings: ctx.store.settings, secrets: ctx.secrets, logger: ctx.logger }).list();
  if (list.length === 1) return list[0]!.id;
  throw new UsageError(
    list.length === 0
      ? 'No LLM provider is configured. Add one: `patchbay chat providers add openai --kind openai --base-url https://api.openai.com/v1 --key-stdin`.'
      : `Several providers are configured (${list.map((p) => p.id).join(', ')}); pick one with --provider ID.`,
  );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function number(value: string, flag: string, min: number, max: number, integer = false): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, not "${value}".`);
  }
  return n;
}
