import type { ReactNode } from 'react';
import type { CreateServerInput } from '../../../../shared/api';
import { ApiError, api, errorText } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useHub } from '../../api/hubData';
import { Alert, Button, Field, TextInput } from '../../components/ui';
import { navigate } from '../../lib/router';

/** Creates the server, refreshes the list and opens the new server's page. */
export function useCreateServer() {
  const { servers } = useHub();
  const action = useAction(async (input: CreateServerInput) => {
    const created = await api.createServer(input);
    servers.reload();
    navigate(`/servers/${encodeURIComponent(created.name)}`);
    return created;
  });
  const nameTaken = action.error instanceof ApiError && action.error.code === 'ALREADY_EXISTS';
  return { ...action, nameTaken };
}

export function NameFields({ name, onName, description, onDescription, nameError }: { name: string; onName: (value: string) => void; description: string; onDescription: (value: string) => void; nameError?: string }) {
  return (
    <div className="form-grid">
      <Field label="Name" error={nameError} hint={<>Lowercase letters, digits and hyphens. Clients reach it at <code>/mcp/{name || 'NAME'}</code>; its tools appear as <code>{name || 'NAME'}__tool</code>.</>}>
        {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} aria-invalid={nameError ? true : undefined} value={name} placeholder="my-server" onChange={(event) => onName(event.target.value.toLowerCase())} autoFocus />}
      </Field>
      <Field label="Description" optional>
        {(id) => <TextInput id={id} value={description} placeholder="What it is for" onChange={(event) => onDescription(event.target.value)} />}
      </Field>
    </div>
  );
}

export function FormSection({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="card form-section">
      <div className="card-head">
        <h2 className="card-title">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

export function SubmitBar({ pending, error, problem, enabled, onEnabled, label }: { pending: boolean; error: unknown; problem?: string; enabled: boolean; onEnabled: (value: boolean) => void; label: string }) {
  return (
    <div className="submit-bar">
      {(problem || error !== undefined) && (
        <Alert tone="danger" title="The server was not added">
          {problem ?? errorText(error)}
        </Alert>
      )}
      <div className="submit-row">
        <label className="checkbox-label">
          <input type="checkbox" checked={enabled} onChange={(event) => onEnabled(event.target.checked)} />
          Connect right away
        </label>
        <Button variant="ghost" onClick={() => navigate('/add')}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={pending}>
          {label}
        </Button>
      </div>
    </div>
  );
}
