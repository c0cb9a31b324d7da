/**
 * SendGrid's Signed Event Webhook, checked as SendGrid documents it: an ECDSA signature
 * (base64 DER, header `X-Twilio-Email-Event-Webhook-Signature`) over the timestamp header
 * (`X-Twilio-Email-Event-Webhook-Timestamp`) followed by the body's raw bytes, verified with the
 * webhook's public key by SendGrid's own helper, @sendgrid/eventwebhook:
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
 */

export const SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
export const TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";

/**
 * How far the timestamp may lie ahead of our clock (clock skew): 5 minutes.
 */
export const MAX_FUTURE_SKEW_SECONDS = 5 * 60;

/**
 * How old a signed post may be. SendGrid retries a post that got no 2xx "at increasing intervals
 * for up to 24 hours after the event occurs"
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/twilio-sendgrid-event-webhook-overview,
 * "Troubleshoot"), and nowhere says whether a retry is signed anew. Refusing after the usual
 * 5 minutes would lose every event retried after an outage of ours if it is not, while a replay
 * of a genuine post inside the window changes nothing (recording is idempotent, see
 * delivery-events.ts). So: SendGrid's retry horizon plus the skew; anything older cannot be a
 * genuine delivery.
 */
export const MAX_AGE_SECONDS = 24 * 60 * 60 + MAX_FUTURE_SKEW_SECONDS;

export type SignatureProblem =
  "no_key" | "missing_headers" | "bad_timestamp" | "stale" | "future" | "bad_signature";

export interface SignedPost {
  rawBody: Buffer;
  signature: unknown;
  timestamp: unknown;
}

type EventWebhook = import("@sendgrid/eventwebhook").EventWebhook;
type PublicKey = ReturnType<EventWebhook["convertPublicKeyToECDSA"]>;

let helper: { webhook: EventWebhook; keys: Map<string, PublicKey> } | undefined;

/** Loaded on the first post only: no other route pays for the ECDSA code. */
async function loadHelper() {
  if (!helper) {
    const { EventWebhook } = await import("@sendgrid/eventwebhook");
    helper = { webhook: new EventWebhook(), keys: new Map() };
  }
  return helper;
}

/** What is wrong with a post's signature, or null when SendGrid signed exactly these bytes. */
export async function signatureProblem(
  publicKey: string | null,
  post: SignedPost,
  now: Date,
): Promise<SignatureProblem | null> {
  if (!publicKey) return "no_key";
  const { signature, timestamp } = post;
  if (typeof signature !== "string" || typeof timestamp !== "string" || !signature) {
    return "missing_headers";
  }
  if (!/^\d{1,12}$/.test(timestamp)) return "bad_timestamp";
  const ageSeconds = now.getTime() / 1000 - Number(timestamp);
  if (ageSeconds > MAX_AGE_SECONDS) return "stale";
  if (ageSeconds < -MAX_FUTURE_SKEW_SECONDS) return "future";
  const { webhook, keys } = await loadHelper();
  try {
    let key = keys.get(publicKey);
    if (!key) {
      key = webhook.convertPublicKeyToECDSA(publicKey);
      keys.set(publicKey, key);
    }
    return webhook.verifySignature(key, post.rawBody, signature, timestamp)
      ? null
      : "bad_signature";
  } catch {
    // A signature that isn't base64 DER makes the helper throw: as bad as a wrong one.
    return "bad_signature";
  }
}
