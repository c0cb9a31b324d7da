/**
 * The one typed configuration model: app-wide settings plus brand and policy per Particle product.
 * Validated once with zod at first use (never at import), so a bad value fails with its name.
 * Secrets are not part of it: each is read only where it is used (`SecretSource`), because a
 * function sees only the secrets it declares, and reading another one logs a warning:
 * https://firebase.google.com/docs/functions/config-env?gen=2nd#secret-manager
 */
import { createPublicKey } from "node:crypto";
import { z } from "zod";
import { appLinkProblems, appLinkSettings, appLinksFrom, type AppLinks } from "./app-links";
import {
  enforceAppCheck,
  particleAccessToken,
  params,
  recordKeySecret,
  sendgridApiKey,
} from "./params";

export const ELIGIBILITY_MODES = ["particle", "allowlist", "anyone"] as const;
export type Eligibility = (typeof ELIGIBILITY_MODES)[number];

export interface Brand {
  productName: string;
  logoUrl: string | null;
  primaryColor: string;
  accentColor: string;
  supportEmail: string;
  footer: string;
  senderEmail: string;
  senderName: string;
}

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export interface ProductPolicy {
  tokenTtlSeconds: number;
  eligibility: Eligibility;
  emailRateLimit: RateLimit;
  passwordMinLength: number;
  passwordMaxLength: number;
}

export interface ProductConfig {
  productId: string;
  brand: Brand;
  policy: ProductPolicy;
  /** SendGrid dynamic template ids; null means the built-in templates. */
  templates: { reset: string | null; changed: string | null };
}

/** How the Firestore mirror of Particle's customer list is kept (docs/eligibility.md). */
export interface CustomerMirrorPolicy {
  maxCustomers: number;
  fullSyncIntervalSeconds: number;
  refreshIntervalSeconds: number;
  /** The full sync's share of Particle's 10,000 requests per 5 minutes. */
  syncCallsPerMinute: number;
}

