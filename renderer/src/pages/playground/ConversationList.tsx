import { useCallback, useState } from 'react';
import type { ConversationSummary } from '../../../../shared/playground';
import { errorText } from '../../api/client';
import { useAction } from '../../api/hooks';
import type { Resource } from '../../api/hooks';
import { playgroundApi } from '../../api/playgroundApi';
import { Dialog } from '../../components/Dialog';
import { Alert, Button, EmptyState, Field, IconButton, Loading, TextInput } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { relativeTime } from '../../lib/format';
import { navigate } from '../../lib/router';

/** Stored conversations: reopen, rename, delete, export as Markdown or JSON. */
export function ConversationList({ conversations, activeId, onDeleted }: { conversations: Resource<ConversationSummary[]>; activeId?: string; onDeleted: (id: string) => void }) {
  const [renaming, setRenaming] = useState<ConversationSummary | undefined>();
  const [deleting, setDeleting] = useState<ConversationSummary | undefined>();
  const [title, setTitle] = useState('');
  const rename = useAction((id: string, value: string) => playgroundApi.updateConversation(id, { title: value }));
  const remove = useAction((id: string) => playgroundApi.deleteConversation(id));
  const list = conversations.data ?? [];
  const render = useCallback(
    (item: ConversationSummary) => (
      <div className={`conv-row ${item.id === activeId ? 'conv-row-active' : ''}`} data-conversation={item.title}>
        <button type="button" className="conv-open" onClick={() => navigate(`/playground/c/${encodeURIComponent(item.id)}`)} aria-current={item.id === activeId ? 'true' : undefined}>
          <span className="conv-title">{item.title}</span>
          <span className="muted conv-meta">
            {relativeTime(item.updatedAt)} · {item.messageCount} msg
          </span>
        </button>
        <div className="conv-actions">
          <a className="btn btn-ghost btn-sm" href={playgroundApi.exportUrl(item.id, 'md')} download title="Export as Markdown" aria-label={`Export ${item.title} as Markdown`}>
            .md
          </a>
          <a className="btn btn-ghost btn-sm" href={playgroundApi.exportUrl(item.id, 'json')} download title="Export as JSON" aria-label={`Export ${item.title} as JSON`}>
            .json
          </a>
          <IconButton
            icon="edit"
            size="sm"
            label={`Rename ${item.title}`}
            onClick={() => {
              setTitle(item.title);
              setRenaming(item);
            }}
          />
          <IconButton icon="trash" size="sm" label={`Delete ${item.title}`} onClick={() => setDeleting(item)} />
        </div>
      </div>
    ),
    [activeId],
  );
  return (
    <div className="conv-list">
      {conversations.loading && !conversations.data && <Loading label="Loading conversations…" />}
      {conversations.error !== undefined && <Alert tone="danger">{errorText(conversations.error)}</Alert>}
      {conversations.data && list.length === 0 && (
        <EmptyState icon="chat" title="No conversations yet">
          Each chat is saved here, with its settings, so you can reopen and continue it.
        </EmptyState>
      )}
      {list.length > 0 && <VirtualList items={list} getKey={(item) => item.id} renderItem={render} estimateHeight={58} label="Conversations" className="conv-vlist" />}
      <Dialog
        open={renaming !== undefined}
        title="Rename conversation"
        submitLabel="Rename"
        busy={rename.pending}
        onClose={() => setRenaming(undefined)}
        onSubmit={() => {
          if (!renaming || !title.trim()) return;
          void rename.run(renaming.id, title.trim()).then((result) => {
            if (!result) return;
            setRenaming(undefined);
            conversations.reload();
          });
        }}
      >
        <Field label="Title">{(id) => <TextInput id={id} value={title} maxLength={200} autoFocus onChange={(event) => setTitle(event.target.value)} />}</Field>
        {rename.error !== undefined && <Alert tone="danger">{errorText(rename.error)}</Alert>}
      </Dialog>
      <Dialog
        open={deleting !== undefined}
        title={`Delete “${deleting?.title ?? ''}”?`}
        submitLabel="Delete conversation"
        submitVariant="danger"
        busy={remove.pending}
        onClose={() => setDeleting(undefined)}
        onSubmit={() => {
          if (!deleting) return;
          const id = deleting.id;
          void remove.run(id).then((result) => {
            if (result === undefined) return;
            setDeleting(undefined);
            conversations.reload();
            onDeleted(id);
          });
        }}
      >
        <p>The messages and tool results of this conversation are deleted. Export it first if you want to keep a copy.</p>
        {remove.error !== undefined && <Alert tone="danger">{errorText(remove.error)}</Alert>}
      </Dialog>
      <Button variant="ghost" size="sm" icon="refresh" onClick={conversations.reload}>
        Refresh
      </Button>
    </div>
  );
}
