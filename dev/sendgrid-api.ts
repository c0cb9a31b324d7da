/**
 * Local stand-in for SendGrid's v3 Mail Send API plus a small web inbox for local development,
 * and the shared control API (see stand-in.ts).
 *
 *   POST   /v3/mail/send    `Authorization: Bearer <key>` with scope mail.send; validates the
 *                           payload like SendGrid, refuses a From that is not a verified sender
 *                           or in an authenticated domain (403, field "from"), then
 *                           202 + X-Message-Id (200 and not stored in sandbox mode)
 *   GET    /v3/verified_senders     {results: [...]}; scope sender_verification_eligible
 *   GET    /v3/whitelabel/domains   [...] authenticated domains; scope whitelabel.read
 *   GET    /messages        {messages: [...]} oldest first, optional ?to=<email>
 *   GET    /messages/:id    one message
 *   DELETE /messages        clears the inbox
 *   GET    /                the inbox page: list newest first, the newest open (?id=<id> opens one)
 *
 * Inbox routes are tooling: faults never hit them and the request log skips them.
 * Only the last 4 characters of the API key are kept with a message.
 *
 * Keys carry scopes (https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions):
 *   SG.demo-sendgrid-api-key    mail.send only (what the functions need; the demo's key)
 *   SG.demo-full-access-key     every scope
 *   SG.demo-no-mail-send-key    stats.read only
 * A key lacking an endpoint's scope gets 403 {"errors":[{"field":null,"message":"access
 * forbidden"}]}. Which scope guards /v3/verified_senders is not documented where we looked; we
 * use sender_verification_eligible, a scope real keys carry. Sandbox mode checks the payload only
 * (not the sender), so a sandbox send alone proves nothing about the sender.
 */
import { randomBytes } from "node:crypto";
import type { Request, Response, Router } from "express";
import {
  fail,
  isRecord,
  queryParam,
  reasonPhrase,
  send,
  startStandIn,
  type ListenOptions,
  type Reply,
  type RunningServer,
} from "./stand-in";

export const DEFAULT_SENDGRID_API_KEY = "SG.demo-sendgrid-api-key";
export const FULL_ACCESS_SENDGRID_API_KEY = "SG.demo-full-access-key";
export const NO_MAIL_SEND_SENDGRID_API_KEY = "SG.demo-no-mail-send-key";

/** A key's scopes, or every scope (a "Full Access" key). */
export type KeyScopes = readonly string[] | "full-access";

export const DEFAULT_SENDGRID_KEYS: Readonly<Record<string, KeyScopes>> = {
  [DEFAULT_SENDGRID_API_KEY]: ["mail.send"],
  [FULL_ACCESS_SENDGRID_API_KEY]: "full-access",
  [NO_MAIL_SEND_SENDGRID_API_KEY]: ["stats.read"],
};

/** The demo's sender (dev/demo-config.ts), verified as a Single Sender. */
export const DEFAULT_VERIFIED_SENDERS: readonly string[] = ["no-reply@acme-lamp.example"];

