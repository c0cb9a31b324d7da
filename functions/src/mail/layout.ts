/**
 * The one branded email layout. Table-based with inline styles so Gmail, Outlook (Word engine)
 * and Apple Mail render it alike; a small <style> block only adds dark-mode refinements.
 * Every brand value, address and URL is escaped here; URLs become links only if they are http(s).
 */
import type { Brand } from "../config/config";
import { format, getMessages, type Locale } from "../i18n/messages";
import { DARK_TEXT, brandPalette, type BrandColors, type BrandPalette } from "./colors";
import { escapeHtml, formatHtml, link, safeHttpUrl, safeMailtoUrl } from "./html";

export type RenderedEmail = { subject: string; html: string; text: string };

/** One piece of the body; the same list renders both the HTML and the plain-text part. */
export type Block =
  | { kind: "paragraph"; template: string; muted?: boolean }
  | { kind: "action"; label: string; url: string; copyHint: string };

export interface EmailContent {
  brand: Brand;
  locale: Locale;
  /** Localized templates; `{product}` and `{support}` are always available to them. */
  subject: string;
  preheader: string;
  heading: string;
  blocks: readonly Block[];
  /** The footer's "why you got this email" line. */
  reason: string;
  values: Record<string, string | number>;
}

const CARD = "#ffffff";
const PAGE = "#f4f5f7";
const MUTED = "#5f6368";
const FONT = "-apple-system, BlinkMacSystemFont, Segoe UI, Roboto, Helvetica, Arial, sans-serif";

