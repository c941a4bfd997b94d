import { memo } from 'react';
import type { ToolCallStatus, ToolCard } from '../../../../shared/playground';
import { CodeBlock } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';
import { Button, Pill } from '../../components/ui';
import type { Tone } from '../../lib/servers';

const STATUS: Record<ToolCallStatus, { label: string; tone: Tone }> = {
  awaiting_approval: { label: 'Waiting for approval', tone: 'warning' },
  running: { label: 'Running', tone: 'info' },
  done: { label: 'Done', tone: 'success' },
  error: { label: 'Failed', tone: 'danger' },
  denied: { label: 'Denied', tone: 'neutral' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export function formatDuration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** One tool call of a chat run: what was called with which arguments, and what came back. */
export const ToolCardView = memo(function ToolCardView({ card, onDecide, deciding }: { card: ToolCard; onDecide?: (card: ToolCard, approve: boolean) => void; deciding?: boolean }) {
  const status = STATUS[card.status];
  const args = JSON.stringify(card.arguments, null, 2);
  const duration = formatDuration(card.durationMs);
  const result = card.result;
  return (
    <article className={`tool-card tool-card-${card.status}`} data-card={card.id} data-status={card.status} aria-label={`Tool call ${card.server}/${card.tool}`}>
      <header className="tool-card-head">
        <span className="tool-card-icon" aria-hidden="true">
          <Icon name="tool" size={15} />
        </span>
        <span className="tool-card-name">
          <span className="muted">{card.server || 'tool'} /</span> <code>{card.tool}</code>
        </span>
        {duration && <span className="muted tool-card-time">{duration}</span>}
        <Pill tone={status.tone}>{status.label}</Pill>
      </header>
      <details className="tool-card-args" open={card.status === 'awaiting_approval' || args.length < 160}>
        <summary>Arguments</summary>
        <pre className="result-text">{args}</pre>
      </details>
      {card.status === 'awaiting_approval' && onDecide && (
        <div className="tool-card-approve">
          <span>The model wants to run this tool.</span>
          <Button size="sm" variant="ghost" disabled={deciding} onClick={() => onDecide(card, false)}>
            Deny
          </Button>
          <Button size="sm" variant="primary" icon="check" busy={deciding} onClick={() => onDecide(card, true)}>
            Approve
          </Button>
        </div>
      )}
      {card.error && card.status !== 'done' && <div className="tool-card-error">{card.error}</div>}
      {result && <ResultBody result={result} />}
    </article>
  );
});

export function ResultBody({ result }: { result: NonNullable<ToolCard['result']> }) {
  return (
    <div className="tool-result" data-testid="tool-result">
      <div className={result.isError ? 'result-bad' : 'result-ok'}>{result.isError ? 'The tool reported an error' : 'Result'}</div>
      {result.text && <pre className="result-text">{result.text}</pre>}
      {result.images.map((image, index) => (
        <img key={index} className="result-image" alt={`Image ${index + 1} returned by the tool`} src={`data:${image.mimeType};base64,${image.data}`} />
      ))}
      {result.structuredContent !== undefined && <CodeBlock label="Structured content" code={JSON.stringify(result.structuredContent, null, 2)} />}
      {!result.text && result.images.length === 0 && result.structuredContent === undefined && <div className="muted">The tool returned no content.</div>}
    </div>
  );
}
