import { createHash } from "node:crypto";
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import type { RateLimit } from "../config/config";
import { ResetError } from "../errors";
import { COLLECTIONS } from "../firestore";
import { takeFromWindow } from "./window";

/**
 * Per-client limit kept in Firestore so it holds across instances, updated in a transaction so
 * concurrent requests can't both take the last slot. The client key (an IP) is stored hashed.
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
  const decision = await db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const hits = (snapshot.get("hits") as number[] | undefined) ?? [];
    const result = takeFromWindow(hits, limit, now.getTime());
    if (result.allowed) {
      tx.set(ref, {
        scope,
        hits: result.next,
        expiresAt: Timestamp.fromMillis(now.getTime() + limit.windowSeconds * 1000),
      });
    }
    return result;
  });
  if (!decision.allowed) {
    throw new ResetError(
      "rate_limited",
      "Too many requests. Please wait a few minutes and try again.",
      decision.retryAfterSeconds,
    );
  }
}
