/** After a successful reset: the "your password was changed" notice, retried like the first mail. */
import { log } from "../log";
import { findProduct } from "../config/config";
import { resolveLocale } from "../i18n/messages";
import { MailError } from "../mail/mailer";
import { changedTemplateData, renderPasswordChangedEmail } from "../mail/render-email";
import type { Services } from "../services";
import { RetryLater, type TaskAttempt } from "../tasks/task";
import { TASK_PAYLOADS } from "../contract/tasks";
import { mailArgs } from "../mail/mail-args";

export async function deliverPasswordChangedMail(
  services: Services,
  payload: unknown,
  { attempt, maxAttempts }: TaskAttempt,
): Promise<void> {
  const parsed = TASK_PAYLOADS.deliverPasswordChangedMail.safeParse(payload);
  const product = parsed.success ? findProduct(services.config(), parsed.data.productId) : null;
  if (!parsed.success || !product) {
    log.error("changed.task_invalid", { attempt });
    return;
  }
  const task = parsed.data;
  const context = { productId: task.productId, attempt };
  const { brand } = product;
  const input = {
    brand,
    locale: resolveLocale(task.locale),
    email: task.email,
    changedAt: new Date(task.changedAt),
  };
  const content = product.templates.changed
    ? { templateId: product.templates.changed, dynamicTemplateData: changedTemplateData(input) }
    : renderPasswordChangedEmail(input);
  try {
    const mailer = await services.mailer();
    await mailer.send({
      to: task.email,
      from: { email: brand.senderEmail, name: brand.senderName },
      replyTo: brand.supportEmail,
      category: "password-changed",
      ...(task.tokenHash ? { customArgs: mailArgs(task.tokenHash, "changed") } : {}),
      ...content,
    });
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    if (!error.retryable || attempt >= maxAttempts) {
      log.error("changed.mail_failed", {
        ...context,
        status: error.status,
        reason: error.reason,
        detail: error.detail,
      });
      return;
    }
    log.warn("changed.mail_retrying", { ...context, status: error.status });
    throw new RetryLater(`SendGrid ${error.status}`);
  }
  log.info("changed.mail_sent", context);
}
