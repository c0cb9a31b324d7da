/**
 * `npm run check-config`: checks a configuration against the real services before a deploy.
 * Settings come from the environment and an optional env file (the `functions/.env.<project>`
 * that `firebase deploy` writes); the three secrets from the environment. Nothing is changed:
 * Particle's update permission is probed on an address that can't exist, SendGrid's key with a
 * sandbox-mode send (validated, never delivered), and the sender against SendGrid's lists of
 * verified senders and authenticated domains. Each line is ✔ ok, ⚠ warn (could not be checked,
 * or fine but worth knowing) or ✘ fail; only failures make the command fail. IAM: check-iam.ts.
 */
import { randomBytes } from "node:crypto";
import { recordKeys } from "../functions/src/privacy/record-key";
import { readFileSync } from "node:fs";
import {
  ConfigError,
  parseConfig,
  secretsFrom,
  type AppConfig,
  type CustomerMirrorPolicy,
  type ProductConfig,
  type SecretSource,
} from "../functions/src/config/config";
import { PER_PAGE } from "../functions/src/eligibility/particle-eligibility";
import { productsFilePath, readProductsFile } from "../functions/src/config/products-file";
import { checkIam } from "./check-iam";
import { fetchWithTimeout } from "../functions/src/outbound/http-retry";
import { createSendgridMailer, MailError } from "../functions/src/mail/mailer";
import {
  createParticleClient,
  ParticleError,
  type ParticleClient,
} from "../functions/src/particle/particle-client";

export type CheckStatus = "ok" | "warn" | "fail";

export interface CheckResult {
  check: string;
  status: CheckStatus;
  detail: string;
}

/** `NAME=value` lines, `#` comments, optional quotes: the dotenv subset Firebase writes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    const raw = match[2];
    values[match[1]] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return values;
}

function particleProblem(error: unknown, what: string): string {
  if (!(error instanceof ParticleError)) return `${what}: ${(error as Error).message}`;
  if (error.upstreamCode === "unexpected_response") {
    return `${what}: ${error.upstreamError} (expected {customers: [{username, …}], meta: {total_pages}})`;
  }
  if (error.status === 400 && error.isConfigurationError) {
    return `${what}: the API user lacks the permission (400 unauthorized)`;
  }
  const meaning: Record<number, string> = {
    0: "Particle API unreachable",
    401: "the access token is invalid or expired",
    403: "the access token lacks the permission",
    404: "product not found",
    429: "rate limited by Particle (10,000 requests per 5 minutes per IP); try again later",
  };
  return `${what}: ${meaning[error.status] ?? `HTTP ${error.status} (${error.upstreamError})`}`;
}

/** One line of the Particle report; `stop` skips the product's remaining checks. */
type ParticleOutcome = CheckResult & { stop?: boolean };

interface ParticleCheckContext {
  client: ParticleClient;
  product: ProductConfig;
  mirror: CustomerMirrorPolicy;
}

/** A per-product Particle check; null when it does not apply to this product. */
type ParticleCheck = (context: ParticleCheckContext) => Promise<ParticleOutcome | null>;

/**
 * Reading the product only names it in the report. A least-privilege API user may not read it
 * (400 unauthorized or 403): a warning, and the checks that matter still run.
 */
const checkProductRead: ParticleCheck = async ({ client, product }) => {
  const check = `Particle product ${product.productId}`;
  try {
    const found = await client.getProduct(product.productId);
    return { check, status: "ok", detail: `"${found.name}"` };
  } catch (error) {
    if (error instanceof ParticleError && error.isConfigurationError && error.status !== 401) {
      const detail =
        "the token cannot read the product (fine for a least-privilege API user); " +
        "the customer checks below still run";
      return { check, status: "warn", detail };
    }
    return { check, status: "fail", detail: particleProblem(error, "GET product"), stop: true };
  }
};

/** The list the `particle` eligibility pages through, in the shape the client expects. */
const checkCustomerList: ParticleCheck = async ({ client, product }) => {
  if (product.policy.eligibility !== "particle") return null;
  const check = `customers:list on ${product.productId}`;
  try {
    // The client refuses a page that is not the documented shape (ParticleError, 200).
    await client.listCustomerEmails(product.productId, 1, 1);
    return { check, status: "ok", detail: "allowed, in the documented shape" };
  } catch (error) {
    return { check, status: "fail", detail: particleProblem(error, "list customers") };
  }
};

/**
 * The list's size against the mirror's bound (docs/eligibility.md): at one customer per page,
 * `total_pages` is the number of customers. Too many is a failure: customers past the bound
 * would get no mail (the sync logs `eligibility.list_too_large` too).
 */
