import { useEffect, useRef } from 'react';
import type { ToolCard } from '../../../../shared/playground';
import { Alert, Spinner } from '../../components/ui';
import type { ChatItem } from '../../lib/chatModel';
import { ToolCardView } from './ToolCardView';

/** The transcript; follows the newest text while the reader is at the bottom. */
export function ChatLog({ items, running, onDecide, deciding }: { items: ChatItem[]; running: boolean; onDecide: (card: ToolCard, approve: boolean) => void; deciding: ReadonlySet<string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [items, running]);
  const last = items[items.length - 1];
  return (
    <div
      ref={ref}
      className="chat-log"
      role="log"
      aria-live="polite"
      aria-label="Conversation"
      onScroll={(event) => {
        const element = event.currentTarget;
        stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      }}
    >
      {items.map((item) => {
        switch (item.kind) {
          case 'user':
            return (
              <div key={item.id} className="msg msg-user" data-role="user">
                {item.text}
              </div>
            );
          case 'assistant':
            return (
              <div key={item.id} className="msg msg-assistant" data-role="assistant">
                {item.text}
              </div>
            );
          case 'tool':
            return <ToolCardView key={item.id} card={item.card} onDecide={onDecide} deciding={deciding.has(item.id)} />;
          case 'notice':
            return (
              <Alert key={item.id} tone={item.tone}>
                {item.text}
              </Alert>
            );
        }
      })}
      {running && last?.kind === 'tool' && last.card.status === 'awaiting_approval' ? (
        <div className="msg-thinking" role="status">
          Waiting for your approval…
        </div>
      ) : (
        running &&
        last?.kind !== 'assistant' && (
          <div className="msg-thinking" role="status">
            <Spinner size={14} /> Thinking…
          </div>
        )
      )}
    </div>
  );
}
