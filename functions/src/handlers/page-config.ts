import { pageConfigQuery, type PageConfig } from "../contract/api";
import { findProduct } from "../config/config";
import { ResetError } from "../errors";
import { chooseLocale, getMessages } from "../i18n/messages";
import type { Services } from "../services";
import { parseInput } from "../contract/parse";

/** The reset page's brand, policy and localized strings, from the same model as the email. */
export function pageConfig(services: Services, query: unknown): PageConfig {
  const { locale: requested, productId } = parseInput(pageConfigQuery, query);
  const config = services.config();
  const product = findProduct(config, productId);
  if (!product) {
    throw new ResetError("invalid_argument", "productNotServed", {
      params: { field: "productId" },
    });
  }
  const locale = chooseLocale(requested, product.locale);
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
    appCheck: {
      enforced: config.appCheck.enforced,
      recaptchaSiteKey: config.appCheck.recaptchaSiteKey,
    },
    strings: getMessages(locale).page,
  };
}
