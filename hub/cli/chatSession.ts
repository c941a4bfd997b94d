// One `patchbay chat` run: through the running hub's API when there is one (same routing, auth and
// saved conversation as the UI), else in a hub started in this process for the selected servers.
// Model text goes to stdout as it streams; tool cards, notices and errors go to stderr.
import { createInterface } from 'node:readline/promises';
import type { PlaygroundChatInput } from '../../shared/api';
import type { ChatOutcome, PlaygroundStreamEvent, TokenUsage, ToolCard } from '../../shared/playground';
import { errorMessage, HubError } from '../core/errors';
import { parseSse } from '../playground/providers/sse';
import type { Principal } from '../serve/downstreamServer';
import { CLI_TOKEN_SECRET, findRunningHub, hubFromContext } from './context';
import type { CliContext } from './context';
import type { RuntimeInfo } from './runtimeFile';

const CLI_PRINCIPAL: Principal = { id: 'cli', name: 'patchbay CLI', userId: 'owner' };
const RESULT_PREVIEW = 300;

export interface ChatSessionOptions {
  json: boolean;
  /** Ask on the terminal before each tool call (false = --yes). */
  ask: boolean;
}

export interface ChatSummary {
  runId?: string;
  conversationId?: string;
  outcome: ChatOutcome;
  text: string;
  toolCalls: ToolCard[];
  usage: TokenUsage;
  notice?: string;
  error?: { code: string; message: string };
}

type Approve = (callId: string, approved: boolean) => Promise<void>;

export async function runChatSession(ctx: CliContext, input: PlaygroundChatInput, options: ChatSessionOptions): Promise<ChatSummary> {
  const printer = new ChatPrinter(options);
  const running = await findRunningHub(ctx.paths);
  if (running) return viaRunningHub(ctx, running, input, printer);
  return inProcess(ctx, input, printer);
}

async function inProcess(ctx: CliContext, input: PlaygroundChatInput, printer: ChatPrinter): Promise<ChatSummary> {
  const servers = new Set(input.selection?.servers ?? []);
  for (const tool of input.selection?.tools ?? []) if (tool.includes('/')) servers.add(tool.slice(0, tool.indexOf('/')));
  const hub = hubFromContext(ctx, [...servers]);
  let run: Awaited<ReturnType<typeof hub.playground.startChat>> | undefined;
  const removeSignal = onInterrupt(() => run?.stop());
  try {
    await hub.start();
    run = await hub.playground.startChat(CLI_PRINCIPAL, input, (event) => printer.handle(event, (callId, approved) => {
      run?.approve(callId, approved);
      return Promise.resolve();
    }));
    await run.done;
  } finally {
    removeSignal();
    await hub.dispose();
  }
  return printer.finish();
}

