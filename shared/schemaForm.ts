// A tool's JSON Schema (its `inputSchema`) as a form the UI can render: field descriptors with
// labels, required flags and defaults; starting values; and the way back from what the user typed
// to tool arguments (coercion + validation with per-field messages). Pure: no DOM, no Node.
//
//   const form = buildForm(tool.inputSchema);
//   let values = initialValues(form);            // render form.root.fields, edit `values`
//   const { value, errors } = formArguments(form, values);
//
// Supported: object (nested), array (of any field), string (format, length, pattern, multiline),
// number / integer (bounds), boolean, enum / const, nullable (`type: [X, "null"]`), allOf
// (merged), oneOf / anyOf (a `union` field; all-constant branches become an enum), local $ref
// (`#/$defs/...`, `#/definitions/...`, recursion cut to a JSON field). Anything else: a `json`
// field edited as raw JSON text.

export type JsonSchema = { [key: string]: unknown };

interface FieldBase {
  /** Property name (array items: the index as a string; the root: ''). */
  key: string;
  /** Path from the root, for error messages and React keys. */
  path: Array<string | number>;
  label: string;
  description?: string;
  required: boolean;
  /** The schema's `default`, if any. */
  default?: unknown;
  /** `null` is an accepted value (type [X, "null"], or a null branch of oneOf/anyOf). */
  nullable: boolean;
}

export type FormField =
  | (FieldBase & { kind: 'string'; format?: string; multiline: boolean; minLength?: number; maxLength?: number; pattern?: string })
  | (FieldBase & { kind: 'number'; integer: boolean; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number })
  | (FieldBase & { kind: 'boolean' })
  | (FieldBase & { kind: 'enum'; options: Array<{ value: unknown; label: string }> })
  | (FieldBase & { kind: 'object'; fields: FormField[]; additionalProperties: boolean })
  | (FieldBase & { kind: 'array'; item: FormField; minItems?: number; maxItems?: number })
  | (FieldBase & { kind: 'union'; variants: Array<{ label: string; field: FormField }> })
  | (FieldBase & { kind: 'json' });

export type FormFieldKind = FormField['kind'];

export interface FormModel {
  root: Extract<FormField, { kind: 'object' }>;
}

export interface FormError {
  path: Array<string | number>;
  message: string;
}

const MAX_DEPTH = 12;

export function buildForm(schema: unknown): FormModel {
  const root = isObject(schema) ? schema : {};
  const field = toField(root, { root, key: '', path: [], required: true, depth: 0, refs: [] });
  if (field.kind === 'object') return { root: field };
  // A top-level schema that is not an object: show its properties, if it has any, else nothing.
  return { root: { key: '', path: [], label: '', required: true, nullable: false, kind: 'object', fields: [], additionalProperties: true } };
}

interface Context {
  root: JsonSchema;
  key: string;
  path: Array<string | number>;
  required: boolean;
  depth: number;
  refs: string[];
}

