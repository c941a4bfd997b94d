import { useMemo, useState } from 'react';
import { errorText } from '../../api/client';
import { useDebounced } from '../../api/hooks';
import { useHub } from '../../api/hubData';
import { CatalogIcon } from '../../components/CatalogIcon';
import { SearchInput } from '../../components/SearchInput';
import { Alert, Button, EmptyState, Loading, Page, Tag } from '../../components/ui';
import { authLabel, catalogCategories, categoryLabel, filterCatalog } from '../../lib/catalog';
import type { CatalogEntry } from '../../lib/catalog';
import { Link } from '../../lib/router';
import { AddBack } from './AddServerPage';
import { CatalogAddDialog } from './CatalogAddDialog';
import { useCatalog } from './useCatalog';

export function CatalogPage() {
  const catalog = useCatalog();
  const { servers } = useHub();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('all');
  const debounced = useDebounced(query, 100);
  const entries = catalog.data?.servers;
  const categories = useMemo(() => (entries ? catalogCategories(entries) : []), [entries]);
  const visible = useMemo(() => (entries ? filterCatalog(entries, debounced, category) : []), [entries, debounced, category]);
  const [chosen, setChosen] = useState<CatalogEntry | undefined>();
  const added = useMemo(() => new Set(servers.data?.map((server) => server.name)), [servers.data]);

  return (
    <Page title="Official remote servers" subtitle="Servers run by the vendors themselves. Pick one to add it in one step." back={<AddBack />}>
      {catalog.loading && !catalog.data && <Loading label="Loading the catalog…" />}
      {catalog.error !== undefined && (
        <Alert tone="danger" title="Could not load the catalog" action={<Button onClick={catalog.reload}>Try again</Button>}>
          {errorText(catalog.error)}
        </Alert>
      )}
      {entries && (
        <>
          <div className="toolbar">
            <SearchInput value={query} onChange={setQuery} placeholder={`Search ${entries.length} servers`} label="Search the catalog" />
            <div className="chips" role="radiogroup" aria-label="Category">
              {['all', ...categories.slice(0, 7)].map((item) => (
                <button key={item} type="button" role="radio" aria-checked={category === item} className="chip" onClick={() => setCategory(item)}>
                  {item === 'all' ? 'All' : categoryLabel(item)}
                </button>
              ))}
            </div>
          </div>
          {visible.length === 0 ? (
            <EmptyState icon="search" title="No servers match" action={<Link className="btn btn-secondary" to="/add/remote">Add any remote server by URL</Link>}>
              The catalog lists official servers only. Any other server can be added by its URL.
            </EmptyState>
          ) : (
            <div className="catalog-grid">
              {visible.map((entry) => (
                <button key={entry.id} type="button" onClick={() => setChosen(entry)} className="catalog-card" data-catalog={entry.id} aria-label={`${entry.name} by ${entry.publisher}`}>
                  <div className="catalog-card-head">
                    <CatalogIcon icon={entry.icon} name={entry.name} />
                    <div className="catalog-card-name">
                      <span className="catalog-name">{entry.name}</span>
                      <span className="catalog-publisher">{entry.publisher}</span>
                    </div>
                    {added.has(entry.id) && <Tag>Added</Tag>}
                  </div>
                  <p className="catalog-desc">{entry.description}</p>
                  <div className="catalog-tags">
                    <Tag>{authLabel(entry)}</Tag>
                    {entry.categories.slice(0, 2).map((item) => (
                      <Tag key={item}>{categoryLabel(item)}</Tag>
                    ))}
                  </div>
                </button>
              ))}
            </div>
          )}
        </>
      )}
      {chosen && <CatalogAddDialog entry={chosen} taken={added} onClose={() => setChosen(undefined)} />}
    </Page>
  );
}
