import { useState } from 'react';
import type { CatalogAddResult } from '../../../../shared/api';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../../../../shared/types';
import { errorText } from '../../api/client';
import { useHub } from '../../api/hubData';
import { useAction } from '../../api/hooks';
import { importApi } from '../../api/importApi';
import { CatalogIcon } from '../../components/CatalogIcon';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { Alert, Field, TextInput } from '../../components/ui';
import { fillUrl, unfilledVariables } from '../../lib/catalog';
import type { CatalogEntry } from '../../lib/catalog';
import { Link, navigate } from '../../lib/router';

/** One click for a catalog entry: its variables and API key if it needs them, then `POST /api/servers/from-catalog`. */
export function CatalogAddDialog({ entry, taken, onClose }: { entry: CatalogEntry; taken: ReadonlySet<string>; onClose: () => void }) {
  const { servers } = useHub();
  const [name, setName] = useState(() => freeName(entry.id, taken));
  const [variables, setVariables] = useState<Record<string, string>>({});
  const [apiKey, setApiKey] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [problem, setProblem] = useState<string | undefined>();
  const [result, setResult] = useState<CatalogAddResult | undefined>();
  const add = useAction(importApi.catalogAdd);

  if (result) {
    return (
      <Dialog open title={`${entry.name} was added`} onClose={() => navigate(`/servers/${encodeURIComponent(result.server.name)}`)} width={560}>
        <Alert tone={result.nextSteps.length ? 'warning' : 'success'} title={result.nextSteps.length ? 'One more step' : 'Ready'}>
          {result.nextSteps.length ? (
            <ul className="missing-list" data-testid="next-steps">
              {result.nextSteps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ul>
          ) : (
            `${result.server.name} is connecting; its tools appear on its page.`
          )}
        </Alert>
      </Dialog>
    );
  }

  const submit = (): void => {
    if (!SERVER_NAME_PATTERN.test(name)) return setProblem(`"${name}" is not a valid name: ${SERVER_NAME_RULE}.`);
    const missing = unfilledVariables(entry.url, variables)[0];
    if (missing) {
      const variable = entry.variables?.find((item) => item.name === missing);
      return setProblem(`Fill in ${variable ? variable.description.toLowerCase() : missing} (e.g. ${variable?.example ?? '…'}).`);
    }
    if (entry.auth.type === 'api-key' && !apiKey.trim()) return setProblem(`Enter your ${entry.name} API key.`);
    setProblem(undefined);
    void add.run({ id: entry.id, name, variables, enabled, ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}) }).then((created) => {
      if (!created) return;
      servers.reload();
      if (created.nextSteps.length === 0) navigate(`/servers/${encodeURIComponent(created.server.name)}`);
      else setResult(created);
    });
  };

  return (
    <Dialog open title={`Add ${entry.name}`} submitLabel={`Add ${entry.name}`} busy={add.pending} onClose={onClose} onSubmit={submit} width={560}>
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
      <p className="muted dialog-lead">{entry.description}</p>
      <Field label="Name" hint={<>Clients reach it at <code>/mcp/{name || 'NAME'}</code>.</>}>
        {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} value={name} onChange={(event) => setName(event.target.value.toLowerCase())} />}
      </Field>
      {entry.variables?.map((variable) => (
        <Field key={variable.name} label={variable.description} hint={`e.g. ${variable.example}`}>
          {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} value={variables[variable.name] ?? ''} placeholder={variable.example} onChange={(event) => setVariables({ ...variables, [variable.name]: event.target.value })} />}
        </Field>
      ))}
      {entry.variables?.length ? (
        <p className="muted">
          Connects to <code>{fillUrl(entry.url, variables)}</code>
        </p>
      ) : (
        <p className="muted">
          Connects to <code data-testid="catalog-url">{entry.url}</code>
        </p>
      )}
      {entry.auth.type === 'api-key' && (
        <Field
          label="API key"
          hint={
            entry.auth.keyUrl ? (
              <a href={entry.auth.keyUrl} target="_blank" rel="noreferrer">
                Create a key <Icon name="external" size={12} />
              </a>
            ) : (
              'Stored in the secret store; never shown again.'
            )
          }
        >
          {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="password" className="mono" value={apiKey} onChange={(event) => setApiKey(event.target.value)} />}
        </Field>
      )}
      {entry.auth.type === 'oauth2' && (
        <Alert tone="info" title="Signs in with OAuth">
          {entry.name} asks you to sign in after it is added; the next step is shown then.
          {entry.auth.clientRegistration === 'preregistered' && ' It needs an OAuth app created at the vendor first.'}
        </Alert>
      )}
      <label className="checkbox-label">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
        Connect right away
      </label>
      <p className="muted">
        Need other headers or a different transport? <Link to={`/add/remote?catalog=${encodeURIComponent(entry.id)}`}>Use the full form</Link>.
      </p>
      {(problem || add.error !== undefined) && <Alert tone="danger">{problem ?? errorText(add.error)}</Alert>}
    </Dialog>
  );
}

function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let index = 2; ; index += 1) if (!taken.has(`${base}-${index}`)) return `${base}-${index}`;
}
