import { consumeClientQuota } from "../rate-limit/client-rate-limiter";
import type { Services } from "../services";
import { verifyToken } from "../tokens/token-store";
import { maskEmail } from "./mask-email";
import { parseInput, requestObject, tokenField } from "./validate";

export const verifySchema = requestObject({ token: tokenField });

export interface VerifyResult {
  email: string;
  productId: string;
  expiresAt: string;
  locale: string;
}

/** Step 4a: the page checks its link before showing the form. Changes nothing. */
export async function verifyReset(
  services: Services,
  input: unknown,
  clientKey: string,
): Promise<VerifyResult> {
  const { token } = parseInput(verifySchema, input);
  const config = services.config();
  await consumeClientQuota(
    services.db(),
    "token",
    clientKey,
    config.tokenAttemptLimit,
    services.now(),
  );
  const record = await verifyToken(services.db(), token, services.now());
  return {
    email: maskEmail(record.email),
    productId: record.productId,
    expiresAt: record.expiresAt.toISOString(),
    locale: record.locale,
  };
}
