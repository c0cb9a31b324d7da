/**
 * The page (or the app) sets the new password through Particle. The token is claimed first, with a
 * conditional write (at most one completion even under concurrent submits), and only marked used
 * after Particle said yes; any upstream failure releases the claim so the same link works again.
 * The "password changed" notice goes out once per link, as soon as a change may have happened:
 * on success, or on an upstream failure whose outcome is unknown (a timeout or a 5xx after the
 * request was sent), so a change made with a stolen link never goes unnoticed.
 */
import { log } from "../log";
import { findProduct } from "../config/config";
import { ResetError } from "../errors";
import { ParticleError } from "../particle/particle-client";
import { findPasswordProblem, passwordProblemError } from "../password/password-policy";
import { isBreachedFailingOpen } from "../password/breached-passwords";
import type { Services } from "../services";
import { claimToken, settleClaim, type Claim } from "../tokens/token-store";
import { withTokenAttemptLimit } from "../rate-limit/token-attempt-limit";
import { completeBody, type CompleteResult } from "../contract/api";
import type { PasswordChangedTask } from "../contract/tasks";
import { parseInput } from "../contract/parse";

export async function completeReset(
  services: Services,
  input: unknown,
  clientKey: string,
): Promise<CompleteResult> {
  const { token, password } = parseInput(completeBody, input);
  const config = services.config();
  const db = services.db();
  const { claim, product } = await withTokenAttemptLimit(services, clientKey, async () => {
    const claim = await claimToken(db, token, services.now());
    const product = findProduct(config, claim.record.productId);
    if (!product) {
      await settleClaim(db, claim, "revoked");
      throw new ResetError("token_invalid", "tokenInvalid", { locale: claim.record.locale });
    }
    return { claim, product };
  });
  const { record } = claim;
  const context = { productId: record.productId, requestId: record.requestId };
  const rules = {
    minLength: product.policy.passwordMinLength,
    maxLength: product.policy.passwordMaxLength,
  };
  const problem = findPasswordProblem(password, rules, record.email);
  if (problem) {
    await settleClaim(db, claim, "live");
    throw passwordProblemError(problem, rules, record.locale);
  }
  // After the token proved good, so the check is no oracle for strangers.
  const check = services.config().breachedPasswordCheck;
  if (check && (await isBreachedFailingOpen(services.breachedPasswords(), password, context))) {
    // weak_password, the code every client already handles as "choose another password".
    await settleClaim(db, claim, "live");
    throw new ResetError("weak_password", "breachedPassword", { locale: record.locale });
  }

  try {
    await services
      .particle(record.productId)
      .setCustomerPassword(record.productId, record.email, password);
  } catch (error) {
    await handleParticleFailure(services, claim, error, context);
  }
  await settleClaim(db, claim, "used");
  log.info("reset.completed", context);
  // An earlier attempt with this link whose outcome was unknown has already sent it.
  if (!record.changeNoticeQueued) await queueChangedNotice(services, claim, "completed");
  return { ok: true };
}

/**
 * Queues the "password changed" notice; true when it was queued. A lost notice must not turn the
 * customer's answer into an error, so a failure is logged (an alert) and swallowed.
 */
async function queueChangedNotice(
  services: Services,
  { record }: Claim,
  reason: "completed" | "outcome_unknown",
): Promise<boolean> {
  const context = { productId: record.productId, requestId: record.requestId };
  const task: PasswordChangedTask = {
    productId: record.productId,
    email: record.email,
    locale: record.locale,
    changedAt: services.now().toISOString(),
    tokenHash: record.tokenHash,
  };
  try {
    await services.tasks().enqueue("deliverPasswordChangedMail", task);
  } catch {
    log.error("mail.changed_enqueue_failed", context);
    return false;
  }
  log.info("changed.mail_queued", { ...context, reason });
  return true;
}

async function handleParticleFailure(
  services: Services,
  claim: Claim,
  error: unknown,
  context: Record<string, unknown>,
): Promise<never> {
  const db = services.db();
  const { locale } = claim.record;
  if (!(error instanceof ParticleError)) {
    await settleClaim(db, claim, "live");
    throw error;
  }
  if (error.status === 404) {
    // The customer no longer exists at Particle: this link can never succeed.
    await settleClaim(db, claim, "revoked");
    log.warn("reset.customer_not_found", context);
    throw new ResetError("token_invalid", "tokenInvalid", { locale });
  }
  // Particle may have set the password although we heard no yes: tell the customer now (once per
  // link, queued before the release so that a failed write can only repeat the notice, never
  // lose it), and keep the link usable for the retry.
  const noticeQueued =
    error.outcomeUnknown &&
    !claim.record.changeNoticeQueued &&
    (await queueChangedNotice(services, claim, "outcome_unknown"));
  await settleClaim(db, claim, "live", noticeQueued ? { changeNoticeQueued: true } : {});
  const fields = {
    ...context,
    status: error.status,
    code: error.upstreamCode,
    outcomeUnknown: error.outcomeUnknown,
  };
  if (error.isConfigurationError) {
    // Includes 400 {"error":"unauthorized"} (an API user lacking customers:update): the
    // operator's problem, so the customer hears "try again later", never "bad password".
    log.error("particle.config_error", fields);
  } else {
    log.warn("particle.update_failed", fields);
  }
  if (error.status === 400 && !error.isConfigurationError) {
    throw new ResetError("weak_password", "passwordRejected", { locale });
  }
  throw new ResetError("upstream_unavailable", "upstreamUnavailable", {
    locale,
    retryAfterSeconds: error.rateLimited ? rateLimitedRetrySeconds(error) : undefined,
  });
}

/**
 * Particle's limit is counted per 5 minutes and an immediate retry will not help
 * (https://docs.particle.io/reference/cloud-apis/api/#api-rate-limits). Its Retry-After, if it
 * ever sends one, is passed on; otherwise a minute, a hint rather than a promise.
 */
function rateLimitedRetrySeconds(error: ParticleError): number {
  const seconds = error.retryAfterMs === null ? 60 : Math.ceil(error.retryAfterMs / 1000);
  return Math.min(Math.max(seconds, 1), 300);
}
