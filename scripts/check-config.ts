/**
 * `npm run check-config`: checks a configuration against the real services before a deploy.
 * Settings come from the environment and an optional env file (the `functions/.env.<project>`
 * that `firebase deploy` writes); the two secrets from the environment. Nothing is changed:
 * Particle's update permission is probed on an address that can't exist, and SendGrid's key
 * with a sandbox-mode send, which SendGrid validates but never delivers. IAM: check-iam.ts.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  ConfigError,
  parseConfig,
  secretsFrom,
  type AppConfig,
  type SecretSource,
} from "../functions/src/config/config";
import { createSendgridMailer, MailError } from "../functions/src/mail/mailer";
import { createParticleClient, ParticleError } from "../functions/src/particle/particle-client";
import { checkIam } from "./check-iam";

export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
  /** Could not be checked (e.g. no credentials): not a pass, not a failure either. */
  warning?: boolean;
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
  const meaning: Record<number, string> = {
    0: "Particle API unreachable",
    401: "the access token is invalid or expired",
    403: "the access token lacks the permission",
    404: "product not found",
  };
  return `${what}: ${meaning[error.status] ?? `HTTP ${error.status} (${error.upstreamError})`}`;
}

async function checkParticle(config: AppConfig, secret: SecretSource): Promise<CheckResult[]> {
  const token = secret("PARTICLE_ACCESS_TOKEN");
  const client = createParticleClient({ apiUrl: config.particle.apiUrl, accessToken: token });
  const results: CheckResult[] = [];
  for (const product of config.products.values()) {
    const id = product.productId;
    try {
      const found = await client.getProduct(id);
      results.push({ check: `Particle product ${id}`, ok: true, detail: `"${found.name}"` });
    } catch (error) {
      results.push({
        check: `Particle product ${id}`,
        ok: false,
        detail: particleProblem(error, "GET product"),
      });
      continue;
    }
    if (product.policy.eligibility === "particle") {
      try {
        await client.listCustomerEmails(id, 1, 1);
        results.push({ check: `customers:list on ${id}`, ok: true, detail: "allowed" });
      } catch (error) {
        results.push({
          check: `customers:list on ${id}`,
          ok: false,
          detail: particleProblem(error, "list customers"),
        });
      }
    }
    // A 404 for an address that cannot exist proves the token may update customers.
    const probe = `config-check-${randomBytes(6).toString("hex")}@example.invalid`;
    try {
      await client.setCustomerPassword(id, probe, randomBytes(24).toString("base64url"));
      results.push({
        check: `customers:update on ${id}`,
        ok: false,
        detail: "probe address unexpectedly exists",
      });
    } catch (error) {
      const allowed = error instanceof ParticleError && error.status === 404;
      results.push({
        check: `customers:update on ${id}`,
        ok: allowed,
        detail: allowed ? "allowed" : particleProblem(error, "update customer"),
      });
    }
  }
  return results;
}

async function checkSendgrid(config: AppConfig, secret: SecretSource): Promise<CheckResult[]> {
  const apiKey = secret("SENDGRID_API_KEY");
  const mailer = await createSendgridMailer({ apiUrl: config.sendgrid.apiUrl, apiKey });
  const results: CheckResult[] = [];
  for (const { brand, productId } of config.products.values()) {
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
      results.push({
        check: `SendGrid send as ${brand.senderEmail}`,
        ok: true,
        detail: "key and sender accepted",
      });
    } catch (error) {
      const detail =
        error instanceof MailError
          ? ({ 0: "SendGrid unreachable", 401: "API key invalid", 403: "API key lacks Mail Send" }[
              error.status
            ] ?? `HTTP ${error.status}: ${error.detail}`)
          : (error as Error).message;
      results.push({ check: `SendGrid send for product ${productId}`, ok: false, detail });
    }
  }
  return results;
}

export async function checkConfig(
  settings: Record<string, string | undefined>,
): Promise<CheckResult[]> {
  let config: AppConfig;
  const secret = secretsFrom(settings);
  try {
    config = parseConfig(settings);
    secret("PARTICLE_ACCESS_TOKEN");
    secret("SENDGRID_API_KEY");
  } catch (error) {
    if (error instanceof ConfigError)
      return [{ check: "settings", ok: false, detail: error.message }];
    throw error;
  }
  const results: CheckResult[] = [{ check: "settings", ok: true, detail: "all valid" }];
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
  for (const { check, ok, detail, warning } of results) {
    console.log(`${ok ? "✔" : warning ? "⚠" : "✘"} ${check}: ${detail}`);
  }
  const failed = results.filter((r) => !r.ok && !r.warning).length;
  const notChecked = results.filter((r) => r.warning).length;
  if (failed) console.log(`\n${failed} check(s) failed.`);
  else if (notChecked) console.log(`\nNo failures, but ${notChecked} check(s) could not run.`);
  else console.log("\nConfiguration looks good.");
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
