/**
 * Reset tokens in Firestore, keyed by the token's SHA-256 hash. Up to the per-email limit's number
 * of live links per product+email: a new request never ends a link the customer already holds
 * (so nobody who merely knows the address can stop a customer from resetting), and the successful
 * use of one link ends all of them. The per-email send limit and the list of live links are kept
 * in the email's record and changed in one conditional batch, so concurrent requests can neither
 * exceed the limit nor lose a link.
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
import { generateToken, hashToken, TOKEN_PATTERN } from "./token";
import {
  hasEntry,
  HISTORY_RETENTION_SECONDS,
  ignoreConflict,
  retainedUntil,
  withEntry,
  type HistoryEntry,
} from "./request-history";

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
  /** The other live links of this product+email (hash -> expiry in ms), ended when this one is used. */
  siblings: Record<string, number>;
  /** A "password changed" notice already went out for this link (after an unknown outcome). */
  changeNoticeQueued: boolean;
}

/** How long a completion may hold a token before another attempt may take it over. */
const CLAIM_LEASE_MS = 2 * 60 * 1000;

export type IssueResult =
  | { status: "issued"; token: string; tokenHash: string; expiresAt: Date }
  | { status: "rate_limited" }
  /** Lost the race for the email's record too often: try again later. */
  | { status: "contended" };

export interface IssueInput {
  /** The email's record (privacy/record-key.ts: `subject`). */
  subjectKey: string;
  productId: string;
  email: string;
  locale: string;
  requestId: string;
  ttlSeconds: number;
  emailRateLimit: RateLimit;
  now: Date;
  /** When the customer asked (for the request history); default `now`. */
  requestedAt?: Date;
}

const tokens = (db: Firestore) => db.collection(COLLECTIONS.tokens);

/** The email record's list of live links: token hash and expiry (ms), oldest first. */
interface LiveLink {
  h: string;
  exp: number;
}

function liveLinksOf(subject: DocumentSnapshot): LiveLink[] {
  const live = subject.get("live") as LiveLink[] | undefined;
  if (Array.isArray(live)) return live;
  // Records written before several links were kept name the one live link only.
  const current = subject.get("currentTokenHash") as string | undefined;
  return current ? [{ h: current, exp: Number.MAX_SAFE_INTEGER }] : [];
}

const ended = () => ({ state: "superseded", endedAt: FieldValue.serverTimestamp() });

