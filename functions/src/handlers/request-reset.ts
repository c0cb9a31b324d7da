/**
 * The app (or a web page) asks for a reset. The answer is the same for every email and comes after the
 * same, small amount of work (one rate-limit check and one enqueue): looking the customer
 * up, issuing the token and mailing happen in `deliverResetMail`, off the request path.
 */
import { randomUUID } from "node:crypto";
import { log } from "../log";
import { findProduct } from "../config/config";
import { ResetError } from "../errors";
import { chooseLocale, getMessages } from "../i18n/messages";
import { consumeClientQuota } from "../rate-limit/client-rate-limiter";
import type { Services } from "../services";
import type { ResetMailTask } from "../contract/tasks";
import { requestBody, type RequestAccepted } from "../contract/api";
import { parseInput } from "../contract/parse";

export async function requestReset(
  services: Services,
  input: unknown,
  clientKey: string,
  /** The request's Accept-Language, for a request that names no `locale` of its own. */
  acceptLanguage?: unknown,
): Promise<RequestAccepted> {
  const { email, productId, locale } = parseInput(requestBody, input);
  const config = services.config();
  const product = findProduct(config, productId);
  if (!product) {
    throw new ResetError("invalid_argument", "productNotServed", {
      params: { field: "productId" },
    });
  }

  await consumeClientQuota(
    services.db(),
    services.recordKeys(),
    "request",
    clientKey,
    config.clientRateLimit,
    services.now(),
  );
  const task = {
    requestId: randomUUID(),
    productId: product.productId,
    email,
    // The answer, the mail and later the page all speak the language the request asked for,
    // else the product's own.
    locale: chooseLocale(locale, acceptLanguage, product.locale),
    requestedAt: services.now().toISOString(),
  } satisfies ResetMailTask;
  await services.tasks().enqueue("deliverResetMail", task);
  log.info("reset.requested", { productId: task.productId, requestId: task.requestId });
  // Identical for every email: the wording depends on the requested language only.
  return { ok: true, message: getMessages(task.locale).api.requestAccepted };
}
