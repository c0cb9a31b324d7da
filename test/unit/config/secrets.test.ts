/**
 * Deployed, a function sees only the secrets it declares, and firebase-functions logs "No value
 * found for secret parameter" whenever code reads another one. (The Functions emulator mounts
 * every secret of `.secret.local` into every function, so the emulator's log can't show this.)
 * Here the process has every setting but no secret, like `requestPasswordReset` deployed, and
 * firebase-functions' console output is captured: it keeps references to the console methods
 * it finds when loaded, so each test loads the modules afresh after installing the spies.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_SECRETS, demoProducts, demoSettings, stackPorts } from "../../../dev/demo-config";
import type * as ConfigModule from "../../../functions/src/config/config";
import type * as ServicesModule from "../../../functions/src/services";

const SECRET_WARNING = /No value found for secret parameter "(\w+)"/;
const saved = { ...process.env };
let printed: string[];

beforeEach(() => {
  const settings: Record<string, string> = demoSettings(stackPorts({}));
  for (const name of Object.keys(DEMO_SECRETS)) delete settings[name];
  process.env = { ...saved, ...settings };
  for (const name of Object.keys(DEMO_SECRETS)) delete process.env[name];
  printed = [];
  for (const method of ["debug", "info", "log", "warn", "error"] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    });
  }
  jest.resetModules();
});

afterEach(() => {
  process.env = saved;
  jest.restoreAllMocks();
});

/** The secrets firebase-functions warned about, in order (it prints JSON log entries). */
const secretWarnings = () =>
  printed.flatMap((line) => {
    let message = line;
    try {
      message = String((JSON.parse(line) as { message?: unknown }).message);
    } catch {
      // a plain line
    }
    const match = SECRET_WARNING.exec(message);
    return match ? [match[1]] : [];
  });

/** Fresh copies of the modules, which pick up the console spies. */
function load() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    config: require("../../../functions/src/config/config") as typeof ConfigModule,
    services: require("../../../functions/src/services") as typeof ServicesModule,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

describe("secrets are read only where they are used", () => {
  it("building the configuration and the services reads no secret", () => {
    const { config, services } = load();
    expect(config.getConfig().defaultProductId).toBe("12345");
    const built = services.createServices();
    built.config();
    built.tasks();
    expect(secretWarnings()).toEqual([]);
    expect(printed).toEqual([]);
  });

  it("the Particle client reads PARTICLE_ACCESS_TOKEN, and only it, when first made", () => {
    const built = load().services.createServices();
    expect(secretWarnings()).toEqual([]);
    expect(() => built.particle("12345")).toThrow(
      "Invalid configuration: PARTICLE_ACCESS_TOKEN is not set",
    );
    expect(secretWarnings()).toEqual(["PARTICLE_ACCESS_TOKEN"]);

    process.env.PARTICLE_ACCESS_TOKEN = DEMO_SECRETS.PARTICLE_ACCESS_TOKEN;
    printed = [];
    load().services.createServices().particle("12345");
    expect(secretWarnings()).toEqual([]);
  });

  it("a product with its own token secret reads that one, and only it", () => {
    const dir = mkdtempSync(join(tmpdir(), "secrets-"));
    try {
      process.env.PRODUCTS_FILE = join(dir, "products.json");
      writeFileSync(process.env.PRODUCTS_FILE, JSON.stringify(demoProducts(stackPorts({}))));
      const built = load().services.createServices();
      expect(() => built.particle("other-widget-67890")).toThrow(
        "Invalid configuration: PARTICLE_ACCESS_TOKEN_OTHER_WIDGET is not set",
      );
      expect(secretWarnings()).toEqual(["PARTICLE_ACCESS_TOKEN_OTHER_WIDGET"]);
      expect(() => built.particle("99999")).toThrow(
        "Invalid configuration: products[99999] is not configured",
      );

      process.env.PARTICLE_ACCESS_TOKEN_OTHER_WIDGET =
        DEMO_SECRETS.PARTICLE_ACCESS_TOKEN_OTHER_WIDGET;
      printed = [];
      const services = load().services.createServices();
      // One client per product per instance, whichever name the caller used.
      expect(services.particle("67890")).toBe(services.particle("other-widget-67890"));
      expect(secretWarnings()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the mailer reads SENDGRID_API_KEY, and only it, when first made", async () => {
    const built = load().services.createServices();
    await expect(built.mailer()).rejects.toThrow(
      "Invalid configuration: SENDGRID_API_KEY is not set",
    );
    expect(secretWarnings()).toEqual(["SENDGRID_API_KEY"]);

    process.env.SENDGRID_API_KEY = DEMO_SECRETS.SENDGRID_API_KEY;
    printed = [];
    await load().services.createServices().mailer();
    expect(secretWarnings()).toEqual([]);
  });

  it("the record keys read RECORD_KEY_SECRET, and only it, when first made", () => {
    const built = load().services.createServices();
    expect(secretWarnings()).toEqual([]);
    expect(() => built.recordKeys()).toThrow("Invalid configuration: RECORD_KEY_SECRET is not set");
    expect(secretWarnings()).toEqual(["RECORD_KEY_SECRET"]);

    process.env.RECORD_KEY_SECRET = DEMO_SECRETS.RECORD_KEY_SECRET;
    printed = [];
    expect(load().services.createServices().recordKeys().version).toMatch(/^[0-9a-f]{16}$/);
    expect(secretWarnings()).toEqual([]);
  });
});
