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
