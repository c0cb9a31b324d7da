/**
 * Reset tokens in Firestore, keyed by the token's SHA-256 hash. One live token per product+email:
 * issuing a new one supersedes the previous, and the per-email send limit is enforced in the same
 * conditional batch, so concurrent requests can neither exceed it nor leave two live links.
 */
import { randomUUID } from "node:crypto";
import {
  FieldValue,
  Timestamp,
  type DocumentSnapshot,
  type Firestore,
} from "firebase-admin/firestore";
import type { RateLimit } from "../config/config";
import { ResetError } from "../errors";
import { COLLECTIONS, retryOnConflict, unchangedSince } from "../firestore";
import { takeFromWindow } from "../rate-limit/window";
import { generateToken, hashToken, subjectKey, TOKEN_PATTERN } from "./token";

export type TokenState = "live" | "claimed" | "used" | "superseded" | "revoked";
export type DeliveryState = "queued" | "sent" | "retrying" | "failed";

export interface TokenRecord {
  tokenHash: string;
  productId: string;
  email: string;
  locale: string;
  requestId: string;
  state: TokenState;
  createdAt: Date;
  expiresAt: Date;
}

/** How long a completion may hold a token before another attempt may take it over. */
const CLAIM_LEASE_MS = 2 * 60 * 1000;

export type IssueResult =
  | { status: "issued"; token: string; tokenHash: string; expiresAt: Date }
  | { status: "rate_limited" }
  /** Lost the race for the email's record too often: try again later. */
  | { status: "contended" };

export interface IssueInput {
  productId: string;
  email: string;
  locale: string;
  requestId: string;
  ttlSeconds: number;
  emailRateLimit: RateLimit;
  now: Date;
}

const tokens = (db: Firestore) => db.collection(COLLECTIONS.tokens);

export async function issueToken(db: Firestore, input: IssueInput): Promise<IssueResult> {
  const subjectRef = db
    .collection(COLLECTIONS.subjects)
    .doc(subjectKey(input.productId, input.email));
  const token = generateToken();
  const tokenHash = hashToken(token);
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  const nowMs = input.now.getTime();

  // Lost races are other deliveries' issues (or writes to the superseded token's delivery
  // record): after the bound, the queue retries this delivery later.
  return retryOnConflict<IssueResult>(
    async () => {
      const subject = await subjectRef.get();
      const sends = (subject.get("sends") as number[] | undefined) ?? [];
      const previousHash = subject.get("currentTokenHash") as string | undefined;
      // A retried delivery of the same request re-issues its link without counting again.
      const isRetry = subject.get("lastRequestId") === input.requestId;
      let nextSends = sends;
      if (!isRetry) {
        const decision = takeFromWindow(sends, input.emailRateLimit, nowMs);
        if (!decision.allowed) return { status: "rate_limited" };
        nextSends = decision.next;
      }
      const previous = previousHash ? await tokens(db).doc(previousHash).get() : null;

      // One atomic batch, conditioned on the email's record (and the superseded token) being as
      // read: the per-email limit and "one live link" hold however many deliveries race.
      const batch = db.batch();
      if (previous?.exists && ["live", "claimed"].includes(previous.get("state"))) {
        batch.update(
          previous.ref,
          { state: "superseded", endedAt: FieldValue.serverTimestamp() },
          unchangedSince(previous),
        );
      }
      batch.create(tokens(db).doc(tokenHash), {
        productId: input.productId,
        email: input.email,
        locale: input.locale,
        requestId: input.requestId,
        state: "live",
        createdAt: Timestamp.fromDate(input.now),
        expiresAt: Timestamp.fromDate(expiresAt),
        delivery: { state: "queued", attempts: 0 },
      });
      const windowEnd = nowMs + input.emailRateLimit.windowSeconds * 1000;
      const record = {
        productId: input.productId,
        currentTokenHash: tokenHash,
        lastRequestId: input.requestId,
        sends: nextSends,
        // Kept until both the window and the newest token have run out, then TTL removes it.
        expiresAt: Timestamp.fromMillis(Math.max(windowEnd, expiresAt.getTime())),
      };
      if (subject.exists) batch.update(subjectRef, record, unchangedSince(subject));
      else batch.create(subjectRef, record);
      await batch.commit();
      return { status: "issued", token, tokenHash, expiresAt };
    },
    () => ({ status: "contended" }),
  );
}

export async function recordDelivery(
  db: Firestore,
  tokenHash: string,
  delivery: { state: DeliveryState; attempts: number; error?: string },
): Promise<void> {
  await tokens(db)
    .doc(tokenHash)
    .update({ delivery: { ...delivery, updatedAt: FieldValue.serverTimestamp() } });
}

