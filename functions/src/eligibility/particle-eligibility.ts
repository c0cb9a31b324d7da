/**
 * `ELIGIBILITY=particle`: is the address a customer of the product? Answered from the Firestore
 * mirror of Particle's customer list (customer-mirror.ts), kept fresh two ways:
 * - a refresh reads the first and the last page of the list (where new customers appear, however
 *   Particle orders it), at most once per `refreshIntervalSeconds` per product across all
 *   instances; an address not in the mirror waits for a refresh that started after its request;
 * - a full sync pages the whole list in the background (mirror-sync.ts) once the last one is older
 *   than `fullSyncIntervalSeconds`, paced to a share of Particle's rate budget, so deleted
 *   customers leave the mirror.
 * Design and the bounds: docs/eligibility.md.
 */
import { randomUUID } from "node:crypto";
import type { DocumentSnapshot, Firestore } from "firebase-admin/firestore";
import type { ProductConfig } from "../config/config";
import { isWriteConflict, unchangedSince } from "../firestore";
import { sleep } from "../outbound/http-retry";
import { log } from "../log";
import { ParticleError } from "../particle/particle-client";
import type { Services } from "../services";
import {
  addMembers,
  getState,
  hasMember,
  memberKey,
  replaceMembers,
  stateRef,
  type MirrorState,
} from "./customer-mirror";

export const PER_PAGE = 100;
/** A refresh that saw every page (first and last) has seen the whole list: a full sync for free. */
const REFRESH_PAGES = 2;
/** How long a delivery waits in process for a refresh before handing itself back to the queue. */
const INLINE_WAIT_MS = 15_000;
const POLL_MS = 300;
/** A refresh or a sync chunk that stopped reporting for this long has died: another may start. */
export const LEASE_MS = 60_000;
export const SYNC_STALE_MS = 5 * 60_000;
/** Particle documents no Retry-After and says an immediate retry won't help: wait minutes. */
export const RATE_LIMIT_BACKOFF_MS = 5 * 60_000;

export type Decision =
  | { kind: "eligible" }
  | { kind: "not_eligible" }
  | {
      kind: "defer";
      seconds: number;
      reason: "particle_backoff" | "first_sync" | "refresh_busy" | "refresh_interval";
    };

export async function checkParticleCustomer(
  services: Services,
  product: ProductConfig,
  email: string,
  requestedAt: Date,
): Promise<Decision> {
  const db = services.db();
  const keys = services.recordKeys();
  const { productId } = product;
  if (await hasMember(db, keys, productId, email)) return { kind: "eligible" };

  const deadline = Date.now() + INLINE_WAIT_MS;
  for (;;) {
    const { state, snapshot } = await getState(db, keys, productId);
    const now = services.now();
    if (state.backoffUntil && state.backoffUntil > now) {
      return defer(state.backoffUntil.getTime() - now.getTime(), "particle_backoff");
    }
    await startFullSyncIfDue(services, product, snapshot, state);
    if (state.refreshedAt && state.refreshedAt >= requestedAt) {
      if (await hasMember(db, keys, productId, email)) return { kind: "eligible" };
      // Not in a list read after the request: final, unless the mirror was never complete.
      if (state.syncedAt || state.truncated) return { kind: "not_eligible" };
      return defer(30_000, "first_sync");
    }
    // The last refresh is too recent for another: wait until the interval has passed, in the
    // queue when that is long, so an unknown address costs one more invocation at most.
    const interval = services.config().customerMirror.refreshIntervalSeconds * 1000;
    const intervalLeft = state.refreshedAt
      ? state.refreshedAt.getTime() + interval - now.getTime()
      : 0;
    if (intervalLeft > INLINE_WAIT_MS) return defer(intervalLeft, "refresh_interval");
    if (intervalLeft > 0) {
      await sleep(intervalLeft);
      continue;
    }
    if (await takeRefreshLease(db, snapshot, state, services, product)) {
      await refreshFromParticle(services, product);
      continue;
    }
    // Another instance is refreshing (it takes a moment): poll for its result.
    if (Date.now() >= deadline) return defer(INLINE_WAIT_MS, "refresh_busy");
    await sleep(POLL_MS);
  }
}

type DeferReason = Extract<Decision, { kind: "defer" }>["reason"];

function defer(ms: number, reason: DeferReason): Decision {
  return { kind: "defer", seconds: Math.max(1, Math.ceil(ms / 1000)), reason };
}

