/**
 * The reset mail, sent from a Cloud Tasks queue: decide eligibility, issue the token (per-email limit and
 * superseding in one conditional batch), mail the branded link, record delivery. A Cloud Tasks queue
 * rather than a Firestore-triggered outbox: it retries with backoff in production and in the
 * emulator alike, and the request path pays one enqueue instead of a document write.
 */
import { log } from "../log";
import { findProduct, type ProductConfig } from "../config/config";
import { resolveLocale } from "../i18n/messages";
import { MailError, type OutgoingMail } from "../mail/mailer";
import { renderResetEmail, resetTemplateData } from "../mail/render-email";
import { ParticleError } from "../particle/particle-client";
import type { Services } from "../services";
import { issueToken, recordDelivery } from "../tokens/token-store";
import { RATE_LIMIT_BACKOFF_MS, type Decision } from "../eligibility/particle-eligibility";
import { decideEligibility } from "../eligibility/decide-eligibility";
import { RetryLater, waitUntil, type TaskAttempt } from "../tasks/task";
import { TASK_PAYLOADS, type ResetMailTask } from "../contract/tasks";
import { mailArgs } from "../mail/mail-args";
import { recordOutcome, type RequestOutcome } from "../tokens/request-history";

/** Waiting through Particle backoffs and a first sync: 24 deferrals cover well over an hour. */
export const MAX_DEFERRALS = 24;

export async function deliverResetMail(
  services: Services,
  payload: unknown,
  { attempt, maxAttempts }: TaskAttempt,
): Promise<void> {
  const parsed = TASK_PAYLOADS.deliverResetMail.safeParse(payload);
  if (!parsed.success) {
    log.error("reset.task_invalid", { attempt });
    return;
  }
  const task = parsed.data;
  const context = { productId: task.productId, requestId: task.requestId, attempt };
  const product = findProduct(services.config(), task.productId);
  if (!product) {
    log.error("reset.unknown_product", context);
    return;
  }
  if (task.notBefore && !(await waitUntil(services, new Date(task.notBefore)))) {
    await services.tasks().enqueue("deliverResetMail", task, {
      delaySeconds: secondsUntil(services, task.notBefore),
    });
    return;
  }

  if (!(await checkEligible(services, product, task, context))) return;

  const db = services.db();
  const issued = await issueToken(db, {
    subjectKey: services
      .recordKeys()
      .subject(product.productId, task.email, product.policy.eligibility),
    productId: product.productId,
    email: task.email,
    locale: task.locale,
    requestId: task.requestId,
    ttlSeconds: product.policy.tokenTtlSeconds,
    emailRateLimit: product.policy.emailRateLimit,
    now: services.now(),
    requestedAt: new Date(task.requestedAt),
  });
  if (issued.status === "rate_limited") {
    log.warn("reset.email_rate_limited", context);
    return;
  }
  if (issued.status === "contended") {
    // A flood of requests for one email: after the queue's backoff its window has usually filled.
    log.warn("reset.issue_contended", context);
    throw new RetryLater("email record contended");
  }
  const tokenRef = issued.tokenHash.slice(0, 12);
  const config = services.config();
  const resetUrl = `${config.resetPageUrl}#token=${issued.token}&lang=${task.locale}&product=${encodeURIComponent(product.productId)}`;

  try {
    const mailer = await services.mailer();
    await mailer.send({
      ...resetMail(product, task.email, resolveLocale(task.locale), resetUrl),
      customArgs: mailArgs(issued.tokenHash, "reset"),
    });
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    const final = !error.retryable || attempt >= maxAttempts;
    await recordDelivery(db, issued.tokenHash, {
      state: final ? "failed" : "retrying",
      attempts: attempt,
      error: `${error.status}`,
    });
    if (!error.retryable) {
      log.error("mail.config_error", {
        ...context,
        tokenRef,
        status: error.status,
        reason: error.reason,
        detail: error.detail,
      });
      return;
    }
    log.warn("mail.send_failed", { ...context, tokenRef, status: error.status, final });
    if (final) return;
    throw new RetryLater(`SendGrid ${error.status}`);
  }
  await recordDelivery(db, issued.tokenHash, { state: "sent", attempts: attempt });
  log.info("reset.mail_sent", { ...context, tokenRef });
}

