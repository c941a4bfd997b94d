import { useState } from 'react';
import type { BundleExposedItem, BundleMissingItem, BundlePreview } from '../../../../shared/api';
import { MCP_TOOL_NAME_PATTERN } from '../../../../shared/api';
import { errorText } from '../../api/client';
import { Alert, Button, EmptyState, Spinner, Tag, TextArea, TextInput } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { plural } from '../../lib/format';

interface PreviewProps {
  preview: { data?: BundlePreview; error?: unknown; loading: boolean };
  /** Present in the builder: rename / describe an exposed tool. */
  onOverride?: (server: string, tool: string, overrides: { as?: string; description?: string }) => void;
  /** The current override texts of a tool, for the editor. */
  overridesOf?: (server: string, tool: string) => { as?: string; description?: string };
  title?: string;
}

/** What the bundle exposes: its tools (as clients see them), prompts, resources, and what is missing. */
export function PreviewCard({ preview, onOverride, overridesOf, title = 'Preview' }: PreviewProps) {
  const data = preview.data;
  return (
    <section className="card bundle-preview" aria-label={title} aria-busy={preview.loading || undefined}>
      <div className="card-head">
        <h2 className="card-title">{title}</h2>
        <span className="muted toolbar-note preview-status" aria-live="polite">
          {preview.loading ? <Spinner size={12} /> : null}
          {data ? `${plural(data.tools.length, 'tool')}${data.prompts.length ? ` · ${plural(data.prompts.length, 'prompt')}` : ''}${data.resourceServers.length ? ` · resources of ${data.resourceServers.join(', ')}` : ''}` : ''}
        </span>
      </div>
      {preview.error !== undefined && <Alert tone="danger" title="These rules cannot be used">{errorText(preview.error)}</Alert>}
      {data && data.missing.length > 0 && <MissingList missing={data.missing} />}
      {data && data.tools.length === 0 && data.prompts.length === 0 && (
        <EmptyState icon="layers" title="Nothing exposed yet">
          Clients of this virtual server would see no tools. Tick tools or add an include rule.
        </EmptyState>
      )}
      {data && data.tools.length > 0 && (
        <VirtualList
          className="exposed-vlist"
          items={data.tools}
          getKey={exposedKey}
          estimateHeight={56}
          label="Exposed tools"
          renderItem={(tool) => <ExposedRow item={tool} onOverride={onOverride} overrides={overridesOf?.(tool.server, tool.original)} />}
        />
      )}
      {data && data.prompts.length > 0 && (
        <>
          <h3 className="preview-subtitle">Prompts</h3>
          <VirtualList className="exposed-vlist" items={data.prompts} getKey={exposedKey} estimateHeight={56} label="Exposed prompts" renderItem={(prompt) => <ExposedRow item={prompt} />} />
        </>
      )}
    </section>
  );
}

const exposedKey = (item: BundleExposedItem): string => `${item.server}/${item.original}`;

function MissingList({ missing }: { missing: BundleMissingItem[] }) {
  return (
    <Alert tone="warning" title={`${plural(missing.length, 'rule')} point${missing.length === 1 ? 's' : ''} at something that is not there`}>
      <ul className="missing-list" aria-label="Missing">
        {missing.map((item) => (
          <li key={`${item.kind}:${item.pattern}:${item.reason}`} data-missing={item.pattern}>
            <code>{item.pattern}</code> — {item.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function ExposedRow({ item, onOverride, overrides }: { item: BundleExposedItem; onOverride?: PreviewProps['onOverride']; overrides?: { as?: string; description?: string } }) {
  const [editing, setEditing] = useState(false);
  const [as, setAs] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const open = (): void => {
    setAs(overrides?.as ?? '');
    setDescription(overrides?.description ?? '');
    setProblem(undefined);
    setEditing(true);
  };
  const apply = (): void => {
    if (as.trim() && !MCP_TOOL_NAME_PATTERN.test(as.trim())) return setProblem('A tool name uses 1-128 characters from A-Z a-z 0-9 _ . - (no spaces).');
    onOverride?.(item.server, item.original, { as, description });
    setEditing(false);
  };
  return (
    <div className="exposed-row" data-exposed={item.name}>
      <div className="exposed-head">
        <div className="item-text">
          <div className="item-name">
            <code>{item.name}</code>
            {item.renamed && (
              <span className="muted">
                from <code className="muted-code">{item.original}</code>
              </span>
            )}
            <Tag>{item.server}</Tag>
          </div>
          {item.description && <div className="item-desc">{item.description}</div>}
        </div>
        {onOverride && !editing && (
          <Button size="sm" variant="ghost" onClick={open} aria-label={`Rename or describe ${item.name}`}>
            Rename
          </Button>
        )}
      </div>
      {editing && (
        <div
          className="override-form"
          role="group"
          aria-label={`Rename or describe ${item.name}`}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
              event.preventDefault();
              apply();
            }
            if (event.key === 'Escape') setEditing(false);
          }}
        >
          <label className="field-label" htmlFor={`as-${item.server}-${item.original}`}>
            Name clients see
          </label>
          <TextInput id={`as-${item.server}-${item.original}`} className="mono" placeholder={item.original} value={as} autoFocus onChange={(event) => setAs(event.target.value)} />
          <label className="field-label" htmlFor={`desc-${item.server}-${item.original}`}>
            Description clients see
          </label>
          <TextArea id={`desc-${item.server}-${item.original}`} rows={2} placeholder="Leave empty to keep the server's description" value={description} onChange={(event) => setDescription(event.target.value)} />
          {problem && <div className="field-error">{problem}</div>}
          <div className="button-row">
            <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button size="sm" variant="primary" onClick={apply}>
              Apply
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
