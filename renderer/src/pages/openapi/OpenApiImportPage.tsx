import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OpenApiImportReport, OpenApiSpecInput } from '../../../../shared/api';
import { ApiError, errorText } from '../../api/client';
import { useHub } from '../../api/hubData';
import { useAction } from '../../api/hooks';
import { importApi } from '../../api/importApi';
import { Alert, Button, Field, Page, TextArea, TextInput } from '../../components/ui';
import { navigate } from '../../lib/router';
import { emptyAuth, emptyFilter, toAuth, toFilter } from '../../lib/openapiForm';
import type { AuthFields, FilterFields } from '../../lib/openapiForm';
import { nameProblem, suggestName, urlProblem } from '../../lib/transportForm';
import { AddBack } from '../add/AddServerPage';
import { FormSection, NameFields } from '../add/formParts';
import { AuthEditor, FilterEditor, ImportReport, ToolSummaryList } from './OpenApiParts';

type Source = 'url' | 'file' | 'text';
const MAX_SPEC_BYTES = 4 * 1024 * 1024;

/** A REST API described by an OpenAPI 3.x / Swagger 2 spec, served as MCP tools. */
export function OpenApiImportPage() {
  const { servers } = useHub();
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [description, setDescription] = useState('');
  const [source, setSource] = useState<Source>('url');
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const [baseUrl, setBaseUrl] = useState('');
  const [include, setInclude] = useState<FilterFields>(emptyFilter);
  const [exclude, setExclude] = useState<FilterFields>(emptyFilter);
  const [auth, setAuth] = useState<AuthFields>(emptyAuth);
  const [problem, setProblem] = useState<string | undefined>();
  const [report, setReport] = useState<OpenApiImportReport | undefined>();
  const importing = useAction(importApi.openapiImport);

  const readFile = (file: File | undefined): void => {
    if (!file) return;
    if (file.size > MAX_SPEC_BYTES) return setProblem(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the hub takes specs up to 4 MB. Import it by URL instead.`);
    setProblem(undefined);
    void file.text().then((content) => {
      setText(content);
      setFileName(file.name);
      if (!nameTouched) setName(suggestName(file.name.replace(/\.(ya?ml|json)$/i, '').replace(/[-_.]?(openapi|swagger|spec)$/i, '')));
    });
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    let spec: OpenApiSpecInput;
    if (source === 'url') {
      const bad = urlProblem(url);
      if (bad) return setProblem(bad.replace('server URL', 'spec URL'));
      spec = { url: url.trim() };
    } else {
      if (!text.trim()) return setProblem(source === 'file' ? 'Choose the spec file (JSON or YAML).' : 'Paste the spec (JSON or YAML).');
      spec = { text };
    }
    const bad = nameProblem(name) ?? (baseUrl.trim() ? urlProblem(baseUrl) : undefined);
    if (bad) return setProblem(bad);
    const authInput = toAuth(auth);
    if ('error' in authInput) return setProblem(authInput.error);
    setProblem(undefined);
    void importing
      .run({ name, spec, description: description.trim() || undefined, ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}), include: toFilter(include), exclude: toFilter(exclude), auth: authInput.auth })
      .then((result) => {
        if (!result) return;
        servers.reload();
        setReport(result);
      });
  };

  if (report) {
    return (
      <Page title={`Imported ${report.title || report.name}`} subtitle={`${report.name} · ${report.dialect} ${report.specVersion} · requests go to ${report.baseUrl}`} back={<AddBack />}>
        <div className="form">
          <ImportReport report={report} hints={report.hints} filteredOut={report.filteredOut} />
          {report.tools.length > 0 && <ToolSummaryList tools={report.tools} />}
          <div className="submit-row">
            <Button onClick={() => setReport(undefined)}>Import another</Button>
            <Button variant="primary" onClick={() => navigate(`/servers/${encodeURIComponent(report.name)}`)}>
              Open {report.name}
            </Button>
          </div>
        </div>
      </Page>
    );
  }

  const nameError = importing.error instanceof ApiError && importing.error.code === 'ALREADY_EXISTS' ? errorText(importing.error) : problem && nameProblem(name) ? nameProblem(name) : undefined;
  return (
    <Page title="Import an OpenAPI spec" subtitle="Each operation of the REST API becomes an MCP tool; the hub makes the HTTP requests." back={<AddBack />}>
      <form className="form" onSubmit={submit} noValidate>
        <FormSection title="Spec">
          <div className="segmented" role="radiogroup" aria-label="Spec source">
            {(
              [
                ['url', 'From a URL'],
                ['file', 'Upload a file'],
                ['text', 'Paste'],
              ] as const
            ).map(([id, label]) => (
              <button key={id} type="button" role="radio" aria-checked={source === id} className="segment" onClick={() => setSource(id)}>
                {label}
              </button>
            ))}
          </div>
          {source === 'url' && (
            <Field label="Spec URL" hint="An OpenAPI 3.x or Swagger 2 document, JSON or YAML.">
              {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="url" className="mono" value={url} placeholder="https://petstore3.swagger.io/api/v3/openapi.json" onChange={(event) => setUrl(event.target.value)} />}
            </Field>
          )}
          {source === 'file' && (
            <Field label="Spec file" hint={fileName ? `Read ${fileName} (${text.length.toLocaleString()} characters).` : 'JSON or YAML, up to 4 MB. It is read here and sent as text.'}>
              {(id, describedBy) => <input id={id} aria-describedby={describedBy} className="input file-input" type="file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml" onChange={(event) => readFile(event.target.files?.[0])} />}
            </Field>
          )}
          {source === 'text' && (
            <Field label="Spec text">
              {(id) => <TextArea id={id} className="code-input" rows={10} value={text} placeholder={'openapi: 3.0.3\ninfo:\n  title: …'} onChange={(event) => setText(event.target.value)} />}
            </Field>
          )}
        </FormSection>
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
          <Field label="Base URL" optional hint="Where requests go. Empty: the spec's first server URL.">
            {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="url" className="mono" value={baseUrl} placeholder="https://api.example.com/v1" onChange={(event) => setBaseUrl(event.target.value)} />}
          </Field>
        </FormSection>
        <FormSection title="Which operations">
          <p className="muted form-note">Leave both empty to import every operation. An operation must match every include field given, and no exclude field.</p>
          <FilterEditor label="Include" value={include} onChange={setInclude} />
          <FilterEditor label="Exclude" value={exclude} onChange={setExclude} />
        </FormSection>
        <FormSection title="Authentication">
          <AuthEditor value={auth} onChange={setAuth} />
        </FormSection>
        <div className="submit-bar">
          {(problem || (importing.error !== undefined && !nameError)) && (
            <Alert tone="danger" title="The API was not imported">
              {problem ?? errorText(importing.error)}
            </Alert>
          )}
          <div className="submit-row">
            <Button variant="ghost" onClick={() => navigate('/add')}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={importing.pending}>
              Import API
            </Button>
          </div>
        </div>
      </form>
    </Page>
  );
}
