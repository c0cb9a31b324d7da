/**
 * The one place that turns customer data into Firestore document keys. Per-email records, per-client
 * counters and the customer mirror's member keys are HMAC-SHA256 under `RECORD_KEY_SECRET`, so a
 * Firestore export cannot be reversed by hashing candidate addresses (or all 2^32 IPv4 addresses):
 * without the secret there is nothing to compare with. Rotation (SECURITY.md, "Record keys"):
 * every per-email and per-client limit starts afresh, and the customer mirror is resynced, since
 * its state records which key (`version`) its members were written with.
 *
 * Imported by the functions and by operator tools (the support CLI), never re-implemented.
 */
import { createHash, createHmac } from "node:crypto";
import type { Eligibility } from "../config/config";
import { ConfigError } from "../config/config";

/** Long enough for HMAC-SHA256 to be as strong as its hash: `openssl rand -base64 32`. */
export const RECORD_KEY_MIN_LENGTH = 32;

export interface RecordKeys {
  /** The per-email record (mail limit, live links) of a product and an email. */
  subject(productId: string, email: string, eligibility: Eligibility): string;
  /** A per-client counter: its scope ("request", "token") and the client's address. */
  client(scope: string, clientAddress: string): string;
  /** A customer-mirror member: 128 bits, plenty to tell a product's customers apart. */
  member(productId: string, email: string): string;
  /** Names the key without revealing it: the mirror notes it, and a mismatch means "resync". */
  readonly version: string;
}

/** Keys under `secret` (the value of RECORD_KEY_SECRET). */
export function recordKeys(secret: string): RecordKeys {
  if (secret.length < RECORD_KEY_MIN_LENGTH) {
    throw new ConfigError(
      "RECORD_KEY_SECRET",
      `must be at least ${RECORD_KEY_MIN_LENGTH} characters (openssl rand -base64 32)`,
    );
  }
  // Each purpose has its own label, so a key of one kind never equals a key of another.
  const mac = (purpose: string, ...parts: string[]) =>
    createHmac("sha256", secret)
      .update([purpose, ...parts].join("\n"), "utf8")
      .digest("hex");
  return {
    subject: (productId, email, eligibility) =>
      mac("subject", productId, rateLimitEmail(email, eligibility)),
    client: (scope, clientAddress) => mac("client", scope, clientAddress),
    member: (productId, email) => mac("member", productId, email.toLowerCase()).slice(0, 32),
    version: mac("version").slice(0, 16),
  };
}

const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/**
 * The address the per-email limit counts, so that variants landing in one inbox share one budget.
 * Always lower-cased (no mail provider in practice tells `Alice@` from `alice@`). With
 * `ELIGIBILITY=anyone`, where any string that looks like an address gets a mail, also: a `+tag`
 * is dropped for every domain (subaddressing, RFC 5233, as most providers do it), and for Gmail
 * the dots in the local part are dropped and googlemail.com is read as gmail.com (Gmail ignores
 * both). Under `particle` and `allowlist` only listed addresses get mail, and `v+1@` is another
 * customer than `v@`, so those keep their own budgets. The mail still goes to the address asked for.
 */
export function rateLimitEmail(email: string, eligibility: Eligibility): string {
  const lower = email.toLowerCase();
  const at = lower.lastIndexOf("@");
  if (eligibility !== "anyone" || at <= 0) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    domain = "gmail.com";
    local = local.replace(/\./g, "") || local;
  }
  return `${local}@${domain}`;
}

/**
 * Allowlist entries stay keyed by plain SHA-256 of product and email: they are written by
 * `npm run allowlist:import` on an operator's machine, which holds no function secret, and a
 * rotated secret must not silently empty the allowlist. The allowlist is a list the operator
 * chose to store; SECURITY.md says what an export of it reveals.
 */
export function allowlistKey(productId: string, email: string): string {
  return createHash("sha256").update(`${productId}\n${email}`, "utf8").digest("hex");
}
