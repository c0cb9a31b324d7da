/**
 * Helpers for suites that run inside the local stack (`npm run test:emulator`): real HTTP to the
 * Hosting/Functions emulators and the local Particle and SendGrid servers, real Firestore.
 */
import { readFileSync } from "node:fs";
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { controlClient, webhookClient, type Fault } from "../../dev/control-client";
import type { CallableName } from "../../functions/src/contract/api";
import { eventsEnding, type LogEvent } from "../../functions/src/contract/events";
import { eventually } from "./wait";

function stackEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this suite through \`npm run test:emulator\`.`);
  }
  return value;
}

export const hostingUrl = stackEnv("STACK_HOSTING_URL");
export const functionsUrl = stackEnv("STACK_FUNCTIONS_URL");
export const particleUrl = stackEnv("STACK_PARTICLE_URL");
export const sendgridUrl = stackEnv("STACK_SENDGRID_URL");
export const pwnedPasswordsUrl = stackEnv("STACK_PWNED_PASSWORDS_URL");
export const projectId = stackEnv("GCLOUD_PROJECT");
const firestoreHost = stackEnv("FIRESTORE_EMULATOR_HOST");
const logFile = stackEnv("STACK_LOG_FILE");

export const DEMO_PRODUCT_ID = "12345";
export const DEMO_CLIENT = { id: "acme-lamp-app", secret: "demo-client-secret" };

export function db(): Firestore {
  if (getApps().length === 0) initializeApp({ projectId });
  return getFirestore();
}

async function clearFirestore(): Promise<void> {
  const url = `http://${firestoreHost}/emulator/v1/projects/${projectId}/databases/(default)/documents`;
  const response = await fetch(url, { method: "DELETE" });
  if (!response.ok) throw new Error(`clearing Firestore failed: ${response.status}`);
}

export type { Fault } from "../../dev/control-client";
const standIns = {
  particle: controlClient(particleUrl),
  sendgrid: webhookClient(sendgridUrl),
  pwnedPasswords: controlClient(pwnedPasswordsUrl),
};
/** The local SendGrid's Event Webhook: outcomes per address, posts it made. */
export const sendgridWebhook = standIns.sendgrid;
export const webhookSigningKey = stackEnv("STACK_SENDGRID_WEBHOOK_KEY");
type StandIn = keyof typeof standIns;

export const injectFault = (server: StandIn, fault: Fault) => standIns[server].injectFault(fault);
export const recordedRequests = (server: StandIn) => standIns[server].requests();

