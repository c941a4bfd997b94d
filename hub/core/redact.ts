// Redaction of secrets before they reach a log line, an error message or the database.
//
// Two mechanisms: (1) known secret values are registered with a `Redactor` when they are loaded
// from the SecretStore, and every occurrence is replaced; (2) shapes that are secrets whatever
// their value (bearer tokens, `token=...` query parameters, our own `pb_` hub tokens) are masked
// by pattern. Field names that hold secrets (`authorization`, `token`, `password`, ...) are
// masked wholesale in structured log fields.

const MASK = '[redacted]';

const SECRET_FIELD = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|token|access[-_]?token|refresh[-_]?token|id[-_]?token|client[-_]?secret|password|secret|code_verifier)$/i;

const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${MASK}`],
  [/\bpb_[A-Za-z0-9_-]{16,}/g, MASK],
  [/([?&](?:access_token|token|api_key|apikey|key|client_secret|code)=)[^&\s"']+/gi, `$1${MASK}`],
];

export class Redactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  /** Registers a secret value so that every later occurrence is masked. Short values are ignored. */
  add(value: string | undefined): void {
    if (!value || value.length < 6 || this.values.has(value)) return;
    this.values.add(value);
    this.pattern = undefined;
  }

  redact(text: string): string {
    let out = text;
    if (this.values.size > 0) {
      this.pattern ??= new RegExp([...this.values].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
      out = out.replace(this.pattern, MASK);
    }
    for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
    return out;
  }

  /** Deep-copies a structured value with secret-named fields masked and strings redacted. */
  redactValue(value: unknown, depth = 0): unknown {
    if (depth > 8) return '[…]';
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, depth + 1));
    if (value instanceof Error) return this.redact(value.message);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        out[key] = SECRET_FIELD.test(key) && item !== undefined && item !== null && item !== '' ? MASK : this.redactValue(item, depth + 1);
      }
      return out;
    }
    return value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const REDACTED = MASK;
