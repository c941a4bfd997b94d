// The "Authentication" card of the add-remote-server form: none, API key (shared or individual),
// OAuth2 (authorization code or client credentials) and token passthrough. The state lives in the
// form (lib/authForm.ts turns it into the API's AuthInput).
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { CatalogEntry } from '../../lib/catalog';
import type { AuthFormState, AuthKind } from '../../lib/authForm';
import { Alert, Button, Field, Select, TextInput } from '../ui';
import { Icon } from '../Icon';
import { Link } from '../../lib/router';

const KINDS: Array<{ id: AuthKind; label: string }> = [
  { id: 'none', label: 'None' },
  { id: 'api-key', label: 'API key' },
  { id: 'oauth2', label: 'OAuth' },
  { id: 'passthrough', label: 'Token passthrough' },
];

interface Props {
  state: AuthFormState;
  onChange: (state: AuthFormState) => void;
  entry?: CatalogEntry;
}

export function AuthSection({ state, onChange, entry }: Props) {
  const set = <K extends keyof AuthFormState>(key: K, value: AuthFormState[K]): void => onChange({ ...state, [key]: value });
  return (
    <>
      <Segmented label="Authentication" value={state.kind} options={KINDS} onChange={(kind) => set('kind', kind)} />
      {state.kind === 'none' && <p className="muted form-note">The hub sends no credentials. Add headers below if the server needs something else.</p>}
      {state.kind === 'api-key' && <ApiKeyFields state={state} set={set} entry={entry} />}
      {state.kind === 'oauth2' && <OAuthFields state={state} set={set} entry={entry} />}
      {state.kind === 'passthrough' && (
        <Alert tone="info" title="Each caller's own token goes upstream">
          Clients that reach the hub with a JWT from a trusted identity provider have that JWT forwarded to this server unchanged; other callers cannot use it. Set up the providers under{' '}
          <Link to="/settings">Settings → External identities</Link>.
        </Alert>
      )}
    </>
  );
}

type Setter = <K extends keyof AuthFormState>(key: K, value: AuthFormState[K]) => void;

function ApiKeyFields({ state, set, entry }: { state: AuthFormState; set: Setter; entry?: CatalogEntry }) {
  const catalogTemplate = entry?.auth.type === 'api-key' ? entry.auth.template : undefined;
  const keyUrl = entry?.auth.type === 'api-key' ? entry.auth.keyUrl : undefined;
  return (
    <>
      <Segmented
        label="Whose key"
        small
        value={state.keyMode}
        options={[
          { id: 'shared', label: 'Shared: one key for everyone' },
          { id: 'individual', label: 'Individual: each user brings their own' },
        ]}
        onChange={(mode) => set('keyMode', mode)}
      />
      <div className="form-grid">
        <Field label="Header" hint={state.keyMode === 'shared' && catalogTemplate ? `Sent as ${state.keyHeader}: ${catalogTemplate.replace(/\{\{\s*API_KEY\s*\}\}/, '<key>')}` : 'Usually Authorization or X-Api-Key.'}>
          {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className="mono" value={state.keyHeader} onChange={(event) => set('keyHeader', event.target.value)} />}
        </Field>
        {state.keyMode === 'shared' ? (
          <Field
            label={catalogTemplate ? 'API key' : 'Header value'}
            hint={
              <>
                Stored in the secret store, never shown again. Or <code>secret:NAME</code> for a secret saved with <code>patchbay secret set</code>.
                {keyUrl && (
                  <>
                    {' '}
                    <a href={keyUrl} target="_blank" rel="noreferrer">
                      Create a key <Icon name="external" size={12} />
                    </a>
                  </>
                )}
              </>
            }
          >
            {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="password" className="mono" value={state.keyValue} placeholder={catalogTemplate ? 'your key' : 'Bearer sk-…'} onChange={(event) => set('keyValue', event.target.value)} />}
          </Field>
        ) : (
          <Field label="Value template" hint={<>Each user's key replaces <code>{'{{API_KEY}}'}</code>. They set it on the server's page (“My own key”).</>}>
            {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className="mono" value={state.keyTemplate} placeholder="Bearer {{API_KEY}}" onChange={(event) => set('keyTemplate', event.target.value)} />}
          </Field>
        )}
      </div>
    </>
  );
}

