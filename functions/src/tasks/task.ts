import { sleep } from "../outbound/http-retry";
import type { Services } from "../services";

/** What every queued task's handler is told about the delivery it is in. */
export interface TaskAttempt {
  /** 1 for the first delivery, 2 for the first retry, … */
  attempt: number;
  maxAttempts: number;
}

export type TaskHandler = (
  services: Services,
  payload: unknown,
  attempt: TaskAttempt,
) => Promise<void>;

/** Thrown to make the queue retry the task later. */
export class RetryLater extends Error {}

/** The longest a task waits in process for a time it was scheduled for (see `waitUntil`). */
const MAX_IN_PROCESS_WAIT_MS = 20_000;

/**
 * Cloud Tasks dispatches a task with a schedule time no sooner than that time
 * (https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks#Task,
 * `scheduleTime`); the Tasks emulator dispatches it at once (firebase-tools'
 * emulator/taskQueue.js never reads it). A task that arrives early waits here, up to a bound, so
 * both behave alike. False means: still early, hand the task back to the queue.
 */
export async function waitUntil(services: Services, due: Date): Promise<boolean> {
  const remaining = due.getTime() - services.now().getTime();
  if (remaining <= 0) return true;
  if (remaining > MAX_IN_PROCESS_WAIT_MS) {
    await sleep(MAX_IN_PROCESS_WAIT_MS);
    return false;
  }
  await sleep(remaining);
  return true;
}
