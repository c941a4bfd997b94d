// A form generated from a tool's input schema (shared/schemaForm.ts describes the fields): text,
// numbers, booleans, enums as selects, nested objects, arrays with add/remove, unions with a
// variant picker, and raw JSON for what a form cannot show. Values stay as typed (strings from
// inputs); `formArguments` turns them into tool arguments and reports per-field errors.
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { FormError, FormField } from '../../../shared/schemaForm';
import { initialValue, matchVariant } from '../../../shared/schemaForm';
import { Button, IconButton } from './ui';

type Values = { [key: string]: unknown };

export function errorMap(errors: readonly FormError[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const error of errors) {
    const key = error.path.join('.');
    if (!map.has(key)) map.set(key, error.message);
  }
  return map;
}

interface FieldProps {
  field: FormField;
  value: unknown;
  onChange: (value: unknown) => void;
  errors: Map<string, string>;
  /** Array items: the label to show instead of the field's own. */
  label?: string;
  onRemove?: () => void;
}

/** The fields of an object (the root of a tool's arguments). */
export function ObjectFields({ fields, value, onChange, errors }: { fields: FormField[]; value: Values; onChange: (value: Values) => void; errors: Map<string, string> }) {
  return (
    <div className="sf-fields">
      {fields.map((child) => (
        <SchemaField key={child.key} field={child} value={value[child.key]} errors={errors} onChange={(next) => onChange(withKey(value, child.key, next))} />
      ))}
    </div>
  );
}

function withKey(value: Values, key: string, next: unknown): Values {
  const out = { ...value };
  if (next === undefined) delete out[key];
  else out[key] = next;
  return out;
}

export function SchemaField({ field, value, onChange, errors, label, onRemove }: FieldProps) {
  const id = useId();
  const error = errors.get(field.path.join('.'));
  const title = label ?? field.label;
  // Array items are always there once added; the others say whether they must be filled in.
  const marker = onRemove ? null : field.required ? <span className="arg-required" aria-hidden="true"> *</span> : <span className="field-optional">optional</span>;
  const head = (control: ReactNode, forId: string | undefined = id): ReactNode => (
    <div className={`sf-field ${error ? 'sf-invalid' : ''}`} data-field={field.path.join('.')}>
      <div className="sf-label-row">
        {forId ? (
          <label className="field-label" htmlFor={forId}>
            {title}
            {marker}
          </label>
        ) : (
          <span className="field-label">
            {title}
            {marker}
          </span>
        )}
        {onRemove && <IconButton icon="x" size="sm" label={`Remove ${title}`} onClick={onRemove} />}
      </div>
      {control}
      {field.description && !error && <div className="field-hint">{field.description}</div>}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);

  switch (field.kind) {
    case 'string':
      return head(
        field.multiline ? (
          <textarea id={id} className="input textarea" rows={3} value={text} aria-invalid={error ? true : undefined} onChange={(event) => onChange(event.target.value)} />
        ) : (
          <input id={id} className="input" type={field.format === 'password' ? 'password' : 'text'} spellCheck={false} autoComplete="off" value={text} placeholder={formatPlaceholder(field.format)} aria-invalid={error ? true : undefined} onChange={(event) => onChange(event.target.value)} />
        ),
      );
    case 'number':
      return head(
        <input
          id={id}
          className="input sf-number"
          inputMode={field.integer ? 'numeric' : 'decimal'}
          value={text}
          placeholder={field.integer ? 'whole number' : 'number'}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.value)}
        />,
      );
    case 'boolean':
      return (
        <div className={`sf-field ${error ? 'sf-invalid' : ''}`} data-field={field.path.join('.')}>
          <label className="checkbox-label">
            <input type="checkbox" checked={value === true || value === 'true'} onChange={(event) => onChange(event.target.checked)} />
            {title}
            {!field.required && <span className="field-optional">optional</span>}
          </label>
          {field.description && <div className="field-hint">{field.description}</div>}
          {error && <div className="field-error">{error}</div>}
        </div>
      );
    case 'enum': {
      const index = field.options.findIndex((option) => option.value === value || JSON.stringify(option.value) === JSON.stringify(value) || (typeof value === 'string' && String(option.value) === value));
      return head(
        <select id={id} className="input select" value={index < 0 ? '' : String(index)} aria-invalid={error ? true : undefined} onChange={(event) => onChange(event.target.value === '' ? undefined : field.options[Number(event.target.value)]?.value)}>
          <option value="">{field.required ? 'Choose…' : '(not set)'}</option>
          {field.options.map((option, optionIndex) => (
            <option key={optionIndex} value={String(optionIndex)}>
              {option.label}
            </option>
          ))}
        </select>,
      );
    }
    case 'object': {
      const object = isValues(value) ? value : {};
      return head(
        <fieldset className="sf-object" aria-label={title}>
          {field.fields.length > 0 ? (
            <ObjectFields fields={field.fields} value={object} onChange={(next) => onChange(Object.keys(next).length === 0 && !field.required ? undefined : next)} errors={errors} />
          ) : (
            <JsonInput value={value} onChange={onChange} label={title} />
          )}
        </fieldset>,
        undefined,
      );
    }
    case 'array': {
      const items = Array.isArray(value) ? value : [];
      const atMax = field.maxItems !== undefined && items.length >= field.maxItems;
      return head(
        <div className="sf-array" role="group" aria-label={title}>
          {items.map((item, index) => (
            <SchemaField
              key={index}
              field={{ ...field.item, path: [...field.path, index], required: true }}
              label={`${title} ${index + 1}`}
              value={item}
              errors={errors}
              onChange={(next) => onChange(items.map((old, at) => (at === index ? next : old)))}
              onRemove={() => onChange(items.filter((_, at) => at !== index))}
            />
          ))}
          <Button size="sm" variant="ghost" icon="plus" disabled={atMax} aria-label={`Add to ${title}`} onClick={() => onChange([...items, initialValue({ ...field.item, required: true })])}>
            Add item
          </Button>
        </div>,
        undefined,
      );
    }
    case 'union':
      return head(<UnionInput field={field} value={value} onChange={onChange} id={id} />);
    case 'json':
      return head(<JsonInput id={id} value={value} onChange={onChange} label={title} />);
  }
}