function OAuthFields({ state, set, entry }: { state: AuthFormState; set: Setter; entry?: CatalogEntry }) {
  const preregistered = entry?.auth.type === 'oauth2' && entry.auth.clientRegistration === 'preregistered';
  const setupUrl = entry?.auth.type === 'oauth2' ? entry.auth.clientSetupUrl : undefined;
  const [advanced, setAdvanced] = useState(preregistered);
  const code = state.grant === 'authorization_code';
  const text = (key: 'authorizationUrl' | 'tokenUrl' | 'registrationUrl' | 'clientId' | 'scopes' | 'codeChallengeMethods', label: string, hint: ReactNode, placeholder?: string, optional = true) => (
    <Field label={label} hint={hint} optional={optional}>
      {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className="mono" value={state[key]} placeholder={placeholder} onChange={(event) => set(key, event.target.value)} />}
    </Field>
  );
  const secret = (
    <Field label="Client secret" optional={code} hint={<>Stored in the secret store. Or <code>secret:NAME</code>.</>}>
      {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="password" className="mono" value={state.clientSecret} onChange={(event) => set('clientSecret', event.target.value)} />}
    </Field>
  );
  return (
    <>
      <Segmented
        label="OAuth grant"
        small
        value={state.grant}
        options={[
          { id: 'authorization_code', label: 'Sign in (authorization code)' },
          { id: 'client_credentials', label: 'Client credentials (service)' },
        ]}
        onChange={(grant) => set('grant', grant)}
      />
      {code ? (
        <>
          <p className="muted form-note">
            Each user signs in once in the browser (PKCE). Everything below is optional: Patchbay discovers the endpoints from the server and registers itself as a client when the server allows it.
            {preregistered && setupUrl && (
              <>
                {' '}
                This provider needs a client created by hand first:{' '}
                <a href={setupUrl} target="_blank" rel="noreferrer">
                  create one <Icon name="external" size={12} />
                </a>
                .
              </>
            )}
          </p>
          {text('scopes', 'Scopes', 'Separated by spaces, e.g. repo read:user. Empty: what the server asks for.', 'repo read:user')}
          <Button size="sm" variant="ghost" icon={advanced ? 'chevronDown' : 'chevronRight'} aria-expanded={advanced} onClick={() => setAdvanced(!advanced)} className="auth-advanced-toggle">
            Endpoints and client
          </Button>
          {advanced && (
            <div className="form-grid">
              {text('authorizationUrl', 'Authorization URL', 'Where users sign in.', 'https://auth.example.com/authorize')}
              {text('tokenUrl', 'Token URL', 'Where codes become tokens.', 'https://auth.example.com/token')}
              {text('registrationUrl', 'Registration URL', 'Dynamic client registration (RFC 7591).', 'https://auth.example.com/register')}
              {text('clientId', 'Client ID', 'Leave empty to register automatically.')}
              {secret}
              {text('codeChallengeMethods', 'Code challenge methods', 'Must include S256.', 'S256')}
              <Field label="JWT source" hint="What goes upstream as the bearer token.">
                {(id, describedBy) => (
                  <Select id={id} aria-describedby={describedBy} value={state.jwtSource} onChange={(event) => set('jwtSource', event.target.value as AuthFormState['jwtSource'])}>
                    <option value="access_token">Access token</option>
                    <option value="id_token">ID token</option>
                  </Select>
                )}
              </Field>
            </div>
          )}
        </>
      ) : (
        <>
          <p className="muted form-note">The hub gets tokens with its own client ID and secret, the same for every user; no one signs in.</p>
          <div className="form-grid">
            {text('tokenUrl', 'Token URL', 'Empty: discovered from the server.', 'https://auth.example.com/token')}
            {text('clientId', 'Client ID', 'From the authorization server.', undefined, false)}
            {secret}
            <Field label="Client authentication" hint="How the secret is sent to the token endpoint.">
              {(id, describedBy) => (
                <Select id={id} aria-describedby={describedBy} value={state.clientAuth} onChange={(event) => set('clientAuth', event.target.value as AuthFormState['clientAuth'])}>
                  <option value="basic">HTTP Basic (client_secret_basic)</option>
                  <option value="post">In the body (client_secret_post)</option>
                </Select>
              )}
            </Field>
            {text('scopes', 'Scopes', 'Separated by spaces.')}
          </div>
        </>
      )}
    </>
  );
}

function Segmented<T extends string>({ label, value, options, onChange, small }: { label: string; value: T; options: Array<{ id: T; label: string }>; onChange: (value: T) => void; small?: boolean }) {
  // Radio group semantics: arrow keys move the choice, as with native radios.
  const move = (step: number): void => {
    const index = options.findIndex((option) => option.id === value);
    const next = options[(index + step + options.length) % options.length];
    if (next) onChange(next.id);
  };
  return (
    <div
      className={`segmented ${small ? 'segmented-sm' : ''}`}
      role="radiogroup"
      aria-label={label}
      onKeyDown={(event) => {
        if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
        event.preventDefault();
        const group = event.currentTarget;
        move(event.key === 'ArrowRight' ? 1 : -1);
        requestAnimationFrame(() => (group.querySelector('[aria-checked="true"]') as HTMLElement | null)?.focus());
      }}
    >
      {options.map((option) => (
        <button key={option.id} type="button" role="radio" aria-checked={value === option.id} tabIndex={value === option.id ? 0 : -1} className="segment" onClick={() => onChange(option.id)}>
          {option.label}
        </button>
      ))}
    </div>
  );
}
