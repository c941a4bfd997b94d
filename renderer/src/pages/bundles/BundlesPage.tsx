import { useMemo, useState } from 'react';
import type { BundleView } from '../../../../shared/api';
import { errorText } from '../../api/client';
import { bundleApi } from '../../api/bundleApi';
import { useDebounced, useResource } from '../../api/hooks';
import { Icon } from '../../components/Icon';
import { SearchInput } from '../../components/SearchInput';
import { Alert, Button, EmptyState, Loading, Page, Tag } from '../../components/ui';
import { plural, relativeTime } from '../../lib/format';
import { Link, navigate } from '../../lib/router';

/** Virtual servers: bundles of chosen tools from several servers, each its own endpoint. */
export function BundlesPage() {
  const bundles = useResource((signal) => bundleApi.list(signal), 'bundles');
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 120);
  const all = bundles.data;
  const visible = useMemo(() => {
    const words = debounced.toLowerCase().split(/\s+/).filter(Boolean);
    return (all ?? []).filter((bundle) => words.every((word) => `${bundle.name} ${bundle.description ?? ''} ${bundle.rules.map((rule) => rule.pattern).join(' ')}`.toLowerCase().includes(word)));
  }, [all, debounced]);
  return (
    <Page
      title="Virtual servers"
      subtitle="Chosen tools from several servers behind one endpoint, renamed and described for the client that uses them."
      actions={
        <Button variant="primary" icon="plus" onClick={() => navigate('/virtual/new')}>
          New virtual server
        </Button>
      }
    >
      {bundles.loading && !all && <Loading label="Loading virtual servers…" />}
      {bundles.error !== undefined && (
        <Alert tone="danger" title="Could not load the virtual servers" action={<Button onClick={bundles.reload}>Try again</Button>}>
          {errorText(bundles.error)}
        </Alert>
      )}
      {all && all.length === 0 && (
        <EmptyState icon="layers" title="No virtual servers yet" action={<Button variant="primary" icon="plus" onClick={() => navigate('/virtual/new')}>Build a virtual server</Button>}>
          Give a client exactly the tools it needs: pick them across your servers, rename them, and serve them at one endpoint such as <code>/mcp/writing</code>.
        </EmptyState>
      )}
      {all && all.length > 0 && (
        <>
          <div className="toolbar">
            <SearchInput value={query} onChange={setQuery} placeholder={`Search ${plural(all.length, 'virtual server')}`} label="Search virtual servers" />
          </div>
          {visible.length === 0 ? (
            <EmptyState icon="search" title="No virtual servers match" action={<Button onClick={() => setQuery('')}>Clear search</Button>}>
              No name, description or rule contains “{debounced}”.
            </EmptyState>
          ) : (
            <div className="bundle-list" role="list" aria-label="Virtual servers">
              {visible.map((bundle) => (
                <BundleRow key={bundle.id} bundle={bundle} />
              ))}
            </div>
          )}
        </>
      )}
    </Page>
  );
}

function BundleRow({ bundle }: { bundle: BundleView }) {
  const includes = bundle.rules.filter((rule) => rule.action === 'include');
  return (
    <div className="server-row bundle-row" role="listitem" data-bundle={bundle.name}>
      <div className="server-icon server-icon-bundle" aria-hidden="true">
        <Icon name="layers" size={18} />
      </div>
      <div className="server-main">
        <div className="server-title">
          <Link to={`/virtual/${encodeURIComponent(bundle.name)}`} className="server-name stretched">
            {bundle.name}
          </Link>
          <span className="server-kind">/mcp/{bundle.name}</span>
        </div>
        <div className="server-sub">{bundle.description ?? <span className="muted">{includes.length > 0 ? includes.slice(0, 4).map((rule) => rule.pattern).join(', ') + (includes.length > 4 ? ', …' : '') : 'No include rules yet: it exposes nothing.'}</span>}</div>
      </div>
      <div className="server-meta">
        <Tag>{plural(bundle.rules.length, 'rule')}</Tag>
        <span className="server-tools" title={bundle.updatedAt}>
          {relativeTime(bundle.updatedAt)}
        </span>
      </div>
      <div className="server-actions">
        <Icon name="chevronRight" className="row-chevron" />
      </div>
    </div>
  );
}
