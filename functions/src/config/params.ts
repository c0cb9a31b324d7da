/**
 * Every deploy-time setting, declared once. Firebase prompts for these on `firebase deploy` and the
 * emulator reads them from `functions/.env.local`; `config.ts` validates them at first use.
 */
import { defineBoolean, defineInt, defineSecret, defineString } from "firebase-functions/params";

export const particleAccessToken = defineSecret("PARTICLE_ACCESS_TOKEN");
export const sendgridApiKey = defineSecret("SENDGRID_API_KEY");

export const params = {
  PARTICLE_PRODUCT_ID: defineString("PARTICLE_PRODUCT_ID", {
    description: "Particle product id (number) or slug whose customers this deployment serves",
  }),
  PARTICLE_API_URL: defineString("PARTICLE_API_URL", { default: "https://api.particle.io" }),
  SENDGRID_API_URL: defineString("SENDGRID_API_URL", { default: "https://api.sendgrid.com" }),
  RESET_PAGE_URL: defineString("RESET_PAGE_URL", {
    description: "Public URL of the hosted reset page, e.g. https://my-project.web.app/reset",
  }),
  MAIL_FROM_EMAIL: defineString("MAIL_FROM_EMAIL", {
    description: "Verified SendGrid sender address",
  }),
  MAIL_FROM_NAME: defineString("MAIL_FROM_NAME", { default: "" }),
  BRAND_PRODUCT_NAME: defineString("BRAND_PRODUCT_NAME"),
  BRAND_LOGO_URL: defineString("BRAND_LOGO_URL", { default: "" }),
  BRAND_PRIMARY_COLOR: defineString("BRAND_PRIMARY_COLOR", { default: "#00AEEF" }),
  BRAND_ACCENT_COLOR: defineString("BRAND_ACCENT_COLOR", { default: "#0B3954" }),
  BRAND_SUPPORT_EMAIL: defineString("BRAND_SUPPORT_EMAIL"),
  BRAND_FOOTER: defineString("BRAND_FOOTER", { default: "" }),
  SENDGRID_TEMPLATE_RESET: defineString("SENDGRID_TEMPLATE_RESET", { default: "" }),
  SENDGRID_TEMPLATE_CHANGED: defineString("SENDGRID_TEMPLATE_CHANGED", { default: "" }),
  ELIGIBILITY: defineString("ELIGIBILITY", {
    default: "particle",
    description: "Who gets a reset mail: particle (listed customers), allowlist, or anyone",
  }),
  TOKEN_TTL_MINUTES: defineInt("TOKEN_TTL_MINUTES", { default: 30 }),
  EMAIL_RATE_LIMIT: defineInt("EMAIL_RATE_LIMIT", { default: 3 }),
  EMAIL_RATE_WINDOW_MINUTES: defineInt("EMAIL_RATE_WINDOW_MINUTES", { default: 60 }),
  CLIENT_RATE_LIMIT: defineInt("CLIENT_RATE_LIMIT", { default: 20 }),
  CLIENT_RATE_WINDOW_MINUTES: defineInt("CLIENT_RATE_WINDOW_MINUTES", { default: 10 }),
  CUSTOMER_LIST_MAX: defineInt("CUSTOMER_LIST_MAX", {
    default: 1_000_000,
    description: "ELIGIBILITY=particle: most customers mirrored per product (more logs an error)",
  }),
  CUSTOMER_SYNC_HOURS: defineInt("CUSTOMER_SYNC_HOURS", { default: 24 }),
  CUSTOMER_REFRESH_SECONDS: defineInt("CUSTOMER_REFRESH_SECONDS", { default: 10 }),
  PARTICLE_SYNC_CALLS_PER_MINUTE: defineInt("PARTICLE_SYNC_CALLS_PER_MINUTE", { default: 400 }),
  PASSWORD_MIN_LENGTH: defineInt("PASSWORD_MIN_LENGTH", { default: 8 }),
  PASSWORD_MAX_LENGTH: defineInt("PASSWORD_MAX_LENGTH", { default: 128 }),
};

/** Read at definition time by the callable's options, so it must stay a param expression. */
export const enforceAppCheck = defineBoolean("ENFORCE_APP_CHECK", { default: false });

export type ParamName = keyof typeof params;