const checkCustomerListSize: ParticleCheck = async ({ client, product, mirror }) => {
  if (product.policy.eligibility !== "particle") return null;
  const check = `customer list size of ${product.productId}`;
  try {
    const customers = (await client.listCustomerEmails(product.productId, 1, 1)).totalPages;
    const count = customers.toLocaleString("en-US");
    const bound = mirror.maxCustomers.toLocaleString("en-US");
    if (customers > mirror.maxCustomers) {
      const detail = `${count} customers, above CUSTOMER_LIST_MAX (${bound}): customers past it get no mail`;
      return { check, status: "fail", detail };
    }
    const syncMinutes = Math.ceil(customers / PER_PAGE / mirror.syncCallsPerMinute);
    const detail = `${count} customers (CUSTOMER_LIST_MAX ${bound}); a full sync takes about ${syncMinutes} min`;
    return { check, status: "ok", detail };
  } catch (error) {
    return { check, status: "fail", detail: particleProblem(error, "list customers") };
  }
};

/** A 404 for an address that cannot exist proves the token may update customers. */
const checkCustomerUpdate: ParticleCheck = async ({ client, product }) => {
  const check = `customers:update on ${product.productId}`;
  const probe = `config-check-${randomBytes(6).toString("hex")}@example.invalid`;
  try {
    await client.setCustomerPassword(
      product.productId,
      probe,
      randomBytes(24).toString("base64url"),
    );
    return { check, status: "fail", detail: "probe address unexpectedly exists" };
  } catch (error) {
    const allowed = error instanceof ParticleError && error.status === 404;
    return allowed
      ? { check, status: "ok", detail: "allowed" }
      : { check, status: "fail", detail: particleProblem(error, "update customer") };
  }
};

/** In order; add a check here to add a line per product. */
export const PARTICLE_CHECKS: ParticleCheck[] = [
  checkProductRead,
  checkCustomerList,
  checkCustomerListSize,
  checkCustomerUpdate,
];

