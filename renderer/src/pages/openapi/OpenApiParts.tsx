import type { OpenApiChangeReport, OpenApiServerView } from '../../../../shared/api';
import { OPENAPI_METHODS } from '../../../../shared/api';
import { Alert, Field, Select, Tag, TextInput } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { plural } from '../../lib/format';
import type { AuthFields, AuthKind, FilterFields } from '../../lib/openapiForm';

/** Tags, path globs and methods for one filter (include or exclude). */
export function FilterEditor({ label, value, onChange, tags }: { label: string; value: FilterFields; onChange: (value: FilterFields) => void; tags?: string[] }) {
  const lower = label.toLowerCase();
  return (
    <fieldset className="filter-editor" aria-label={label}>
      <legend className="field-label">{label}</legend>
      <div className="form-grid">
        <Field label={`${label}: tags`} optional hint={tags && tags.length > 0 ? `The spec's tags: ${tags.slice(0, 12).join(', ')}${tags.length > 12 ? ', …' : ''}` : 'Comma-separated, e.g. pet, store.'}>
          {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} value={value.tags} placeholder="pet, store" onChange={(event) => onChange({ ...value, tags: event.target.value })} />}
        </Field>
        <Field label={`${label}: paths`} optional hint="Globs: * within a segment, ** across segments (/pets/**).">
          {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className="mono" value={value.paths} placeholder="/pets/**" onChange={(event) => onChange({ ...value, paths: event.target.value })} />}
        </Field>
      </div>
      <div className="chips" role="group" aria-label={`${label}: methods`}>
        {OPENAPI_METHODS.filter((method) => method !== 'trace' && method !== 'options' && method !== 'head').map((method) => {
          const on = value.methods.includes(method);
          return (
            <button
              key={method}
              type="button"
              className="chip"
              role="checkbox"
              aria-checked={on}
              aria-label={`${lower} ${method.toUpperCase()}`}
              onClick={() => onChange({ ...value, methods: on ? value.methods.filter((item) => item !== method) : [...value.methods, method] })}
            >
              {method.toUpperCase()}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

const AUTH_KINDS: Array<[AuthKind, string]> = [
  ['none', 'None'],
  ['api-key', 'API key'],
  ['bearer', 'Bearer token'],
  ['basic', 'Basic'],
];

/** How the hub authenticates to the API. Secret fields are write-only. */
export function AuthEditor({ value, onChange, stored }: { value: AuthFields; onChange: (value: AuthFields) => void; stored?: boolean }) {
  const keep = stored ? 'A secret is stored. Enter a new one to replace it.' : 'Stored in the secret store; never shown again.';
  return (
    <div className="auth-editor">
      <div className="segmented" role="radiogroup" aria-label="API authentication">
        {AUTH_KINDS.map(([kind, label]) => (
          <button key={kind} type="button" role="radio" aria-checked={value.kind === kind} className="segment" onClick={() => onChange({ ...value, kind })}>
            {label}
          </button>
        ))}
      </div>
      {value.kind === 'api-key' && (
        <div className="form-grid">
          <Field label="Sent in">
            {(id) => (
              <Select id={id} value={value.in} onChange={(event) => onChange({ ...value, in: event.target.value as AuthFields['in'] })}>
                <option value="header">A header</option>
                <option value="query">The query string</option>
              </Select>
            )}
          </Field>
          <Field label={value.in === 'header' ? 'Header name' : 'Parameter name'} optional hint="Leave empty to use the name the spec declares.">
            {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className="mono" value={value.name} placeholder={value.in === 'header' ? 'X-Api-Key' : 'api_key'} onChange={(event) => onChange({ ...value, name: event.target.value })} />}
          </Field>
          <Field label="API key" hint={keep}>
            {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="password" className="mono" value={value.secret} onChange={(event) => onChange({ ...value, secret: event.target.value })} />}
          </Field>
        </div>
      )}
      {value.kind === 'bearer' && (
        <Field label="Token" hint={keep}>
          {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="password" className="mono" value={value.secret} onChange={(event) => onChange({ ...value, secret: event.target.value })} />}
        </Field>
      )}
      {value.kind === 'basic' && (
        <div className="form-grid">
          <Field label="User name">{(id) => <TextInput id={id} value={value.username} onChange={(event) => onChange({ ...value, username: event.target.value })} />}</Field>
          <Field label="Password" hint={keep}>
            {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} type="password" value={value.secret} onChange={(event) => onChange({ ...value, secret: event.target.value })} />}
          </Field>
        </div>
      )}
    </div>
  );
}

/** What an import or re-import produced: tools, what was left out and why, hints. */
export function ImportReport({ report, hints, filteredOut }: { report: OpenApiServerView | OpenApiChangeReport; hints?: string[]; filteredOut?: number }) {
  const diff = 'diff' in report ? report.diff : undefined;
  return (
    <div className="import-report" data-testid="import-report">
      <div className="report-stats">
        <Stat value={report.toolCount} label="tools served" />
        <Stat value={report.convertedCount} label="operations converted" />
        {filteredOut !== undefined && <Stat value={filteredOut} label="left out by filters" />}
        <Stat value={report.skipped.length} label="skipped" tone={report.skipped.length > 0 ? 'warning' : undefined} />
      </div>
      {diff && (
        <Alert tone={diff.added.length + diff.removed.length + diff.changed.length > 0 ? 'info' : 'success'} title="Changes in the served tools">
          {diff.added.length + diff.removed.length + diff.changed.length === 0 ? (
            `No tool changed (${plural(diff.unchanged, 'tool')} as before).`
          ) : (
            <ul className="missing-list">
              {diff.added.length > 0 && <li>Added: {diff.added.join(', ')}</li>}
              {diff.removed.length > 0 && <li>Removed: {diff.removed.join(', ')}</li>}
              {diff.changed.length > 0 && <li>Changed: {diff.changed.join(', ')}</li>}
              <li>{plural(diff.unchanged, 'tool')} unchanged</li>
            </ul>
          )}
        </Alert>
      )}
      {hints?.map((hint) => (
        <Alert key={hint} tone="info">
          {hint}
        </Alert>
      ))}
      {report.warnings.map((warning) => (
        <Alert key={warning} tone="warning">
          {warning}
        </Alert>
      ))}
      {report.skipped.length > 0 && (
        <details className="report-skipped" open={report.skipped.length <= 5}>
          <summary>{plural(report.skipped.length, 'operation')} could not be converted</summary>
          <ul className="missing-list" aria-label="Skipped operations">
            {report.skipped.map((item) => (
              <li key={item.operation}>
                <code>{item.operation}</code> — {item.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Stat({ value, label, tone }: { value: number; label: string; tone?: 'warning' }) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ''}`}>
      <span className="stat-value">{value.toLocaleString()}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

export function ToolSummaryList({ tools }: { tools: OpenApiServerView['tools'] }) {
  return <VirtualList className="item-list openapi-tools" items={tools} getKey={toolName} renderItem={renderTool} estimateHeight={38} label="Imported tools" />;
}

const toolName = (tool: OpenApiServerView['tools'][number]): string => tool.name;

function renderTool(tool: OpenApiServerView['tools'][number]) {
  return (
    <div className="openapi-tool" data-openapi-tool={tool.name}>
      <span className={`method method-${tool.method.toLowerCase()}`}>{tool.method.toUpperCase()}</span>
      <code className="openapi-path">{tool.path}</code>
      <code className="muted openapi-name">{tool.name}</code>
      {tool.tags.slice(0, 2).map((tag) => (
        <Tag key={tag}>{tag}</Tag>
      ))}
    </div>
  );
}