function toRecord(tokenHash: string, data: FirebaseFirestore.DocumentData): TokenRecord {
  return {
    tokenHash,
    productId: data.productId,
    email: data.email,
    locale: data.locale,
    requestId: data.requestId,
    state: data.state,
    createdAt: (data.createdAt as Timestamp).toDate(),
    expiresAt: (data.expiresAt as Timestamp).toDate(),
  };
}

/** A link that doesn't exist (yet or any more); said in the request's language. */
const invalid = () => new ResetError("token_invalid", "tokenInvalid");

/** A link in use by another completion attempt, said in the language of the link's mail. */
const inUse = (locale: string | undefined) =>
  new ResetError("token_used", "tokenInUse", { locale });

/**
 * Checks state and expiry in code: the TTL policy only deletes documents eventually. Answers in
 * the language of the link's mail, known from here on.
 */
function assertUsable(record: TokenRecord, now: Date, claim: { claimExpiresAt?: Timestamp }): void {
  const { locale } = record;
  if (record.state === "superseded" || record.state === "revoked") {
    throw new ResetError("token_invalid", "tokenInvalid", { locale });
  }
  if (record.state === "used") throw new ResetError("token_used", "tokenUsed", { locale });
  if (now.getTime() >= record.expiresAt.getTime()) {
    throw new ResetError("token_expired", "tokenExpired", { locale });
  }
  if (record.state === "claimed" && (claim.claimExpiresAt?.toMillis() ?? 0) > now.getTime()) {
    throw inUse(locale);
  }
}

async function readRecord(
  db: Firestore,
  token: string,
): Promise<{ record: TokenRecord; claimExpiresAt?: Timestamp; snapshot: DocumentSnapshot }> {
  if (!TOKEN_PATTERN.test(token)) throw invalid();
  const snapshot = await tokens(db).doc(hashToken(token)).get();
  if (!snapshot.exists) throw invalid();
  const data = snapshot.data()!;
  return { record: toRecord(snapshot.id, data), claimExpiresAt: data.claimExpiresAt, snapshot };
}

/** A read-only check for the page: the token stays usable. */
export async function verifyToken(db: Firestore, token: string, now: Date): Promise<TokenRecord> {
  const { record, claimExpiresAt } = await readRecord(db, token);
  // A claim in progress still counts as a valid link for display purposes.
  assertUsable({ ...record, state: record.state === "claimed" ? "live" : record.state }, now, {
    claimExpiresAt,
  });
  return record;
}

export interface Claim {
  record: TokenRecord;
  claimId: string;
  /** The token's update time as the claim left it. */
  claimedAt: Timestamp;
}

/**
 * Takes the token for one completion attempt; a second concurrent attempt gets `token_used`.
 * A write conditioned on the update time that was read, rather than a transaction: the losers of
 * a race fail at once instead of queuing on the token's lock until Firestore aborts them.
 */
export async function claimToken(db: Firestore, token: string, now: Date): Promise<Claim> {
  const claimId = randomUUID();
  let locale: string | undefined;
  // Changed under us: read again to give the right answer (usually another claim: token_used).
  return retryOnConflict(
    async () => {
      const read = await readRecord(db, token);
      locale = read.record.locale;
      assertUsable(read.record, now, { claimExpiresAt: read.claimExpiresAt });
      const { writeTime } = await read.snapshot.ref.update(
        {
          state: "claimed",
          claimId,
          claimExpiresAt: Timestamp.fromMillis(now.getTime() + CLAIM_LEASE_MS),
        },
        unchangedSince(read.snapshot),
      );
      return { record: read.record, claimId, claimedAt: writeTime };
    },
    () => {
      throw inUse(locale);
    },
  );
}

/**
 * Ends a claim: back to live (upstream failed, retry allowed) or to a final state. One write while
 * the token is as the claim left it. If something else was written since (the delivery record),
 * read and write again, but only while the claim is still ours: after the lease ran out another
 * attempt may have taken the token over, and a newer link may have superseded it.
 */
export async function settleClaim(
  db: Firestore,
  claim: Claim,
  outcome: "live" | "used" | "revoked",
): Promise<void> {
  const ref = tokens(db).doc(claim.record.tokenHash);
  const ended = outcome === "live" ? {} : { endedAt: FieldValue.serverTimestamp() };
  const settled = {
    state: outcome,
    claimId: FieldValue.delete(),
    claimExpiresAt: FieldValue.delete(),
    ...ended,
  };
  // Past the bound the conflict is thrown: the claim's lease then frees the link in minutes.
  await retryOnConflict(async (attempt) => {
    let since = claim.claimedAt;
    if (attempt > 1) {
      const current = await ref.get();
      if (current.get("claimId") !== claim.claimId || current.get("state") !== "claimed") return;
      since = current.updateTime!;
    }
    await ref.update(settled, { lastUpdateTime: since });
  });
}