/** An empty Firestore; the stand-ins' fixture data back, no faults, no recorded requests, no mail. */
export async function resetAll(): Promise<void> {
  await Promise.all([clearFirestore(), ...Object.values(standIns).map((s) => s.reset())]);
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Status, headers, raw text and (when it parses) JSON body of an answer. */
export async function readResponse(response: Response): Promise<ApiResponse> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: body stays null.
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** How a raw HTTP call is made: client address, method, content type, raw body, extra headers. */
interface RawCallOptions {
  client?: string;
  method?: string;
  contentType?: string;
  raw?: string;
  headers?: Record<string, string>;
}

/** POSTs `body` as JSON (or `raw` as it is; GET and HEAD send none) and reads the answer. */
async function rawCall(url: string, body: unknown, options: RawCallOptions) {
  const method = options.method ?? "POST";
  const json = body === undefined ? undefined : JSON.stringify(body);
  const response = await fetch(url, {
    method,
    headers: {
      "content-type": options.contentType ?? "application/json",
      ...(options.client ? { "x-forwarded-for": options.client } : {}),
      ...options.headers,
    },
    body: method === "GET" || method === "HEAD" ? undefined : (options.raw ?? json),
  });
  return readResponse(response);
}

/** Calls the JSON API the way the page does: same origin, through the Hosting rewrite. */
export const api = (path: string, body: unknown, options: RawCallOptions = {}) =>
  rawCall(`${hostingUrl}/api/password-reset/${path}`, body, options);

/**
 * A raw HTTP call of a callable (default `requestPasswordReset`), as the callable protocol sends
 * it (`{"data": …}`), straight to the Functions emulator or, with `viaHosting`, through the
 * Hosting rewrite. `raw` replaces the whole body, for protocol-level abuse.
 */
export function callCallable(
  data: unknown,
  options: RawCallOptions & { viaHosting?: boolean; name?: CallableName } = {},
) {
  const name = options.name ?? "requestPasswordReset";
  const url = options.viaHosting ? `${hostingUrl}/api/callable/${name}` : `${functionsUrl}/${name}`;
  return rawCall(url, { data }, options);
}

export const requestReset = (email: string, extra: Record<string, unknown> = {}, client?: string) =>
  api("request", { email, ...extra }, { client });

export interface ReceivedMail {
  id: string;
  to: string[];
  from: string;
  fromName?: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  templateId?: string;
  payload: Record<string, unknown>;
}

export async function mails(to?: string): Promise<ReceivedMail[]> {
  const query = to ? `?to=${encodeURIComponent(to)}` : "";
  const response = await fetch(`${sendgridUrl}/messages${query}`);
  return ((await response.json()) as { messages: ReceivedMail[] }).messages;
}

export async function waitForMail(to: string, count = 1, timeoutMs?: number) {
  return eventually(
    async () => {
      const received = await mails(to);
      return received.length >= count ? received : undefined;
    },
    `${count} mail(s) to ${to}`,
    timeoutMs,
  );
}

export function resetLinkFrom(mail: ReceivedMail): string {
  const match = /(https?:\/\/\S+\/reset#token=[A-Za-z0-9_-]+\S*)/.exec(mail.text);
  if (!match) throw new Error(`no reset link in mail text: ${mail.text}`);
  return match[1];
}

export function tokenFrom(link: string): string {
  return new URLSearchParams(new URL(link).hash.slice(1)).get("token") ?? "";
}

/** Status of a customer login at the local Particle server: proves which password is current. */
export async function particleLogin(email: string, password: string, client = DEMO_CLIENT) {
  const response = await fetch(`${particleUrl}/oauth/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "password", username: email, password }),
  });
  return response.status;
}

export interface LogEntry {
  message: string;
  severity?: string;
  [field: string]: unknown;
}

/** Where the log ends now: pass it to `functionLogs`, `waitForLog` or `rawLog` for what follows. */
export function logMark(): number {
  return readFileSync(logFile).length;
}

/** The stack's log text from a `logMark()` on (by default all): every line the emulators printed. */
export function rawLog(since = 0): string {
  return readFileSync(logFile).subarray(since).toString("utf8");
}

/** Structured function logs, as the Functions emulator printed them to the stack's log file. */
export function functionLogs(since = 0): LogEntry[] {
  return rawLog(since)
    .split("\n")
    .flatMap((line) => {
      const json = /^>\s+(\{.*\})\s*$/.exec(line)?.[1];
      try {
        return json ? [JSON.parse(json) as LogEntry] : [];
      } catch {
        return [];
      }
    });
}

export async function waitForLog(
  since: number,
  event: LogEvent,
  count = 1,
  timeoutMs?: number,
): Promise<LogEntry[]> {
  return eventually(
    async () => {
      const found = functionLogs(since).filter((e) => e.message === event);
      return found.length >= count ? found : undefined;
    },
    `${count} log event(s) ${event}`,
    timeoutMs,
  );
}

const isResetMail = (mail: ReceivedMail) => /\/reset#token=/.test(mail.text);

/** Requests a reset through the API and returns the token from the reset mail that arrives. */
export async function requestTokenByMail(email: string, locale?: string): Promise<string> {
  const before = (await mails(email)).filter(isResetMail).length;
  const response = await requestReset(email, locale ? { locale } : {});
  if (response.status !== 200)
    throw new Error(`request failed: ${response.status} ${response.text}`);
  const received = await eventually(async () => {
    const resetMails = (await mails(email)).filter(isResetMail);
    return resetMails.length > before ? resetMails : undefined;
  }, `a reset mail to ${email}`);
  return tokenFrom(resetLinkFrom(received[received.length - 1]));
}

const RESET_TASK_ENDS = new Set<string>(eventsEnding("deliverResetMail"));
const CHANGED_TASK_ENDS = new Set<string>(eventsEnding("deliverPasswordChangedMail"));

function endsResetTask(entry: LogEntry): boolean {
  if (RESET_TASK_ENDS.has(entry.message)) return true;
  const event = entry.message as LogEvent;
  if (event === "mail.send_failed") return entry.final === true;
  // Only the delivery task logs it with an attempt number; completion logs it without.
  return event === "particle.config_error" && "attempt" in entry;
}

/**
 * Waits until every queued delivery started since `mark` has finished, so that no late mail or
 * write from one test lands in the next one.
 */
export async function drainQueues(mark: number, timeoutMs = 45_000): Promise<void> {
  await eventually(
    async () => {
      const entries = functionLogs(mark);
      const count = (test: (e: LogEntry) => boolean) => entries.filter(test).length;
      const started = (event: LogEvent) => count((e) => e.message === event);
      const resetsOpen = started("reset.requested") - count(endsResetTask);
      const noticesOpen =
        started("changed.mail_queued") - count((e) => CHANGED_TASK_ENDS.has(e.message));
      if (resetsOpen > 0 || noticesOpen > 0) return undefined;
      // The events of the mails sent must have been posted and recorded too.
      return (await sendgridWebhook.webhook()).pending === 0 ? true : undefined;
    },
    "queued deliveries to finish",
    timeoutMs,
  );
}

/** Every document in the stack's Firestore (root collections; the project uses no others). */
export async function firestoreDocuments() {
  const collections = await db().listCollections();
  const snapshots = await Promise.all(collections.map((c) => c.get()));
  return snapshots.flatMap((s) => s.docs.map((d) => ({ path: d.ref.path, data: d.data() })));
}

export { mapConcurrent } from "./concurrency";
export { sleep } from "./wait";
export { eventually };
