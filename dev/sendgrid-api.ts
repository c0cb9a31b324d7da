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
import { escapeHtml } from "../functions/src/mail/html";
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
import { createEventPoster, type EventPoster, type EventWebhookOptions } from "./sendgrid-events";

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

/** The demo's senders (dev/demo-config.ts), verified as Single Senders. */
export const DEFAULT_VERIFIED_SENDERS: readonly string[] = [
  "no-reply@acme-lamp.example",
  "hello@other-widget.example",
];

export interface SendgridApiOptions extends ListenOptions {
  /** API keys and their scopes; defaults to DEFAULT_SENDGRID_KEYS. */
  keys?: Readonly<Record<string, KeyScopes>>;
  /** Single Senders that completed verification; defaults to DEFAULT_VERIFIED_SENDERS. */
  verifiedSenders?: readonly string[];
  /** Single Senders created but never verified: listed, with verified false; they can't send. */
  unverifiedSenders?: readonly string[];
  /** Authenticated domains: any address @domain (or a subdomain) may send. Default none. */
  authenticatedDomains?: readonly string[];
  /** Post signed events for accepted mail (dev/sendgrid-events.ts); default none. */
  eventWebhook?: EventWebhookOptions;
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

/** SendGrid's body for a bare status, e.g. 503 -> "service unavailable". */
function sendgridErrorReply(status: number, { retryAfter = 60 }: { retryAfter?: number }): Reply {
  if (status === 400) return errorsReply(400, [BAD_REQUEST]);
  if (status === 401) return errorsReply(401, [INVALID_KEY]);
  if (status === 403) return errorsReply(403, [ACCESS_FORBIDDEN]);
  if (status === 429) {
    const headers = {
      "x-ratelimit-limit": "600",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + retryAfter),
    };
    return { status, body: { errors: [{ field: null, message: "too many requests" }] }, headers };
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
/** A dynamic template (d- and 32 hex digits) or a legacy one (a GUID). */
const TEMPLATE_ID =
  /^(d-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

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

function isValidEmail(value: unknown): value is string {
  return typeof value === "string" && EMAIL_PATTERN.test(value);
}

const emailOf = (value: unknown) => (isRecord(value) ? value.email : undefined);

type Report = (field: string, message: string) => void;

/** Recipients (each address valid, unique across to, cc and bcc) and headers of each one. */
function checkPersonalizations(list: unknown[], report: Report): void {
  if (list.length === 0) report("personalizations", MESSAGES.personalizations);
  let total = 0;
  list.forEach((p: unknown, i) => {
    const at = `personalizations.${i}`;
    if (!isRecord(p)) return report(`${at}.to`, MESSAGES.to);
    if (!Array.isArray(p.to) || p.to.length === 0) report(`${at}.to`, MESSAGES.to);
    const seen = new Set<string>();
    for (const kind of RECIPIENT_KINDS) {
      const recipients: unknown[] = Array.isArray(p[kind]) ? p[kind] : [];
      total += recipients.length;
      recipients.forEach((recipient, j) => {
        const email = emailOf(recipient);
        if (!isValidEmail(email))
          return report(`${at}.${kind}.${j}.email`, MESSAGES.invalidAddress);
        const key = email.toLowerCase();
        if (seen.has(key)) report(at, MESSAGES.duplicate(key, `${at}.${kind}`));
        seen.add(key);
      });
    }
    checkHeaders(p.headers, `${at}.headers`, report);
  });
  if (total > MAX_RECIPIENTS) report("personalizations", MESSAGES.recipientLimit);
}

function checkHeaders(headers: unknown, at: string, report: Report): void {
  if (headers === undefined) return;
  if (!isRecord(headers)) return report(at, "Invalid type. Expected: object.");
  // CR/LF in a header value would let a caller inject extra headers into the sent mail.
  const bad = Object.entries(headers).some(
    ([name, value]) => typeof value !== "string" || /[\r\n]/.test(value) || /[\r\n]/.test(name),
  );
  if (bad) report(at, MESSAGES.headerValue);
}

/** Content blocks, needed unless there is a template: non-empty, text/plain before text/html. */
function checkContent(content: unknown, hasTemplate: boolean, report: Report): void {
  if (content === undefined || (Array.isArray(content) && content.length === 0)) {
    return hasTemplate ? undefined : report("content", MESSAGES.content);
  }
  if (!Array.isArray(content)) return report("content", MESSAGES.content);
  const types = content.map((block: unknown, i) => {
    const { type, value } = isRecord(block) ? block : {};
    if (!isNonEmptyString(type)) report(`content.${i}.type`, MESSAGES.contentType);
    if (!isNonEmptyString(value)) report(`content.${i}.value`, MESSAGES.contentValue);
    return type;
  });
  const plain = types.indexOf("text/plain");
  const html = types.indexOf("text/html");
  if (plain > 0 || (html >= 0 && html !== (plain === 0 ? 1 : 0))) {
    report("content", MESSAGES.contentOrder);
  }
}

/** Every problem SendGrid would report for this body, in one list (as SendGrid answers). */
function validateMail(mail: unknown): SendgridError[] {
  if (!isRecord(mail)) return [BAD_REQUEST];
  const errors: SendgridError[] = [];
  const report: Report = (field, message) => void errors.push(fieldError(field, message));
  const personalizations = Array.isArray(mail.personalizations) ? mail.personalizations : [];
  checkPersonalizations(personalizations, report);
  const from = emailOf(mail.from);
  if (!isNonEmptyString(from)) report("from.email", MESSAGES.fromRequired);
  else if (!isValidEmail(from)) report("from.email", MESSAGES.fromInvalid);
  if (mail.reply_to !== undefined && !isValidEmail(emailOf(mail.reply_to))) {
    report("reply_to.email", MESSAGES.replyToInvalid);
  }
  const template = mail.template_id;
  const hasTemplate = template !== undefined;
  if (hasTemplate && !(typeof template === "string" && TEMPLATE_ID.test(template))) {
    report(
      "template_id",
      `The template_id must be a valid GUID, you provided '${String(template)}'.`,
    );
  }
  const everyHasSubject =
    personalizations.length > 0 &&
    personalizations.every((p: unknown) => isRecord(p) && isNonEmptyString(p.subject));
  if (!hasTemplate && !isNonEmptyString(mail.subject) && !everyHasSubject) {
    report("subject", MESSAGES.subject);
  }
  checkContent(mail.content, hasTemplate, report);
  checkHeaders(mail.headers, "headers", report);
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Mailbox
// ---------------------------------------------------------------------------------------------

type MessageView = ReturnType<typeof toView>;

/** The inbox: every message received, oldest first. */
type Mailbox = MessageView[];

function emailsOf(payload: MailPayload, kind: (typeof RECIPIENT_KINDS)[number]): string[] {
  return payload.personalizations.flatMap((p) => (p[kind] ?? []).map((r) => r.email));
}

function contentOf(payload: MailPayload, type: string): string | null {
  return payload.content?.find((block) => block.type === type)?.value ?? null;
}

/** One entry per send: text/html from content[], subject/data from the first personalization. */
function toView(payload: MailPayload, apiKey: string) {
  const first = payload.personalizations[0];
  return {
    // SendGrid's ids are 22 url-safe characters.
    id: randomBytes(16).toString("base64url"),
    receivedAt: new Date().toISOString(),
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
    /** Enough to tell keys apart in the inbox without keeping the secret. */
    apiKeyLast4: apiKey.slice(-4),
    payload,
  };
}

function isAddressedTo(view: MessageView, email: string): boolean {
  const wanted = email.toLowerCase();
  return [...view.to, ...view.cc, ...view.bcc].some((r) => r.toLowerCase() === wanted);
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
  const key = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
  const scopes = account.keys.get(key) ?? fail(401, { errors: [INVALID_KEY] });
  if (scopes !== "full-access" && !scopes.includes(scope))
    fail(403, { errors: [ACCESS_FORBIDDEN] });
  return key;
}

/**
 * A From may send if it is a verified Single Sender or in an authenticated domain (subdomains
 * included): https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sender-identity
 */
function senderAllowed(account: Account, from: string): boolean {
  const email = from.toLowerCase();
  const domain = email.slice(email.lastIndexOf("@") + 1);
  return (
    account.senders.some((s) => s.verified && s.email.toLowerCase() === email) ||
    account.domains.some(
      (d) => domain === d.toLowerCase() || domain.endsWith(`.${d.toLowerCase()}`),
    )
  );
}

/** A body that is not JSON arrives as text, which validateMail refuses with "Bad Request". */
function sendMail(
  mailbox: Mailbox,
  account: Account,
  req: Request,
  res: Response,
  events?: EventPoster,
): void {
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
  const message = toView(payload, key);
  mailbox.push(message);
  res.status(202).set("x-message-id", message.id).end();
  events?.mailAccepted(message.id, payload);
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
  return account.domains.map((domain, i) => ({
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
      mail_cname: cname(`em1234.${domain}`, "u1.wl.sendgrid.net"),
      dkim1: cname(`s1._domainkey.${domain}`, "s1.domainkey.u1.wl.sendgrid.net"),
      dkim2: cname(`s2._domainkey.${domain}`, "s2.domainkey.u1.wl.sendgrid.net"),
    },
  }));
}

const cname = (host: string, data: string) => ({ valid: true, type: "cname", host, data });

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

function inboxPage(views: Mailbox, selectedId: string | undefined): string {
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
    .get("/messages", (req, res) => {
      const to = queryParam(req, "to");
      res.json({ messages: to ? mailbox.filter((view) => isAddressedTo(view, to)) : mailbox });
    })
    .delete("/messages", (_req, res) => {
      mailbox.splice(0);
      res.json({ ok: true });
    })
    .get("/messages/:id", (req, res) => {
      const view = mailbox.find((message) => message.id === req.params.id);
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
      mailbox.splice(0);
      res.redirect(303, "/");
    });
}

function apiRoutes(router: Router, mailbox: Mailbox, account: Account, events?: EventPoster) {
  router
    .post("/v3/mail/send", (req, res) => sendMail(mailbox, account, req, res, events))
    .get("/v3/verified_senders", (req, res) => res.json(listVerifiedSenders(account, req)))
    .get("/v3/whitelabel/domains", (req, res) => res.json(listAuthenticatedDomains(account, req)));
}

const sender = (verified: boolean) => (email: string) => ({ email, verified });

export function startSendgridApi(options: SendgridApiOptions = {}): Promise<RunningServer> {
  const mailbox: Mailbox = [];
  const account: Account = {
    keys: new Map(Object.entries(options.keys ?? DEFAULT_SENDGRID_KEYS)),
    senders: [
      ...(options.verifiedSenders ?? DEFAULT_VERIFIED_SENDERS).map(sender(true)),
      ...(options.unverifiedSenders ?? []).map(sender(false)),
    ],
    domains: options.authenticatedDomains ?? [],
  };
  const events = options.eventWebhook && createEventPoster(options.eventWebhook);
  return startStandIn(
    {
      api: (router) => apiRoutes(router, mailbox, account, events),
      inspection: (router) => inboxRoutes(router, mailbox),
      control: events?.control,
      errorReply: sendgridErrorReply,
      reset: () => {
        mailbox.splice(0);
        events?.reset();
      },
    },
    options,
  );
}