export interface AppConfig {
  defaultProductId: string;
  products: ReadonlyMap<string, ProductConfig>;
  particle: { apiUrl: string };
  /** `webhookPublicKey`: SendGrid's Event Webhook verification key; null refuses every post. */
  sendgrid: { apiUrl: string; webhookPublicKey: string | null };
  resetPageUrl: string;
  clientRateLimit: RateLimit;
  /** Pwned Passwords range API to check new passwords against; null when the check is off. */
  breachedPasswordCheck: { apiUrl: string } | null;
  appCheck: {
    /** ENFORCE_APP_CHECK: the callable and POST request / verify / complete need a token. */
    enforced: boolean;
    /** Inside the emulator only: the local App Check stand-in's key set (app-check/). */
    emulatorJwksUrl: string | null;
  };
  /**
   * Origins whose pages may call the callable (CORS); null means the Hosting site's own,
   * `https://<project>.web.app` and `https://<project>.firebaseapp.com` (http/allowed-origins.ts).
   */
  allowedOrigins: string[] | null;
  /** X-Forwarded-For entries appended by the trusted front end (http/client-address.ts). */
  trustedProxyHops: number;
  /** verify/complete attempts per client: generous for people, useless for guessing tokens. */
  tokenAttemptLimit: RateLimit;
  customerMirror: CustomerMirrorPolicy;
  /** Apps that open the reset link themselves (config/app-links.ts). */
  appLinks: AppLinks;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${setting} ${problem}`);
    this.name = "ConfigError";
  }
}

/** Loopback is the only place a URL may be plain http: the local stand-ins and emulators. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * https, or http on loopback: the Particle token and the SendGrid key travel in these requests'
 * headers, and the reset link carries the token, so none of them may go out in clear.
 */
const secureUrl = z
  .string()
  .url("must be an https URL")
  .refine((value) => {
    if (!URL.canParse(value)) return true; // reported by .url() above
    const { protocol, hostname } = new URL(value);
    return protocol === "https:" || (protocol === "http:" && isLoopback(hostname));
  }, "must be an https URL (http only on localhost / 127.0.0.1 / [::1])")
  .transform((value) => value.replace(/\/+$/, ""));
/** An origin as browsers send it: scheme, host and port only; https except on loopback. */
const origin = z
  .string()
  .trim()
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    const secure =
      url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
    return secure && url.origin === value;
  }, "must list origins like https://app.example.com (https, no path; http only on loopback)");
const originList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(origin).max(50, "must list at most 50 origins"))
  .transform((list) => (list.length === 0 ? null : list));
const flag = z
  .union([z.boolean(), z.enum(["true", "false"])], { error: "must be true or false" })
  .transform((value) => value === true || value === "true");
const hexColor = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, "must be a hex colour like #00AEEF");
const required = z.string().trim().min(1, "is not set");
const optional = z
  .string()
  .trim()
  .transform((value) => value || null);
const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const templateId = optional.refine(
  (value) => value === null || /^d-[0-9a-f]{32}$/.test(value),
  "must be a SendGrid dynamic template id (d-…)",
);

/**
 * The key SendGrid shows for a Signed Event Webhook: an ECDSA P-256 public key as base64 DER
 * (SubjectPublicKeyInfo), what @sendgrid/eventwebhook reads
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features).
 */
function isP256PublicKey(base64: string): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.from(base64, "base64"),
      format: "der",
      type: "spki",
    });
    return key.asymmetricKeyDetails?.namedCurve === "prime256v1";
  } catch {
    return false;
  }
}

const webhookKey = optional.refine(
  (value) => value === null || (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && isP256PublicKey(value)),
  "must be the Event Webhook's verification key: base64 of an ECDSA P-256 public key, or empty",
);

const rawSchema = z
  .object({
    PARTICLE_PRODUCT_ID: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "must be a Particle product id or slug"),
    PARTICLE_API_URL: secureUrl,
    SENDGRID_API_URL: secureUrl,
    // The link is `${RESET_PAGE_URL}#token=…`: a query or fragment of its own would break it.
    RESET_PAGE_URL: secureUrl.refine(
      (value) => !/[?#]/.test(value),
      "must not have a query (?) or fragment (#): the token is appended as #token=…",
    ),
    MAIL_FROM_EMAIL: z.string().trim().email("must be an email address"),
    MAIL_FROM_NAME: z.string().trim().max(100, "must be at most 100 characters"),
    BRAND_PRODUCT_NAME: required.pipe(z.string().max(100, "must be at most 100 characters")),
    BRAND_LOGO_URL: optional.refine(
      (value) => value === null || /^https?:\/\/\S+$/.test(value),
      "must be an http(s) URL or empty",
    ),
    BRAND_PRIMARY_COLOR: hexColor,
    BRAND_ACCENT_COLOR: hexColor,
    BRAND_SUPPORT_EMAIL: z.string().trim().email("must be an email address"),
    BRAND_FOOTER: z.string().trim().max(500, "must be at most 500 characters"),
    SENDGRID_WEBHOOK_PUBLIC_KEY: webhookKey,
    SENDGRID_TEMPLATE_RESET: templateId,
    SENDGRID_TEMPLATE_CHANGED: templateId,
    ELIGIBILITY: z.enum(ELIGIBILITY_MODES, {
      error: `must be one of ${ELIGIBILITY_MODES.join(", ")}`,
    }),
    TOKEN_TTL_MINUTES: whole(1, 24 * 60),
    // Counter documents hold one entry per hit in their window (about 30 bytes each): these caps
    // keep the largest (3 × CLIENT_RATE_LIMIT failed token checks, ~100 kB) far below Firestore's
    // 1 MiB document limit (https://firebase.google.com/docs/firestore/quotas#collections_documents_and_fields).
    EMAIL_RATE_LIMIT: whole(1, 100),
    EMAIL_RATE_WINDOW_MINUTES: whole(1, 7 * 24 * 60),
    CLIENT_RATE_LIMIT: whole(1, 1_000),
    CLIENT_RATE_WINDOW_MINUTES: whole(1, 24 * 60),
    CUSTOMER_LIST_MAX: whole(1_000, 10_000_000),
    CUSTOMER_SYNC_HOURS: whole(1, 7 * 24),
    CUSTOMER_REFRESH_SECONDS: whole(1, 3600),
    // Particle allows 10,000 requests per 5 minutes per source IP, i.e. 2,000 a minute:
    // https://docs.particle.io/reference/cloud-apis/api/ ("API rate limits")
    PARTICLE_SYNC_CALLS_PER_MINUTE: whole(1, 2_000),
    PASSWORD_MIN_LENGTH: whole(8, 128),
    PASSWORD_MAX_LENGTH: whole(8, 1024),
    ...appLinkSettings,
    BREACHED_PASSWORD_CHECK: z.enum(["off", "on"], { error: "must be off or on" }),
    PWNED_PASSWORDS_API_URL: secureUrl,
    TRUSTED_PROXY_HOPS: whole(1, 10),
    ENFORCE_APP_CHECK: flag,
    ALLOWED_ORIGINS: originList,
    // Never a deployed setting: read only inside the emulator (readRawConfig), loopback only.
    APP_CHECK_EMULATOR_JWKS_URL: z
      .string()
      .default("")
      .pipe(optional)
      .refine(
        (value) => value === null || (URL.canParse(value) && isLoopback(new URL(value).hostname)),
        "must be a loopback URL (the local App Check stand-in) or empty",
      ),
  })
  .refine((raw) => raw.PASSWORD_MIN_LENGTH <= raw.PASSWORD_MAX_LENGTH, {
    path: ["PASSWORD_MAX_LENGTH"],
    message: "must not be below PASSWORD_MIN_LENGTH",
  })
  .superRefine((raw, ctx) => {
    for (const { setting, message } of appLinkProblems(raw)) {
      ctx.addIssue({ code: "custom", path: [setting], message });
    }
  });