function toField(input: JsonSchema, ctx: Context): FormField {
  let schema = input;
  const refs = [...ctx.refs];
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    const target = refs.includes(ref) ? undefined : resolveRef(ctx.root, ref);
    if (!target || ctx.depth > MAX_DEPTH) return { ...base(schema, ctx), kind: 'json' };
    refs.push(ref);
    const { $ref: _ignored, ...rest } = schema;
    schema = { ...target, ...rest };
  }
  if (Array.isArray(schema.allOf)) schema = mergeAllOf(schema, ctx.root);
  const next = (child: JsonSchema, key: string, required: boolean): FormField =>
    toField(child, { root: ctx.root, key, path: [...ctx.path, key], required, depth: ctx.depth + 1, refs });
  const common = base(schema, ctx);
  if (ctx.depth > MAX_DEPTH) return { ...common, kind: 'json' };

  if ('const' in schema) return { ...common, kind: 'enum', options: [{ value: schema.const, label: labelOf(schema.const) }], default: common.default ?? schema.const };
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((value) => value !== null);
    return { ...common, nullable: common.nullable || values.length < schema.enum.length, kind: 'enum', options: values.map((value) => ({ value, label: labelOf(value) })) };
  }

  const branches = (Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined)?.filter(isObject);
  if (branches) {
    const nonNull = branches.filter((branch) => branch.type !== 'null');
    const nullable = common.nullable || nonNull.length < branches.length;
    if (nonNull.length > 0 && nonNull.every((branch) => 'const' in branch)) {
      return { ...common, nullable, kind: 'enum', options: nonNull.map((branch) => ({ value: branch.const, label: typeof branch.title === 'string' ? branch.title : labelOf(branch.const) })) };
    }
    if (nonNull.length === 1) {
      const only = toField({ ...withoutKeys(schema, ['oneOf', 'anyOf']), ...nonNull[0] }, { ...ctx, refs });
      return { ...only, nullable, ...(common.default !== undefined ? { default: common.default } : {}) };
    }
    const variants = nonNull.map((branch, index) => ({
      label: variantLabel(branch, index),
      field: toField({ ...withoutKeys(schema, ['oneOf', 'anyOf', 'title', 'description', 'default']), ...branch }, { ...ctx, refs, depth: ctx.depth + 1 }),
    }));
    return { ...common, nullable, kind: 'union', variants };
  }

  const { type, nullable } = typeOf(schema);
  const field = { ...common, nullable: common.nullable || nullable };
  switch (type) {
    case 'string':
      return {
        ...field,
        kind: 'string',
        multiline: schema.format === 'textarea' || (typeof schema.maxLength === 'number' ? schema.maxLength > 200 : false) || schema.contentMediaType !== undefined,
        ...(typeof schema.format === 'string' ? { format: schema.format } : {}),
        ...numberProp(schema, 'minLength'),
        ...numberProp(schema, 'maxLength'),
        ...(typeof schema.pattern === 'string' ? { pattern: schema.pattern } : {}),
      };
    case 'number':
    case 'integer':
      return {
        ...field,
        kind: 'number',
        integer: type === 'integer',
        ...numberProp(schema, 'minimum'),
        ...numberProp(schema, 'maximum'),
        ...numberProp(schema, 'exclusiveMinimum'),
        ...numberProp(schema, 'exclusiveMaximum'),
      };
    case 'boolean':
      return { ...field, kind: 'boolean' };
    case 'array': {
      const items = isObject(schema.items) ? schema.items : {};
      return { ...field, kind: 'array', item: next(items, 'items', true), ...numberProp(schema, 'minItems'), ...numberProp(schema, 'maxItems') };
    }
    case 'object': {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required.filter((item): item is string => typeof item === 'string') : []);
      const fields = Object.entries(properties)
        .filter((entry): entry is [string, JsonSchema] => isObject(entry[1]))
        .map(([key, child]) => next(child, key, required.has(key)));
      const additional = schema.additionalProperties;
      return { ...field, kind: 'object', fields, additionalProperties: additional === undefined ? fields.length === 0 : additional !== false };
    }
    default:
      return { ...field, kind: 'json' };
  }
}

/** Starting values: defaults where the schema has them, empty values for required fields, nothing for the rest. */
export function initialValues(form: FormModel): { [key: string]: unknown } {
  return (initialValue(form.root) as { [key: string]: unknown } | undefined) ?? {};
}

export function initialValue(field: FormField): unknown {
  if (field.default !== undefined) return structuredClone(field.default);
  if (!field.required) return undefined;
  switch (field.kind) {
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'enum':
      return field.options.length === 1 ? field.options[0]!.value : undefined;
    case 'object': {
      const out: { [key: string]: unknown } = {};
      for (const child of field.fields) {
        const value = initialValue(child);
        if (value !== undefined) out[child.key] = value;
      }
      return out;
    }
    case 'array':
      return [];
    case 'union':
      return field.variants[0] ? initialValue({ ...field.variants[0].field, required: true }) : undefined;
    default:
      return undefined;
  }
}

/**
 * What the user entered -> a value of the field's type. Text from inputs becomes numbers /
 * booleans / parsed JSON; empty inputs become undefined (left out). Values that cannot be
 * coerced are returned as they are, for `validateValue` to report.
 */
