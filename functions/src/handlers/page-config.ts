import { z } from "zod";
import { findProduct } from "../config/config";
import { ResetError } from "../errors";
import { getMessages, resolveLocale } from "../i18n/messages";
import type { Services } from "../services";
import { parseInput } from "./validate";

/** Query values are hints from a URL anyone can edit: unknown ones fall back, never fail. */
const pageConfigSchema = z.object({
  locale: z.string().max(100).optional(),
  productId: z.string().max(64).optional(),
});

/** The reset page's brand, policy and localized strings, from the same model as the email. */
export function pageConfig(services: Services, query: unknown) {
  const { locale: requested, productId } = parseInput(pageConfigSchema, query);
  const config = services.config();
  const product = findProduct(config, productId) ?? findProduct(config);
  if (!product) throw new ResetError("not_found", "No product is configured.");
  const locale = resolveLocale(requested);
  const { brand, policy } = product;
  return {
    productId: product.productId,
    locale,
    brand: {
      productName: brand.productName,
      logoUrl: brand.logoUrl,
      primaryColor: brand.primaryColor,
      accentColor: brand.accentColor,
      supportEmail: brand.supportEmail,
    },
    policy: { minLength: policy.passwordMinLength, maxLength: policy.passwordMaxLength },
    strings: getMessages(locale).page,
  };
}
