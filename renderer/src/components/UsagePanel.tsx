// "How To Use" for one endpoint (a server or a virtual server): its URL, and ready-to-paste
// configuration for each client, as the hub's config writers would write it
// (`GET /api/clients/snippets?target=NAME`). A pasted token fills the `<token>` placeholders here
// only; nothing leaves the page. One-click setup lives on the Connect clients page.
import { useState } from 'react';
import type { ClientSnippet } from '../../../shared/api';
import { errorText } from '../api/client';
import { clientsApi } from '../api/clientsApi';
import { useHub } from '../api/hubData';
import { useResource } from '../api/hooks';
import { Link } from '../lib/router';
import { cursorInstallLink, TOKEN_PLACEHOLDER } from '../lib/snippets';
import { CodeBlock, CopyButton } from './CopyButton';
import { Icon } from './Icon';
import { Tabs } from './Tabs';
import { Alert, Field, Loading, TextInput } from './ui';

export function UsagePanel({ name, endpoint, enabled = true, kind }: { name: string; endpoint: string; enabled?: boolean; kind: 'server' | 'virtual server' }) {
  const { status } = useHub();
  const snippets = useResource((signal) => clientsApi.snippets(name, signal), `snippets:${name}`);
  const [client, setClient] = useState('cursor');
  const [token, setToken] = useState('');
  const aggregate = status.data?.endpoint;
  const list = snippets.data ?? [];
  const snippet = list.find((item) => item.client === client) ?? list[0];
  return (
    <div className="usage">
      {!enabled && <Alert tone="warning">This server is turned off: its endpoint answers only while it is enabled.</Alert>}
      <section className="card">
        <h2 className="card-title">Endpoints</h2>
        <div className="endpoint-row">
          <div>
            <div className="endpoint-label">This {kind} only</div>
            <code className="endpoint" data-testid="server-endpoint">
              {endpoint}
            </code>
          </div>
          <CopyButton text={endpoint} label="Copy URL" />
        </div>
        {aggregate && kind === 'server' && (
          <div className="endpoint-row">
            <div>
              <div className="endpoint-label">All enabled servers (tools prefixed with the server name, e.g. {name}__tool)</div>
              <code className="endpoint">{aggregate}</code>
            </div>
            <CopyButton text={aggregate} label="Copy URL" />
          </div>
        )}
        <p className="muted">
          Clients authenticate with a hub token in the <code>Authorization: Bearer</code> header. <Link to="/tokens">Create a token</Link> for each client, or let{' '}
          <Link to="/clients">Connect clients</Link> write the configuration (and a token) for you.
        </p>
      </section>
      <section className="card">
        <div className="card-head">
          <h2 className="card-title">Configure a client</h2>
          <a className="btn btn-primary btn-sm" href={cursorInstallLink(`patchbay-${name}`, endpoint, token)} data-testid="add-to-cursor">
            <Icon name="external" size={14} />
            <span>Add to Cursor</span>
          </a>
        </div>
        <Field label="Token" optional hint="Paste a token to put it into the snippets below; it stays in this page. Without one they show <token>.">
          {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="password" value={token} placeholder="pb_…" onChange={(event) => setToken(event.target.value)} />}
        </Field>
        {snippets.loading && !snippets.data && <Loading label="Loading client configurations…" />}
        {snippets.error !== undefined && <Alert tone="danger" title="Could not load the client configurations">{errorText(snippets.error)}</Alert>}
        {list.length > 0 && <Tabs tabs={list.map((item) => ({ id: item.client, label: item.displayName }))} active={snippet?.client ?? client} onChange={setClient} label="Client" />}
        {snippet && <SnippetPanel snippet={snippet} token={token} />}
      </section>
    </div>
  );
}

function SnippetPanel({ snippet, token }: { snippet: ClientSnippet; token: string }) {
  const fill = (text: string): string => (token.trim() ? text.split(TOKEN_PLACEHOLDER).join(token.trim()) : text);
  return (
    <div className="snippet" role="tabpanel" id={`panel-${snippet.client}`} aria-labelledby={`tab-${snippet.client}`}>
      <p className="muted">
        Add this to <code>{snippet.userPath}</code>
        {snippet.scopes.includes('project') ? ' (or the project file)' : ''}:
      </p>
      <CodeBlock code={fill(snippet.snippet)} copyLabel="Copy config" />
      {snippet.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
    </div>
  );
}