async function checkEligible(
  services: Services,
  product: ProductConfig,
  task: ResetMailTask,
  context: Record<string, unknown>,
): Promise<boolean> {
  let decision: Decision;
  try {
    decision = await decideEligibility(services, product, task.email, new Date(task.requestedAt));
  } catch (error) {
    if (!(error instanceof ParticleError)) throw error;
    if (error.rateLimited) {
      const seconds = Math.max(error.retryAfterMs ?? 0, RATE_LIMIT_BACKOFF_MS) / 1000;
      decision = { kind: "defer", seconds: Math.ceil(seconds), reason: "particle_backoff" };
    } else if (error.isConfigurationError) {
      log.error("particle.config_error", {
        ...context,
        status: error.status,
        code: error.upstreamCode,
      });
      return false;
    } else {
      log.warn("particle.lookup_failed", { ...context, status: error.status });
      throw new RetryLater(`Particle ${error.status}`);
    }
  }
  if (decision.kind === "defer") {
    await deferDelivery(services, task, decision.seconds, decision.reason, context);
    return false;
  }
  if (decision.kind === "not_eligible") {
    await noteOutcome(services, task, "not_eligible");
    log.info("reset.not_eligible", context);
  }
  return decision.kind === "eligible";
}

/**
 * Hands the task back to the queue to run after `seconds` (a Particle backoff of minutes, or a
 * first sync of a large list), instead of spending the queue's few quick retries.
 */
async function deferDelivery(
  services: Services,
  task: ResetMailTask,
  seconds: number,
  reason: string,
  context: Record<string, unknown>,
): Promise<void> {
  const deferrals = (task.deferrals ?? 0) + 1;
  if (deferrals > MAX_DEFERRALS) {
    await noteOutcome(services, task, "gave_up");
    log.error("reset.gave_up", { ...context, reason, deferrals: task.deferrals });
    return;
  }
  const notBefore = new Date(services.now().getTime() + seconds * 1000).toISOString();
  await services
    .tasks()
    .enqueue("deliverResetMail", { ...task, notBefore, deferrals }, { delaySeconds: seconds });
  log.info("reset.deferred", { ...context, reason, seconds, deferrals });
}

/** The request history for support (tokens/request-history.ts). */
function noteOutcome(services: Services, task: ResetMailTask, outcome: RequestOutcome) {
  // Only called for a product this deployment serves (checked on entry).
  const { eligibility } = findProduct(services.config(), task.productId)!.policy;
  return recordOutcome(services.db(), {
    subjectKey: services.recordKeys().subject(task.productId, task.email, eligibility),
    productId: task.productId,
    requestId: task.requestId,
    requestedAt: new Date(task.requestedAt),
    outcome,
    now: services.now(),
  });
}

function secondsUntil(services: Services, iso: string): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - services.now().getTime()) / 1000));
}

function resetMail(
  product: ProductConfig,
  to: string,
  locale: ReturnType<typeof resolveLocale>,
  resetUrl: string,
): OutgoingMail {
  const { brand } = product;
  const ttlMinutes = Math.round(product.policy.tokenTtlSeconds / 60);
  const envelope = {
    to,
    from: { email: brand.senderEmail, name: brand.senderName },
    replyTo: brand.supportEmail,
    category: "password-reset",
  };
  const input = { brand, locale, email: to, resetUrl, ttlMinutes };
  if (product.templates.reset) {
    return {
      ...envelope,
      templateId: product.templates.reset,
      dynamicTemplateData: resetTemplateData(input),
    };
  }
  return { ...envelope, ...renderResetEmail(input) };
}
