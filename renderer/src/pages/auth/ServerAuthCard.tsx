// Server detail: how the hub authenticates to this server and whether the current user is
// connected; "Connect now" (OAuth sign-in in the browser, then polling until the hub has the
// token), "Revoke", and "My own key" for individual API keys. Nothing is shown for servers without auth.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { AuthStatusView, AuthView, ServerView } from '../../../../shared/api';
import { authApi, externalOpener } from '../../api/authApi';
import { errorText } from '../../api/client';
import { useAction, useResource } from '../../api/hooks';
import { useHub } from '../../api/hubData';
import { Alert, Button, Pill, Spinner, TextInput } from '../../components/ui';
import { AUTH_STATUS_LABEL, AUTH_STATUS_TONE } from '../../lib/authForm';
import { dateTime, relativeTime } from '../../lib/format';
import { useSearchParam } from '../../lib/router';

const FLOW_POLL_MS = 1000;

export function authSummary(auth: AuthView): string {
  switch (auth.type) {
    case 'none':
      return 'No authentication';
    case 'passthrough':
      return "Token passthrough: each caller's own JWT";
    case 'api-key':
      return auth.mode === 'shared' ? `Shared API key in ${auth.header}` : `Individual API keys in ${auth.header} (${auth.template})`;
    case 'oauth2':
      return auth.grant === 'client_credentials' ? `OAuth client credentials (${auth.clientId ?? 'client'})` : 'OAuth sign-in (authorization code + PKCE)';
  }
}

/** Whether the auth card offers the way out of "needs auth" (sign in, or the user's own key). */
export function hasAuthAction(auth: AuthView | undefined): boolean {
  return (auth?.type === 'oauth2' && auth.grant === 'authorization_code') || (auth?.type === 'api-key' && auth.mode === 'individual');
}

