import { memo, useCallback, useMemo, useState } from 'react';
import type { PlaygroundToolGroup } from '../../../../shared/api';
import { errorText } from '../../api/client';
import { useDebounced } from '../../api/hooks';
import type { Resource } from '../../api/hooks';
import { SearchInput } from '../../components/SearchInput';
import { Alert, Button, EmptyState, Loading, Select, Tag } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { decidingRule, isPattern } from '../../lib/bundleRules';
import type { Rule } from '../../lib/bundleRules';
import { plural } from '../../lib/format';

export interface PickerTool {
  key: string;
  server: string;
  name: string;
  description?: string;
}

type Show = 'all' | 'in' | 'out';

/** Every tool of every enabled server, with a box to put it in or out of the bundle. */
export function ToolPicker({ groups, rules, onToggle }: { groups: Resource<PlaygroundToolGroup[]>; rules: readonly Rule[]; onToggle: (server: string, tool: string, include: boolean) => void }) {
  const [query, setQuery] = useState('');
  const [server, setServer] = useState('all');
  const [show, setShow] = useState<Show>('all');
  const debounced = useDebounced(query, 120);
  const tools = useMemo<PickerTool[]>(() => (groups.data ?? []).flatMap((group) => group.tools.map((tool) => ({ key: `${group.server}/${tool.name}`, server: group.server, name: tool.name, description: tool.description }))), [groups.data]);
  const decided = useMemo(() => new Map(tools.map((tool) => [tool.key, decidingRule(rules, 'tool', tool.server, tool.name)])), [tools, rules]);
  const visible = useMemo(() => {
    const words = debounced.toLowerCase().split(/\s+/).filter(Boolean);
    return tools.filter((tool) => {
      if (server !== 'all' && tool.server !== server) return false;
      const included = decided.get(tool.key)?.action === 'include';
      if (show === 'in' && !included) return false;
      if (show === 'out' && included) return false;
      const haystack = `${tool.key} ${tool.description ?? ''}`.toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
  }, [tools, decided, debounced, server, show]);
  const inCount = useMemo(() => tools.filter((tool) => decided.get(tool.key)?.action === 'include').length, [tools, decided]);
  const notRunning = (groups.data ?? []).filter((group) => group.tools.length === 0 && group.status !== 'running');
  const render = useCallback((tool: PickerTool) => <PickerRow tool={tool} rule={decided.get(tool.key)} onToggle={onToggle} />, [decided, onToggle]);

  return (
    <section className="card bundle-picker" aria-label="Pick tools">
      <div className="card-head">
        <h2 className="card-title">Pick tools</h2>
        <span className="muted toolbar-note" aria-live="polite">
          {inCount} of {plural(tools.length, 'tool')} in
        </span>
      </div>
      <div className="toolbar">
        <SearchInput value={query} onChange={setQuery} placeholder="Search tools" label="Search tools to add" />
        <Select aria-label="Server" value={server} onChange={(event) => setServer(event.target.value)} className="picker-server">
          <option value="all">All servers</option>
          {(groups.data ?? []).map((group) => (
            <option key={group.server} value={group.server}>
              {group.server} ({group.tools.length})
            </option>
          ))}
        </Select>
        <div className="chips" role="radiogroup" aria-label="Show">
          {(
            [
              ['all', 'All'],
              ['in', 'In'],
              ['out', 'Out'],
            ] as const
          ).map(([id, label]) => (
            <button key={id} type="button" role="radio" aria-checked={show === id} className="chip" onClick={() => setShow(id)}>
              {label}
            </button>
          ))}
        </div>
      </div>
      {groups.loading && !groups.data && <Loading label="Loading the tools of your servers…" />}
      {groups.error !== undefined && <Alert tone="danger" title="Could not list the tools" action={<Button size="sm" onClick={groups.reload}>Try again</Button>}>{errorText(groups.error)}</Alert>}
      {notRunning.length > 0 && (
        <div className="muted picker-note">
          Not running, so their tools are not listed: {notRunning.map((group) => group.server).join(', ')}. Pattern rules still apply to them once they run.
        </div>
      )}
      {groups.data && tools.length === 0 && (
        <EmptyState icon="tool" title="No tools to pick">
          Enabled servers that are running list their tools here. Add or turn on a server first, or write a pattern rule below.
        </EmptyState>
      )}
      {tools.length > 0 && visible.length === 0 && (
        <EmptyState icon="search" title="No tools match" action={<Button size="sm" onClick={() => { setQuery(''); setServer('all'); setShow('all'); }}>Show all tools</Button>}>
          Nothing matches this search and filter.
        </EmptyState>
      )}
      {visible.length > 0 && <VirtualList className="item-list picker-list" items={visible} getKey={pickerKey} renderItem={render} estimateHeight={58} label="Tools to pick" />}
    </section>
  );
}

const pickerKey = (tool: PickerTool): string => tool.key;

const PickerRow = memo(function PickerRow({ tool, rule, onToggle }: { tool: PickerTool; rule: Rule | undefined; onToggle: (server: string, tool: string, include: boolean) => void }) {
  const included = rule?.action === 'include';
  const byPattern = rule && isPattern(rule.pattern);
  return (
    <label className={`picker-row ${included ? 'picker-row-in' : ''}`} data-pick={tool.key}>
      <input type="checkbox" checked={included} onChange={(event) => onToggle(tool.server, tool.name, event.target.checked)} aria-label={`Include ${tool.key}`} />
      <span className="item-text">
        <span className="item-name">
          <code>{tool.name}</code>
          <Tag>{tool.server}</Tag>
          {byPattern && <span className="picker-via" title="Decided by a pattern rule">{rule.action === 'include' ? 'in' : 'out'} via {rule.pattern}</span>}
          {rule?.as && <span className="picker-via">as {rule.as}</span>}
        </span>
        {tool.description && <span className="item-desc">{tool.description}</span>}
      </span>
    </label>
  );
});
