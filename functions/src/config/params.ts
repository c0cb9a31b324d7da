/**
 * Every deploy-time setting, declared once. Firebase prompts for these on `firebase deploy`; the
 * local stack writes every one of them into the emulator's `functions/.env.<project>`
 * (scripts/stack); `config.ts` validates them at first use.
 */
import { defineBoolean, defineInt, defineSecret, defineString } from "firebase-functions/params";

/**
 * The customer mirror's deployed defaults (docs/eligibility.md, "Bounds"): a refresh at most every
 * 90 s and a full sync every two days keep Particle calls under 0.05 per request at 3,000
 * requests an hour (60 s measured 0.05-0.06); a customer who signed up a moment ago waits at most
 * 90 s for the reset mail, every other customer not at all.
 */
export const MIRROR_DEFAULTS = {
  CUSTOMER_LIST_MAX: 1_000_000,
  CUSTOMER_SYNC_HOURS: 48,
  CUSTOMER_REFRESH_SECONDS: 90,
  PARTICLE_SYNC_CALLS_PER_MINUTE: 400,
} as const;

export const particleAccessToken = defineSecret("PARTICLE_ACCESS_TOKEN");
export const sendgridApiKey = defineSecret("SENDGRID_API_KEY");
/** Keys the per-email, per-client and customer-mirror records (privacy/record-key.ts). */
export const recordKeySecret = defineSecret("RECORD_KEY_SECRET");

type SecretParam = ReturnType<typeof defineSecret>;
const secretParams = new Map<string, SecretParam>(
  [particleAccessToken, sendgridApiKey, recordKeySecret].map((secret) => [secret.name, secret]),
);

/** The secret param of this name, declared once (products may name Particle token secrets). */
export function secretParam(name: string): SecretParam {
  let secret = secretParams.get(name);
  if (!secret) secretParams.set(name, (secret = defineSecret(name)));
  return secret;
}

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
  SENDGRID_WEBHOOK_PUBLIC_KEY: defineString("SENDGRID_WEBHOOK_PUBLIC_KEY", {
    default: "",
    description:
      "The Signed Event Webhook's verification key (base64, from SendGrid's Event Webhook settings); empty refuses every post",
  }),
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
    default: MIRROR_DEFAULTS.CUSTOMER_LIST_MAX,
    description: "ELIGIBILITY=particle: most customers mirrored per product (more logs an error)",
  }),
  CUSTOMER_SYNC_HOURS: defineInt("CUSTOMER_SYNC_HOURS", {
    default: MIRROR_DEFAULTS.CUSTOMER_SYNC_HOURS,
  }),
  CUSTOMER_REFRESH_SECONDS: defineInt("CUSTOMER_REFRESH_SECONDS", {
    default: MIRROR_DEFAULTS.CUSTOMER_REFRESH_SECONDS,
  }),
  PARTICLE_SYNC_CALLS_PER_MINUTE: defineInt("PARTICLE_SYNC_CALLS_PER_MINUTE", {
    default: MIRROR_DEFAULTS.PARTICLE_SYNC_CALLS_PER_MINUTE,
  }),
  PASSWORD_MIN_LENGTH: defineInt("PASSWORD_MIN_LENGTH", { default: 8 }),
  PASSWORD_MAX_LENGTH: defineInt("PASSWORD_MAX_LENGTH", { default: 128 }),
  // The apps that open reset links themselves (config/app-links.ts); empty: the web page only.
  APPLE_TEAM_ID: defineString("APPLE_TEAM_ID", {
    default: "",
    description:
      "Apple Team ID of the iOS app(s) that open reset links (Universal Links), or empty",
  }),
  APPLE_BUNDLE_IDS: defineString("APPLE_BUNDLE_IDS", {
    default: "",
    description: "Comma-separated bundle ids of those iOS apps",
  }),
  ANDROID_PACKAGE_NAMES: defineString("ANDROID_PACKAGE_NAMES", {
    default: "",
    description: "Comma-separated application ids of the Android app(s) that open reset links",
  }),
  ANDROID_SHA256_FINGERPRINTS: defineString("ANDROID_SHA256_FINGERPRINTS", {
    default: "",
    description: "Comma-separated SHA-256 fingerprints of those apps' signing certificates",
  }),
  BREACHED_PASSWORD_CHECK: defineString("BREACHED_PASSWORD_CHECK", {
    default: "off",
    description: "on: refuse passwords found by Have I Been Pwned's Pwned Passwords (k-anonymity)",
  }),
  PWNED_PASSWORDS_API_URL: defineString("PWNED_PASSWORDS_API_URL", {
    default: "https://api.pwnedpasswords.com",
  }),
  ALLOWED_ORIGINS: defineString("ALLOWED_ORIGINS", {
    default: "",
    description:
      "Comma-separated origins whose pages may call the callable; empty = https://<project>.web.app and https://<project>.firebaseapp.com",
  }),
  APP_CHECK_RECAPTCHA_SITE_KEY: defineString("APP_CHECK_RECAPTCHA_SITE_KEY", {
    default: "",
    description:
      "reCAPTCHA Enterprise site key the reset page gets App Check tokens with; required when ENFORCE_APP_CHECK is true",
  }),
  TRUSTED_PROXY_HOPS: defineInt("TRUSTED_PROXY_HOPS", {
    default: 2,
    description:
      "X-Forwarded-For entries the trusted front end appends; the client address is the left-most of them (2 behind Hosting / Cloud Run)",
  }),
  DEFAULT_LOCALE: defineString("DEFAULT_LOCALE", {
    default: "en",
    description: "Language of mails and page when the request names none we speak: en, de, es, fr",
  }),
};

/** Read at definition time by the callable's options, so it must stay a param expression. */
export const enforceAppCheck = defineBoolean("ENFORCE_APP_CHECK", { default: false });

export type ParamName = keyof typeof params;
