import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { adminApp } from "./admin-app";

export function getDb(): Firestore {
  return getFirestore(adminApp());
}

export const COLLECTIONS = {
  tokens: "resetTokens",
  subjects: "resetSubjects",
  rateLimits: "rateLimits",
  allowlist: "customerAllowlist",
} as const;
