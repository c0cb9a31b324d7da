/**
 * One payload schema per Cloud Tasks queue. Producers build `TaskPayload<Q>` (the queue client
 * only accepts that), consumers parse with the same schema: a field added on one side is a type
 * error on the other, never silently dropped.
 */
import { z } from "zod";
import { emailField, productIdField } from "./fields";

export const TASK_PAYLOADS = {
  deliverResetMail: z.object({
    requestId: z.uuid(),
    productId: productIdField,
    email: emailField,
    locale: z.string().max(35),
    /** When the customer asked: an address not yet mirrored waits for a list read after this. */
    requestedAt: z.iso.datetime(),
    /** Set when the task handed itself back to the queue to wait (deliver-reset-mail.ts). */
    notBefore: z.iso.datetime().optional(),
    deferrals: z.number().int().min(0).optional(),
  }),
  deliverPasswordChangedMail: z.object({
    productId: productIdField,
    email: emailField,
    locale: z.string().max(35),
    changedAt: z.iso.datetime(),
    /** The reset's record (its token's hash), which the notice's SendGrid events land on. */
    tokenHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
  syncCustomerMirror: z.object({
    productId: productIdField,
    runId: z.uuid(),
    page: z.number().int().min(1),
    chunk: z.number().int().min(0),
  }),
} as const;

export type QueueName = keyof typeof TASK_PAYLOADS;
export type TaskPayload<Q extends QueueName> = z.infer<(typeof TASK_PAYLOADS)[Q]>;

export type ResetMailTask = TaskPayload<"deliverResetMail">;
export type PasswordChangedTask = TaskPayload<"deliverPasswordChangedMail">;
export type SyncTask = TaskPayload<"syncCustomerMirror">;
