import { z } from 'zod';

// Desktop-only preferences (window bounds, start hidden, theme), kept by electron-store in the
// window's userData folder. Hub settings live in the hub's database, not here.
//
// The reader is migration-safe: each field is checked on its own and falls back to its default
// when missing or invalid, so an old, hand-edited or half-written file never loses the others
// and never stops the app from starting.

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const MIN_WINDOW_WIDTH = 720;
export const MIN_WINDOW_HEIGHT = 480;
const MAX_WINDOW_SIZE = 16_384;
const MAX_COORDINATE = 100_000;

const coordinate = z.number().int().min(-MAX_COORDINATE).max(MAX_COORDINATE);

export const windowBoundsSchema = z.object({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: z.number().int().min(MIN_WINDOW_WIDTH).max(MAX_WINDOW_SIZE),
  height: z.number().int().min(MIN_WINDOW_HEIGHT).max(MAX_WINDOW_SIZE),
  maximized: z.boolean().optional(),
});
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

export const prefsSchema = z.object({
  windowBounds: windowBoundsSchema,
  startHidden: z.boolean(),
  theme: z.enum(THEMES),
});
export type DesktopPrefs = z.infer<typeof prefsSchema>;

export const DEFAULT_PREFS: DesktopPrefs = Object.freeze({
  windowBounds: Object.freeze({ width: 1200, height: 800 }),
  startHidden: false,
  theme: 'system',
}) as DesktopPrefs;

/** Reads whatever is stored into valid prefs, field by field. */
export function readPrefs(raw: unknown): DesktopPrefs {
  const source = isRecord(raw) ? raw : {};
  return {
    windowBounds: readBounds(source.windowBounds),
    startHidden: pick(prefsSchema.shape.startHidden, source.startHidden, DEFAULT_PREFS.startHidden),
    theme: pick(prefsSchema.shape.theme, source.theme, DEFAULT_PREFS.theme),
  };
}

/** Validates a change before it is written; throws a readable error for a bad value. */
export function validatePrefsPatch(patch: unknown): Partial<DesktopPrefs> {
  const result = prefsSchema.partial().strict().safeParse(patch);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || 'prefs';
    throw new Error(`Invalid desktop preference ${where}: ${issue?.message ?? 'unknown problem'}. Nothing was saved.`);
  }
  return result.data;
}

/** Where prefs are kept: electron-store in main (`electronPrefs.ts`), a plain object in tests. */
export interface PrefsStore {
  read(): DesktopPrefs;
  update(patch: Partial<DesktopPrefs>): DesktopPrefs;
}

function readBounds(value: unknown): WindowBounds {
  const whole = windowBoundsSchema.safeParse(value);
  if (whole.success) return whole.data;
  // Keep a usable size when only the position is broken (e.g. a monitor that no longer exists).
  if (isRecord(value)) {
    const size = windowBoundsSchema.pick({ width: true, height: true }).safeParse(value);
    if (size.success) return size.data;
  }
  return { ...DEFAULT_PREFS.windowBounds };
}

function pick<T>(schema: z.ZodType<T>, value: unknown, fallback: T): T {
  const result = schema.safeParse(value);
  return result.success ? result.data : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
