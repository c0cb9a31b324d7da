/**
 * The local demo's configuration: safe demo values that point the functions at the local Particle
 * and SendGrid stand-ins. Any setting can be overridden from the environment (e.g. to try a real
 * SendGrid key locally); the result is validated with the same schema the functions use.
 */
import firebaseJson from "../firebase.json";
import { parseConfig, type RawConfig, type SecretName } from "../functions/src/config/config";
import { MIRROR_DEFAULTS } from "../functions/src/config/params";
import { productsFilePath, readProductsFile } from "../functions/src/config/products-file";

const emulatorDefaults = firebaseJson.emulators as unknown as Record<string, { port?: number }>;

const BASE_PROJECT_ID = "demo-particle-reset";
const EMULATORS = ["hub", "logging", "functions", "firestore", "hosting", "tasks", "eventarc"];

export type StackPorts = ReturnType<typeof stackPorts>;

/**
 * Default ports: firebase.json's emulators, 8787 (Particle), 8788 (SendGrid), 8789 (Pwned
 * Passwords) and 8790 (App Check). STACK_PORT_OFFSET shifts all of them; PARTICLE_PORT /
 * SENDGRID_PORT move those two stand-ins alone.
 */
export function stackPorts(env: NodeJS.ProcessEnv = process.env) {
  const offset = Number(env.STACK_PORT_OFFSET ?? 0);
  // Whole thousands: the default ports sit 100 apart (hub 4400, logging 4500), so smaller steps
  // would hand one stack's port to another.
  if (!Number.isInteger(offset) || offset < 0 || offset > 20_000 || offset % 1000 !== 0) {
    throw new Error("STACK_PORT_OFFSET must be a multiple of 1000 from 0 to 20000");
  }
  const emulators = Object.fromEntries(
    EMULATORS.map((name) => [name, (emulatorDefaults[name]?.port ?? 0) + offset]),
  );
  const ports = {
    /** Added to every default port, so that several stacks can run side by side. */
    offset,
    particle: Number(env.PARTICLE_PORT ?? 8787 + offset),
    sendgrid: Number(env.SENDGRID_PORT ?? 8788 + offset),
    pwnedPasswords: 8789 + offset,
    appCheck: 8790 + offset,
    /** Every Firebase emulator's port, by emulator name as in firebase.json. */
    emulators,
    hosting: emulators.hosting,
    functions: emulators.functions,
    firestore: emulators.firestore,
  };
  const standIns = [ports.particle, ports.sendgrid, ports.pwnedPasswords, ports.appCheck];
  const blocked = [...standIns, ...Object.values(emulators)].find((port) =>
    FETCH_BLOCKED_PORTS.has(port),
  );
  if (blocked) {
    throw new Error(
      `STACK_PORT_OFFSET=${offset} puts a port on ${blocked}, which fetch() refuses to connect to ` +
        "(https://fetch.spec.whatwg.org/#port-blocking): choose another offset",
    );
  }
  return ports;
}

/**
 * Ports that fetch() (Node's, the browsers') never connects to, from the Fetch standard's "bad
 * port" list; within our range only 10080 can be hit (offset 2000 + Firestore's 8080).
 */
const FETCH_BLOCKED_PORTS = new Set([
  1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669,
  6679, 6697, 10080,
]);

/** One demo project per port offset: each stack then reads its own `.env.<project>` file. */
export function projectIdFor(ports: StackPorts): string {
  return ports.offset === 0 ? BASE_PROJECT_ID : `${BASE_PROJECT_ID}-${ports.offset}`;
}

export const DEMO_SECRETS: Record<SecretName | typeof OTHER_WIDGET_SECRET, string> = {
  PARTICLE_ACCESS_TOKEN: "demo-particle-access-token",
  SENDGRID_API_KEY: "SG.demo-sendgrid-api-key",
  // Demo only: a deployment sets its own (`openssl rand -base64 32`), see README.
  RECORD_KEY_SECRET: "demo-record-key-secret-not-for-production",
  // Other Widget's own token: the local Particle server lets it act on product 67890 only.
  PARTICLE_ACCESS_TOKEN_OTHER_WIDGET: "demo-token-other-product",
};

/** The demo Android app's made-up signing-certificate fingerprint. */
export const DEMO_ANDROID_FINGERPRINT =
  "14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5";

/**
 * The demo app as App Check knows it: the landing page's web app id and the debug token the
 * local App Check stand-in has "registered" (a developer registers theirs in the console:
 * https://firebase.google.com/docs/app-check/web/debug-provider).
 */
export const DEMO_APP_CHECK = {
  appId: "1:000000000000:web:demo",
  debugToken: "3c8b0f8e-6a53-4f0e-9d3c-2f1f6c1f5a10",
} as const;

