// Safe substitution of `{name}` placeholders in an endpoint URL template. Values are checked and
// encoded so that a value can never change which host the URL points to: a placeholder inside the
// host must be one DNS label; anywhere else the value is percent-encoded.
// Not from shared/catalog: that builds the catalog's zod schema, which start-up does not need.
import { URL_PLACEHOLDER } from '../../shared/catalogConstants';
import { HubError } from '../core/errors';

export interface TemplateVariable {
  name: string;
  description?: string;
  example?: string;
  /** A regular expression source the whole value must match. */
  pattern?: string;
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const MAX_VALUE_LENGTH = 200;

/**
 * Fills in `template` with `values`. `subject` names what is being configured in error messages
 * (`catalog entry "github-enterprise"`). Every declared variable needs a value; unknown values are
 * rejected. Throws HubError('VALIDATION_FAILED') naming the variable and how to pass it.
 */
export function expandUrlTemplate(template: string, declared: ReadonlyArray<TemplateVariable>, values: Readonly<Record<string, string>>, subject: string): string {
  const byName = new Map(declared.map((variable) => [variable.name, variable]));
  const unknown = Object.keys(values).filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const takes = declared.length > 0 ? `it takes ${declared.map((variable) => variable.name).join(', ')}` : 'it takes no variables';
    throw new HubError('VALIDATION_FAILED', `Unknown variable ${unknown.map((name) => `"${name}"`).join(', ')} for ${subject}: ${takes}. Remove the extra --var.`);
  }
  const hostEnd = authorityEnd(template);
  const expanded = template.replace(URL_PLACEHOLDER, (_whole, name: string, offset: number) => {
    const variable = byName.get(name);
    if (!variable) throw new HubError('VALIDATION_FAILED', `The url of ${subject} uses {${name}}, which is not declared. Fix the entry.`);
    const value = checkValue(variable, values[name], subject, offset < hostEnd);
    return offset < hostEnd ? value.toLowerCase() : encodeURIComponent(value);
  });
  assertSameHostShape(template, expanded, subject);
  return expanded;
}

function checkValue(variable: TemplateVariable, raw: string | undefined, subject: string, inHost: boolean): string {
  const value = raw?.trim() ?? '';
  const hint = `Pass it as --var ${variable.name}=${variable.example ?? 'VALUE'}`;
  const about = variable.description ? ` (${variable.description})` : '';
  if (value === '') throw new HubError('VALIDATION_FAILED', `Missing value for variable "${variable.name}"${about} of ${subject}. ${hint}.`);
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value.length > MAX_VALUE_LENGTH) throw new HubError('VALIDATION_FAILED', `The value for "${variable.name}" of ${subject} is too long (max ${MAX_VALUE_LENGTH} characters). ${hint}.`);
  if (inHost && !DNS_LABEL.test(value)) {
    throw new HubError(
      'VALIDATION_FAILED',
      `The value ${shown} for "${variable.name}" of ${subject} is not allowed: it is part of the server's host name, so it must be a single DNS label (letters, digits and inner hyphens, no dots, slashes or other characters). ${hint}.`,
    );
  }
  if (variable.pattern !== undefined && !new RegExp(`^(?:${variable.pattern})$`).test(value)) {
    throw new HubError('VALIDATION_FAILED', `The value ${shown} for "${variable.name}" of ${subject} does not have the expected form (${variable.pattern}). ${hint}.`);
  }
  return value;
}

/** Index where the authority (host[:port]) of an absolute URL template ends. */
function authorityEnd(template: string): number {
  const start = template.indexOf('://');
  if (start < 0) return 0;
  const rest = template.slice(start + 3).search(/[/?#]/);
  return rest < 0 ? template.length : start + 3 + rest;
}

/** Belt and braces: the result must be https with the template's host, filled in, and no user info. */
function assertSameHostShape(template: string, expanded: string, subject: string): void {
  let url: URL;
  try {
    url = new URL(expanded);
  } catch (cause) {
    throw new HubError('VALIDATION_FAILED', `The url of ${subject} is not a valid URL once the variables are filled in. Check the values you passed with --var.`, { cause });
  }
  const expectedAuthority = expanded.slice(expanded.indexOf('://') + 3, authorityEnd(expanded)).toLowerCase();
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.host !== expectedAuthority || !template.startsWith('https://')) {
    throw new HubError('VALIDATION_FAILED', `The url of ${subject} would not point to an https:// host of the expected form once the variables are filled in. Check the values you passed with --var.`);
  }
}
