/**
 * The public, stable machine codes of every error answer, with their HTTP statuses. Handlers
 * throw them (errors.ts), the edges map them (http/), the page and the apps read them.
 */
export const ERROR_STATUS = {
  invalid_argument: 400,
  weak_password: 400,
  token_invalid: 400,
  token_expired: 410,
  token_used: 409,
  rate_limited: 429,
  /** ENFORCE_APP_CHECK is on and the request has no valid App Check token. */
  unauthenticated: 401,
  /** The callable was called from a page whose origin is not in ALLOWED_ORIGINS. */
  origin_not_allowed: 403,
  /** A signed webhook post whose signature or timestamp doesn't verify. */
  signature_invalid: 403,
  upstream_unavailable: 503,
  method_not_allowed: 405,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** Every JSON error answer: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}