export function coerceValue(field: FormField, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  if (raw === null) return field.nullable ? null : undefined;
  // An empty input is "not given": left out when optional, reported when required.
  if (raw === '') return undefined;
  switch (field.kind) {
    case 'number': {
      if (typeof raw !== 'string') return raw;
      const n = Number(raw.trim());
      return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
    }
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'enum': {
      const match = field.options.find((option) => option.value === raw || (typeof raw === 'string' && String(option.value) === raw));
      return match ? match.value : raw;
    }
    case 'object': {
      if (!isObject(raw)) return typeof raw === 'string' ? parseJson(raw) : raw;
      const out: { [key: string]: unknown } = {};
      const known = new Set(field.fields.map((child) => child.key));
      for (const child of field.fields) {
        const value = coerceValue(child, raw[child.key]);
        if (value !== undefined) out[child.key] = value;
      }
      if (field.additionalProperties) for (const [key, value] of Object.entries(raw)) if (!known.has(key) && value !== undefined) out[key] = value;
      return out;
    }
    case 'array':
      if (!Array.isArray(raw)) return typeof raw === 'string' ? parseJson(raw) : raw;
      return raw.map((item) => coerceValue({ ...field.item, required: true }, item)).filter((item) => item !== undefined);
    case 'union': {
      for (const variant of field.variants) {
        const value = coerceValue({ ...variant.field, required: true }, raw);
        if (validateValue({ ...variant.field, required: true }, value).length === 0) return value;
      }
      return raw;
    }
    case 'json':
      return typeof raw === 'string' ? parseJson(raw) : raw;
    default:
      return raw;
  }
}

/** Problems with a (coerced) value, each with its path; empty when the value is fine. */
export function validateValue(field: FormField, value: unknown): FormError[] {
  return validateAt(field, value, field.path);
}

function validateAt(field: FormField, value: unknown, path: Array<string | number>): FormError[] {
  const errors: FormError[] = [];
  const fail = (message: string): FormError[] => [...errors, { path, message }];
  if (value === undefined) return field.required ? fail(`${field.label || 'This value'} is required.`) : errors;
  if (value === null) return field.nullable ? errors : fail(`${field.label || 'This value'} may not be empty.`);
  switch (field.kind) {
    case 'string':
      if (typeof value !== 'string') return fail('Enter text.');
      if (field.minLength !== undefined && value.length < field.minLength) return fail(`Enter at least ${field.minLength} characters.`);
      if (field.maxLength !== undefined && value.length > field.maxLength) return fail(`Enter at most ${field.maxLength} characters.`);
      if (field.pattern !== undefined && !safeTest(field.pattern, value)) return fail(`Must match the pattern ${field.pattern}.`);
      return errors;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('Enter a number.');
      if (field.integer && !Number.isInteger(value)) return fail('Enter a whole number.');
      if (field.minimum !== undefined && value < field.minimum) return fail(`Must be at least ${field.minimum}.`);
      if (field.maximum !== undefined && value > field.maximum) return fail(`Must be at most ${field.maximum}.`);
      if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) return fail(`Must be more than ${field.exclusiveMinimum}.`);
      if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum) return fail(`Must be less than ${field.exclusiveMaximum}.`);
      return errors;
    case 'boolean':
      return typeof value === 'boolean' ? errors : fail('Choose true or false.');
    case 'enum':
      return field.options.some((option) => sameValue(option.value, value)) ? errors : fail(`Choose one of: ${field.options.map((option) => option.label).join(', ')}.`);
    case 'object':
      if (!isObject(value)) return fail('Enter an object.');
      return field.fields.flatMap((child) => validateAt(child, value[child.key], [...path, child.key]));
    case 'array':
      if (!Array.isArray(value)) return fail('Enter a list.');
      if (field.minItems !== undefined && value.length < field.minItems) return fail(`Add at least ${field.minItems} item${field.minItems === 1 ? '' : 's'}.`);
      if (field.maxItems !== undefined && value.length > field.maxItems) return fail(`Use at most ${field.maxItems} item${field.maxItems === 1 ? '' : 's'}.`);
      return value.flatMap((item, index) => validateAt({ ...field.item, required: true, label: `Item ${index + 1}` }, item, [...path, index]));
    case 'union':
      return field.variants.some((variant) => validateValue({ ...variant.field, required: true }, value).length === 0) ? errors : fail(`Does not match any of: ${field.variants.map((variant) => variant.label).join(', ')}.`);
    case 'json':
      return value instanceof InvalidJson ? fail(`Not valid JSON: ${value.message}`) : errors;
  }
}

