import { getFirestore, type DocumentSnapshot, type Firestore } from "firebase-admin/firestore";
import { adminApp } from "./admin-app";

export function getDb(): Firestore {
  return getFirestore(adminApp());
}

export const COLLECTIONS = {
  tokens: "resetTokens",
  subjects: "resetSubjects",
  rateLimits: "rateLimits",
  allowlist: "customerAllowlist",
  customerMirrors: "customerMirrors",
} as const;

/**
 * Writes here are optimistic rather than transactional: read, then write on the condition that
 * the document is still as read (its update time, or its absence). A writer that loses a race
 * fails at once and reads again, instead of queuing on a lock until Firestore aborts it.
 */
export function unchangedSince(snapshot: DocumentSnapshot) {
  return { lastUpdateTime: snapshot.updateTime! };
}

/** The document changed (FAILED_PRECONDITION) or appeared (ALREADY_EXISTS) since it was read. */
export function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 9 || code === 6;
}

/** A short random pause before trying again, so that racing writers don't collide in step. */
export function conflictBackoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * Math.min(attempt, 10)));
}