export function demoSettings(
  ports: StackPorts,
): Record<keyof RawConfig | keyof typeof DEMO_SECRETS, string> {
  return {
    ...DEMO_SECRETS,
    PARTICLE_PRODUCT_ID: "12345",
    PARTICLE_API_URL: `http://127.0.0.1:${ports.particle}`,
    SENDGRID_API_URL: `http://127.0.0.1:${ports.sendgrid}`,
    RESET_PAGE_URL: `http://127.0.0.1:${ports.hosting}/reset`,
    MAIL_FROM_EMAIL: "no-reply@acme-lamp.example",
    MAIL_FROM_NAME: "Acme Smart Lamp",
    BRAND_PRODUCT_NAME: "Acme Smart Lamp",
    BRAND_LOGO_URL: `http://127.0.0.1:${ports.hosting}/assets/demo-logo.svg`,
    BRAND_PRIMARY_COLOR: "#00AEEF",
    BRAND_ACCENT_COLOR: "#0B3954",
    BRAND_SUPPORT_EMAIL: "support@acme-lamp.example",
    BRAND_FOOTER: "Acme Lamps Inc., 1 Light Street, Springfield",
    // The stack generates a key pair per run and sets the public half (scripts/stack/run-stack.ts).
    SENDGRID_WEBHOOK_PUBLIC_KEY: "",
    SENDGRID_TEMPLATE_RESET: "",
    SENDGRID_TEMPLATE_CHANGED: "",
    ELIGIBILITY: "particle",
    TOKEN_TTL_MINUTES: "30",
    EMAIL_RATE_LIMIT: "3",
    EMAIL_RATE_WINDOW_MINUTES: "60",
    CLIENT_RATE_LIMIT: "20",
    CLIENT_RATE_WINDOW_MINUTES: "10",
    CUSTOMER_LIST_MAX: String(MIRROR_DEFAULTS.CUSTOMER_LIST_MAX),
    CUSTOMER_SYNC_HOURS: String(MIRROR_DEFAULTS.CUSTOMER_SYNC_HOURS),
    // Deployed default: 90. Locally a new customer is found within a second.
    CUSTOMER_REFRESH_SECONDS: "1",
    // The local Particle server has no rate limit; the real budget is 2,000 a minute.
    PARTICLE_SYNC_CALLS_PER_MINUTE: "2000",
    PASSWORD_MIN_LENGTH: "8",
    PASSWORD_MAX_LENGTH: "128",
    // A demo app (no such app exists), so the stack serves the association files: Hosting at
    // /.well-known/apple-app-site-association and /.well-known/assetlinks.json.
    APPLE_TEAM_ID: "ABCDE12345",
    APPLE_BUNDLE_IDS: "com.example.acmelamp",
    ANDROID_PACKAGE_NAMES: "com.example.acmelamp",
    ANDROID_SHA256_FINGERPRINTS: DEMO_ANDROID_FINGERPRINT,

    // Deployed default: off. The demo checks against the local stand-in (dev/pwned-passwords-api.ts).
    BREACHED_PASSWORD_CHECK: "on",
    PWNED_PASSWORDS_API_URL: `http://127.0.0.1:${ports.pwnedPasswords}`,
    // Deployed default: 2 (Google's front end appends the client's address and its own). The
    // Hosting emulator appends nothing, so locally the caller's right-most X-Forwarded-For entry
    // plays the front end's: tests send `<forged…>, <client>` as production would receive it.
    TRUSTED_PROXY_HOPS: "1",
    // `ENFORCE_APP_CHECK=true npm start` enforces for real, against the local App Check stand-in.
    ENFORCE_APP_CHECK: "false",
    // Locally the pages exchange the stand-in's debug token instead (hosting-src/app-check.ts).
    APP_CHECK_RECAPTCHA_SITE_KEY: "",
    ALLOWED_ORIGINS: `http://127.0.0.1:${ports.hosting},http://localhost:${ports.hosting}`,
    APP_CHECK_EMULATOR_JWKS_URL: `http://127.0.0.1:${ports.appCheck}/v1/jwks`,
    DEFAULT_LOCALE: "en",
  };
}

const OTHER_WIDGET_SECRET = "PARTICLE_ACCESS_TOKEN_OTHER_WIDGET";

/**
 * The demo's products file: Acme Smart Lamp (the params' product, given its slug) and Other
 * Widget, with its own brand, sender, token, language and policy. Written by the stack for the
 * emulator (PRODUCTS_FILE); the repository's functions/products.json is the deployment's own.
 */
export function demoProducts(ports: StackPorts): { products: Array<Record<string, unknown>> } {
  return {
    products: [
      { PARTICLE_PRODUCT_ID: "12345", PARTICLE_PRODUCT_SLUG: "acme-lamp-12345" },
      {
        PARTICLE_PRODUCT_ID: "67890",
        PARTICLE_PRODUCT_SLUG: "other-widget-67890",
        PARTICLE_ACCESS_TOKEN_SECRET: OTHER_WIDGET_SECRET,
        MAIL_FROM_EMAIL: "hello@other-widget.example",
        MAIL_FROM_NAME: "Other Widget",
        BRAND_PRODUCT_NAME: "Other Widget",
        BRAND_LOGO_URL: `http://127.0.0.1:${ports.hosting}/assets/other-widget-logo.svg`,
        BRAND_PRIMARY_COLOR: "#E4572E",
        BRAND_ACCENT_COLOR: "#3B1F2B",
        BRAND_SUPPORT_EMAIL: "help@other-widget.example",
        BRAND_FOOTER: "Other Widget GmbH, 2 Gadget Lane, Berlin",
        DEFAULT_LOCALE: "de",
        TOKEN_TTL_MINUTES: 20,
        EMAIL_RATE_LIMIT: 2,
        PASSWORD_MIN_LENGTH: 10,
      },
    ],
  };
}

/**
 * Demo values overridden by same-named environment variables, validated with the products file
 * the stack will run with (throws ConfigError): the demo's, or PRODUCTS_FILE's if set.
 */
export function resolveSettings(
  ports: StackPorts,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const settings: Record<string, string> = demoSettings(ports);
  for (const name of Object.keys(settings)) {
    const override = env[name];
    if (override !== undefined) settings[name] = override;
  }
  parseConfig(
    settings,
    env.PRODUCTS_FILE ? readProductsFile(productsFilePath(env)) : demoProducts(ports),
  );
  return settings;
}
