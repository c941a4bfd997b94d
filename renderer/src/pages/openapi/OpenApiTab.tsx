import { useState } from 'react';
import type { ReactNode } from 'react';
import type { OpenApiChangeReport, OpenApiServerView, OpenApiSpecInput, OpenApiUpdateInput } from '../../../../shared/api';
import { errorText } from '../../api/client';
import { useAction, useResource } from '../../api/hooks';
import { importApi } from '../../api/importApi';
import { Dialog } from '../../components/Dialog';
import { Alert, Button, Field, Loading, TextArea, TextInput } from '../../components/ui';
import { dateTime } from '../../lib/format';
import { describeFilter, fromAuthView, fromFilter, toAuth, toFilter } from '../../lib/openapiForm';
import type { AuthFields } from '../../lib/openapiForm';
import { urlProblem } from '../../lib/transportForm';
import { AuthEditor, FilterEditor, ImportReport, ToolSummaryList } from './OpenApiParts';

/** An imported REST API: its spec, filters and auth; re-import and change them. */
export function OpenApiTab({ server, onChanged }: { server: string; onChanged: () => void }) {
  const info = useResource((signal) => importApi.openapiShow(server, signal), `openapi:${server}`);
  const [dialog, setDialog] = useState<'reimport' | 'edit' | undefined>();
  const [report, setReport] = useState<OpenApiChangeReport | undefined>();
  const done = (result: OpenApiChangeReport): void => {
    setDialog(undefined);
    setReport(result);
    info.reload();
    onChanged();
  };
  if (!info.data) {
    return info.error !== undefined ? (
      <Alert tone="danger" title="Could not load the API's import" action={<Button onClick={info.reload}>Try again</Button>}>
        {errorText(info.error)}
      </Alert>
    ) : (
      <Loading label="Loading the API…" />
    );
  }
  const view = info.data;
  const auth = view.auth;
  return (
    <div className="tab-fill openapi-tab">
      <section className="card">
        <div className="card-head">
          <h2 className="card-title">
            {view.title} <span className="muted">{view.apiVersion}</span>
          </h2>
          <div className="button-row">
            <Button icon="edit" onClick={() => setDialog('edit')}>
              Filters, base URL & auth
            </Button>
            <Button icon="refresh" onClick={() => setDialog('reimport')}>
              Re-import
            </Button>
          </div>
        </div>
        <dl className="facts">
          <Fact label="Spec">{view.source === 'inline' ? 'Uploaded text' : <code>{view.source}</code>} <span className="muted">({view.dialect} {view.specVersion})</span></Fact>
          <Fact label="Requests go to"><code>{view.baseUrl}</code>{view.baseUrlOverride ? <span className="muted">(override)</span> : null}</Fact>
          <Fact label="Included">{describeFilter(view.include)}</Fact>
          <Fact label="Excluded">{Object.keys(view.exclude).length ? describeFilter(view.exclude) : 'nothing'}</Fact>
          <Fact label="Authentication">
            {auth.type === 'none' ? 'None' : auth.type === 'api-key' ? `API key in ${auth.in ?? 'header'} ${auth.name ?? ''}` : auth.type === 'basic' ? `Basic (${auth.username ?? ''})` : auth.type === 'bearer' ? 'Bearer token' : 'OAuth 2'}
            {auth.secret && <span className="muted">· secret stored</span>}
          </Fact>
          <Fact label="Imported">{dateTime(view.importedAt)}</Fact>
        </dl>
      </section>
      {report && (
        <section className="card" aria-label="Last change">
          <div className="card-head">
            <h2 className="card-title">Last change</h2>
            <Button size="sm" variant="ghost" onClick={() => setReport(undefined)}>
              Dismiss
            </Button>
          </div>
          <ImportReport report={report} filteredOut={report.filteredOut} />
        </section>
      )}
      {!report && (view.skipped.length > 0 || view.warnings.length > 0) && <ImportReport report={view} />}
      {view.tools.length > 0 && <ToolSummaryList tools={view.tools} />}
      {dialog === 'reimport' && <ReimportDialog view={view} onClose={() => setDialog(undefined)} onDone={done} />}
      {dialog === 'edit' && <EditDialog view={view} onClose={() => setDialog(undefined)} onDone={done} />}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ReimportDialog({ view, onClose, onDone }: { view: OpenApiServerView; onClose: () => void; onDone: (report: OpenApiChangeReport) => void }) {
  const [from, setFrom] = useState<'same' | 'url' | 'text'>(view.source === 'inline' ? 'text' : 'same');
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const run = useAction((spec?: OpenApiSpecInput) => importApi.openapiReimport(view.name, spec ? { spec } : {}));
  const submit = (): void => {
    let spec: OpenApiSpecInput | undefined;
    if (from === 'url') {
      const bad = urlProblem(url);
      if (bad) return setProblem(bad);
      spec = { url: url.trim() };
    } else if (from === 'text') {
      if (!text.trim()) return setProblem('Paste the new spec, or choose a file.');
      spec = { text };
    }
    setProblem(undefined);
    void run.run(spec).then((result) => result && onDone(result));
  };
  return (
    <Dialog open title={`Re-import ${view.name}`} submitLabel="Re-import" busy={run.pending} onClose={onClose} onSubmit={submit} width={620}>
      <p>Reads the spec again and shows which tools were added, removed or changed. Filters and auth stay as they are.</p>
      <div className="segmented" role="radiogroup" aria-label="New spec">
        {view.source !== 'inline' && (
          <button type="button" role="radio" className="segment" aria-checked={from === 'same'} onClick={() => setFrom('same')}>
            Same source
          </button>
        )}
        <button type="button" role="radio" className="segment" aria-checked={from === 'url'} onClick={() => setFrom('url')}>
          New URL
        </button>
        <button type="button" role="radio" className="segment" aria-checked={from === 'text'} onClick={() => setFrom('text')}>
          New text or file
        </button>
      </div>
      {from === 'same' && <p className="muted">From <code>{view.source}</code>.</p>}
      {from === 'url' && <Field label="Spec URL">{(id) => <TextInput id={id} type="url" className="mono" value={url} onChange={(event) => setUrl(event.target.value)} />}</Field>}
      {from === 'text' && (
        <>
          <Field label="Spec file" optional>
            {(id) => <input id={id} className="input file-input" type="file" accept=".json,.yaml,.yml" onChange={(event) => void event.target.files?.[0]?.text().then(setText)} />}
          </Field>
          <Field label="Spec text">{(id) => <TextArea id={id} className="code-input" rows={8} value={text} onChange={(event) => setText(event.target.value)} />}</Field>
        </>
      )}
      {(problem || run.error !== undefined) && <Alert tone="danger">{problem ?? errorText(run.error)}</Alert>}
    </Dialog>
  );
}

function EditDialog({ view, onClose, onDone }: { view: OpenApiServerView; onClose: () => void; onDone: (report: OpenApiChangeReport) => void }) {
  const tags = [...new Set(view.tools.flatMap((tool) => tool.tags))].sort();
  const [include, setInclude] = useState(() => fromFilter(view.include));
  const [exclude, setExclude] = useState(() => fromFilter(view.exclude));
  const [baseUrl, setBaseUrl] = useState(view.baseUrlOverride ?? '');
  const original = fromAuthView(view.auth);
  const [auth, setAuth] = useState<AuthFields>(original);
  const [problem, setProblem] = useState<string | undefined>();
  const save = useAction((input: OpenApiUpdateInput) => importApi.openapiUpdate(view.name, input));
  const submit = (): void => {
    const bad = baseUrl.trim() ? urlProblem(baseUrl) : undefined;
    if (bad) return setProblem(bad);
    const input: OpenApiUpdateInput = { include: toFilter(include), exclude: toFilter(exclude), baseUrl: baseUrl.trim() ? baseUrl.trim() : null };
    const authTouched = auth.kind !== original.kind || auth.secret !== '' || auth.in !== original.in || auth.name !== original.name || auth.username !== original.username;
    if (authTouched) {
      const built = toAuth(auth);
      if ('error' in built) return setProblem(auth.kind === original.kind ? `${built.error} The stored secret cannot be reused when the other auth fields change.` : built.error);
      input.auth = built.auth;
    }
    setProblem(undefined);
    void save.run(input).then((result) => result && onDone(result));
  };
  return (
    <Dialog open title={`Change ${view.name}`} submitLabel="Save and apply" busy={save.pending} onClose={onClose} onSubmit={submit} width={720}>
      <FilterEditor label="Include" value={include} onChange={setInclude} tags={tags} />
      <FilterEditor label="Exclude" value={exclude} onChange={setExclude} tags={tags} />
      <Field label="Base URL" optional hint={`Empty: the spec's server URL${view.specServers[0] ? ` (${view.specServers[0]})` : ''}.`}>
        {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="url" className="mono" value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} />}
      </Field>
      <div className="field">
        <span className="field-label">Authentication</span>
        <AuthEditor value={auth} onChange={setAuth} stored={Boolean(view.auth.secret)} />
      </div>
      {(problem || save.error !== undefined) && <Alert tone="danger">{problem ?? errorText(save.error)}</Alert>}
    </Dialog>
  );
}
