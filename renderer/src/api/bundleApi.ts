// Virtual servers (bundles): `/api/bundles...` (hub/serve/routes/bundleRoutes.ts).
import type { BundleDetail, BundlePreview, BundleRuleInput, BundleView, CreateBundleInput, UpdateBundleInput } from '../../../shared/api';
import { enc, request } from './client';

export const bundleApi = {
  list: (signal?: AbortSignal) => request<BundleView[]>('GET', '/bundles', undefined, signal),
  get: (name: string, signal?: AbortSignal) => request<BundleDetail>('GET', `/bundles/${enc(name)}`, undefined, signal),
  create: (input: CreateBundleInput) => request<BundleView>('POST', '/bundles', input),
  update: (name: string, input: UpdateBundleInput) => request<BundleView>('PATCH', `/bundles/${enc(name)}`, input),
  remove: (name: string) => request<BundleView>('DELETE', `/bundles/${enc(name)}`),
  /** What unsaved rules would expose. */
  previewRules: (rules: BundleRuleInput[], signal?: AbortSignal) => request<BundlePreview>('POST', '/bundles/preview', { rules }, signal),
  preview: (name: string, signal?: AbortSignal) => request<BundlePreview>('GET', `/bundles/${enc(name)}/preview`, undefined, signal),
};
