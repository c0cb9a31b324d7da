/**
 * Typed domain errors carrying the public machine codes (contract/errors.ts) and the key of
 * their message in the i18n catalogue. Only the edges (`http/`) turn them into HTTP statuses or
 * `HttpsError`s and their keys into text, in the request's language; anything else becomes a
 * generic internal error.
 */
import type { ErrorCode } from "./contract/errors";
import type { ApiMessageKey, MessageParams } from "./i18n/messages";

export interface ResetErrorOptions {
  /** Values for the message's placeholders. */
  params?: MessageParams;
  retryAfterSeconds?: number;
  /**
   * The customer's language where the domain knows it (a token's stored locale): it wins over
   * what the request says, so the page hears the language its mail was written in.
   */
  locale?: string;
}

export class ResetError extends Error {
  readonly params: MessageParams;
  readonly retryAfterSeconds?: number;
  readonly locale?: string;

  constructor(
    readonly code: ErrorCode,
    /** Resolved to text at the edge; `message` holds the key, never customer-facing text. */
    readonly messageKey: ApiMessageKey,
    options: ResetErrorOptions = {},
  ) {
    super(messageKey);
    this.name = "ResetError";
    this.params = options.params ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.locale = options.locale;
  }
}

export const internalError = () => new ResetError("internal", "internal");
