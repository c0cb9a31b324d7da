import { log } from "../log";
import { HttpsError, type FunctionsErrorCode } from "firebase-functions/v2/https";
import { ConfigError } from "../config/config";
import { ERROR_STATUS, type ErrorCode } from "../contract/errors";
import { internalError, ResetError } from "../errors";

/** Known errors pass through; anything else is logged by type only and answered generically. */
export function toResetError(error: unknown, event: string): ResetError {
  if (error instanceof ResetError) return error;
  if (error instanceof ConfigError) {
    log.error("config.invalid", { event, setting: error.setting, message: error.message });
  } else {
    log.error("internal.error", { event, type: (error as Error)?.name ?? typeof error });
  }
  return internalError();
}

export function errorBody(error: ResetError) {
  return { error: { code: error.code, message: error.message } };
}

export const httpStatus = (code: ErrorCode): number => ERROR_STATUS[code];

const CALLABLE_CODES: Record<ErrorCode, FunctionsErrorCode> = {
  invalid_argument: "invalid-argument",
  weak_password: "invalid-argument",
  token_invalid: "invalid-argument",
  token_expired: "failed-precondition",
  token_used: "failed-precondition",
  rate_limited: "resource-exhausted",
  upstream_unavailable: "unavailable",
  method_not_allowed: "invalid-argument",
  not_found: "not-found",
  payload_too_large: "invalid-argument",
  unsupported_media_type: "invalid-argument",
  internal: "internal",
};

/** The callable's face of a ResetError; `details.code` carries the stable machine code. */
export function toHttpsError(error: unknown, event: string): HttpsError {
  const known = toResetError(error, event);
  return new HttpsError(CALLABLE_CODES[known.code], known.message, {
    code: known.code,
    ...(known.retryAfterSeconds ? { retryAfterSeconds: known.retryAfterSeconds } : {}),
  });
}
