/**
 * What support needs to answer "I never got the email": the last few requests for one address and
 * product, kept on the per-email record (`resetSubjects/{subjectKey}`, the key of the per-email
 * limit: no email stored) and written by the delivery task with the decision it makes anyway.
 * An issued link adds its entry to the batch that issues it (no extra operation), a request the
 * limit held back adds one write to the read it did, an ineligible one a read and a write.
 * Notes that issue no link are best effort: one that loses a race to another write is dropped.
 * Capped at HISTORY_MAX entries (a few hundred bytes) and removed by TTL HISTORY_RETENTION after
 * the last request, together with the records of the links it names.
 */
import { Timestamp, type DocumentSnapshot, type Firestore } from "firebase-admin/firestore";
import { COLLECTIONS, isWriteConflict, unchangedSince } from "../firestore";

export const HISTORY_MAX = 10;
export const HISTORY_RETENTION_SECONDS = 7 * 24 * 60 * 60;

export type RequestOutcome = "issued" | "rate_limited" | "not_eligible" | "gave_up";

export interface HistoryEntry {
  requestId: string;
  /** When the customer asked (ms). */
  at: number;
  outcome: RequestOutcome;
  /** issued: the link's record (its token's hash), where its delivery and use are kept. */
  tokenHash?: string;
}

function entriesOf(value: unknown): HistoryEntry[] {
  return Array.isArray(value)
    ? value.filter(
        (e): e is HistoryEntry =>
          typeof e === "object" && e !== null && typeof e.requestId === "string",
      )
    : [];
}

/** The history read from a per-email record, newest first. */
export function readHistory(snapshot: DocumentSnapshot): HistoryEntry[] {
  return entriesOf(snapshot.get("requests")).sort((a, b) => b.at - a.at);
}

/** The history with `entry` in it (replacing one of the same request), newest HISTORY_MAX kept. */
export function withEntry(history: unknown, entry: HistoryEntry): HistoryEntry[] {
  const others = entriesOf(history).filter((e) => e.requestId !== entry.requestId);
  return [...others, entry].sort((a, b) => b.at - a.at).slice(0, HISTORY_MAX);
}

/** Whether the record already tells this request's outcome (a retried task writes nothing). */
export function hasEntry(history: unknown, requestId: string, outcome: RequestOutcome): boolean {
  return entriesOf(history).some((e) => e.requestId === requestId && e.outcome === outcome);
}

/** The record's TTL: the later of what it has and the history's retention from now. */
export function retainedUntil(snapshot: DocumentSnapshot | null, nowMs: number): Timestamp {
  const kept = (snapshot?.get("expiresAt") as Timestamp | undefined)?.toMillis() ?? 0;
  return Timestamp.fromMillis(Math.max(kept, nowMs + HISTORY_RETENTION_SECONDS * 1000));
}

/** A lost race for a best-effort note: someone else wrote the record; leave it at that. */
export function ignoreConflict(error: unknown): void {
  if (!isWriteConflict(error)) throw error;
}

/**
 * Notes an outcome that issues no link (not eligible, gave up) on the per-email record: one read
 * and at most one write, best effort (a note that loses a race to another write is dropped,
 * so a flood of requests for one address costs no retries).
 */
export async function recordOutcome(
  db: Firestore,
  input: {
    /** The email's record (privacy/record-key.ts: `subject`). */
    subjectKey: string;
    productId: string;
    requestId: string;
    requestedAt: Date;
    outcome: RequestOutcome;
    now: Date;
  },
): Promise<void> {
  const ref = db.collection(COLLECTIONS.subjects).doc(input.subjectKey);
  const entry = {
    requestId: input.requestId,
    at: input.requestedAt.getTime(),
    outcome: input.outcome,
  };
  const snapshot = await ref.get();
  if (hasEntry(snapshot.get("requests"), input.requestId, input.outcome)) return;
  const record = {
    productId: input.productId,
    requests: withEntry(snapshot.get("requests"), entry),
    expiresAt: retainedUntil(snapshot.exists ? snapshot : null, input.now.getTime()),
  };
  await (snapshot.exists ? ref.update(record, unchangedSince(snapshot)) : ref.create(record)).catch(
    ignoreConflict,
  );
}
