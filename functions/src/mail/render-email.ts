/**
 * The two customer emails, built-in (HTML + text through the shared layout) or as data for an
 * operator's SendGrid dynamic template. Both read the same localized strings.
 */
import type { Brand } from "../config/config";
import { countPhrase, format, getMessages, type Locale, type Messages } from "../i18n/messages";
import { normalizeHex } from "./colors";
import { safeHttpUrl } from "./html";
import {
  brandTheme,
  placeholderValues,
  renderLayout,
  singleLine,
  type EmailContent,
  type RenderedEmail,
} from "./layout";

export type { RenderedEmail } from "./layout";

export interface ResetEmailInput {
  brand: Brand;
  locale: Locale;
  email: string;
  resetUrl: string;
  ttlMinutes: number;
}

export interface PasswordChangedEmailInput {
  brand: Brand;
  locale: Locale;
  email: string;
  changedAt: Date;
}

/** Values for a SendGrid dynamic template; Handlebars escapes them when it renders. */
export type TemplateData = Record<string, string | number | null>;

type Strings = Record<string, string>;

export function renderResetEmail(input: ResetEmailInput): RenderedEmail {
  const { reset, common } = emailMessages(input.locale);
  return renderLayout({
    ...contentBase(input, reset, common.resetReason),
    blocks: [
      { kind: "paragraph", template: reset.greeting },
      { kind: "paragraph", template: reset.body },
      { kind: "action", label: reset.button, url: input.resetUrl, copyHint: reset.copyLink },
      { kind: "paragraph", template: reset.expiry },
      { kind: "paragraph", template: reset.ignore, muted: true },
      { kind: "paragraph", template: reset.signoff },
    ],
    values: resetValues(input),
  });
}

export function renderPasswordChangedEmail(input: PasswordChangedEmailInput): RenderedEmail {
  const { changed, common } = emailMessages(input.locale);
  return renderLayout({
    ...contentBase(input, changed, common.changedReason),
    blocks: [
      { kind: "paragraph", template: changed.greeting },
      { kind: "paragraph", template: changed.body },
      { kind: "paragraph", template: changed.notYou },
      { kind: "paragraph", template: changed.signoff },
    ],
    values: changedValues(input),
  });
}

export function resetTemplateData(input: ResetEmailInput): TemplateData {
  const { reset, common } = emailMessages(input.locale);
  const values = placeholderValues(input.brand, resetValues(input));
  return {
    ...brandTemplateData(input),
    reset_url: safeHttpUrl(input.resetUrl),
    ttl_minutes: input.ttlMinutes,
    ...localizedStrings(reset, common.resetReason, common.questions, values),
  };
}

export function changedTemplateData(input: PasswordChangedEmailInput): TemplateData {
  const { changed, common } = emailMessages(input.locale);
  const values = placeholderValues(input.brand, changedValues(input));
  return {
    ...brandTemplateData(input),
    changed_at: values.date,
    changed_at_iso: input.changedAt.toISOString(),
    ...localizedStrings(changed, common.changedReason, common.questions, values),
  };
}

/** Date and time in the reader's language, in UTC with the zone named, so it is unambiguous. */
export function formatChangedAt(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(date);
}

function emailMessages(locale: Locale): Messages["email"] {
  return getMessages(locale).email;
}

function resetValues(input: ResetEmailInput): Record<string, string | number> {
  const { minutes } = getMessages(input.locale).units;
  return { email: input.email, duration: countPhrase(input.locale, minutes, input.ttlMinutes) };
}

function changedValues(input: PasswordChangedEmailInput): Record<string, string | number> {
  return { email: input.email, date: formatChangedAt(input.changedAt, input.locale) };
}

function contentBase(
  input: { brand: Brand; locale: Locale },
  strings: { subject: string; preheader: string; heading: string },
  reason: string,
): Pick<EmailContent, "brand" | "locale" | "subject" | "preheader" | "heading" | "reason"> {
  const { subject, preheader, heading } = strings;
  return { brand: input.brand, locale: input.locale, subject, preheader, heading, reason };
}

function brandTemplateData(input: { brand: Brand; locale: Locale; email: string }): TemplateData {
  const { brand } = input;
  const theme = brandTheme(brand);
  return {
    locale: input.locale,
    product_name: singleLine(brand.productName),
    logo_url: safeHttpUrl(brand.logoUrl),
    primary_color: theme.primary,
    primary_text_color: theme.onPrimary,
    accent_color: normalizeHex(brand.accentColor),
    link_color: theme.link,
    support_email: brand.supportEmail,
    footer: brand.footer,
    email: input.email,
  };
}

/** Every string of one email, filled in, under snake_case keys (`notYou` → `not_you`). */
function localizedStrings(
  strings: Strings,
  reason: string,
  questions: string,
  values: Record<string, string | number>,
): TemplateData {
  const all: Strings = { ...strings, footerReason: reason, footerQuestions: questions };
  const filled = Object.entries(all).map(([key, template]) => [
    snakeCase(key),
    format(template, values),
  ]);
  return { ...Object.fromEntries(filled), subject: singleLine(format(all.subject, values)) };
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