async function viaRunningHub(ctx: CliContext, hub: RuntimeInfo, input: PlaygroundChatInput, printer: ChatPrinter): Promise<ChatSummary> {
  const token = await ctx.secrets.get(CLI_TOKEN_SECRET);
  if (!token) throw new HubError('UNAUTHORIZED', 'The running hub left no CLI credential in the secret store. Restart `patchbay serve`.');
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const post = async (path: string, body?: unknown): Promise<void> => {
    const response = await fetch(`${hub.url}/api${path}`, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
    if (!response.ok) throw await apiError(response, hub.url);
  };
  const controller = new AbortController();
  let runId: string | undefined;
  let interrupts = 0;
  const removeSignal = onInterrupt(() => {
    interrupts += 1;
    // First Ctrl-C: a clean Stop (the final events still arrive). Second: just leave.
    if (runId && interrupts === 1) post(`/playground/runs/${runId}/stop`).catch(() => controller.abort());
    else controller.abort();
  });
  try {
    let response: Response;
    try {
      response = await fetch(`${hub.url}/api/playground/chat`, { method: 'POST', headers, body: JSON.stringify(input), signal: controller.signal });
    } catch (error) {
      throw new HubError('UPSTREAM_UNAVAILABLE', `Cannot reach the running hub at ${hub.url}: ${errorMessage(error)}`);
    }
    if (!response.ok || !response.body) throw await apiError(response, hub.url);
    const approve: Approve = (callId, approved) => post(`/playground/runs/${runId ?? ''}/approve`, { callId, approve: approved });
    try {
      for await (const message of parseSse(response.body)) {
        const event = JSON.parse(message.data) as PlaygroundStreamEvent;
        if (event.type === 'run') runId = event.runId;
        printer.handle(event, approve);
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  } finally {
    removeSignal();
  }
  return printer.finish();
}

/** Turns events into terminal output and remembers what the run did. */
class ChatPrinter {
  private readonly summary: ChatSummary = { outcome: 'error', text: '', toolCalls: [], usage: {} };
  private readonly cards = new Map<string, ToolCard>();
  private questions: Promise<void> = Promise.resolve();
  private sawDone = false;

  constructor(private readonly options: ChatSessionOptions) {}

  handle(event: PlaygroundStreamEvent, approve: Approve): void {
    switch (event.type) {
      case 'run':
        this.summary.runId = event.runId;
        this.summary.conversationId = event.conversationId;
        break;
      case 'text':
        this.summary.text += event.delta;
        if (!this.options.json) process.stdout.write(event.delta);
        break;
      case 'tool_card':
        this.cards.set(event.card.id, event.card);
        if (event.card.status === 'awaiting_approval') this.askApproval(event.card, approve);
        else this.log(cardLine(event.card));
        break;
      case 'notice':
        this.summary.notice = event.message;
        this.log(`note: ${event.message}`);
        break;
      case 'error':
        this.summary.error = { code: event.code, message: event.message };
        break;
      case 'done':
        this.sawDone = true;
        this.summary.outcome = event.outcome;
        this.summary.usage = event.usage;
        break;
      default:
        break;
    }
  }

  finish(): ChatSummary {
    this.summary.toolCalls = [...this.cards.values()];
    if (!this.sawDone && !this.summary.error) this.summary.error = { code: 'UPSTREAM_ERROR', message: 'The chat ended without finishing (the hub went away?).' };
    if (!this.options.json) {
      if (this.summary.text !== '' && !this.summary.text.endsWith('\n')) process.stdout.write('\n');
      if (this.summary.error) process.stderr.write(`patchbay: ${this.summary.error.message}\n`);
      if (this.summary.outcome === 'stopped') this.log('Stopped.');
      if (this.summary.conversationId) this.log(`(conversation ${this.summary.conversationId}; continue it with --conversation ${this.summary.conversationId})`);
    }
    return this.summary;
  }

  private askApproval(card: ToolCard, approve: Approve): void {
    if (!this.options.ask) return; // auto mode never asks
    const answer = async (approved: boolean): Promise<void> => {
      await approve(card.id, approved).catch((error: unknown) => this.log(`could not answer the approval: ${errorMessage(error)}`));
    };
    if (!process.stdin.isTTY) {
      this.log(`denied ${card.server}/${card.tool}: there is no terminal to ask on. Pass --yes to let the model run tools.`);
      void answer(false);
      return;
    }
    // Parallel calls are asked one after the other.
    this.questions = this.questions.then(async () => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const reply = await rl.question(`Run ${card.server}/${card.tool} ${JSON.stringify(card.arguments)}? [y/N] `);
        await answer(/^y(es)?$/i.test(reply.trim()));
      } finally {
        rl.close();
      }
    });
  }

  private log(line: string): void {
    if (!this.options.json) process.stderr.write(`${line}\n`);
  }
}

function cardLine(card: ToolCard): string {
  const name = `${card.server}/${card.tool}`;
  const took = card.durationMs !== undefined ? ` (${card.durationMs} ms)` : '';
  switch (card.status) {
    case 'running':
      return `→ ${name} ${JSON.stringify(card.arguments)}`;
    case 'done':
      return `✓ ${name}${took}: ${preview(card.result?.text ?? '')}`;
    case 'error':
      return `✗ ${name}${took}: ${preview(card.result?.text ?? card.error ?? 'failed')}`;
    case 'denied':
      return `✗ ${name}: denied`;
    case 'cancelled':
      return `✗ ${name}${took}: stopped`;
    default:
      return `${name}: ${card.status}`;
  }
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > RESULT_PREVIEW ? `${line.slice(0, RESULT_PREVIEW)}…` : line;
}

async function apiError(response: Response, url: string): Promise<HubError> {
  const payload = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  const code = (payload?.error?.code ?? 'INTERNAL') as HubError['code'];
  return new HubError(code, payload?.error?.message ?? `The hub at ${url} answered HTTP ${response.status}.`);
}

/** Ctrl-C calls `handler` instead of killing the process; returns the undo. */
function onInterrupt(handler: () => void): () => void {
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}
