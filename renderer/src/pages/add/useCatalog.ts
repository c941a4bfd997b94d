import { ApiError, api } from '../../api/client';
import { useResource } from '../../api/hooks';
import type { Resource } from '../../api/hooks';
import { parseCatalog } from '../../lib/catalog';
import type { Catalog } from '../../lib/catalog';

// The catalog comes from `GET /api/catalog` (resources/catalog.json as the hub ships it). Until
// a hub without that route is gone, the copy bundled with the UI stands in (loaded on demand).
async function loadCatalog(signal: AbortSignal): Promise<Catalog> {
  let data: unknown;
  try {
    data = await api.catalog(signal);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'NOT_FOUND')) throw error;
    data = (await import('../../../../resources/catalog.json')).default;
  }
  const parsed = parseCatalog(data);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.catalog;
}

export function useCatalog(): Resource<Catalog> {
  return useResource(loadCatalog, 'catalog');
}
