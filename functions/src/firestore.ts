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

/**
 * Lost races after which every optimistic write gives up. Each lost race is someone else's
 * successful write to the same document since this writer's read, so a writer that lost 25 times
 * has seen 25 others succeed. Every decision raced for here is settled by fewer: a token is
 * claimed once; a per-email window (EMAIL_RATE_LIMIT, 3 by default) or a per-client one
 * (CLIENT_RATE_LIMIT, 20 by default) is full after its limit of admissions, and the next read
 * refuses without writing. And at most 20 invocations of a function run at once (maxInstances 20
 * in index.ts, one request each at 256 MiB), so 25 losses in a row is no ordinary race: something
 * writes in a loop, or a limit was set above 25, and then the caller's "busy" answer (contended,
 * retry in a second, token in use) is the right one rather than more load on a hot document.
 */
export const MAX_LOST_RACES = 25;

/** A short random pause before trying again, so that racing writers don't collide in step. */
function conflictBackoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * Math.min(attempt, 10)));
}

/**
 * The read-then-conditional-write loop of every optimistic write. `attempt` reads, decides and
 * writes on the condition that what it read is unchanged; it returns its outcome, or throws. A
 * write conflict means another writer got there first: after a short pause, `attempt` runs again
 * (told which try it is) and reads afresh. After MAX_LOST_RACES conflicts `contended` answers
 * instead (by default the last conflict is rethrown). Any other error passes through at once.
 */
export async function retryOnConflict<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  contended: (lastConflict: unknown) => T | Promise<T> = (conflict) => {
    throw conflict;
  },
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      if (attemptNumber >= MAX_LOST_RACES) return contended(error);
    }
    await conflictBackoff(attemptNumber);
  }
}
