import { generateKeyPairSync } from "node:crypto";
import { generateWebhookKeys } from "../../../dev/sendgrid-events";
import { ConfigError, parseConfig, secretsFrom } from "../../../functions/src/config/config";
import { demoSettings, stackPorts } from "../../../dev/demo-config";
import { failureOf } from "../../support/failure";

const valid = () => demoSettings(stackPorts({}));

const P384_KEY = generateKeyPairSync("ec", { namedCurve: "secp384r1" })
  .publicKey.export({ type: "spki", format: "der" })
  .toString("base64");

describe("parseConfig", () => {
  it("takes SendGrid's Event Webhook key as base64 P-256, and empty as none", () => {
    const { publicKey } = generateWebhookKeys();
    const withKey = parseConfig({ ...valid(), SENDGRID_WEBHOOK_PUBLIC_KEY: publicKey });
    expect(withKey.sendgrid.webhookPublicKey).toBe(publicKey);
    expect(parseConfig(valid()).sendgrid.webhookPublicKey).toBeNull();
  });

  // An RSA key's start, non-base64 and a P-384 key are not SendGrid's Event Webhook key.
  it.each(["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", "not base64!", P384_KEY])(
    "refuses %s as the Event Webhook key",
    (key) => {
      expect(() => parseConfig({ ...valid(), SENDGRID_WEBHOOK_PUBLIC_KEY: key })).toThrow(
        new ConfigError(
          "SENDGRID_WEBHOOK_PUBLIC_KEY",
          "must be the Event Webhook's verification key: base64 of an ECDSA P-256 public key, or empty",
        ),
      );
    },
  );

  it("builds the typed per-product model from the settings", () => {
    const config = parseConfig(valid());
    expect(config.defaultProductId).toBe("12345");
    const product = config.products.get("12345")!;
    expect(product.brand).toMatchObject({
      productName: "Acme Smart Lamp",
      primaryColor: "#00AEEF",
      senderEmail: "no-reply@acme-lamp.example",
      supportEmail: "support@acme-lamp.example",
    });
    expect(product.policy).toEqual({
      tokenTtlSeconds: 1800,
      eligibility: "particle",
      emailRateLimit: { max: 3, windowSeconds: 3600 },
      passwordMinLength: 8,
      passwordMaxLength: 128,
    });
    expect(product.templates).toEqual({ reset: null, changed: null });
    expect(config.clientRateLimit).toEqual({ max: 20, windowSeconds: 600 });
    expect(config.particle.apiUrl).toBe("http://127.0.0.1:8787");
    expect(config.customerMirror).toEqual({
      maxCustomers: 1_000_000,
      fullSyncIntervalSeconds: 48 * 3600,
      refreshIntervalSeconds: 1,
      syncCallsPerMinute: 2000,
    });
  });

  it.each([
    [{ PARTICLE_API_URL: "not a url" }, "PARTICLE_API_URL", "must be an https URL"],
    [
      { PARTICLE_API_URL: "ftp://x.example" },
      "PARTICLE_API_URL",
      "must be an https URL (http only on localhost / 127.0.0.1 / [::1])",
    ],
    [{ BRAND_PRIMARY_COLOR: "blue" }, "BRAND_PRIMARY_COLOR", "must be a hex colour like #00AEEF"],
    [{ MAIL_FROM_EMAIL: "nobody" }, "MAIL_FROM_EMAIL", "must be an email address"],
    [{ TOKEN_TTL_MINUTES: "0" }, "TOKEN_TTL_MINUTES", "must be at least 1"],
    [{ TOKEN_TTL_MINUTES: "2.5" }, "TOKEN_TTL_MINUTES", "must be a whole number"],
    [{ ELIGIBILITY: "everyone" }, "ELIGIBILITY", "must be one of particle, allowlist, anyone"],
    [
      { PARTICLE_PRODUCT_ID: "a/b" },
      "PARTICLE_PRODUCT_ID",
      "must be a Particle product id or slug",
    ],
    [{ BRAND_PRODUCT_NAME: " " }, "BRAND_PRODUCT_NAME", "is not set"],
    // Particle's budget is 10,000 requests per 5 minutes per source IP: the sync may not exceed it.
    [
      { PARTICLE_SYNC_CALLS_PER_MINUTE: "2001" },
      "PARTICLE_SYNC_CALLS_PER_MINUTE",
      "must be at most 2000",
    ],
    [{ CUSTOMER_LIST_MAX: "999" }, "CUSTOMER_LIST_MAX", "must be at least 1000"],
    [{ CUSTOMER_REFRESH_SECONDS: "0" }, "CUSTOMER_REFRESH_SECONDS", "must be at least 1"],
    [{ BRAND_SUPPORT_EMAIL: undefined }, "BRAND_SUPPORT_EMAIL", "is not set"],
    [
      { SENDGRID_TEMPLATE_RESET: "welcome" },
      "SENDGRID_TEMPLATE_RESET",
      "must be a SendGrid dynamic template id (d-…)",
    ],
    [
      { PASSWORD_MIN_LENGTH: "20", PASSWORD_MAX_LENGTH: "12" },
      "PASSWORD_MAX_LENGTH",
      "must not be below PASSWORD_MIN_LENGTH",
    ],
  ])("rejects %j naming the setting", async (overrides, setting, problem) => {
    const error = await failureOf(ConfigError, () => parseConfig({ ...valid(), ...overrides }));
    expect(error.setting).toBe(setting);
    expect(error.message).toBe(`Invalid configuration: ${setting} ${problem}`);
  });

  it("holds no secret: secrets come from a SecretSource, checked when read", () => {
    const config = parseConfig(valid());
    expect(JSON.stringify(config)).not.toContain(valid().PARTICLE_ACCESS_TOKEN);
    expect(config.particle).toEqual({ apiUrl: "http://127.0.0.1:8787" });
    const secret = secretsFrom({ PARTICLE_ACCESS_TOKEN: "tok", SENDGRID_API_KEY: " " });
    expect(secret("PARTICLE_ACCESS_TOKEN")).toBe("tok");
    expect(() => secret("SENDGRID_API_KEY")).toThrow(
      new ConfigError("SENDGRID_API_KEY", "is not set"),
    );
  });
});
