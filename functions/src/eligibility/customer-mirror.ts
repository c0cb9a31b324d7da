/**
 * The shared mirror of a product's Particle customer list, kept in Firestore so that answering
 * "is this a customer?" costs one document read however large the product is, instead of paging
 * Particle's list (which has no filter by email) in every instance. Design: docs/eligibility.md.
 *
 *   customerMirrors/{productId}                    state: last full sync, last refresh, backoff
 *   customerMirrors/{productId}/buckets/{0..1023}  members: keys of the customers in that bucket
 *   customerMirrors/{productId}/staging/{run}-{n}  one chunk of a full sync, until it is assembled
 *
 * Members are keyed by an HMAC of product and email under RECORD_KEY_SECRET (never the email),
 * cut to 128 bits: plenty to tell customers apart, and 100,000 of them fit in ~3.6 MB. The state
 * notes the key's version: under another key (after a rotation) the members can't be found, so
 * the mirror then reads as never synced, and the next delivery resyncs it.
 */
import { Timestamp, type DocumentSnapshot, type Firestore } from "firebase-admin/firestore";
import { COLLECTIONS } from "../firestore";
import type { RecordKeys } from "../privacy/record-key";

export const BUCKETS = 1024;
/** Firestore's batch limit is 500 writes; bucket documents of a large product are ~100 kB. */
const WRITES_PER_BATCH = 64;

export interface MirrorState {
  /** End of the last complete full sync; null until the first one finished. */
  syncedAt: Date | null;
  /** The full sync in progress, if any (heartbeatAt shows it is alive). */
  syncRun: { id: string; startedAt: Date; heartbeatAt: Date } | null;
  /** Start of the last completed refresh: every customer created before it is in the mirror. */
  refreshedAt: Date | null;
  refreshLeaseUntil: Date | null;
  /** Particle answered 429: no eligibility calls to Particle before this time. */
  backoffUntil: Date | null;
  customers: number;
  totalPages: number;
  /** The list was larger than the configured bound; members past it are missing. */
  truncated: boolean;
}

/** The state fields that describe the members, valid only under the key they were written with. */
const UNDER_ANOTHER_KEY = { syncedAt: null, customers: 0, truncated: false } as const;

export const EMPTY_STATE: MirrorState = {
  syncedAt: null,
  syncRun: null,
  refreshedAt: null,
  refreshLeaseUntil: null,
  backoffUntil: null,
  customers: 0,
  totalPages: 0,
  truncated: false,
};

export function memberKey(keys: RecordKeys, productId: string, email: string): string {
  return keys.member(productId, email);
}

export function bucketOf(key: string): number {
  return parseInt(key.slice(0, 3), 16) >> 2;
}

export const stateRef = (db: Firestore, productId: string) =>
  db.collection(COLLECTIONS.customerMirrors).doc(productId);

const bucketRef = (db: Firestore, productId: string, bucket: number) =>
  stateRef(db, productId).collection("buckets").doc(String(bucket));

const stagingRef = (db: Firestore, productId: string, runId: string, chunk: number) =>
  stateRef(db, productId).collection("staging").doc(`${runId}-${chunk}`);

const toDate = (value: unknown): Date | null =>
  value instanceof Timestamp ? value.toDate() : null;

/**
 * The state as `keys` see it: members written under another key (a rotated secret) don't count,
 * so the mirror reads as never synced (the refresh and the full sync then rewrite it).
 * `keyVersion` is written together with `syncedAt`, by whatever makes the mirror whole.
 */
export function readState(snapshot: DocumentSnapshot, keys: RecordKeys): MirrorState {
  const data = snapshot.data();
  if (!data) return EMPTY_STATE;
  const state = readFields(data);
  const run = data.syncRun as Record<string, unknown> | null | undefined;
  // A run that started under another key would assemble a mirror of mixed keys: not ours.
  const runUnderOtherKey = run?.keyVersion !== undefined && run.keyVersion !== keys.version;
  return {
    ...state,
    ...(data.keyVersion === keys.version ? {} : UNDER_ANOTHER_KEY),
    ...(runUnderOtherKey ? { syncRun: null } : {}),
  };
}

