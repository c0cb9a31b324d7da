/**
 * Every customer-facing string (mails, page, API answers), one file per language under
 * `locales/`. English is the reference: the other locales are typed `Messages` (locales/types.ts),
 * so a missing or extra key is a compile error.
 */
import { de } from "./locales/de";
import { en } from "./locales/en";
import { es } from "./locales/es";
import { fr } from "./locales/fr";
import type { Messages } from "./locales/types";
import type { PluralForms } from "./plural";

export type { Messages };

/** The message of an API answer; a ResetError carries one. */
export type ApiMessageKey = keyof Messages["api"];

/** A count to be said with its unit in the reader's language ("1 minute", "2 Minuten"). */
export interface Count {
  readonly count: number;
  readonly unit: keyof Messages["units"];
}

export type MessageValue = string | number | Count;
export type MessageParams = Readonly<Record<string, MessageValue>>;

export const SUPPORTED_LOCALES = ["en", "de", "es", "fr"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";

const CATALOG: Readonly<Record<Locale, Messages>> = { en, de, es, fr };

/** Longer input is not a language tag or a sane Accept-Language header: don't parse it. */
const MAX_LOCALE_INPUT = 100;

function isLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export function isApiMessageKey(value: string): value is ApiMessageKey {
  return Object.hasOwn(en.api, value);
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
  return matchLocale(input) ?? DEFAULT_LOCALE;
}

function matchLocale(input: unknown): Locale | null {
  if (typeof input !== "string" || input.length > MAX_LOCALE_INPUT) return null;
  for (const range of input.split(",")) {
    const base = baseLanguage(range);
    if (base && isLocale(base)) return base;
  }
  return null;
}

/**
 * The first candidate naming a supported language, most specific first (a token's stored
 * locale, the body's `locale`, the Accept-Language header…); English if none does.
 */
export function chooseLocale(...candidates: unknown[]): Locale {
  for (const candidate of candidates) {
    const locale = matchLocale(candidate);
    if (locale) return locale;
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

/** "1 minute", "30 minutes", "1.440 Minuten": the form `Intl.PluralRules` picks for the count. */
export function countPhrase(locale: Locale, forms: PluralForms, count: number): string {
  const form = forms[new Intl.PluralRules(locale).select(count)] ?? forms.other;
  return format(form, { count: new Intl.NumberFormat(locale).format(count) });
}

/** An API answer's message in `locale`, its counts said with their units. */
export function apiMessage(locale: Locale, key: ApiMessageKey, params: MessageParams = {}): string {
  const messages = getMessages(locale);
  const values = Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      typeof value === "object"
        ? countPhrase(locale, messages.units[value.unit], value.count)
        : value,
    ]),
  );
  return format(messages.api[key], values);
}
