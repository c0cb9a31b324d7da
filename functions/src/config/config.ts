/**
 * The one typed configuration model: app-wide settings plus brand and policy per Particle product,
 * from the params and the products file (several products). Validated once with zod at first
 * use, so a bad value fails with its name; only the file's secret names are read at load time
 * (`particleTokenSecrets`, for index.ts).
 * Secrets are not part of it: each is read only where it is used (`SecretSource`), because a
 * function sees only the secrets it declares, and reading another one logs a warning:
 * https://firebase.google.com/docs/functions/config-env?gen=2nd#secret-manager
 */
import { createPublicKey } from "node:crypto";
import { z } from "zod";
import {
  appLinkProblems,
  appLinkSettings,
  appLinksFrom,
  commaSeparated,
  type AppLinks,
} from "./app-links";
import { SUPPORTED_LOCALES, type Locale } from "../i18n/messages";
import { enforceAppCheck, params, secretParam } from "./params";
import { ConfigError } from "./config-error";
import { readProductsFile } from "./products-file";
import { DEFAULT_PARTICLE_SECRET } from "./token-secrets";

export { DEFAULT_PARTICLE_SECRET, particleTokenSecrets } from "./token-secrets";

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
  /** Another name requests may use for it (Particle's product slug). */
  slug: string | null;
  /** The name of the secret with this product's Particle access token. */
  accessTokenSecret: string;
  /** For requests that name no language we speak. */
  locale: Locale;
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
  /** Slug → product id. */
  slugs: ReadonlyMap<string, string>;
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
    /**
     * APP_CHECK_RECAPTCHA_SITE_KEY: the reset page's web provider (reCAPTCHA Enterprise), told
     * to the page by its page config; null locally, where the stand-in's debug exchange serves.
     */
    recaptchaSiteKey: string | null;
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

export { ConfigError };

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
const originList = commaSeparated
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

const productIdOrSlug = z
  .string({
    error: (issue) =>
      issue.input === undefined ? "is not set" : "must be a Particle product id or slug",
  })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "must be a Particle product id or slug");

/**
 * The settings each product may set for itself in the products file (products-file.ts); the params'
 * values are every product's defaults. Everything else is app-wide (`appFields`).
 */
const productFields = {
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
  PASSWORD_MIN_LENGTH: whole(8, 128),
  PASSWORD_MAX_LENGTH: whole(8, 1024),
  /** The language of a request that names none (no `locale`, no Accept-Language we speak). */
  DEFAULT_LOCALE: z.enum(SUPPORTED_LOCALES, {
    error: `must be one of ${SUPPORTED_LOCALES.join(", ")}`,
  }),
};

const appFields = {
  /** The default product: the one a request without `productId` is for. */
  PARTICLE_PRODUCT_ID: productIdOrSlug,
  PARTICLE_API_URL: secureUrl,
  SENDGRID_API_URL: secureUrl,
  SENDGRID_WEBHOOK_PUBLIC_KEY: webhookKey,
  // The link is `${RESET_PAGE_URL}#token=…`: a query or fragment of its own would break it.
  RESET_PAGE_URL: secureUrl.refine(
    (value) => !/[?#]/.test(value),
    "must not have a query (?) or fragment (#): the token is appended as #token=…",
  ),
  CLIENT_RATE_LIMIT: whole(1, 1_000),
  CLIENT_RATE_WINDOW_MINUTES: whole(1, 24 * 60),
  CUSTOMER_LIST_MAX: whole(1_000, 10_000_000),
  CUSTOMER_SYNC_HOURS: whole(1, 7 * 24),
  CUSTOMER_REFRESH_SECONDS: whole(1, 3600),
  // Particle allows 10,000 requests per 5 minutes per source IP, i.e. 2,000 a minute:
  // https://docs.particle.io/reference/cloud-apis/api/ ("API rate limits")
  PARTICLE_SYNC_CALLS_PER_MINUTE: whole(1, 2_000),
  ...appLinkSettings,
  BREACHED_PASSWORD_CHECK: z.enum(["off", "on"], { error: "must be off or on" }),
  PWNED_PASSWORDS_API_URL: secureUrl,
  TRUSTED_PROXY_HOPS: whole(1, 10),
  ENFORCE_APP_CHECK: flag,
  // A public key (it ships in the page), so a plain param, not a secret.
  APP_CHECK_RECAPTCHA_SITE_KEY: optional.refine(
    (value) => value === null || /^[A-Za-z0-9_-]{20,100}$/.test(value),
    "must be a reCAPTCHA Enterprise site key (letters, digits, - and _)",
  ),
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
};

const LENGTHS_OUT_OF_ORDER = "must not be below PASSWORD_MIN_LENGTH";
const lengthsInOrder = (raw: { PASSWORD_MIN_LENGTH?: number; PASSWORD_MAX_LENGTH?: number }) =>
  raw.PASSWORD_MIN_LENGTH === undefined ||
  raw.PASSWORD_MAX_LENGTH === undefined ||
  raw.PASSWORD_MIN_LENGTH <= raw.PASSWORD_MAX_LENGTH;

const productSchema = z
  .object(productFields)
  .refine(lengthsInOrder, { path: ["PASSWORD_MAX_LENGTH"], message: LENGTHS_OUT_OF_ORDER });
const appSchema = z.object(appFields).superRefine((raw, ctx) => {
  // Enforcing without a web provider would refuse every link check of the reset page. Inside
  // the emulator (a stand-in key set) the page uses the stand-in's debug exchange instead.
  if (
    raw.ENFORCE_APP_CHECK &&
    !raw.APP_CHECK_RECAPTCHA_SITE_KEY &&
    !raw.APP_CHECK_EMULATOR_JWKS_URL
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["APP_CHECK_RECAPTCHA_SITE_KEY"],
      message: "is required when ENFORCE_APP_CHECK is true (the reset page's App Check provider)",
    });
  }
  for (const { setting, message } of appLinkProblems(raw)) {
    ctx.addIssue({ code: "custom", path: [setting], message });
  }
});

