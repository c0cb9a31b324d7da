import { HttpsError } from "firebase-functions/v2/https";
import { RetryLater, type TaskAttempt, type TaskHandler } from "./task";
import { services } from "../services";

/** The task edge: runs a queue's handler with the instance's services. */
export async function runTask(
  handle: TaskHandler,
  payload: unknown,
  attempt: TaskAttempt,
): Promise<void> {
  try {
    await handle(services(), payload, attempt);
  } catch (error) {
    // Expected, and logged by the handler as its own event: answer 503 so Cloud Tasks retries,
    // instead of an "Unhandled error" log with a stack trace.
    if (error instanceof RetryLater) throw new HttpsError("unavailable", "Retry later");
    throw error;
  }
}
