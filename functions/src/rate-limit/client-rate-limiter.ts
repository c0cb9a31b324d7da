import { createHash, randomBytes } from "node:crypto";
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
} from "firebase-admin/firestore";
import type { RateLimit } from "../config/config";
import { ResetError } from "../errors";
import { COLLECTIONS } from "../firestore";
import { takeFromWindow } from "./window";

/**
 * Per-client limits kept in Firestore so they hold across instances; the client key (an IP) is
 * stored hashed. No transactions: a burst from one client would queue its transactions on its own
 * counter until Firestore aborts them (500s). Hits are recorded with blind writes instead.
 */

type Hits = Record<string, number>;

interface ClientCounter {
  ref: DocumentReference;
  scope: string;
  before: Hits;
  limit: RateLimit;
  nowMs: number;
}

/**
 * Every call counts (reset requests). Each request records its hit and then counts what is
 * recorded; it is admitted only if that count, its own hit included, is within the limit. Every
 * admitted request counted all admitted hits written before it looked, so concurrent requests can
 * never together exceed the limit (at worst a racing pair are both refused).
 */
export async function consumeClientQuota(
  db: Firestore,
  scope: string,
  clientKey: string,
  limit: RateLimit,
  now: Date,
): Promise<void> {
  const counter = await openCounter(db, scope, clientKey, limit, now);
  const hitId = await recordHit(counter);
  const others = hitsOf(await counter.ref.get());
  delete others[hitId];
  const decision = takeFromWindow(Object.values(others), limit, counter.nowMs);
  if (!decision.allowed) throw limited(decision.retryAfterSeconds);
}

export interface FailureQuota {
  /** Counts the attempt that just failed against the client. */
  recordFailure(): Promise<void>;
}

/**
 * Only failed attempts count (token checks): a client that already failed `limit.max` times in
 * the window is refused up front, whatever it sends; one that succeeds costs a single read.
 * Concurrent failures may overshoot the limit by the width of the burst, never by more: each one
 * is recorded, and the next attempt after the burst is refused.
 */
export async function checkFailureQuota(
  db: Firestore,
  scope: string,
  clientKey: string,
  limit: RateLimit,
  now: Date,
): Promise<FailureQuota> {
  const counter = await openCounter(db, scope, clientKey, limit, now);
  return { recordFailure: async () => void (await recordHit(counter)) };
}

/** Reads the client's record and refuses at once, without writing, when it is already full. */
async function openCounter(
  db: Firestore,
  scope: string,
  clientKey: string,
  limit: RateLimit,
  now: Date,
): Promise<ClientCounter> {
  const id = createHash("sha256").update(`${scope}\n${clientKey}`).digest("hex");
  const ref = db.collection(COLLECTIONS.rateLimits).doc(id);
  const nowMs = now.getTime();
  const before = hitsOf(await ref.get());
  const early = takeFromWindow(Object.values(before), limit, nowMs);
  if (!early.allowed) throw limited(early.retryAfterSeconds);
  return { ref, scope, before, limit, nowMs };
}

/** A blind write of one hit that also drops the hits seen to have left the window. */
async function recordHit({ ref, scope, before, limit, nowMs }: ClientCounter): Promise<string> {
  const hitId = randomBytes(8).toString("hex");
  const windowMs = limit.windowSeconds * 1000;
  const stale = Object.keys(before).filter((key) => before[key] <= nowMs - windowMs);
  await ref.set(
    {
      scope,
      hits: {
        [hitId]: nowMs,
        ...Object.fromEntries(stale.map((key) => [key, FieldValue.delete()])),
      },
      expiresAt: Timestamp.fromMillis(nowMs + windowMs),
    },
    { merge: true },
  );
  return hitId;
}

/** Hit times (ms) by hit id. */
function hitsOf(snapshot: DocumentSnapshot): Hits {
  const hits = snapshot.get("hits") as unknown;
  return hits && typeof hits === "object" && !Array.isArray(hits) ? (hits as Hits) : {};
}

function limited(retryAfterSeconds: number): ResetError {
  return new ResetError(
    "rate_limited",
    "Too many requests. Please wait a few minutes and try again.",
    retryAfterSeconds,
  );
}