export interface SendgridApiOptions extends ListenOptions {
  /** API keys and their scopes; defaults to DEFAULT_SENDGRID_KEYS. */
  keys?: Readonly<Record<string, KeyScopes>>;
  /** Single Senders that completed verification; defaults to DEFAULT_VERIFIED_SENDERS. */
  verifiedSenders?: readonly string[];
  /** Single Senders created but never verified: listed, with verified false; they can't send. */
  unverifiedSenders?: readonly string[];
  /** Authenticated domains: any address @domain (or a subdomain) may send. Default none. */
  authenticatedDomains?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// SendGrid-shaped errors
// ---------------------------------------------------------------------------------------------

interface SendgridError {
  message: string;
  field: string | null;
  help?: string | null;
}

const HELP_BASE = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.";

const INVALID_KEY: SendgridError = {
  message: "The provided authorization grant is invalid, expired, or revoked",
  field: null,
  help: null,
};
const ACCESS_FORBIDDEN: SendgridError = { message: "access forbidden", field: null, help: null };
/** https://www.twilio.com/docs/api/errors/60222 (403), in the body SendGrid sends it with. */
const SENDER_NOT_VERIFIED: SendgridError = {
  message:
    "The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements",
  field: "from",
  help: null,
};
const BAD_REQUEST: SendgridError = { message: "Bad Request", field: null, help: null };

function errorsReply(status: number, errors: SendgridError[]): Reply {
  return { status, body: { errors } };
}

/** A validation error; the help anchor drops array indices like SendGrid's docs do. */
function fieldError(field: string, message: string): SendgridError {
  return { message, field, help: HELP_BASE + field.replace(/\.\d+/g, "") };
}

function rateLimitHeaders(retryAfter = 60): Record<string, string> {
  const reset = Math.floor(Date.now() / 1000) + retryAfter;
  return {
    "x-ratelimit-limit": "600",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": `${reset}`,
  };
}

/** SendGrid's body for a bare status, e.g. 503 -> "service unavailable". */
function sendgridErrorReply(status: number, { retryAfter }: { retryAfter?: number }): Reply {
  if (status === 400) return errorsReply(400, [BAD_REQUEST]);
  if (status === 401) return errorsReply(401, [INVALID_KEY]);
  if (status === 403) return errorsReply(403, [ACCESS_FORBIDDEN]);
  if (status === 429) {
    const body = { errors: [{ field: null, message: "too many requests" }] };
    return { status, body, headers: rateLimitHeaders(retryAfter) };
  }
  const message = status === 500 ? "internal error" : reasonPhrase(status).toLowerCase();
  return errorsReply(status, [{ field: null, message }]);
}

// ---------------------------------------------------------------------------------------------
// Payload validation (the checks SendGrid makes before accepting a send)
// ---------------------------------------------------------------------------------------------

interface EmailObject {
  email: string;
  name?: string;
}

interface Personalization {
  to: EmailObject[];
  cc?: EmailObject[];
  bcc?: EmailObject[];
  subject?: string;
  dynamic_template_data?: unknown;
}

interface MailPayload {
  personalizations: Personalization[];
  from: EmailObject;
  reply_to?: EmailObject;
  subject?: string;
  content?: Array<{ type: string; value: string }>;
  template_id?: string;
  mail_settings?: { sandbox_mode?: { enable?: boolean } };
}

const MAX_RECIPIENTS = 1000;
const RECIPIENT_KINDS = ["to", "cc", "bcc"] as const;
const EMAIL_PATTERN = /^[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:]+$/;
const DYNAMIC_TEMPLATE_ID = /^d-[0-9a-f]{32}$/i;
const LEGACY_TEMPLATE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const MESSAGES = {
  personalizations:
    "The personalizations field is required and must have at least one personalization.",
  to: "The to array is required for all personalization objects, and must have at least one email object with a valid email address.",
  invalidAddress: "Does not contain a valid address.",
  recipientLimit:
    "The total number of recipients must be no more than 1000. This includes all recipients defined within the to, cc, and bcc parameters, across each object that you include in the personalizations array.",
  fromRequired:
    'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}  or {"email" : "example@example.com", "name" : "Example Recipient"}.',
  fromInvalid: "The from email does not contain a valid address.",
  replyToInvalid: "The reply_to email does not contain a valid address.",
  subject:
    "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
  content:
    "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.",
  contentType: "The content type must be a string at least one character in length.",
  contentValue: "The content value must be a string at least one character in length.",
  contentOrder:
    "If present, text/plain and text/html may only be provided in this order: text/plain, then text/html, then any other content.",
  duplicate: (email: string, field: string) =>
    `Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [${email}] in the ${field} field.`,
  headerValue: "Header values must be strings without carriage return or line feed characters.",
} as const;

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function isValidEmail(value: unknown): boolean {
  return typeof value === "string" && EMAIL_PATTERN.test(value);
}

function recipientsOf(personalization: Record<string, unknown>, kind: string): unknown[] {
  const list = personalization[kind];
  return Array.isArray(list) ? list : [];
}

function validateRecipients(p: Record<string, unknown>, at: string): SendgridError[] {
  const errors: SendgridError[] = [];
  const to = p.to;
  if (!Array.isArray(to) || to.length === 0) errors.push(fieldError(`${at}.to`, MESSAGES.to));
  const seen = new Set<string>();
  for (const kind of RECIPIENT_KINDS) {
    recipientsOf(p, kind).forEach((recipient, j) => {
      const email = isRecord(recipient) ? recipient.email : undefined;
      if (!isValidEmail(email)) {
        errors.push(fieldError(`${at}.${kind}.${j}.email`, MESSAGES.invalidAddress));
        return;
      }
      const key = (email as string).toLowerCase();
      if (seen.has(key)) {
        errors.push(fieldError(at, MESSAGES.duplicate(key, `${at}.${kind}`)));
      }
      seen.add(key);
    });
  }
  return errors;
}

function validateHeaders(headers: unknown, at: string): SendgridError[] {
  if (headers === undefined) return [];
  if (!isRecord(headers)) return [fieldError(at, "Invalid type. Expected: object.")];
  // CR/LF in a header value would let a caller inject extra headers into the sent mail.
  const bad = Object.entries(headers).some(
    ([name, value]) => typeof value !== "string" || /[\r\n]/.test(value) || /[\r\n]/.test(name),
  );
  return bad ? [fieldError(at, MESSAGES.headerValue)] : [];
}

function validatePersonalizations(value: unknown): SendgridError[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [fieldError("personalizations", MESSAGES.personalizations)];
  }
  const errors = value.flatMap((p: unknown, i) => {
    const at = `personalizations.${i}`;
    if (!isRecord(p)) return [fieldError(`${at}.to`, MESSAGES.to)];
    return [...validateRecipients(p, at), ...validateHeaders(p.headers, `${at}.headers`)];
  });
  const total = value.reduce<number>(
    (sum, p: unknown) =>
      sum + (isRecord(p) ? RECIPIENT_KINDS.reduce((n, k) => n + recipientsOf(p, k).length, 0) : 0),
    0,
  );
  if (total > MAX_RECIPIENTS) errors.push(fieldError("personalizations", MESSAGES.recipientLimit));
  return errors;
}

