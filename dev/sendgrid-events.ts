/**
 * The local SendGrid's Event Webhook: for every mail it accepts it posts signed events to the
 * webhook URL, as SendGrid does once "Signed Event Webhook Requests" is on
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features):
 * a JSON array of events, an ECDSA P-256 signature (base64 DER) over the timestamp header
 * followed by the raw body, in `X-Twilio-Email-Event-Webhook-Signature` and `-Timestamp`.
 * Events carry the mail's custom args as top-level keys and the fields SendGrid documents per type
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event). Like SendGrid it
 * batches: what is accepted within BATCH_DELAY_MS goes out in one post.
 *
 * Per recipient it posts `processed`, then `delivered`, or `bounce` / `dropped` for an address it
 * was told to fail (control API below). Control routes (dev/control-client.ts, `webhookClient`):
 *   PUT    /__control/webhook/outcomes   {email, outcome: "deliver" | "bounce" | "dropped"}
 *   GET    /__control/webhook            {pending, posts: [{at, status, timestamp, signature, body}]}
 * `reset` forgets outcomes and posts (posts under way still finish).
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { Router } from "express";
import { outcomeSchema, type Outcome, type WebhookPost } from "./control-client";

export interface EventWebhookOptions {
  /** Where to post, e.g. `http://127.0.0.1:5002/api/sendgrid/events`. */
  url: string;
  /** The private half of the webhook's key pair (PEM or a KeyObject). */
  privateKey: string | KeyObject;
}

/** A fresh key pair: the public half as SendGrid shows it (base64 DER), the private as PEM. */
export function generateWebhookKeys(): { publicKey: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

/** Signs a body as SendGrid's Signed Event Webhook does: ECDSA/SHA-256 over timestamp + body. */
export function signWebhookBody(
  privateKey: string | KeyObject,
  body: string,
  timestamp: string,
): string {
  return sign("sha256", Buffer.from(timestamp + body, "utf8"), privateKey).toString("base64");
}

const BATCH_DELAY_MS = 100;
const POSTS_KEPT = 100;

interface MailPayloadLike {
  personalizations: Array<{
    to?: Array<{ email: string }>;
    cc?: Array<{ email: string }>;
    bcc?: Array<{ email: string }>;
    custom_args?: Record<string, unknown>;
  }>;
  custom_args?: Record<string, unknown>;
  categories?: string[];
}

type Event = Record<string, unknown>;

/** Documented shapes (event reference above); the texts are examples of real ones. */
function eventsFor(outcome: Outcome, base: Event): Event[] {
  const id = () => randomBytes(16).toString("base64url");
  const processed = { ...base, event: "processed", sg_event_id: id() };
  if (outcome === "bounce") {
    return [
      processed,
      {
        ...base,
        event: "bounce",
        sg_event_id: id(),
        type: "bounce",
        status: "5.1.1",
        reason: "550 5.1.1 The email account that you tried to reach does not exist.",
      },
    ];
  }
  if (outcome === "dropped") {
    return [processed, { ...base, event: "dropped", sg_event_id: id(), reason: "Bounced Address" }];
  }
  return [
    processed,
    { ...base, event: "delivered", sg_event_id: id(), response: "250 OK", ip: "127.0.0.1" },
  ];
}

export interface EventPoster {
  mailAccepted(messageId: string, payload: MailPayloadLike): void;
  control(router: Router): void;
  reset(): void;
}

export function createEventPoster(options: EventWebhookOptions): EventPoster {
  const outcomes = new Map<string, Outcome>();
  let queued: Event[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let posts: WebhookPost[] = [];

  async function flush(): Promise<void> {
    timer = undefined;
    const events = queued;
    queued = [];
    if (events.length === 0) return;
    inFlight += 1;
    const body = JSON.stringify(events);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signWebhookBody(options.privateKey, body, timestamp);
    const post: WebhookPost = {
      at: new Date().toISOString(),
      status: null,
      timestamp,
      signature,
      body,
    };
    posts = [...posts, post].slice(-POSTS_KEPT);
    try {
      const response = await fetch(options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-twilio-email-event-webhook-signature": signature,
          "x-twilio-email-event-webhook-timestamp": timestamp,
        },
        body,
        signal: AbortSignal.timeout(60_000),
      });
      post.status = response.status;
      await response.arrayBuffer();
    } catch {
      post.status = 0; // unreachable (the stack stopping, say): SendGrid would retry; we don't.
    } finally {
      inFlight -= 1;
    }
  }

  return {
    mailAccepted(messageId, payload) {
      const timestamp = Math.floor(Date.now() / 1000);
      for (const personalization of payload.personalizations) {
        const args = { ...payload.custom_args, ...personalization.custom_args };
        const recipients = [
          ...(personalization.to ?? []),
          ...(personalization.cc ?? []),
          ...(personalization.bcc ?? []),
        ];
        for (const { email } of recipients) {
          const base: Event = {
            email,
            timestamp,
            "smtp-id": `<${messageId}@sendgrid.local>`,
            sg_message_id: `${messageId}.filter0001.1.0`,
            category: payload.categories ?? [],
            ...args,
          };
          queued.push(...eventsFor(outcomes.get(email.toLowerCase()) ?? "deliver", base));
        }
      }
      timer ??= setTimeout(() => void flush(), BATCH_DELAY_MS);
    },
    control(router) {
      router.put("/webhook/outcomes", (req, res) => {
        const parsed = outcomeSchema.safeParse(req.body);
        if (!parsed.success) {
          return void res.status(400).json({ error: parsed.error.issues[0].message });
        }
        const { email, outcome } = parsed.data;
        if (outcome === "deliver") outcomes.delete(email.toLowerCase());
        else outcomes.set(email.toLowerCase(), outcome);
        res.json({ ok: true });
      });
      router.get("/webhook", (_req, res) => res.json({ pending: queued.length + inFlight, posts }));
    },
    reset() {
      outcomes.clear();
      posts = [];
    },
  };
}
