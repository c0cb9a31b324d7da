/**
 * Settings that could leak a secret or break every link are refused at start-up, naming the
 * setting (SECURITY.md, "Configuration that cannot leak or break links").
 */
import { demoSettings, stackPorts } from "../../../dev/demo-config";
import { ConfigError, parseConfig, readRawConfig } from "../../../functions/src/config/config";

const valid = () => demoSettings(stackPorts({}));

function refusal(overrides: Record<string, string>): string {
  try {
    parseConfig({ ...valid(), ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return "accepted";
}

const HTTPS_ONLY = "must be an https URL (http only on localhost / 127.0.0.1 / [::1])";

describe("URLs that carry the token, the API token or the SendGrid key", () => {
  it.each(["PARTICLE_API_URL", "SENDGRID_API_URL", "RESET_PAGE_URL", "PWNED_PASSWORDS_API_URL"])(
    "%s: plain http is refused except on loopback",
    (setting) => {
      expect(refusal({ [setting]: "http://api.example.com" })).toBe(
        `Invalid configuration: ${setting} ${HTTPS_ONLY}`,
      );
      expect(refusal({ [setting]: "http://10.0.0.5:8787" })).toBe(
        `Invalid configuration: ${setting} ${HTTPS_ONLY}`,
      );
      for (const local of ["http://127.0.0.1:8787", "http://localhost:5002", "http://[::1]:8080"]) {
        expect(refusal({ [setting]: local })).toBe("accepted");
      }
      expect(refusal({ [setting]: "https://api.example.com" })).toBe("accepted");
    },
  );

  it.each([
    "https://reset.example.com/reset#",
    "https://reset.example.com/reset#x",
    "https://reset.example.com/reset?utm=1",
    "https://reset.example.com/reset?",
  ])("RESET_PAGE_URL %s is refused: the token is appended as #token=…", (url) => {
    expect(refusal({ RESET_PAGE_URL: url })).toBe(
      "Invalid configuration: RESET_PAGE_URL must not have a query (?) or fragment (#): the token is appended as #token=…",
    );
  });

  it("keeps the reset page URL as given, without a trailing slash", () => {
    const config = parseConfig({ ...valid(), RESET_PAGE_URL: "https://reset.example.com/reset/" });
    expect(config.resetPageUrl).toBe("https://reset.example.com/reset");
  });
});

describe("limits that size counter documents", () => {
  it("caps CLIENT_RATE_LIMIT so a client's counter stays far below Firestore's 1 MiB", () => {
    expect(refusal({ CLIENT_RATE_LIMIT: "1001" })).toBe(
      "Invalid configuration: CLIENT_RATE_LIMIT must be at most 1000",
    );
    expect(refusal({ CLIENT_RATE_LIMIT: "1000" })).toBe("accepted");
    expect(refusal({ EMAIL_RATE_LIMIT: "101" })).toBe(
      "Invalid configuration: EMAIL_RATE_LIMIT must be at most 100",
    );
  });
});

describe("the App Check key set the backend trusts", () => {
  const saved = { ...process.env };
  afterEach(() => (process.env = { ...saved }));

  it("is never a deployed setting: outside the emulator the variable is ignored, so only the Admin SDK (Google's keys) verifies", () => {
    process.env.APP_CHECK_EMULATOR_JWKS_URL = "http://127.0.0.1:9999/v1/jwks";
    delete process.env.FUNCTIONS_EMULATOR;
    expect(readRawConfig().APP_CHECK_EMULATOR_JWKS_URL).toBe("");
    process.env.FUNCTIONS_EMULATOR = "true";
    expect(readRawConfig().APP_CHECK_EMULATOR_JWKS_URL).toBe("http://127.0.0.1:9999/v1/jwks");
  });

  it("is a loopback URL even in the emulator", () => {
    expect(refusal({ APP_CHECK_EMULATOR_JWKS_URL: "https://keys.example.com/jwks" })).toBe(
      "Invalid configuration: APP_CHECK_EMULATOR_JWKS_URL must be a loopback URL (the local App Check stand-in) or empty",
    );
    const deployed: Partial<ReturnType<typeof valid>> = valid();
    delete deployed.APP_CHECK_EMULATOR_JWKS_URL;
    expect(parseConfig(deployed).appCheck.emulatorJwksUrl).toBeNull();
  });
});

describe("the reset page's App Check provider (APP_CHECK_RECAPTCHA_SITE_KEY)", () => {
  const SITE_KEY = "6LcXaBcdEfGhIjKlMnOpQrStUvWxYz0123456789";
  /** A deployment's settings: no stand-in key set. */
  const deployed = (overrides: Record<string, string>) => {
    const raw: Partial<ReturnType<typeof valid>> = { ...valid(), ...overrides };
    delete raw.APP_CHECK_EMULATOR_JWKS_URL;
    return raw;
  };

  it("is required when a deployment enforces App Check, else the reset page could not check a link", () => {
    expect(() => parseConfig(deployed({ ENFORCE_APP_CHECK: "true" }))).toThrow(
      "Invalid configuration: APP_CHECK_RECAPTCHA_SITE_KEY is required when ENFORCE_APP_CHECK is true (the reset page's App Check provider)",
    );
    expect(() =>
      parseConfig(deployed({ ENFORCE_APP_CHECK: "true", APP_CHECK_RECAPTCHA_SITE_KEY: "  " })),
    ).toThrow("APP_CHECK_RECAPTCHA_SITE_KEY is required when ENFORCE_APP_CHECK is true");
    const enforcing = parseConfig(
      deployed({ ENFORCE_APP_CHECK: "true", APP_CHECK_RECAPTCHA_SITE_KEY: SITE_KEY }),
    );
    expect(enforcing.appCheck).toEqual({
      enforced: true,
      emulatorJwksUrl: null,
      recaptchaSiteKey: SITE_KEY,
    });
  });

  it("may stay empty without enforcement, and locally, where the stand-in's debug exchange gives tokens", () => {
    expect(parseConfig(deployed({})).appCheck.recaptchaSiteKey).toBeNull();
    const local = parseConfig({ ...valid(), ENFORCE_APP_CHECK: "true" });
    expect(local.appCheck).toMatchObject({ enforced: true, recaptchaSiteKey: null });
  });

  it("must look like a site key", () => {
    expect(refusal({ APP_CHECK_RECAPTCHA_SITE_KEY: "not a key; script-src *" })).toBe(
      "Invalid configuration: APP_CHECK_RECAPTCHA_SITE_KEY must be a reCAPTCHA Enterprise site key (letters, digits, - and _)",
    );
    expect(refusal({ APP_CHECK_RECAPTCHA_SITE_KEY: SITE_KEY })).toBe("accepted");
  });
});