function validateFrom(from: unknown): SendgridError[] {
  const email = isRecord(from) ? from.email : undefined;
  if (!isNonEmptyString(email)) return [fieldError("from.email", MESSAGES.fromRequired)];
  return isValidEmail(email) ? [] : [fieldError("from.email", MESSAGES.fromInvalid)];
}

function validateReplyTo(replyTo: unknown): SendgridError[] {
  if (replyTo === undefined) return [];
  const email = isRecord(replyTo) ? replyTo.email : undefined;
  return isValidEmail(email) ? [] : [fieldError("reply_to.email", MESSAGES.replyToInvalid)];
}

function validateTemplateId(templateId: unknown): SendgridError[] {
  if (templateId === undefined) return [];
  const valid =
    typeof templateId === "string" &&
    (DYNAMIC_TEMPLATE_ID.test(templateId) || LEGACY_TEMPLATE_ID.test(templateId));
  const message = `The template_id must be a valid GUID, you provided '${String(templateId)}'.`;
  return valid ? [] : [fieldError("template_id", message)];
}

function validateSubject(mail: Record<string, unknown>): SendgridError[] {
  if (mail.template_id !== undefined || isNonEmptyString(mail.subject)) return [];
  const personalizations = Array.isArray(mail.personalizations) ? mail.personalizations : [];
  const everyHasSubject =
    personalizations.length > 0 &&
    personalizations.every((p: unknown) => isRecord(p) && isNonEmptyString(p.subject));
  return everyHasSubject ? [] : [fieldError("subject", MESSAGES.subject)];
}

