/**
 * The background full sync of a product's customer mirror, run from its own Cloud Tasks queue in
 * chunks of up to `CHUNK_PAGES` pages or `CHUNK_SECONDS` (each invocation stays short, a failed
 * chunk is retried alone).
 * Pages are fetched no faster than `syncCallsPerMinute`, a configured share of Particle's budget
 * (10,000 requests per 5 minutes per source IP), so the sync never starves password updates.
 */
import { findProduct } from "../config/config";
import {
  getState,
  memberKey,
  replaceMembers,
  stateRef,
  takeStagedMembers,
  writeStagingChunk,
} from "../eligibility/customer-mirror";
import { backoffAfter, PER_PAGE, refreshFromParticle } from "../eligibility/particle-eligibility";
import { sleep } from "../outbound/http-retry";
import { log } from "../log";
import { ParticleError } from "../particle/particle-client";
import type { Services } from "../services";
import { RetryLater, type TaskAttempt } from "../tasks/task";
import { TASK_PAYLOADS } from "../contract/tasks";

export const CHUNK_PAGES = 100;
/** A chunk stops paging after this long, well inside the function's timeout (tasks/queues.ts). */
export const CHUNK_SECONDS = 180;

export async function syncCustomerMirror(
  services: Services,
  payload: unknown,
  { attempt }: TaskAttempt,
): Promise<void> {
  const parsed = TASK_PAYLOADS.syncCustomerMirror.safeParse(payload);
  if (!parsed.success) {
    log.error("eligibility.sync_task_invalid", { attempt });
    return;
  }
  const task = parsed.data;
  const { productId, runId } = task;
  const context = { productId, runId, chunk: task.chunk, attempt };
  const product = findProduct(services.config(), productId);
  const db = services.db();
  const recordKeys = services.recordKeys();
  const keyVersion = recordKeys.version;
  // A run started under another key (a rotated secret) reads as no run: superseded.
  const { state } = await getState(db, recordKeys, productId);
  if (!product || state.syncRun?.id !== runId) {
    log.warn("eligibility.sync_superseded", context);
    return;
  }
  const { maxCustomers, syncCallsPerMinute } = services.config().customerMirror;
  const maxPages = Math.ceil(maxCustomers / PER_PAGE);
  const pauseMs = 60_000 / syncCallsPerMinute;

  const keys: string[] = [];
  let page = task.page;
  let totalPages = state.totalPages;
  let last = false;
  const chunkEnds = Date.now() + CHUNK_SECONDS * 1000;
  try {
    for (; page < task.page + CHUNK_PAGES && Date.now() < chunkEnds; page++) {
      const started = Date.now();
      const result = await services
        .particle(productId)
        .listCustomerEmails(productId, page, PER_PAGE);
      keys.push(...result.emails.map((email) => memberKey(recordKeys, productId, email)));
      totalPages = result.totalPages;
      if (page >= Math.min(totalPages, maxPages)) {
        last = true;
        break;
      }
      await sleep(Math.max(0, pauseMs - (Date.now() - started)));
    }
  } catch (error) {
    if (!(error instanceof ParticleError)) throw error;
    const backoff = backoffAfter(error, services.now());
    if (backoff.backoffUntil) {
      // The chunk starts again after the backoff; the run stays ours meanwhile.
      const heartbeatAt = backoff.backoffUntil;
      await stateRef(db, productId).set(
        {
          ...backoff,
          syncRun: { id: runId, startedAt: state.syncRun.startedAt, heartbeatAt, keyVersion },
        },
        { merge: true },
      );
      const delaySeconds = Math.ceil((heartbeatAt.getTime() - Date.now()) / 1000);
      await services.tasks().enqueue("syncCustomerMirror", task, { delaySeconds });
      return;
    }
    if (error.isConfigurationError) {
      log.error("particle.config_error", { ...context, status: error.status });
      await stateRef(db, productId).set({ syncRun: null }, { merge: true });
      return;
    }
    log.warn("particle.lookup_failed", { ...context, status: error.status });
    throw new RetryLater(`Particle ${error.status}`);
  }

  await writeStagingChunk(db, productId, runId, task.chunk, keys);
  if (!last) {
    await stateRef(db, productId).set(
      { totalPages, syncRun: { ...state.syncRun, heartbeatAt: services.now(), keyVersion } },
      { merge: true },
    );
    await services.tasks().enqueue("syncCustomerMirror", { ...task, page, chunk: task.chunk + 1 });
    return;
  }

  const members = await takeStagedMembers(db, productId, runId);
  const { bucketsWritten } = await replaceMembers(db, productId, members);
  const truncated = totalPages > maxPages;
  if (truncated) {
    // No silent cap: customers past the bound get no mail until the bound is raised.
    log.error("eligibility.list_too_large", { productId, totalPages, maxCustomers });
  }
  await stateRef(db, productId).set(
    {
      syncedAt: services.now(),
      keyVersion,
      syncRun: null,
      customers: members.size,
      totalPages,
      truncated,
    },
    { merge: true },
  );
  log.info("eligibility.synced", {
    productId,
    runId,
    customers: members.size,
    pages: Math.min(totalPages, maxPages),
    bucketsWritten,
    seconds: Math.round((Date.now() - state.syncRun.startedAt.getTime()) / 1000),
  });
  // Customers created while the pages were read are on the first or last page: pick them up.
  await refreshFromParticle(services, product).catch(() => undefined);
}
