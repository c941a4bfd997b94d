import { useEffect, useState } from 'react';
import type { ClientImportResult, ClientStatusView } from '../../../../shared/api';
import { errorText } from '../../api/client';
import { clientsApi } from '../../api/clientsApi';
import { useHub } from '../../api/hubData';
import { useAction } from '../../api/hooks';
import { Dialog } from '../../components/Dialog';
import { Alert, Loading, Tag } from '../../components/ui';
import { plural } from '../../lib/format';

/** Adds the servers a client has configured to the hub: a dry run first shows what would be added. */
export function ImportDialog({ client, onClose }: { client: ClientStatusView; onClose: () => void }) {
  const { servers } = useHub();
  const [plan, setPlan] = useState<ClientImportResult | undefined>();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [replace, setReplace] = useState(false);
  const [done, setDone] = useState<ClientImportResult | undefined>();
  const dry = useAction(() => clientsApi.import(client.client, { dryRun: true }));
  const run = useAction(() => clientsApi.import(client.client, { only: [...chosen], replace }));
  const { run: runDry } = dry;
  useEffect(() => {
    void runDry().then((result) => {
      if (!result) return;
      setPlan(result);
      setChosen(new Set(result.imported.map((item) => item.from)));
    });
  }, [runDry]);

  if (done) {
    return (
      <Dialog open title={`Imported from ${client.displayName}`} onClose={onClose}>
        <Alert tone="success" title={`Added ${plural(done.imported.length, 'server')}`}>
          {done.imported.map((item) => item.as).join(', ') || 'Nothing new.'}
        </Alert>
        {done.replaced?.changed && (
          <p className="muted">
            {client.displayName} now reaches them through the hub (entry “{done.replaced.entryName}”); the old entries were removed{done.replaced.backupPath ? <> and the file was backed up to <code>{done.replaced.backupPath}</code></> : null}.
          </p>
        )}
      </Dialog>
    );
  }

  const toggle = (from: string, on: boolean): void =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(from);
      else next.delete(from);
      return next;
    });

  return (
    <Dialog
      open
      title={`Import servers from ${client.displayName}`}
      submitLabel={chosen.size > 0 ? `Import ${plural(chosen.size, 'server')}` : 'Import'}
      busy={run.pending || dry.pending}
      width={680}
      onClose={onClose}
      onSubmit={() => {
        if (chosen.size === 0) return;
        void run.run().then((result) => {
          if (!result) return;
          setDone(result);
          servers.reload();
        });
      }}
    >
      {dry.pending && !plan && <Loading label={`Reading ${client.displayName}'s configuration…`} />}
      {plan && (
        <>
          <p className="muted">
            From <code>{plan.path}</code>. Nothing changes until you press Import; secrets (API keys in env or headers) go to the secret store.
          </p>
          {plan.imported.length === 0 ? (
            <Alert tone="info">There is nothing new to import: every server is already in the hub, or cannot be imported (see below).</Alert>
          ) : (
            <ul className="import-list" aria-label="Servers to import">
              {plan.imported.map((item) => (
                <li key={item.from} className="import-row" data-import={item.from}>
                  <label className="checkbox-label">
                    <input type="checkbox" checked={chosen.has(item.from)} onChange={(event) => toggle(item.from, event.target.checked)} />
                    <code>{item.from}</code>
                  </label>
                  <span className="muted">→ {item.as}</span>
                  <Tag>{item.kind === 'stdio' ? 'local command' : 'remote'}</Tag>
                  {item.secrets.length > 0 && <Tag>secrets: {item.secrets.join(', ')}</Tag>}
                  {!item.enabled && <Tag>disabled</Tag>}
                </li>
              ))}
            </ul>
          )}
          {plan.skipped.length > 0 && (
            <Alert tone="warning" title={`${plural(plan.skipped.length, 'entry', 'entries')} skipped`}>
              <ul className="missing-list">
                {plan.skipped.map((item) => (
                  <li key={item.from}>
                    <code>{item.from}</code> — {item.reason}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
          {plan.warnings.map((warning) => (
            <Alert key={warning} tone="warning">
              {warning}
            </Alert>
          ))}
          {plan.imported.length > 0 && (
            <label className="checkbox-label">
              <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} />
              Also replace them in {client.displayName} with one Patchbay entry (a backup is kept)
            </label>
          )}
        </>
      )}
      {(dry.error ?? run.error) !== undefined && <Alert tone="danger">{errorText(dry.error ?? run.error)}</Alert>}
    </Dialog>
  );
}