function validateContent(mail: Record<string, unknown>): SendgridError[] {
  const content = mail.content;
  if (content === undefined || (Array.isArray(content) && content.length === 0)) {
    return mail.template_id === undefined ? [fieldError("content", MESSAGES.content)] : [];
  }
  if (!Array.isArray(content)) return [fieldError("content", MESSAGES.content)];
  const errors = content.flatMap((block: unknown, i) => {
    const { type, value } = isRecord(block) ? block : { type: undefined, value: undefined };
    return [
      ...(isNonEmptyString(type) ? [] : [fieldError(`content.${i}.type`, MESSAGES.contentType)]),
      ...(isNonEmptyString(value) ? [] : [fieldError(`content.${i}.value`, MESSAGES.contentValue)]),
    ];
  });
  const types = content.map((block: unknown) => (isRecord(block) ? block.type : undefined));
  const plain = types.indexOf("text/plain");
  const html = types.indexOf("text/html");
  if (plain > 0 || (html >= 0 && html !== (plain === 0 ? 1 : 0))) {
    errors.push(fieldError("content", MESSAGES.contentOrder));
  }
  return errors;
}

/** Every problem SendGrid would report for this body, in one list (as SendGrid answers). */
export function validateMail(mail: unknown): SendgridError[] {
  if (!isRecord(mail)) return [BAD_REQUEST];
  return [
    ...validatePersonalizations(mail.personalizations),
    ...validateFrom(mail.from),
    ...validateReplyTo(mail.reply_to),
    ...validateTemplateId(mail.template_id),
    ...validateSubject(mail),
    ...validateContent(mail),
    ...validateHeaders(mail.headers, "headers"),
  ];
}

// ---------------------------------------------------------------------------------------------
// Mailbox
// ---------------------------------------------------------------------------------------------

interface StoredMessage {
  id: string;
  receivedAt: string;
  /** Enough to tell keys apart in the inbox without keeping the secret. */
  apiKeyLast4: string;
  payload: MailPayload;
}

export interface MessageView {
  id: string;
  receivedAt: string;
  from: string;
  fromName: string | null;
  replyTo: string | null;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  templateId: string | null;
  dynamicTemplateData: unknown;
  apiKeyLast4: string;
  payload: MailPayload;
}

function emailsOf(payload: MailPayload, kind: (typeof RECIPIENT_KINDS)[number]): string[] {
  return payload.personalizations.flatMap((p) => (p[kind] ?? []).map((r) => r.email));
}

function contentOf(payload: MailPayload, type: string): string | null {
  return payload.content?.find((block) => block.type === type)?.value ?? null;
}

/** One entry per send: text/html from content[], subject/data from the first personalization. */
function toView({ id, receivedAt, apiKeyLast4, payload }: StoredMessage): MessageView {
  const first = payload.personalizations[0];
  return {
    id,
    receivedAt,
    from: payload.from.email,
    fromName: payload.from.name ?? null,
    replyTo: payload.reply_to?.email ?? null,
    to: emailsOf(payload, "to"),
    cc: emailsOf(payload, "cc"),
    bcc: emailsOf(payload, "bcc"),
    subject: payload.subject ?? first.subject ?? null,
    text: contentOf(payload, "text/plain"),
    html: contentOf(payload, "text/html"),
    templateId: payload.template_id ?? null,
    dynamicTemplateData: first.dynamic_template_data ?? null,
    apiKeyLast4,
    payload,
  };
}

function isAddressedTo(view: MessageView, email: string): boolean {
  const wanted = email.toLowerCase();
  return [...view.to, ...view.cc, ...view.bcc].some((r) => r.toLowerCase() === wanted);
}

class Mailbox {
  private messages: StoredMessage[] = [];

  add(payload: MailPayload, apiKey: string): string {
    // SendGrid's ids are 22 url-safe characters.
    const id = randomBytes(16).toString("base64url");
    this.messages.push({
      id,
      receivedAt: new Date().toISOString(),
      apiKeyLast4: apiKey.slice(-4),
      payload,
    });
    return id;
  }

  views(to?: string | null): MessageView[] {
    const views = this.messages.map(toView);
    return to ? views.filter((view) => isAddressedTo(view, to)) : views;
  }

  find(id: string): MessageView | undefined {
    const message = this.messages.find((m) => m.id === id);
    return message && toView(message);
  }

  clear(): void {
    this.messages = [];
  }
}

// ---------------------------------------------------------------------------------------------
// Mail Send
// ---------------------------------------------------------------------------------------------