export type RawConfig = Record<keyof z.input<typeof rawSchema>, unknown>;

/** Settings only the local stack gives; a deployment's settings never list them. */
const NOT_DEPLOYED: ReadonlySet<string> = new Set(["APP_CHECK_EMULATOR_JWKS_URL"]);

/** Pure: validates raw setting values (as strings or numbers) into the typed model. */
export function parseConfig(raw: Partial<RawConfig>): AppConfig {
  const missing = Object.keys(rawSchema.shape).find(
    (name) => raw[name as keyof RawConfig] == null && !NOT_DEPLOYED.has(name),
  );
  if (missing) throw new ConfigError(missing, "is not set");
  const result = rawSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? "configuration"), issue.message);
  }
  const c = result.data;
  const product: ProductConfig = {
    productId: c.PARTICLE_PRODUCT_ID,
    brand: {
      productName: c.BRAND_PRODUCT_NAME,
      logoUrl: c.BRAND_LOGO_URL,
      primaryColor: c.BRAND_PRIMARY_COLOR,
      accentColor: c.BRAND_ACCENT_COLOR,
      supportEmail: c.BRAND_SUPPORT_EMAIL,
      footer: c.BRAND_FOOTER,
      senderEmail: c.MAIL_FROM_EMAIL,
      senderName: c.MAIL_FROM_NAME || c.BRAND_PRODUCT_NAME,
    },
    policy: {
      tokenTtlSeconds: c.TOKEN_TTL_MINUTES * 60,
      eligibility: c.ELIGIBILITY,
      emailRateLimit: { max: c.EMAIL_RATE_LIMIT, windowSeconds: c.EMAIL_RATE_WINDOW_MINUTES * 60 },
      passwordMinLength: c.PASSWORD_MIN_LENGTH,
      passwordMaxLength: c.PASSWORD_MAX_LENGTH,
    },
    templates: { reset: c.SENDGRID_TEMPLATE_RESET, changed: c.SENDGRID_TEMPLATE_CHANGED },
  };
  return {
    defaultProductId: product.productId,
    products: new Map([[product.productId, product]]),
    particle: { apiUrl: c.PARTICLE_API_URL },
    sendgrid: { apiUrl: c.SENDGRID_API_URL, webhookPublicKey: c.SENDGRID_WEBHOOK_PUBLIC_KEY },
    resetPageUrl: c.RESET_PAGE_URL,
    clientRateLimit: { max: c.CLIENT_RATE_LIMIT, windowSeconds: c.CLIENT_RATE_WINDOW_MINUTES * 60 },
    breachedPasswordCheck:
      c.BREACHED_PASSWORD_CHECK === "on" ? { apiUrl: c.PWNED_PASSWORDS_API_URL } : null,
    trustedProxyHops: c.TRUSTED_PROXY_HOPS,
    appCheck: { enforced: c.ENFORCE_APP_CHECK, emulatorJwksUrl: c.APP_CHECK_EMULATOR_JWKS_URL },
    allowedOrigins: c.ALLOWED_ORIGINS,
    tokenAttemptLimit: {
      max: c.CLIENT_RATE_LIMIT * 3,
      windowSeconds: c.CLIENT_RATE_WINDOW_MINUTES * 60,
    },
    customerMirror: {
      maxCustomers: c.CUSTOMER_LIST_MAX,
      fullSyncIntervalSeconds: c.CUSTOMER_SYNC_HOURS * 3600,
      refreshIntervalSeconds: c.CUSTOMER_REFRESH_SECONDS,
      syncCallsPerMinute: c.PARTICLE_SYNC_CALLS_PER_MINUTE,
    },
    appLinks: appLinksFrom(c),
  };
}

