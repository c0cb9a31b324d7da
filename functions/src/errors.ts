/**
 * Typed domain errors carrying the public machine codes (contract/errors.ts). Only the edges
 * (`http/`) turn them into HTTP statuses or `HttpsError`s; anything else becomes a generic
 * internal error.
 */
import type { ErrorCode } from "./contract/errors";

export class ResetError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ResetError";
  }
}

export const internalError = () =>
  new ResetError("internal", "Something went wrong on our side. Please try again later.");
