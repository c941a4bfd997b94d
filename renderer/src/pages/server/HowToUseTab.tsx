import { useState } from 'react';
import type { ServerDetail } from '../../../../shared/api';
import { useHub } from '../../api/hubData';
import { CodeBlock, CopyButton } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';
import { Tabs } from '../../components/Tabs';
import { Alert, Field, TextInput } from '../../components/ui';
import { Link } from '../../lib/router';
import { clientSnippets, cursorInstallLink } from '../../lib/snippets';
import type { ClientId } from '../../lib/snippets';

/** Endpoints and ready-to-paste client configuration for one server. */
export function HowToUseTab({ server }: { server: ServerDetail }) {
  const { status } = useHub();
  const [client, setClient] = useState<ClientId>('cursor');
  const [token, setToken] = useState('');
  const aggregate = status.data?.endpoint;
  const snippets = clientSnippets(server.name, server.endpoint, token);
  const snippet = snippets.find((item) => item.id === client) ?? snippets[0];
  return (
    <div className="usage">
      {!server.enabled && <Alert tone="warning">This server is turned off: its endpoint answers only while it is enabled.</Alert>}
      <section className="card">
        <h2 className="card-title">Endpoints</h2>
        <div className="endpoint-row">
          <div>
            <div className="endpoint-label">This server only</div>
            <code className="endpoint" data-testid="server-endpoint">{server.endpoint}</code>
          </div>
          <CopyButton text={server.endpoint} label="Copy URL" />
        </div>
        {aggregate && (
          <div className="endpoint-row">
            <div>
              <div className="endpoint-label">All enabled servers (tools prefixed with the server name, e.g. {server.name}__tool)</div>
              <code className="endpoint">{aggregate}</code>
            </div>
            <CopyButton text={aggregate} label="Copy URL" />
          </div>
        )}
        <p className="muted">
          Clients authenticate with a hub token in the <code>Authorization: Bearer</code> header. <Link to="/tokens">Create a token</Link> for each client.
        </p>
      </section>
      <section className="card">
        <div className="card-head">
          <h2 className="card-title">Configure a client</h2>
          <a className="btn btn-primary btn-sm" href={cursorInstallLink(server.name, server.endpoint, token)} data-testid="add-to-cursor">
            <Icon name="external" size={14} />
            <span>Add to Cursor</span>
          </a>
        </div>
        <Field label="Token" optional hint="Paste a token to put it into the snippets below; it stays in this page. Without one they show <token>.">
          {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="password" value={token} placeholder="pb_…" onChange={(event) => setToken(event.target.value)} />}
        </Field>
        <Tabs tabs={snippets.map((item) => ({ id: item.id, label: item.label }))} active={client} onChange={setClient} label="Client" />
        {snippet && (
          <div className="snippet" role="tabpanel" id={`panel-${snippet.id}`} aria-labelledby={`tab-${snippet.id}`}>
            <p className="muted">
              Add this to <code>{snippet.file}</code>:
            </p>
            <CodeBlock code={snippet.json} copyLabel="Copy config" />
            {snippet.command && (
              <>
                <p className="muted">Or run:</p>
                <CodeBlock code={snippet.command} copyLabel="Copy command" />
              </>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
