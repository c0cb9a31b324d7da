import { findProduct } from "../config/config";
import { ResetError } from "../errors";
import type { Services } from "../services";
import { INVALID_LINK, verifyToken } from "../tokens/token-store";
import { maskEmail } from "./mask-email";
import { withTokenAttemptLimit } from "./token-attempt";
import { parseInput, requestObject, tokenField } from "./validate";

export const verifySchema = requestObject({ token: tokenField });

export interface VerifyResult {
  email: string;
  productId: string;
  productName: string;
  expiresAt: string;
  locale: string;
  passwordPolicy: { minLength: number; maxLength: number };
}

/** Step 4a: the page checks its link before showing the form. Changes nothing. */
export async function verifyReset(
  services: Services,
  input: unknown,
  clientKey: string,
): Promise<VerifyResult> {
  const { token } = parseInput(verifySchema, input);
  const config = services.config();
  const { record, product } = await withTokenAttemptLimit(services, clientKey, async () => {
    const record = await verifyToken(services.db(), token, services.now());
    const product = findProduct(config, record.productId);
    if (!product) throw new ResetError("token_invalid", INVALID_LINK);
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
