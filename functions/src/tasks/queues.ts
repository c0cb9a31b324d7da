/**
 * Per task queue: the function's timeout (index.ts) and the dispatch deadline its tasks are
 * enqueued with (task-queue.ts), side by side because one must exceed the other. Cloud Tasks
 * cancels an attempt that outlives its deadline and retries it, so a deadline shorter than the
 * timeout would start a second delivery while the first still runs (two mails). HTTP tasks
 * accept a deadline of 15 s to 30 min:
 * https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks
 * ("dispatchDeadline"; firebase-admin's `dispatchDeadlineSeconds` enforces the same range).
 */
export interface QueueTiming {
  timeoutSeconds: number;
  dispatchDeadlineSeconds: number;
}

export const MAX_DISPATCH_DEADLINE_SECONDS = 1800;

import type { QueueName } from "../contract/tasks";

export const QUEUES = {
  // May wait for a customer-mirror refresh (≤ 15 s) or, in the emulator, for its scheduled
  // time (≤ 20 s), then calls Particle (a refresh) and SendGrid with their retries.
  deliverResetMail: { timeoutSeconds: 120, dispatchDeadlineSeconds: 180 },
  // One chunk of the customer-mirror sync: it stops paging after CHUNK_SECONDS (180 s).
  syncCustomerMirror: { timeoutSeconds: 300, dispatchDeadlineSeconds: 360 },
  // One SendGrid call with its retries.
  deliverPasswordChangedMail: { timeoutSeconds: 60, dispatchDeadlineSeconds: 120 },
} as const satisfies Record<QueueName, QueueTiming>;

/** The dispatch deadline per queue, as passed to `enqueue()`. */
export const DISPATCH_DEADLINE_SECONDS: Readonly<Record<QueueName, number>> = Object.fromEntries(
  Object.entries(QUEUES).map(([queue, timing]) => [queue, timing.dispatchDeadlineSeconds]),
) as Record<QueueName, number>;
