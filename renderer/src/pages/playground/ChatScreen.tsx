import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ToolCard } from '../../../../shared/playground';
import { errorText } from '../../api/client';
import { useResource } from '../../api/hooks';
import { playgroundApi, streamChat } from '../../api/playgroundApi';
import { Tabs } from '../../components/Tabs';
import { Alert, Button, EmptyState, Kbd, Loading } from '../../components/ui';
import { applyEvent, emptyChat, failRun, itemsFromMessages, startTurn } from '../../lib/chatModel';
import type { ChatView } from '../../lib/chatModel';
import { Link, navigate } from '../../lib/router';
import { emptySelection, fromToolSelection, toToolSelection } from '../../lib/toolSelection';
import { ChatLog } from './ChatLog';
import { ChatSettings } from './ChatSettings';
import type { ChatSettingsState } from './ChatSettings';
import { ConversationList } from './ConversationList';
import { ProvidersDialog } from './ProvidersDialog';
import { loadToolSources } from './toolSources';

const initialSettings: ChatSettingsState = { model: '', system: '', approval: 'auto', selection: emptySelection };

/** The chat: a model with the tools of chosen servers, streamed, with tool calls as cards. */
export function ChatScreen({ conversationId }: { conversationId?: string }) {
  const providers = useResource((signal) => playgroundApi.providers(signal), 'providers');
  const sources = useResource(loadToolSources, 'tool-sources');
  const conversations = useResource((signal) => playgroundApi.conversations(signal), 'conversations');
  const [settings, setSettings] = useState<ChatSettingsState>(initialSettings);
  const [view, setView] = useState<ChatView>(emptyChat);
  const [text, setText] = useState('');
  const [side, setSide] = useState<'settings' | 'history'>('settings');
  const [managing, setManaging] = useState(false);
  const [loadError, setLoadError] = useState<unknown>();
  const [deciding, setDeciding] = useState<ReadonlySet<string>>(new Set());
  const [decideError, setDecideError] = useState<string | undefined>();
  const streaming = useRef(false);
  const shown = useRef<string | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const toolsOf = useMemo(() => {
    const map = new Map((sources.data ?? []).map((source) => [source.name, source.tools.map((tool) => tool.name)]));
    return (server: string): string[] => map.get(server) ?? [];
  }, [sources.data]);

  // The first provider is the default for a new chat.
  useEffect(() => {
    const first = providers.data?.[0];
    if (first && !settings.providerId) setSettings((current) => (current.providerId ? current : { ...current, providerId: first.id }));
  }, [providers.data, settings.providerId]);

  // Open the conversation in the URL, unless this screen already shows it (it navigated there
  // itself when a new run got its id). `shown` is set only once a conversation is on screen, so
  // an aborted load (React may run effects twice) is simply started again.
  useEffect(() => {
    if (streaming.current || conversationId === shown.current) return;
    setLoadError(undefined);
    if (!conversationId) {
      shown.current = undefined;
      setView(emptyChat);
      return;
    }
    const abort = new AbortController();
    setView({ ...emptyChat, conversationId });
    playgroundApi.conversation(conversationId, abort.signal).then(
      (conversation) => {
        if (abort.signal.aborted) return;
        shown.current = conversation.id;
        setView({ items: itemsFromMessages(conversation.messages), conversationId: conversation.id, title: conversation.title, running: false });
        const stored = conversation.settings;
        setSettings((current) => ({
          providerId: stored.providerId ?? current.providerId,
          model: stored.model ?? '',
          system: stored.system ?? '',
          temperature: stored.temperature,
          approval: stored.approval ?? 'auto',
          selection: stored.selection ? fromToolSelection(stored.selection, toolsOf) : current.selection,
        }));
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setLoadError(error);
      },
    );
    return () => abort.abort();
    // toolsOf is read only when a conversation opens, on purpose.
  }, [conversationId]);

  useEffect(() => () => controller.current?.abort(), []);

  const send = (): void => {
    const message = text.trim();
    if (!message || view.running) return;
    if (!settings.providerId) {
      setManaging(true);
      return;
    }
    setText('');
    setDecideError(undefined);
    setView((current) => startTurn(current, message));
    streaming.current = true;
    const abort = new AbortController();
    controller.current = abort;
    void streamChat(
      {
        message,
        providerId: settings.providerId,
        ...(view.conversationId ? { conversationId: view.conversationId } : {}),
        ...(settings.model.trim() ? { model: settings.model.trim() } : {}),
        ...(settings.system.trim() ? { system: settings.system } : {}),
        ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
        approval: settings.approval,
        selection: toToolSelection(settings.selection, toolsOf),
      },
      (event) => {
        setView((current) => applyEvent(current, event));
        if (event.type === 'run' && shown.current !== event.conversationId) {
          shown.current = event.conversationId;
          navigate(`/playground/c/${encodeURIComponent(event.conversationId)}`, { replace: true });
        }
      },
      abort.signal,
    )
      .then(
        () => setView((current) => (current.running ? failRun(current, 'The hub closed the stream before the run finished. Reload the conversation to see what was saved.') : current)),
        (error: unknown) => setView((current) => failRun(current, abort.signal.aborted ? undefined : errorText(error))),
      )
      .finally(() => {
        streaming.current = false;
        controller.current = undefined;
        conversations.reload();
        inputRef.current?.focus();
      });
  };

  const stop = (): void => {
    if (view.runId) void playgroundApi.stop(view.runId).catch(() => controller.current?.abort());
    else controller.current?.abort();
  };

  const decide = useCallback(
    (card: ToolCard, approve: boolean) => {
      if (!view.runId) return;
      setDeciding((current) => new Set(current).add(card.id));
      playgroundApi
        .approve(view.runId, { callId: card.id, approve })
        .catch((error: unknown) => setDecideError(`Could not ${approve ? 'approve' : 'deny'} ${card.tool}: ${errorText(error)}`))
        .finally(() =>
          setDeciding((current) => {
            const next = new Set(current);
            next.delete(card.id);
            return next;
          }),
        );
    },
    [view.runId],
  );

  const noProvider = providers.data !== undefined && providers.data.length === 0;
  return (
    <div className="playground">
      <div className="chat-main">
        <div className="chat-toolbar">
          <span className="chat-title">{view.title ?? (conversationId ? 'Conversation' : 'New conversation')}</span>
          {view.usage && (view.usage.inputTokens !== undefined || view.usage.outputTokens !== undefined) && (
            <span className="muted toolbar-note" title="Tokens used by the last run">
              {view.usage.inputTokens ?? 0} in · {view.usage.outputTokens ?? 0} out
            </span>
          )}
          <Button size="sm" icon="plus" disabled={view.running} onClick={() => navigate('/playground')}>
            New chat
          </Button>
        </div>
        {loadError !== undefined && (
          <Alert tone="danger" title="Could not open this conversation" action={<Button size="sm" onClick={() => navigate('/playground')}>Start a new one</Button>}>
            {errorText(loadError)}
          </Alert>
        )}
        {decideError && <Alert tone="danger">{decideError}</Alert>}
        {view.items.length === 0 ? (
          <div className="chat-empty">
            {providers.loading && !providers.data ? (
              <Loading label="Loading providers…" />
            ) : noProvider ? (
              <EmptyState icon="chat" title="Connect a model to chat" action={<Button variant="primary" icon="plus" onClick={() => setManaging(true)}>Add a provider</Button>}>
                The Playground talks to OpenAI, Anthropic, OpenRouter or a local model (Ollama, LM Studio) and lets it call your servers' tools. No model? <Link to="/playground/run">Run a tool directly</Link>.
              </EmptyState>
            ) : conversationId && !loadError ? (
              <Loading label="Opening the conversation…" />
            ) : (
              <EmptyState icon="chat" title="Try your tools with a model">
                Tick the servers whose tools the model may call, then ask something that needs them. Each call shows up as a card with its arguments and result.
              </EmptyState>
            )}
          </div>
        ) : (
          <ChatLog items={view.items} running={view.running} onDecide={decide} deciding={deciding} />
        )}
        <div className="composer">
          <textarea
            ref={inputRef}
            className="input textarea composer-input"
            rows={2}
            aria-label="Message"
            placeholder={noProvider ? 'Add a provider first' : 'Ask something…'}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                send();
              }
            }}
          />
          <div className="composer-actions">
            <span className="muted composer-hint">
              <Kbd>Enter</Kbd> sends · <Kbd>Shift</Kbd>+<Kbd>Enter</Kbd> new line
            </span>
            {view.running ? (
              <Button variant="danger" icon="stop" onClick={stop}>
                Stop
              </Button>
            ) : (
              <Button variant="primary" icon="send" disabled={!text.trim()} onClick={send}>
                Send
              </Button>
            )}
          </div>
        </div>
      </div>
      <aside className="chat-side">
        <Tabs
          tabs={[
            { id: 'settings', label: 'Settings' },
            { id: 'history', label: 'Conversations', count: conversations.data?.length },
          ]}
          active={side}
          onChange={setSide}
          label="Playground panels"
        />
        <div className="chat-side-body" role="tabpanel" id={`panel-${side}`} aria-labelledby={`tab-${side}`}>
          {side === 'settings' ? (
            <ChatSettings value={settings} onChange={setSettings} providers={providers} sources={sources} onManageProviders={() => setManaging(true)} disabled={view.running} />
          ) : (
            <ConversationList conversations={conversations} activeId={view.conversationId} onDeleted={(id) => id === view.conversationId && navigate('/playground')} />
          )}
        </div>
      </aside>
      {managing && (
        <ProvidersDialog
          providers={providers}
          startWith={noProvider ? 'new' : undefined}
          onClose={() => {
            setManaging(false);
            providers.reload();
          }}
        />
      )}
    </div>
  );
}
