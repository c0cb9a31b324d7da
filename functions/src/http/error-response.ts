import { log } from "../log";
import { HttpsError, type FunctionsErrorCode } from "firebase-functions/v2/https";
import { ConfigError } from "../config/config";
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from "../contract/errors";
import { internalError, ResetError } from "../errors";
import { apiMessage, chooseLocale } from "../i18n/messages";

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

/**
 * What the request says about its language, most specific first: the body's (or query's)
 * `locale`, then Accept-Language. Read raw: an answer to a request that failed validation is
 * still worded in its language where one is recognisable.
 */
export function requestLanguages(req: {
  body?: unknown;
  query?: unknown;
  headers: Record<string, unknown>;
}): unknown[] {
  return [localeOf(req.body), localeOf(req.query), req.headers["accept-language"]];
}

function localeOf(value: unknown): unknown {
  return typeof value === "object" && value !== null && Object.hasOwn(value, "locale")
    ? (value as { locale: unknown }).locale
    : undefined;
}

/** The error's text: in the customer's language where the domain knows it, else the request's. */
export function errorMessage(error: ResetError, requestLanguages: unknown[]): string {
  const locale = chooseLocale(error.locale, ...requestLanguages);
  return apiMessage(locale, error.messageKey, error.params);
}

export function errorBody(error: ResetError, requestLanguages: unknown[]): ErrorBody {
  return { error: { code: error.code, message: errorMessage(error, requestLanguages) } };
}

export const httpStatus = (code: ErrorCode): number => ERROR_STATUS[code];

const CALLABLE_CODES: Record<ErrorCode, FunctionsErrorCode> = {
  invalid_argument: "invalid-argument",
  weak_password: "invalid-argument",
  token_invalid: "invalid-argument",
  token_expired: "failed-precondition",
  token_used: "failed-precondition",
  rate_limited: "resource-exhausted",
  unauthenticated: "unauthenticated",
  origin_not_allowed: "permission-denied",
  signature_invalid: "permission-denied",
  upstream_unavailable: "unavailable",
  method_not_allowed: "invalid-argument",
  not_found: "not-found",
  payload_too_large: "invalid-argument",
  unsupported_media_type: "invalid-argument",
  internal: "internal",
};

/** The callable's face of a ResetError; `details.code` carries the stable machine code. */
export function toHttpsError(
  error: unknown,
  event: string,
  requestLanguages: unknown[],
): HttpsError {
  const known = toResetError(error, event);
  return new HttpsError(CALLABLE_CODES[known.code], errorMessage(known, requestLanguages), {
    code: known.code,
    ...(known.retryAfterSeconds ? { retryAfterSeconds: known.retryAfterSeconds } : {}),
  });
}
