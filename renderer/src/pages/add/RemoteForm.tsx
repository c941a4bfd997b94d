import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { CreateServerInput, InputValue } from '../../../../shared/api';
import { CatalogIcon } from '../../components/CatalogIcon';
import { Icon } from '../../components/Icon';
import { ValueRows } from '../../components/ValueRows';
import { Alert, Field, Loading, Page, Select, TextInput } from '../../components/ui';
import { fillUrl, unfilledVariables } from '../../lib/catalog';
import type { CatalogEntry } from '../../lib/catalog';
import { headerIsSecret, nameProblem, rowsToValues, suggestName, urlProblem } from '../../lib/transportForm';
import type { ValueRow } from '../../lib/transportForm';
import { AddBack } from './AddServerPage';
import { FormSection, NameFields, SubmitBar, useCreateServer } from './formParts';
import { useCatalog } from './useCatalog';
// Upstream auth (ui3): the Authentication card and its state -> AuthInput.
import { AuthSection } from '../../components/auth/AuthSection';
import { buildAuthInput, initialAuthForm } from '../../lib/authForm';

type Mode = 'auto' | 'streamable-http' | 'sse';

export function RemoteForm({ catalogId }: { catalogId?: string }) {
  const catalog = useCatalog();
  if (!catalogId) return <RemoteFormBody />;
  if (!catalog.data) {
    return (
      <Page title="Add remote server" back={<AddBack to="/add/catalog" label="Catalog" />}>
        {catalog.error !== undefined ? <Alert tone="danger">The catalog could not be loaded; add the server by URL instead.</Alert> : <Loading label="Loading the catalog…" />}
      </Page>
    );
  }
  const entry = catalog.data.servers.find((item) => item.id === catalogId);
  if (!entry) return <RemoteFormBody notice={`The catalog has no server "${catalogId}". Fill in its URL yourself.`} />;
  return <RemoteFormBody entry={entry} />;
}

function RemoteFormBody({ entry, notice }: { entry?: CatalogEntry; notice?: string }) {
  const [name, setName] = useState(entry?.id ?? '');
  const [nameTouched, setNameTouched] = useState(Boolean(entry));
  const [description, setDescription] = useState(entry ? `${entry.name} (${entry.publisher})` : '');
  const [url, setUrl] = useState(entry?.url ?? '');
  const [variables, setVariables] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<Mode>(entry?.transport ?? 'auto');
  const [auth, setAuth] = useState(() => initialAuthForm(entry)); // ui3: upstream auth
  const [rows, setRows] = useState<ValueRow[]>([]);
  const [enabled, setEnabled] = useState(true);
  const [problem, setProblem] = useState<string | undefined>();
  const create = useCreateServer();

  const finalUrl = entry ? fillUrl(url, variables) : url.trim();
  const nameError = create.nameTaken ? `A server named "${name}" already exists: pick another name.` : problem && nameProblem(name) ? nameProblem(name) : undefined;
  const preview = useMemo(() => (entry?.variables?.length ? fillUrl(entry.url, variables) : undefined), [entry, variables]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const bad = nameProblem(name) ?? (entry ? missingVariables(entry, variables) : undefined) ?? urlProblem(finalUrl);
    if (bad) return setProblem(bad);
    const headers = rowsToValues(rows, 'header');
    if ('error' in headers) return setProblem(headers.error);
    const values: Record<string, InputValue> = { ...headers.values };
    const authInput = buildAuthInput(auth, entry?.auth.type === 'api-key' ? entry.auth.template : undefined); // ui3
    if ('error' in authInput) return setProblem(authInput.error);
    setProblem(undefined);
    const input: CreateServerInput = { name, description: description.trim() || undefined, enabled, transport: { type: 'http', url: finalUrl, headers: values, mode }, ...(authInput.auth && { auth: authInput.auth }) };
    void create.run(input);
  };

  return (
    <Page title={entry ? `Connect ${entry.name}` : 'Add a remote server'} subtitle={entry ? entry.description : 'Any MCP server reachable over Streamable HTTP or SSE.'} back={<AddBack to={entry ? '/add/catalog' : '/add'} label={entry ? 'Catalog' : 'Add MCP Server'} />}>
      <form className="form" onSubmit={submit} noValidate>
        {notice && <Alert tone="warning">{notice}</Alert>}
        {entry && (
          <div className="catalog-banner">
            <CatalogIcon icon={entry.icon} name={entry.name} size={36} />
            <div>
              <div className="catalog-name">{entry.name}</div>
              <div className="muted">
                by {entry.publisher} ·{' '}
                <a href={entry.docsUrl} target="_blank" rel="noreferrer">
                  documentation <Icon name="external" size={12} />
                </a>
              </div>
            </div>
          </div>
        )}
        <FormSection title="Server">
          <NameFields
            name={name}
            onName={(value) => {
              setName(value);
              setNameTouched(true);
            }}
            description={description}
            onDescription={setDescription}
            nameError={nameError}
          />
        </FormSection>
        <FormSection title="Connection">
          {entry?.variables?.map((variable) => (
            <Field key={variable.name} label={variable.description} hint={`e.g. ${variable.example}`}>
              {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} value={variables[variable.name] ?? ''} placeholder={variable.example} onChange={(event) => setVariables({ ...variables, [variable.name]: event.target.value })} />}
            </Field>
          ))}
          <Field label="URL" hint={preview ? <>Connects to <code>{preview}</code></> : 'The MCP endpoint, often ending in /mcp (or /sse for older servers).'}>
            {(id, describedBy) => (
              <TextInput
                id={id}
                aria-describedby={describedBy}
                type="url"
                value={url}
                readOnly={Boolean(entry)}
                placeholder="https://example.com/mcp"
                onChange={(event) => {
                  setUrl(event.target.value);
                  if (!nameTouched) setName(suggestFromUrl(event.target.value));
                }}
              />
            )}
          </Field>
          <Field label="Transport" hint="Automatic tries Streamable HTTP first and falls back to SSE for older servers.">
            {(id, describedBy) => (
              <Select id={id} aria-describedby={describedBy} value={mode} onChange={(event) => setMode(event.target.value as Mode)}>
                <option value="auto">Automatic</option>
                <option value="streamable-http">Streamable HTTP</option>
                <option value="sse">SSE (legacy)</option>
              </Select>
            )}
          </Field>
        </FormSection>
        <FormSection title="Authentication">
          <AuthSection state={auth} onChange={setAuth} entry={entry} />
        </FormSection>
        <FormSection title="Extra headers">
          <p className="muted form-note">Sent with every request to the server. Values marked secret go to the secret store.</p>
          <ValueRows rows={rows} onChange={setRows} kind="header" secretByDefault={headerIsSecret} />
        </FormSection>
        <SubmitBar pending={create.pending} error={create.nameTaken ? undefined : create.error} problem={problem} enabled={enabled} onEnabled={setEnabled} label={entry ? `Add ${entry.name}` : 'Add server'} />
      </form>
    </Page>
  );
}

function missingVariables(entry: CatalogEntry, values: Record<string, string>): string | undefined {
  const missing = unfilledVariables(entry.url, values);
  if (missing.length === 0) return undefined;
  const variable = entry.variables?.find((item) => item.name === missing[0]);
  return `Fill in ${variable ? variable.description.toLowerCase() : missing[0]} (e.g. ${variable?.example ?? '…'}).`;
}

function suggestFromUrl(url: string): string {
  try {
    const host = new URL(url).hostname.replace(/^(www|mcp|api)\./, '');
    return suggestName(host.split('.').slice(0, -1).join('-') || host);
  } catch {
    return '';
  }
}