/** Control characters and line breaks collapse to one space: a name must not add mail headers. */
export function singleLine(value: string): string {
  return value
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Placeholder values every template may use, plus the email-specific ones. */
export function placeholderValues(
  brand: Brand,
  values: Record<string, string | number>,
): Record<string, string | number> {
  return { product: singleLine(brand.productName), support: brand.supportEmail, ...values };
}

/** Brand colours made safe and readable on the mail's white card (colors.ts). */
export function brandTheme(brand: BrandColors): BrandPalette {
  return brandPalette(brand, CARD);
}

export function renderLayout(content: EmailContent): RenderedEmail {
  const values = placeholderValues(content.brand, content.values);
  const fill = (template: string) => format(template, values);
  const subject = singleLine(fill(content.subject));
  return { subject, html: renderHtml(content, values, subject), text: renderText(content, fill) };
}

function renderText(content: EmailContent, fill: (template: string) => string): string {
  const messages = getMessages(content.locale).email.common;
  const body = content.blocks.map((block) =>
    block.kind === "action" ? `${block.label}:\n${block.url}` : fill(block.template),
  );
  const footer = [content.brand.footer.trim(), fill(messages.questions), fill(content.reason)];
  return [
    singleLine(content.brand.productName),
    fill(content.heading),
    ...body,
    `--\n${footer.filter(Boolean).join("\n")}`,
  ].join("\n\n");
}

interface HtmlContext {
  values: Record<string, string | number>;
  theme: BrandPalette;
  /** Pre-built markup for `{support}`: a mailto link when the address is a plain one. */
  support: string;
}

function renderHtml(
  content: EmailContent,
  values: Record<string, string | number>,
  subject: string,
): string {
  const theme = brandTheme(content.brand);
  const mailto = safeMailtoUrl(content.brand.supportEmail);
  const support = mailto
    ? link(mailto, content.brand.supportEmail, linkStyle(theme), "email-link")
    : escapeHtml(content.brand.supportEmail);
  const context: HtmlContext = { values, theme, support };
  return `<!DOCTYPE html>
<html lang="${escapeHtml(content.locale)}" dir="ltr" xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(subject)}</title>
<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->
<style>
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  .email-page { background-color: #121212 !important; }
  .email-card { background-color: #1e1e1e !important; }
  .email-text { color: #e8e8e8 !important; }
  .email-muted { color: #a8a8a8 !important; }
  .email-link { color: #8ab4f8 !important; }
}
</style>
</head>
<body class="email-page" style="margin:0;padding:0;width:100%;background-color:${PAGE};-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%;">
${preheader(formatHtml(content.preheader, values))}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="email-page" style="background-color:${PAGE};">
<tr><td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" align="center"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;">
<tr><td align="left" bgcolor="${theme.primary}" style="background-color:${theme.primary};padding:20px 32px;border-radius:8px 8px 0 0;">${header(content.brand, theme)}</td></tr>
<tr><td class="email-card" bgcolor="${CARD}" style="background-color:${CARD};padding:32px;border-radius:0 0 8px 8px;font-family:${FONT};font-size:16px;line-height:24px;color:${DARK_TEXT};">
<h1 class="email-text" style="margin:0 0 16px;font-family:${FONT};font-size:24px;line-height:32px;font-weight:700;color:${DARK_TEXT};">${formatHtml(content.heading, values)}</h1>
${content.blocks.map((block) => renderBlock(block, context)).join("\n")}
</td></tr>
<tr><td class="email-muted" style="padding:24px 32px;font-family:${FONT};font-size:13px;line-height:20px;color:${MUTED};">
${footer(content, context)}
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}

/** Shown by inboxes next to the subject; the filler keeps body text out of the preview. */
function preheader(html: string): string {
  const style =
    "display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;opacity:0;color:transparent;font-size:1px;line-height:1px;";
  return `<div style="${style}">${html}${"&#8199;&#65279;&#847; ".repeat(40)}</div>`;
}

/** The logo if it is an http(s) URL, else the product name; alt text readable on the bar. */
function header(brand: Brand, theme: BrandPalette): string {
  const name = escapeHtml(singleLine(brand.productName));
  const text = `font-family:${FONT};font-size:20px;line-height:28px;font-weight:700;color:${theme.onPrimary};`;
  const logo = safeHttpUrl(brand.logoUrl);
  if (!logo) return `<span style="${text}">${name}</span>`;
  return `<img src="${escapeHtml(logo)}" alt="${name}" height="40" style="display:block;height:40px;width:auto;max-width:240px;border:0;outline:none;text-decoration:none;${text}">`;
}

function renderBlock(block: Block, context: HtmlContext): string {
  if (block.kind === "action") return action(block, context.theme);
  const style = block.muted
    ? `margin:0 0 16px;font-size:14px;line-height:20px;color:${MUTED};`
    : `margin:0 0 16px;color:${DARK_TEXT};`;
  const html = formatHtml(block.template, context.values, { support: context.support });
  return `<p class="${block.muted ? "email-muted" : "email-text"}" style="${style}">${html}</p>`;
}

/** Bulletproof button (padding on the link; `mso-padding-alt` on the cell for Outlook). */
function action(block: Extract<Block, { kind: "action" }>, theme: BrandPalette): string {
  const href = safeHttpUrl(block.url);
  const buttonStyle = `display:inline-block;padding:14px 28px;font-family:${FONT};font-size:16px;line-height:20px;font-weight:700;color:${theme.onPrimary};text-decoration:none;border-radius:6px;`;
  const button = href
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0;">
<tr><td align="center" bgcolor="${theme.primary}" style="background-color:${theme.primary};border-radius:6px;mso-padding-alt:14px 28px;">${link(href, block.label, buttonStyle)}</td></tr>
</table>`
    : "";
  const plain = href
    ? link(href, href, `${linkStyle(theme)}word-break:break-all;`, "email-link")
    : escapeHtml(block.url);
  return `${button}
<p class="email-muted" style="margin:0 0 4px;font-size:14px;line-height:20px;color:${MUTED};">${escapeHtml(block.copyHint)}</p>
<p style="margin:0 0 16px;font-size:14px;line-height:20px;word-break:break-all;">${plain}</p>`;
}

function linkStyle(theme: BrandPalette): string {
  return `color:${theme.link};text-decoration:underline;`;
}

function footer(content: EmailContent, context: HtmlContext): string {
  const common = getMessages(content.locale).email.common;
  const brandFooter = escapeHtml(content.brand.footer.trim()).replace(/\r?\n/g, "<br>");
  const lines = [
    brandFooter,
    formatHtml(common.questions, context.values, { support: context.support }),
    formatHtml(content.reason, context.values),
  ];
  return lines
    .filter(Boolean)
    .map((line) => `<p style="margin:0 0 8px;">${line}</p>`)
    .join("\n");
}
