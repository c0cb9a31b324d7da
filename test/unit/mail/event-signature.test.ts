/**
 * The Signed Event Webhook check: SendGrid's own signed sample verifies, and a wrong key, a
 * changed byte, a stale or future timestamp, or missing headers do not.
 */
import { generateWebhookKeys, signWebhookBody } from "../../../dev/sendgrid-events";
import {
  MAX_AGE_SECONDS,
  MAX_FUTURE_SKEW_SECONDS,
  signatureProblem,
} from "../../../functions/src/mail/event-signature";

// SendGrid's test vector, signed by SendGrid (sendgrid-nodejs packages/eventwebhook,
// eventwebhook.spec.js): the body ends in CRLF, which is part of what was signed.
const SENDGRID = {
  publicKey:
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==",
  signature:
    "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=",
  timestamp: "1600112502",
  body:
    JSON.stringify([
      {
        email: "hello@world.com",
        event: "dropped",
        reason: "Bounced Address",
        sg_event_id: "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA",
        sg_message_id: "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
        "smtp-id": "<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>",
        timestamp: 1600112492,
      },
    ]) + "\r\n",
};
const atSendgridTime = new Date(Number(SENDGRID.timestamp) * 1000 + 2000);

describe("signatureProblem", () => {
  it("accepts SendGrid's own signed sample, byte for byte", async () => {
    const post = { rawBody: Buffer.from(SENDGRID.body), ...SENDGRID };
    expect(await signatureProblem(SENDGRID.publicKey, post, atSendgridTime)).toBeNull();
  });

  it("refuses SendGrid's sample with the trailing CRLF removed (the raw bytes are signed)", async () => {
    const post = { ...SENDGRID, rawBody: Buffer.from(SENDGRID.body.trimEnd()) };
    expect(await signatureProblem(SENDGRID.publicKey, post, atSendgridTime)).toBe("bad_signature");
  });

  const keys = generateWebhookKeys();
  const now = new Date("2026-12-01T12:00:00Z");
  const body = JSON.stringify([{ event: "delivered", timestamp: 1, email: "a@example.com" }]);
  const signed = (timestamp: string, text = body, privateKey = keys.privateKeyPem) => ({
    rawBody: Buffer.from(text),
    timestamp,
    signature: signWebhookBody(privateKey, text, timestamp),
  });
  const nowSeconds = now.getTime() / 1000;

  it("accepts what the local SendGrid signs with the configured key", async () => {
    expect(await signatureProblem(keys.publicKey, signed(String(nowSeconds)), now)).toBeNull();
  });

  it("refuses a tampered body, another key's signature, garbage and a moved timestamp", async () => {
    const good = signed(String(nowSeconds));
    const tampered = { ...good, rawBody: Buffer.from(body.replace("delivered", "bounce")) };
    expect(await signatureProblem(keys.publicKey, tampered, now)).toBe("bad_signature");
    const other = signed(String(nowSeconds), body, generateWebhookKeys().privateKeyPem);
    expect(await signatureProblem(keys.publicKey, other, now)).toBe("bad_signature");
    const garbage = { ...good, signature: "not-base64-der!!" };
    expect(await signatureProblem(keys.publicKey, garbage, now)).toBe("bad_signature");
    // The timestamp is signed too: the same signature under another timestamp fails.
    const moved = { ...good, timestamp: String(nowSeconds - 1) };
    expect(await signatureProblem(keys.publicKey, moved, now)).toBe("bad_signature");
  });

  it("refuses stale and future timestamps even when correctly signed", async () => {
    const stale = signed(String(nowSeconds - MAX_AGE_SECONDS - 1));
    expect(await signatureProblem(keys.publicKey, stale, now)).toBe("stale");
    const oldButInWindow = signed(String(nowSeconds - MAX_AGE_SECONDS + 60));
    expect(await signatureProblem(keys.publicKey, oldButInWindow, now)).toBeNull();
    const future = signed(String(nowSeconds + MAX_FUTURE_SKEW_SECONDS + 1));
    expect(await signatureProblem(keys.publicKey, future, now)).toBe("future");
    const skewed = signed(String(nowSeconds + MAX_FUTURE_SKEW_SECONDS - 1));
    expect(await signatureProblem(keys.publicKey, skewed, now)).toBeNull();
  });

  it("refuses missing headers, a non-numeric timestamp, and everything when no key is set", async () => {
    const good = signed(String(nowSeconds));
    expect(await signatureProblem(keys.publicKey, { ...good, signature: undefined }, now)).toBe(
      "missing_headers",
    );
    expect(await signatureProblem(keys.publicKey, { ...good, timestamp: undefined }, now)).toBe(
      "missing_headers",
    );
    expect(await signatureProblem(keys.publicKey, { ...good, timestamp: "12e9" }, now)).toBe(
      "bad_timestamp",
    );
    expect(await signatureProblem(null, good, now)).toBe("no_key");
  });
});
