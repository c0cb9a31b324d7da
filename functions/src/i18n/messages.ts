/**
 * Every customer-facing string, one file per language under `locales/`. English is the reference:
 * the other locales are typed `Messages`, so a missing or extra key is a compile error.
 */
import { de } from "./locales/de";
import { en } from "./locales/en";
import { es } from "./locales/es";
import { fr } from "./locales/fr";

export type Messages = typeof en;

export const SUPPORTED_LOCALES = ["en", "de", "es", "fr"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";

const CATALOG: Readonly<Record<Locale, Messages>> = { en, de, es, fr };

/** Longer input is not a language tag or a sane Accept-Language header: don't parse it. */
const MAX_LOCALE_INPUT = 100;

function isLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** "de-DE;q=0.8" → "de"; a `q=0` entry means "not acceptable", so it yields nothing. */
function baseLanguage(range: string): string | null {
  const [tag, ...params] = range.split(";");
  if (params.some((param) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/i.test(param))) return null;
  return tag.trim().split(/[-_]/)[0].toLowerCase();
}

/**
 * Picks the first supported base language from a tag ("de", "de-DE", "de_AT") or an
 * Accept-Language-like list ("fr-CH, fr;q=0.9, en;q=0.8"). Anything else falls back to English.
 * Takes `unknown` input gracefully too, since callers pass values straight from requests.
 */
export function resolveLocale(input?: string | null): Locale {
  if (typeof input !== "string" || input.length > MAX_LOCALE_INPUT) return DEFAULT_LOCALE;
  for (const range of input.split(",")) {
    const base = baseLanguage(range);
    if (base && isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

export function getMessages(locale: Locale): Messages {
  return CATALOG[locale] ?? CATALOG[DEFAULT_LOCALE];
}

/**
 * Replaces `{name}` placeholders with values, verbatim (escaping is the renderer's job).
 * Unknown placeholders stay as they are, so a missing value is visible rather than blank.
 */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : placeholder,
  );
}
