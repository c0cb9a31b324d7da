import { randomBytes } from "node:crypto";
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
} from "firebase-admin/firestore";
import type { RateLimit } from "../config/config";
import { ResetError } from "../errors";
import { COLLECTIONS, retryOnConflict, unchangedSince } from "../firestore";
import type { RecordKeys } from "../privacy/record-key";
import { takeFromWindow } from "./window";

/**
 * Per-client limits kept in Firestore so they hold across instances; the client key (an IP) is
 * stored only as its record key (an HMAC, privacy/record-key.ts), with the client's recent hits
 * (times by hit id).
 */

type Hits = Record<string, number>;

/**
 * Every call counts (reset requests), exactly: read the client's hits, and if the window has room,
 * write them back with this one added, on the condition that nobody wrote in between. A request
 * that loses that race reads again, so racing requests get the answers they would have got one by
 * one. Two operations per admitted request, one per refused request, and the record never holds
 * more than `limit.max` hits.
 */
export async function consumeClientQuota(
  db: Firestore,
  keys: RecordKeys,
  scope: string,
  clientKey: string,
  limit: RateLimit,
  now: Date,
): Promise<void> {
  const ref = counterRef(db, keys, scope, clientKey);
  const nowMs = now.getTime();
  // Every lost race is another request's admission, so once `max` of them landed the next read
  // refuses; past the shared bound (firestore.ts) the client hears "again in a second".
  await retryOnConflict(
    async () => {
      const snapshot = await ref.get();
      const hits = hitsOf(snapshot);
      const decision = takeFromWindow(Object.values(hits), limit, nowMs);
      if (!decision.allowed) throw limited(decision.retryAfterSeconds);
      const recent = Object.entries(hits).filter(([, at]) => isRecent(at, limit, nowMs));
      const record = {
        scope,
        hits: { ...Object.fromEntries(recent), [newHitId()]: nowMs },
        expiresAt: windowEnd(limit, nowMs),
      };
      await (snapshot.exists ? ref.update(record, unchangedSince(snapshot)) : ref.create(record));
    },
    () => {
      throw limited(1);
    },
  );
}

/**
 * Counts one failed attempt (token checks) against the client, read only now that the attempt
 * has failed: a customer's own link (256 bits, so never a guess) costs no counter work at all. A
 * client that already failed `limit.max` times in the window is refused (`rate_limited`) and
 * nothing more is written; otherwise the failure is recorded with a blind write (nothing to
 * decide, so nothing to race for): concurrent failures may overshoot the limit by the width of
 * the burst, and the next one is refused.
 */
export async function recordFailure(
  db: Firestore,
  keys: RecordKeys,
  scope: string,
  clientKey: string,
  limit: RateLimit,
  now: Date,
): Promise<void> {
  const ref = counterRef(db, keys, scope, clientKey);
  const nowMs = now.getTime();
  const before = hitsOf(await ref.get());
  const decision = takeFromWindow(Object.values(before), limit, nowMs);
  if (!decision.allowed) throw limited(decision.retryAfterSeconds);
  // Dropped with this failure: hits seen to have left the window.
  const stale = Object.keys(before).filter((id) => !isRecent(before[id], limit, nowMs));
  const dropped = Object.fromEntries(stale.map((id) => [id, FieldValue.delete()]));
  await ref.set(
    { scope, hits: { ...dropped, [newHitId()]: nowMs }, expiresAt: windowEnd(limit, nowMs) },
    { merge: true },
  );
}

function counterRef(
  db: Firestore,
  keys: RecordKeys,
  scope: string,
  clientKey: string,
): DocumentReference {
  return db.collection(COLLECTIONS.rateLimits).doc(keys.client(scope, clientKey));
}

const isRecent = (at: number, limit: RateLimit, nowMs: number) =>
  at > nowMs - limit.windowSeconds * 1000;

const newHitId = () => randomBytes(8).toString("hex");

const windowEnd = (limit: RateLimit, nowMs: number) =>
  Timestamp.fromMillis(nowMs + limit.windowSeconds * 1000);

function hitsOf(snapshot: DocumentSnapshot): Hits {
  const hits = snapshot.get("hits") as unknown;
  return hits && typeof hits === "object" && !Array.isArray(hits) ? (hits as Hits) : {};
}

function limited(retryAfterSeconds: number): ResetError {
  return new ResetError("rate_limited", "rateLimited", { retryAfterSeconds });
}
