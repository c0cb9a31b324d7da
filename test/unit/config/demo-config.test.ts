import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEMO_SECRETS,
  demoProducts,
  projectIdFor,
  resolveSettings,
  stackPorts,
} from "../../../dev/demo-config";
import { DEFAULT_VERIFIED_SENDERS } from "../../../dev/sendgrid-api";
import { ConfigError, parseConfig } from "../../../functions/src/config/config";
import { params } from "../../../functions/src/config/params";

describe("local stack configuration", () => {
  it("uses fixed default ports, shifted as a whole by STACK_PORT_OFFSET", () => {
    const base = stackPorts({});
    expect(base).toMatchObject({
      particle: 8787,
      sendgrid: 8788,
      hosting: 5002,
      functions: 5001,
      firestore: 8080,
    });
    expect(projectIdFor(base)).toBe("demo-particle-reset");
    const shifted = stackPorts({ STACK_PORT_OFFSET: "1000" });
    expect(shifted).toMatchObject({ particle: 9787, hosting: 6002, firestore: 9080 });
    expect(shifted.emulators.hub).toBe(5400);
    expect(projectIdFor(shifted)).toBe("demo-particle-reset-1000");
    expect(() => stackPorts({ STACK_PORT_OFFSET: "-1000" })).toThrow("STACK_PORT_OFFSET must be");
    // 100 would put this stack's hub on the default stack's logging port (4500).
    expect(() => stackPorts({ STACK_PORT_OFFSET: "100" })).toThrow(
      "STACK_PORT_OFFSET must be a multiple of 1000 from 0 to 20000",
    );
    // 2000 would put Firestore on 10080, a port fetch() refuses: the stack would never come up.
    expect(() => stackPorts({ STACK_PORT_OFFSET: "2000" })).toThrow(
      "STACK_PORT_OFFSET=2000 puts a port on 10080, which fetch() refuses to connect to",
    );
    for (let offset = 0; offset <= 20_000; offset += 1000) {
      if (offset !== 2000)
        expect(() => stackPorts({ STACK_PORT_OFFSET: `${offset}` })).not.toThrow();
    }
  });

  it("points the functions at the local stand-ins and takes overrides from the environment", () => {
    const settings = resolveSettings(stackPorts({}), { BRAND_PRIMARY_COLOR: "#E4007C" });
    expect(settings.PARTICLE_API_URL).toBe("http://127.0.0.1:8787");
    expect(settings.SENDGRID_API_URL).toBe("http://127.0.0.1:8788");
    expect(settings.RESET_PAGE_URL).toBe("http://127.0.0.1:5002/reset");
    expect(settings.BRAND_PRIMARY_COLOR).toBe("#E4007C");
  });

  it("gives every declared param a value, so firebase-tools never writes a functions/.env.local that would shadow overrides", () => {
    const settings = resolveSettings(stackPorts({}), {});
    for (const name of [...Object.keys(params), "ENFORCE_APP_CHECK"]) {
      expect(settings).toHaveProperty(name);
    }
  });

  it("takes ENFORCE_APP_CHECK=true from the environment, so `ENFORCE_APP_CHECK=true npm start` enforces", () => {
    const ports = stackPorts({});
    expect(parseConfig(resolveSettings(ports, {})).appCheck).toEqual({
      enforced: false,
      emulatorJwksUrl: "http://127.0.0.1:8790/v1/jwks",
      recaptchaSiteKey: null,
    });
    const enforcing = resolveSettings(ports, { ENFORCE_APP_CHECK: "true" });
    expect(enforcing.ENFORCE_APP_CHECK).toBe("true");
    expect(parseConfig(enforcing).appCheck.enforced).toBe(true);
    expect(() => resolveSettings(ports, { ENFORCE_APP_CHECK: "yes" })).toThrow(
      "ENFORCE_APP_CHECK must be true or false",
    );
  });

  it("lets the local Hosting origin call the callable, and refuses origins with a path or plain http off loopback", () => {
    const ports = stackPorts({ STACK_PORT_OFFSET: "5000" });
    expect(parseConfig(resolveSettings(ports, {})).allowedOrigins).toEqual([
      "http://127.0.0.1:10002",
      "http://localhost:10002",
    ]);
    expect(() => resolveSettings(ports, { ALLOWED_ORIGINS: "https://a.example/reset" })).toThrow(
      "ALLOWED_ORIGINS must list origins like https://app.example.com",
    );
    expect(() => resolveSettings(ports, { ALLOWED_ORIGINS: "http://a.example" })).toThrow(
      "ALLOWED_ORIGINS must list origins",
    );
    expect(parseConfig(resolveSettings(ports, { ALLOWED_ORIGINS: "" })).allowedOrigins).toBeNull();
  });

  it("runs two products with different brands, tokens and languages", () => {
    const settings = resolveSettings(stackPorts({}), {});
    const config = parseConfig(settings, demoProducts(stackPorts({})));
    const [lamp, widget] = [...config.products.values()];
    expect([lamp.productId, lamp.brand.productName, lamp.locale]).toEqual([
      "12345",
      "Acme Smart Lamp",
      "en",
    ]);
    expect([widget.productId, widget.brand.productName, widget.locale]).toEqual([
      "67890",
      "Other Widget",
      "de",
    ]);
    expect(widget.brand.primaryColor).not.toBe(lamp.brand.primaryColor);
    expect(widget.brand.logoUrl).not.toBe(lamp.brand.logoUrl);
    expect(widget.brand.senderEmail).not.toBe(lamp.brand.senderEmail);
    // Each sender is one the local SendGrid accepts, each token one the local Particle knows.
    expect([...DEFAULT_VERIFIED_SENDERS]).toEqual([
      lamp.brand.senderEmail,
      widget.brand.senderEmail,
    ]);
    expect(DEMO_SECRETS[widget.accessTokenSecret as keyof typeof DEMO_SECRETS]).toBe(
      "demo-token-other-product",
    );
  });

  it("stops on a bad products file before anything starts, naming the product and the setting", () => {
    const dir = mkdtempSync(join(tmpdir(), "demo-products-"));
    try {
      const file = join(dir, "products.json");
      writeFileSync(
        file,
        JSON.stringify({ products: [{ PARTICLE_PRODUCT_ID: "67890", TOKEN_TTL_MINUTES: 0 }] }),
      );
      expect(() => resolveSettings(stackPorts({}), { PRODUCTS_FILE: file })).toThrow(
        new ConfigError("products[67890].TOKEN_TTL_MINUTES", "must be at least 1"),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails fast on a bad override, naming the setting", () => {
    expect(() => resolveSettings(stackPorts({}), { TOKEN_TTL_MINUTES: "forever" })).toThrow(
      new ConfigError("TOKEN_TTL_MINUTES", "must be a whole number"),
    );
  });
});
