import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

/** Admin SDK Firestore, initialised on first use so cold starts don't pay for it up front. */
export function getDb(): Firestore {
  if (getApps().length === 0) initializeApp();
  return getFirestore();
}

export const COLLECTIONS = {
  tokens: "resetTokens",
  subjects: "resetSubjects",
  rateLimits: "rateLimits",
  allowlist: "customerAllowlist",
} as const;
