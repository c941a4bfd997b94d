// Primitives shared by the admin API modules (names, URLs, configured values).
import { z } from 'zod';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../types';

export const ServerNameSchema = z.string().regex(SERVER_NAME_PATTERN, `Invalid server name: ${SERVER_NAME_RULE}.`);
/**
 * A header or env value as a user gives it:
 * - a plain string: stored as a secret when it looks like one (any header except a few harmless
 *   ones like Accept; env names containing KEY, TOKEN, SECRET, PASSWORD, ...), otherwise as is;
 * - `{ value, secret }` to say explicitly;
 * - `"secret:NAME"` or `{ secretRef: NAME }` to use a secret stored with `patchbay secret set NAME`;
 * - `{ keep: true }`, when editing a server: keep what is stored for this name (secrets are never
 *   sent back, so an edit form cannot resend them).
 */
export const InputValueSchema = z.union([
  z.string().max(16_384),
  z.object({ value: z.string().max(16_384), secret: z.boolean().optional() }).strict(),
  z.object({ secretRef: z.string().min(1).max(128) }).strict(),
  z.object({ keep: z.literal(true) }).strict(),
]);
export type InputValue = z.infer<typeof InputValueSchema>;
export const HttpUrlSchema = z
  .string()
  .url('must be an absolute http(s) URL, e.g. https://api.example.com/v1')
  .refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://');

export const HeaderNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Header names may contain letters, digits and !#$%&\'*+.^_`|~- only.');