function UnionInput({ field, value, onChange, id }: { field: Extract<FormField, { kind: 'union' }>; value: unknown; onChange: (value: unknown) => void; id: string }) {
  const [chosen, setChosen] = useState(() => Math.max(0, value === undefined ? 0 : matchVariant(field, value)));
  const variant = field.variants[chosen];
  return (
    <div className="sf-union">
      <select
        id={id}
        className="input select"
        aria-label={`${field.label} type`}
        value={String(chosen)}
        onChange={(event) => {
          const next = Number(event.target.value);
          setChosen(next);
          const nextVariant = field.variants[next];
          onChange(nextVariant ? initialValue({ ...nextVariant.field, required: true }) : undefined);
        }}
      >
        {field.variants.map((item, index) => (
          <option key={index} value={String(index)}>
            {item.label}
          </option>
        ))}
      </select>
      {variant && <SchemaField field={{ ...variant.field, path: field.path, required: field.required }} label={`${field.label} (${variant.label})`} value={value} onChange={onChange} errors={new Map()} />}
    </div>
  );
}

/** Raw JSON for one value: the text is kept while it does not parse, so typing is never lost. */
function JsonInput({ value, onChange, label, id }: { value: unknown; onChange: (value: unknown) => void; label: string; id?: string }) {
  const [text, setText] = useState(() => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2)));
  return <textarea id={id} className="input textarea code-input" rows={3} aria-label={id ? undefined : `${label} (JSON)`} placeholder="JSON" value={text} onChange={(event) => { setText(event.target.value); onChange(event.target.value === '' ? undefined : event.target.value); }} />;
}

const FORMAT_EXAMPLES: Record<string, string> = {
  email: 'name@example.com',
  uri: 'https://…',
  url: 'https://…',
  date: 'YYYY-MM-DD',
  'date-time': 'YYYY-MM-DDTHH:MM:SSZ',
  time: 'HH:MM:SS',
  uuid: '00000000-0000-0000-0000-000000000000',
};

function formatPlaceholder(format: string | undefined): string {
  return format ? (FORMAT_EXAMPLES[format] ?? format) : '';
}

function isValues(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
