/**
 * Typed domain errors with the public, stable machine codes. Only the edges (`http/`) turn them
 * into HTTP statuses or `HttpsError`s; anything else becomes a generic internal error.
 */
export const ERROR_STATUS = {
  invalid_argument: 400,
  weak_password: 400,
  token_invalid: 400,
  token_expired: 410,
  token_used: 409,
  rate_limited: 429,
  upstream_unavailable: 503,
  method_not_allowed: 405,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

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