export async function issueToken(db: Firestore, input: IssueInput): Promise<IssueResult> {
  const subjectRef = db.collection(COLLECTIONS.subjects).doc(input.subjectKey);
  const token = generateToken();
  const tokenHash = hashToken(token);
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  const nowMs = input.now.getTime();
  const maxLive = input.emailRateLimit.max;
  const entry = (outcome: HistoryEntry["outcome"]): HistoryEntry => ({
    requestId: input.requestId,
    at: (input.requestedAt ?? input.now).getTime(),
    outcome,
    ...(outcome === "issued" ? { tokenHash } : {}),
  });

  // Lost races are other deliveries' issues (or writes to a live token, such as its delivery
  // record or a claim): after the bound, the queue retries this delivery later.
  return retryOnConflict<IssueResult>(
    async () => {
      const subject = await subjectRef.get();
      const sends = (subject.get("sends") as number[] | undefined) ?? [];
      const previousHash = subject.get("currentTokenHash") as string | undefined;
      // A retried delivery of the same request re-issues its link without counting again, and
      // replaces the link of its own earlier attempt (which may never have been mailed).
      const isRetry = subject.get("lastRequestId") === input.requestId;
      let nextSends = sends;
      if (!isRetry) {
        const decision = takeFromWindow(sends, input.emailRateLimit, nowMs);
        if (!decision.allowed) {
          // Noted for support with one write to the record just read (once per request), best
          // effort: under a flood of requests for one address the racing notes are dropped
          // rather than retried, so the flood costs at most one write each.
          if (!hasEntry(subject.get("requests"), input.requestId, "rate_limited")) {
            await subjectRef
              .update(
                { requests: withEntry(subject.get("requests"), entry("rate_limited")) },
                unchangedSince(subject),
              )
              .catch(ignoreConflict);
          }
          return { status: "rate_limited" };
        }
        nextSends = decision.next;
      }
      // The links listed as live, read to drop those that ended since (used, or ended by a use).
      // At most the limit's number of reads, and none for an email without a live link.
      const listed = liveLinksOf(subject).filter((link) => link.exp > nowMs);
      const snapshots = listed.length
        ? await db.getAll(...listed.map((link) => tokens(db).doc(link.h)))
        : [];
      const usable = snapshots.filter(
        (doc) =>
          doc.exists &&
          ["live", "claimed"].includes(doc.get("state")) &&
          (doc.get("expiresAt") as Timestamp).toMillis() > nowMs,
      );

      // One atomic batch, conditioned on the email's record and on every link it touches being
      // as read: the per-email limit and the list of live links hold however many deliveries race.
      const batch = db.batch();
      const kept: DocumentSnapshot[] = [];
      for (const doc of usable) {
        if (isRetry && doc.id === previousHash) batch.update(doc.ref, ended(), unchangedSince(doc));
        else kept.push(doc);
      }
      // Never more live links than the limit allows: only when the token lifetime outlasts the
      // limit's window can this end one, the oldest (SECURITY.md, "what an attacker can still do").
      kept.sort((a, b) => a.get("expiresAt").toMillis() - b.get("expiresAt").toMillis());
      while (kept.length >= maxLive) {
        const oldest = kept.shift()!;
        batch.update(oldest.ref, ended(), unchangedSince(oldest));
      }
      const siblings: Record<string, number> = {};
      for (const doc of kept) {
        const exp = (doc.get("expiresAt") as Timestamp).toMillis();
        siblings[doc.id] = exp;
        // Each live link learns of the new one, so that using either ends the other.
        batch.update(
          doc.ref,
          { [`siblings.${tokenHash}`]: expiresAt.getTime() },
          unchangedSince(doc),
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
        siblings,
        delivery: { state: "queued", attempts: 0 },
        // Kept (TTL) as long as the request history that names it, for support; expiry is
        // checked in code, never by the TTL.
        purgeAt: Timestamp.fromMillis(nowMs + HISTORY_RETENTION_SECONDS * 1000),
      });
      const live: LiveLink[] = [
        ...Object.entries(siblings).map(([h, exp]) => ({ h, exp })),
        { h: tokenHash, exp: expiresAt.getTime() },
      ];
      const record = {
        productId: input.productId,
        currentTokenHash: tokenHash,
        live,
        lastRequestId: input.requestId,
        sends: nextSends,
        requests: withEntry(subject.get("requests"), entry("issued")),
        // Kept for the history's retention, which outlasts the window (at most 7 days) and the
        // newest token (at most a day), then TTL removes it.
        expiresAt: retainedUntil(subject.exists ? subject : null, nowMs),
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
    siblings: (data.siblings as Record<string, number> | undefined) ?? {},
    changeNoticeQueued: data.changeNoticeQueued === true,
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
  /** The clock's time of the claim. */
  at: Date;
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
      return { record: read.record, claimId, claimedAt: writeTime, at: now };
    },
    () => {
      throw inUse(locale);
    },
  );
}

/**
 * Ends a claim: back to live (upstream failed, retry allowed) or to a final state. One write while
 * the token is as the claim left it. If something else was written since (the delivery record,
 * a new sibling), read and write again, but only while the claim is still ours: after the lease
 * ran out another attempt may have taken the token over, and a sibling's use may have ended it.
 * `used` ends every sibling still live in the same batch: one link used, none left. The siblings
 * are written blind (a conflict there could only come from a concurrent use of a sibling, which
 * ends this link anyway); those whose expiry has passed are left to the TTL policy.
 */
export async function settleClaim(
  db: Firestore,
  claim: Claim,
  outcome: "live" | "used" | "revoked",
  /** Recorded with the outcome. */
  extra: { changeNoticeQueued?: true } = {},
): Promise<void> {
  const ref = tokens(db).doc(claim.record.tokenHash);
  const endedNow = outcome === "live" ? {} : { endedAt: FieldValue.serverTimestamp() };
  const settled = {
    state: outcome,
    claimId: FieldValue.delete(),
    claimExpiresAt: FieldValue.delete(),
    ...endedNow,
    ...extra,
  };
  // Past the bound the conflict is thrown: the claim's lease then frees the link in minutes.
  await retryOnConflict(async (attempt) => {
    let since = claim.claimedAt;
    let siblings = claim.record.siblings;
    if (attempt > 1) {
      const current = await ref.get();
      if (current.get("claimId") !== claim.claimId || current.get("state") !== "claimed") return;
      since = current.updateTime!;
      siblings = (current.get("siblings") as Record<string, number> | undefined) ?? {};
    }
    const others =
      outcome === "used"
        ? Object.entries(siblings).filter(([, exp]) => exp > claim.at.getTime())
        : [];
    if (others.length === 0) {
      await ref.update(settled, { lastUpdateTime: since });
      return;
    }
    const batch = db.batch().update(ref, settled, { lastUpdateTime: since });
    for (const [hash] of others) batch.update(tokens(db).doc(hash), ended());
    await batch.commit();
  });
}
