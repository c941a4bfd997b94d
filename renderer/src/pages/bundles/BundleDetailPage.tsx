import { useState } from 'react';
import { ApiError, errorText } from '../../api/client';
import { bundleApi } from '../../api/bundleApi';
import { useAction, useResource } from '../../api/hooks';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { Tabs } from '../../components/Tabs';
import type { TabDef } from '../../components/Tabs';
import { UsagePanel } from '../../components/UsagePanel';
import { Alert, Button, EmptyState, Loading, Page } from '../../components/ui';
import { Link, navigate } from '../../lib/router';
import { BundleBuilder } from './BundleBuilder';
import { PreviewCard } from './PreviewCard';

type TabId = 'tools' | 'edit' | 'usage';
const TAB_IDS: TabId[] = ['tools', 'edit', 'usage'];

export function BundleDetailPage({ name, tab }: { name: string; tab: string | undefined }) {
  const active: TabId = TAB_IDS.includes(tab as TabId) ? (tab as TabId) : 'tools';
  const detail = useResource((signal) => bundleApi.get(name, signal), `bundle:${name}`, 4000);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useAction(() => bundleApi.remove(name));

  if (detail.error instanceof ApiError && detail.error.code === 'NOT_FOUND') {
    return (
      <Page title={name} back={<BackLink />}>
        <EmptyState icon="layers" title={`No virtual server named “${name}”`} action={<Button onClick={() => navigate('/virtual')}>Back to virtual servers</Button>}>
          It may have been removed (from another window or the CLI).
        </EmptyState>
      </Page>
    );
  }
  const bundle = detail.data;
  if (!bundle) {
    return (
      <Page title={name} back={<BackLink />}>
        {detail.error ? (
          <Alert tone="danger" title="Could not load this virtual server" action={<Button onClick={detail.reload}>Try again</Button>}>
            {errorText(detail.error)}
          </Alert>
        ) : (
          <Loading label={`Loading ${name}…`} />
        )}
      </Page>
    );
  }
  const tabs: Array<TabDef<TabId>> = [
    { id: 'tools', label: 'Exposes', count: bundle.tools.length },
    { id: 'edit', label: 'Edit tools & rules' },
    { id: 'usage', label: 'How To Use' },
  ];
  return (
    <Page
      back={<BackLink />}
      title={<span className="detail-title">{bundle.name}</span>}
      subtitle={
        <span className="detail-sub">
          <span className="server-kind">Virtual server</span>
          <code>{bundle.endpoint}</code>
        </span>
      }
      actions={
        <Button variant="ghost" icon="trash" onClick={() => setConfirmDelete(true)} aria-label={`Remove ${bundle.name}`}>
          Remove
        </Button>
      }
    >
      {bundle.description && <p className="detail-description">{bundle.description}</p>}
      <Tabs tabs={tabs} active={active} label={`${bundle.name} sections`} onChange={(id) => navigate(`/virtual/${encodeURIComponent(name)}${id === 'tools' ? '' : `/${id}`}`, { replace: true })} />
      <div className="tab-panel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
        {active === 'tools' && <PreviewCard preview={{ data: bundle, loading: false }} title="What clients see" />}
        {active === 'edit' && <BundleBuilder key={`${bundle.name}:${bundle.version}`} bundle={bundle} onSaved={() => { detail.reload(); navigate(`/virtual/${encodeURIComponent(name)}`, { replace: true }); }} />}
        {active === 'usage' && <UsagePanel name={bundle.name} endpoint={bundle.endpoint} kind="virtual server" />}
      </div>
      <Dialog
        open={confirmDelete}
        title={`Remove ${bundle.name}?`}
        submitLabel="Remove virtual server"
        submitVariant="danger"
        busy={remove.pending}
        onClose={() => {
          setConfirmDelete(false);
          remove.clearError();
        }}
        onSubmit={() => void remove.run().then((result) => result && navigate('/virtual'))}
      >
        <p>
          <code>/mcp/{bundle.name}</code> stops answering; clients configured with it lose these tools. The servers themselves stay as they are.
        </p>
        {remove.error !== undefined && <Alert tone="danger">{errorText(remove.error)}</Alert>}
      </Dialog>
    </Page>
  );
}

function BackLink() {
  return (
    <Link to="/virtual" className="back-link">
      <Icon name="chevronLeft" size={14} />
      Virtual servers
    </Link>
  );
}

export function NewBundlePage() {
  return (
    <Page title="New virtual server" subtitle="Pick tools across your servers; the preview shows what clients will see." back={<BackLink />}>
      <BundleBuilder />
    </Page>
  );
}
