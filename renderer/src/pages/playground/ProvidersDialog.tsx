import { useState } from 'react';
import type { PlaygroundProviderInput, PlaygroundProviderPreset, PlaygroundProviderView } from '../../../../shared/api';
import { PROVIDER_ID_PATTERN } from '../../../../shared/api';
import { errorText } from '../../api/client';
import { useAction, useResource } from '../../api/hooks';
import type { Resource } from '../../api/hooks';
import { playgroundApi } from '../../api/playgroundApi';
import { Dialog } from '../../components/Dialog';
import { Alert, Button, EmptyState, Field, Select, Tag, TextInput } from '../../components/ui';

interface Draft {
  existing: boolean;
  id: string;
  label: string;
  kind: 'openai' | 'anthropic';
  baseUrl: string;
  defaultModel: string;
  apiKey: string;
  clearKey: boolean;
  hasKey: boolean;
}

const blank: Draft = { existing: false, id: '', label: '', kind: 'openai', baseUrl: '', defaultModel: '', apiKey: '', clearKey: false, hasKey: false };

function fromView(view: PlaygroundProviderView): Draft {
  return { existing: true, id: view.id, label: view.label ?? '', kind: view.kind, baseUrl: view.baseUrl, defaultModel: view.defaultModel ?? '', apiKey: '', clearKey: false, hasKey: view.hasKey };
}

