/**
 * Steps 4b-6: set the new password through Particle. The token is claimed first, with a
 * conditional write (at most one completion even under concurrent submits), and only marked used
 * after Particle said yes; any upstream failure releases the claim so the same link works again.
 */
import { log } from "../log";
import { findProduct } from "../config/config";
import { ResetError } from "../errors";
import { ParticleError } from "../particle/particle-client";
import { resolveLocale } from "../i18n/messages";
import { findPasswordProblem, passwordProblemMessage } from "../password/password-policy";
import type { Services } from "../services";
import { claimToken, INVALID_LINK, settleClaim, type Claim } from "../tokens/token-store";
import { withTokenAttemptLimit } from "./token-attempt";
import { parseInput, requestObject, text, tokenField } from "./validate";

export const completeSchema = requestObject({
  token: tokenField,
  // Generous cap: the policy's own maximum is checked below with a clear message.
  password: text().max(4096, "is too long"),
});

export interface PasswordChangedTask {
  productId: string;
  email: string;
  locale: string;
  changedAt: string;
}

export async function completeReset(
  services: Services,
  input: unknown,
  clientKey: string,
): Promise<{ ok: true }> {
  const { token, password } = parseInput(completeSchema, input);
  const config = services.config();
  const db = services.db();
  const { claim, product } = await withTokenAttemptLimit(services, clientKey, async () => {
    const claim = await claimToken(db, token, services.now());
    const product = findProduct(config, claim.record.productId);
    if (!product) {
      await settleClaim(db, claim, "revoked");
      throw new ResetError("token_invalid", INVALID_LINK);
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
    const message = passwordProblemMessage(problem, rules, resolveLocale(record.locale));
    throw new ResetError("weak_password", message);
  }

  try {
    await services.particle().setCustomerPassword(record.productId, record.email, password);
  } catch (error) {
    await handleParticleFailure(services, claim, error, context);
  }
  await settleClaim(db, claim, "used");
  log.info("reset.completed", context);

  const task: PasswordChangedTask = {
    productId: record.productId,
    email: record.email,
    locale: record.locale,
    changedAt: services.now().toISOString(),
  };
  try {
    await services.tasks().enqueue("deliverPasswordChangedMail", { ...task });
  } catch {
    // The password is already changed; a lost notice must not turn success into an error.
    log.error("mail.changed_enqueue_failed", context);
  }
  return { ok: true };
}

async function handleParticleFailure(
  services: Services,
  claim: Claim,
  error: unknown,
  context: Record<string, unknown>,
): Promise<never> {
  const db = services.db();
  if (!(error instanceof ParticleError)) {
    await settleClaim(db, claim, "live");
    throw error;
  }
  if (error.status === 404) {
    // The customer no longer exists at Particle: this link can never succeed.
    await settleClaim(db, claim, "revoked");
    log.warn("reset.customer_not_found", context);
    throw new ResetError("token_invalid", "This reset link is no longer valid.");
  }
  await settleClaim(db, claim, "live");
  if (error.isConfigurationError) {
    log.error("particle.config_error", { ...context, status: error.status });
  } else {
    log.warn("particle.update_failed", { ...context, status: error.status });
  }
  if (error.status === 400) {
    throw new ResetError("weak_password", "This password was not accepted. Choose another one.");
  }
  throw new ResetError(
    "upstream_unavailable",
    "We couldn't update your password right now. Your link still works: please try again in a moment.",
  );
}
