import { useEffect, useState } from 'react';
import type { BundlePreview } from '../../../../shared/api';
import { bundleApi } from '../../api/bundleApi';
import { useDebounced } from '../../api/hooks';
import { toApiRules } from '../../lib/bundleRules';
import type { Rule } from '../../lib/bundleRules';

/**
 * What the unsaved rules would expose (`POST /api/bundles/preview`), fetched 250 ms after the last
 * change; the previous answer stays on screen meanwhile, so the preview does not flicker.
 */
export function useBundlePreview(rules: readonly Rule[]): { data?: BundlePreview; error?: unknown; loading: boolean } {
  const key = JSON.stringify(toApiRules(rules));
  const debounced = useDebounced(key, 250);
  const [state, setState] = useState<{ key?: string; data?: BundlePreview; error?: unknown }>({});
  useEffect(() => {
    const controller = new AbortController();
    bundleApi.previewRules(JSON.parse(debounced) as ReturnType<typeof toApiRules>, controller.signal).then(
      (data) => setState({ key: debounced, data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ key: debounced, data: previous.data, error }));
      },
    );
    return () => controller.abort();
  }, [debounced]);
  return { data: state.data, error: state.error, loading: state.key !== key };
}
