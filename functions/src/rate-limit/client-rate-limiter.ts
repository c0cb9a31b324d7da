import { createHash, randomBytes } from "node:crypto";
import {
  FieldValue,
  Timestamp,
  type DocumentSnapshot,
  type Firestore,
} from "firebase-admin/firestore";
import type { RateLimit } from "../config/config";
import { ResetError } from "../errors";
import { COLLECTIONS } from "../firestore";
import { takeFromWindow } from "./window";

/**
 * Per-client limit kept in Firestore so it holds across instances; the client key (an IP) is
 * stored hashed. No transaction: a burst from one client would queue its transactions on its own
 * counter until Firestore aborts them (500s). Instead each request records its hit with a blind
 * write and then counts what is recorded; it is admitted only if that count, its own hit
 * included, is within the limit. Every admitted request counted all admitted hits written before
 * it looked, so concurrent requests can never together exceed the limit (at worst a racing pair
 * are both refused).
 */
export async function consumeClientQuota(
  db: Firestore,
  scope: string,
  clientKey: string,
  limit: RateLimit,
  now: Date,
): Promise<void> {
  const id = createHash("sha256").update(`${scope}\n${clientKey}`).digest("hex");
  const ref = db.collection(COLLECTIONS.rateLimits).doc(id);
  const nowMs = now.getTime();

  // Already full: refuse without writing, so a hammering client can't grow its record.
  const before = hitsOf(await ref.get());
  const early = takeFromWindow(Object.values(before), limit, nowMs);
  if (!early.allowed) throw limited(early.retryAfterSeconds);

  const hitId = randomBytes(8).toString("hex");
  const stale = Object.keys(before).filter(
    (key) => before[key] <= nowMs - limit.windowSeconds * 1000,
  );
  await ref.set(
    {
      scope,
      hits: {
        [hitId]: nowMs,
        ...Object.fromEntries(stale.map((key) => [key, FieldValue.delete()])),
      },
      expiresAt: Timestamp.fromMillis(nowMs + limit.windowSeconds * 1000),
    },
    { merge: true },
  );
  const others = hitsOf(await ref.get());
  delete others[hitId];
  const decision = takeFromWindow(Object.values(others), limit, nowMs);
  if (!decision.allowed) throw limited(decision.retryAfterSeconds);
}

/** Hit times (ms) by hit id. */
function hitsOf(snapshot: DocumentSnapshot): Record<string, number> {
  const hits = snapshot.get("hits") as unknown;
  return hits && typeof hits === "object" && !Array.isArray(hits)
    ? (hits as Record<string, number>)
    : {};
}

function limited(retryAfterSeconds: number): ResetError {
  return new ResetError(
    "rate_limited",
    "Too many requests. Please wait a few minutes and try again.",
    retryAfterSeconds,
  );
}
