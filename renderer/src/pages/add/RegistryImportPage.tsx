import { useState } from 'react';
import type { CatalogAddResult, RegistryCandidateView, RegistryPreview, RegistrySourceInput } from '../../../../shared/api';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../../../../shared/types';
import { errorText } from '../../api/client';
import { useHub } from '../../api/hubData';
import { useAction } from '../../api/hooks';
import { importApi } from '../../api/importApi';
import { Alert, Button, Field, Page, Select, Tag, TextArea, TextInput } from '../../components/ui';
import { navigate } from '../../lib/router';
import { transportKind, transportSummary } from '../../lib/servers';
import { urlProblem } from '../../lib/transportForm';
import { AddBack } from './AddServerPage';
import { FormSection } from './formParts';

/** A server from the MCP Registry (a server.json, or a registry API answer): preview, then import. */
export function RegistryImportPage() {
  const { servers } = useHub();
  const [from, setFrom] = useState<'url' | 'text'>('url');
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [source, setSource] = useState<RegistrySourceInput | undefined>();
  const [preview, setPreview] = useState<RegistryPreview | undefined>();
  const [pick, setPick] = useState(1);
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [enabled, setEnabled] = useState(true);
  const [problem, setProblem] = useState<string | undefined>();
  const [result, setResult] = useState<CatalogAddResult | undefined>();
  const load = useAction(importApi.registryPreview);
  const add = useAction(importApi.registryImport);
  const candidate = preview?.candidates.find((item) => item.pick === pick);

  const runPreview = (): void => {
    let input: RegistrySourceInput;
    if (from === 'url') {
      const bad = urlProblem(url);
      if (bad) return setProblem(bad.replace('server URL', 'server.json URL'));
      input = { url: url.trim() };
    } else {
      if (!text.trim()) return setProblem('Paste a server.json (or a registry API response).');
      input = { text };
    }
    setProblem(undefined);
    void load.run(input).then((answer) => {
      if (!answer) return;
      setSource(input);
      setPreview(answer);
      const first = answer.candidates[0];
      setPick(first?.pick ?? 1);
      setName(first?.name ?? '');
      setValues(defaults(first));
    });
  };

  const choose = (next: RegistryCandidateView): void => {
    setPick(next.pick);
    setName(next.name);
    setValues(defaults(next));
  };

  const runImport = (): void => {
    if (!source || !candidate) return;
    if (!SERVER_NAME_PATTERN.test(name)) return setProblem(`"${name}" is not a valid name: ${SERVER_NAME_RULE}.`);
    const missing = candidate.inputs.find((input) => input.required && !values[input.name]?.trim());
    if (missing) return setProblem(`Fill in ${missing.name}${missing.description ? ` (${missing.description})` : ''}.`);
    setProblem(undefined);
    const filled = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''));
    void add.run({ source, pick, name, values: filled, enabled }).then((created) => {
      if (!created) return;
      servers.reload();
      if (created.nextSteps.length === 0) navigate(`/servers/${encodeURIComponent(created.server.name)}`);
      else setResult(created);
    });
  };

  if (result) {
    return (
      <Page title={`${result.server.name} was added`} back={<AddBack />}>
        <Alert tone="warning" title="One more step" action={<Button variant="primary" onClick={() => navigate(`/servers/${encodeURIComponent(result.server.name)}`)}>Open {result.server.name}</Button>}>
          <ul className="missing-list">
            {result.nextSteps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ul>
        </Alert>
      </Page>
    );
  }

  return (
    <Page title="Import from the MCP Registry" subtitle="A server.json describes how to run or reach a server; Patchbay turns it into a server entry." back={<AddBack />}>
      <div className="form">
        <FormSection title="server.json">
          <div className="segmented" role="radiogroup" aria-label="Source">
            <button type="button" role="radio" className="segment" aria-checked={from === 'url'} onClick={() => setFrom('url')}>
              From a URL
            </button>
            <button type="button" role="radio" className="segment" aria-checked={from === 'text'} onClick={() => setFrom('text')}>
              File or text
            </button>
          </div>
          {from === 'url' ? (
            <Field label="URL" hint="A server.json file, or a registry API address such as https://registry.modelcontextprotocol.io/v0/servers?search=NAME.">
              {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="url" className="mono" value={url} onChange={(event) => setUrl(event.target.value)} />}
            </Field>
          ) : (
            <>
              <Field label="server.json file" optional>
                {(id) => <input id={id} className="input file-input" type="file" accept=".json,application/json" onChange={(event) => void event.target.files?.[0]?.text().then(setText)} />}
              </Field>
              <Field label="server.json">{(id) => <TextArea id={id} className="code-input" rows={8} value={text} placeholder='{ "name": "io.example/server", "remotes": [ … ] }' onChange={(event) => setText(event.target.value)} />}</Field>
            </>
          )}
          <div className="button-row">
            <Button variant={preview ? 'secondary' : 'primary'} busy={load.pending} onClick={runPreview}>
              {preview ? 'Read again' : 'Preview'}
            </Button>
          </div>
        </FormSection>
        {preview && (
          <FormSection title={`What it offers (${preview.candidates.length})`}>
            {preview.candidates.length === 0 && <Alert tone="warning">Nothing here can become a server (see the reasons below).</Alert>}
            <div className="candidate-list" role="radiogroup" aria-label="Candidates">
              {preview.candidates.map((item) => (
                <button key={item.pick} type="button" role="radio" aria-checked={item.pick === pick} className="candidate" onClick={() => choose(item)}>
                  <span className="item-name">
                    <span className="item-strong">{item.registryName}</span>
                    <Tag>{item.kind === 'remote' ? 'remote' : 'package'}</Tag>
                    <Tag>{transportKind(item.transport)}</Tag>
                  </span>
                  <code className="item-uri">{transportSummary(item.transport)}</code>
                  {item.description && <span className="item-desc">{item.description}</span>}
                </button>
              ))}
            </div>
            {preview.skipped.length > 0 && (
              <Alert tone="warning" title="Left out">
                <ul className="missing-list">
                  {preview.skipped.map((item) => (
                    <li key={`${item.server}:${item.what}`}>
                      {item.what} — {item.reason}
                    </li>
                  ))}
                </ul>
              </Alert>
            )}
          </FormSection>
        )}
        {candidate && (
          <FormSection title="Settings">
            <Field label="Name">{(id) => <TextInput id={id} value={name} onChange={(event) => setName(event.target.value.toLowerCase())} />}</Field>
            {candidate.inputs.map((input) => (
              <Field key={`${input.kind}:${input.name}`} label={`${input.name} (${input.kind.replace('-', ' ')})`} optional={!input.required} hint={input.description}>
                {(id, describedBy) =>
                  input.choices ? (
                    <Select id={id} aria-describedby={describedBy} value={values[input.name] ?? ''} onChange={(event) => setValues({ ...values, [input.name]: event.target.value })}>
                      <option value="">Choose…</option>
                      {input.choices.map((choice) => (
                        <option key={choice} value={choice}>
                          {choice}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    <TextInput id={id} aria-describedby={describedBy} type={input.secret ? 'password' : 'text'} className="mono" value={values[input.name] ?? ''} onChange={(event) => setValues({ ...values, [input.name]: event.target.value })} />
                  )
                }
              </Field>
            ))}
          </FormSection>
        )}
        <div className="submit-bar">
          {(problem || (load.error ?? add.error) !== undefined) && <Alert tone="danger">{problem ?? errorText(load.error ?? add.error)}</Alert>}
          <div className="submit-row">
            <label className="checkbox-label">
              <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
              Connect right away
            </label>
            <Button variant="ghost" onClick={() => navigate('/add')}>
              Cancel
            </Button>
            <Button variant="primary" busy={add.pending} disabled={!candidate} onClick={runImport}>
              Add server
            </Button>
          </div>
        </div>
      </div>
    </Page>
  );
}

function defaults(candidate: RegistryCandidateView | undefined): Record<string, string> {
  return Object.fromEntries((candidate?.inputs ?? []).filter((input) => input.default !== undefined).map((input) => [input.name, input.default ?? '']));
}