export type ProductSettingName = keyof typeof productFields;
export const PRODUCT_SETTINGS = Object.keys(productFields) as ProductSettingName[];
export const APP_SETTINGS = Object.keys(appFields) as Array<keyof typeof appFields>;

export type RawConfig = Record<keyof typeof appFields | ProductSettingName, unknown>;

/** zod's first issue as a ConfigError, its setting named under `prefix` (e.g. `products[6].`). */
function firstIssue(error: z.ZodError, prefix = ""): ConfigError {
  const issue = error.issues[0];
  return new ConfigError(`${prefix}${String(issue.path[0] ?? "configuration")}`, issue.message);
}

/** Settings only the local stack gives; a deployment's settings never list them. */
const NOT_DEPLOYED: ReadonlySet<string> = new Set(["APP_CHECK_EMULATOR_JWKS_URL"]);

/**
 * Pure: validates raw setting values (as strings or numbers) into the typed model. `productsFile`
 * is the parsed products file (products-file.ts); without one, the params describe the one product.
 */
export function parseConfig(raw: Partial<RawConfig>, productsFile?: unknown): AppConfig {
  const missing = [...APP_SETTINGS, ...PRODUCT_SETTINGS].find(
    (name) => raw[name] == null && !NOT_DEPLOYED.has(name),
  );
  if (missing) throw new ConfigError(missing, "is not set");
  const app = appSchema.safeParse(raw);
  if (!app.success) throw firstIssue(app.error);
  const c = app.data;
  const defaults = Object.fromEntries(PRODUCT_SETTINGS.map((name) => [name, raw[name]]));
  // The params' product, then the file's: an entry with the default product's id refines it.
  const entries = parseProductsFile(productsFile);
  const ownEntry = entries.find((entry) => entry.PARTICLE_PRODUCT_ID === c.PARTICLE_PRODUCT_ID);
  const listed = [
    ownEntry ?? { PARTICLE_PRODUCT_ID: c.PARTICLE_PRODUCT_ID },
    ...entries.filter((entry) => entry !== ownEntry),
  ];
  const products = new Map<string, ProductConfig>();
  const slugs = new Map<string, string>();
  for (const entry of listed) {
    const product = toProduct(entry, defaults);
    products.set(product.productId, product);
    if (product.slug) slugs.set(product.slug, product.productId);
  }
  // The file's entries are checked among themselves; the params' product, if it has none, here.
  const holder = slugs.get(c.PARTICLE_PRODUCT_ID);
  if (!ownEntry && holder) {
    throw new ConfigError(
      `products[${holder}].PARTICLE_PRODUCT_SLUG`,
      `"${c.PARTICLE_PRODUCT_ID}" is already product ${c.PARTICLE_PRODUCT_ID}'s id or slug`,
    );
  }
  return {
    defaultProductId: c.PARTICLE_PRODUCT_ID,
    products,
    slugs,
    particle: { apiUrl: c.PARTICLE_API_URL },
    sendgrid: { apiUrl: c.SENDGRID_API_URL, webhookPublicKey: c.SENDGRID_WEBHOOK_PUBLIC_KEY },
    resetPageUrl: c.RESET_PAGE_URL,
    clientRateLimit: { max: c.CLIENT_RATE_LIMIT, windowSeconds: c.CLIENT_RATE_WINDOW_MINUTES * 60 },
    breachedPasswordCheck:
      c.BREACHED_PASSWORD_CHECK === "on" ? { apiUrl: c.PWNED_PASSWORDS_API_URL } : null,
    trustedProxyHops: c.TRUSTED_PROXY_HOPS,
    appCheck: {
      enforced: c.ENFORCE_APP_CHECK,
      emulatorJwksUrl: c.APP_CHECK_EMULATOR_JWKS_URL,
      recaptchaSiteKey: c.APP_CHECK_RECAPTCHA_SITE_KEY,
    },
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

/** One product: its entry's settings over the params' (`defaults`), validated as one. */
function toProduct(entry: ProductEntry, defaults: Record<string, unknown>): ProductConfig {
  const {
    PARTICLE_PRODUCT_ID: productId,
    PARTICLE_PRODUCT_SLUG,
    PARTICLE_ACCESS_TOKEN_SECRET,
  } = entry;
  const set = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
  const result = productSchema.safeParse({ ...defaults, ...set });
  if (!result.success) {
    // Named where the bad value was set: the entry (`products[id].NAME`), or the param it inherits.
    const name = String(result.error.issues[0].path[0]);
    const lengths = name === "PASSWORD_MAX_LENGTH" && Object.hasOwn(set, "PASSWORD_MIN_LENGTH");
    const own = Object.hasOwn(set, name) || lengths;
    throw firstIssue(result.error, own ? `products[${productId}].` : "");
  }
  const c = result.data;
  return {
    productId,
    slug: PARTICLE_PRODUCT_SLUG ?? null,
    accessTokenSecret: PARTICLE_ACCESS_TOKEN_SECRET ?? DEFAULT_PARTICLE_SECRET,
    locale: c.DEFAULT_LOCALE,
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
}

// ---------------------------------------------------------------------------------------------
// The products file: `{ "products": [ { "PARTICLE_PRODUCT_ID": "67890", …settings } ] }`
// ---------------------------------------------------------------------------------------------

/**
 * A secret's name is also the environment variable a function reads it from: the rules
 * firebase-tools applies to such keys (lib/functions/env.js, validateKey), and not one of ours.
 */
const secretName = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9_]{0,254}$/,
    "must be a secret name in capitals, like PARTICLE_ACCESS_TOKEN_WIDGET",
  )
  .refine(
    (name) => !/^(?:X_GOOGLE_|FIREBASE_|EXT_|KIT_)/.test(name),
    "must not start with X_GOOGLE_, FIREBASE_, EXT_ or KIT_ (reserved by Firebase)",
  )
  .refine(
    (name) =>
      name === DEFAULT_PARTICLE_SECRET ||
      !(
        FIXED_SECRETS.includes(name) ||
        (APP_SETTINGS as string[]).includes(name) ||
        name in productFields
      ),
    "must not be the name of another setting or secret",
  );

const productEntry = z.strictObject({
  // JSON numbers welcome: Particle shows product ids as numbers.
  PARTICLE_PRODUCT_ID: z.preprocess(
    (value) => (typeof value === "number" ? String(value) : value),
    productIdOrSlug,
  ),
  /** Requests may name the product by this too (Particle's slug, e.g. "acme-lamp-12345"). */
  PARTICLE_PRODUCT_SLUG: productIdOrSlug.optional(),
  /** The secret holding this product's Particle access token; default PARTICLE_ACCESS_TOKEN. */
  PARTICLE_ACCESS_TOKEN_SECRET: secretName.optional(),
  ...z.object(productFields).partial().shape,
});

export type ProductEntry = z.infer<typeof productEntry>;

const productsFileSchema = z.strictObject({
  products: z.array(z.unknown(), { error: "must be a list of product entries" }),
});

/**
 * The file's entries, each checked on its own (the values it sets, its names): enough for the
 * deploy check, which doesn't know the params' values. `parseConfig` then checks each product
 * as a whole, defaults included. Absent (undefined) means no entries.
 */
export function parseProductsFile(file: unknown): ProductEntry[] {
  if (file === undefined) return [];
  const shape = productsFileSchema.safeParse(file);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    const name = issue.code === "unrecognized_keys" ? issue.keys[0] : issue.path[0];
    throw new ConfigError(
      name === undefined || name === "products" ? "products" : String(name),
      issue.code === "unrecognized_keys"
        ? 'is not part of the products file (it has only "products")'
        : issue.path.length
          ? issue.message
          : 'must be an object like { "products": [ … ] }',
    );
  }
  // Ids and slugs are the names requests use: each may stand for one product only.
  const names = new Map<string, string>();
  return shape.data.products.map((value, index) => {
    const id = (value as { PARTICLE_PRODUCT_ID?: unknown } | null)?.PARTICLE_PRODUCT_ID;
    const label = typeof id === "string" || typeof id === "number" ? String(id) : String(index);
    const entry = productEntry.safeParse(value);
    if (!entry.success) throw entryIssue(entry.error, label);
    const { data } = entry;
    if (names.get(data.PARTICLE_PRODUCT_ID) === data.PARTICLE_PRODUCT_ID) {
      throw new ConfigError(`products[${label}].PARTICLE_PRODUCT_ID`, "is listed twice");
    }
    const slug = data.PARTICLE_PRODUCT_SLUG;
    for (const [setting, name] of [
      ["PARTICLE_PRODUCT_ID", data.PARTICLE_PRODUCT_ID],
      ["PARTICLE_PRODUCT_SLUG", slug],
    ] as const) {
      const holder = name === undefined ? undefined : names.get(name);
      if (holder !== undefined) {
        throw new ConfigError(
          `products[${label}].${setting}`,
          `"${name}" is already product ${holder}'s id or slug`,
        );
      }
    }
    names.set(data.PARTICLE_PRODUCT_ID, data.PARTICLE_PRODUCT_ID);
    if (slug !== undefined) names.set(slug, data.PARTICLE_PRODUCT_ID);
    if (!lengthsInOrder(data)) {
      throw new ConfigError(`products[${label}].PASSWORD_MAX_LENGTH`, LENGTHS_OUT_OF_ORDER);
    }
    return data;
  });
}

