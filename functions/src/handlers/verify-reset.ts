import { findProduct } from "../config/config";
import { ResetError } from "../errors";
import type { Services } from "../services";
import { verifyToken } from "../tokens/token-store";
import { maskEmail } from "../privacy/mask-email";
import { withTokenAttemptLimit } from "../rate-limit/token-attempt-limit";
import { verifyBody, type VerifyResult } from "../contract/api";
import { parseInput } from "../contract/parse";

/** The page (or the app) checks its link before showing the form. Changes nothing. */
export async function verifyReset(
  services: Services,
  input: unknown,
  clientKey: string,
): Promise<VerifyResult> {
  const { token } = parseInput(verifyBody, input);
  const config = services.config();
  const { record, product } = await withTokenAttemptLimit(services, clientKey, async () => {
    const record = await verifyToken(services.db(), token, services.now());
    const product = findProduct(config, record.productId);
    if (!product) {
      throw new ResetError("token_invalid", "tokenInvalid", { locale: record.locale });
    }
    return { record, product };
  });
  return {
    email: maskEmail(record.email),
    productId: record.productId,
    productName: product.brand.productName,
    expiresAt: record.expiresAt.toISOString(),
    locale: record.locale,
    passwordPolicy: {
      minLength: product.policy.passwordMinLength,
      maxLength: product.policy.passwordMaxLength,
    },
  };
}
