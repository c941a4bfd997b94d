import { useMemo, useState } from 'react';
import type { InputValue, ServerView, TransportInput, UpdateServerInput, ValueView } from '../../../../shared/api';
import { errorText } from '../../api/client';
import { api } from '../../api/client';
import { useAction } from '../../api/hooks';
import { Dialog } from '../../components/Dialog';
import { ValueRows } from '../../components/ValueRows';
import { Alert, Field, Select, TextInput } from '../../components/ui';
import { envIsSecret, headerIsSecret, newRow, rowsToValues, splitArgs, urlProblem } from '../../lib/transportForm';
import type { ValueRow } from '../../lib/transportForm';

type Editable = Extract<ServerView['transport'], { type: 'stdio' | 'http' }>;

/**
 * Edits a server's description and connection. Stored secrets are never sent back, so the form
 * sends `{ keep: true }` for those left blank (the hub keeps what it has) and the new value for
 * those the user retypes.
 */
export function EditServerDialog({ server, onClose, onSaved }: { server: ServerView & { transport: Editable }; onClose: () => void; onSaved: () => void }) {
  const transport = server.transport;
  const values: Record<string, ValueView> = transport.type === 'stdio' ? transport.env : transport.headers;
  const kind = transport.type === 'stdio' ? 'env' : 'header';
  const initialRows = useMemo(() => Object.entries(values).flatMap(([name, view]) => ('value' in view ? [newRow({ name, value: view.value, secret: false })] : [])), [values]);
  const stored = Object.entries(values).filter((entry): entry is [string, { secret: true; ref?: string }] => 'secret' in entry[1]);
  const [description, setDescription] = useState(server.description ?? '');
  const [url, setUrl] = useState(transport.type === 'http' ? transport.url : '');
  const [mode, setMode] = useState(transport.type === 'http' ? transport.mode : 'auto');
  const [command, setCommand] = useState(transport.type === 'stdio' ? transport.command : '');
  const [args, setArgs] = useState(transport.type === 'stdio' ? transport.args.map(quote).join(' ') : '');
  const [cwd, setCwd] = useState(transport.type === 'stdio' ? (transport.cwd ?? '') : '');
  const [rows, setRows] = useState<ValueRow[]>(initialRows);
  const [reentered, setReentered] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | undefined>();
  const save = useAction((input: UpdateServerInput) => api.updateServer(server.name, input));

  const connectionChanged = (): boolean => {
    if (Object.values(reentered).some((value) => value !== '')) return true;
    if (JSON.stringify(rows.map((row) => [row.name, row.value, row.secret])) !== JSON.stringify(initialRows.map((row) => [row.name, row.value, row.secret]))) return true;
    if (transport.type === 'http') return url.trim() !== transport.url || mode !== transport.mode;
    return command.trim() !== transport.command || JSON.stringify(splitArgs(args)) !== JSON.stringify(transport.args) || cwd.trim() !== (transport.cwd ?? '');
  };

  const submit = (): void => {
    const input: UpdateServerInput = {};
    if (description.trim() !== (server.description ?? '')) input.description = description.trim();
    if (connectionChanged()) {
      const plain = rowsToValues(rows, kind);
      if ('error' in plain) return setProblem(plain.error);
      const all: Record<string, InputValue> = { ...plain.values };
      for (const [name, view] of stored) {
        if (name in all) continue; // replaced by a row of the same name
        const typed = reentered[name] ?? '';
        if (typed) all[name] = { value: typed, secret: true };
        else if (view.ref) all[name] = { secretRef: view.ref };
        else all[name] = { keep: true };
      }
      let next: TransportInput;
      if (transport.type === 'http') {
        const bad = urlProblem(url);
        if (bad) return setProblem(bad);
        next = { type: 'http', url: url.trim(), mode, headers: all };
      } else {
        const words = splitArgs(command);
        if (!words[0]) return setProblem('Enter the command that starts the server, e.g. npx or node.');
        next = { type: 'stdio', command: words[0], args: [...words.slice(1), ...splitArgs(args)], env: all, ...(cwd.trim() ? { cwd: cwd.trim() } : {}) };
      }
      input.transport = next;
    }
    if (Object.keys(input).length === 0) return onClose();
    setProblem(undefined);
    void save.run(input).then((result) => {
      if (!result) return;
      onSaved();
      onClose();
    });
  };

  return (
    <Dialog open title={`Edit ${server.name}`} submitLabel="Save" busy={save.pending} onClose={onClose} onSubmit={submit} width={700}>
      <Field label="Description" optional>
        {(id) => <TextInput id={id} value={description} placeholder="What it is for" onChange={(event) => setDescription(event.target.value)} />}
      </Field>
      {transport.type === 'http' ? (
        <div className="form-grid">
          <Field label="URL">{(id) => <TextInput id={id} type="url" className="mono" value={url} onChange={(event) => setUrl(event.target.value)} />}</Field>
          <Field label="Transport">
            {(id) => (
              <Select id={id} value={mode} onChange={(event) => setMode(event.target.value as typeof mode)}>
                <option value="auto">Automatic</option>
                <option value="streamable-http">Streamable HTTP</option>
                <option value="sse">SSE (legacy)</option>
              </Select>
            )}
          </Field>
        </div>
      ) : (
        <>
          <div className="form-grid">
            <Field label="Command">{(id) => <TextInput id={id} className="mono" value={command} onChange={(event) => setCommand(event.target.value)} />}</Field>
            <Field label="Arguments" optional>
              {(id) => <TextInput id={id} className="mono" value={args} onChange={(event) => setArgs(event.target.value)} />}
            </Field>
          </div>
          <Field label="Working directory" optional>
            {(id) => <TextInput id={id} className="mono" value={cwd} onChange={(event) => setCwd(event.target.value)} />}
          </Field>
        </>
      )}
      <div className="field">
        <span className="field-label">{kind === 'header' ? 'Headers' : 'Environment variables'}</span>
        <ValueRows rows={rows} onChange={setRows} kind={kind} secretByDefault={kind === 'header' ? headerIsSecret : envIsSecret} />
      </div>
      {stored.length > 0 && (
        <div className="field stored-secrets">
          <span className="field-label">Stored secrets</span>
          <p className="muted form-note">Kept as they are. Type a new value to replace one.</p>
          {stored.map(([name, view]) => (
            <div key={name} className="stored-secret">
              <code>{name}</code>
              {view.ref ? (
                <span className="muted">uses the secret “{view.ref}”</span>
              ) : (
                <input className="input mono" type="password" aria-label={`New value for ${name}`} placeholder="•••••••• (stored; type to replace)" value={reentered[name] ?? ''} onChange={(event) => setReentered({ ...reentered, [name]: event.target.value })} />
              )}
            </div>
          ))}
        </div>
      )}
      {(problem || save.error !== undefined) && <Alert tone="danger">{problem ?? errorText(save.error)}</Alert>}
    </Dialog>
  );
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\])/g, '\\$1')}"`;
}
