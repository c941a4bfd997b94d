import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { ValueRows } from '../../components/ValueRows';
import { Field, Page, TextInput } from '../../components/ui';
import { envIsSecret, nameProblem, rowsToValues, splitArgs, suggestName } from '../../lib/transportForm';
import type { ValueRow } from '../../lib/transportForm';
import { AddBack } from './AddServerPage';
import { FormSection, NameFields, SubmitBar, useCreateServer } from './formParts';

/** A server run on this machine: a command speaking MCP over stdin/stdout. */
export function StdioForm() {
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [description, setDescription] = useState('');
  const [command, setCommand] = useState('');
  const [args, setArgs] = useState('');
  const [cwd, setCwd] = useState('');
  const [rows, setRows] = useState<ValueRow[]>([]);
  const [enabled, setEnabled] = useState(true);
  const [problem, setProblem] = useState<string | undefined>();
  const create = useCreateServer();
  const parsedArgs = useMemo(() => splitArgs(args), [args]);

  const onCommandLine = (value: string): void => {
    setCommand(value);
    if (!nameTouched) setName(guessName(value, parsedArgs));
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const words = splitArgs(command);
    // A whole command line pasted into "Command": split it into command + arguments.
    const finalCommand = words[0] ?? '';
    const finalArgs = [...words.slice(1), ...parsedArgs];
    const bad = nameProblem(name) ?? (finalCommand ? undefined : 'Enter the command that starts the server, e.g. npx or node.');
    if (bad) return setProblem(bad);
    const env = rowsToValues(rows, 'env');
    if ('error' in env) return setProblem(env.error);
    setProblem(undefined);
    void create.run({ name, description: description.trim() || undefined, enabled, transport: { type: 'stdio', command: finalCommand, args: finalArgs, env: env.values, cwd: cwd.trim() || undefined } });
  };

  const nameError = create.nameTaken ? `A server named "${name}" already exists: pick another name.` : problem && nameProblem(name) ? nameProblem(name) : undefined;
  return (
    <Page title="Add a local server" subtitle="A command on this machine that speaks MCP over stdio. Patchbay starts it, restarts it if it crashes, and keeps its output." back={<AddBack />}>
      <form className="form" onSubmit={submit} noValidate>
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
        <FormSection title="Command">
          <div className="form-grid">
            <Field label="Command" hint="The program to run: npx, uvx, node, docker, or a full path.">
              {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className="mono" value={command} placeholder="npx" onChange={(event) => onCommandLine(event.target.value)} />}
            </Field>
            <Field label="Arguments" optional hint="Separated by spaces; quote an argument that contains spaces.">
              {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className="mono" value={args} placeholder="-y @modelcontextprotocol/server-memory" onChange={(event) => setArgs(event.target.value)} />}
            </Field>
          </div>
          {parsedArgs.length > 0 && (
            <div className="arg-preview" aria-label="Arguments as they will be passed">
              {parsedArgs.map((arg, index) => (
                <code key={index} className="arg">
                  {arg}
                </code>
              ))}
            </div>
          )}
          <Field label="Working directory" optional hint="Where the command runs. Defaults to the hub's data directory.">
            {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className="mono" value={cwd} placeholder="/home/me/project" onChange={(event) => setCwd(event.target.value)} />}
          </Field>
        </FormSection>
        <FormSection title="Environment variables">
          <p className="muted form-note">Passed to the command. Names like API_KEY or TOKEN are marked secret automatically; secret values go to the secret store.</p>
          <ValueRows rows={rows} onChange={setRows} kind="env" secretByDefault={envIsSecret} />
        </FormSection>
        <SubmitBar pending={create.pending} error={create.nameTaken ? undefined : create.error} problem={problem} enabled={enabled} onEnabled={setEnabled} label="Add server" />
      </form>
    </Page>
  );
}

/** "npx -y @scope/server-memory" -> "server-memory"; "node /x/y/index.js" -> "y". */
function guessName(command: string, args: string[]): string {
  const words = [...splitArgs(command), ...args].filter((word) => !word.startsWith('-'));
  const last = words[words.length - 1] ?? '';
  const parts = last.split(/[\\/]/).filter(Boolean);
  let base = parts[parts.length - 1] ?? '';
  if (/^(index|main|server)\.(m?js|py|ts)$/.test(base)) base = parts[parts.length - 2] === 'dist' ? (parts[parts.length - 3] ?? '') : (parts[parts.length - 2] ?? '');
  return suggestName(base.replace(/\.(m?js|py|ts)$/, '').replace(/^@[^/]+\//, ''));
}
