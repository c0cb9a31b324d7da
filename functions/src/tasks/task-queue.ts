import { adminApp } from "../admin-app";
import { REGION } from "../config/region";

export type QueueName = "deliverResetMail" | "deliverPasswordChangedMail" | "syncCustomerMirror";

export interface EnqueueOptions {
  /** Run no sooner than this; Cloud Tasks honours it, the Tasks emulator dispatches at once. */
  delaySeconds?: number;
}

export interface TaskQueue {
  enqueue(
    queue: QueueName,
    payload: Record<string, unknown>,
    options?: EnqueueOptions,
  ): Promise<void>;
}

/** Cloud Tasks through the Admin SDK (the emulator's Tasks emulator when running locally). */
export function createTaskQueue(): TaskQueue {
  return {
    async enqueue(queue, payload, options = {}) {
      const { getFunctions } = await import("firebase-admin/functions");
      await getFunctions(adminApp())
        .taskQueue(`locations/${REGION}/functions/${queue}`)
        .enqueue(payload, {
          dispatchDeadlineSeconds: 60,
          ...(options.delaySeconds ? { scheduleDelaySeconds: options.delaySeconds } : {}),
        });
    },
  };
}
