/**
 * The stand-ins' control API as one contract in code: the fault schema the servers validate with
 * (dev/stand-in.ts), the shape of a recorded request, and the typed client that tests, the
 * benchmarks and scripts drive them with. Same routes on every stand-in:
 *
 *   POST   /__control/faults       Fault -> 201 {id}
 *   GET    /__control/faults       -> {faults: [...]} (with `remaining` uses, null = unlimited)
 *   DELETE /__control/faults[/:id] clears all faults, or one
 *   GET    /__control/requests     -> {requests: RecordedRequest[]}
 *   DELETE /__control/requests     clears the log
 *   POST   /__control/reset        back to the initial state (data, no faults, no log)
 * The local SendGrid adds its Event Webhook controls (`webhookClient`, dev/sendgrid-events.ts).
 */
import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";

const MAX_DELAY_MS = 10 * 60 * 1000;

/** Whole numbers in a range, with one message for every way of missing it. */
const integer = (min: number, max: number, error: string) =>
  z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional();

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export const faultSchema = z
  .object(
    {
      method: z.string({ error: "method must be a string" }).optional(),
      /** Regex source matched against the URL path as sent (percent-encoded, no query string). */
      path: z
        .string({ error: "path must be a regex source string" })
        .refine(isRegex, { error: (issue) => `path is not a valid regex: ${String(issue.input)}` })
        .optional(),
      status: integer(100, 599, "status must be 100-599"),
      /** Sent as JSON instead of the service's own error body for `status`. */
      body: z.unknown().optional(),
      /** Seconds; sent as Retry-After. */
      retryAfter: integer(0, 86400, "retryAfter must be whole seconds"),
      /** Wait this long before answering (or before the normal handler runs). */
      delayMs: integer(0, MAX_DELAY_MS, `delayMs must be an integer from 0 to ${MAX_DELAY_MS}`),
      /** Destroy the socket without answering. */
      drop: z.boolean({ error: "drop must be a boolean" }).optional(),
      /** How many matching requests it applies to; unlimited when omitted. */
      times: integer(1, Number.MAX_SAFE_INTEGER, "times must be a positive integer"),
    },
    { error: "fault must be a JSON object" },
  )
  .refine(
    (f) => f.status !== undefined || f.body !== undefined || f.drop || f.delayMs !== undefined,
    { error: "a fault needs at least one of status, body, drop or delayMs" },
  );

export type Fault = z.infer<typeof faultSchema>;

export interface RecordedRequest {
  method: string;
  /** URL path as sent (still percent-encoded), without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case names, as Node gives them; authorization is kept on purpose. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON or form body, raw text when unparseable, null when absent or too large. */
  body: unknown;
  /** What the stand-in answered; null while pending or when the connection was dropped. */
  status: number | null;
  at: string;
}

/** What the local SendGrid does with mail to one address (dev/sendgrid-events.ts). */
export const outcomeSchema = z.object(
  {
    email: z.string({ error: "email must be a string" }).email({ error: "email must be an email" }),
    outcome: z.enum(["deliver", "bounce", "dropped"], {
      error: "outcome must be deliver, bounce or dropped",
    }),
  },
  { error: "outcome must be a JSON object" },
);

export type Outcome = z.infer<typeof outcomeSchema>["outcome"];

/** One signed post of the local SendGrid's Event Webhook, as it was sent. */
export interface WebhookPost {
  at: string;
  /** The webhook's answer; null while under way, 0 when it could not be reached. */
  status: number | null;
  timestamp: string;
  signature: string;
  /** The raw JSON body, exactly as signed. */
  body: string;
}

export type ControlClient = ReturnType<typeof controlClient>;

/** The control API of the stand-in at `url` (its base URL, no trailing slash). */
export function controlClient(url: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}/__control/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${method} ${url}/__control/${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
  return {
    /** Resolves to the fault's id. */
    injectFault: async (fault: Fault) => (await call<{ id: string }>("POST", "faults", fault)).id,
    requests: async () => (await call<{ requests: RecordedRequest[] }>("GET", "requests")).requests,
    clearRequests: () => call<unknown>("DELETE", "requests").then(() => undefined),
    reset: () => call<unknown>("POST", "reset").then(() => undefined),
  };
}

/** The local SendGrid's Event Webhook controls (on top of `controlClient`). */
export function webhookClient(url: string) {
  const client = controlClient(url);
  return {
    ...client,
    /** From now on, mail to `email` bounces or is dropped (or, "deliver", is delivered again). */
    setOutcome: async (email: string, outcome: Outcome) => {
      const response = await fetch(`${url}/__control/webhook/outcomes`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, outcome }),
      });
      if (!response.ok) throw new Error(`setOutcome: ${response.status} ${await response.text()}`);
    },
    /** Event posts not yet answered, and the last 100 posts. */
    webhook: async () => {
      const response = await fetch(`${url}/__control/webhook`);
      if (!response.ok) throw new Error(`webhook: ${response.status} ${await response.text()}`);
      return (await response.json()) as { pending: number; posts: WebhookPost[] };
    },
  };
}
