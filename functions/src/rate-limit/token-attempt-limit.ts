import type { ErrorCode } from "../contract/errors";
import { ResetError } from "../errors";
import { checkFailureQuota } from "./client-rate-limiter";
import type { Services } from "../services";

/** What a guessed, stale or replayed link gets; a weak password or an upstream failure is not one. */
const TOKEN_FAILURES: ReadonlySet<ErrorCode> = new Set([
  "token_invalid",
  "token_expired",
  "token_used",
]);

/**
 * Runs a token check (verify or complete) under the client's token-attempt limit. Only failed
 * checks count: guesses do, while a customer opening and submitting their own link costs one read.
 */
export async function withTokenAttemptLimit<T>(
  services: Services,
  clientKey: string,
  attempt: () => Promise<T>,
): Promise<T> {
  const quota = await checkFailureQuota(
    services.db(),
    "token",
    clientKey,
    services.config().tokenAttemptLimit,
    services.now(),
  );
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof ResetError && TOKEN_FAILURES.has(error.code)) await quota.recordFailure();
    throw error;
  }
}
