import type { ErrorCode } from "../contract/errors";
import { ResetError } from "../errors";
import { recordFailure } from "./client-rate-limiter";
import type { Services } from "../services";

/** What a guessed, stale or replayed link gets; a weak password or an upstream failure is not one. */
const TOKEN_FAILURES: ReadonlySet<ErrorCode> = new Set([
  "token_invalid",
  "token_expired",
  "token_used",
]);

/**
 * Runs a token check (verify or complete) under the client's token-attempt limit. Only failed
 * checks touch the counter: a guess is counted (or, past the limit, answered `rate_limited`),
 * while a customer opening and submitting their own link costs no counter operation at all.
 * Guessing gains nothing from the order: a 256-bit token is found by luck or not at all.
 */
export async function withTokenAttemptLimit<T>(
  services: Services,
  clientKey: string,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof ResetError && TOKEN_FAILURES.has(error.code)) {
      await recordFailure(
        services.db(),
        services.recordKeys(),
        "token",
        clientKey,
        services.config().tokenAttemptLimit,
        services.now(),
      );
    }
    throw error;
  }
}
