// Settings → External identities: the identity providers whose JWTs the hub accepts from clients
// (token passthrough). A JWT's user claim names the hub user it acts as.
import { useState } from 'react';
import type { IdentityView } from '../../../../shared/api';
import { accessApi } from '../../api/accessApi';
import { authApi } from '../../api/authApi';
import { errorText } from '../../api/client';
import { useAction, useResource } from '../../api/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Alert, Button, Field, Loading, TextInput } from '../../components/ui';

export function IdentitiesCard() {
  const identities = useResource((signal) => authApi.identities(signal), 'identities');
  const me = useResource((signal) => accessApi.me(signal), 'access:me');
  const owner = me.data?.owner === true;
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<IdentityView | undefined>();
  const remove = useAction((name: string) => authApi.removeIdentity(name));
  const list = identities.data ?? [];
  return (
    <section className="card" aria-label="External identities">
      <div className="card-head">
        <h2 className="card-title">External identities</h2>
        {owner && (
          <Button size="sm" icon="plus" onClick={() => setAdding(true)}>
            Add identity provider
          </Button>
        )}
      </div>
      <p className="muted form-note">
        Clients may reach the hub with a JWT from one of these providers instead of a hub token. The claim you name must equal a hub user's name; servers using token passthrough receive that JWT.
      </p>
      {identities.loading && !identities.data && <Loading label="Loading identities…" />}
      {identities.error !== undefined && (
        <Alert tone="danger" action={<Button size="sm" onClick={identities.reload}>Try again</Button>}>
          {errorText(identities.error)}
        </Alert>
      )}
      {identities.data && list.length === 0 && <p className="muted">None yet. Add one to use token passthrough.</p>}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="table identities-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Issuer</th>
                <th scope="col">Audience</th>
                <th scope="col">User claim</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((identity) => (
                <tr key={identity.id} data-identity={identity.name}>
                  <td className="strong">{identity.name}</td>
                  <td className="cell-wrap" title={`JWKS: ${identity.jwksUrl}`}>
                    <code>{identity.issuer}</code>
                  </td>
                  <td className="cell-wrap">
                    <code>{identity.audience}</code>
                  </td>
                  <td>
                    <code>{identity.userClaim}</code>
                  </td>
                  <td className="cell-actions">
                    {owner && (
                      <Button size="sm" variant="ghost" onClick={() => setRemoving(identity)} aria-label={`Remove identity ${identity.name}`}>
                        Remove
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && (
        <AddIdentityDialog
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            identities.reload();
          }}
        />
      )}
      <ConfirmDialog
        target={removing}
        title={`Remove ${removing?.name ?? ''}?`}
        submitLabel="Remove identity"
        action={remove}
        run={(identity) => remove.run(identity.name)}
        onDismiss={() => setRemoving(undefined)}
        onDone={identities.reload}
      >
        <p>JWTs from {removing?.issuer} are refused from now on.</p>
      </ConfirmDialog>
    </section>
  );
}

function AddIdentityDialog({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const [form, setForm] = useState({ name: '', issuer: '', jwksUrl: '', audience: '', userClaim: 'sub' });
  const [problem, setProblem] = useState<string | undefined>();
  const add = useAction(() => authApi.createIdentity({ ...form, name: form.name.trim(), issuer: form.issuer.trim(), jwksUrl: form.jwksUrl.trim(), audience: form.audience.trim(), userClaim: form.userClaim.trim() || 'sub' }));
  const field = (key: keyof typeof form, label: string, hint: string, placeholder?: string) => (
    <Field label={label} hint={hint}>
      {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className={key === 'name' ? undefined : 'mono'} value={form[key]} placeholder={placeholder} onChange={(event) => setForm({ ...form, [key]: key === 'name' ? event.target.value.toLowerCase() : event.target.value })} />}
    </Field>
  );
  return (
    <Dialog
      open
      title="Add an identity provider"
      submitLabel="Add identity"
      busy={add.pending}
      width={560}
      onClose={onClose}
      onSubmit={() => {
        const missing = (['name', 'issuer', 'jwksUrl', 'audience'] as const).find((key) => !form[key].trim());
        if (missing) return setProblem(`Fill in the ${{ name: 'name', issuer: 'issuer', jwksUrl: 'JWKS URL', audience: 'audience' }[missing]}.`);
        setProblem(undefined);
        void add.run().then((done) => done && onAdded());
      }}
    >
      {field('name', 'Name', 'Lowercase letters, digits and hyphens, e.g. company-sso.', 'company-sso')}
      {field('issuer', 'Issuer', 'The JWT "iss" claim, exactly.', 'https://login.example.com')}
      {field('jwksUrl', 'JWKS URL', 'Where the provider publishes its signing keys.', 'https://login.example.com/.well-known/jwks.json')}
      {field('audience', 'Audience', 'The JWT "aud" the hub requires.', 'patchbay')}
      {field('userClaim', 'User claim', 'The claim whose value is the hub user name (default sub).', 'sub')}
      {(problem ?? add.error) !== undefined && <Alert tone="danger">{problem ?? errorText(add.error)}</Alert>}
    </Dialog>
  );
}
