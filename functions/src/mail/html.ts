/** HTML-safety helpers for the built-in email templates. */
import { format } from "../i18n/messages";

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Safe in element text and in quoted attribute values; the backtick for old IE attribute quirks. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (char) => HTML_ESCAPES[char]);
}

/** The URL, normalized, if it is an absolute http(s) URL; null for anything else (javascript:…). */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

const SIMPLE_EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Characters that could add mailto headers (?subject=, &body=) or break out of the attribute. */
const UNSAFE_IN_MAILTO = /[<>"'`?&#%:;,()[\]\\]/;

/** A `mailto:` URL for a plain email address; null if the value is not one. */
export function safeMailtoUrl(email: string): string | null {
  return SIMPLE_EMAIL.test(email) && !UNSAFE_IN_MAILTO.test(email) ? `mailto:${email}` : null;
}

/** `<a href>` for a URL that passed one of the checks above; attributes and text escaped. */
export function link(href: string, text: string, style: string, className?: string): string {
  const classAttr = className ? ` class="${escapeHtml(className)}"` : "";
  return `<a href="${escapeHtml(href)}"${classAttr} style="${escapeHtml(style)}">${escapeHtml(text)}</a>`;
}

/**
 * Fills a localized template for HTML: the template and `text` values are escaped, `html` values
 * (markup we built ourselves, like a mailto link) are inserted as they are.
 */
export function formatHtml(
  template: string,
  text: Record<string, string | number>,
  html: Record<string, string> = {},
): string {
  const escaped = Object.fromEntries(
    Object.entries(text).map(([name, value]) => [name, escapeHtml(String(value))]),
  );
  return format(escapeHtml(template), { ...escaped, ...html });
}
