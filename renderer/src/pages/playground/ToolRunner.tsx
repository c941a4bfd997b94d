import { useMemo, useRef, useState } from 'react';
import type { PlaygroundCallResult } from '../../../../shared/api';
import { buildForm, formArguments, initialValues } from '../../../../shared/schemaForm';
import type { FormError } from '../../../../shared/schemaForm';
import { ApiError, errorText } from '../../api/client';
import { useResource } from '../../api/hooks';
import { playgroundApi } from '../../api/playgroundApi';
import { errorMap, ObjectFields } from '../../components/SchemaForm';
import { Alert, Button, EmptyState, Field, Kbd, Loading, Select, TextArea } from '../../components/ui';
import { cardResult } from '../../lib/chatModel';
import { plural } from '../../lib/format';
import { useSearchParam, navigate } from '../../lib/router';
import { formatDuration, ResultBody } from './ToolCardView';
import { loadToolSources } from './toolSources';
import type { ToolSource } from './toolSources';

/** Runs one tool with a form built from its input schema; no model needed. */
export function ToolRunner() {
  const sources = useResource(loadToolSources, 'tool-sources');
  const server = useSearchParam('server') ?? '';
  const tool = useSearchParam('tool') ?? '';
  const list = (sources.data ?? []).filter((source) => source.kind === 'server');
  const source = list.find((item) => item.name === server);
  const pick = (nextServer: string, nextTool: string): void => {
    const params = new URLSearchParams();
    if (nextServer) params.set('server', nextServer);
    if (nextTool) params.set('tool', nextTool);
    const query = params.toString();
    navigate(`/playground/run${query ? `?${query}` : ''}`, { replace: true });
  };
  const chosen = source?.tools.find((item) => item.name === tool);

  return (
    <div className="runner">
      <section className="card runner-pick">
        <div className="form-grid">
          <Field label="Server">
            {(id) => (
              <Select id={id} value={server} onChange={(event) => pick(event.target.value, '')}>
                <option value="">Choose a server…</option>
                {list.map((item) => (
                  <option key={item.name} value={item.name} disabled={item.tools.length === 0}>
                    {item.name} ({item.tools.length > 0 ? plural(item.tools.length, 'tool') : (item.note ?? 'no tools')})
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Tool">
            {(id) => (
              <Select id={id} value={tool} disabled={!source} onChange={(event) => pick(server, event.target.value)}>
                <option value="">{source ? 'Choose a tool…' : 'Choose a server first'}</option>
                {(source?.tools ?? []).map((item) => (
                  <option key={item.name} value={item.name}>
                    {item.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        {sources.loading && !sources.data && <Loading label="Loading servers and tools…" />}
        {sources.error !== undefined && <Alert tone="danger" action={<Button size="sm" onClick={sources.reload}>Try again</Button>}>{errorText(sources.error)}</Alert>}
        {sources.data && list.length === 0 && <EmptyState icon="servers" title="No enabled servers">Add a server (or turn one on) to run its tools here.</EmptyState>}
      </section>
      {source && chosen && <RunForm key={`${source.name}/${chosen.name}`} source={source} tool={chosen} />}
    </div>
  );
}

function RunForm({ source, tool }: { source: ToolSource; tool: ToolSource['tools'][number] }) {
  const form = useMemo(() => buildForm(tool.inputSchema), [tool.inputSchema]);
  const [values, setValues] = useState<Record<string, unknown>>(() => initialValues(form));
  const [mode, setMode] = useState<'form' | 'json'>(form.root.fields.length === 0 && form.root.additionalProperties ? 'json' : 'form');
  const [json, setJson] = useState('');
  const [checked, setChecked] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [result, setResult] = useState<PlaygroundCallResult | undefined>();
  const [callError, setCallError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);

  const toJson = (): void => {
    setJson(JSON.stringify(formArguments(form, values).value, null, 2));
    setMode('json');
  };
  const toForm = (): void => {
    try {
      const parsed = json.trim() ? (JSON.parse(json) as unknown) : {};
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return setProblem('The arguments must be a JSON object to edit them in the form.');
      setValues(parsed as Record<string, unknown>);
      setProblem(undefined);
      setMode('form');
    } catch (error) {
      setProblem(`Fix the JSON first: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const run = (): void => {
    let args: Record<string, unknown>;
    if (mode === 'json') {
      try {
        const parsed = json.trim() ? (JSON.parse(json) as unknown) : {};
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return setProblem('The arguments must be a JSON object, e.g. { "query": "hello" }.');
        args = parsed as Record<string, unknown>;
      } catch (error) {
        return setProblem(`The arguments are not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else {
      const built = formArguments(form, values);
      setChecked(true);
      if (built.errors.length > 0) return setProblem(undefined);
      args = built.value;
    }
    setProblem(undefined);
    setCallError(undefined);
    setResult(undefined);
    setRunning(true);
    const abort = new AbortController();
    controller.current = abort;
    playgroundApi
      .call({ server: source.name, tool: tool.name, arguments: args }, abort.signal)
      .then(setResult, (error: unknown) => setCallError(abort.signal.aborted ? new ApiError('CANCELLED', 'Cancelled: the call was stopped before it finished.', 0) : error))
      .finally(() => {
        setRunning(false);
        controller.current = undefined;
      });
  };
  // Once a run was refused, the errors follow the values as they are fixed.
  const errors = useMemo<FormError[]>(() => (checked && mode === 'form' ? formArguments(form, values).errors : []), [checked, mode, form, values]);
  const map = errorMap(errors);

  return (
    <section className="card runner-form" aria-label={`Run ${tool.name}`}>
      <div className="card-head">
        <h2 className="card-title">
          <code>{tool.name}</code> <span className="muted">on {source.name}</span>
        </h2>
        <div className="segmented" role="radiogroup" aria-label="Arguments editor">
          <button type="button" role="radio" className="segment" aria-checked={mode === 'form'} onClick={() => mode === 'json' && toForm()}>
            Form
          </button>
          <button type="button" role="radio" className="segment" aria-checked={mode === 'json'} onClick={() => mode === 'form' && toJson()}>
            JSON
          </button>
        </div>
      </div>
      {tool.description && <p className="muted runner-desc">{tool.description}</p>}
      <div
        className="runner-args"
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            run();
          }
        }}
      >
        {mode === 'form' ? (
          form.root.fields.length > 0 ? (
            <ObjectFields fields={form.root.fields} value={values} onChange={setValues} errors={map} />
          ) : (
            <p className="muted">This tool takes no arguments.</p>
          )
        ) : (
          <Field label="Arguments (JSON)">{(id) => <TextArea id={id} className="code-input" rows={8} value={json} onChange={(event) => setJson(event.target.value)} />}</Field>
        )}
      </div>
      {problem && <Alert tone="danger">{problem}</Alert>}
      {errors.length > 0 && <Alert tone="danger">{`${plural(errors.length, 'field')} need${errors.length === 1 ? 's' : ''} attention.`}</Alert>}
      <div className="runner-actions">
        <span className="muted composer-hint">
          <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> runs
        </span>
        {running ? (
          <Button variant="danger" icon="stop" onClick={() => controller.current?.abort()}>
            Cancel
          </Button>
        ) : (
          <Button variant="primary" icon="play" onClick={run}>
            Run tool
          </Button>
        )}
      </div>
      {running && <Loading label={`Running ${tool.name}…`} />}
      {callError !== undefined && (
        <Alert tone={callError instanceof ApiError && callError.code === 'CANCELLED' ? 'warning' : 'danger'} title="The call did not complete">
          {errorText(callError)}
        </Alert>
      )}
      {result && (
        <div className="runner-result">
          <div className="muted">Took {formatDuration(result.durationMs)}</div>
          <ResultBody result={cardResult(result.result)} />
        </div>
      )}
    </section>
  );
}
