import { useCallback, useMemo, useState } from 'react';
import type { BundleView } from '../../../../shared/api';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../../../../shared/types';
import { ApiError, errorText } from '../../api/client';
import { bundleApi } from '../../api/bundleApi';
import { useAction, useResource } from '../../api/hooks';
import { playgroundApi } from '../../api/playgroundApi';
import { Alert, Button, Field, TextInput } from '../../components/ui';
import { normalizeRule, setToolIncluded, setToolOverrides, toApiRules } from '../../lib/bundleRules';
import type { Rule } from '../../lib/bundleRules';
import { navigate } from '../../lib/router';
import { PreviewCard } from './PreviewCard';
import { RulesCard } from './RulesCard';
import { ToolPicker } from './ToolPicker';
import { useBundlePreview } from './useBundlePreview';

/**
 * The builder: tools across servers on the left (search, server filter, tick to include), the
 * rules and a live preview of what the bundle exposes on the right. Creates a bundle (no
 * `bundle`) or saves the rules of an existing one.
 */
export function BundleBuilder({ bundle, onSaved }: { bundle?: BundleView; onSaved?: () => void }) {
  const [name, setName] = useState(bundle?.name ?? '');
  const [description, setDescription] = useState(bundle?.description ?? '');
  const [rules, setRules] = useState<Rule[]>(() => (bundle?.rules ?? []).map(normalizeRule));
  const [problem, setProblem] = useState<string | undefined>();
  const groups = useResource((signal) => playgroundApi.tools(signal), 'playground-tools');
  const preview = useBundlePreview(rules);
  const initial = useMemo(() => JSON.stringify({ d: bundle?.description ?? '', r: toApiRules((bundle?.rules ?? []).map(normalizeRule)) }), [bundle]);
  const dirty = !bundle || JSON.stringify({ d: description.trim(), r: toApiRules(rules) }) !== initial;

  const save = useAction(async () => {
    if (bundle) {
      await bundleApi.update(bundle.name, { description: description.trim() || null, rules: toApiRules(rules) });
      onSaved?.();
      return bundle.name;
    }
    const created = await bundleApi.create({ name, description: description.trim() || undefined, rules: toApiRules(rules) });
    navigate(`/virtual/${encodeURIComponent(created.name)}`);
    return created.name;
  });

  const onToggle = useCallback((server: string, tool: string, include: boolean) => setRules((previous) => setToolIncluded(previous, server, tool, include)), []);
  const onOverride = useCallback((server: string, tool: string, overrides: { as?: string; description?: string }) => setRules((previous) => setToolOverrides(previous, server, tool, overrides)), []);
  const overridesOf = useCallback(
    (server: string, tool: string) => {
      const rule = rules.find((item) => item.kind === 'tool' && item.pattern === `${server}/${tool}` && item.action === 'include');
      return { as: rule?.as, description: rule?.description };
    },
    [rules],
  );

  const submit = (): void => {
    if (!bundle) {
      if (!name) return setProblem('Give the virtual server a name; clients reach it at /mcp/NAME.');
      if (!SERVER_NAME_PATTERN.test(name)) return setProblem(`"${name}" is not a valid name: ${SERVER_NAME_RULE}.`);
    }
    setProblem(undefined);
    void save.run();
  };
  const nameTaken = save.error instanceof ApiError && save.error.code === 'ALREADY_EXISTS';

  return (
    <div className="builder">
      <section className="card">
        <div className="form-grid">
          {!bundle && (
            <Field label="Name" error={nameTaken ? errorText(save.error) : problem && !SERVER_NAME_PATTERN.test(name) ? problem : undefined} hint={<>Clients reach it at <code>/mcp/{name || 'NAME'}</code>.</>}>
              {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} value={name} placeholder="writing-tools" autoFocus onChange={(event) => setName(event.target.value.toLowerCase())} onKeyDown={(event) => event.key === 'Enter' && submit()} />}
            </Field>
          )}
          <Field label="Description" optional hint="Shown to clients as the server's instructions.">
            {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} value={description} placeholder="What this set of tools is for" onChange={(event) => setDescription(event.target.value)} />}
          </Field>
        </div>
      </section>
      <div className="builder-columns">
        <ToolPicker groups={groups} rules={rules} onToggle={onToggle} />
        <div className="builder-side">
          <PreviewCard preview={preview} onOverride={onOverride} overridesOf={overridesOf} title="What clients will see" />
          <RulesCard rules={rules} onChange={setRules} />
        </div>
      </div>
      <div className="submit-bar">
        {(problem || (save.error !== undefined && !nameTaken)) && (
          <Alert tone="danger" title={bundle ? 'The changes were not saved' : 'The virtual server was not created'}>
            {problem ?? errorText(save.error)}
          </Alert>
        )}
        <div className="submit-row">
          <Button variant="ghost" onClick={() => (bundle ? setRules((bundle.rules ?? []).map(normalizeRule)) : navigate('/virtual'))} disabled={bundle ? !dirty : false}>
            {bundle ? 'Discard changes' : 'Cancel'}
          </Button>
          <Button variant="primary" busy={save.pending} disabled={!dirty} onClick={submit}>
            {bundle ? 'Save changes' : 'Create virtual server'}
          </Button>
        </div>
      </div>
    </div>
  );
}
