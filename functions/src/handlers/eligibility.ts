import type { ProductConfig } from "../config/config";
import { COLLECTIONS } from "../firestore";
import type { Services } from "../services";
import { subjectKey } from "../tokens/token";

/** Who may get a reset mail, per the product's policy. Unknown emails get none. */
export async function isEligible(
  services: Services,
  product: ProductConfig,
  email: string,
): Promise<boolean> {
  switch (product.policy.eligibility) {
    case "anyone":
      return true;
    case "particle":
      return services.customers().isCustomer(product.productId, email);
    case "allowlist": {
      const entry = await services
        .db()
        .collection(COLLECTIONS.allowlist)
        .doc(allowlistId(product.productId, email))
        .get();
      return entry.exists;
    }
  }
}

/** Allowlist documents are keyed like the per-email records: by hash, one per product+email. */
export const allowlistId = subjectKey;
