// Editable name/value rows (HTTP headers, environment variables) with a "secret" checkbox each.
// Secret values are masked while typed and stored in the hub's secret store, never in SQLite.
import type { ValueRow } from '../lib/transportForm';
import { newRow } from '../lib/transportForm';
import { Button, IconButton } from './ui';

interface ValueRowsProps {
  rows: ValueRow[];
  onChange: (rows: ValueRow[]) => void;
  kind: 'header' | 'env';
  /** Whether a newly named row should default to secret. */
  secretByDefault: (name: string) => boolean;
}

export function ValueRows({ rows, onChange, kind, secretByDefault }: ValueRowsProps) {
  const noun = kind === 'header' ? 'header' : 'variable';
  const update = (id: string, patch: Partial<ValueRow>): void => onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  return (
    <div className="value-rows" role="group" aria-label={kind === 'header' ? 'HTTP headers' : 'Environment variables'}>
      {rows.length > 0 && (
        <div className="value-row value-row-head" aria-hidden="true">
          <span>Name</span>
          <span>Value</span>
          <span>Secret</span>
          <span />
        </div>
      )}
      {rows.map((row, index) => (
        <div className="value-row" key={row.id}>
          <input
            className="input mono"
            aria-label={`${kind === 'header' ? 'Header' : 'Variable'} ${index + 1} name`}
            placeholder={kind === 'header' ? 'X-Api-Key' : 'API_KEY'}
            value={row.name}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => {
              const name = event.target.value;
              const touchedSecret = row.name !== '' && secretByDefault(row.name) !== row.secret;
              update(row.id, { name, secret: touchedSecret ? row.secret : secretByDefault(name) });
            }}
          />
          <input
            className="input mono"
            aria-label={`${kind === 'header' ? 'Header' : 'Variable'} ${index + 1} value`}
            type={row.secret ? 'password' : 'text'}
            placeholder={row.secret ? '••••••••' : 'value'}
            value={row.value}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => update(row.id, { value: event.target.value })}
          />
          <label className="checkbox" title="Store the value in the secret store; it is never shown again">
            <input type="checkbox" checked={row.secret} onChange={(event) => update(row.id, { secret: event.target.checked })} aria-label={`${kind === 'header' ? 'Header' : 'Variable'} ${index + 1} is secret`} />
          </label>
          <IconButton icon="x" label={`Remove ${noun} ${index + 1}`} onClick={() => onChange(rows.filter((item) => item.id !== row.id))} />
        </div>
      ))}
      <Button size="sm" variant="ghost" icon="plus" onClick={() => onChange([...rows, newRow()])}>
        Add {noun}
      </Button>
    </div>
  );
}