function readFields(data: FirebaseFirestore.DocumentData): MirrorState {
  const run = data.syncRun as Record<string, unknown> | null | undefined;
  return {
    syncedAt: toDate(data.syncedAt),
    syncRun:
      run && typeof run.id === "string"
        ? { id: run.id, startedAt: toDate(run.startedAt)!, heartbeatAt: toDate(run.heartbeatAt)! }
        : null,
    refreshedAt: toDate(data.refreshedAt),
    refreshLeaseUntil: toDate(data.refreshLeaseUntil),
    backoffUntil: toDate(data.backoffUntil),
    customers: Number(data.customers ?? 0),
    totalPages: Number(data.totalPages ?? 0),
    truncated: data.truncated === true,
  };
}

export async function getState(
  db: Firestore,
  keys: RecordKeys,
  productId: string,
): Promise<{ state: MirrorState; snapshot: DocumentSnapshot }> {
  const snapshot = await stateRef(db, productId).get();
  return { state: readState(snapshot, keys), snapshot };
}

/** One read: is the email's key in its bucket? */
export async function hasMember(
  db: Firestore,
  keys: RecordKeys,
  productId: string,
  email: string,
): Promise<boolean> {
  const key = memberKey(keys, productId, email);
  const bucket = await bucketRef(db, productId, bucketOf(key)).get();
  const members = bucket.get("members") as string[] | undefined;
  return members?.includes(key) ?? false;
}

/** Adds members found by a refresh (arrayUnion: concurrent additions never undo each other). */
export async function addMembers(db: Firestore, productId: string, keys: string[]): Promise<void> {
  const { FieldValue } = await import("firebase-admin/firestore");
  const byBucket = groupByBucket(keys);
  for (const part of chunked([...byBucket], WRITES_PER_BATCH)) {
    const batch = db.batch();
    for (const [bucket, members] of part) {
      batch.set(
        bucketRef(db, productId, bucket),
        { members: FieldValue.arrayUnion(...members) },
        { merge: true },
      );
    }
    await batch.commit();
  }
}

/**
 * Makes the buckets hold exactly `keys` (a full list), writing only the buckets that differ:
 * a daily sync of an unchanged 100,000-customer product costs 1,024 reads and no writes.
 */
export async function replaceMembers(
  db: Firestore,
  productId: string,
  keys: Iterable<string>,
): Promise<{ bucketsWritten: number }> {
  const wanted = groupByBucket(keys);
  const existing = await stateRef(db, productId).collection("buckets").get();
  const current = new Map(
    existing.docs.map((doc) => [Number(doc.id), (doc.get("members") as string[]) ?? []]),
  );
  const changed: Array<[number, string[]]> = [];
  for (const bucket of new Set([...wanted.keys(), ...current.keys()])) {
    const next = [...(wanted.get(bucket) ?? [])].sort();
    const before = [...(current.get(bucket) ?? [])].sort();
    if (next.length !== before.length || next.some((key, i) => key !== before[i])) {
      changed.push([bucket, next]);
    }
  }
  for (const part of chunked(changed, WRITES_PER_BATCH)) {
    const batch = db.batch();
    for (const [bucket, members] of part) {
      const ref = bucketRef(db, productId, bucket);
      if (members.length === 0) batch.delete(ref);
      else batch.set(ref, { members });
    }
    await batch.commit();
  }
  return { bucketsWritten: changed.length };
}

export async function writeStagingChunk(
  db: Firestore,
  productId: string,
  runId: string,
  chunk: number,
  keys: string[],
): Promise<void> {
  await stagingRef(db, productId, runId, chunk).set({ members: keys });
}

/** Every key a full sync staged, then its staging documents gone (also older runs' leftovers). */
export async function takeStagedMembers(
  db: Firestore,
  productId: string,
  runId: string,
): Promise<Set<string>> {
  const staged = await stateRef(db, productId).collection("staging").get();
  const keys = new Set<string>();
  for (const doc of staged.docs) {
    if (doc.id.startsWith(`${runId}-`)) {
      for (const key of (doc.get("members") as string[]) ?? []) keys.add(key);
    }
  }
  for (const part of chunked(staged.docs, WRITES_PER_BATCH)) {
    const batch = db.batch();
    part.forEach((doc) => batch.delete(doc.ref));
    await batch.commit();
  }
  return keys;
}

function groupByBucket(keys: Iterable<string>): Map<number, Set<string>> {
  const byBucket = new Map<number, Set<string>>();
  for (const key of keys) {
    const bucket = bucketOf(key);
    let members = byBucket.get(bucket);
    if (!members) byBucket.set(bucket, (members = new Set()));
    members.add(key);
  }
  return byBucket;
}

function chunked<T>(items: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