function entryIssue(error: z.ZodError, label: string): ConfigError {
  const issue = error.issues[0];
  const prefix = `products[${label}]`;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const appWide = (APP_SETTINGS as string[]).includes(key);
    return new ConfigError(
      `${prefix}.${key}`,
      appWide ? "is app-wide: set it as a param, not per product" : "is not a per-product setting",
    );
  }
  if (issue.path.length === 0) {
    return new ConfigError(prefix, "must be an object of settings");
  }
  return new ConfigError(`${prefix}.${String(issue.path[0])}`, issue.message);
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

/** Validated configuration (params and products file), built on first use and kept per instance. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(readRawConfig(), readProductsFile());
  return cached;
}

export function requireSecret(value: string | null | undefined, name: string): string {
  if (!value) throw new ConfigError(name, "is not set");
  return value;
}

/** The fixed secrets; products may add Particle token secrets of their own (products file). */
export type SecretName = "PARTICLE_ACCESS_TOKEN" | "SENDGRID_API_KEY" | "RECORD_KEY_SECRET";
const FIXED_SECRETS: readonly string[] = [
  "PARTICLE_ACCESS_TOKEN",
  "SENDGRID_API_KEY",
  "RECORD_KEY_SECRET",
] satisfies SecretName[];

/** A secret's value, read when called; throws ConfigError when it is not set. */
export type SecretSource = (name: SecretName | (string & {})) => string;

/** Deployed: the secret param, which only a function that declares it may read (index.ts). */
export const paramSecrets: SecretSource = (name) => requireSecret(secretParam(name).value(), name);

/** Scripts and tests: secrets from a settings map (e.g. the environment). */
export function secretsFrom(values: Partial<Record<string, string | undefined>>): SecretSource {
  return (name) => requireSecret(values[name]?.trim(), name);
}

/**
 * The product a request names by id or slug (or the default one), or null when this deployment
 * doesn't serve it. Always the product's own id in `productId`, whichever name was used.
 */
export function findProduct(config: AppConfig, productId?: string): ProductConfig | null {
  const id = productId ?? config.defaultProductId;
  return config.products.get(id) ?? config.products.get(config.slugs.get(id) ?? "") ?? null;
}