/** Add, change and remove LLM providers. Keys go to the hub's secret store and never come back. */
export function ProvidersDialog({ providers, onClose, startWith }: { providers: Resource<PlaygroundProviderView[]>; onClose: () => void; startWith?: 'new' }) {
  const presets = useResource((signal) => playgroundApi.presets(signal), 'provider-presets');
  const [draft, setDraft] = useState<Draft | undefined>(startWith === 'new' || providers.data?.length === 0 ? blank : undefined);
  const [problem, setProblem] = useState<string | undefined>();
  const save = useAction((input: PlaygroundProviderInput) => playgroundApi.saveProvider(input));
  const remove = useAction((id: string) => playgroundApi.removeProvider(id));

  const applyPreset = (preset: PlaygroundProviderPreset): void =>
    setDraft((current) => ({ ...(current ?? blank), id: current?.existing ? current.id : preset.id, label: preset.label, kind: preset.kind, baseUrl: preset.baseUrl }));

  const submit = (): void => {
    if (!draft) return onClose();
    if (!PROVIDER_ID_PATTERN.test(draft.id)) return setProblem('Give the provider an id: lowercase letters, digits, ".", "_" or "-" (e.g. "openai").');
    if (!/^https?:\/\/\S+$/i.test(draft.baseUrl.trim())) return setProblem('Enter the API base URL, e.g. https://api.openai.com/v1.');
    setProblem(undefined);
    const input: PlaygroundProviderInput = {
      id: draft.id,
      kind: draft.kind,
      baseUrl: draft.baseUrl.trim(),
      ...(draft.label.trim() ? { label: draft.label.trim() } : {}),
      ...(draft.defaultModel.trim() ? { defaultModel: draft.defaultModel.trim() } : {}),
      ...(draft.apiKey.trim() ? { apiKey: draft.apiKey.trim() } : {}),
      ...(draft.clearKey && !draft.apiKey.trim() ? { clearKey: true } : {}),
    };
    void save.run(input).then((saved) => {
      if (!saved) return;
      providers.reload();
      setDraft(undefined);
    });
  };

  return (
    <Dialog open title={draft ? (draft.existing ? `Edit ${draft.id}` : 'Add a provider') : 'LLM providers'} onClose={draft && (providers.data?.length ?? 0) > 0 ? () => setDraft(undefined) : onClose} cancelLabel={draft && (providers.data?.length ?? 0) > 0 ? 'Back' : 'Close'} onSubmit={draft ? submit : undefined} submitLabel="Save provider" busy={save.pending} width={620}>
      {!draft && (
        <>
          {(providers.data ?? []).length === 0 ? (
            <EmptyState icon="chat" title="No providers yet">Add OpenAI, Anthropic, OpenRouter, or a local model server such as Ollama.</EmptyState>
          ) : (
            <ul className="provider-list">
              {(providers.data ?? []).map((provider) => (
                <li key={provider.id} className="provider-row" data-provider={provider.id}>
                  <div className="item-text">
                    <div className="item-name">
                      <span className="item-strong">{provider.label ?? provider.id}</span>
                      <Tag>{provider.kind === 'anthropic' ? 'Anthropic API' : 'OpenAI-compatible'}</Tag>
                      {provider.hasKey ? <Tag>key stored</Tag> : <Tag>no key</Tag>}
                    </div>
                    <code className="item-uri">{provider.baseUrl}</code>
                  </div>
                  <Button size="sm" variant="ghost" onClick={() => setDraft(fromView(provider))} aria-label={`Edit ${provider.id}`}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" icon="trash" busy={remove.pending} aria-label={`Remove ${provider.id}`} onClick={() => void remove.run(provider.id).then(() => providers.reload())} />
                </li>
              ))}
            </ul>
          )}
          {remove.error !== undefined && <Alert tone="danger">{errorText(remove.error)}</Alert>}
          <Button icon="plus" onClick={() => setDraft(blank)}>
            Add a provider
          </Button>
        </>
      )}
      {draft && (
        <>
          {!draft.existing && presets.data && (
            <div className="chips" role="group" aria-label="Presets">
              {presets.data.map((preset) => (
                <button key={preset.id} type="button" className="chip" onClick={() => applyPreset(preset)}>
                  {preset.label}
                </button>
              ))}
            </div>
          )}
          <div className="form-grid">
            <Field label="Id" hint="Used in settings and the CLI.">
              {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} value={draft.id} readOnly={draft.existing} placeholder="openai" onChange={(event) => setDraft({ ...draft, id: event.target.value.toLowerCase() })} />}
            </Field>
            <Field label="Label" optional>
              {(id) => <TextInput id={id} value={draft.label} placeholder="OpenAI" onChange={(event) => setDraft({ ...draft, label: event.target.value })} />}
            </Field>
          </div>
          <Field label="API" hint="OpenAI-compatible covers OpenAI, OpenRouter, Ollama, LM Studio, vLLM and most others.">
            {(id, describedBy) => (
              <Select id={id} aria-describedby={describedBy} value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value as Draft['kind'] })}>
                <option value="openai">OpenAI-compatible (Chat Completions)</option>
                <option value="anthropic">Anthropic (Messages API)</option>
              </Select>
            )}
          </Field>
          <Field label="Base URL">
            {(id) => <TextInput id={id} className="mono" type="url" value={draft.baseUrl} placeholder="https://api.openai.com/v1" onChange={(event) => setDraft({ ...draft, baseUrl: event.target.value })} />}
          </Field>
          <div className="form-grid">
            <Field label="API key" optional hint={draft.hasKey ? 'A key is stored. Leave this empty to keep it.' : 'Stored in the secret store; never shown again.'}>
              {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="password" className="mono" value={draft.apiKey} placeholder={draft.hasKey ? '•••••••• (stored)' : 'sk-…'} onChange={(event) => setDraft({ ...draft, apiKey: event.target.value })} />}
            </Field>
            <Field label="Default model" optional>
              {(id) => <TextInput id={id} className="mono" value={draft.defaultModel} placeholder="gpt-4.1-mini" onChange={(event) => setDraft({ ...draft, defaultModel: event.target.value })} />}
            </Field>
          </div>
          {draft.hasKey && (
            <label className="checkbox-label">
              <input type="checkbox" checked={draft.clearKey} onChange={(event) => setDraft({ ...draft, clearKey: event.target.checked })} />
              Remove the stored key (for local servers that need none)
            </label>
          )}
          {(problem || save.error !== undefined) && <Alert tone="danger">{problem ?? errorText(save.error)}</Alert>}
        </>
      )}
    </Dialog>
  );
}
