/**
 * SendGrid's Event Webhook end to end: a reset mail goes out through the local SendGrid, which
 * posts signed events through Hosting's rewrite to `POST /api/sendgrid/events`; the reset's
 * record shows them. Replays change nothing; forged, tampered or stale posts are refused with
 * 403 and write nothing.
 */
import { generateWebhookKeys, signWebhookBody } from "../../dev/sendgrid-events";
import type { WebhookPost } from "../../dev/control-client";
import { ENDPOINTS } from "../../functions/src/contract/api";
import { MAX_AGE_SECONDS } from "../../functions/src/mail/event-signature";
import { createValidator, loadOpenApi } from "../support/openapi-validator";
import { hashToken } from "../../functions/src/tokens/token";
import {
  db,
  eventually,
  functionLogs,
  hostingUrl,
  logMark,
  readResponse,
  requestTokenByMail,
  resetAll,
  sendgridWebhook,
  waitForLog,
  webhookSigningKey,
} from "../support/stack";

const WEBHOOK = `${hostingUrl}${ENDPOINTS.sendgridEvents.path}`;
const check = createValidator(loadOpenApi());
/** Every answer is one docs/openapi.json describes. */
const documented = (answer: { status: number; body: unknown }) =>
  check("POST", ENDPOINTS.sendgridEvents.path, answer.status, answer.body);

beforeEach(resetAll);

function postEvents(body: string, headers: Record<string, string>) {
  return fetch(WEBHOOK, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  }).then(readResponse);
}

/** Signs like SendGrid (the stack's key unless another is given), timestamped now. */
function signed(body: string, key = webhookSigningKey, timestamp = nowSeconds()) {
  return {
    "x-twilio-email-event-webhook-timestamp": timestamp,
    "x-twilio-email-event-webhook-signature": signWebhookBody(key, body, timestamp),
  };
}
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** A one-event post about this reset's mail, as SendGrid would shape it. */
const eventFor = (token: string, event: string) =>
  JSON.stringify([
    {
      event,
      timestamp: Math.floor(Date.now() / 1000),
      sg_event_id: `test-${event}`,
      reset_ref: hashToken(token),
      reset_mail: "reset",
    },
  ]);

const tokenRecord = (token: string) => db().collection("resetTokens").doc(hashToken(token));

async function waitForState(token: string, state: string, field = "sendgrid.reset") {
  return eventually(async () => {
    const snapshot = await tokenRecord(token).get();
    return snapshot.get(`${field}.state`) === state ? snapshot : undefined;
  }, `${field} to be ${state}`);
}

/**
 * The stand-in's posts that carry events of this reset's record, once answered (the record can
 * show the events a moment before the stand-in has read the webhook's answer).
 */
function postsFor(token: string): Promise<WebhookPost[]> {
  return eventually(async () => {
    const { posts } = await sendgridWebhook.webhook();
    const answered = posts.filter((p) => p.status !== null && p.body.includes(hashToken(token)));
    return answered.length > 0 ? answered : undefined;
  }, "the webhook to answer the stand-in's post");
}