interface Account {
  keys: ReadonlyMap<string, KeyScopes>;
  senders: ReadonlyArray<{ email: string; verified: boolean }>;
  domains: readonly string[];
}

/** 401 for a missing or unknown key, 403 "access forbidden" for one without the scope. */
function authorizeKey(account: Account, req: Request, scope: string): string {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  const key = bearer?.[1];
  const scopes = key === undefined ? undefined : account.keys.get(key);
  if (!key || !scopes) fail(401, { errors: [INVALID_KEY] });
  if (scopes !== "full-access" && !scopes.includes(scope)) {
    fail(403, { errors: [ACCESS_FORBIDDEN] });
  }
  return key;
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/**
 * A From may send if it is a verified Single Sender or in an authenticated domain (subdomains
 * included): https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sender-identity
 */
function senderAllowed(account: Account, from: string): boolean {
  const email = from.toLowerCase();
  const domain = domainOf(email);
  return (
    account.senders.some((s) => s.verified && s.email.toLowerCase() === email) ||
    account.domains.some(
      (d) => domain === d.toLowerCase() || domain.endsWith(`.${d.toLowerCase()}`),
    )
  );
}

/** A body that is not JSON arrives as text, which validateMail refuses with "Bad Request". */
function sendMail(mailbox: Mailbox, account: Account, req: Request, res: Response): void {
  const key = authorizeKey(account, req, "mail.send");
  const errors = validateMail(req.body);
  if (errors.length > 0) return send(res, errorsReply(400, errors));
  const payload = req.body as MailPayload;
  // Sandbox mode validates the payload but never delivers, and SendGrid answers 200 instead of
  // 202 (https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sandbox-mode). We
  // model it as not checking the sender either: nothing we found says it does.
  if (payload.mail_settings?.sandbox_mode?.enable === true) return void res.status(200).end();
  if (!senderAllowed(account, payload.from.email)) {
    return send(res, errorsReply(403, [SENDER_NOT_VERIFIED]));
  }
  res.status(202).set("x-message-id", mailbox.add(payload, key)).end();
}

/**
 * GET /v3/verified_senders: every Single Sender, verified or not, as {results: [...]}
 * (https://www.twilio.com/docs/sendgrid/api-reference/sender-verification/get-all-verified-senders).
 */
function listVerifiedSenders(account: Account, req: Request) {
  authorizeKey(account, req, "sender_verification_eligible");
  const results = account.senders.map(({ email, verified }, i) => ({
    id: 1000 + i,
    nickname: email,
    from_email: email,
    from_name: "",
    reply_to: email,
    reply_to_name: "",
    address: "1 Light Street",
    address2: "",
    state: "",
    city: "Springfield",
    zip: "",
    country: "USA",
    verified,
    locked: false,
  }));
  return { results };
}

/**
 * GET /v3/whitelabel/domains: the authenticated domains, a bare array
 * (https://www.twilio.com/docs/sendgrid/api-reference/domain-authentication/list-all-authenticated-domains).
 */
function listAuthenticatedDomains(account: Account, req: Request) {
  authorizeKey(account, req, "whitelabel.read");
  const domains = account.domains.map((domain, i) => ({
    id: 2000 + i,
    user_id: 1,
    subdomain: "em1234",
    domain,
    username: "demo",
    ips: [],
    custom_spf: false,
    default: i === 0,
    legacy: false,
    automatic_security: true,
    valid: true,
    dns: {
      mail_cname: {
        valid: true,
        type: "cname",
        host: `em1234.${domain}`,
        data: "u1.wl.sendgrid.net",
      },
      dkim1: {
        valid: true,
        type: "cname",
        host: `s1._domainkey.${domain}`,
        data: "s1.domainkey.u1.wl.sendgrid.net",
      },
      dkim2: {
        valid: true,
        type: "cname",
        host: `s2._domainkey.${domain}`,
        data: "s2.domainkey.u1.wl.sendgrid.net",
      },
    },
  }));
  return domains;
}

// ---------------------------------------------------------------------------------------------
// Web inbox
// ---------------------------------------------------------------------------------------------

/**
 * Mail HTML is untrusted: it is rendered only inside a sandboxed srcdoc iframe (no scripts, opaque
 * origin). srcdoc documents inherit this policy, so inline styles (common in mail) and remote
 * images are allowed while scripts stay limited to our own /inbox.js.
 */
const INBOX_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: http: https:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const PAGE_HEADERS = {
  "content-security-policy": INBOX_CSP,
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

const INBOX_JS = `// Reloads the inbox when new mail arrives or it is cleared (checked every 2 s).
const shown = document.body.dataset.latest || "";
async function checkForMail() {
  try {
    const response = await fetch("/messages", { cache: "no-store" });
    const { messages } = await response.json();
    const latest = messages.length ? messages[messages.length - 1].id : "";
    if (latest !== shown) location.reload();
  } catch {
    // The local stack may be restarting; try again on the next tick.
  }
}
setInterval(checkForMail, 2000);
`;

const INBOX_CSS = `
:root { color-scheme: light dark; font: 14px/1.45 system-ui, sans-serif; }
body { margin: 0; }
header { display: flex; align-items: center; gap: 1rem; padding: .6rem 1rem; }
header { border-bottom: 1px solid #8884; }
header h1 { font-size: 1.05rem; margin: 0; }
header form { margin-left: auto; }
main { display: grid; grid-template-columns: minmax(16rem, 28rem) 1fr; }
main { min-height: calc(100vh - 3rem); }
nav { border-right: 1px solid #8884; overflow-y: auto; }
nav ol { list-style: none; margin: 0; padding: 0; }
nav a { display: grid; grid-template-columns: auto 1fr; gap: 0 .6rem; padding: .5rem 1rem; }
nav a { color: inherit; text-decoration: none; border-bottom: 1px solid #8882; }
nav a:hover, nav li.selected a { background: #8882; }
nav time { color: #888; font-variant-numeric: tabular-nums; }
nav .to, nav .subject { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
nav .subject { grid-column: 1 / -1; font-weight: 600; }
section { padding: 1rem 1.5rem; min-width: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { color: #888; }
dd { margin: 0; overflow-wrap: anywhere; }
iframe { width: 100%; height: 32rem; border: 1px solid #8884; background: #fff; resize: vertical; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #8881; padding: .75rem; }
.empty { color: #888; padding: 1rem; }
`;

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function displayTime(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 8);
}

function displaySubject(view: MessageView): string {
  return view.subject ?? (view.templateId ? `(template ${view.templateId})` : "(no subject)");
}

function listItem(view: MessageView, selectedId: string | null): string {
  const selected = view.id === selectedId ? ' class="selected"' : "";
  return `<li${selected}><a href="/?id=${encodeURIComponent(view.id)}">
<time datetime="${escapeHtml(view.receivedAt)}">${escapeHtml(displayTime(view.receivedAt))}</time>
<span class="to">${escapeHtml(view.to.join(", "))}</span>
<span class="subject">${escapeHtml(displaySubject(view))}</span></a></li>`;
}

function messageList(views: MessageView[], selectedId: string | null): string {
  if (views.length === 0)
    return '<p class="empty">No mail yet. Sends to /v3/mail/send show up here.</p>';
  const newestFirst = [...views].reverse();
  return `<ol>${newestFirst.map((view) => listItem(view, selectedId)).join("\n")}</ol>`;
}

function headerRow(label: string, value: string | null): string {
  return value ? `<dt>${label}</dt><dd>${escapeHtml(value)}</dd>` : "";
}

function htmlPart(html: string | null): string {
  if (html === null) return "";
  // New-tab links: the sandbox blocks top navigation but allows popups that escape it.
  const srcdoc = `<base target="_blank">${html}`;
  const sandbox = "allow-popups allow-popups-to-escape-sandbox";
  return `<h3>HTML part</h3>
<iframe title="HTML part" sandbox="${sandbox}" srcdoc="${escapeHtml(srcdoc)}"></iframe>`;
}

function preSection(title: string, text: string | null): string {
  return text === null ? "" : `<h3>${title}</h3><pre>${escapeHtml(text)}</pre>`;
}

function messageDetail(view: MessageView | undefined): string {
  if (!view) return '<p class="empty">Select a message.</p>';
  const from = view.fromName ? `${view.fromName} <${view.from}>` : view.from;
  const data = view.templateId ? JSON.stringify(view.dynamicTemplateData, null, 2) : null;
  const headers = [
    headerRow("From", from),
    headerRow("To", view.to.join(", ")),
    headerRow("Cc", view.cc.join(", ")),
    headerRow("Reply-To", view.replyTo),
    headerRow("Received", view.receivedAt),
    headerRow("Template", view.templateId),
  ];
  return `<article>
<h2>${escapeHtml(displaySubject(view))}</h2>
<dl>${headers.join("")}</dl>
${htmlPart(view.html)}
${preSection("Plain-text part", view.text)}
${preSection("Dynamic template data", data)}
<p><a href="/messages/${encodeURIComponent(view.id)}">Raw JSON</a></p>
</article>`;
}

function inboxPage(mailbox: Mailbox, selectedId: string | undefined): string {
  const views = mailbox.views();
  const latest = views.at(-1)?.id ?? "";
  // Without ?id the newest mail is open, so the reset link is one click away.
  const selected = selectedId ? views.find((view) => view.id === selectedId) : views.at(-1);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local inbox (${views.length})</title>
<link rel="stylesheet" href="/inbox.css">
<script src="/inbox.js" defer></script>
</head>
<body data-latest="${escapeHtml(latest)}">
<header><h1>Local SendGrid inbox</h1><span>${views.length} message(s)</span>
<form method="post" action="/clear"><button type="submit">Clear</button></form></header>
<main>
<nav aria-label="Messages">${messageList(views, selected?.id ?? null)}</nav>
<section>${messageDetail(selected)}</section>
</main>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

const ASSET_HEADERS = { "x-content-type-options": "nosniff", "cache-control": "no-store" };

function inboxRoutes(router: Router, mailbox: Mailbox): void {
  const asset = (type: string, body: string) => (_req: Request, res: Response) =>
    void res.type(type).set(ASSET_HEADERS).send(body);
  router
    .get("/messages", (req, res) => res.json({ messages: mailbox.views(queryParam(req, "to")) }))
    .delete("/messages", (_req, res) => {
      mailbox.clear();
      res.json({ ok: true });
    })
    .get("/messages/:id", (req, res) => {
      const view = mailbox.find(req.params.id);
      if (view) return void res.json(view);
      send(res, errorsReply(404, [{ field: null, message: "message not found" }]));
    })
    .get("/", (req, res) => {
      const html = inboxPage(mailbox, queryParam(req, "id"));
      res.type("html").set(PAGE_HEADERS).send(html);
    })
    .get("/inbox.js", asset("js", INBOX_JS))
    .get("/inbox.css", asset("css", INBOX_CSS))
    .post("/clear", (_req, res) => {
      mailbox.clear();
      res.redirect(303, "/");
    });
}

function apiRoutes(router: Router, mailbox: Mailbox, account: Account): void {
  router
    .post("/v3/mail/send", (req, res) => sendMail(mailbox, account, req, res))
    .get("/v3/verified_senders", (req, res) => res.json(listVerifiedSenders(account, req)))
    .get("/v3/whitelabel/domains", (req, res) => res.json(listAuthenticatedDomains(account, req)));
}

export function startSendgridApi(options: SendgridApiOptions = {}): Promise<RunningServer> {
  const mailbox = new Mailbox();
  const account: Account = {
    keys: new Map(Object.entries(options.keys ?? DEFAULT_SENDGRID_KEYS)),
    senders: [
      ...(options.verifiedSenders ?? DEFAULT_VERIFIED_SENDERS).map((email) => ({
        email,
        verified: true,
      })),
      ...(options.unverifiedSenders ?? []).map((email) => ({ email, verified: false })),
    ],
    domains: options.authenticatedDomains ?? [],
  };
  return startStandIn(
    {
      api: (router) => apiRoutes(router, mailbox, account),
      inspection: (router) => inboxRoutes(router, mailbox),
      errorReply: sendgridErrorReply,
      reset: () => mailbox.clear(),
    },
    options,
  );
}