export function ServerAuthCard({ server }: { server: ServerView }) {
  const auth = server.auth;
  const { servers } = useHub();
  const status = useResource((signal) => authApi.status(server.name, undefined, signal), `auth:${server.name}:${server.updatedAt}`);
  const [flow, setFlow] = useState<{ state: string; url: string; blocked: boolean } | undefined>();
  const [flowError, setFlowError] = useState<string | undefined>();
  const cardRef = useRef<HTMLElement>(null);
  const focusConnect = useSearchParam('connect');
  const connect = useAction(async () => {
    const opener = externalOpener();
    try {
      const started = await authApi.connect(server.name);
      const opened = await opener.open(started.authorizationUrl);
      setFlow({ state: started.state, url: started.authorizationUrl, blocked: !opened });
      setFlowError(undefined);
      return started;
    } catch (error) {
      opener.cancel();
      throw error;
    }
  });
  const revoke = useAction(() => authApi.revoke(server.name));
  const { reload } = status;

  useEffect(() => {
    if (focusConnect !== null && status.data) cardRef.current?.querySelector<HTMLElement>('[data-connect]')?.focus();
  }, [focusConnect, status.data]);

  // While a sign-in is open in the browser: follow it until the hub got the tokens (or it failed).
  useEffect(() => {
    if (!flow) return undefined;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = (): void => {
      authApi.status(server.name, flow.state, controller.signal).then(
        (view) => {
          if (view.flow?.status === 'done' || (view.status === 'connected' && view.flow?.status !== 'failed')) {
            setFlow(undefined);
            reload();
            servers.reload();
            return;
          }
          if (view.flow?.status === 'failed') {
            setFlow(undefined);
            setFlowError(view.flow.message ?? 'The sign-in failed. Try again.');
            reload();
            return;
          }
          timer = setTimeout(poll, FLOW_POLL_MS);
        },
        () => {
          if (!controller.signal.aborted) timer = setTimeout(poll, FLOW_POLL_MS * 2);
        },
      );
    };
    timer = setTimeout(poll, FLOW_POLL_MS);
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [flow, server.name, reload, servers]);

  if (!auth || auth.type === 'none') return null;
  const view = status.data;
  const oauthCode = auth.type === 'oauth2' && auth.grant === 'authorization_code';
  const canRevoke = auth.type === 'oauth2' && view !== undefined && view.status !== 'needs-connect';
  const actionError = connect.error ?? revoke.error;

  return (
    <section ref={cardRef} className="card auth-card" aria-label="Authentication" data-testid="auth-card">
      <div className="card-head">
        <div className="auth-head">
          <h2 className="card-title">Authentication</h2>
          <span className="muted">{authSummary(auth)}</span>
        </div>
        {view && (
          <Pill tone={AUTH_STATUS_TONE[view.status]} title={view.message}>
            {auth.type === 'api-key' && auth.mode === 'shared' && view.status === 'connected' ? 'Key stored' : AUTH_STATUS_LABEL[view.status]}
          </Pill>
        )}
        {!view && status.loading && <Spinner label="Loading the auth status" />}
      </div>
      {status.error !== undefined && !view && (
        <Alert tone="danger" title="Could not load the auth status" action={<Button size="sm" onClick={status.reload}>Try again</Button>}>
          {errorText(status.error)}
        </Alert>
      )}
      {view && <StatusFacts view={view} auth={auth} />}
      {flow && (
        <Alert tone="info" title="Waiting for you to sign in…" action={<Button size="sm" variant="ghost" onClick={() => setFlow(undefined)}>Stop waiting</Button>}>
          {flow.blocked ? (
            <>
              The browser blocked the new tab.{' '}
              <a href={flow.url} target="_blank" rel="noreferrer noopener" data-testid="authorization-link">
                Open the sign-in page
              </a>{' '}
              and come back here.
            </>
          ) : (
            <>Finish signing in on the page that opened. This card updates when the hub has the token.</>
          )}
        </Alert>
      )}
      {flowError && <Alert tone="danger" title="Not connected">{flowError}</Alert>}
      {actionError !== undefined && <Alert tone="danger">{errorText(actionError)}</Alert>}
      {(oauthCode || canRevoke) && (
        <div className="button-row">
          {oauthCode && (
            <Button data-connect variant={view?.status === 'connected' ? 'secondary' : 'primary'} icon="external" busy={connect.pending || flow !== undefined} onClick={() => void connect.run()}>
              {view?.status === 'connected' ? 'Reconnect' : 'Connect now'}
            </Button>
          )}
          {canRevoke && (
            <Button variant="ghost" busy={revoke.pending} onClick={() => void revoke.run().then((done) => done !== undefined && (reload(), servers.reload()))}>
              Revoke
            </Button>
          )}
        </div>
      )}
      {auth.type === 'api-key' && auth.mode === 'individual' && view && <OverrideForm server={server.name} has={view.hasOverride === true} template={auth.template} onChanged={() => (reload(), servers.reload())} />}
    </section>
  );
}

/** What to do next, said for this screen (the API's message names the CLI command). */
function nextStep(view: AuthStatusView, auth: AuthView): string | undefined {
  if (view.status !== 'needs-connect') return view.message;
  if (auth.type === 'oauth2' && auth.grant === 'authorization_code') return `Sign in with your account at the server's provider, so the hub can use “${view.server}” for you.`;
  if (auth.type === 'api-key' && auth.mode === 'individual') return `Enter your own key for “${view.server}” below; until then its tools are not available to you.`;
  return view.message;
}

function StatusFacts({ view, auth }: { view: AuthStatusView; auth: AuthView }) {
  const message = nextStep(view, auth);
  const rows: Array<[string, string]> = [];
  if (view.expiresAt) rows.push(['Token expires', `${relativeTime(view.expiresAt)} (${dateTime(view.expiresAt)})`]);
  if (view.scopes?.length) rows.push(['Scopes', view.scopes.join(' ')]);
  return (
    <>
      {message && view.status !== 'connected' && <p className={`auth-message auth-message-${view.status}`}>{message}</p>}
      {rows.length > 0 && (
        <dl className="facts">
          {rows.map(([label, value]) => (
            <div className="fact" key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

function OverrideForm({ server, has, template, onChanged }: { server: string; has: boolean; template: string; onChanged: () => void }) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const save = useAction((text: string) => authApi.setOverride(server, text));
  const remove = useAction(() => authApi.deleteOverride(server));
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!value.trim()) return setProblem('Paste your key first.');
    setProblem(undefined);
    void save.run(value.trim()).then((done) => {
      if (done === undefined) return;
      setValue('');
      onChanged();
    });
  };
  return (
    <form className="override-form" onSubmit={submit} aria-label="My own key">
      <div className="override-head">
        <h3>My own key</h3>
        <Pill tone={has ? 'success' : 'warning'}>{has ? 'Set' : 'Not set'}</Pill>
      </div>
      <p className="muted">
        This server uses each user's own key, sent as <code>{template}</code>. Yours is stored in the secret store and never shown again{has ? '; enter a new one to replace it' : ''}.
      </p>
      <div className="override-row">
        <label className="sr-only" htmlFor={`override-${server}`}>
          Your key for {server}
        </label>
        <TextInput id={`override-${server}`} data-connect type="password" className="mono" value={value} placeholder={has ? '••••••••  (set; type to replace)' : 'your key'} onChange={(event) => setValue(event.target.value)} />
        <Button type="submit" variant="primary" busy={save.pending}>
          {has ? 'Replace key' : 'Save key'}
        </Button>
        {has && (
          <Button variant="ghost" busy={remove.pending} onClick={() => void remove.run().then((done) => done !== undefined && onChanged())}>
            Remove my key
          </Button>
        )}
      </div>
      {(problem ?? save.error ?? remove.error) !== undefined && <Alert tone="danger">{problem ?? errorText(save.error ?? remove.error)}</Alert>}
    </form>
  );
}
