import { adminApp } from "../admin-app";
import { REGION } from "../config/region";

export type QueueName = "deliverResetMail" | "deliverPasswordChangedMail";

export interface TaskQueue {
  enqueue(queue: QueueName, payload: Record<string, unknown>): Promise<void>;
}

/** Cloud Tasks through the Admin SDK (the emulator's Tasks emulator when running locally). */
export function createTaskQueue(): TaskQueue {
  return {
    async enqueue(queue, payload) {
      const { getFunctions } = await import("firebase-admin/functions");
      await getFunctions(adminApp())
        .taskQueue(`locations/${REGION}/functions/${queue}`)
        .enqueue(payload, { dispatchDeadlineSeconds: 60 });
    },
  };
}
