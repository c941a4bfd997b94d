import { useCallback, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ServerDetail } from '../../../../shared/api';
import type { PromptInfo, ResourceInfo, ResourceTemplateInfo } from '../../../../shared/types';
import { useDebounced } from '../../api/hooks';
import { SearchInput } from '../../components/SearchInput';
import { EmptyState, Tag } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { filterByText } from '../../lib/servers';

export function PromptsTab({ server }: { server: ServerDetail }) {
  const renderPrompt = useCallback(
    (prompt: PromptInfo) => (
      <div className="item" data-prompt={prompt.name}>
        <div className="item-text">
          <div className="item-name">
            <code>{prompt.name}</code>
            {prompt.title && prompt.title !== prompt.name && <span className="item-title">{prompt.title}</span>}
          </div>
          {prompt.description && <div className="item-desc">{prompt.description}</div>}
          {prompt.arguments && prompt.arguments.length > 0 && (
            <div className="item-args">
              {prompt.arguments.map((argument) => (
                <span key={argument.name} className="arg" title={argument.description}>
                  {argument.name}
                  {argument.required ? <span className="arg-required" aria-label="required">*</span> : null}
                </span>
              ))}
            </div>
          )}
        </div>
      </div>
    ),
    [],
  );
  return (
    <FilteredList
      items={server.prompts}
      getKey={(prompt) => prompt.name}
      render={renderPrompt}
      noun="prompt"
      empty={<EmptyState icon="chat" title="No prompts">{server.state.status === 'running' ? 'This server offers no prompt templates.' : 'Prompts are listed once the server is running.'}</EmptyState>}
    />
  );
}

type ResourceRow = { kind: 'resource'; item: ResourceInfo } | { kind: 'template'; item: ResourceTemplateInfo };

export function ResourcesTab({ server }: { server: ServerDetail }) {
  const rows = useMemo<Array<ResourceRow & { name: string; title?: string; description?: string }>>(
    () => [
      ...server.resourceTemplates.map((item) => ({ kind: 'template' as const, item, name: `${item.name} ${item.uriTemplate}`, title: item.title, description: item.description })),
      ...server.resources.map((item) => ({ kind: 'resource' as const, item, name: `${item.name} ${item.uri}`, title: item.title, description: item.description })),
    ],
    [server.resources, server.resourceTemplates],
  );
  const render = useCallback((row: ResourceRow) => {
    const uri = row.kind === 'resource' ? row.item.uri : row.item.uriTemplate;
    return (
      <div className="item">
        <div className="item-text">
          <div className="item-name">
            <span className="item-strong">{row.item.title ?? row.item.name}</span>
            {row.kind === 'template' && <Tag>template</Tag>}
            {row.item.mimeType && <Tag>{row.item.mimeType}</Tag>}
          </div>
          <code className="item-uri">{uri}</code>
          {row.item.description && <div className="item-desc">{row.item.description}</div>}
        </div>
      </div>
    );
  }, []);
  return (
    <FilteredList
      items={rows}
      getKey={(row) => `${row.kind}:${row.kind === 'resource' ? row.item.uri : row.item.uriTemplate}`}
      render={render}
      noun="resource"
      empty={<EmptyState icon="fileCode" title="No resources">{server.state.status === 'running' ? 'This server offers no resources.' : 'Resources are listed once the server is running.'}</EmptyState>}
    />
  );
}

function FilteredList<T extends { name: string; title?: string; description?: string }>({ items, getKey, render, noun, empty }: { items: readonly T[]; getKey: (item: T) => string; render: (item: T) => ReactNode; noun: string; empty: ReactNode }) {
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 150);
  const visible = useMemo(() => filterByText(items, debounced), [items, debounced]);
  if (items.length === 0) return <>{empty}</>;
  return (
    <div className="tab-fill">
      {items.length > 8 && (
        <div className="toolbar">
          <SearchInput value={query} onChange={setQuery} placeholder={`Search ${items.length.toLocaleString()} ${noun}s`} label={`Search ${noun}s`} />
        </div>
      )}
      {visible.length === 0 ? (
        <EmptyState icon="search" title={`No ${noun}s match`}>Nothing contains “{debounced}”.</EmptyState>
      ) : (
        <VirtualList className="item-list" items={visible} getKey={getKey} renderItem={render} estimateHeight={60} label={`${noun}s`} />
      )}
    </div>
  );
}