describe("POST /api/sendgrid/events", () => {
  it("records processed and delivered on the reset's record, from signed posts", async () => {
    const token = await requestTokenByMail("alice@example.com");
    const record = await waitForState(token, "delivered");
    const first = record.get("sendgrid.reset.first");
    expect(Object.keys(first)).toEqual(expect.arrayContaining(["processed", "delivered"]));
    expect(first.processed).toBeLessThanOrEqual(first.delivered);
    expect(record.get("sendgrid.reset.failure")).toBeUndefined();
    // The mail carried the record's key, never the token, as SendGrid custom args.
    const [post] = await postsFor(token);
    expect(post.status).toBe(200);
    const events = JSON.parse(post.body) as Array<Record<string, unknown>>;
    expect(events[0]).toMatchObject({ reset_ref: hashToken(token), reset_mail: "reset" });
    expect(post.body).not.toContain(token);
  });

  it("a bounced address: the record shows the bounce, logged once as mail.bounced without the email", async () => {
    await sendgridWebhook.setOutcome("bob@example.com", "bounce");
    const mark = logMark();
    const token = await requestTokenByMail("bob@example.com");
    const record = await waitForState(token, "bounce");
    expect(record.get("sendgrid.reset.failure")).toMatchObject({
      event: "bounce",
      type: "bounce",
      status: "5.1.1",
    });
    const [bounced] = await waitForLog(mark, "mail.bounced");
    expect(bounced).toMatchObject({
      severity: "WARNING",
      productId: "12345",
      tokenRef: hashToken(token).slice(0, 12),
      mail: "reset",
      bounceType: "bounce",
      status: "5.1.1",
    });
    expect(JSON.stringify(bounced)).not.toContain("bob@example.com");
  });

  it("a dropped address: the record shows the drop and its reason", async () => {
    await sendgridWebhook.setOutcome("carol@example.com", "dropped");
    const token = await requestTokenByMail("carol@example.com");
    const record = await waitForState(token, "dropped");
    expect(record.get("sendgrid.reset.failure")).toMatchObject({
      event: "dropped",
      reason: "Bounced Address",
    });
  });

  it("a replayed post (same bytes, same signature) is accepted and changes nothing", async () => {
    await sendgridWebhook.setOutcome("bob@example.com", "bounce");
    const token = await requestTokenByMail("bob@example.com");
    const before = await waitForState(token, "bounce");
    const [original] = await postsFor(token);
    const mark = logMark();
    const replay = await postEvents(original.body, {
      "x-twilio-email-event-webhook-timestamp": original.timestamp,
      "x-twilio-email-event-webhook-signature": original.signature,
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ ok: true, recorded: 0 });
    const after = await tokenRecord(token).get();
    expect(after.updateTime!.isEqual(before.updateTime!)).toBe(true);
    await waitForLog(mark, "sendgrid.events_recorded");
    expect(functionLogs(mark).filter((e) => e.message === "mail.bounced")).toEqual([]);
  });

  it("events arriving late and out of order don't undo a bounce", async () => {
    await sendgridWebhook.setOutcome("bob@example.com", "bounce");
    const token = await requestTokenByMail("bob@example.com");
    await waitForState(token, "bounce");
    const late = eventFor(token, "delivered");
    const answer = await postEvents(late, signed(late));
    expect(answer.status).toBe(200);
    const record = await tokenRecord(token).get();
    expect(record.get("sendgrid.reset.state")).toBe("bounce");
    expect(Object.keys(record.get("sendgrid.reset.first"))).toContain("delivered");
  });

  it("refuses a forged, a tampered and a stale post with 403 and writes nothing", async () => {
    const token = await requestTokenByMail("alice@example.com");
    const before = await waitForState(token, "delivered");
    const body = eventFor(token, "spamreport");
    const mark = logMark();
    const forged = await postEvents(body, signed(body, generateWebhookKeys().privateKeyPem));
    const tampered = await postEvents(body, signed(body.replace("spamreport", "processed")));
    const staleAt = String(Math.floor(Date.now() / 1000) - MAX_AGE_SECONDS - 60);
    const stale = await postEvents(body, signed(body, webhookSigningKey, staleAt));
    const unsigned = await postEvents(body, {});
    for (const answer of [forged, tampered, stale, unsigned]) {
      expect(answer.status).toBe(403);
      expect(documented(answer)).toEqual([]);
      expect(answer.body).toEqual({
        error: {
          code: "signature_invalid",
          message: "The request signature is missing, invalid or too old.",
        },
      });
    }
    const rejected = await waitForLog(mark, "sendgrid.webhook_rejected", 4);
    expect(rejected.map((e) => e.reason).sort()).toEqual([
      "bad_signature",
      "bad_signature",
      "missing_headers",
      "stale",
    ]);
    const after = await tokenRecord(token).get();
    expect(after.updateTime!.isEqual(before.updateTime!)).toBe(true);
    expect(after.get("sendgrid.reset.state")).toBe("delivered");
  });

  it("signed but malformed or oversized posts get 4xx; other mails' events are ignored unread", async () => {
    const notJson = "[{"; // sent as text: the runtime's JSON parser would answer it itself
    const malformed = await fetch(WEBHOOK, {
      method: "POST",
      headers: { "content-type": "text/plain", ...signed(notJson) },
      body: notJson,
    }).then(readResponse);
    expect(malformed.status).toBe(415);
    const object = JSON.stringify({ event: "delivered" });
    expect((await postEvents(object, signed(object))).status).toBe(400);
    const many = JSON.stringify(
      Array.from({ length: 5001 }, (_, i) => ({ event: "open", timestamp: i })),
    );
    expect((await postEvents(many, signed(many))).status).toBe(413);

    const foreign = JSON.stringify([
      { event: "delivered", timestamp: 1, email: "someone@example.com" },
      { event: "bounce", timestamp: 1, reset_ref: "f".repeat(64), reset_mail: "reset" },
      { event: "open", timestamp: 1, reset_ref: "0".repeat(64), reset_mail: "reset" },
      "not an event",
    ]);
    const answer = await postEvents(foreign, signed(foreign));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, received: 4, recorded: 0 });
    expect(documented(answer)).toEqual([]);
    expect((await db().collection("resetTokens").doc("f".repeat(64)).get()).exists).toBe(false);
  });
});