/** The tool arguments for the form's values: coerced, validated, empty optional fields left out. */
export function formArguments(form: FormModel, values: unknown): { value: { [key: string]: unknown }; errors: FormError[] } {
  const value = coerceValue(form.root, values ?? {});
  const errors = validateValue(form.root, value);
  return { value: isObject(value) ? value : {}, errors };
}

/** Which variant of a union field a value belongs to (index), or -1. */
export function matchVariant(field: Extract<FormField, { kind: 'union' }>, value: unknown): number {
  return field.variants.findIndex((variant) => validateValue({ ...variant.field, required: true }, coerceValue({ ...variant.field, required: true }, value)).length === 0);
}

// ---- helpers ------------------------------------------------------------------------------------

class InvalidJson {
  constructor(readonly message: string) {}
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return new InvalidJson(error instanceof Error ? error.message : String(error));
  }
}

function base(schema: JsonSchema, ctx: Context): FieldBase {
  return {
    key: ctx.key,
    path: ctx.path,
    label: typeof schema.title === 'string' ? schema.title : humanize(ctx.key),
    required: ctx.required,
    nullable: schema.nullable === true,
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    ...(schema.default !== undefined ? { default: schema.default } : {}),
  };
}

function typeOf(schema: JsonSchema): { type: string | undefined; nullable: boolean } {
  const type = schema.type;
  if (Array.isArray(type)) {
    const types = type.filter((item): item is string => typeof item === 'string');
    const nonNull = types.filter((item) => item !== 'null');
    return { type: nonNull.length === 1 ? nonNull[0] : undefined, nullable: nonNull.length < types.length };
  }
  if (typeof type === 'string') return { type, nullable: false };
  if (isObject(schema.properties)) return { type: 'object', nullable: false };
  if (schema.items !== undefined) return { type: 'array', nullable: false };
  return { type: undefined, nullable: false };
}

function mergeAllOf(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const out: JsonSchema = withoutKeys(schema, ['allOf']);
  const properties: JsonSchema = isObject(out.properties) ? { ...out.properties } : {};
  const required = new Set(Array.isArray(out.required) ? (out.required as unknown[]) : []);
  for (const part of (schema.allOf as unknown[]).filter(isObject)) {
    const branch = typeof part.$ref === 'string' ? (resolveRef(root, part.$ref) ?? {}) : part;
    if (isObject(branch.properties)) Object.assign(properties, branch.properties);
    if (Array.isArray(branch.required)) for (const item of branch.required) required.add(item);
    for (const [key, value] of Object.entries(branch)) if (!(key in out) && key !== 'properties' && key !== 'required') out[key] = value;
  }
  if (Object.keys(properties).length > 0) {
    out.properties = properties;
    out.type ??= 'object';
  }
  if (required.size > 0) out.required = [...required];
  return out;
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  return isObject(node) ? node : undefined;
}

function variantLabel(branch: JsonSchema, index: number): string {
  if (typeof branch.title === 'string') return branch.title;
  if (isObject(branch.properties)) {
    for (const value of Object.values(branch.properties)) if (isObject(value) && 'const' in value) return labelOf(value.const);
  }
  if (typeof branch.type === 'string') return branch.type;
  return `Option ${index + 1}`;
}

function withoutKeys(schema: JsonSchema, keys: string[]): JsonSchema {
  const out: JsonSchema = { ...schema };
  for (const key of keys) delete out[key];
  return out;
}

function numberProp<K extends string>(schema: JsonSchema, key: K): { [P in K]?: number } {
  const value = schema[key];
  return typeof value === 'number' ? ({ [key]: value } as { [P in K]?: number }) : {};
}

function humanize(key: string): string {
  if (key === '') return '';
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function labelOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true; // a pattern JavaScript cannot read is not the user's fault
  }
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
