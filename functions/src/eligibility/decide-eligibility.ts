import type { ProductConfig } from "../config/config";
import { checkParticleCustomer, type Decision } from "./particle-eligibility";
import { COLLECTIONS } from "../firestore";
import type { Services } from "../services";
import { allowlistKey } from "../privacy/record-key";

/** Who may get a reset mail, per the product's policy. Unknown emails get none. */
export async function decideEligibility(
  services: Services,
  product: ProductConfig,
  email: string,
  requestedAt: Date,
): Promise<Decision> {
  switch (product.policy.eligibility) {
    case "anyone":
      return { kind: "eligible" };
    case "particle":
      return checkParticleCustomer(services, product, email, requestedAt);
    case "allowlist": {
      const entry = await services
        .db()
        .collection(COLLECTIONS.allowlist)
        .doc(allowlistKey(product.productId, email))
        .get();
      return { kind: entry.exists ? "eligible" : "not_eligible" };
    }
  }
}