/** Reads the (non-secret) params. */
export function readRawConfig(): Partial<RawConfig> {
  const raw: Partial<RawConfig> = {};
  for (const [name, param] of Object.entries(params)) {
    raw[name as keyof RawConfig] = param.value();
  }
  raw.ENFORCE_APP_CHECK = enforceAppCheck.value();
  // Set by the Functions emulator only; a deployment never verifies against anything but Google.
  const emulated = process.env.FUNCTIONS_EMULATOR === "true";
  raw.APP_CHECK_EMULATOR_JWKS_URL = emulated ? (process.env.APP_CHECK_EMULATOR_JWKS_URL ?? "") : "";
  return raw;
}

let cached: AppConfig | undefined;

/** Validated configuration, built on first use and kept for the instance's lifetime. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(readRawConfig());
  return cached;
}

export function requireSecret(value: string | null | undefined, name: string): string {
  if (!value) throw new ConfigError(name, "is not set");
  return value;
}

export type SecretName = "PARTICLE_ACCESS_TOKEN" | "SENDGRID_API_KEY" | "RECORD_KEY_SECRET";

/** A secret's value, read when called; throws ConfigError when it is not set. */
export type SecretSource = (name: SecretName) => string;

const SECRET_PARAMS = {
  PARTICLE_ACCESS_TOKEN: particleAccessToken,
  SENDGRID_API_KEY: sendgridApiKey,
  RECORD_KEY_SECRET: recordKeySecret,
} satisfies Record<SecretName, { value(): string }>;

/** Deployed: the secret param, which only a function that declares it may read (index.ts). */
export const paramSecrets: SecretSource = (name) =>
  requireSecret(SECRET_PARAMS[name].value(), name);

/** Scripts and tests: secrets from a settings map (e.g. the environment). */
export function secretsFrom(values: Partial<Record<string, string | undefined>>): SecretSource {
  return (name) => requireSecret(values[name]?.trim(), name);
}

/** The product a request names (or the default), or null when this deployment doesn't serve it. */
export function findProduct(config: AppConfig, productId?: string): ProductConfig | null {
  return config.products.get(productId ?? config.defaultProductId) ?? null;
}
