import { useMemo, useState } from 'react';
import type { PlaygroundProviderView } from '../../../../shared/api';
import type { ApprovalMode } from '../../../../shared/playground';
import { errorText } from '../../api/client';
import { useResource } from '../../api/hooks';
import type { Resource } from '../../api/hooks';
import { playgroundApi } from '../../api/playgroundApi';
import { Icon } from '../../components/Icon';
import { Alert, Button, Field, Select, TextArea, TextInput } from '../../components/ui';
import { plural } from '../../lib/format';
import { selectedToolCount, toggleServer, toggleTool } from '../../lib/toolSelection';
import type { SelectionState } from '../../lib/toolSelection';
import type { ToolSource } from './toolSources';

export interface ChatSettingsState {
  providerId?: string;
  model: string;
  system: string;
  /** Undefined = the provider's default. */
  temperature?: number;
  approval: ApprovalMode;
  selection: SelectionState;
}

interface Props {
  value: ChatSettingsState;
  onChange: (value: ChatSettingsState) => void;
  providers: Resource<PlaygroundProviderView[]>;
  sources: Resource<ToolSource[]>;
  onManageProviders: () => void;
  disabled?: boolean;
}

export function ChatSettings({ value, onChange, providers, sources, onManageProviders, disabled }: Props) {
  const provider = providers.data?.find((item) => item.id === value.providerId);
  const models = useResource((signal) => (value.providerId ? playgroundApi.models(value.providerId, signal) : Promise.resolve([])), `models:${value.providerId ?? ''}`);
  const toolsOf = useMemo(() => {
    const map = new Map((sources.data ?? []).map((source) => [source.name, source.tools.map((tool) => tool.name)]));
    return (server: string): string[] => map.get(server) ?? [];
  }, [sources.data]);
  const count = selectedToolCount(value.selection, toolsOf);

  return (
    <div className="chat-settings" aria-label="Chat settings">
      <Field label="Provider">
        {(id) => (
          <div className="input-with-button">
            <Select id={id} value={value.providerId ?? ''} disabled={disabled} onChange={(event) => onChange({ ...value, providerId: event.target.value || undefined, model: '' })}>
              {(providers.data ?? []).length === 0 && <option value="">No provider yet</option>}
              {(providers.data ?? []).map((item) => (
                <option key={item.id} value={item.id}>
                  {item.label ?? item.id}
                </option>
              ))}
            </Select>
            <Button onClick={onManageProviders} aria-label="Manage providers" title="Add, edit or remove providers" icon="settings" />
          </div>
        )}
      </Field>
      <Field
        label="Model"
        hint={
          models.error !== undefined ? (
            <span className="field-warn">Could not list models ({errorText(models.error)}). Type a model name.</span>
          ) : models.data && models.data.length > 0 ? (
            `${plural(models.data.length, 'model')} available`
          ) : undefined
        }
      >
        {(id, describedBy) => (
          <>
            <TextInput id={id} aria-describedby={describedBy} className="mono" list="playground-models" disabled={disabled || !provider} value={value.model} placeholder={provider?.defaultModel ?? 'model name'} onChange={(event) => onChange({ ...value, model: event.target.value })} />
            <datalist id="playground-models">
              {(models.data ?? []).map((model) => (
                <option key={model.id} value={model.id}>
                  {model.label ?? model.id}
                </option>
              ))}
            </datalist>
          </>
        )}
      </Field>
      <div className="settings-block">
        <div className="settings-head">
          <span className="field-label">Tools</span>
          <span className="muted toolbar-note">{plural(count, 'tool')} offered</span>
        </div>
        {sources.loading && !sources.data && <div className="muted">Loading servers…</div>}
        {sources.error !== undefined && <Alert tone="danger">{errorText(sources.error)}</Alert>}
        {sources.data && sources.data.length === 0 && <div className="muted">No enabled servers. Add one to let the model call tools.</div>}
        <ul className="source-list">
          {(sources.data ?? []).map((source) => (
            <SourceRow key={source.name} source={source} selection={value.selection} disabled={disabled} onChange={(selection) => onChange({ ...value, selection })} />
          ))}
        </ul>
      </div>
      <Field label="System prompt" optional>
        {(id) => <TextArea id={id} rows={3} value={value.system} disabled={disabled} placeholder="You are a helpful assistant." onChange={(event) => onChange({ ...value, system: event.target.value })} />}
      </Field>
      <Field label={`Temperature${value.temperature === undefined ? ' (provider default)' : `: ${value.temperature.toFixed(1)}`}`} optional>
        {(id) => (
          <div className="range-row">
            <input id={id} type="range" min={0} max={2} step={0.1} value={value.temperature ?? 1} disabled={disabled} onChange={(event) => onChange({ ...value, temperature: Number(event.target.value) })} />
            {value.temperature !== undefined && (
              <Button size="sm" variant="ghost" onClick={() => onChange({ ...value, temperature: undefined })}>
                Default
              </Button>
            )}
          </div>
        )}
      </Field>
      <div className="settings-block">
        <span className="field-label">Run tool calls</span>
        <div className="segmented" role="radiogroup" aria-label="Approval">
          {(
            [
              ['auto', 'Automatically'],
              ['ask', 'Ask me first'],
            ] as const
          ).map(([id, label]) => (
            <button key={id} type="button" role="radio" aria-checked={value.approval === id} className="segment" disabled={disabled} onClick={() => onChange({ ...value, approval: id })}>
              {label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}

function SourceRow({ source, selection, onChange, disabled }: { source: ToolSource; selection: SelectionState; onChange: (selection: SelectionState) => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const on = selection.servers.includes(source.name);
  const all = source.tools.map((tool) => tool.name);
  const only = selection.only[source.name];
  const chosen = only ?? all;
  return (
    <li className="source-row" data-source={source.name}>
      <div className="source-head">
        <label className="checkbox-label">
          <input type="checkbox" checked={on} disabled={disabled} onChange={(event) => onChange(toggleServer(selection, source.name, event.target.checked))} aria-label={`Offer the tools of ${source.name}`} />
          {source.kind === 'bundle' && <Icon name="layers" size={13} />}
          <span className="source-name">{source.name}</span>
        </label>
        <span className="muted source-count">{on && only ? `${only.length}/${all.length}` : source.note && all.length === 0 ? source.note : all.length}</span>
        {all.length > 0 && (
          <button type="button" className="item-toggle" aria-expanded={open} aria-label={`Choose tools of ${source.name}`} onClick={() => setOpen(!open)}>
            <Icon name={open ? 'chevronDown' : 'chevronRight'} size={13} />
          </button>
        )}
      </div>
      {open && (
        <ul className="source-tools">
          {source.tools.map((tool) => (
            <li key={tool.name}>
              <label className="checkbox-label" title={tool.description}>
                <input type="checkbox" disabled={disabled} checked={on && chosen.includes(tool.name)} onChange={(event) => onChange(toggleTool(selection, source.name, tool.name, event.target.checked, all))} />
                <code>{tool.name}</code>
              </label>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
