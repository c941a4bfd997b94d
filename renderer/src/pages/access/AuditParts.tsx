// Pieces of the audit log screen: one row, the details of one call, and the owner's settings.
import { useState } from 'react';
import type { AuditEntry, AuditSettings } from '../../../../shared/api';
import { accessApi } from '../../api/accessApi';
import { errorText } from '../../api/client';
import { useAction, useResource } from '../../api/hooks';
import { Dialog } from '../../components/Dialog';
import { Alert, Field, Loading, Pill, Switch, TextInput } from '../../components/ui';
import { formatAuditTime, formatBytes, formatDuration, OUTCOME_LABEL, OUTCOME_TONE } from '../../lib/auditView';
import { dateTime } from '../../lib/format';

const FACE_LABEL: Record<AuditEntry['face'], string> = { mcp: 'MCP', stdio: 'stdio', api: 'API', ui: 'web UI', cli: 'CLI', playground: 'playground', local: 'local' };

export function AuditRow({ entry, onOpen }: { entry: AuditEntry; onOpen: (entry: AuditEntry) => void }) {
  const via = [entry.tokenName ? `token ${entry.tokenName}` : undefined, entry.client ?? FACE_LABEL[entry.face]].filter(Boolean).join(' · ');
  return (
    <button type="button" className={`audit-grid audit-row audit-${entry.outcome}`} data-audit-id={entry.id} data-tool={entry.tool} onClick={() => onOpen(entry)} aria-label={`${entry.tool} on ${entry.server} by ${entry.user ?? entry.userId}, ${OUTCOME_LABEL[entry.outcome]}, ${dateTime(entry.time)}`}>
      <time dateTime={entry.time} title={dateTime(entry.time)} className="audit-time">
        {formatAuditTime(entry.time)}
      </time>
      <span className="audit-who">
        <span className="strong">{entry.user ?? entry.userId}</span>
        <span className="muted audit-sub">{via}</span>
      </span>
      <span className="audit-cell" title={entry.server}>
        {entry.server}
      </span>
      <span className="audit-cell mono" title={entry.tool}>
        {entry.tool}
      </span>
      <span className="num">{formatDuration(entry.durationMs)}</span>
      <span>
        <Pill tone={OUTCOME_TONE[entry.outcome]}>{OUTCOME_LABEL[entry.outcome]}</Pill>
      </span>
      <span className="audit-error" title={entry.error}>
        {entry.error ?? ''}
      </span>
      <span className="num muted">
        {formatBytes(entry.argsBytes)} → {formatBytes(entry.resultBytes)}
      </span>
    </button>
  );
}

export function AuditDetailsDialog({ entry, onClose }: { entry: AuditEntry | undefined; onClose: () => void }) {
  const rows: Array<[string, string]> = entry
    ? [
        ['Time', `${dateTime(entry.time)} (${entry.time})`],
        ['User', entry.user ?? entry.userId],
        ['Token', entry.tokenName ?? '—'],
        ['Client', entry.client ?? '—'],
        ['Through', FACE_LABEL[entry.face]],
        ['Server', entry.server],
        ['Tool', entry.tool],
        ['Duration', formatDuration(entry.durationMs)],
        ['Outcome', OUTCOME_LABEL[entry.outcome]],
        ['Arguments', formatBytes(entry.argsBytes)],
        ['Result', formatBytes(entry.resultBytes)],
      ]
    : [];
  return (
    <Dialog open={entry !== undefined} title={entry ? `${entry.server} · ${entry.tool}` : 'Call'} onClose={onClose} width={620}>
      {entry && (
        <>
          <dl className="facts">
            {rows.map(([label, value]) => (
              <div className="fact" key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {entry.error && <Alert tone={entry.outcome === 'error' ? 'danger' : 'warning'} title="Error">{entry.error}</Alert>}
          {entry.arguments !== undefined ? (
            <pre className="code-block audit-args">{JSON.stringify(entry.arguments, null, 2)}</pre>
          ) : (
            <p className="muted">Arguments are not recorded (the owner can turn that on in the audit settings).</p>
          )}
        </>
      )}
    </Dialog>
  );
}

export function AuditSettingsDialog({ onClose }: { onClose: () => void }) {
  const settings = useResource((signal) => accessApi.auditSettings(signal), 'audit-settings');
  const [draft, setDraft] = useState<{ recordArguments?: boolean; maxAgeDays?: string; maxRows?: string }>({});
  const [problem, setProblem] = useState<string | undefined>();
  const save = useAction((patch: Partial<AuditSettings>) => accessApi.updateAuditSettings(patch));
  const current = settings.data;
  const record = draft.recordArguments ?? current?.recordArguments ?? false;
  const days = draft.maxAgeDays ?? String(current?.maxAgeDays ?? '');
  const rows = draft.maxRows ?? String(current?.maxRows ?? '');
  const submit = (): void => {
    const maxAgeDays = Number(days);
    const maxRows = Number(rows);
    if (!Number.isInteger(maxAgeDays) || maxAgeDays < 1 || maxAgeDays > 3650) return setProblem('Keep entries for 1 to 3650 days.');
    if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > 10_000_000) return setProblem('Keep between 1 and 10,000,000 entries.');
    setProblem(undefined);
    void save.run({ recordArguments: record, maxAgeDays, maxRows }).then((done) => done && onClose());
  };
  return (
    <Dialog open title="Audit settings" submitLabel="Save settings" busy={save.pending} onClose={onClose} onSubmit={current ? submit : undefined}>
      {!current && settings.loading && <Loading label="Loading the settings…" />}
      {settings.error !== undefined && <Alert tone="danger">{errorText(settings.error)}</Alert>}
      {current && (
        <>
          <label className="setting-row">
            <Switch checked={record} onChange={(value) => setDraft({ ...draft, recordArguments: value })} label="Record tool arguments" />
            <span>
              <span className="strong">Record tool arguments</span>
              <span className="muted setting-hint">Off by default. When on, each call's arguments are kept (secrets redacted) and shown in its details.</span>
            </span>
          </label>
          <div className="form-grid">
            <Field label="Keep entries for (days)">
              {(id) => <TextInput id={id} type="number" min={1} max={3650} value={days} onChange={(event) => setDraft({ ...draft, maxAgeDays: event.target.value })} />}
            </Field>
            <Field label="Keep at most (entries)">
              {(id) => <TextInput id={id} type="number" min={1} max={10_000_000} value={rows} onChange={(event) => setDraft({ ...draft, maxRows: event.target.value })} />}
            </Field>
          </div>
          <p className="muted">Older entries are deleted automatically, whichever limit comes first.</p>
        </>
      )}
      {(problem ?? save.error) !== undefined && <Alert tone="danger">{problem ?? errorText(save.error)}</Alert>}
    </Dialog>
  );
}
