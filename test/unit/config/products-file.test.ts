/**
 * The products file: several products in one deployment, each entry validated with the params'
 * own per-product schemas, the params' values as every entry's defaults, and every error naming
 * the product and the setting.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoProducts, demoSettings, stackPorts } from "../../../dev/demo-config";
import {
  ConfigError,
  findProduct,
  parseConfig,
  parseProductsFile,
  particleTokenSecrets,
} from "../../../functions/src/config/config";
import {
  productsFilePath,
  readProductsFile,
  REPOSITORY_PRODUCTS_FILE,
} from "../../../functions/src/config/products-file";
import { checkProductsFile } from "../../../scripts/check-products";

const ports = stackPorts({});
const settings = () => demoSettings(ports);
const OTHER = demoProducts(ports).products[1];

/** A products file with one entry for 67890 (the demo's, changed). */
const withOther = (changes: Record<string, unknown>) => ({
  products: [{ ...OTHER, ...changes }],
});

function refusal(file: unknown, overrides: Record<string, string> = {}): string {
  try {
    parseConfig({ ...settings(), ...overrides }, file);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return "accepted";
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "products-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(text: string): string {
  const file = join(dir, `products-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, text);
  return file;
}

describe("the repository's products files", () => {
  it("functions/products.json (what `firebase deploy` ships) is valid", () => {
    const summary = checkProductsFile(REPOSITORY_PRODUCTS_FILE);
    // Served together with the params' product, whatever the file lists.
    expect(() => parseConfig(settings(), readProductsFile(REPOSITORY_PRODUCTS_FILE))).not.toThrow();
    expect(summary.file).toBe(REPOSITORY_PRODUCTS_FILE);
    expect(REPOSITORY_PRODUCTS_FILE.endsWith(join("functions", "products.json"))).toBe(true);
  });

  it("the demo's products file is valid and serves two products", () => {
    const config = parseConfig(settings(), demoProducts(ports));
    expect([...config.products.keys()]).toEqual(["12345", "67890"]);
  });
});

describe("several products", () => {
  const config = () => parseConfig(settings(), demoProducts(ports));

  it("each entry overrides the params' per-product settings and inherits the rest", () => {
    const other = config().products.get("67890")!;
    const lamp = config().products.get("12345")!;
    expect(other.brand).toEqual({
      productName: "Other Widget",
      logoUrl: "http://127.0.0.1:5002/assets/other-widget-logo.svg",
      primaryColor: "#E4572E",
      accentColor: "#3B1F2B",
      supportEmail: "help@other-widget.example",
      footer: "Other Widget GmbH, 2 Gadget Lane, Berlin",
      senderEmail: "hello@other-widget.example",
      senderName: "Other Widget",
    });
    expect(other.policy).toEqual({
      tokenTtlSeconds: 20 * 60,
      eligibility: "particle", // inherited
      emailRateLimit: { max: 2, windowSeconds: 3600 }, // window inherited
      passwordMinLength: 10,
      passwordMaxLength: 128, // inherited
    });
    expect(other.locale).toBe("de");
    expect(other.accessTokenSecret).toBe("PARTICLE_ACCESS_TOKEN_OTHER_WIDGET");
    expect(other.templates).toEqual({ reset: null, changed: null });
    // The params' own product: its entry only adds a slug.
    expect(lamp.brand.productName).toBe("Acme Smart Lamp");
    expect(lamp.locale).toBe("en");
    expect(lamp.accessTokenSecret).toBe("PARTICLE_ACCESS_TOKEN");
    expect(lamp.slug).toBe("acme-lamp-12345");
  });

  it("a request names a product by id or slug; none means the default; others are not served", () => {
    const c = config();
    expect(c.defaultProductId).toBe("12345");
    expect(findProduct(c)?.productId).toBe("12345");
    expect(findProduct(c, "67890")?.productId).toBe("67890");
    expect(findProduct(c, "other-widget-67890")?.productId).toBe("67890");
    expect(findProduct(c, "acme-lamp-12345")?.productId).toBe("12345");
    expect(findProduct(c, "99999")).toBeNull();
    expect(findProduct(c, "Other-Widget-67890")).toBeNull();
  });

  it("no file, or an empty list, is the one-product shorthand of the params", () => {
    for (const file of [undefined, { products: [] }]) {
      const c = parseConfig(settings(), file);
      expect([...c.products.keys()]).toEqual(["12345"]);
      expect(c.products.get("12345")).toMatchObject({
        slug: null,
        accessTokenSecret: "PARTICLE_ACCESS_TOKEN",
        locale: "en",
      });
    }
  });

  it("accepts numbers for ids and numeric settings, as people write JSON", () => {
    const c = parseConfig(settings(), {
      products: [{ PARTICLE_PRODUCT_ID: 67890, BRAND_PRODUCT_NAME: "W", TOKEN_TTL_MINUTES: 15 }],
    });
    expect(c.products.get("67890")?.policy.tokenTtlSeconds).toBe(900);
  });

  it("declares the shared token secret and every product's own, once each", () => {
    const names = (file: unknown) => particleTokenSecrets(file).map((secret) => secret.name);
    expect(names(undefined)).toEqual(["PARTICLE_ACCESS_TOKEN"]);
    expect(names(demoProducts(ports))).toEqual([
      "PARTICLE_ACCESS_TOKEN",
      "PARTICLE_ACCESS_TOKEN_OTHER_WIDGET",
    ]);
    const shared = {
      products: [
        { PARTICLE_PRODUCT_ID: "1", PARTICLE_ACCESS_TOKEN_SECRET: "TOKEN_A" },
        { PARTICLE_PRODUCT_ID: "2", PARTICLE_ACCESS_TOKEN_SECRET: "TOKEN_A" },
        { PARTICLE_PRODUCT_ID: "3", PARTICLE_ACCESS_TOKEN_SECRET: "PARTICLE_ACCESS_TOKEN" },
      ],
    };
    expect(names(shared)).toEqual(["PARTICLE_ACCESS_TOKEN", "TOKEN_A"]);
  });
});

describe("a bad products file is refused, naming the product and the setting", () => {
  it.each<[string, unknown, string]>([
    [
      "a bad colour",
      withOther({ BRAND_PRIMARY_COLOR: "orange" }),
      "products[67890].BRAND_PRIMARY_COLOR must be a hex colour like #00AEEF",
    ],
    [
      "a bad sender",
      withOther({ MAIL_FROM_EMAIL: "widget" }),
      "products[67890].MAIL_FROM_EMAIL must be an email address",
    ],
    [
      "an unknown eligibility",
      withOther({ ELIGIBILITY: "friends" }),
      "products[67890].ELIGIBILITY must be one of particle, allowlist, anyone",
    ],
    [
      "a language we don't speak",
      withOther({ DEFAULT_LOCALE: "it" }),
      "products[67890].DEFAULT_LOCALE must be one of en, de, es, fr",
    ],
    [
      "a limit out of bounds",
      withOther({ EMAIL_RATE_LIMIT: 0 }),
      "products[67890].EMAIL_RATE_LIMIT must be at least 1",
    ],
    [
      "a fractional lifetime",
      withOther({ TOKEN_TTL_MINUTES: "2.5" }),
      "products[67890].TOKEN_TTL_MINUTES must be a whole number",
    ],
    [
      "a template that is no template id",
      withOther({ SENDGRID_TEMPLATE_RESET: "welcome" }),
      "products[67890].SENDGRID_TEMPLATE_RESET must be a SendGrid dynamic template id (d-…)",
    ],
    [
      "lengths out of order within the entry",
      withOther({ PASSWORD_MIN_LENGTH: 30, PASSWORD_MAX_LENGTH: 20 }),
      "products[67890].PASSWORD_MAX_LENGTH must not be below PASSWORD_MIN_LENGTH",
    ],
    [
      "a typo in a setting's name",
      withOther({ BRAND_COLOUR: "#000000" }),
      "products[67890].BRAND_COLOUR is not a per-product setting",
    ],
    [
      "an app-wide setting",
      withOther({ CLIENT_RATE_LIMIT: 5 }),
      "products[67890].CLIENT_RATE_LIMIT is app-wide: set it as a param, not per product",
    ],
    [
      "a bad product id",
      { products: [{ PARTICLE_PRODUCT_ID: "a/b" }] },
      "products[a/b].PARTICLE_PRODUCT_ID must be a Particle product id or slug",
    ],
    [
      "an entry without an id",
      { products: [{ BRAND_PRODUCT_NAME: "Nameless" }] },
      "products[0].PARTICLE_PRODUCT_ID is not set",
    ],
    [
      "an entry that is no object",
      { products: ["67890"] },
      "products[0] must be an object of settings",
    ],
    [
      "a product listed twice",
      { products: [OTHER, OTHER] },
      "products[67890].PARTICLE_PRODUCT_ID is listed twice",
    ],
    [
      "a slug that is another entry's id",
      {
        products: [{ PARTICLE_PRODUCT_ID: "12345" }, { ...OTHER, PARTICLE_PRODUCT_SLUG: "12345" }],
      },
      'products[67890].PARTICLE_PRODUCT_SLUG "12345" is already product 12345\'s id or slug',
    ],
    [
      "a slug another product has",
      {
        products: [
          { PARTICLE_PRODUCT_ID: "12345", PARTICLE_PRODUCT_SLUG: "widget" },
          { ...OTHER, PARTICLE_PRODUCT_SLUG: "widget" },
        ],
      },
      'products[67890].PARTICLE_PRODUCT_SLUG "widget" is already product 12345\'s id or slug',
    ],
    [
      "a secret name in lower case",
      withOther({ PARTICLE_ACCESS_TOKEN_SECRET: "widget-token" }),
      "products[67890].PARTICLE_ACCESS_TOKEN_SECRET must be a secret name in capitals, like PARTICLE_ACCESS_TOKEN_WIDGET",
    ],
    [
      "a secret name Firebase reserves",
      withOther({ PARTICLE_ACCESS_TOKEN_SECRET: "FIREBASE_TOKEN" }),
      "products[67890].PARTICLE_ACCESS_TOKEN_SECRET must not start with X_GOOGLE_, FIREBASE_, EXT_ or KIT_ (reserved by Firebase)",
    ],
    [
      "the SendGrid key as a Particle token",
      withOther({ PARTICLE_ACCESS_TOKEN_SECRET: "SENDGRID_API_KEY" }),
      "products[67890].PARTICLE_ACCESS_TOKEN_SECRET must not be the name of another setting or secret",
    ],
    [
      "the record key as a Particle token",
      withOther({ PARTICLE_ACCESS_TOKEN_SECRET: "RECORD_KEY_SECRET" }),
      "products[67890].PARTICLE_ACCESS_TOKEN_SECRET must not be the name of another setting or secret",
    ],
    ["no products list", { product: [] }, "products must be a list of product entries"],
    [
      "something besides the list",
      { products: [], defaults: {} },
      'defaults is not part of the products file (it has only "products")',
    ],
    [
      "a slug that is the params' product's id",
      withOther({ PARTICLE_PRODUCT_SLUG: "12345" }),
      'products[67890].PARTICLE_PRODUCT_SLUG "12345" is already product 12345\'s id or slug',
    ],
    ["products that are no list", { products: {} }, "products must be a list of product entries"],
    ["a file that is no object", [OTHER], 'products must be an object like { "products": [ … ] }'],
  ])("%s", (what, file, problem) => {
    const expected = `Invalid configuration: ${problem}`;
    expect(refusal(file)).toBe(expected);
    if (problem.startsWith("products") && !what.includes("params' product")) {
      // The deploy check, which sees the file alone, says the same.
      expect(() => parseProductsFile(file)).toThrow(expected);
    }
  });

  it("a minimum above the maximum it inherits is named at the entry", () => {
    expect(refusal(withOther({ PASSWORD_MIN_LENGTH: 100 }), { PASSWORD_MAX_LENGTH: "64" })).toBe(
      "Invalid configuration: products[67890].PASSWORD_MAX_LENGTH must not be below PASSWORD_MIN_LENGTH",
    );
  });

  it("a bad param that an entry inherits is named as the param", () => {
    expect(
      refusal({ products: [{ PARTICLE_PRODUCT_ID: "67890" }] }, { BRAND_FOOTER: "x".repeat(501) }),
    ).toBe("Invalid configuration: BRAND_FOOTER must be at most 500 characters");
  });

  it("a file that is no JSON, or a PRODUCTS_FILE that isn't there, is refused by name", () => {
    const broken = fileWith('{ "products": [ { "PARTICLE_PRODUCT_ID": "67890", } ] }');
    expect(() => readProductsFile(broken)).toThrow(
      new RegExp(`^Invalid configuration: products file ${broken} is not valid JSON \\(`),
    );
    const missing = join(dir, "missing.json");
    expect(productsFilePath({ PRODUCTS_FILE: missing })).toBe(missing);
    expect(() => readProductsFile(missing)).toThrow(
      `Invalid configuration: PRODUCTS_FILE ${missing} cannot be read (ENOENT`,
    );
    expect(readProductsFile(fileWith("  \n"))).toBeUndefined();
  });
});