async function checkParticle(config: AppConfig, secret: SecretSource): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const product of config.products.values()) {
    // Each product with its own token (products file), or the shared one.
    const accessToken = secret(product.accessTokenSecret);
    const client = createParticleClient({ apiUrl: config.particle.apiUrl, accessToken });
    for (const run of PARTICLE_CHECKS) {
      const outcome = await run({ client, product, mirror: config.customerMirror });
      if (!outcome) continue;
      const { stop, ...result } = outcome;
      results.push(result);
      if (stop) break;
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// SendGrid
// ---------------------------------------------------------------------------------------------

type Listing<T> = { ok: true; items: T[] } | { ok: false; why: string };

/** A read-only SendGrid API call; the key goes in the header only and is never echoed. */
async function sendgridGet<T>(apiUrl: string, apiKey: string, path: string): Promise<Listing<T>> {
  let response: Response;
  try {
    response = await fetchWithTimeout(
      `${apiUrl}${path}`,
      { headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" } },
      10_000,
    );
  } catch {
    return { ok: false, why: "SendGrid unreachable" };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401) return { ok: false, why: "API key invalid" };
  if (response.status === 403) return { ok: false, why: "the key may not read it" };
  if (!response.ok) return { ok: false, why: `HTTP ${response.status}` };
  const items = Array.isArray(body)
    ? body
    : body && typeof body === "object" && Array.isArray((body as { results?: unknown }).results)
      ? (body as { results: unknown[] }).results
      : null;
  return items ? { ok: true, items: items as T[] } : { ok: false, why: "unexpected response" };
}

interface SenderRecords {
  /** https://www.twilio.com/docs/sendgrid/api-reference/sender-verification/get-all-verified-senders */
  senders: Listing<{ from_email?: unknown; verified?: unknown }>;
  /** https://www.twilio.com/docs/sendgrid/api-reference/domain-authentication/list-all-authenticated-domains */
  domains: Listing<{ domain?: unknown; valid?: unknown }>;
}

/**
 * A sandbox send proves the key may send, not that the sender is allowed: sandbox mode checks
 * the request's shape only (https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sandbox-mode).
 * So the sender is looked up among the verified Single Senders and the authenticated domains
 * (https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sender-identity); when the
 * key may read neither (a Mail Send-only key), it could not be checked: a warning, not a pass.
 */
function senderResult(email: string, records: SenderRecords): CheckResult {
  const check = `SendGrid sender ${email}`;
  const wanted = email.toLowerCase();
  const domain = wanted.slice(wanted.lastIndexOf("@") + 1);
  const { senders, domains } = records;
  if (senders.ok) {
    const match = senders.items.find((s) => String(s.from_email).toLowerCase() === wanted);
    if (match?.verified === true) {
      return { check, status: "ok", detail: "a verified Single Sender" };
    }
  }
  if (domains.ok) {
    const match = domains.items.find((d) => {
      const name = String(d.domain).toLowerCase();
      return d.valid === true && (domain === name || domain.endsWith(`.${name}`));
    });
    if (match)
      return { check, status: "ok", detail: `in authenticated domain ${String(match.domain)}` };
  }
  if (senders.ok && domains.ok) {
    const pending = senders.items.some((s) => String(s.from_email).toLowerCase() === wanted);
    const detail = pending
      ? "a Single Sender that has not completed verification; SendGrid will refuse it (403, from)"
      : "neither a verified Single Sender nor in an authenticated domain; SendGrid will refuse it (403, from)";
    return { check, status: "fail", detail };
  }
  const why = [
    senders.ok ? null : `verified senders: ${senders.why}`,
    domains.ok ? null : `authenticated domains: ${domains.why}`,
  ].filter(Boolean);
  return {
    check,
    status: "warn",
    detail: `could not be checked (${why.join("; ")}); confirm it under Sender Authentication in SendGrid`,
  };
}

function mailSendProblem(error: MailError, senderEmail: string): string {
  switch (error.reason) {
    case "unreachable":
      return "SendGrid unreachable";
    case "key_invalid":
      return "API key invalid";
    case "key_lacks_permission":
      return "API key lacks Mail Send";
    case "sender_not_verified":
      return `sender ${senderEmail} is not a verified Sender Identity`;
    default:
      return `HTTP ${error.status}: ${error.detail}`;
  }
}

async function checkSendgrid(config: AppConfig, secret: SecretSource): Promise<CheckResult[]> {
  const apiKey = secret("SENDGRID_API_KEY");
  const { apiUrl } = config.sendgrid;
  const mailer = await createSendgridMailer({ apiUrl, apiKey });
  const records: SenderRecords = {
    senders: await sendgridGet(apiUrl, apiKey, "/v3/verified_senders"),
    domains: await sendgridGet(apiUrl, apiKey, "/v3/whitelabel/domains"),
  };
  const results: CheckResult[] = [];
  for (const { brand, productId } of config.products.values()) {
    const check = `SendGrid Mail Send for product ${productId}`;
    try {
      await mailer.send({
        to: brand.supportEmail,
        from: { email: brand.senderEmail, name: brand.senderName },
        category: "config-check",
        sandbox: true,
        subject: `Configuration check for ${brand.productName}`,
        text: "Sandbox mode: SendGrid validates this message and delivers nothing.",
        html: "<p>Sandbox mode: SendGrid validates this message and delivers nothing.</p>",
      });
      results.push({ check, status: "ok", detail: "the key may send (sandbox send accepted)" });
    } catch (error) {
      const detail =
        error instanceof MailError
          ? mailSendProblem(error, brand.senderEmail)
          : (error as Error).message;
      results.push({ check, status: "fail", detail });
    }
    results.push(senderResult(brand.senderEmail, records));
  }
  return results;
}

export async function checkConfig(
  settings: Record<string, string | undefined>,
): Promise<CheckResult[]> {
  let config: AppConfig;
  const secret = secretsFrom(settings);
  try {
    config = parseConfig(settings, readProductsFile(productsFilePath(settings)));
    for (const product of config.products.values()) secret(product.accessTokenSecret);
    secret("SENDGRID_API_KEY");
    recordKeys(secret("RECORD_KEY_SECRET")); // set, and long enough
  } catch (error) {
    if (error instanceof ConfigError)
      return [{ check: "settings", status: "fail", detail: error.message }];
    throw error;
  }
  const results: CheckResult[] = [{ check: "settings", status: "ok", detail: "all valid" }];
  results.push(...(await checkParticle(config, secret)), ...(await checkSendgrid(config, secret)));
  return results;
}

async function main(args: string[]): Promise<number> {
  const fileAt = args.indexOf("--env-file");
  const fromFile = fileAt >= 0 ? parseEnvFile(readFileSync(args[fileAt + 1], "utf8")) : {};
  const projectAt = args.indexOf("--project");
  const accountAt = args.indexOf("--service-account");
  const results = [
    ...(await checkConfig({ ...fromFile, ...process.env })),
    ...(await checkIam({
      projectId: projectAt >= 0 ? args[projectAt + 1] : process.env.GOOGLE_CLOUD_PROJECT,
      serviceAccount: accountAt >= 0 ? args[accountAt + 1] : undefined,
    })),
  ];
  const mark = { ok: "✔", warn: "⚠", fail: "✘" } as const;
  for (const { check, status, detail } of results) {
    console.log(`${mark[status]} ${check}: ${detail}`);
  }
  const failed = results.filter((r) => r.status === "fail").length;
  const warned = results.filter((r) => r.status === "warn").length;
  const warnings = warned ? ` ${warned} warning(s): read them before you deploy.` : "";
  console.log(
    failed ? `\n${failed} check(s) failed.${warnings}` : `\nConfiguration looks good.${warnings}`,
  );
  return failed ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