/** Only one refresh per product at a time (the caller has checked the interval). */
async function takeRefreshLease(
  db: Firestore,
  snapshot: DocumentSnapshot,
  state: MirrorState,
  services: Services,
  product: ProductConfig,
): Promise<boolean> {
  const now = services.now();
  if (state.refreshLeaseUntil && state.refreshLeaseUntil > now) return false;
  const lease = { refreshLeaseUntil: new Date(now.getTime() + LEASE_MS) };
  try {
    const ref = stateRef(db, product.productId);
    if (snapshot.exists) await ref.update(lease, unchangedSince(snapshot));
    else await ref.create(lease);
    return true;
  } catch (error) {
    if (isWriteConflict(error)) return false;
    throw error;
  }
}

/**
 * Reads the first and the last page and adds what they hold. When that was every page, the mirror
 * becomes exactly that list. Releases the lease whatever happens; a 429 starts the backoff.
 */
export async function refreshFromParticle(
  services: Services,
  product: ProductConfig,
): Promise<void> {
  const db = services.db();
  const { productId } = product;
  const startedAt = services.now();
  const ref = stateRef(db, productId);
  try {
    const particle = services.particle(productId);
    const first = await particle.listCustomerEmails(productId, 1, PER_PAGE);
    const emails = [...first.emails];
    if (first.totalPages > 1) {
      emails.push(
        ...(await particle.listCustomerEmails(productId, first.totalPages, PER_PAGE)).emails,
      );
    }
    const recordKeys = services.recordKeys();
    const keys = emails.map((email) => memberKey(recordKeys, productId, email));
    const whole = first.totalPages <= REFRESH_PAGES;
    if (whole) await replaceMembers(db, productId, keys);
    else await addMembers(db, productId, keys);
    const complete = {
      syncedAt: startedAt,
      customers: keys.length,
      truncated: false,
      keyVersion: recordKeys.version,
    };
    await ref.set(
      {
        refreshedAt: startedAt,
        refreshLeaseUntil: null,
        totalPages: first.totalPages,
        ...(whole ? complete : {}),
      },
      { merge: true },
    );
    log.info("eligibility.refreshed", {
      productId,
      pages: Math.min(first.totalPages, REFRESH_PAGES),
      totalPages: first.totalPages,
    });
  } catch (error) {
    await ref.set({ refreshLeaseUntil: null, ...backoffAfter(error, startedAt) }, { merge: true });
    throw error;
  }
}

/** The state fields a failed Particle call sets: a backoff after a 429, nothing otherwise. */
export function backoffAfter(error: unknown, now: Date): { backoffUntil?: Date } {
  if (!(error instanceof ParticleError) || !error.rateLimited) return {};
  const ms = Math.max(error.retryAfterMs ?? 0, RATE_LIMIT_BACKOFF_MS);
  log.error("particle.rate_limited", { backoffSeconds: Math.round(ms / 1000) });
  return { backoffUntil: new Date(now.getTime() + ms) };
}

/** Starts the background full sync when none ever completed or the last one is too old. */
async function startFullSyncIfDue(
  services: Services,
  product: ProductConfig,
  snapshot: DocumentSnapshot,
  state: MirrorState,
): Promise<void> {
  const now = services.now().getTime();
  const interval = services.config().customerMirror.fullSyncIntervalSeconds * 1000;
  const neverSynced = !state.syncedAt && state.totalPages > REFRESH_PAGES;
  const stale = state.syncedAt !== null && now - state.syncedAt.getTime() > interval;
  if (!neverSynced && !stale) return;
  if (state.syncRun && now - state.syncRun.heartbeatAt.getTime() < SYNC_STALE_MS) return;
  const runId = randomUUID();
  const at = services.now();
  try {
    await stateRef(services.db(), product.productId).update(
      {
        syncRun: {
          id: runId,
          startedAt: at,
          heartbeatAt: at,
          keyVersion: services.recordKeys().version,
        },
      },
      unchangedSince(snapshot),
    );
  } catch (error) {
    if (isWriteConflict(error)) return; // another delivery started it
    throw error;
  }
  await services
    .tasks()
    .enqueue("syncCustomerMirror", { productId: product.productId, runId, page: 1, chunk: 0 });
  log.info("eligibility.sync_started", { productId: product.productId, runId });
}
