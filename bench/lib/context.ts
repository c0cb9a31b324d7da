/** What every figure needs from the running stack: clients with timing, seeding, log counting. */
import type { LogEvent } from "../../functions/src/contract/events";
import { readFileSync } from "node:fs";
import { controlClient } from "../../dev/control-client";
import type { StackEnv } from "../../scripts/stack/run-stack";
import type { FirestoreCounter } from "./firestore-counter";
import { mapConcurrent } from "./stats";

export type Support = typeof import("../../test/support/stack");

export interface Timed {
  status: number;
  /** Parsed JSON body, or null. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Client-side latency: request sent to body fully read. */
  ms: number;
}

export interface BenchContext {
  support: Support;
  urls: StackEnv["urls"];
  logFile: string;
  /** null when the functions don't talk to Firestore through the counting proxy. */
  counter: FirestoreCounter | null;
  /** Why `counter` is null. */
  counterMissing?: string;
  settings: Record<string, string>;
  random: () => number;
}

let clients = 0;

/**
 * A client address never used before in this run. The emulators trust X-Forwarded-For, so every
 * request that should not share a per-client rate limit gets its own.
 */
export function nextClient(): string {
  clients += 1;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
}

async function timedPost(url: string, body: unknown, client: string): Promise<Timed> {
  const start = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": client },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const ms = performance.now() - start;
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed, ms };
}

/** A callable, called the way the Firebase JS SDK does it: POST {data} to the function's URL. */
export const callable = (ctx: BenchContext, name: string, data: unknown, client: string) =>
  timedPost(`${ctx.urls.functions}/${name}`, { data }, client);

/** The JSON API the way the page calls it: same origin, through the Hosting rewrite. */
export const api = (ctx: BenchContext, path: string, body: unknown, client: string) =>
  timedPost(`${ctx.urls.hosting}/api/password-reset/${path}`, body, client);

/** The machine code of a rate-limited answer, from either edge. */
export function errorCode(answer: Timed): string | undefined {
  return answer.body?.error?.details?.code ?? answer.body?.error?.code;
}

/** Signs customers up at the local Particle server, the way a product's app does. */
export async function createCustomers(ctx: BenchContext, emails: string[]): Promise<void> {
  const { id, secret } = ctx.support.DEMO_CLIENT;
  const authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
  await mapConcurrent(emails, 16, async (email) => {
    const response = await fetch(
      `${ctx.urls.particle}/v1/products/${ctx.support.DEMO_PRODUCT_ID}/customers`,
      {
        method: "POST",
        headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email, password: "bench-initial-password" }),
      },
    );
    if (response.status !== 200) {
      throw new Error(`creating customer ${email} failed: ${response.status}`);
    }
  });
}

/** Empties the stand-ins' request logs and the inbox (their data stays). */
export async function clearStandInLogs(ctx: BenchContext): Promise<void> {
  await Promise.all([
    controlClient(ctx.urls.particle).clearRequests(),
    controlClient(ctx.urls.sendgrid).clearRequests(),
    fetch(`${ctx.urls.sendgrid}/messages`, { method: "DELETE" }),
  ]);
}

export const standInRequests = (ctx: BenchContext, server: "particle" | "sendgrid") =>
  controlClient(ctx.urls[server]).requests();

/** Function invocations since a log mark, by function name, from the emulator's own log lines. */
export function invocationsSince(ctx: BenchContext, mark: number): Record<string, number> {
  const text = readFileSync(ctx.logFile).subarray(mark).toString("utf8");
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/Beginning execution of "[\w-]+?-(\w+)"/g)) {
    counts[match[1]] = (counts[match[1]] ?? 0) + 1;
  }
  return counts;
}

/** Execution times the Functions emulator logged since a mark ("Finished … in N ms"), by function. */
export function executionTimesSince(ctx: BenchContext, mark: number): Record<string, number[]> {
  const text = readFileSync(ctx.logFile).subarray(mark).toString("utf8");
  const times: Record<string, number[]> = {};
  for (const match of text.matchAll(/Finished "[\w-]+?-(\w+)" in ([\d.]+)ms/g)) {
    (times[match[1]] ??= []).push(Number(match[2]));
  }
  return times;
}

/** How many structured log events of each name the functions wrote since a mark. */
export function eventsSince(ctx: BenchContext, mark: number): Partial<Record<LogEvent, number>> {
  const counts: Partial<Record<LogEvent, number>> = {};
  for (const entry of ctx.support.functionLogs(mark)) {
    const event = entry.message as LogEvent;
    counts[event] = (counts[event] ?? 0) + 1;
  }
  return counts;
}

export const isResetMail = (mail: { text: string }) => /\/reset#token=/.test(mail.text);
