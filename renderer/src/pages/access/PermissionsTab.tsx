// Every server and virtual server, each a way into its permission details; and the page of one
// virtual server's permissions (`/access/bundle/NAME`; a server's live on its own page, tab Access).
import { accessApi } from '../../api/accessApi';
import { errorText } from '../../api/client';
import { useResource } from '../../api/hooks';
import { useHub } from '../../api/hubData';
import { Icon } from '../../components/Icon';
import type { IconName } from '../../components/Icon';
import { Alert, EmptyState, Loading, Page } from '../../components/ui';
import { Link } from '../../lib/router';
import { CollaboratorsPanel, RoleLegend } from './CollaboratorsPanel';

export function permissionsPath(kind: 'server' | 'bundle', name: string): string {
  return kind === 'server' ? `/servers/${encodeURIComponent(name)}/access` : `/access/bundle/${encodeURIComponent(name)}`;
}

export function PermissionsTab() {
  const { servers } = useHub();
  const bundles = useResource((signal) => accessApi.bundles(signal), 'access:bundles');
  const rows: Array<{ kind: 'server' | 'bundle'; name: string; description?: string }> = [
    ...(servers.data ?? []).map((server) => ({ kind: 'server' as const, name: server.name, description: server.description })),
    ...(bundles.data ?? []).map((bundle) => ({ kind: 'bundle' as const, name: bundle.name, description: bundle.description })),
  ];
  return (
    <div className="access-panel">
      {bundles.error !== undefined && <Alert tone="warning">Virtual servers could not be loaded: {errorText(bundles.error)}</Alert>}
      {!servers.data && <Loading label="Loading servers…" />}
      {servers.data && rows.length === 0 && (
        <EmptyState icon="servers" title="Nothing to share yet">
          Add a server first; then give users and teams a role on it here or on its page.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <section className="card" aria-label="Servers and virtual servers">
          <div className="card-head">
            <h2 className="card-title">Servers and virtual servers</h2>
            <span className="muted">Open one to see who can use it and to change that.</span>
          </div>
          <ul className="resource-list">
            {rows.map((row) => (
              <li key={`${row.kind}:${row.name}`}>
                <Link to={permissionsPath(row.kind, row.name)} className="resource-link" data-resource={`${row.kind}:${row.name}`}>
                  <Icon name={(row.kind === 'server' ? 'servers' : 'layers') satisfies IconName} />
                  <span className="strong">{row.name}</span>
                  <span className="muted resource-kind">{row.kind === 'server' ? 'server' : 'virtual server'}</span>
                  {row.description && <span className="muted resource-desc">{row.description}</span>}
                  <Icon name="chevronRight" className="row-chevron" />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <RoleLegend />
    </div>
  );
}

/** `/access/:kind/:name`: the permission details of one virtual server (or server). */
export function PermissionPage({ kind, name }: { kind: string; name: string }) {
  const resourceKind = kind === 'bundle' ? 'bundle' : 'server';
  return (
    <Page
      title={`Permissions of ${name}`}
      subtitle={resourceKind === 'bundle' ? 'A virtual server: who can see it and call its tools.' : 'Who can see this server and call its tools.'}
      back={
        <Link to="/users/permissions" className="back-link">
          <Icon name="chevronLeft" size={14} />
          Users &amp; teams
        </Link>
      }
    >
      <CollaboratorsPanel kind={resourceKind} name={name} />
    </Page>
  );
}
