import { useState } from 'react';
import type { BundleItemKind } from '../../../../shared/api';
import { bundlePatternProblem } from '../../../../shared/api';
import { IconButton, Select, TextInput, Button, Tag } from '../../components/ui';
import { addRule, isPattern } from '../../lib/bundleRules';
import type { Rule } from '../../lib/bundleRules';

/** The bundle's rules as data, with a line to add a pattern rule (`github/*`, `*\/read_*`). */
export function RulesCard({ rules, onChange }: { rules: readonly Rule[]; onChange: (rules: Rule[]) => void }) {
  const [kind, setKind] = useState<BundleItemKind>('tool');
  const [action, setAction] = useState<'include' | 'exclude'>('include');
  const [pattern, setPattern] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const add = (): void => {
    const text = pattern.trim();
    const bad = text ? bundlePatternProblem(kind, text) : kind === 'resource' ? 'Enter a server name or pattern, e.g. "github" or "*".' : 'Enter a pattern, e.g. "github/*" or "*/read_*".';
    if (bad) return setProblem(`${bad.charAt(0).toUpperCase()}${bad.slice(1)}.`);
    setProblem(undefined);
    onChange(addRule(rules, { kind, action, pattern: text }));
    setPattern('');
  };
  return (
    <section className="card" aria-label="Rules">
      <div className="card-head">
        <h2 className="card-title">Rules</h2>
      </div>
      {rules.length === 0 ? (
        <p className="muted">No rules yet. Tick tools on the left, or add a pattern such as <code>github/*</code> (all of GitHub's tools) or <code>*/read_*</code>.</p>
      ) : (
        <ol className="rule-list">
          {rules.map((rule, index) => (
            <li key={`${rule.kind}:${rule.pattern}`} className="rule-row" data-rule={rule.pattern}>
              <span className={`rule-action rule-${rule.action}`}>{rule.action === 'include' ? 'Include' : 'Exclude'}</span>
              {rule.kind !== 'tool' && <Tag>{rule.kind}</Tag>}
              <code className="rule-pattern">{rule.pattern}</code>
              {isPattern(rule.pattern) && <Tag>pattern</Tag>}
              {rule.as && <span className="muted">as <code>{rule.as}</code></span>}
              {rule.description && <span className="muted rule-desc" title={rule.description}>new description</span>}
              <IconButton icon="x" size="sm" label={`Remove rule ${rule.pattern}`} onClick={() => onChange(rules.filter((_, at) => at !== index))} />
            </li>
          ))}
        </ol>
      )}
      <div className="rule-add" role="group" aria-label="Add a rule">
        <Select aria-label="Rule action" value={action} onChange={(event) => setAction(event.target.value as 'include' | 'exclude')}>
          <option value="include">Include</option>
          <option value="exclude">Exclude</option>
        </Select>
        <Select aria-label="Rule kind" value={kind} onChange={(event) => setKind(event.target.value as BundleItemKind)}>
          <option value="tool">tools</option>
          <option value="prompt">prompts</option>
          <option value="resource">resources of</option>
        </Select>
        <TextInput className="mono" aria-label="Rule pattern" aria-invalid={problem ? true : undefined} placeholder={kind === 'resource' ? 'github or *' : 'server/* or */read_*'} value={pattern} onChange={(event) => setPattern(event.target.value)} onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }} />
        <Button icon="plus" onClick={add}>
          Add rule
        </Button>
      </div>
      {problem && (
        <div className="field-error" role="alert">
          {problem}
        </div>
      )}
      <p className="muted form-note">An exact rule (no *) decides for its tool; among patterns the later rule wins. A new name or description needs an exact rule.</p>
    </section>
  );
}
