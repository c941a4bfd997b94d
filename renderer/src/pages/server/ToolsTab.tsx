import { memo, useCallback, useMemo, useState } from 'react';
import type { ServerDetail } from '../../../../shared/api';
import type { ToolInfo } from '../../../../shared/types';
import { useDebounced } from '../../api/hooks';
import { Icon } from '../../components/Icon';
import { SearchInput } from '../../components/SearchInput';
import { Button, EmptyState, Tag } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { plural } from '../../lib/format';
import { filterByText } from '../../lib/servers';
import { TryToolDialog } from './TryToolDialog';

export function ToolsTab({ server }: { server: ServerDetail }) {
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 150);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [trying, setTrying] = useState<ToolInfo | undefined>();
  const tools = server.tools;
  const visible = useMemo(() => filterByText(tools, debounced), [tools, debounced]);
  const toggle = useCallback((name: string) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  }, []);
  const renderTool = useCallback((tool: ToolInfo) => <ToolRow tool={tool} open={expanded.has(tool.name)} onToggle={toggle} onTry={setTrying} />, [expanded, toggle]);

  if (tools.length === 0) {
    return (
      <EmptyState icon="tool" title={server.state.status === 'running' ? 'This server has no tools' : 'No tools to show yet'}>
        {server.state.status === 'running'
          ? 'It is connected but lists no tools. It may offer prompts or resources instead.'
          : 'Tools are listed once the server is running.'}
      </EmptyState>
    );
  }
  return (
    <div className="tab-fill">
      <div className="toolbar">
        <SearchInput value={query} onChange={setQuery} placeholder={`Search ${plural(tools.length, 'tool')}`} label="Search tools" />
        <span className="muted toolbar-note" aria-live="polite">
          {debounced ? `${visible.length.toLocaleString()} of ${tools.length.toLocaleString()}` : plural(tools.length, 'tool')}
        </span>
      </div>
      {visible.length === 0 ? (
        <EmptyState icon="search" title="No tools match" action={<Button onClick={() => setQuery('')}>Clear search</Button>}>
          No tool name or description contains “{debounced}”.
        </EmptyState>
      ) : (
        <VirtualList className="item-list tool-list" items={visible} getKey={toolKey} renderItem={renderTool} estimateHeight={64} label="Tools" />
      )}
      {trying && <TryToolDialog server={server.name} tool={trying} onClose={() => setTrying(undefined)} />}
    </div>
  );
}

const toolKey = (tool: ToolInfo): string => tool.name;

const ToolRow = memo(function ToolRow({ tool, open, onToggle, onTry }: { tool: ToolInfo; open: boolean; onToggle: (name: string) => void; onTry: (tool: ToolInfo) => void }) {
  const readOnly = tool.annotations?.readOnlyHint === true;
  const destructive = tool.annotations?.destructiveHint === true;
  return (
    <div className="item tool-item" data-tool={tool.name}>
      <div className="item-head">
        <button type="button" className="item-toggle" aria-expanded={open} onClick={() => onToggle(tool.name)} aria-label={`${open ? 'Hide' : 'Show'} the input schema of ${tool.name}`}>
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
        </button>
        <div className="item-text">
          <div className="item-name">
            <code>{tool.name}</code>
            {tool.title && tool.title !== tool.name && <span className="item-title">{tool.title}</span>}
            {readOnly && <Tag>read-only</Tag>}
            {destructive && <Tag>destructive</Tag>}
          </div>
          {tool.description && <div className="item-desc">{tool.description}</div>}
        </div>
        <Button size="sm" icon="play" onClick={() => onTry(tool)} aria-label={`Try ${tool.name}`}>
          Try it
        </Button>
      </div>
      {open && (
        <pre className="schema" tabIndex={0} aria-label={`Input schema of ${tool.name}`}>
          {JSON.stringify(tool.inputSchema, null, 2)}
        </pre>
      )}
    </div>
  );
});
